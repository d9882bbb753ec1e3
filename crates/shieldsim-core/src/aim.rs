//! aim (todo)
