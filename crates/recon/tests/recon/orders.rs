use model::config::Mapping;
use model::erp::{CanonicalStatus, ErpDocument, ErpOrder, ErpOrderLine};
use model::{MismatchKind, Order, OrderLine, ReconConfig};
use recon::{LocalDays, OrderSides, reconcile_orders};

use super::{at, d, found, rules};

const NOW: &str = "2026-03-01T12:00:00Z";

fn order(id: &str, state: &str, total: &str, created: &str, lines: &[(&str, &str)]) -> Order {
    Order {
        entity_id: id.parse().unwrap(),
        increment_id: format!("0000{id}"),
        store_id: 1,
        state: state.into(),
        status: state.into(),
        currency: "USD".into(),
        grand_total: d(total),
        base_grand_total: d(total),
        subtotal: d(total),
        tax_amount: d("0"),
        shipping_amount: d("0"),
        discount_amount: d("0"),
        total_paid: d(total),
        total_refunded: d("0"),
        created_at: at(created),
        updated_at: at(created),
        customer_email_hash: None,
        lines: lines
            .iter()
            .map(|(sku, qty)| OrderLine {
                sku: sku.to_string(),
                qty: d(qty),
                unit_price: d("1"),
                row_total: d("1"),
                tax_amount: d("0"),
                discount_amount: d("0"),
            })
            .collect(),
    }
}

fn erp(number: &str, reference: &str, total: &str, lines: &[(&str, &str)]) -> ErpOrder {
    ErpOrder {
        id: number.into(),
        number: number.into(),
        external_reference: reference.into(),
        document: ErpDocument::SalesOrder,
        order_date: Some(at(NOW).date_naive()),
        currency: "USD".into(),
        total_including_tax: d(total),
        status: "Open".into(),
        canonical_status: CanonicalStatus::Open,
        last_modified: at(NOW),
        lines: lines
            .iter()
            .map(|(item, qty)| ErpOrderLine {
                item_number: item.to_string(),
                quantity: d(qty),
                unit_price: d("1"),
                amount_including_tax: d("1"),
            })
            .collect(),
    }
}

const OLD: &str = "2026-03-01T10:00:00Z";

#[test]
fn every_order_kind_and_nothing_else() {
    let magento = vec![
        order("1", "processing", "10.00", OLD, &[("A", "1")]), // agrees
        order("2", "processing", "20.00", OLD, &[("A", "1")]), // missing in ERP
        order("3", "processing", "30.00", "2026-03-01T11:45:00Z", &[]), // in flight
        order("4", "processing", "40.00", OLD, &[("A", "1")]), // duplicated
        order("5", "processing", "50.00", OLD, &[("A", "1")]), // total off by 1.00
        order("6", "processing", "60.00", OLD, &[("A", "1")]), // total off by 0.01: tolerated
        order("7", "processing", "70.00", OLD, &[("A", "1")]), // EUR in ERP
        order("8", "processing", "80.00", OLD, &[("A", "2"), ("B", "1")]), // other lines
        order("9", "canceled", "90.00", OLD, &[("A", "1")]),   // open in ERP
        order("10", "complete", "100.00", OLD, &[("A", "1"), ("A", "1")]), // invoiced; lines summed
        order("11", "canceled", "110.00", OLD, &[]),           // canceled, not in ERP: fine
    ];
    let mut docs = vec![
        erp("SO1", "00001", "10", &[("A", "1.00")]),
        erp("SO4", "00004", "40", &[("A", "1")]),
        erp("SO4b", "00004", "40", &[("A", "1")]),
        erp("SO5", "00005", "51.00", &[("A", "1")]),
        erp("SO6", "00006", "60.01", &[("A", "1")]),
        erp("SO7", "00007", "70", &[("A", "1")]),
        erp("SO8", "00008", "80", &[("A", "2"), ("C", "1")]),
        erp("SO9", "00009", "90", &[("A", "1")]),
        erp("SO99", "00099", "99", &[]),
    ];
    docs[5].currency = "EUR".into();
    let mut invoice = erp("INV10", "000010", "100", &[("A", "2")]);
    invoice.document = ErpDocument::PostedInvoice {
        order_number: Some("SO10".into()),
    };
    invoice.canonical_status = CanonicalStatus::Complete;
    // A partly posted order: the order and its invoice are one order, not a duplicate.
    let mut partial = erp("INV1", "00001", "10", &[("A", "1")]);
    partial.document = ErpDocument::PostedInvoice {
        order_number: Some("SO1".into()),
    };
    docs.push(invoice);
    docs.push(partial);

    let (recon, mapping) = (ReconConfig::default(), Mapping::default());
    let sides = OrderSides {
        magento: &magento,
        erp: &docs,
        days: &LocalDays::default(),
    };
    let outcome = reconcile_orders(sides, rules(&recon, &mapping), at(NOW)).unwrap();
    assert_eq!(
        found(&outcome.findings),
        [
            "currency_mismatch 00007",
            "duplicate_in_erp 00004",
            "line_mismatch 00008",
            "missing_in_erp 00002",
            "missing_in_magento 00099",
            "status_mismatch 00009",
            "total_mismatch 00005",
        ]
    );
    assert_eq!(outcome.compared.in_flight, 1);
    let total = outcome
        .findings
        .iter()
        .find(|f| f.kind == MismatchKind::TotalMismatch)
        .unwrap();
    assert_eq!(total.delta, Some(d("1.00")));
    assert_eq!(total.value_at_risk, Some(d("1.00")));
    let dup = outcome
        .findings
        .iter()
        .find(|f| f.kind == MismatchKind::DuplicateInErp)
        .unwrap();
    assert_eq!(dup.erp.as_deref(), Some("orders SO4, SO4b"));
    let lines = outcome
        .findings
        .iter()
        .find(|f| f.kind == MismatchKind::LineMismatch)
        .unwrap();
    assert_eq!(lines.magento.as_deref(), Some("A x 2, B x 1"));
    assert_eq!(lines.erp.as_deref(), Some("A x 2, C x 1"));

    // A wider tolerance accepts order 5; a tighter grace period makes order 3 due.
    let mut loose = ReconConfig::default();
    loose.orders.total_tolerance.percent = d("2");
    loose.orders.grace_minutes = 10;
    let outcome = reconcile_orders(sides, rules(&loose, &mapping), at(NOW)).unwrap();
    let kinds = found(&outcome.findings);
    assert!(
        !kinds.contains(&"total_mismatch 00005".to_string()),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&"missing_in_erp 00003".to_string()),
        "{kinds:?}"
    );
}

#[test]
fn references_normalise_and_skus_map() {
    let magento = vec![order("42", "processing", "10", OLD, &[("sku-a", "1")])];
    let docs = vec![erp("SO42", "WEB-42", "10", &[("ITEM-A", "1")])];
    let mut recon = ReconConfig::default();
    recon.orders.strip_prefix = "WEB-".into();
    recon.orders.strip_leading_zeros = true;
    let mut mapping = Mapping::default();
    mapping.skus.insert("sku-a".into(), "ITEM-A".into());
    let sides = OrderSides {
        magento: &magento,
        erp: &docs,
        days: &LocalDays::default(),
    };
    let outcome = reconcile_orders(sides, rules(&recon, &mapping), at(NOW)).unwrap();
    assert_eq!(found(&outcome.findings), Vec::<String>::new());
    let outcome = reconcile_orders(sides, rules(&recon, &Mapping::default()), at(NOW)).unwrap();
    assert_eq!(found(&outcome.findings), ["line_mismatch 42"]);
}

#[test]
fn control_totals_count_each_order_once_per_day_and_currency() {
    let mut eur = order("2", "complete", "5.5", "2026-02-28T10:00:00Z", &[]);
    eur.currency = "EUR".into();
    let magento = vec![
        order("1", "processing", "10.25", OLD, &[]),
        eur,
        order("3", "processing", "1", "2026-03-01T11:59:00Z", &[]), // in flight: not due
    ];
    let mut invoice = erp("INV1", "00001", "10.25", &[]);
    invoice.document = ErpDocument::PostedInvoice {
        order_number: Some("SO1".into()),
    };
    let docs = vec![
        erp("SO1", "00001", "10.25", &[]),
        invoice,
        erp("SO9", "00009", "3.10", &[]),
    ];
    let (recon, mapping) = (ReconConfig::default(), Mapping::default());
    let rows = |days: &LocalDays| -> Vec<String> {
        reconcile_orders(
            OrderSides {
                magento: &magento,
                erp: &docs,
                days,
            },
            rules(&recon, &mapping),
            at(NOW),
        )
        .unwrap()
        .control_totals
        .iter()
        .map(|t| {
            format!(
                "{} {} {}/{} {}/{}",
                t.day, t.currency, t.magento_orders, t.magento_revenue, t.erp_orders, t.erp_revenue
            )
        })
        .collect()
    };
    assert_eq!(
        rows(&LocalDays::default()),
        ["2026-02-28 EUR 1/5.5 0/0", "2026-03-01 USD 1/10.25 2/13.35"]
    );
    // The store's own day: 10:00 UTC is 23:00 the day before in Pago Pago (UTC-11). An ERP
    // twin counts on its Magento order's day, an unmatched ERP document on its own date.
    let samoa = LocalDays::from_names(&[(1, "Pacific/Pago_Pago".to_string())].into()).0;
    assert_eq!(
        rows(&samoa),
        [
            "2026-02-27 EUR 1/5.5 0/0",
            "2026-02-28 USD 1/10.25 1/10.25",
            "2026-03-01 USD 0/0 1/3.1"
        ]
    );
}

#[test]
fn orders_with_many_lines_compare_as_sets() {
    // More lines than fit on the stack, in another order and split differently on each side.
    let skus: Vec<String> = (0..12).map(|i| format!("S{i:02}")).collect();
    let magento_lines: Vec<(&str, &str)> = skus.iter().map(|s| (s.as_str(), "1")).collect();
    let mut erp_lines: Vec<(&str, &str)> = skus.iter().rev().map(|s| (s.as_str(), "1.0")).collect();
    let magento = vec![
        order("1", "processing", "10", OLD, &magento_lines),
        order("2", "processing", "10", OLD, &magento_lines),
    ];
    let same = erp("SO1", "00001", "10", &erp_lines);
    erp_lines.push(("S05", "1"));
    let more = erp("SO2", "00002", "10", &erp_lines);
    let docs = vec![same, more];
    let (recon, mapping) = (ReconConfig::default(), Mapping::default());
    let outcome = reconcile_orders(
        OrderSides {
            magento: &magento,
            erp: &docs,
            days: &LocalDays::default(),
        },
        rules(&recon, &mapping),
        at(NOW),
    )
    .unwrap();
    assert_eq!(found(&outcome.findings), ["line_mismatch 00002"]);
}
