//! `driftwatch`: the engine, headless and scriptable. Results go to stdout
//! (JSON with `--json`), progress and logs to stderr. Exit codes: 0 success,
//! 1 failure, 2 bad usage or configuration, 3 a check found an alert.

mod cmd;
mod progress;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

// glibc's malloc spent a fifth of a large reconciliation in its free lists (polars and the
// snapshot rows allocate millions of small buffers); mimalloc halves that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(
    name = "driftwatch",
    version,
    about = "Finds and fixes silent Magento <-> ERP sync failures"
)]
struct Cli {
    /// Configuration file (default: the OS config dir, e.g. ~/.config/driftwatch/config.toml).
    #[arg(long, global = true, env = "DRIFTWATCH_CONFIG")]
    config: Option<PathBuf>,
    /// Where snapshots are kept (default: the OS data dir, e.g. ~/.local/share/driftwatch).
    #[arg(long, global = true, env = "DRIFTWATCH_DATA_DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read orders, stock and prices from Magento and the ERP into the local database.
    Snapshot(cmd::snapshot::Args),
    /// Compare the latest snapshots of Magento and the ERP and update the mismatch list.
    Reconcile(cmd::reconcile::Args),
    /// List mismatches (filter by entity, kind, state; export as JSON or CSV).
    Mismatches(cmd::mismatches::ListArgs),
    /// Acknowledge a mismatch: someone is on it (a note is required).
    Ack(cmd::mismatches::DecideArgs),
    /// Ignore a mismatch: it does not matter (a note is required); it stays tracked.
    Ignore(cmd::mismatches::DecideArgs),
    /// Serve a simulated Magento and ERP with realistic drift and faults (the demo's).
    Sim(cmd::sim::Args),
    /// Store, remove or check the secrets a connection signs in with.
    Credentials(cmd::credentials::Args),
    /// Connect to your Magento store and ERP: asks for the settings and secrets, then tests.
    Connect(cmd::connect::Args),
    /// List the configured connections and where their secrets are found.
    Connections(cmd::connections::Args),
    /// Show how Magento's sources, SKUs and price lists map to the ERP's, against the live systems.
    Mapping(cmd::mapping::Args),
    /// Snapshot the configured entities, then reconcile (for cron and monitoring).
    Refresh(cmd::refresh::Args),
    /// Measure performance against the simulator.
    Bench(cmd::bench::Args),
}

/// A failure and the exit code it deserves.
#[derive(Debug)]
pub struct Failure {
    code: u8,
    error: anyhow::Error,
}

impl Failure {
    pub fn usage(error: impl Into<anyhow::Error>) -> Self {
        Self {
            code: 2,
            error: error.into(),
        }
    }
    pub fn failed(error: impl Into<anyhow::Error>) -> Self {
        Self {
            code: 1,
            error: error.into(),
        }
    }
}

impl From<engine::Error> for Failure {
    fn from(error: engine::Error) -> Self {
        let code = if error.is_usage() { 2 } else { 1 };
        Self {
            code,
            error: error.into(),
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        Self::failed(error)
    }
}

#[derive(Debug)]
pub struct Context {
    config_path: PathBuf,
    data_dir: PathBuf,
}

impl Context {
    pub fn config(&self) -> Result<model::Config, Failure> {
        Ok(engine::paths::load_config(&self.config_path)?)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("DRIFTWATCH_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let locations = engine::paths::Locations::resolve(cli.config, cli.data_dir);
    let context = Context {
        config_path: locations.config_file,
        data_dir: locations.data_dir,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Snapshot(args) => cmd::snapshot::run(&context, args).await,
            Command::Reconcile(args) => cmd::reconcile::run(&context, args).await,
            Command::Mismatches(args) => cmd::mismatches::list(&context, args).await,
            Command::Ack(args) => {
                cmd::mismatches::decide(&context, args, model::MismatchState::Acknowledged).await
            }
            Command::Ignore(args) => {
                cmd::mismatches::decide(&context, args, model::MismatchState::Ignored).await
            }
            Command::Sim(args) => cmd::sim::run(args).await,
            Command::Credentials(args) => cmd::credentials::run(&context, args).await,
            Command::Connect(args) => cmd::connect::run(&context, args).await,
            Command::Connections(args) => cmd::connections::run(&context, args).await,
            Command::Mapping(args) => cmd::mapping::run(&context, args).await,
            Command::Refresh(args) => cmd::refresh::run(&context, args).await,
            Command::Bench(args) => cmd::bench::run(args).await,
        }
    });
    match result {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            eprintln!("error: {:#}", failure.error);
            ExitCode::from(failure.code)
        }
    }
}
