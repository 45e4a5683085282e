// Generated from the #[tauri::command] handlers in src-tauri/src/commands.rs by src-tauri/src/ipc.rs: do not edit.
// Regenerate: DRIFTWATCH_WRITE_BINDINGS=1 cargo test -p driftwatch-desktop ipc

/// Every command the UI may call.
pub const COMMANDS: &[&str] = &[
    "app_state",
    "start_demo",
    "connect_forms",
    "connect_systems",
    "test_connections",
    "connections",
    "save_secret",
    "delete_secret",
    "rules_document",
    "mapping_choices",
    "save_rules",
    "overview",
    "mismatches",
    "mismatch_detail",
    "decide_mismatch",
    "stock_history",
    "snapshot_runs",
    "snapshot_now",
    "reconcile_now",
    "export_mismatches",
];
