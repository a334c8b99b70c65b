//! `debrief-scaffold`: placeholder.
