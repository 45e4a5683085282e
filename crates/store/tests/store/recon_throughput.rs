//! Recording speed of a large reconciliation: 100,000 findings, all new; all
//! seen again (a tenth with other values); half of them gone; the gone half
//! back. Ignored by default; run in release:
//! `cargo test -p driftwatch-store --release -- --ignored --nocapture recon_throughput`

use model::{Decimal, Finding, MismatchKey, MismatchKind};
use store::{MismatchFilter, ReconOutcome};

use crate::throughput::{Spent, peak_rss_mb};
use crate::util::{Fixture, Recon};

const FINDINGS: usize = 100_000;

/// Half stock, half orders; `revision` changes the values of every tenth.
fn finding(i: usize, revision: i64) -> Finding {
    let changed = if i.is_multiple_of(10) { revision } else { 0 };
    let delta = Decimal::new((i as i64 % 997) + 1 + changed, 2);
    let (kind, key) = if i.is_multiple_of(2) {
        (
            MismatchKind::QtyMismatch,
            MismatchKey::stock(format!("MH{:06}-M", i / 20), format!("wh-{:02}", i % 20)),
        )
    } else {
        (
            MismatchKind::TotalMismatch,
            MismatchKey::order(format!("{:09}", 100_000_000 + i)),
        )
    };
    Finding {
        kind,
        key,
        magento: Some(format!("{}", Decimal::new(i as i64 % 5_000, 2))),
        erp: Some(format!("{}", Decimal::new(i as i64 % 5_000, 2) + delta)),
        delta: Some(delta),
        value_at_risk: Some(delta * Decimal::new(1990, 2)),
        currency: Some("EUR".into()),
    }
}

fn record(f: &mut Fixture, what: &str, minute: i64, findings: Vec<Finding>) -> ReconOutcome {
    let recon = Recon::at(minute, findings);
    let mut spent = Spent::default();
    let outcome = spent.measure(|| f.recon(&recon));
    println!(
        "{what}: {} findings: {}",
        recon.findings.len(),
        spent.rates(recon.findings.len())
    );
    if !cfg!(debug_assertions) && spent.wall.as_secs_f64() > 1.0 {
        println!("WARNING: {what} took over 1 s; machine busy?");
    }
    outcome
}

#[test]
#[ignore = "measurement: run in release with --ignored --nocapture"]
fn recon_throughput() {
    let mut f = Fixture::new();
    let n = FINDINGS as u64;
    let all = |revision| (0..FINDINGS).map(|i| finding(i, revision)).collect();

    let out = record(&mut f, "all new", 0, all(0));
    assert_eq!((out.opened, out.still_open, out.resolved), (n, 0, 0));

    let out = record(&mut f, "all seen again, a tenth changed", 10, all(1));
    assert_eq!((out.opened, out.still_open, out.resolved), (0, n, 0));

    let half = (0..FINDINGS).step_by(2).map(|i| finding(i, 1)).collect();
    let out = record(&mut f, "half gone", 20, half);
    assert_eq!((out.still_open, out.resolved), (n / 2, n / 2));

    let out = record(&mut f, "the gone half back", 30, all(1));
    assert_eq!(
        (out.reopened, out.still_open, out.resolved),
        (n / 2, n / 2, 0)
    );

    let mut spent = Spent::default();
    let listed = spent.measure(|| {
        f.store
            .mismatches(&MismatchFilter {
                limit: Some(50),
                ..Default::default()
            })
            .unwrap()
    });
    assert_eq!(listed.len(), 50);
    println!(
        "  the 50 largest of {n} mismatches by value at risk: {:.0} ms",
        spent.wall.as_secs_f64() * 1e3
    );
    let file = std::fs::metadata(f.db_path()).unwrap().len();
    println!("  database file: {:.0} MB", file as f64 / 1e6);
    if let Some(mb) = peak_rss_mb() {
        println!("peak RSS of the test process: {mb:.0} MB");
    }
}
