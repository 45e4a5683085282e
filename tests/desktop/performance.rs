//! The app with 100,000 open mismatches in its store: how fast the overview is ready, how fast
//! a table filter answers, and how much memory the app holds when idle. Figures are printed
//! and written to `tests/artifacts/performance.json` (docs/benchmarks.md records them); the
//! test asserts what was shown, not how fast.

use chrono::{Duration, Utc};
use model::{ControlTotal, Decimal, Finding, MismatchEntity, MismatchKey, MismatchKind};
use serde_json::json;

use crate::harness::{App, app_build, children, pss_mb, rss_mb, screenshot_dir, status_mb, within};

const MISMATCHES: usize = 100_000;

fn finding(i: usize) -> Finding {
    let (kind, key) = match i % 3 {
        0 => (
            MismatchKind::MissingInErp,
            MismatchKey::order(format!("{:09}", 100_000_000 + i)),
        ),
        1 => (
            MismatchKind::QtyMismatch,
            MismatchKey::stock(format!("SKU-{:06}", i / 3), format!("src-{}", i % 7)),
        ),
        _ => (
            MismatchKind::PriceMismatch,
            MismatchKey::base_price(format!("SKU-{:06}", i / 3)),
        ),
    };
    Finding {
        kind,
        key,
        magento: Some(format!("{}", i % 90)),
        erp: Some(format!("{}", i % 97)),
        delta: Some(Decimal::from((i % 97) as i64 - (i % 90) as i64)),
        value_at_risk: Some(Decimal::new((i * 3_731 % 1_000_000) as i64, 2)),
        currency: Some("EUR".to_string()),
    }
}

/// A data directory whose store holds one reconciliation with `MISMATCHES` open mismatches.
fn seeded_store(dir: &std::path::Path) {
    let now = Utc::now();
    let mut store = store::Store::open(dir.join("driftwatch.sqlite"), now).unwrap();
    let findings: Vec<Finding> = (0..MISMATCHES).map(finding).collect();
    let totals: Vec<ControlTotal> = (0..30)
        .map(|d| ControlTotal {
            day: (now - Duration::days(d)).date_naive(),
            currency: "EUR".to_string(),
            magento_orders: 1_000 + d as u64,
            magento_revenue: Decimal::new(9_000_000 + d * 1_000, 2),
            erp_orders: 990 + d as u64,
            erp_revenue: Decimal::new(8_900_000 + d * 1_000, 2),
        })
        .collect();
    store
        .record_recon(&store::ReconRecord {
            started_at: now,
            finished_at: now,
            entities: &[
                MismatchEntity::Order,
                MismatchEntity::Stock,
                MismatchEntity::Price,
            ],
            partial_entities: &[],
            snapshot_runs: json!({}),
            labels: &[],
            counts: json!({"order": {"missing_in_erp": MISMATCHES / 3}}),
            findings: &findings,
            transients: &[],
            control_totals: &totals,
            decisions: store::DecisionTolerances::default(),
        })
        .unwrap();
}

fn measure(perf: &serde_json::Value, name: &str) -> Option<f64> {
    perf.as_array()?
        .iter()
        .filter(|m| m["name"] == name)
        .filter_map(|m| m["duration"].as_f64())
        .next_back()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundred_thousand_open_mismatches() {
    let measure = measure_with_a_hundred_thousand();
    within(
        std::time::Duration::from_secs(600),
        "the performance test",
        measure,
    )
    .await;
}

async fn measure_with_a_hundred_thousand() {
    let data = tempfile::tempdir().unwrap();
    seeded_store(data.path());
    let config = data.path().join("config.toml");
    // A shop nobody reaches: the screens read the store only.
    std::fs::write(
        &config,
        "[magento]\nbase_url = \"http://127.0.0.1:9\"\nauth = \"integration-token\"\n",
    )
    .unwrap();
    let app = App::launch(&[
        "--config",
        config.to_str().unwrap(),
        "--data-dir",
        data.path().to_str().unwrap(),
    ])
    .await;

    app.wait_for("card-orders-missing", 60).await;
    app.until(
        "the overview-ready mark",
        "window.__driftwatchPerf().some(m => m.name === 'overview-ready')",
        30,
    )
    .await;
    let card = app.el("card-orders-missing").await.text().await.unwrap();
    assert!(
        card.contains("33,334") || card.contains("33334"),
        "all missing orders counted: {card:?}"
    );
    app.shot("20-overview-100k").await;

    app.el("nav-stock").await.click().await.unwrap();
    app.wait_for("mismatch-row", 60).await;
    let total = app.el("row-count").await.attr("data-total").await.unwrap();
    assert_eq!(total.as_deref(), Some("33333"));
    let search = app.el("table-search").await;
    search.send_keys("SKU-01230").await.unwrap();
    app.until(
        "the filtered stock table",
        "document.querySelector(\"[data-testid='row-count']\").dataset.shown === '10'",
        10,
    )
    .await;
    app.shot("21-stock-filter-100k").await;

    // Idle: nothing left to load or draw.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let perf = app.js("return window.__driftwatchPerf();").await;
    let pid = app.app_pid().expect("the app's process");
    let webkit = children(pid);
    let figures = json!({
        "build": app_build(),
        "open_mismatches": MISMATCHES,
        "overview_ready_ms": measure(&perf, "overview-ready"),
        "overview_data_ms": measure(&perf, "overview-data"),
        "table_filter_ms": measure(&perf, "table-filter"),
        "app_idle_rss_mb": rss_mb(pid),
        "app_idle_rss_anon_mb": status_mb(pid, "RssAnon"),
        "app_idle_rss_file_mb": status_mb(pid, "RssFile"),
        "app_idle_pss_mb": pss_mb(pid),
        "webkit_processes": webkit.len(),
        "webkit_idle_rss_mb": webkit.iter().map(|&p| rss_mb(p)).sum::<f64>(),
        "webkit_idle_pss_mb": webkit.iter().map(|&p| pss_mb(p)).sum::<f64>(),
        "marks": perf,
    });
    let number = |name: &str| figures[name].as_f64().unwrap_or(f64::NAN);
    println!(
        "desktop performance ({} build, {MISMATCHES} open mismatches): overview ready {:.0} ms (data in after {:.0} ms), table filter {:.0} ms (last keystroke), app idle RSS {:.0} MB ({:.0} MB heap and other private memory, {:.0} MB mapped files; PSS {:.0} MB); WebKit's {} web and network processes: RSS {:.0} MB, PSS {:.0} MB",
        figures["build"].as_str().unwrap_or_default(),
        number("overview_ready_ms"),
        number("overview_data_ms"),
        number("table_filter_ms"),
        number("app_idle_rss_mb"),
        number("app_idle_rss_anon_mb"),
        number("app_idle_rss_file_mb"),
        number("app_idle_pss_mb"),
        figures["webkit_processes"],
        number("webkit_idle_rss_mb"),
        number("webkit_idle_pss_mb"),
    );
    std::fs::write(
        screenshot_dir().join("../performance.json"),
        serde_json::to_string_pretty(&figures).unwrap(),
    )
    .unwrap();
    assert!(
        measure(&perf, "table-filter").is_some(),
        "the filter was measured"
    );
    app.quit().await;
}
