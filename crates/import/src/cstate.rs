//! cstate
