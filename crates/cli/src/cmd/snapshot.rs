//! `driftwatch snapshot`: read the systems into the local database.

use model::{Entity, PartStatus, RunStatus};

use crate::progress::TerminalProgress;
use crate::{Context, Failure};

/// What to read: shared by `snapshot` and `refresh`.
#[derive(Debug, clap::Args)]
pub struct ReadArgs {
    /// Comma-separated: orders,stock,prices (default: the config's snapshot.entities).
    #[arg(long, value_delimiter = ',')]
    pub entities: Option<Vec<Entity>>,
    /// Read everything, ignoring the watermarks of incremental reads.
    #[arg(long)]
    pub full: bool,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    read: ReadArgs,
    /// Print a JSON summary on stdout instead of a table.
    #[arg(long)]
    json: bool,
}

pub async fn run(context: &Context, args: Args) -> Result<u8, Failure> {
    let config = context.config()?;
    let request = engine::refresh::snapshot_request(&config, args.read.entities, args.read.full);
    let progress = TerminalProgress::new();
    let report = engine::snapshot::run(&config, &context.data_dir, &request, &progress).await?;
    progress.clear();
    if args.json {
        super::print_json(&report)?;
    } else {
        print_summary(&report);
    }
    Ok(match report.status {
        RunStatus::Complete => 0,
        _ => 1,
    })
}

fn system_name(system: model::System) -> &'static str {
    match system {
        model::System::Magento => "Magento",
        model::System::Erp => "ERP",
    }
}

pub(crate) fn print_summary(report: &engine::SnapshotReport) {
    for run in &report.recovered_runs {
        println!("Snapshot {run} had been interrupted; it is marked failed and left out.");
    }
    println!("Snapshot {} — {}", report.run_id, report.status);
    println!(
        "{:<8} {:<8} {:<9} {:>10} {:>10} {:>7} {:>8} {:>8}",
        "entity", "system", "status", "read", "stored", "pages", "retries", "seconds"
    );
    for part in &report.parts {
        println!(
            "{:<8} {:<8} {:<9} {:>10} {:>10} {:>7} {:>8} {:>8.1}",
            part.entity.as_str(),
            part.system.as_str(),
            part.status.as_str(),
            part.rows_read,
            part.rows_stored,
            part.pages,
            part.retries,
            part.seconds
        );
    }
    for part in &report.parts {
        let which = format!("{} {}", system_name(part.system), part.entity);
        for warning in &part.warnings {
            println!("warning ({which}): {warning}");
        }
        for error in &part.errors {
            println!("error ({which}): {error}");
        }
        if part.status == PartStatus::Partial {
            println!(
                "{which} is PARTIAL: some pages could not be read; reconciliation will say so."
            );
        }
    }
}
