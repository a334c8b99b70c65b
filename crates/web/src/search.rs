//! The search box: DOM glue over [`debrief_search`]. All matching, ranking and snippets
//! come from the engine; this file fetches files, renders results and handles keys.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::rc::Rc;

use debrief_search::query::Sort;
use debrief_search::query::facet_key;
use debrief_search::{Query, ResultView, Results, Searcher};
use js_sys::{Array, Function, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise, spawn_local};
use web_sys::{Document, Element, Event, EventTarget, HtmlInputElement, KeyboardEvent, Response, Window};

/// Results shown in the list.
const LIMIT: usize = 10;
/// Debounce between a keystroke and the search, in milliseconds.
const DEBOUNCE_MS: i32 = 80;
/// Chips shown per facet (selected values are always shown).
const CHIPS_PER_FACET: usize = 6;
/// The facets offered as chips: key as typed in queries, label.
const FACETS: [(&str, &str); 4] = [("severity", "Severity"), ("service", "Service"), ("tag", "Tag"), ("year", "Year")];

struct Ui {
    win: Window,
    root: Element,
    input: HtmlInputElement,
    panel: Element,
    list: Element,
    facets: Element,
    empty: Element,
    status: Element,
    /// `<base_path>search/`.
    dir: String,
    manifest_url: String,
    tick: Function,
}

#[derive(Default)]
struct State {
    searcher: Option<Searcher>,
    /// Fetches by URL (resolving to an `ArrayBuffer`), until their bytes are added.
    fetches: Vec<(String, Promise)>,
    generation: u32,
    timer: Option<i32>,
    urls: Vec<String>,
    active: Option<usize>,
    facets_requested: bool,
    /// The next run is a rerun for the timeline's range: it leaves a closed panel closed.
    quiet: bool,
    /// The home page's incident list, in page order: item and link.
    home: Vec<(Element, String)>,
}

struct App {
    ui: Ui,
    state: RefCell<State>,
}

thread_local! {
    static APP: RefCell<Option<Rc<App>>> = const { RefCell::new(None) };
}

fn app() -> Option<Rc<App>> {
    APP.with(|a| a.borrow().clone())
}

pub(crate) fn js_err(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

fn by_id(doc: &Document, id: &str) -> Result<Element, JsValue> {
    doc.get_element_by_id(id).ok_or_else(|| JsValue::from_str(id))
}

pub(crate) fn listen(target: &EventTarget, kind: &str, f: impl FnMut(Event) + 'static) -> Result<(), JsValue> {
    let c = Closure::<dyn FnMut(Event)>::new(f);
    target.add_event_listener_with_callback(kind, c.as_ref().unchecked_ref())?;
    c.forget();
    Ok(())
}

/// Wires the search box if the page has one; shows it.
pub(crate) fn init(doc: &Document) -> Result<(), JsValue> {
    let Some(root) = doc.query_selector("[data-search]")? else { return Ok(()) };
    let win = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let base = root.get_attribute("data-base").unwrap_or_else(|| "/".into());
    let tick: Function = Closure::<dyn FnMut()>::new(|| {
        if let Some(a) = app() {
            spawn_local(run(a));
        }
    })
    .into_js_value()
    .unchecked_into();
    let ui = Ui {
        input: by_id(doc, "debrief-search")?.dyn_into()?,
        panel: by_id(doc, "debrief-search-panel")?,
        list: by_id(doc, "debrief-results")?,
        facets: by_id(doc, "debrief-facets")?,
        empty: by_id(doc, "debrief-empty")?,
        status: by_id(doc, "debrief-status")?,
        dir: format!("{base}search/"),
        manifest_url: root.get_attribute("data-manifest").unwrap_or_default(),
        tick,
        root,
        win,
    };
    let mut state = State::default();
    // The home page: its incident list follows the query.
    let path = ui.win.location().pathname()?;
    if path == base || path == format!("{base}index.html") {
        let items = doc.query_selector_all("li.incident")?;
        for i in 0..items.length() {
            let Some(li) = items.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
            let href = li.query_selector("h4 a")?.and_then(|a| a.get_attribute("href")).unwrap_or_default();
            state.home.push((li, href));
        }
    }
    let a = Rc::new(App { ui, state: RefCell::new(state) });
    APP.with(|slot| *slot.borrow_mut() = Some(a.clone()));

    let input: &EventTarget = a.ui.input.as_ref();
    listen(input, "input", |_| {
        if let Some(a) = app() {
            schedule(&a);
        }
    })?;
    listen(input, "focus", |_| {
        if let Some(a) = app() {
            spawn_local(async move {
                let _ = ensure_manifest(&a).await;
            });
            if let Some(a) = app()
                && !a.ui.input.value().trim().is_empty()
                && a.ui.panel.has_attribute("hidden")
            {
                spawn_local(run(a));
            }
        }
    })?;
    listen(input, "keydown", |e| {
        if let (Some(a), Some(k)) = (app(), e.dyn_ref::<KeyboardEvent>()) {
            on_key(&a, &e, &k.key());
        }
    })?;
    let panel: &EventTarget = a.ui.panel.as_ref();
    listen(panel, "click", |e| {
        let Some(a) = app() else { return };
        let Some(t) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        if let Ok(Some(chip)) = t.closest("[data-filter]") {
            let token = chip.get_attribute("data-filter").unwrap_or_default();
            a.ui.input.set_value(&toggle_filter(&a.ui.input.value(), &token));
            let _ = a.ui.input.focus();
            now(&a);
        } else if let Ok(Some(chip)) = t.closest("[data-sort]") {
            let sort = chip.get_attribute("data-sort").unwrap_or_default();
            a.ui.input.set_value(&with_sort(&a.ui.input.value(), &sort));
            let _ = a.ui.input.focus();
            now(&a);
        } else if let Some(url) = t.closest("[data-url]").ok().flatten().and_then(|o| o.get_attribute("data-url")) {
            // An option holds no link (a listbox option may not nest a control): it opens
            // its incident itself, like Enter does.
            let _ = a.ui.win.location().assign(&url);
        }
    })?;
    listen(doc.as_ref(), "keydown", |e| {
        let Some(k) = e.dyn_ref::<KeyboardEvent>() else { return };
        if k.key() != "/" || k.ctrl_key() || k.meta_key() || k.alt_key() {
            return;
        }
        let typing = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .is_some_and(|t| matches!(t.closest("input,textarea,select,[contenteditable]"), Ok(Some(_))));
        if let (false, Some(a)) = (typing, app()) {
            e.prevent_default();
            let _ = a.ui.input.focus();
            a.ui.input.select();
        }
    })?;
    listen(doc.as_ref(), "click", |e| {
        let Some(a) = app() else { return };
        // A chip re-renders the panel, so its click target may be detached by now.
        let inside = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .is_some_and(|n| !n.is_connected() || a.ui.root.contains(Some(&n)));
        if !inside {
            close(&a);
        }
    })?;

    a.ui.root.remove_attribute("hidden")?;
    // The manifest is small (6 KB gzip at 10,000 incidents): fetch it now, so the first
    // query waits for two round trips (its term shards, then the top results'
    // fragments), not three.
    {
        let a = a.clone();
        spawn_local(async move {
            let _ = ensure_manifest(&a).await;
        });
    }
    // A shared search (`?q=`) runs at once.
    let q = query_param(&a.ui.win.location().search()?);
    if !q.trim().is_empty() {
        a.ui.input.set_value(&q);
        spawn_local(run(a));
    }
    Ok(())
}

/// The `q` parameter of a location's `search` string.
fn query_param(search: &str) -> String {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("q="))
        .map(|v| js_sys::decode_uri_component(&v.replace('+', " ")).ok().map(String::from).unwrap_or_default())
        .unwrap_or_default()
}

fn schedule(a: &Rc<App>) {
    let mut st = a.state.borrow_mut();
    if let Some(t) = st.timer.take() {
        a.ui.win.clear_timeout_with_handle(t);
    }
    st.timer = a.ui.win.set_timeout_with_callback_and_timeout_and_arguments_0(&a.ui.tick, DEBOUNCE_MS).ok();
}

/// Runs the query now (cancelling a scheduled run).
fn now(a: &Rc<App>) {
    if let Some(t) = a.state.borrow_mut().timer.take() {
        a.ui.win.clear_timeout_with_handle(t);
    }
    spawn_local(run(a.clone()));
}

fn on_key(a: &Rc<App>, e: &Event, key: &str) {
    let open = !a.ui.panel.has_attribute("hidden");
    let n = a.state.borrow().urls.len();
    match key {
        "ArrowDown" | "ArrowUp" => {
            e.prevent_default();
            if !open {
                now(a);
                return;
            }
            if n == 0 {
                return;
            }
            let cur = a.state.borrow().active;
            let next = match (key, cur) {
                ("ArrowDown", None) => 0,
                ("ArrowDown", Some(i)) => (i + 1).min(n - 1),
                (_, None) | (_, Some(0)) => 0,
                (_, Some(i)) => i - 1,
            };
            set_active(a, Some(next));
        }
        "Enter" => {
            e.prevent_default();
            let target = {
                let st = a.state.borrow();
                st.active.filter(|_| open).and_then(|i| st.urls.get(i).cloned())
            };
            match target {
                Some(url) => {
                    let _ = a.ui.win.location().assign(&url);
                }
                None => now(a),
            }
        }
        "Escape" => {
            e.prevent_default();
            if open {
                close(a);
            } else {
                a.ui.input.set_value("");
                now(a);
            }
        }
        _ => {}
    }
}

fn set_active(a: &App, active: Option<usize>) {
    a.state.borrow_mut().active = active;
    if let Ok(opts) = a.ui.list.query_selector_all("[role=option]") {
        for i in 0..opts.length() {
            let Some(el) = opts.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
            let on = active == Some(i as usize);
            let _ = el.set_attribute("aria-selected", if on { "true" } else { "false" });
            if on {
                el.scroll_into_view_with_bool(false);
            }
        }
    }
    let _ = match active {
        Some(i) => a.ui.input.set_attribute("aria-activedescendant", &format!("debrief-opt-{i}")),
        None => a.ui.input.remove_attribute("aria-activedescendant"),
    };
}

fn close(a: &App) {
    let _ = a.ui.panel.set_attribute("hidden", "");
    let _ = a.ui.input.set_attribute("aria-expanded", "false");
    set_active(a, None);
}

fn stale(a: &App, generation: u32) -> bool {
    a.state.borrow().generation != generation
}

/// Fetches one file (cached: concurrent callers share the request).
fn fetch(a: &App, url: &str) -> Promise {
    if let Some((_, p)) = a.state.borrow().fetches.iter().find(|(u, _)| u == url) {
        return p.clone();
    }
    let win = a.ui.win.clone();
    let u = url.to_owned();
    let p = future_to_promise(async move {
        let resp: Response = JsFuture::from(win.fetch_with_str(&u)).await?.dyn_into()?;
        if !resp.ok() {
            return Err(JsValue::from_str(&format!("HTTP {} for {u}", resp.status())));
        }
        JsFuture::from(resp.array_buffer()?).await
    });
    a.state.borrow_mut().fetches.push((url.to_owned(), p.clone()));
    p
}

async fn ensure_manifest(a: &App) -> Result<(), JsValue> {
    if a.state.borrow().searcher.is_some() {
        return Ok(());
    }
    let url = a.ui.manifest_url.clone();
    let got = JsFuture::from(fetch(a, &url)).await;
    let mut st = a.state.borrow_mut();
    st.fetches.retain(|(u, _)| *u != url);
    if st.searcher.is_none() {
        st.searcher = Some(Searcher::new(&Uint8Array::new(&got?).to_vec()).map_err(js_err)?);
    }
    Ok(())
}

/// Fetches the files not loaded yet, in parallel, and adds them to the searcher.
async fn load(a: &App, names: Vec<String>) -> Result<(), JsValue> {
    let names: Vec<String> = {
        let st = a.state.borrow();
        let s = st.searcher.as_ref().ok_or_else(|| JsValue::from_str("no manifest"))?;
        names.into_iter().filter(|n| !s.is_loaded(n)).collect()
    };
    if names.is_empty() {
        return Ok(());
    }
    let urls: Vec<String> = names.iter().map(|n| format!("{}{n}", a.ui.dir)).collect();
    let all: Array = urls.iter().map(|u| fetch(a, u)).collect();
    let got = JsFuture::from(Promise::all(&all)).await;
    let mut st = a.state.borrow_mut();
    for u in &urls {
        st.fetches.retain(|(x, _)| x != u);
    }
    let got: Array = got?.unchecked_into();
    let s = st.searcher.as_mut().ok_or_else(|| JsValue::from_str("no manifest"))?;
    for (i, n) in names.iter().enumerate() {
        if !s.is_loaded(n) {
            s.add_file(n, &Uint8Array::new(&got.get(i as u32)).to_vec()).map_err(js_err)?;
        }
    }
    Ok(())
}

fn with_searcher<T>(a: &App, f: impl FnOnce(&Searcher) -> T) -> Result<T, JsValue> {
    a.state.borrow().searcher.as_ref().map(f).ok_or_else(|| JsValue::from_str("no manifest"))
}

/// Loads what `query` needs, searches, loads the top results' fragments, renders them.
async fn answer(a: &App, query: &Query) -> Result<(Results, Vec<ResultView>), JsValue> {
    ensure_manifest(a).await?;
    load(a, with_searcher(a, |s| s.needed(query))?).await?;
    let results = with_searcher(a, |s| s.search(query, LIMIT))?.map_err(js_err)?;
    load(a, results.needed_fragments.clone()).await?;
    let views = with_searcher(a, |s| s.render(&results, LIMIT))?.map_err(js_err)?;
    Ok((results, views))
}

async fn run(a: Rc<App>) {
    let text = a.ui.input.value();
    // `quiet` belongs to this run only: a later keystroke starts a run that opens the panel.
    let (generation, quiet) = {
        let mut st = a.state.borrow_mut();
        st.generation = st.generation.wrapping_add(1);
        st.timer = None;
        (st.generation, std::mem::take(&mut st.quiet))
    };
    set_url(&a.ui, &text);
    if text.trim().is_empty() {
        close(&a);
        a.ui.list.set_inner_html("");
        a.ui.status.set_text_content(Some(""));
        a.state.borrow_mut().urls.clear();
        filter_home(&a, None);
        crate::timeline::set_highlight(None);
        return;
    }
    let mut query = Query::parse(&text);
    // The timeline's selected range narrows the results too.
    query.within = crate::timeline::brush();
    match answer(&a, &query).await {
        Ok(_) if stale(&a, generation) => {}
        Ok((results, views)) => {
            show(&a, &query, &results, &views, quiet);
            crate::timeline::set_highlight(Some(results.matches.clone()));
            let first = !std::mem::replace(&mut a.state.borrow_mut().facets_requested, true);
            if first {
                // Facet tables after the first results: chips fill in when they arrive.
                let names = with_searcher(&a, |s| s.facet_files()).unwrap_or_default();
                let names: Vec<String> = names
                    .into_iter()
                    .filter(|n| FACETS.iter().any(|(k, _)| n.starts_with(&format!("facet-{k}-"))))
                    .collect();
                if load(&a, names).await.is_ok()
                    && !stale(&a, generation)
                    && let Ok(Ok(results)) = with_searcher(&a, |s| s.search(&query, LIMIT))
                {
                    render_facets(&a, &query, &results);
                }
            }
        }
        Err(_) if stale(&a, generation) => {}
        Err(_) => {
            a.state.borrow_mut().facets_requested = false;
            a.ui.list.set_inner_html("");
            a.ui.facets.set_inner_html("");
            a.ui.empty.set_text_content(Some("Search is unavailable right now. Please try again."));
            let _ = a.ui.empty.remove_attribute("hidden");
            a.ui.status.set_text_content(Some("Search is unavailable"));
            open(&a);
        }
    }
}

fn open(a: &App) {
    let _ = a.ui.panel.remove_attribute("hidden");
    let _ = a.ui.input.set_attribute("aria-expanded", "true");
}

fn set_url(ui: &Ui, text: &str) {
    let loc = ui.win.location();
    let (Ok(path), Ok(hash)) = (loc.pathname(), loc.hash()) else { return };
    let url = if text.trim().is_empty() {
        format!("{path}{hash}")
    } else {
        format!("{path}?q={}{hash}", String::from(js_sys::encode_uri_component(text)))
    };
    if let Ok(h) = ui.win.history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// HTML-escapes text for element content and attribute values (the engine's escaper,
/// the same one its snippets use).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    debrief_search::snippet::escape_html(s, &mut out);
    out
}

fn show(a: &App, query: &Query, results: &Results, views: &[ResultView], quiet: bool) {
    let mut html = String::new();
    for (i, v) in views.iter().enumerate() {
        let sev_class: String = v.severity.chars().filter(char::is_ascii_digit).collect();
        let _ = write!(
            html,
            "<li role=\"option\" id=\"debrief-opt-{i}\" class=\"search-result\" aria-selected=\"false\" data-url=\"{url}\">\
             <span class=\"search-title\">{title}</span>\
             <span class=\"search-meta\"><span class=\"badge sev-{sev_class}\">{sev}</span> {when}{services}</span>\
             <span class=\"search-snippet\">{snippet}</span></li>",
            url = esc(&v.url),
            title = v.title_html,
            sev = esc(&v.severity),
            when = esc(&v.started_display),
            services =
                if v.services.is_empty() { String::new() } else { format!(" · {}", esc(&v.services.join(", "))) },
            snippet = v.snippet_html,
        );
    }
    a.ui.list.set_inner_html(&html);
    let _ = if views.is_empty() { a.ui.list.set_attribute("hidden", "") } else { a.ui.list.remove_attribute("hidden") };
    {
        let mut st = a.state.borrow_mut();
        st.urls = views.iter().map(|v| v.url.clone()).collect();
    }
    set_active(a, None);
    render_facets(a, query, results);

    if results.total == 0 {
        let mut html = String::from("<p>No incidents match this search.</p>");
        let filters = filter_tokens(query);
        if filters.is_empty() {
            html.push_str("<p>Try fewer or different words.</p>");
        } else {
            html.push_str("<p>Try removing a filter: ");
            for t in &filters {
                let _ = write!(
                    html,
                    "<button type=\"button\" class=\"search-chip\" data-filter=\"{t}\" aria-pressed=\"true\">{t} \
                     <span aria-hidden=\"true\">×</span><span class=\"visually-hidden\">(remove)</span></button> ",
                    t = esc(t)
                );
            }
            html.push_str("</p>");
        }
        a.ui.empty.set_inner_html(&html);
        let _ = a.ui.empty.remove_attribute("hidden");
    } else {
        let _ = a.ui.empty.set_attribute("hidden", "");
    }
    let status = match results.total {
        0 => "No results".to_owned(),
        1 => "1 result".to_owned(),
        n => format!("{n} results"),
    };
    a.ui.status.set_text_content(Some(&status));
    if !quiet {
        open(a);
    }
    filter_home(a, Some((results, views)));
}

/// A filter as typed: `key:value`, quoted when the value has spaces.
fn filter_token(key: &str, value: &str) -> String {
    if value.contains(char::is_whitespace) { format!("{key}:\"{value}\"") } else { format!("{key}:{value}") }
}

fn filter_tokens(query: &Query) -> Vec<String> {
    query.filters.iter().flat_map(|(k, vs)| vs.iter().map(move |v| filter_token(k, v))).collect()
}

fn render_facets(a: &App, query: &Query, results: &Results) {
    let mut html = String::new();
    for (key, label) in FACETS {
        let Some((_, counts)) = results.facet_counts.iter().find(|(k, _)| k == key) else { continue };
        let selected: &[String] = query.filters.iter().find(|(k, _)| k == key).map_or(&[], |(_, v)| v.as_slice());
        let mut counts: Vec<&(String, u32)> = counts.iter().collect();
        debrief_sort::sort_by(&mut counts, |x, y| {
            y.1.cmp(&x.1).then_with(|| if key == "year" { y.0.cmp(&x.0) } else { x.0.cmp(&y.0) })
        });
        let mut shown = 0;
        let mut chips = String::new();
        for (value, count) in counts {
            let on = selected.contains(&debrief_search::tokenize::lower(value));
            if !on && shown >= CHIPS_PER_FACET {
                continue;
            }
            shown += 1;
            let _ = write!(
                chips,
                "<button type=\"button\" class=\"search-chip\" data-filter=\"{t}\" aria-pressed=\"{on}\">{v} \
                 <span class=\"search-count\">{count}</span></button>",
                t = esc(&filter_token(key, value)),
                v = esc(value),
            );
        }
        if !chips.is_empty() {
            let _ = write!(
                html,
                "<div class=\"search-facet\" role=\"group\" aria-label=\"{label}\"><span class=\"search-facet-key\">{label}</span>{chips}</div>"
            );
        }
    }
    // Order of the results: relevance (the default with words), newest, longest.
    let current = query.effective_sort();
    html.push_str(
        "<div class=\"search-facet\" role=\"group\" aria-label=\"Sort\"><span class=\"search-facet-key\">Sort</span>",
    );
    for (value, label, sort) in [
        ("relevance", "Relevance", Sort::Relevance),
        ("newest", "Newest", Sort::Newest),
        ("longest", "Longest", Sort::Longest),
    ] {
        let _ = write!(
            html,
            "<button type=\"button\" class=\"search-chip\" data-sort=\"{value}\" aria-pressed=\"{}\">{label}</button>",
            current == sort
        );
    }
    html.push_str("</div>");
    a.ui.facets.set_inner_html(&html);
}

/// The query text with its order set to `sort` (`relevance` drops the `sort:` item).
fn with_sort(text: &str, sort: &str) -> String {
    let mut kept: Vec<&str> =
        items(text).into_iter().filter(|i| !i.to_ascii_lowercase().starts_with("sort:")).collect();
    let token = format!("sort:{sort}");
    if sort != "relevance" {
        kept.push(&token);
    }
    kept.join(" ")
}

/// Splits a query into items the way the parser does (`key:"a b"` is one item).
fn items(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut quoted = false;
    let mut prev = ' ';
    for (i, c) in text.char_indices() {
        if c == '"' && (quoted || prev == ':') {
            quoted = !quoted;
        } else if c.is_whitespace() && !quoted {
            if let Some(s) = start.take() {
                out.push(&text[s..i]);
            }
            prev = c;
            continue;
        }
        start.get_or_insert(i);
        prev = c;
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// `(facet key, lowercase value)` of a filter item.
fn as_filter(item: &str) -> Option<(&'static str, String)> {
    let (k, v) = item.split_once(':')?;
    Some((facet_key(k)?, debrief_search::tokenize::lower(v.trim_matches('"'))))
}

/// Adds the filter `token` to the query text, or removes it when present.
fn toggle_filter(text: &str, token: &str) -> String {
    let want = as_filter(token);
    let all = items(text);
    let kept: Vec<&str> = all.iter().copied().filter(|i| as_filter(i) != want || want.is_none()).collect();
    let mut out = kept.join(" ");
    if kept.len() == all.len() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(token);
    }
    out
}

/// Shows only the home page's incidents that match (all of them without a query).
fn filter_home(a: &App, found: Option<(&Results, &[ResultView])>) {
    let st = a.state.borrow();
    if st.home.is_empty() {
        return;
    }
    // Documents are numbered newest first, like the home list: item i is document i.
    // Checked against the rendered results; if the orders differ, only those show.
    let visible = |i: usize, href: &str| -> bool {
        let Some((results, views)) = found else { return true };
        let ordered = views.iter().all(|v| st.home.get(v.doc as usize).is_none_or(|(_, h)| *h == v.url));
        if ordered { results.matches.binary_search(&(i as u32)).is_ok() } else { views.iter().any(|v| v.url == href) }
    };
    for (i, (li, href)) in st.home.iter().enumerate() {
        let show = visible(i, href) && crate::timeline::brush_allows(href);
        let _ = if show { li.remove_attribute("hidden") } else { li.set_attribute("hidden", "") };
    }
    // Month and year headings without a shown incident go too.
    let Some(doc) = a.ui.win.document() else { return };
    for sel in ["section.month", "section.year"] {
        let Ok(sections) = doc.query_selector_all(sel) else { continue };
        for i in 0..sections.length() {
            let Some(sec) = sections.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
            let inner =
                if sel == "section.month" { "li.incident:not([hidden])" } else { "section.month:not([hidden])" };
            let any = matches!(sec.query_selector(inner), Ok(Some(_)));
            let _ = if any { sec.remove_attribute("hidden") } else { sec.set_attribute("hidden", "") };
        }
    }
}

/// Runs the current query again (the timeline's range changed); without a query, only
/// filters the history list.
pub(crate) fn refresh() {
    if let Some(a) = app() {
        a.state.borrow_mut().quiet = a.ui.panel.has_attribute("hidden");
        now(&a);
    }
}

/// Highlights the current query's matches on the timeline (it loaded after the query ran).
pub(crate) fn refresh_highlight() {
    if let Some(a) = app()
        && !a.ui.input.value().trim().is_empty()
    {
        now(&a);
    }
}

/// Times one query in the engine (parse, search, render of the top results) after loading
/// the files it needs; milliseconds, from `performance.now()`.
#[wasm_bindgen]
pub async fn bench_query(q: String) -> Result<f64, JsValue> {
    let a = app().ok_or_else(|| JsValue::from_str("no search box on this page"))?;
    answer(&a, &Query::parse(&q)).await?;
    let perf = a.ui.win.performance().ok_or_else(|| JsValue::from_str("no performance"))?;
    let t0 = perf.now();
    let query = Query::parse(&q);
    let results = with_searcher(&a, |s| s.search(&query, LIMIT))?.map_err(js_err)?;
    let views = with_searcher(&a, |s| s.render(&results, LIMIT))?.map_err(js_err)?;
    let ms = perf.now() - t0;
    std::hint::black_box(views);
    Ok(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggles_filters() {
        assert_eq!(toggle_filter("kafka", "severity:SEV1"), "kafka severity:SEV1");
        assert_eq!(toggle_filter("kafka sev:sev1", "severity:SEV1"), "kafka");
        assert_eq!(toggle_filter("", "tag:dns"), "tag:dns");
        assert_eq!(toggle_filter("a tag:\"x y\" b", "tag:\"x y\""), "a b");
    }

    #[test]
    fn sets_the_sort() {
        assert_eq!(with_sort("kafka", "newest"), "kafka sort:newest");
        assert_eq!(with_sort("kafka sort:newest tag:dns", "longest"), "kafka tag:dns sort:longest");
        assert_eq!(with_sort("kafka SORT:longest", "relevance"), "kafka");
    }

    #[test]
    fn splits_items_and_escapes() {
        assert_eq!(items("a  b:\"c d\" e"), vec!["a", "b:\"c d\"", "e"]);
        assert_eq!(esc("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
