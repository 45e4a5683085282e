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
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).map_err(anyhow::Error::from)?
        );
    } else if args.csv {
        print!("{}", csv(&rows));
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
        println!(
            "{}",
            serde_json::to_string_pretty(&view).map_err(anyhow::Error::from)?
        );
    } else {
        println!(
            "Mismatch {} ({} {}) is now {}.",
            view.id, view.kind, view.key, view.state
        );
    }
    Ok(0)
}

const COLUMNS: [&str; 15] = [
    "id",
    "entity",
    "kind",
    "key",
    "magento",
    "erp",
    "delta",
    "value_at_risk",
    "currency",
    "first_seen",
    "last_seen",
    "age_days",
    "occurrences",
    "state",
    "note",
];

fn cells(v: &MismatchView) -> [String; 15] {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let num = |o: Option<model::Decimal>| o.map(|d| d.normalize().to_string()).unwrap_or_default();
    [
        v.id.to_string(),
        v.entity.to_string(),
        v.kind.to_string(),
        v.key.clone(),
        opt(&v.magento),
        opt(&v.erp),
        num(v.delta),
        num(v.value_at_risk),
        opt(&v.currency),
        v.first_seen.to_rfc3339(),
        v.last_seen.to_rfc3339(),
        v.age_days.to_string(),
        v.occurrences.to_string(),
        v.state.to_string(),
        opt(&v.note),
    ]
}

/// RFC 4180: fields with commas, quotes or line breaks are quoted, quotes doubled. A leading
/// `=`, `+`, `-` or `@` is prefixed with `'` so a spreadsheet never runs a cell as a formula.
fn csv(rows: &[MismatchView]) -> String {
    let field = |s: &str| {
        let s = if s.starts_with(['=', '+', '@'])
            || (s.starts_with('-') && s.parse::<f64>().is_err())
        {
            format!("'{s}")
        } else {
            s.to_string()
        };
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s
        }
    };
    let mut out = COLUMNS.join(",");
    out.push_str("\r\n");
    for row in rows {
        let line: Vec<String> = cells(row).iter().map(|c| field(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let view = MismatchView {
            id: 7,
            entity: MismatchEntity::Order,
            kind: MismatchKind::TotalMismatch,
            key: "000000042".into(),
            key_parts: model::MismatchKey::order("000000042"),
            magento: Some("10, \"ten\" USD".into()),
            erp: Some("=HYPERLINK(\"x\")".into()),
            delta: Some("-1.50".parse().unwrap()),
            value_at_risk: Some("1.5".parse().unwrap()),
            currency: Some("USD".into()),
            first_seen: "2026-03-01T00:00:00Z".parse().unwrap(),
            last_seen: "2026-03-02T00:00:00Z".parse().unwrap(),
            age_days: 1,
            occurrences: 2,
            state: MismatchState::Open,
            note: None,
            actor: None,
        };
        let text = csv(&[view]);
        let line = text.lines().nth(1).unwrap();
        assert_eq!(
            line,
            "7,order,total_mismatch,000000042,\"10, \"\"ten\"\" USD\",\"'=HYPERLINK(\"\"x\"\")\",-1.5,1.5,USD,2026-03-01T00:00:00+00:00,2026-03-02T00:00:00+00:00,1,2,open,"
        );
        assert!(text.starts_with("id,entity,kind,key,"));
    }
}
