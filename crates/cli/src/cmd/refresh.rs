//! `driftwatch refresh`: snapshot the configured entities, then reconcile: the one
//! command for cron and monitoring (the app's "Snapshot now" does the same).

use model::RunStatus;

use crate::progress::TerminalProgress;
use crate::{Context, Failure};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    read: super::snapshot::ReadArgs,
    /// Report stock and price differences without re-reading them from both systems first.
    #[arg(long)]
    no_confirm: bool,
    /// Print a JSON report (`snapshot` and `reconciliation`) on stdout instead of summaries.
    #[arg(long)]
    json: bool,
}

/// 0 when the snapshot was complete, 1 when it was partial or failed (the reconciliation
/// still ran, on the latest complete snapshots, and says so).
pub async fn run(context: &Context, args: Args) -> Result<u8, Failure> {
    let config = context.config()?;
    let request = engine::refresh::RefreshRequest {
        entities: args.read.entities,
        full: args.read.full,
        confirm: !args.no_confirm,
    };
    let progress = TerminalProgress::new();
    let report = engine::refresh::run(&config, &context.data_dir, &request, &progress).await?;
    progress.clear();
    if args.json {
        super::print_json(&report)?;
    } else {
        super::snapshot::print_summary(&report.snapshot);
        println!();
        super::reconcile::print_summary(&report.reconciliation);
    }
    Ok(match report.snapshot.status {
        RunStatus::Complete => 0,
        _ => 1,
    })
}
