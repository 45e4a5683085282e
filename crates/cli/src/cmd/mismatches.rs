//! `driftwatch mismatches`, `ack` and `ignore`: the mismatch list and a person's decisions.

use engine::mismatches::{MismatchFilter, MismatchView};
use model::{MismatchEntity, MismatchKind, MismatchState};

use crate::{Context, Failure};

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// order, stock or price.
    #[arg(long)]
    entity: Option<MismatchEntity>,
    /// e.g. missing_in_erp, qty_mismatch, price_mismatch.
    #[arg(long)]
    kind: Option<MismatchKind>,
    /// open, acknowledged, ignored, replayed or resolved.
    #[arg(long)]
    state: Option<MismatchState>,
    /// At most this many, largest value at risk first.
    #[arg(long)]
    limit: Option<usize>,
    /// JSON array on stdout.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// CSV on stdout (for a spreadsheet).
    #[arg(long)]
    csv: bool,
}

#[derive(Debug, clap::Args)]
pub struct DecideArgs {
    /// The mismatch's id (first column of `driftwatch mismatches`).
    id: i64,
    /// Why: kept in the mismatch's history with your user name.
    #[arg(long)]
    note: String,
    #[arg(long)]
    json: bool,
}

pub async fn list(context: &Context, args: ListArgs) -> Result<u8, Failure> {
    let filter = MismatchFilter {
        entity: args.entity,
        kind: args.kind,
        state: args.state,
        limit: args.limit,
    };
    let rows = engine::mismatches::list(&context.data_dir, &filter)?;
    if args.json {
        super::print_json(&rows)?;
    } else if args.csv {
        print!("{}", engine::export::mismatches_csv(&rows));
    } else {
        print_table(&rows);
    }
    Ok(0)
}

pub async fn decide(
    context: &Context,
    args: DecideArgs,
    state: MismatchState,
) -> Result<u8, Failure> {
    let view = engine::mismatches::decide(&context.data_dir, args.id, state, &args.note)?;
    if args.json {
        super::print_json(&view)?;
    } else {
        println!(
            "Mismatch {} ({} {}) is now {}.",
            view.id, view.kind, view.key, view.state
        );
    }
    Ok(0)
}

fn print_table(rows: &[MismatchView]) {
    if rows.is_empty() {
        println!(
            "No mismatches match. Run `driftwatch reconcile` after a snapshot to look for some."
        );
        return;
    }
    let clip = |s: &str, n: usize| {
        if s.chars().count() > n {
            format!("{}…", s.chars().take(n - 1).collect::<String>())
        } else {
            s.to_string()
        }
    };
    println!(
        "{:>6} {:<6} {:<22} {:<30} {:<22} {:<22} {:>12} {:>5} {:<12}",
        "id", "entity", "kind", "key", "Magento", "ERP", "at risk", "days", "state"
    );
    for v in rows {
        println!(
            "{:>6} {:<6} {:<22} {:<30} {:<22} {:<22} {:>12} {:>5} {:<12}",
            v.id,
            v.entity.as_str(),
            v.kind.as_str(),
            clip(&v.key, 30),
            clip(v.magento.as_deref().unwrap_or("—"), 22),
            clip(v.erp.as_deref().unwrap_or("—"), 22),
            v.value_at_risk
                .map(|d| d.round_dp(2).to_string())
                .unwrap_or_default(),
            v.age_days,
            v.state.as_str()
        );
    }
    println!("{} mismatches.", rows.len());
}
