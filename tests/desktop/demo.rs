//! A new user's first minutes: explore the demo, see every kind of drift the demo world
//! carries, search a table, drill into one SKU's stock history, acknowledge a mismatch, take
//! a snapshot.

use std::collections::BTreeMap;

use std::time::Duration;

use crate::harness::{App, within};

/// Each screen and the mismatch entity it lists.
const SCREENS: &[(&str, &str)] = &[("orders", "order"), ("stock", "stock"), ("prices", "price")];

/// How many mismatches of each kind the demo's world injects on `entity`, from its manifest.
fn injected(entity: &str) -> BTreeMap<String, u64> {
    let world = engine::demo::world(engine::demo::DemoSize::default()).unwrap();
    let mut kinds = BTreeMap::new();
    for d in world.manifest().drift.iter().filter(|d| d.entity == entity) {
        *kinds.entry(d.kind.clone()).or_insert(0) += 1;
    }
    kinds
}

async fn shown(app: &App) -> u64 {
    let count = app.el("row-count").await;
    count
        .attr("data-shown")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_from_welcome_to_acknowledged_mismatch() {
    let walk = walk_through_the_demo();
    within(Duration::from_secs(600), "the demo walk-through", walk).await;
}

async fn walk_through_the_demo() {
    let data = tempfile::tempdir().unwrap();
    let app = App::launch(&["--data-dir", data.path().to_str().unwrap()]).await;

    app.el("demo-button").await;
    app.shot("01-welcome").await;
    app.el("demo-button").await.click().await.unwrap();
    app.wait_for("progress-bar", 30).await;
    app.shot("02-demo-loading").await;
    app.wait_for("card-orders-missing", 180).await;
    app.wait_for("trend-chart", 30).await;
    app.el("demo-badge").await;
    let orders_card = app.el("card-orders-missing").await.text().await.unwrap();
    assert!(
        orders_card.chars().any(|c| c.is_ascii_digit() && c != '0'),
        "the orders card shows missing orders: {orders_card:?}"
    );
    app.shot("03-overview").await;

    // Every kind of drift the world carries is on its screen, as often as it was injected
    // (orders: at least once, as an order can cross the grace period between the world's
    // clock and the reconciliation's).
    for (screen, entity) in SCREENS {
        app.el(&format!("nav-{screen}"))
            .await
            .click()
            .await
            .unwrap();
        app.wait_for("mismatch-row", 30).await;
        app.shot(&format!("04-{screen}")).await;
        let filter = app.el("filter-kind").await;
        let kinds = injected(entity);
        assert!(
            kinds.len() >= 5,
            "the demo world injects every kind of {entity}"
        );
        for (kind, count) in kinds {
            filter.select_by_value(&kind).await.unwrap();
            let expected = if *entity == "order" {
                "n > 0".to_string()
            } else {
                format!("n === {count}")
            };
            app.until(
                &format!("{screen}: {count} rows of kind {kind}"),
                &format!(
                    "(() => {{ const n = +document.querySelector(\"[data-testid='row-count']\").dataset.shown; \
                     return {expected} && [...document.querySelectorAll(\"[data-testid='mismatch-row']\")].every(r => r.dataset.kind === '{kind}'); }})()"
                ),
                10,
            )
            .await;
        }
        filter.select_by_value("all").await.unwrap();

        // Both sides field by field, from the records the snapshots stored.
        let field = match *entity {
            "order" => "Order number",
            "stock" => "Source / location",
            _ => "Store view / price list",
        };
        app.all("mismatch-row")
            .await
            .remove(0)
            .click()
            .await
            .unwrap();
        app.until(
            &format!("{screen}: the stored records field by field"),
            &format!(
                "(d => d !== null && d.textContent.includes('{field}')) \
                 (document.querySelector(\"[data-testid='detail-drawer']\"))"
            ),
            30,
        )
        .await;
        app.shot(&format!("04-{screen}-detail")).await;
        app.el("drawer-close").await.click().await.unwrap();
    }

    // Search narrows the stock table to one SKU at one source, and to nothing for nonsense.
    app.el("nav-stock").await.click().await.unwrap();
    app.wait_for("mismatch-row", 30).await;
    let total = shown(&app).await;
    let key = app
        .js("return document.querySelector(\"[data-testid='mismatch-row'][data-kind='qty_mismatch'] .mm-col-key\")?.textContent ?? document.querySelector(\"[data-testid='mismatch-row'] .mm-col-key\").textContent;")
        .await;
    let key = key.as_str().unwrap().to_string();
    let search = app.el("table-search").await;
    search.send_keys("no such sku anywhere").await.unwrap();
    app.until(
        "search for nonsense",
        "document.querySelector(\"[data-testid='row-count']\").dataset.shown === '0'",
        10,
    )
    .await;
    search.clear().await.unwrap();
    search.send_keys(&key).await.unwrap();
    app.until(
        "search for one key",
        &format!("(() => {{ const n = +document.querySelector(\"[data-testid='row-count']\").dataset.shown; return n >= 1 && n < {total}; }})()"),
        10,
    )
    .await;
    app.shot("05-stock-search").await;

    // The drill-down: one SKU x source, Magento vs ERP across snapshots.
    let qty_row = app
        .client
        .find(fantoccini::Locator::Css(
            "[data-testid='mismatch-row'][data-kind='qty_mismatch']",
        ))
        .await
        .expect("the searched key has a quantity mismatch");
    qty_row.click().await.unwrap();
    app.el("detail-drawer").await;
    // Both sides field by field, from the stored records: the quantities differ.
    app.until(
        "the stock record fields",
        "(d => d !== null && d.textContent.includes('Source / location') \
         && d.textContent.includes('Quantity (differs)')) \
         (document.querySelector(\"[data-testid='detail-drawer']\"))",
        30,
    )
    .await;
    app.shot("06-stock-detail").await;
    app.el("drift-history-button").await.click().await.unwrap();
    app.wait_for("drift-chart", 30).await;
    app.shot("07-drift-history").await;

    // Acknowledge an order mismatch with a note: it leaves the open list, shows as acknowledged.
    app.el("nav-orders").await.click().await.unwrap();
    app.wait_for("mismatch-row", 30).await;
    let open_before = shown(&app).await;
    let first = app.all("mismatch-row").await.remove(0);
    let id = first.attr("data-id").await.unwrap().unwrap();
    first.click().await.unwrap();
    app.el("detail-drawer").await;
    let ack = app.el("ack-button").await;
    assert!(
        !ack.is_enabled().await.unwrap(),
        "no decision without a note"
    );
    app.el("decision-note")
        .await
        .send_keys("Posted by hand in the ERP, ticket 4711")
        .await
        .unwrap();
    app.el("ack-button").await.click().await.unwrap();
    app.until(
        "the acknowledged row leaves the open list",
        &format!(
            "document.querySelector(\"[data-testid='row-count']\").dataset.shown === '{}'",
            open_before - 1
        ),
        15,
    )
    .await;
    app.shot("08-acknowledged").await;
    app.el("filter-state")
        .await
        .select_by_value("acknowledged")
        .await
        .unwrap();
    app.until(
        "the row is listed as acknowledged",
        &format!("document.querySelector(\"[data-testid='mismatch-row'][data-id='{id}'][data-state='acknowledged']\") !== null"),
        10,
    )
    .await;

    // Export what the table shows: a CSV in the Downloads folder with a header and one
    // line per row shown.
    let shown_now = shown(&app).await;
    app.el("export-csv").await.click().await.unwrap();
    let downloads = app.home().join("Downloads");
    let mut csv = None;
    for _ in 0..100 {
        csv = std::fs::read_dir(&downloads).ok().and_then(|d| {
            d.flatten()
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|e| e == "csv"))
        });
        if csv.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let csv = csv.expect("the export landed in Downloads");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(
        text.lines().count() as u64,
        shown_now + 1,
        "header + rows: {text}"
    );

    // A snapshot from the Snapshots screen: progress, then a new run in the list.
    app.el("nav-snapshots").await.click().await.unwrap();
    app.wait_for("snapshot-runs", 30).await;
    let runs_before = app
        .js("return document.querySelectorAll(\"[data-testid='snapshot-runs'] tbody\").length;")
        .await;
    app.el("snapshot-now").await.click().await.unwrap();
    app.wait_for("progress-bar", 30).await;
    app.shot("09-snapshot-running").await;
    app.until(
        "the new snapshot is listed",
        &format!("document.querySelectorAll(\"[data-testid='snapshot-runs'] tbody\").length > {runs_before} && !document.querySelector(\"[data-testid='snapshot-now']\").disabled"),
        120,
    )
    .await;
    app.shot("10-snapshots").await;
    assert!(
        app.all("error-banner").await.is_empty(),
        "no error on screen"
    );
    app.quit().await;
}
