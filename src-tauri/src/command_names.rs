/// Every command the UI may call.
pub const COMMANDS: &[&str] = &[
    "app_state",
    "start_demo",
    "connect_forms",
    "connect_systems",
    "test_connections",
    "overview",
    "mismatches",
    "mismatch_detail",
    "decide_mismatch",
    "stock_history",
    "snapshot_runs",
    "snapshot_now",
    "reconcile_now",
    "save_export",
];
