//! `debrief serve`: the site built in memory and served over HTTP (axum on tokio), rebuilt
//! when its inputs change (notify with a debouncer), with live reload and an error overlay.
//!
//! - [`routes`] — URL paths to site files under the base path, content types, the
//!   live-reload script tag (pure).
//! - [`overlay`] — a failed build as the browser's error overlay (JSON).
//! - [`watch`] — which changed paths concern the site (pure).
//!
//! Every build goes through [`debrief_site::build_in_memory`]: the files are those
//! `debrief build` writes, each leak-scanned, and nothing is written to disk (the
//! configured output folder is never touched). A [`debrief_site::memo::Memo`] kept across
//! rebuilds makes a rebuild redo only what an edit touched. A failed rebuild keeps the last
//! good site served and shows the errors in every open page.

pub mod overlay;
pub mod routes;
pub mod watch;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use debrief_site::memo::Memo;
use debrief_site::{BuildOptions, Failure, MemorySite};
use routes::Route;
use serde_json::{Value, json};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// The live-reload and overlay script (`/_debrief/live.js`).
pub const LIVE_JS: &str = include_str!("../assets/live.js");

/// How long the watcher waits for a burst of file events to end before rebuilding.
pub const DEBOUNCE: Duration = Duration::from_millis(15);

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Folder holding `debrief.toml`.
    pub root: PathBuf,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// Show drafts.
    pub drafts: bool,
    /// Open the site in a browser once it is served.
    pub open: bool,
}

/// Why `serve` could not run (content errors are not among them: they are shown while
/// the server runs).
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be listened on.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
    /// The async runtime or the server failed.
    #[error("server: {0}")]
    Server(std::io::Error),
    /// The file watcher could not start.
    #[error("cannot watch the site's files: {0}")]
    Watch(#[from] notify::Error),
}

/// What happened, for the terminal.
#[derive(Debug)]
pub enum Report<'a> {
    /// The server listens at this URL (the site's base path on it).
    Listening(&'a str),
    /// A build succeeded; `changed` says whether the served site changed.
    Built {
        /// The site.
        site: &'a MemorySite,
        /// Whether it differs from the site served before.
        changed: bool,
    },
    /// A build failed; the last good site is still served.
    Failed(&'a Failure),
    /// Stopping (Ctrl-C).
    Stopping,
}

/// The served state, shared by the handlers and the rebuild thread.
struct Shared {
    site: RwLock<Option<Arc<MemorySite>>>,
    status: tokio::sync::watch::Sender<Status>,
}

/// What open pages are told: the version of the last good site, the current error.
#[derive(Debug, Clone, Default)]
struct Status {
    site: u64,
    error: Option<Value>,
    /// What the last successful build redid and reused.
    build: Option<Value>,
    closing: bool,
}

/// The options `serve` builds with: the configured base URL (pages look and link exactly
/// as they will when published), not a preview, drafts when asked for.
pub fn build_options(opts: &ServeOptions) -> BuildOptions {
    BuildOptions { root: opts.root.clone(), drafts: opts.drafts, ..BuildOptions::default() }
}

/// Whether two sites have the same files with the same bytes.
pub fn same_files(a: &MemorySite, b: &MemorySite) -> bool {
    a.base_path == b.base_path
        && a.substitutions == b.substitutions
        && a.files.len() == b.files.len()
        && a.files.iter().zip(&b.files).all(|((pa, ba), (pb, bb))| pa == pb && (Arc::ptr_eq(ba, bb) || ba == bb))
}

/// Builds, serves and rebuilds until Ctrl-C. `report` is told what happens (the CLI prints
/// it).
pub fn run(opts: ServeOptions, report: Arc<dyn Fn(Report<'_>) + Send + Sync>) -> Result<(), ServeError> {
    let build_opts = build_options(&opts);
    let lint_now = debrief_lint_now();
    let mut memo = Memo::new();
    let (status_tx, _) = tokio::sync::watch::channel(Status::default());
    let shared = Arc::new(Shared { site: RwLock::new(None), status: status_tx });
    rebuild(&build_opts, &mut memo, lint_now, &shared, &opts.root, report.as_ref());

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Server)?;
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener =
        runtime.block_on(tokio::net::TcpListener::bind(addr)).map_err(|source| ServeError::Bind { addr, source })?;
    let local = listener.local_addr().map_err(ServeError::Server)?;
    let base_path = shared
        .site
        .read()
        .ok()
        .and_then(|s| s.as_ref().map(|s| s.base_path.clone()))
        .or_else(|| debrief_site::config::load(&opts.root).ok().map(|c| c.base_path))
        .unwrap_or_else(|| "/".to_string());
    let host = match local.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) if ip.is_unspecified() => "[::1]".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let url = format!("http://{host}:{}{base_path}", local.port());
    report(Report::Listening(&url));
    if opts.open {
        open_browser(&url);
    }

    // The watcher: a debounced burst of changes that concern the site → one rebuild.
    let (tx, rx) = std::sync::mpsc::channel();
    let mut debouncer = notify_debouncer_full::new_debouncer(DEBOUNCE, None, tx)?;
    let mut watched: Vec<(PathBuf, bool)> = Vec::new();
    let mut set = watch::WatchSet::of(&opts.root);
    add_watches(&mut |p, m| debouncer.watch(p, m), &set, &mut watched);
    {
        let shared = shared.clone();
        let report = report.clone();
        let root = opts.root.clone();
        std::thread::spawn(move || {
            while let Ok(result) = rx.recv() {
                let Ok(events) = result else { continue };
                // Reads (the build's own) change nothing.
                let concerns = |e: &notify_debouncer_full::DebouncedEvent| {
                    !matches!(e.kind, notify::EventKind::Access(_)) && e.paths.iter().any(|p| set.concerns(p))
                };
                if !events.iter().any(concerns) {
                    continue;
                }
                rebuild(&build_opts, &mut memo, lint_now, &shared, &root, report.as_ref());
                // A changed configuration may name other folders.
                set = watch::WatchSet::of(&root);
                add_watches(&mut |p, m| debouncer.watch(p, m), &set, &mut watched);
            }
        });
    }

    let app = axum::Router::new()
        .route(routes::SCRIPT_URL, axum::routing::get(live_js))
        .route(routes::EVENTS_URL, axum::routing::get(events))
        .route(routes::ERROR_URL, axum::routing::get(error))
        .route(routes::STATUS_URL, axum::routing::get(status))
        .route(routes::FILES_URL, axum::routing::get(files))
        .fallback(file)
        .with_state(shared.clone());
    let stop = {
        let shared = shared.clone();
        let report = report.clone();
        async move {
            shutdown_signal().await;
            report(Report::Stopping);
            // Ends the event streams, so the graceful shutdown does not wait for open pages.
            shared.status.send_modify(|s| s.closing = true);
        }
    };
    runtime
        .block_on(async move { axum::serve(listener, app).with_graceful_shutdown(stop).await })
        .map_err(ServeError::Server)?;
    runtime.shutdown_timeout(Duration::from_secs(1));
    Ok(())
}

/// "Now" for the review lints (`DEBRIEF_NOW` or the clock; a bad value means no lints,
/// `check` reports it).
fn debrief_lint_now() -> Option<debrief_site::pipeline::LintNow> {
    debrief_site::pipeline::lint_now().ok()
}

fn add_watches(
    watch: &mut dyn FnMut(&std::path::Path, notify::RecursiveMode) -> notify::Result<()>,
    set: &watch::WatchSet,
    watched: &mut Vec<(PathBuf, bool)>,
) {
    for (path, recursive) in set.watches() {
        if watched.contains(&(path.clone(), recursive)) || !path.is_dir() {
            continue;
        }
        let mode = if recursive { notify::RecursiveMode::Recursive } else { notify::RecursiveMode::NonRecursive };
        if watch(&path, mode).is_ok() {
            watched.push((path, recursive));
        }
    }
}

/// One build; on success the new site is served (its version moves on only when a file
/// changed), on failure the error is shown and the last good site stays.
fn rebuild(
    opts: &BuildOptions,
    memo: &mut Memo,
    lint_now: Option<debrief_site::pipeline::LintNow>,
    shared: &Shared,
    root: &std::path::Path,
    report: &(dyn Fn(Report<'_>) + Send + Sync),
) {
    match debrief_site::build_in_memory(opts, memo, lint_now) {
        Ok(site) => {
            let site = Arc::new(site);
            let changed = {
                let Ok(mut current) = shared.site.write() else { return };
                let changed = current.as_ref().is_none_or(|old| !same_files(old, &site));
                *current = Some(site.clone());
                changed
            };
            report(Report::Built { site: &site, changed });
            let st = site.stats;
            let stats = json!({
                "full": st.full, "parsed": st.parsed, "redacted": st.redacted, "pages_rendered": st.pages_rendered,
                "pages_reused": st.pages_reused, "scanned": st.scanned, "files": site.files.len(),
                "ms": site.elapsed.as_secs_f64() * 1000.0,
            });
            shared.status.send_modify(|s| {
                if changed {
                    s.site += 1;
                }
                s.error = None;
                s.build = Some(stats);
            });
        }
        Err(failure) => {
            report(Report::Failed(&failure));
            let overlay = overlay::failure_json(&failure, root);
            shared.status.send_modify(|s| s.error = Some(overlay));
        }
    }
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(term) => term,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Best effort: `xdg-open` (or `open` on macOS); nothing happens when there is none.
fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    let _ = std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn live_js() -> Response {
    no_store(([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], LIVE_JS).into_response())
}

async fn error(State(shared): State<Arc<Shared>>) -> Response {
    let error = shared.status.borrow().error.clone().unwrap_or(Value::Null);
    no_store(([(header::CONTENT_TYPE, "application/json")], error.to_string()).into_response())
}

async fn status(State(shared): State<Arc<Shared>>) -> Response {
    let s = shared.status.borrow().clone();
    let body = json!({ "site": s.site, "error": s.error, "build": s.build }).to_string();
    no_store(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

async fn files(State(shared): State<Arc<Shared>>) -> Response {
    let site = shared.site.read().ok().and_then(|s| s.clone());
    let list: Vec<&String> = site.as_ref().map(|s| s.files.keys().collect()).unwrap_or_default();
    no_store(([(header::CONTENT_TYPE, "application/json")], json!(list).to_string()).into_response())
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl futures_util::Stream<Item = Result<Event, std::convert::Infallible>>> {
    let rx = shared.status.subscribe();
    let stream = futures_util::stream::unfold((rx, true), |(mut rx, first)| async move {
        if !first && rx.changed().await.is_err() {
            return None;
        }
        let status = rx.borrow_and_update().clone();
        if status.closing {
            return None;
        }
        let data = json!({ "site": status.site, "error": status.error }).to_string();
        Some((Ok(Event::default().event("status").data(data)), (rx, false)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let site = shared.site.read().ok().and_then(|s| s.clone());
    let version = shared.status.borrow().site;
    let Some(site) = site else {
        // No good build yet: a page that shows the overlay and reloads once the site builds.
        let page = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>debrief serve</title></head><body><p>The site does not build yet.</p>{}</body></html>",
            routes::script_tag(version)
        );
        return no_store(
            (StatusCode::SERVICE_UNAVAILABLE, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], page)
                .into_response(),
        );
    };
    let exists = |rel: &str| site.files.contains_key(rel);
    match routes::resolve(uri.path(), &site.base_path, &exists) {
        Route::Redirect(to) => no_store((StatusCode::FOUND, [(header::LOCATION, to)]).into_response()),
        Route::File(rel) => serve_file(&site, &rel, StatusCode::OK, version),
        Route::NotFound if site.files.contains_key("404.html") => {
            serve_file(&site, "404.html", StatusCode::NOT_FOUND, version)
        }
        Route::NotFound => no_store((StatusCode::NOT_FOUND, "not found").into_response()),
    }
}

fn serve_file(site: &MemorySite, rel: &str, status: StatusCode, version: u64) -> Response {
    let Some(bytes) = site.file(rel) else { return StatusCode::NOT_FOUND.into_response() };
    let content_type = routes::content_type(rel);
    let body =
        if rel.ends_with(".html") { Body::from(routes::inject(&bytes, version)) } else { Body::from(bytes.to_vec()) };
    let mut response = (status, [(header::CONTENT_TYPE, content_type)], body).into_response();
    if rel.ends_with(".html")
        && let Ok(csp) = HeaderValue::from_str(&debrief_site::publish::csp_header())
    {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    if debrief_site::publish::is_content_hashed(rel) {
        // Its name changes with its bytes: a reload need not fetch it again.
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(debrief_site::publish::CACHE_IMMUTABLE));
        return response;
    }
    no_store(response)
}
