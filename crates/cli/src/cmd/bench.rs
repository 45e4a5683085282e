//! `driftwatch bench snapshot`: a snapshot of orders and stock against the
//! simulator with per-page latency, at several concurrencies in one run, so
//! the sequential baseline and the speed-up come from the same machine and
//! data. The simulator and each snapshot run in their own processes, so the
//! peak memory reported is the snapshot's alone.

use anyhow::{Context as _, bail};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::Failure;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, clap::Subcommand)]
enum What {
    /// Snapshot orders and stock from a slow simulated Magento.
    Snapshot(SnapshotArgs),
    /// Reconcile large synthetic snapshots in memory (no I/O), optionally writing the compared
    /// frames as CSV for another tool (scripts/bench/recon.sh runs datacompy on them).
    Recon(super::bench_recon::Args),
}

#[derive(Debug, clap::Args)]
struct SnapshotArgs {
    #[arg(long, default_value_t = 100_000)]
    orders: u64,
    #[arg(long, default_value_t = 50_000)]
    skus: u64,
    #[arg(long, default_value_t = 20)]
    sources: u32,
    /// Simulated latency of every page, in milliseconds.
    #[arg(long, default_value_t = 50)]
    latency_ms: u64,
    /// Concurrencies to compare; the first is the baseline.
    #[arg(long, value_delimiter = ',', default_value = "1,4,8")]
    concurrency: Vec<u32>,
    #[arg(long, default_value_t = 300)]
    page_size: u32,
    /// Snapshot orders from Magento and the simulated Business Central (sales
    /// orders and posted invoices with lines, 1000 a page) instead of orders
    /// and stock from Magento alone.
    #[arg(long)]
    erp: bool,
    /// Rows per Business Central page (`Prefer: odata.maxpagesize`) with `--erp`.
    #[arg(long, default_value_t = 1000)]
    erp_page_size: u32,
}

struct SimChild(Child);

impl Drop for SimChild {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub async fn run(args: Args) -> Result<u8, Failure> {
    match args.what {
        What::Snapshot(args) => tokio::task::spawn_blocking(move || bench_snapshot(&args))
            .await
            .context("bench task")??,
        What::Recon(args) => tokio::task::spawn_blocking(move || super::bench_recon::run(&args))
            .await
            .context("bench task")??,
    }
    Ok(0)
}

fn bench_snapshot(args: &SnapshotArgs) -> anyhow::Result<()> {
    let exe = std::env::current_exe().context("finding the driftwatch binary")?;
    let work = tempfile_dir()?;
    let sim_config = work.join("sim.toml");
    let mut sim = Command::new(&exe);
    sim.args(["sim", "--orders", &args.orders.to_string()])
        .args(["--skus", &args.skus.to_string()])
        .args(["--sources", &args.sources.to_string()])
        .args(["--page-size", &args.page_size.to_string()]);
    // The simulator refuses a zero delay; no delay is simply no fault.
    if args.latency_ms > 0 {
        sim.args(["--fault", &format!("slow:ms={}", args.latency_ms)]);
    }
    if args.erp {
        if args.latency_ms > 0 {
            sim.args(["--fault", &format!("bc-slow:ms={}", args.latency_ms)]);
        }
    } else {
        sim.arg("--no-erp");
    }
    let entities = if args.erp { "orders" } else { "orders,stock" };
    let _sim = SimChild(
        sim.arg("--write-config")
            .arg(&sim_config)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting the simulator")?,
    );
    wait_for_base_url(&sim_config)?;
    let sim_config_text = std::fs::read_to_string(&sim_config)?;
    if args.erp {
        eprintln!(
            "bench snapshot --erp: {} Magento orders and their Business Central twins, {} ms per page, page size {}",
            args.orders, args.latency_ms, args.page_size
        );
    } else {
        eprintln!(
            "bench snapshot: {} orders, {} source items ({} SKUs x {} sources), {} ms per page, page size {}",
            args.orders,
            args.skus * u64::from(args.sources),
            args.skus,
            args.sources,
            args.latency_ms,
            args.page_size
        );
    }
    println!(
        "| concurrency | entity | rows | wall s | rows/s | speed-up | pages | SQLite ingest rows/s | peak RSS MB |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let mut baseline: Option<f64> = None;
    for &concurrency in &args.concurrency {
        let config = work.join(format!("c{concurrency}.toml"));
        // The simulator's own config (with the ERP and mappings when asked),
        // at this run's Magento concurrency.
        std::fs::write(
            &config,
            sim_config_text
                .replace(
                    "concurrency = 4\n",
                    &format!("concurrency = {concurrency}\n"),
                )
                .replace(
                    "concurrency = 1  # at most 5",
                    &format!("concurrency = {}", concurrency.min(5)),
                )
                .replace(
                    "page_size = 1000\n",
                    &format!("page_size = {}\n", args.erp_page_size),
                ),
        )?;
        let data_dir = work.join(format!("data-c{concurrency}"));
        let started = Instant::now();
        let output = Command::new(&exe)
            .arg("--config")
            .arg(&config)
            .arg("--data-dir")
            .arg(&data_dir)
            .args(["snapshot", "--full", "--json", "--entities", entities])
            .env("DRIFTWATCH_MAGENTO_TOKEN", "sim-integration-token")
            .env("DRIFTWATCH_ERP_CLIENT_SECRET", "sim-client-secret")
            .stderr(Stdio::inherit())
            .output()
            .context("running the snapshot")?;
        let wall = started.elapsed().as_secs_f64();
        let report: serde_json::Value =
            serde_json::from_slice(&output.stdout).with_context(|| {
                format!(
                    "snapshot output: {}",
                    String::from_utf8_lossy(&output.stdout)
                )
            })?;
        if report["status"] != "complete" {
            bail!("the snapshot at concurrency {concurrency} did not complete: {report}");
        }
        let rss_mb = report["peak_rss_bytes"].as_f64().unwrap_or(0.0) / 1e6;
        let speedup = match baseline {
            None => {
                baseline = Some(wall);
                1.0
            }
            Some(base) => base / wall,
        };
        for part in report["parts"].as_array().into_iter().flatten() {
            let rows = part["rows_read"].as_f64().unwrap_or(0.0);
            let seconds = part["seconds"].as_f64().unwrap_or(f64::NAN);
            let store_seconds = part["store_seconds"].as_f64().unwrap_or(f64::NAN);
            println!(
                "| {concurrency} | {} {} | {rows} | {seconds:.1} | {:.0} | | {} | {:.0} | |",
                part["system"].as_str().unwrap_or("?"),
                part["entity"].as_str().unwrap_or("?"),
                rows / seconds,
                part["pages"],
                part["rows_stored"].as_f64().unwrap_or(0.0) / store_seconds,
            );
        }
        let total_rows: f64 = report["parts"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| p["rows_read"].as_f64().unwrap_or(0.0))
            .sum();
        println!(
            "| {concurrency} | **all** | {total_rows} | {wall:.1} | {:.0} | {speedup:.2}x | | | {rss_mb:.0} |",
            total_rows / wall
        );
    }
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

fn tempfile_dir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("driftwatch-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// The simulator writes its config once it listens.
fn wait_for_base_url(config: &Path) -> anyhow::Result<String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(text) = std::fs::read_to_string(config)
            && let Some(line) = text.lines().find(|l| l.starts_with("base_url"))
        {
            return Ok(line
                .split('"')
                .nth(1)
                .context("base_url line without quotes")?
                .to_owned());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("the simulator did not start within 30 s")
}
