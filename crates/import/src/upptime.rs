//! upptime
