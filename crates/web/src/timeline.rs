//! The interactive global timeline and the timeline tooltips: DOM glue over
//! [`debrief_timeline`]. Layout, ticks, packing and the SVG all come from the crate the
//! site builder uses for the static SVG; this file handles input and redraws.
//!
//! The history page's timeline card (`section[data-timeline]`) names the data file. Once
//! it is loaded the static SVG is replaced by a live one: wheel, pinch, `+`/`-` and the
//! buttons zoom; drag and the arrow keys pan; Shift+drag (or a drag on the axis band)
//! selects a range, which filters the history list and the search results; the lane
//! buttons switch between severity and service lanes; the current search's matches are
//! highlighted. Each redraw lays out only the incidents in view, with at most
//! [`MAX_ROWS`] rows per lane and [`MAX_BARS`] bars in all, so a frame costs about the
//! same on 10,000 incidents as on 300.
//!
//! On every page, hovering or focusing a bar, an event, a marker or a phase of any
//! timeline shows its facts (its SVG `<title>`) in a tooltip.

use std::cell::RefCell;
use std::rc::Rc;

use debrief_timeline::data::TimelineData;
use debrief_timeline::{
    Bar, LaneMode, Lanes, LayoutOptions, SvgOptions, View, Zone, format_datetime, layout_with, num,
};
use js_sys::{Function, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{Document, Element, Event, HtmlElement, KeyboardEvent, PointerEvent, Response, WheelEvent, Window};

use crate::search::{js_err, listen};

/// Rows drawn per lane; the rest are counted ("12 more: zoom in").
pub(crate) const MAX_ROWS: usize = 8;
/// Bars drawn at most per frame; when zoomed out further, lanes show fewer rows.
pub(crate) const MAX_BARS: usize = 400;
/// The narrowest view: one hour.
const MIN_SPAN: i64 = 3_600;
/// The widest view: a century.
const MAX_SPAN: i64 = 100 * 366 * 86_400;
/// Pointer travel (px) before a press becomes a drag rather than a click.
const DRAG_SLOP: f64 = 4.0;

struct Ui {
    win: Window,
    card: Element,
    figure: Element,
    tools: Element,
    brush_note: Element,
    status: Element,
    frame: Function,
}

#[derive(Clone, Copy)]
struct Drag {
    pointer: i32,
    x0: f64,
    from: i64,
    to: i64,
    moved: bool,
    brush: bool,
}

struct State {
    bars: Vec<Bar>,
    tz: Zone,
    now: i64,
    from: i64,
    to: i64,
    home: (i64, i64),
    /// The lanes in use (computed once per mode, not per frame).
    lanes: Lanes,
    drag: Option<Drag>,
    /// Touch pointers down: id → x.
    touches: Vec<(i32, f64)>,
    /// The last press moved: swallow the click that follows.
    suppress_click: bool,
    brush: Option<(i64, i64)>,
    /// Brush being drawn: `(anchor, current)`.
    brushing: Option<(i64, i64)>,
    highlight: Option<Vec<u32>>,
    frame_pending: bool,
    /// The next frame must lay out again (zoom, lanes, highlight, brush, resize); without
    /// it a pan only moves the window over what is laid out, when it can.
    needs_full: bool,
    /// What the SVG holds: `(from, to, width px, height px)` laid out.
    rendered: Option<(i64, i64, f64, f64)>,
    /// `(incident URL, (start, end))` sorted by URL, for filtering the history list by
    /// the brush (made on the first brush, not at load).
    spans: Vec<(String, (i64, i64))>,
    /// Milliseconds of the first render (layout, SVG and DOM), for benchmarks.
    first_render_ms: f64,
}

struct Timeline {
    ui: Ui,
    state: RefCell<State>,
}

thread_local! {
    static TIMELINE: RefCell<Option<Rc<Timeline>>> = const { RefCell::new(None) };
    static TIP: RefCell<Option<HtmlElement>> = const { RefCell::new(None) };
}

fn timeline() -> Option<Rc<Timeline>> {
    TIMELINE.with(|t| t.borrow().clone())
}

/// Wires the tooltips on every page and, on the history page, loads the interactive
/// timeline.
pub(crate) fn init(doc: &Document) -> Result<(), JsValue> {
    init_tooltips(doc)?;
    let Some(card) = doc.query_selector("[data-timeline]")? else { return Ok(()) };
    let url = card.get_attribute("data-timeline").unwrap_or_default();
    if url.is_empty() {
        return Ok(());
    }
    spawn_local(async move {
        if let Err(e) = load(card, &url).await {
            // The static SVG stays: the page is complete without the interactive one.
            web_sys::console::warn_1(&e);
        }
    });
    Ok(())
}

async fn load(card: Element, url: &str) -> Result<(), JsValue> {
    let win = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let resp: Response = JsFuture::from(win.fetch_with_str(url)).await?.dyn_into()?;
    if !resp.ok() {
        return Err(JsValue::from_str(&format!("HTTP {} for {url}", resp.status())));
    }
    let bytes = Uint8Array::new(&JsFuture::from(resp.array_buffer()?).await?).to_vec();
    let t0 = now_ms(&win);
    let data = TimelineData::from_bytes(&bytes).map_err(js_err)?;
    let (mut bars, tz, now) = data.into_bars();
    let home = first_view(&bars, now);
    // In layout order (start, id), so no frame has to sort them.
    debrief_sort::sort_by(&mut bars, |a, b| a.start.cmp(&b.start).then(a.id.cmp(&b.id)).then(a.end.cmp(&b.end)));
    if bars.is_empty() {
        return Ok(());
    }
    let q = |sel: &str| card.query_selector(sel).ok().flatten().ok_or_else(|| JsValue::from_str(sel));
    let frame: Function = Closure::<dyn FnMut()>::new(|| {
        if let Some(t) = timeline() {
            t.state.borrow_mut().frame_pending = false;
            draw(&t);
        }
    })
    .into_js_value()
    .unchecked_into();
    let ui = Ui {
        figure: q(".timeline-figure")?,
        tools: q(".timeline-tools")?,
        brush_note: q(".timeline-brush")?,
        status: q(".timeline-status")?,
        card: card.clone(),
        win: win.clone(),
        frame,
    };
    let lanes = Lanes::new(&bars, LaneMode::Severity);
    let state = State {
        bars,
        tz,
        now,
        from: home.0,
        to: home.1,
        home,
        lanes,
        drag: None,
        touches: Vec::new(),
        suppress_click: false,
        brush: None,
        brushing: None,
        highlight: None,
        frame_pending: false,
        needs_full: true,
        rendered: None,
        spans: Vec::new(),
        first_render_ms: 0.0,
    };
    let t = Rc::new(Timeline { ui, state: RefCell::new(state) });
    TIMELINE.with(|slot| *slot.borrow_mut() = Some(t.clone()));
    wire(&t)?;
    t.ui.figure.set_attribute("tabindex", "0")?;
    t.ui.figure.set_attribute("aria-describedby", "timeline-help")?;
    t.ui.figure.class_list().add_1("interactive")?;
    t.ui.tools.remove_attribute("hidden")?;
    draw(&t);
    t.state.borrow_mut().first_render_ms = now_ms(&win) - t0;
    t.ui.card.set_attribute("data-ready", "")?;
    // A search that ran before the data arrived (a shared `?q=`) is highlighted now.
    crate::search::refresh_highlight();
    Ok(())
}

fn now_ms(win: &Window) -> f64 {
    win.performance().map_or(0.0, |p| p.now())
}

/// The newest [`debrief_timeline::OVERVIEW_INCIDENTS`] (bars are newest first), framed
/// as the static timeline frames them.
fn first_view(bars: &[Bar], now: i64) -> (i64, i64) {
    debrief_timeline::fit_range(&bars[..bars.len().min(debrief_timeline::OVERVIEW_INCIDENTS)], now)
        .unwrap_or((now - 86_400, now))
}

/// Redraws on the next animation frame, laying out again.
fn schedule(t: &Timeline) {
    t.state.borrow_mut().needs_full = true;
    schedule_pan(t);
}

/// Redraws on the next animation frame after a pan (the window moves when it can).
fn schedule_pan(t: &Timeline) {
    let mut st = t.state.borrow_mut();
    if !st.frame_pending {
        st.frame_pending = true;
        let _ = t.ui.win.request_animation_frame(&t.ui.frame);
    }
}

/// The drawing width in CSS pixels.
fn width(t: &Timeline) -> f64 {
    f64::from(t.ui.figure.client_width()).max(320.0)
}

/// One frame: a pan within what is laid out moves the window; anything else lays out
/// again (after a pan, with a screen of margin on both sides, so the next pans are cheap).
fn draw(t: &Timeline) {
    let full = std::mem::take(&mut t.state.borrow_mut().needs_full);
    if full {
        render(t, false);
    } else if !shift(t) {
        render(t, true);
    }
}

/// Incidents that overlap `from..=to`.
fn count_in(st: &State, from: i64, to: i64) -> usize {
    st.bars.iter().filter(|b| debrief_timeline::is_visible(b, from, to, st.now)).count()
}

/// The SVG's title: what the view shows.
fn title(st: &State) -> String {
    let shown = count_in(st, st.from, st.to);
    format!(
        "Timeline: {shown} incident{} from {} to {}",
        if shown == 1 { "" } else { "s" },
        day(st.from, &st.tz),
        day(st.to, &st.tz)
    )
}

/// Moves the window over the laid-out drawing to the current view, if it is inside it
/// at the same scale: the viewBox, the lane labels and the title change, nothing else.
fn shift(t: &Timeline) -> bool {
    let st = t.state.borrow();
    let Some((rfrom, rto, rw, rh)) = st.rendered else { return false };
    let w = width(t);
    let (span, rspan) = ((st.to - st.from) as f64, (rto - rfrom) as f64);
    let same_scale = ((rw / rspan) / (w / span) - 1.0).abs() < 1e-9;
    if !same_scale || st.from < rfrom || st.to > rto {
        return false;
    }
    let Some(svg) = t.ui.figure.first_element_child() else { return false };
    let x = (st.from - rfrom) as f64 / rspan * rw;
    let _ = svg.set_attribute("viewBox", &format!("{} 0 {} {}", num(x), num(w), num(rh)));
    if let Ok(labels) = svg.query_selector_all(".lane-label") {
        let lx = num(x + 4.0);
        for i in 0..labels.length() {
            if let Some(l) = labels.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let _ = l.set_attribute("x", &lx);
            }
        }
    }
    if let Ok(Some(el)) = svg.query_selector("title") {
        el.set_text_content(Some(&title(&st)));
    }
    hide_tip();
    true
}

/// Lays out the view (with `margin`, also one view's width on each side) and replaces
/// the SVG.
fn render(t: &Timeline, margin: bool) {
    let svg = {
        let mut st = t.state.borrow_mut();
        let w = width(t);
        let span = st.to - st.from;
        let (rfrom, rto, rw) = if margin { (st.from - span, st.to + span, 3.0 * w) } else { (st.from, st.to, w) };
        let view = View { from: rfrom, to: rto, width_px: rw };
        let mut opts = LayoutOptions::new(st.now);
        opts.max_rows = MAX_ROWS;
        opts.max_bars = MAX_BARS;
        let scene = layout_with(&st.bars, &st.lanes, &view, &st.tz, &opts);
        let window = (st.from - rfrom) as f64 / (rto - rfrom).max(1) as f64 * rw;
        let mut svg = scene.to_svg(&SvgOptions {
            title: title(&st),
            desc: "Each bar runs from an incident's start to its resolution; select a bar to open the incident. \
                   The table below lists the same facts."
                .into(),
            id_prefix: "gi".into(),
            highlight: st.highlight.clone(),
            compact: true,
            window: Some((window, w)),
        });
        // The brush (drawn or being drawn) over the bars.
        if let Some((a, b)) = st.brushing.or(st.brush) {
            let scale = |s: i64| (s - rfrom) as f64 / (rto - rfrom).max(1) as f64 * scene.width;
            let (x0, x1) = (scale(a.min(b)).max(0.0), scale(a.max(b)).min(scene.width));
            if x1 >= 0.0 && x0 <= scene.width {
                svg.truncate(svg.len() - "</svg>".len());
                svg.push_str(&format!(
                    r#"<rect class="brush" x="{}" y="0" width="{}" height="{}"/></svg>"#,
                    num(x0),
                    num((x1 - x0).max(1.0)),
                    num(scene.height)
                ));
            }
        }
        st.rendered = Some((rfrom, rto, rw, scene.height));
        svg
    };
    hide_tip();
    t.ui.figure.set_inner_html(&svg);
}

fn day(s: i64, tz: &Zone) -> String {
    format_datetime(s, tz).get(..10).unwrap_or_default().to_owned()
}

/// Zooms by `factor` (< 1 zooms in) keeping the instant at `frac` of the width in place.
fn zoom(t: &Timeline, factor: f64, frac: f64) {
    {
        let mut st = t.state.borrow_mut();
        let span = (st.to - st.from) as f64;
        let new_span = (span * factor).clamp(MIN_SPAN as f64, MAX_SPAN as f64);
        let pivot = st.from as f64 + span * frac.clamp(0.0, 1.0);
        st.from = (pivot - new_span * frac) as i64;
        st.to = st.from + new_span as i64;
    }
    announce_view(t);
    schedule(t);
}

/// Pans by `frac` of the view (positive: later).
fn pan(t: &Timeline, frac: f64) {
    {
        let mut st = t.state.borrow_mut();
        let d = ((st.to - st.from) as f64 * frac) as i64;
        st.from += d;
        st.to += d;
    }
    announce_view(t);
    schedule_pan(t);
}

fn announce_view(t: &Timeline) {
    let st = t.state.borrow();
    let n = count_in(&st, st.from, st.to);
    let text = format!(
        "Showing {} to {}: {n} incident{}",
        day(st.from, &st.tz),
        day(st.to, &st.tz),
        if n == 1 { "" } else { "s" }
    );
    t.ui.status.set_text_content(Some(&text));
}

/// The time under a pointer at client x; also the fraction of the width.
fn time_at(t: &Timeline, client_x: f64) -> (i64, f64) {
    let rect = t.ui.figure.get_bounding_client_rect();
    let frac = ((client_x - rect.left()) / rect.width().max(1.0)).clamp(0.0, 1.0);
    let st = t.state.borrow();
    (st.from + ((st.to - st.from) as f64 * frac) as i64, frac)
}

/// Sets or clears the brush, then filters the list and the search.
fn set_brush(t: &Timeline, brush: Option<(i64, i64)>) {
    {
        let mut st = t.state.borrow_mut();
        if st.spans.is_empty() {
            let now = st.now;
            let mut spans: Vec<(String, (i64, i64))> =
                st.bars.iter().map(|b| (b.url.clone(), (b.start, b.end.unwrap_or(now).max(b.start)))).collect();
            debrief_sort::sort_by(&mut spans, |a, b| a.0.cmp(&b.0));
            st.spans = spans;
        }
        st.brush = brush;
        st.brushing = None;
    }
    match brush {
        Some((a, b)) => {
            let st = t.state.borrow();
            let n = count_in(&st, a, b);
            let text = format!(
                "Selected {} to {}: {n} incident{}.",
                format_datetime(a, &st.tz),
                format_datetime(b, &st.tz),
                if n == 1 { "" } else { "s" }
            );
            if let Ok(Some(span)) = t.ui.brush_note.query_selector("span") {
                span.set_text_content(Some(&text));
            }
            let _ = t.ui.brush_note.remove_attribute("hidden");
            t.ui.status.set_text_content(Some(&text));
        }
        None => {
            let _ = t.ui.brush_note.set_attribute("hidden", "");
            t.ui.status.set_text_content(Some("Selection cleared."));
        }
    }
    schedule(t);
    crate::search::refresh();
}

/// The brushed range, if any (the search restricts its results to it).
pub(crate) fn brush() -> Option<(i64, i64)> {
    timeline().and_then(|t| t.state.borrow().brush)
}

/// Whether the incident at `url` overlaps the brushed range (true without a brush or an
/// interactive timeline).
pub(crate) fn brush_allows(url: &str) -> bool {
    let Some(t) = timeline() else { return true };
    let st = t.state.borrow();
    let Some((from, to)) = st.brush else { return true };
    match st.spans.binary_search_by(|(u, _)| u.as_str().cmp(url)) {
        Ok(i) => {
            let (s, e) = st.spans[i].1;
            s <= to && e >= from
        }
        Err(_) => true,
    }
}

/// Highlights the current search's matches (document numbers = incident ids), or none.
pub(crate) fn set_highlight(matches: Option<Vec<u32>>) {
    if let Some(t) = timeline() {
        let changed = t.state.borrow().highlight != matches;
        if changed {
            t.state.borrow_mut().highlight = matches;
            schedule(&t);
        }
    }
}

fn wire(t: &Rc<Timeline>) -> Result<(), JsValue> {
    let fig = t.ui.figure.clone();
    let with = |f: fn(&Timeline, &Event)| {
        move |e: Event| {
            if let Some(t) = timeline() {
                f(&t, &e);
            }
        }
    };
    // Wheel must be able to prevent scrolling: not passive.
    let opts = web_sys::AddEventListenerOptions::new();
    opts.set_passive(false);
    let wheel = Closure::<dyn FnMut(Event)>::new(with(on_wheel));
    fig.add_event_listener_with_callback_and_add_event_listener_options(
        "wheel",
        wheel.as_ref().unchecked_ref(),
        &opts,
    )?;
    wheel.forget();
    listen(fig.as_ref(), "pointerdown", with(on_pointer_down))?;
    listen(fig.as_ref(), "pointermove", with(on_pointer_move))?;
    listen(fig.as_ref(), "pointerup", with(on_pointer_up))?;
    listen(fig.as_ref(), "pointercancel", with(on_pointer_up))?;
    listen(fig.as_ref(), "keydown", with(on_key))?;
    // A press that dragged must not also open the bar it started on.
    let click = Closure::<dyn FnMut(Event)>::new(with(|t, e| {
        if std::mem::take(&mut t.state.borrow_mut().suppress_click) {
            e.prevent_default();
            e.stop_propagation();
        }
    }));
    fig.add_event_listener_with_callback_and_bool("click", click.as_ref().unchecked_ref(), true)?;
    click.forget();
    listen(t.ui.tools.as_ref(), "click", with(on_tool))?;
    listen(
        t.ui.brush_note.as_ref(),
        "click",
        with(|t, e| {
            if target_closest(e, "button").is_some() {
                set_brush(t, None);
            }
        }),
    )?;
    listen(t.ui.win.as_ref(), "resize", with(|t, _| schedule(t)))?;
    Ok(())
}

fn target_closest(e: &Event, sel: &str) -> Option<Element> {
    e.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|el| el.closest(sel).ok().flatten())
}

fn on_wheel(t: &Timeline, e: &Event) {
    let Some(w) = e.dyn_ref::<WheelEvent>() else { return };
    e.prevent_default();
    // Pixels, lines or pages; a trackpad pinch arrives as a wheel event with Ctrl.
    let unit = match w.delta_mode() {
        1 => 16.0,
        2 => 400.0,
        _ => 1.0,
    };
    let dy = w.delta_y() * unit;
    let dx = w.delta_x() * unit;
    if dx.abs() > dy.abs() && !w.ctrl_key() {
        let width = f64::from(t.ui.figure.client_width()).max(1.0);
        pan(t, dx / width);
        return;
    }
    let speed = if w.ctrl_key() { 0.01 } else { 0.002 };
    let (_, frac) = time_at(t, w.client_x().into());
    zoom(t, (dy * speed).clamp(-1.0, 1.0).exp(), frac);
}

fn on_pointer_down(t: &Timeline, e: &Event) {
    let Some(p) = e.dyn_ref::<PointerEvent>() else { return };
    if p.button() != 0 {
        return;
    }
    let x = f64::from(p.client_x());
    let mut st = t.state.borrow_mut();
    if p.pointer_type() == "touch" {
        st.touches.retain(|(id, _)| *id != p.pointer_id());
        st.touches.push((p.pointer_id(), x));
        if st.touches.len() > 1 {
            st.drag = None;
            return;
        }
    }
    // Shift, or a press on the axis band, draws a range instead of panning.
    let rect = t.ui.figure.get_bounding_client_rect();
    let on_axis =
        f64::from(p.client_y()) - rect.top() < 24.0 * rect.width() / f64::from(t.ui.figure.client_width().max(1));
    st.drag = Some(Drag {
        pointer: p.pointer_id(),
        x0: x,
        from: st.from,
        to: st.to,
        moved: false,
        brush: p.shift_key() || on_axis,
    });
    st.suppress_click = false;
}

fn on_pointer_move(t: &Timeline, e: &Event) {
    let Some(p) = e.dyn_ref::<PointerEvent>() else { return };
    let x = f64::from(p.client_x());
    // Pinch: two touch pointers; zoom by the change of their distance.
    let pinch = {
        let mut st = t.state.borrow_mut();
        let before = (st.touches.len() == 2).then(|| (st.touches[0].1 - st.touches[1].1).abs());
        if let Some(slot) = st.touches.iter_mut().find(|(id, _)| *id == p.pointer_id()) {
            slot.1 = x;
        }
        before.map(|b| (b, (st.touches[0].1 - st.touches[1].1).abs(), (st.touches[0].1 + st.touches[1].1) / 2.0))
    };
    if let Some((before, after, mid)) = pinch {
        if before > 10.0 && after > 10.0 {
            let (_, frac) = time_at(t, mid);
            zoom(t, before / after, frac);
        }
        return;
    }
    let Some(mut d) = t.state.borrow().drag.filter(|d| d.pointer == p.pointer_id()) else { return };
    let dx = x - d.x0;
    if !d.moved && dx.abs() < DRAG_SLOP {
        return;
    }
    if !d.moved {
        d.moved = true;
        let _ = t.ui.figure.set_pointer_capture(p.pointer_id());
        let _ = t.ui.figure.class_list().add_1("dragging");
    }
    if d.brush {
        let (at, _) = time_at(t, x);
        let (anchor, _) = time_at(t, d.x0);
        let mut st = t.state.borrow_mut();
        st.brushing = Some((anchor, at));
        st.drag = Some(d);
    } else {
        let rect = t.ui.figure.get_bounding_client_rect();
        let dt = (dx / rect.width().max(1.0) * (d.to - d.from) as f64) as i64;
        let mut st = t.state.borrow_mut();
        st.from = d.from - dt;
        st.to = d.to - dt;
        st.drag = Some(d);
        drop(st);
        schedule_pan(t);
        return;
    }
    schedule(t);
}

fn on_pointer_up(t: &Timeline, e: &Event) {
    let Some(p) = e.dyn_ref::<PointerEvent>() else { return };
    let (drag, brushing) = {
        let mut st = t.state.borrow_mut();
        st.touches.retain(|(id, _)| *id != p.pointer_id());
        let d = st.drag.filter(|d| d.pointer == p.pointer_id());
        if d.is_some() {
            st.drag = None;
        }
        (d, st.brushing.take())
    };
    let Some(d) = drag else { return };
    let _ = t.ui.figure.class_list().remove_1("dragging");
    if !d.moved {
        return;
    }
    t.state.borrow_mut().suppress_click = true;
    if d.brush {
        match brushing {
            Some((a, b)) if a != b => set_brush(t, Some((a.min(b), a.max(b)))),
            _ => schedule(t),
        }
    } else {
        announce_view(t);
    }
}

fn on_key(t: &Timeline, e: &Event) {
    let Some(k) = e.dyn_ref::<KeyboardEvent>() else { return };
    if k.ctrl_key() || k.meta_key() || k.alt_key() {
        return;
    }
    match k.key().as_str() {
        "ArrowLeft" => pan(t, -0.2),
        "ArrowRight" => pan(t, 0.2),
        "+" | "=" => zoom(t, 1.0 / 1.5, 0.5),
        "-" | "_" => zoom(t, 1.5, 0.5),
        "0" => reset(t),
        "Escape" if t.state.borrow().brush.is_some() => set_brush(t, None),
        _ => return,
    }
    e.prevent_default();
}

fn reset(t: &Timeline) {
    {
        let mut st = t.state.borrow_mut();
        (st.from, st.to) = st.home;
    }
    announce_view(t);
    schedule(t);
}

fn on_tool(t: &Timeline, e: &Event) {
    let Some(button) = target_closest(e, "button[data-tl]") else { return };
    match button.get_attribute("data-tl").as_deref() {
        Some("zoom-in") => zoom(t, 1.0 / 1.5, 0.5),
        Some("zoom-out") => zoom(t, 1.5, 0.5),
        Some("earlier") => pan(t, -0.5),
        Some("later") => pan(t, 0.5),
        Some("reset") => reset(t),
        Some(name @ ("lanes-severity" | "lanes-service")) => {
            let mode = name;
            let mode = if mode == "lanes-service" { LaneMode::Service } else { LaneMode::Severity };
            let lanes = Lanes::new(&t.state.borrow().bars, mode);
            t.state.borrow_mut().lanes = lanes;
            if let Ok(buttons) = t.ui.tools.query_selector_all("button[data-tl^=lanes-]") {
                for i in 0..buttons.length() {
                    let Some(b) = buttons.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
                    let on = b.get_attribute("data-tl").as_deref() == Some(name);
                    let _ = b.set_attribute("aria-pressed", if on { "true" } else { "false" });
                }
            }
            schedule(t);
        }
        _ => {}
    }
}

/// Tooltips for every timeline on the page: the hovered or focused element's `<title>`.
fn init_tooltips(doc: &Document) -> Result<(), JsValue> {
    if doc.query_selector(".debrief-timeline")?.is_none() {
        return Ok(());
    }
    let show = |e: Event| {
        let Some(el) = target_closest(
            &e,
            ".debrief-timeline a.bar, .debrief-timeline .event, .debrief-timeline .marker, .debrief-timeline .phase",
        ) else {
            return;
        };
        // The live timeline's bars carry their facts in `aria-label`, the static ones in `<title>`.
        let text = el
            .get_attribute("aria-label")
            .or_else(|| el.query_selector("title").ok().flatten().and_then(|t| t.text_content()));
        let Some(text) = text else { return };
        show_tip(&el, &text);
    };
    let hide = |e: Event| {
        if target_closest(&e, ".debrief-timeline").is_some() {
            hide_tip();
        }
    };
    listen(doc.as_ref(), "mouseover", show)?;
    listen(doc.as_ref(), "focusin", show)?;
    listen(doc.as_ref(), "mouseout", hide)?;
    listen(doc.as_ref(), "focusout", hide)?;
    Ok(())
}

fn show_tip(anchor: &Element, text: &str) {
    let Some(doc) = anchor.owner_document() else { return };
    let tip = TIP.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            let el: Option<HtmlElement> = doc.create_element("div").ok().and_then(|e| e.dyn_into().ok());
            if let (Some(el), Some(body)) = (&el, doc.body()) {
                el.set_class_name("timeline-tip");
                // The element's accessible name already carries the text.
                let _ = el.set_attribute("aria-hidden", "true");
                let _ = body.append_child(el);
            }
            *slot = el;
        }
        slot.clone()
    });
    let Some(tip) = tip else { return };
    tip.set_text_content(Some(text));
    let _ = tip.remove_attribute("hidden");
    let r = anchor.get_bounding_client_rect();
    let win = web_sys::window();
    let vw = win.as_ref().and_then(|w| w.inner_width().ok()).and_then(|v| v.as_f64()).unwrap_or(1024.0);
    let (sx, sy) = win.as_ref().map_or((0.0, 0.0), |w| (w.scroll_x().unwrap_or(0.0), w.scroll_y().unwrap_or(0.0)));
    let tw = f64::from(tip.offset_width());
    let left = (r.left() + sx).min(sx + vw - tw - 8.0).max(sx + 8.0);
    let top = r.bottom() + sy + 6.0;
    let style = tip.style();
    let _ = style.set_property("left", &format!("{}px", num(left.round())));
    let _ = style.set_property("top", &format!("{}px", num(top.round())));
}

fn hide_tip() {
    TIP.with(|slot| {
        if let Some(tip) = slot.borrow().as_ref() {
            let _ = tip.set_attribute("hidden", "");
        }
    });
}

/// Benchmark: the first render's milliseconds (decode, layout, SVG, DOM), then `frames`
/// pans of 2% of the view (ten back, ten forth, …) and `frames` zoom steps (ten in, ten
/// out, …), each timed from input to the DOM
/// updated and laid out (`getBoundingClientRect` forces layout). Returns
/// `[first, pan…, zoom…]` in milliseconds.
#[wasm_bindgen]
pub fn bench_timeline(frames: u32) -> Result<Vec<f64>, JsValue> {
    let t = timeline().ok_or_else(|| JsValue::from_str("no interactive timeline on this page"))?;
    let mut out = vec![t.state.borrow().first_render_ms];
    for i in 0..frames * 2 {
        let t0 = now_ms(&t.ui.win);
        if i < frames {
            // Back and forth over the first view (the newest incidents).
            pan(&t, if (i / 10) % 2 == 0 { -0.02 } else { 0.02 });
        } else {
            zoom(&t, if (i / 10) % 2 == 0 { 0.9 } else { 1.0 / 0.9 }, 0.5);
        }
        t.state.borrow_mut().frame_pending = false;
        draw(&t);
        let _ = t.ui.figure.get_bounding_client_rect();
        out.push(now_ms(&t.ui.win) - t0);
    }
    reset(&t);
    Ok(out)
}
