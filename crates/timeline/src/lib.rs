//! `debrief-timeline`: timeline layout (time scales, lanes, ticks) producing a scene that
//! renders to SVG, at build time natively and in the browser through wasm32. Filled by the
//! timeline issue.
