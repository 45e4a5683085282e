//! End-to-end suites live in `desktop/`; this crate has no library code of its own.
