//! Action items in every shape teams write them: task lists, bullets, numbered lists and
//! tables under Action items, Follow-ups, Remediation, Next steps, Review actions…, with
//! owner, due date and done/open read from a checkbox, a status column, `(done)`, a ✅,
//! strikethrough, an owner column, `(owner: …)` or an `@team` mention. Pure: no I/O.

use crate::markdown::{collapse, item_text, plain_text};
use crate::model::ActionItem;
use comrak::nodes::{AstNode, NodeValue};

/// Reads the action items of one top-level block of an action items section.
/// `done_by_default` is set under headings like "Immediate actions (completed)".
pub fn read_block<'a>(
    block: &'a AstNode<'a>,
    done_by_default: bool,
    line_of: &dyn Fn(&AstNode<'_>) -> usize,
    out: &mut Vec<ActionItem>,
) {
    match &block.data().value {
        NodeValue::List(_) => read_list(block, done_by_default, line_of, out),
        NodeValue::Table(_) => read_table(block, line_of, out),
        _ => {}
    }
}

/// Every item of a list is an action, except an item that only names a group
/// ("**Short term:**" with a nested list), whose nested items are the actions.
pub fn read_list<'a>(
    list: &'a AstNode<'a>,
    done_by_default: bool,
    line_of: &dyn Fn(&AstNode<'_>) -> usize,
    out: &mut Vec<ActionItem>,
) {
    let mut stack: Vec<(&AstNode<'_>, bool)> = vec![(list, done_by_default)];
    let mut found: Vec<(usize, ActionItem)> = Vec::new();
    while let Some((list, done_default)) = stack.pop() {
        for item in list.children() {
            let text = collapse(&item_text(item));
            let nested: Vec<_> = item.children().filter(|c| matches!(c.data().value, NodeValue::List(_))).collect();
            if text.is_empty() && nested.is_empty() {
                continue;
            }
            // A group names its items: empty, all bold, or a short line ending in a colon.
            let short_label = text.ends_with(':') && text.split_whitespace().count() <= 6;
            let group = !nested.is_empty() && (text.is_empty() || short_label || is_all_strong(item));
            if group {
                let lower = text.to_lowercase();
                let done = done_default || lower.contains("completed") || lower.contains("(done)");
                for list in nested {
                    stack.push((list, done));
                }
                continue;
            }
            let checkbox = match &item.data().value {
                NodeValue::TaskItem(task) => Some(task.symbol.is_some()),
                _ => None,
            };
            let struck = is_all_struck(item);
            let mut action = ActionItem::from_text(&text, checkbox.unwrap_or(false), line_of(item));
            if checkbox.is_none() {
                action.done = done_default || struck || marks_done(&text);
            }
            clean_markers(&mut action);
            if !action.text.is_empty() {
                found.push((line_of(item), action));
            }
        }
    }
    found.sort_by_key(|(line, _)| *line);
    out.extend(found.into_iter().map(|(_, a)| a));
}

/// A table: the columns are found by their headers (action / owner / due / status).
pub fn read_table<'a>(table: &'a AstNode<'a>, line_of: &dyn Fn(&AstNode<'_>) -> usize, out: &mut Vec<ActionItem>) {
    let mut rows = table.children();
    let Some(header) = rows.next() else { return };
    let heads: Vec<String> = header.children().map(|c| collapse(&plain_text(c)).to_lowercase()).collect();
    let find = |words: &[&str]| heads.iter().position(|h| words.iter().any(|w| h.contains(w)));
    let owner = find(&["owner", "assignee", "who", "responsible", "team"]);
    let due = find(&["due", "deadline", "eta", "target", "when"]);
    let status = find(&["status", "state", "done", "progress", "complete"]);
    let text_col = find(&["action", "item", "task", "description", "what", "follow", "remediation", "fix", "title"])
        .or_else(|| {
            (0..heads.len())
                .find(|i| Some(*i) != owner && Some(*i) != due && Some(*i) != status && !heads[*i].starts_with('#'))
        })
        .unwrap_or(0);
    for row in rows {
        let cells: Vec<String> = row.children().map(|c| collapse(&plain_text(c))).collect();
        let Some(text) = cells.get(text_col).filter(|t| !t.is_empty()) else { continue };
        let cell = |col: Option<usize>| col.and_then(|i| cells.get(i)).filter(|c| !c.is_empty() && *c != "-").cloned();
        let struck = row.children().nth(text_col).is_some_and(is_all_struck);
        let mut action = ActionItem::from_text(text, false, line_of(row));
        // Without a status column, a `DONE` or ✅ in any other cell (a bug column) counts.
        let marked_elsewhere = cells
            .iter()
            .enumerate()
            .any(|(i, c)| i != text_col && (c.contains("DONE") || c.contains('✅') || c.contains("[x]")));
        action.done = match cell(status) {
            Some(s) => status_done(&s),
            None => struck || marks_done(text) || marked_elsewhere,
        };
        if let Some(owner) = cell(owner) {
            action.owner = Some(owner);
        }
        if let Some(due) = cell(due) {
            action.due = Some(due);
        }
        clean_markers(&mut action);
        if !action.text.is_empty() {
            out.push(action);
        }
    }
}

/// Whether a status cell says done.
fn status_done(status: &str) -> bool {
    let lower = status.to_lowercase();
    let open = ["not done", "not started", "in progress", "open", "todo", "to do", "pending", "planned", "wip"];
    if open.iter().any(|w| lower.contains(w)) {
        return false;
    }
    ["done", "complete", "closed", "fixed", "resolved", "merged", "shipped", "yes", "✅", "✔", "[x]"]
        .iter()
        .any(|w| lower.contains(w))
}

/// `(done)`, `[done]`, `✅`, `Done:` and the like in an item's text.
fn marks_done(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["(done)", "[done]", "(completed)", "(complete)", "(fixed)", "(resolved)", "(merged)", "(shipped)", "✅", "✔", "☑"]
        .iter()
        .any(|m| lower.contains(m))
        || ["done:", "done -", "done —", "completed:", "complete:"].iter().any(|p| lower.starts_with(p))
}

/// Removes done markers and reads an `@team` owner from the text.
fn clean_markers(action: &mut ActionItem) {
    let mut text = action.text.clone();
    for marker in ["✅", "✔️", "✔", "☑️", "☑", "⬜", "❌", "🔲"] {
        text = text.replace(marker, "");
    }
    for marker in ["(done)", "(Done)", "(DONE)", "[done]", "[Done]", "[DONE]", "(completed)", "(Completed)"] {
        text = text.replace(marker, "");
    }
    for prefix in ["DONE:", "Done:", "Completed:", "TODO:", "Todo:"] {
        if let Some(rest) = text.trim_start().strip_prefix(prefix) {
            text = rest.to_string();
        }
    }
    if action.owner.is_none()
        && let Some(mention) = text.split_whitespace().find(|w| {
            w.starts_with('@') && w.len() > 1 && w[1..].chars().all(|c| c.is_alphanumeric() || "-_/.".contains(c))
        })
    {
        action.owner = Some(mention.trim_end_matches(['.', ',']).to_string());
    }
    action.text = collapse(&text);
}

/// Whether an item's own paragraph is all bold (a group name like "**Short term**").
fn is_all_strong<'a>(item: &'a AstNode<'a>) -> bool {
    only_child_is(item, |v| matches!(v, NodeValue::Strong))
}

/// Whether an item's (or cell's) text is all struck through (`~~Rotate keys~~`): done.
fn is_all_struck<'a>(node: &'a AstNode<'a>) -> bool {
    only_child_is(node, |v| matches!(v, NodeValue::Strikethrough))
}

fn only_child_is<'a>(node: &'a AstNode<'a>, test: impl Fn(&NodeValue) -> bool) -> bool {
    let para = match &node.data().value {
        NodeValue::TableCell => Some(node),
        _ => node.children().find(|c| matches!(c.data().value, NodeValue::Paragraph)),
    };
    let Some(para) = para else { return false };
    let meaningful: Vec<_> = para
        .children()
        .filter(|c| !matches!(&c.data().value, NodeValue::Text(t) if t.trim().trim_end_matches(':').is_empty()))
        .collect();
    meaningful.len() == 1 && test(&meaningful[0].data().value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_table(md: &str) -> Vec<ActionItem> {
        let arena = comrak::Arena::new();
        let root = comrak::parse_document(&arena, md, &crate::markdown::options());
        let mut out = Vec::new();
        for block in root.children() {
            read_block(block, false, &|n| n.data().sourcepos.start.line, &mut out);
        }
        out
    }

    #[test]
    fn tables_by_their_headers() {
        let md = "| Action item | Type | Owner | Bug |\n| --- | --- | --- | --- |\n| Add a canary stage | prevent | @sre | 5554823 **DONE** |\n| Page on 5xx rate | detect | obs | 5554824 |\n";
        let got: Vec<(String, bool, Option<String>)> =
            parse_table(md).into_iter().map(|a| (a.text, a.done, a.owner)).collect();
        assert_eq!(
            got,
            [
                ("Add a canary stage".to_string(), true, Some("@sre".to_string())),
                ("Page on 5xx rate".to_string(), false, Some("obs".to_string())),
            ]
        );
    }

    #[test]
    fn status_words() {
        assert!(status_done("Done ✅"));
        assert!(status_done("Completed"));
        assert!(!status_done("In progress"));
        assert!(!status_done("Not done"));
        assert!(!status_done("Open"));
    }

    #[test]
    fn done_markers_and_mentions() {
        assert!(marks_done("Rotate keys (done)"));
        assert!(marks_done("✅ Reverted the change"));
        assert!(!marks_done("Document the runbook"));
        let mut a = ActionItem::from_text("✅ Add alerting for @sre-team", false, 3);
        clean_markers(&mut a);
        assert_eq!((a.text.as_str(), a.owner.as_deref()), ("Add alerting for @sre-team", Some("@sre-team")));
    }
}
