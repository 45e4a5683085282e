//! `driftwatch bench recon`: reconciliation of a large merchant's snapshots (1M orders, 2M
//! source items, 1M price lines by default), generated in memory with known drift, timed
//! without I/O. `--write-csv DIR` also writes the frames that are compared, so another tool
//! can be timed on the same data in the same script (scripts/bench/recon.sh).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;
use chrono::{DateTime, Duration, Utc};
use model::config::{Mapping, PriceKind, PriceListMapping};
use model::erp::{
    CanonicalStatus, ErpDocument, ErpOrder, ErpOrderLine, LocationStock, PriceListLine,
};
use model::{Decimal, Order, OrderLine, ProductPrice, ReconConfig, SourceItem, TierPrice};
use recon::{OrderSides, PriceSides, Rules, StockSides};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, default_value_t = 1_000_000)]
    orders: u64,
    /// Source items = skus x sources.
    #[arg(long, default_value_t = 100_000)]
    skus: u64,
    #[arg(long, default_value_t = 20)]
    sources: u64,
    /// Products with prices; each has a base, half a special and all a tier line (2.5 lines each).
    #[arg(long, default_value_t = 400_000)]
    products: u64,
    /// Write the compared frames as CSV into this directory.
    #[arg(long)]
    write_csv: Option<PathBuf>,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
}

struct Orders {
    orders: Vec<Order>,
    erp_orders: Vec<ErpOrder>,
}

struct Stock {
    items: Vec<SourceItem>,
    stock: Vec<LocationStock>,
}

struct Prices {
    prices: Vec<ProductPrice>,
    lines: Vec<PriceListLine>,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let now: DateTime<Utc> = "2026-03-01T12:00:00Z".parse()?;
    let mapping = mapping(args.sources);
    let recon_config = ReconConfig::default();
    let rules = Rules {
        recon: &recon_config,
        mapping: &mapping,
    };
    // Like the engine: one entity in memory at a time (stock also holds Magento's prices to
    // value the differences). Generation is not timed.
    let mut figures = BTreeMap::new();
    let mut found = BTreeMap::new();
    let mut rows = BTreeMap::new();
    let mut count = |findings: &[model::Finding]| {
        for f in findings {
            *found
                .entry(format!("{} {}", f.entity(), f.kind))
                .or_insert(0u64) += 1;
        }
    };
    let mut data_mb: f64 = 0.0;

    let data = orders(args, now);
    rows.insert("magento_orders", data.orders.len());
    rows.insert("erp_orders", data.erp_orders.len());
    data_mb = data_mb.max(rss_mb("VmRSS"));
    let t = Instant::now();
    let days = recon::LocalDays::default();
    let sides = OrderSides {
        magento: &data.orders,
        erp: &data.erp_orders,
        days: &days,
    };
    let outcome = recon::reconcile_orders(sides, rules, now)?;
    count(&outcome.findings);
    let totals = outcome.control_totals;
    figures.insert("orders_seconds", t.elapsed().as_secs_f64());
    if let Some(dir) = &args.write_csv {
        write_orders(dir, &data, rules).context("writing the order frames")?;
    }
    drop(data);

    let priced = prices(args, now);
    let data = stock(args);
    rows.insert("magento_source_items", data.items.len());
    rows.insert("erp_stock", data.stock.len());
    data_mb = data_mb.max(rss_mb("VmRSS"));
    let t = Instant::now();
    let outcome = recon::reconcile_stock(
        StockSides {
            magento: &data.items,
            erp: &data.stock,
            unit_prices: &priced.prices,
            price_currency: Some("EUR"),
            places: None,
        },
        rules,
    )?;
    count(&outcome.findings);
    figures.insert("stock_seconds", t.elapsed().as_secs_f64());
    if let Some(dir) = &args.write_csv {
        write_stock(dir, &data, rules).context("writing the stock frames")?;
    }
    drop(data);

    rows.insert("magento_products", priced.prices.len());
    rows.insert("erp_price_lines", priced.lines.len());
    let t = Instant::now();
    let outcome = recon::reconcile_prices(
        PriceSides {
            magento: &priced.prices,
            erp: &priced.lines,
            currency: None,
        },
        rules,
        now.date_naive(),
    )?;
    count(&outcome.findings);
    figures.insert("prices_seconds", t.elapsed().as_secs_f64());
    if let Some(dir) = &args.write_csv {
        write_prices(dir, &priced).context("writing the price frames")?;
    }
    let total: f64 = figures.values().sum();
    figures.insert("total_seconds", total);
    let peak = rss_mb("VmHWM");
    let rss_before = data_mb;
    let report = serde_json::json!({
        "rows": rows,
        "seconds": figures,
        "control_total_rows": totals.len(),
        "mismatches": found,
        "rss_mb_with_data_loaded": rss_before,
        "peak_rss_mb": peak,
    });
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "reconcile orders (+ control totals): {:>6.2} s",
            figures["orders_seconds"]
        );
        println!(
            "reconcile stock:                     {:>6.2} s",
            figures["stock_seconds"]
        );
        println!(
            "reconcile prices:                    {:>6.2} s",
            figures["prices_seconds"]
        );
        println!(
            "total:                               {:>6.2} s",
            figures["total_seconds"]
        );
        println!("peak RSS {peak:.0} MB (largest entity's data alone {rss_before:.0} MB)");
        for (kind, n) in &found {
            println!("  {kind:<32} {n:>8}");
        }
    }
    if let Some(dir) = &args.write_csv {
        eprintln!("frames written to {}", dir.display());
    }
    Ok(())
}

fn rss_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn mapping(sources: u64) -> Mapping {
    let list = |price, customer_group_id, code: &str| PriceListMapping {
        website_id: if price == PriceKind::Tier { 0 } else { 1 },
        customer_group_id,
        price,
        price_list: code.to_string(),
    };
    Mapping {
        sources: (0..sources)
            .map(|k| (format!("src-{k}"), format!("LOC-{k}")))
            .collect(),
        skus: BTreeMap::new(),
        price_lists: vec![
            list(PriceKind::Base, 32000, "RETAIL"),
            list(PriceKind::Special, 32000, "SPECIAL"),
            list(PriceKind::Tier, 1, "TIER-1"),
        ],
        ..Mapping::default()
    }
}

/// A cheap deterministic hash for the generated values.
fn h(i: u64, salt: u64) -> u64 {
    let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    x ^= x >> 29;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^ (x >> 32)
}

fn money(cents: u64) -> Decimal {
    Decimal::new(cents as i64, 2)
}

fn orders(args: &Args, now: DateTime<Utc>) -> Orders {
    let mut orders = Vec::with_capacity(args.orders as usize);
    let mut erp_orders = Vec::with_capacity(args.orders as usize);
    for i in 1..=args.orders {
        let complete = h(i, 1).is_multiple_of(3);
        let currency = if h(i, 2).is_multiple_of(10) {
            "EUR"
        } else {
            "USD"
        };
        let total = 1_000 + h(i, 3) % 50_000;
        let lines: Vec<OrderLine> = (0..1 + h(i, 4) % 3)
            .map(|l| OrderLine {
                sku: format!("SKU-{:06}", h(i, 10 + l) % args.skus.max(1)),
                qty: Decimal::from(1 + h(i, 20 + l) % 3),
                unit_price: money(total / 2),
                row_total: money(total / 2),
                tax_amount: Decimal::ZERO,
                discount_amount: Decimal::ZERO,
            })
            .collect();
        let state = if complete { "complete" } else { "processing" };
        let order = Order {
            entity_id: i,
            increment_id: format!("{i:09}"),
            store_id: 1,
            state: state.into(),
            status: state.into(),
            currency: currency.into(),
            grand_total: money(total),
            base_grand_total: money(total),
            subtotal: money(total),
            tax_amount: Decimal::ZERO,
            shipping_amount: Decimal::ZERO,
            discount_amount: Decimal::ZERO,
            total_paid: money(total),
            total_refunded: Decimal::ZERO,
            created_at: now - Duration::minutes(40 + (i % 100_000) as i64),
            updated_at: now,
            customer_email_hash: None,
            lines,
        };
        // About 1 order in 1,000 of each kind of drift.
        let drift = i % 1000;
        if drift != 1 {
            let mut doc = ErpOrder {
                id: format!("id-{i}"),
                number: format!("SO{i}"),
                external_reference: order.increment_id.clone(),
                document: ErpDocument::SalesOrder,
                order_date: Some(order.created_at.date_naive()),
                currency: if drift == 3 {
                    "GBP".into()
                } else {
                    currency.into()
                },
                total_including_tax: money(total + if drift == 5 { 100 } else { 0 }),
                status: "Open".into(),
                canonical_status: CanonicalStatus::Open,
                last_modified: now,
                lines: order
                    .lines
                    .iter()
                    .map(|l| ErpOrderLine {
                        item_number: l.sku.clone(),
                        quantity: l.qty
                            + if drift == 7 {
                                Decimal::ONE
                            } else {
                                Decimal::ZERO
                            },
                        unit_price: l.unit_price,
                        amount_including_tax: l.row_total,
                    })
                    .collect(),
            };
            if complete {
                doc.document = ErpDocument::PostedInvoice {
                    order_number: Some(doc.number.clone()),
                };
                doc.number = format!("INV{i}");
                doc.canonical_status = CanonicalStatus::Complete;
                doc.status = "Paid".into();
            }
            if drift == 9 && !complete {
                let mut copy = doc.clone();
                copy.number = format!("SO{i}-2");
                erp_orders.push(copy);
            }
            erp_orders.push(doc);
        }
        orders.push(order);
    }
    Orders { orders, erp_orders }
}

fn stock(args: &Args) -> Stock {
    let mut items = Vec::new();
    let mut stock = Vec::new();
    for s in 0..args.skus {
        for k in 0..args.sources {
            let n = s * args.sources + k;
            let qty = h(n, 30) % 60;
            let sku = format!("SKU-{s:06}");
            items.push(SourceItem {
                sku: sku.clone(),
                source_code: format!("src-{k}"),
                quantity: Decimal::from(qty),
                in_stock: qty > 0,
            });
            if n % 1000 == 2 && qty > 0 {
                continue;
            }
            let erp_qty = qty + if n % 500 == 1 { 2 } else { 0 };
            stock.push(LocationStock {
                item_number: sku,
                location_code: Some(format!("LOC-{k}")),
                quantity: Decimal::from(erp_qty),
                last_modified: None,
            });
        }
    }
    Stock { items, stock }
}

fn prices(args: &Args, now: DateTime<Utc>) -> Prices {
    let mut prices = Vec::new();
    let mut lines = Vec::new();
    let line = |list: &str, item: &str, min: Decimal, price: Decimal| PriceListLine {
        price_list_code: list.into(),
        item_number: item.into(),
        currency: String::new(),
        minimum_quantity: min,
        unit_price: price,
        starting_date: None,
        ending_date: None,
    };
    for p in 0..args.products {
        let sku = format!("SKU-{p:06}");
        let base = 500 + h(p, 40) % 20_000;
        let special = p.is_multiple_of(2).then(|| base * 8 / 10);
        let tier = base * 9 / 10;
        let bump = |kind: u64| if p % 500 == kind { 100 } else { 0 };
        prices.push(ProductPrice {
            sku: sku.clone(),
            product_id: p,
            price: Some(money(base)),
            special_price: special.map(money),
            special_from: special.map(|_| now - Duration::days(3)),
            special_to: None,
            tier_prices: vec![TierPrice {
                customer_group_id: 1,
                website_id: 0,
                qty: Decimal::from(10),
                value: money(tier),
                percentage_value: None,
            }],
            updated_at: now,
        });
        lines.push(line("RETAIL", &sku, Decimal::ZERO, money(base + bump(1))));
        if let Some(special) = special {
            lines.push(line(
                "SPECIAL",
                &sku,
                Decimal::ZERO,
                money(special + bump(4)),
            ));
        }
        lines.push(line(
            "TIER-1",
            &sku,
            Decimal::from(10),
            money(tier + bump(5)),
        ));
    }
    Prices { prices, lines }
}

fn file(
    dir: &Path,
    name: &str,
    header: &str,
) -> std::io::Result<std::io::BufWriter<std::fs::File>> {
    std::fs::create_dir_all(dir)?;
    let mut w = std::io::BufWriter::new(std::fs::File::create(dir.join(name))?);
    writeln!(w, "{header}")?;
    Ok(w)
}

// The frames as compared: orders by key (currency, total, line signature), stock by
// (sku, source), prices by (sku, list, minimum quantity), mappings already applied.

fn write_orders(dir: &Path, data: &Orders, rules: Rules<'_>) -> std::io::Result<()> {
    let mut w = file(dir, "orders_magento.csv", "key,currency,total,lines")?;
    for o in &data.orders {
        let sig = recon::magento_line_signature(o, rules);
        writeln!(
            w,
            "{},{},{},{sig}",
            o.increment_id, o.currency, o.grand_total
        )?;
    }
    let mut w = file(dir, "orders_erp.csv", "key,currency,total,lines")?;
    for e in &data.erp_orders {
        let sig = recon::erp_line_signature(e);
        writeln!(
            w,
            "{},{},{},{sig}",
            e.external_reference, e.currency, e.total_including_tax
        )?;
    }
    w.flush()
}

fn write_stock(dir: &Path, data: &Stock, rules: Rules<'_>) -> std::io::Result<()> {
    let location: BTreeMap<&str, &str> = rules
        .mapping
        .sources
        .iter()
        .map(|(s, l)| (l.as_str(), s.as_str()))
        .collect();
    let mut w = file(dir, "stock_magento.csv", "sku,source,qty")?;
    for s in &data.items {
        writeln!(w, "{},{},{}", s.sku, s.source_code, s.quantity)?;
    }
    let mut w = file(dir, "stock_erp.csv", "sku,source,qty")?;
    for s in &data.stock {
        let l = s.location_code.as_deref().unwrap_or_default();
        writeln!(
            w,
            "{},{},{}",
            s.item_number,
            location.get(l).unwrap_or(&l),
            s.quantity
        )?;
    }
    w.flush()
}

fn write_prices(dir: &Path, data: &Prices) -> std::io::Result<()> {
    let mut w = file(dir, "prices_magento.csv", "sku,list,qty,price")?;
    for p in &data.prices {
        if let Some(price) = p.price {
            writeln!(w, "{},RETAIL,0,{price}", p.sku)?;
        }
        if let Some(special) = p.special_price {
            writeln!(w, "{},SPECIAL,0,{special}", p.sku)?;
        }
        for t in &p.tier_prices {
            writeln!(
                w,
                "{},TIER-{},{},{}",
                p.sku, t.customer_group_id, t.qty, t.value
            )?;
        }
    }
    let mut w = file(dir, "prices_erp.csv", "sku,list,qty,price")?;
    for l in &data.lines {
        writeln!(
            w,
            "{},{},{},{}",
            l.item_number, l.price_list_code, l.minimum_quantity, l.unit_price
        )?;
    }
    w.flush()
}
