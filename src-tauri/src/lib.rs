//! The desktop shell: Tauri commands of a few lines over `engine`, the app's state (which
//! configuration and data directory it works on, the demo's simulators), progress events and
//! errors that cross IPC as `{code, message}`. No business logic lives here.

pub mod bindings;
mod command_names;
mod commands;
mod demo_dir;
mod error;
mod exports;
pub mod ipc;
mod memory;
mod progress;
mod software_gl;
mod state;

pub use command_names::COMMANDS;
pub use error::{ErrorCode, IpcError};
pub use progress::ProgressEvent;
pub use state::{AppMode, AppStateView, ConnectionTest, Decision, MismatchQuery, RulesSaved};

/// Logs go to stderr, or to the file `DRIFTWATCH_LOG_FILE` names (appended): a window started
/// from a launcher has no terminal to read them in. They never hold a secret.
fn log_writer() -> tracing_subscriber::fmt::writer::BoxMakeWriter {
    use tracing_subscriber::fmt::writer::BoxMakeWriter;
    let file = std::env::var_os("DRIFTWATCH_LOG_FILE").and_then(|path| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .inspect_err(|e| eprintln!("cannot write the log to {}: {e}", path.display()))
            .ok()
    });
    match file {
        Some(file) => BoxMakeWriter::new(std::sync::Mutex::new(file)),
        None => BoxMakeWriter::new(std::io::stderr),
    }
}

/// Starts the app: the configuration named by `--config FILE` or `DRIFTWATCH_CONFIG` (else
/// the default file, if present), the data directory of `--data-dir DIR` or
/// `DRIFTWATCH_DATA_DIR` (else the default), and `--demo` to open on the demo right away.
pub fn run() {
    let software_gl = software_gl::before_gtk();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("DRIFTWATCH_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_ansi(std::env::var_os("DRIFTWATCH_LOG_FILE").is_none())
        .with_writer(log_writer())
        .init();
    let app = state::App::from_args(std::env::args().skip(1));
    memory::trim_when_idle();
    let commands: fn(tauri::ipc::Invoke) -> bool = tauri::generate_handler![
        commands::app_state,
        commands::start_demo,
        commands::connect_forms,
        commands::connect_systems,
        commands::test_connections,
        commands::connections,
        commands::save_secret,
        commands::delete_secret,
        commands::rules_document,
        commands::mapping_choices,
        commands::save_rules,
        commands::overview,
        commands::mismatches,
        commands::mismatch_detail,
        commands::decide_mismatch,
        commands::stock_history,
        commands::snapshot_runs,
        commands::snapshot_now,
        commands::reconcile_now,
        commands::export_mismatches,
    ];
    tauri::Builder::default()
        .manage(app)
        .invoke_handler(move |invoke| {
            // The command's name only: its arguments may hold a secret being saved.
            tracing::debug!(command = invoke.message.command(), "command");
            memory::used();
            commands(invoke)
        })
        // The window is built here rather than from the configuration (`create: false`) so
        // that GTK has started and the web process it spawns sees the final environment.
        .setup(move |app| {
            software_gl.after_gtk();
            for window in app.config().app.windows.clone() {
                tauri::WebviewWindowBuilder::from_config(app.handle(), &window)?.build()?;
            }
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("running the Driftwatch window");
}
