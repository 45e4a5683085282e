//! `driftwatch reconcile`: compare the latest snapshots of both systems and update the
//! mismatch list.

use engine::reconcile::ReconReport;
use engine::{ReconProgress, ReconRequest};
use model::MismatchEntity;

use crate::{Context, Failure};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print a JSON report on stdout instead of a summary.
    #[arg(long)]
    json: bool,
    /// Report stock and price differences without re-reading them from both systems first.
    #[arg(long)]
    no_confirm: bool,
}

/// One line per stage on stderr: a reconciliation takes seconds, not minutes.
struct Stages;

impl ReconProgress for Stages {
    fn stage(&self, entity: MismatchEntity, what: &str) {
        eprintln!("{entity}: {what}…");
    }
}

pub async fn run(context: &Context, args: Args) -> Result<u8, Failure> {
    let config = context.config()?;
    let request = ReconRequest {
        confirm: !args.no_confirm,
    };
    let report = engine::reconcile::run(&config, &context.data_dir, &request, &Stages).await?;
    if args.json {
        super::print_json(&report)?;
    } else {
        print_summary(&report);
    }
    Ok(0)
}

pub(crate) fn print_summary(report: &ReconReport) {
    let found: u64 = report
        .entities
        .iter()
        .flat_map(|e| e.mismatches.values())
        .sum();
    println!(
        "Reconciliation {} — {found} mismatches ({} new, {} back again, {} still open), {} resolved, {} transient{}",
        report.recon_run.0,
        report.opened,
        report.reopened,
        report.still_open,
        report.resolved,
        report.transients.len(),
        if report.partial { " — PARTIAL" } else { "" }
    );
    for label in &report.labels {
        println!("note: {label}");
    }
    println!(
        "{:<7} {:>14} {:>14} {:>10} {:>10} {:>11}",
        "entity", "Magento run", "ERP run", "Magento", "ERP", "mismatches"
    );
    for e in &report.entities {
        let run = |c: &Option<engine::reconcile::Chosen>| {
            c.map_or("none".to_string(), |c| {
                format!("{} ({})", c.run.0, c.status.as_str())
            })
        };
        println!(
            "{:<7} {:>14} {:>14} {:>10} {:>10} {:>11}",
            e.entity.as_str(),
            run(&e.magento_snapshot),
            run(&e.erp_snapshot),
            e.compared.magento_rows,
            e.compared.erp_rows,
            e.mismatches.values().sum::<u64>()
        );
        for (kind, n) in &e.mismatches {
            println!("        {:<24} {n:>8}", kind.as_str());
        }
        if e.compared.in_flight > 0 {
            println!(
                "        {} orders are younger than the grace period (in flight, not checked yet)",
                e.compared.in_flight
            );
        }
        for note in &e.notes {
            println!("        {note}");
        }
    }
    if !report.control_totals.is_empty() {
        println!("Control totals (orders due in the ERP vs orders in the ERP), latest days:");
        println!(
            "{:<10} {:<4} {:>8} {:>14} {:>8} {:>14} {:>16}",
            "day", "cur", "Magento", "revenue", "ERP", "revenue", "Magento − ERP"
        );
        let start = report.control_totals.len().saturating_sub(7);
        for t in &report.control_totals[start..] {
            println!(
                "{:<10} {:<4} {:>8} {:>14} {:>8} {:>14} {:>16}",
                t.day,
                t.currency,
                t.magento_orders,
                t.magento_revenue.round_dp(2),
                t.erp_orders,
                t.erp_revenue.round_dp(2),
                t.revenue_difference().round_dp(2)
            );
        }
    }
    println!("List them with `driftwatch mismatches` (add --json or --csv to export).");
}
