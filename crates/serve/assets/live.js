// debrief serve: live reload and the error overlay. Served by `debrief serve` only
// (never part of a built site), from a file so the page's Content-Security-Policy
// (script-src 'self', connect-src 'self') allows it; styles are set through the CSSOM,
// which style-src 'self' allows.
const events = new EventSource("/_debrief/events");
// The version of the site this page came from (the script's `?site=` query).
let seen = Number(new URL(import.meta.url).searchParams.get("site") ?? "0");

function overlay(report) {
  let root = document.getElementById("debrief-serve-overlay");
  if (!report) {
    if (root) root.remove();
    return;
  }
  if (!root) {
    root = document.createElement("div");
    root.id = "debrief-serve-overlay";
    root.setAttribute("role", "alertdialog");
    root.setAttribute("aria-label", "Build error");
    Object.assign(root.style, {
      position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto", padding: "2rem",
      background: "rgba(20, 20, 24, 0.94)", color: "#f4f4f5", font: "14px/1.5 ui-monospace, monospace",
    });
    document.body.appendChild(root);
  }
  root.replaceChildren();
  const title = document.createElement("h2");
  title.textContent = "debrief serve: " + report.title;
  Object.assign(title.style, { color: "#fca5a5", font: "bold 18px/1.4 system-ui, sans-serif", margin: "0 0 1rem" });
  root.appendChild(title);
  for (const e of report.errors) {
    const item = document.createElement("section");
    item.className = "debrief-serve-error";
    Object.assign(item.style, { margin: "0 0 1.25rem", padding: "0.75rem 1rem", borderLeft: "4px solid #f87171", background: "#27272a" });
    const where = document.createElement("div");
    where.className = "where";
    where.textContent = e.file ? `${e.file}:${e.line}:${e.column}` : "";
    where.style.color = "#93c5fd";
    const message = document.createElement("div");
    message.className = "message";
    message.textContent = "error: " + e.message;
    message.style.fontWeight = "bold";
    item.append(where, message);
    if (e.source !== null && e.source !== undefined) {
      const source = document.createElement("pre");
      source.className = "source";
      source.textContent = `${String(e.line).padStart(4)} | ${e.source}\n${" ".repeat(4)} | ${" ".repeat(Math.max(0, e.column - 1))}^`;
      Object.assign(source.style, { margin: "0.5rem 0", whiteSpace: "pre-wrap" });
      item.appendChild(source);
    }
    if (e.hint) {
      const hint = document.createElement("div");
      hint.className = "hint";
      hint.textContent = "hint: " + e.hint;
      hint.style.color = "#86efac";
      item.appendChild(hint);
    }
    root.appendChild(item);
  }
}

events.addEventListener("status", (event) => {
  const status = JSON.parse(event.data);
  // Tests and tools can tell the page is listening.
  document.documentElement.setAttribute("data-debrief-serve", "live");
  if (status.site !== seen && !status.error) {
    location.reload();
    return;
  }
  seen = status.site;
  overlay(status.error);
});
