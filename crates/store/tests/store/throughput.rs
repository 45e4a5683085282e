//! Ingest speed and memory of stock snapshots (first: all inserts; unchanged;
//! all changed), for Magento's source items and the ERP's stock per location.
//! Ignored by default; run in release:
//! `cargo test -p driftwatch-store --release -- --ignored --nocapture ingest_throughput`

use std::time::{Duration, Instant};

use chrono::Duration as Span;
use model::erp::LocationStock;
use model::{Decimal, Entity, SourceItem, System};
use store::FinishMode;

use crate::util::{Erp, Fixture, Magento, at};

const ROWS: usize = 1_000_000;
const SOURCES: usize = 20;
const BATCH: usize = 5_000;

fn quantity(i: usize, revision: i64) -> Decimal {
    Decimal::new((i as i64 * 7919 + revision) % 100_000, 4)
}

fn sku(i: usize) -> String {
    format!("MH{:06}-{}", i / SOURCES, ["XS", "M", "XL"][i % 3])
}

fn source_items(start: usize, revision: i64) -> Vec<SourceItem> {
    (start..(start + BATCH).min(ROWS))
        .map(|i| {
            let qty = quantity(i, revision);
            SourceItem {
                sku: sku(i),
                source_code: format!("wh-{:02}", i % SOURCES),
                quantity: qty,
                in_stock: !qty.is_zero(),
            }
        })
        .collect()
}

/// Per location, each with the time the ERP last changed it (a stored field,
/// so formatting it is part of the cost).
fn erp_stock(start: usize, revision: i64) -> Vec<LocationStock> {
    (start..(start + BATCH).min(ROWS))
        .map(|i| LocationStock {
            item_number: sku(i),
            location_code: Some(format!("WH-{:02}", i % SOURCES)),
            quantity: quantity(i, revision),
            last_modified: Some(at(-10_000) + Span::seconds(i as i64 + revision)),
        })
        .collect()
}

#[derive(Clone, Copy, Debug)]
enum Stock {
    SourceItems,
    Erp,
}

/// Time spent inside the store: wall clock, and this thread's CPU time (Linux
/// only), which stays meaningful when other work shares the machine.
#[derive(Default)]
pub struct Spent {
    pub wall: Duration,
    cpu: Option<Duration>,
}

impl Spent {
    pub fn measure<T>(&mut self, f: impl FnOnce() -> T) -> T {
        let (w0, c0) = (Instant::now(), thread_cpu());
        let out = f();
        self.wall += w0.elapsed();
        self.cpu = match (self.cpu, c0, thread_cpu()) {
            (Some(sum), Some(a), Some(b)) => Some(sum + (b - a)),
            (None, Some(a), Some(b)) => Some(b - a),
            _ => None,
        };
        out
    }

    pub fn rates(&self, rows: usize) -> String {
        let per_s = |d: Duration| rows as f64 / d.as_secs_f64();
        match self.cpu {
            Some(cpu) => format!(
                "{:.2} s = {:.0} rows/s wall, {:.2} s = {:.0} rows/s of CPU",
                self.wall.as_secs_f64(),
                per_s(self.wall),
                cpu.as_secs_f64(),
                per_s(cpu)
            ),
            None => format!(
                "{:.2} s = {:.0} rows/s",
                self.wall.as_secs_f64(),
                per_s(self.wall)
            ),
        }
    }
}

/// CPU time of the calling thread, from /proc (nanosecond resolution).
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// Writes all rows in batches; returns the time spent creating the writer, the
/// time spent inside `write`/`finish` (row generation excluded) and the rows stored.
fn ingest(f: &mut Fixture, stock: Stock, minute: i64, revision: i64) -> (Spent, Spent, u64) {
    let run = f.begin(minute);
    let mut load = Spent::default();
    let mut busy = Spent::default();
    let mut stored = 0;
    match stock {
        Stock::SourceItems => {
            let mut w = load.measure(|| f.store.source_items_writer(run, Magento).unwrap());
            for start in (0..ROWS).step_by(BATCH) {
                let rows = source_items(start, revision);
                stored += busy.measure(|| w.write(&rows).unwrap().stored);
            }
            busy.measure(|| w.finish(FinishMode::FullReadComplete).unwrap());
        }
        Stock::Erp => {
            let mut w = load.measure(|| f.store.erp_stock_writer(run, Erp).unwrap());
            for start in (0..ROWS).step_by(BATCH) {
                let rows = erp_stock(start, revision);
                stored += busy.measure(|| w.write(&rows).unwrap().stored);
            }
            busy.measure(|| w.finish(FinishMode::FullReadComplete).unwrap());
        }
    }
    f.finish(run, minute + 1);
    (load, busy, stored)
}

pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

#[test]
#[ignore = "measurement: run in release with --ignored --nocapture"]
fn ingest_throughput() {
    for (stock, system, what) in [
        (Stock::SourceItems, Magento, "source items"),
        (Stock::Erp, Erp, "ERP stock rows"),
    ] {
        // A fresh database each: both are measured from an empty file.
        let rate = measure(stock, system, what);
        if !cfg!(debug_assertions) && rate < 500_000.0 {
            println!(
                "WARNING: first snapshot of {what} below 500k rows/s wall ({rate:.0}); machine busy?"
            );
        }
    }
    if let Some(mb) = peak_rss_mb() {
        println!("peak RSS of the test process: {mb:.0} MB");
        assert!(mb < 500.0, "peak memory {mb:.0} MB");
    }
}

/// Three snapshots of one stock table; returns the first one's rows/s (wall).
fn measure(stock: Stock, system: System, what: &str) -> f64 {
    let mut f = Fixture::new();
    let (_, busy, stored) = ingest(&mut f, stock, 0, 0);
    assert_eq!(stored, ROWS as u64);
    println!(
        "first snapshot, {ROWS} {what} in batches of {BATCH}: {}",
        busy.rates(ROWS)
    );
    let rate = ROWS as f64 / busy.wall.as_secs_f64();

    let (load, busy, stored) = ingest(&mut f, stock, 10, 0);
    assert_eq!(stored, 0);
    println!(
        "  unchanged snapshot: writer load {:.2} s; compare {}",
        load.wall.as_secs_f64(),
        busy.rates(ROWS)
    );

    let (load, busy, stored) = ingest(&mut f, stock, 20, 1);
    assert_eq!(stored, ROWS as u64);
    println!(
        "  all-changed snapshot: writer load {:.2} s; close and insert {}",
        load.wall.as_secs_f64(),
        busy.rates(ROWS)
    );
    assert_eq!(
        f.store.stored_versions_of(Entity::Stock, system).unwrap(),
        2 * ROWS as u64
    );
    let file = std::fs::metadata(f.db_path()).unwrap().len();
    println!(
        "  database file: {:.0} MB for {} versions",
        file as f64 / 1e6,
        2 * ROWS
    );
    rate
}
