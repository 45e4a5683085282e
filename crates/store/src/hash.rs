//! The content hash that decides whether a row changed since the last snapshot.
//!
//! It must give the same number for the same row in every build, on every
//! platform, for as long as the database lives, because it is compared with hashes
//! stored by earlier runs. That rules out `std`'s `DefaultHasher` (its algorithm
//! may change between Rust releases); this is FNV-1a 64 over a canonical byte
//! encoding of every stored field. Strings are length-prefixed, options carry a
//! presence byte, decimals are mantissa and scale (so a scale change is a change,
//! as in storage), times are seconds and nanoseconds, dates days since 1 Jan of
//! year 1 (CE), enums their stored text. Collisions would hide a
//! change; at 2^-64 per changed row that is accepted.
//!
//! Changing an encoding below makes every row look changed once (one extra
//! version each); the `stable_values` test guards against doing it by accident.

use std::hash::Hasher;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use model::erp::{ErpOrder, LocationStock, PriceListLine};
use model::{Order, ProductPrice, SourceItem};
use rust_decimal::Decimal;

use crate::text;

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a, 64 bits.
pub(crate) struct Fnv64(u64);

impl Fnv64 {
    pub(crate) fn new() -> Self {
        Fnv64(OFFSET)
    }

    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(PRIME);
        }
    }

    pub(crate) fn u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }

    pub(crate) fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.bytes(s.as_bytes());
    }

    pub(crate) fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.bool(false),
            Some(s) => {
                self.bool(true);
                self.str(s);
            }
        }
    }

    pub(crate) fn bool(&mut self, v: bool) {
        self.bytes(&[u8::from(v)]);
    }

    pub(crate) fn decimal(&mut self, d: &Decimal) {
        self.bytes(&d.mantissa().to_le_bytes());
        self.bytes(&d.scale().to_le_bytes());
    }

    pub(crate) fn opt_decimal(&mut self, d: &Option<Decimal>) {
        match d {
            None => self.bool(false),
            Some(d) => {
                self.bool(true);
                self.decimal(d);
            }
        }
    }

    pub(crate) fn time(&mut self, t: &DateTime<Utc>) {
        self.bytes(&t.timestamp().to_le_bytes());
        self.bytes(&t.timestamp_subsec_nanos().to_le_bytes());
    }

    pub(crate) fn opt_time(&mut self, t: &Option<DateTime<Utc>>) {
        match t {
            None => self.bool(false),
            Some(t) => {
                self.bool(true);
                self.time(t);
            }
        }
    }

    pub(crate) fn date(&mut self, d: &NaiveDate) {
        self.bytes(&d.num_days_from_ce().to_le_bytes());
    }

    pub(crate) fn opt_date(&mut self, d: &Option<NaiveDate>) {
        match d {
            None => self.bool(false),
            Some(d) => {
                self.bool(true);
                self.date(d);
            }
        }
    }

    /// The hash as SQLite stores it (INTEGER is signed; the bits are kept).
    pub(crate) fn finish(&self) -> i64 {
        i64::from_le_bytes(self.0.to_le_bytes())
    }
}

pub(crate) fn order(o: &Order) -> i64 {
    let mut h = Fnv64::new();
    h.u64(o.entity_id);
    h.str(&o.increment_id);
    h.u64(u64::from(o.store_id));
    h.str(&o.state);
    h.str(&o.status);
    h.str(&o.currency);
    for money in [
        &o.grand_total,
        &o.base_grand_total,
        &o.subtotal,
        &o.tax_amount,
        &o.shipping_amount,
        &o.discount_amount,
        &o.total_paid,
        &o.total_refunded,
    ] {
        h.decimal(money);
    }
    h.time(&o.created_at);
    h.time(&o.updated_at);
    h.opt_str(o.customer_email_hash.as_deref());
    h.u64(o.lines.len() as u64);
    for l in &o.lines {
        h.str(&l.sku);
        for v in [
            &l.qty,
            &l.unit_price,
            &l.row_total,
            &l.tax_amount,
            &l.discount_amount,
        ] {
            h.decimal(v);
        }
    }
    h.finish()
}

pub(crate) fn source_item(s: &SourceItem) -> i64 {
    let mut h = Fnv64::new();
    h.str(&s.source_code);
    h.str(&s.sku);
    h.decimal(&s.quantity);
    h.bool(s.in_stock);
    h.finish()
}

pub(crate) fn product_price(p: &ProductPrice) -> i64 {
    let mut h = Fnv64::new();
    h.str(&p.sku);
    h.u64(p.product_id);
    h.opt_decimal(&p.price);
    h.opt_decimal(&p.special_price);
    h.opt_time(&p.special_from);
    h.opt_time(&p.special_to);
    h.time(&p.updated_at);
    h.u64(p.tier_prices.len() as u64);
    for t in &p.tier_prices {
        h.u64(u64::from(t.customer_group_id));
        h.u64(u64::from(t.website_id));
        h.decimal(&t.qty);
        h.decimal(&t.value);
        h.opt_decimal(&t.percentage_value);
    }
    h.finish()
}

pub(crate) fn erp_order(o: &ErpOrder) -> i64 {
    let mut h = Fnv64::new();
    h.str(text::document_kind(&o.document));
    h.opt_str(text::order_number(&o.document));
    h.str(&o.id);
    h.str(&o.number);
    h.str(&o.external_reference);
    h.opt_date(&o.order_date);
    h.str(&o.currency);
    h.decimal(&o.total_including_tax);
    h.str(&o.status);
    h.str(o.canonical_status.as_str());
    h.time(&o.last_modified);
    h.u64(o.lines.len() as u64);
    for l in &o.lines {
        h.str(&l.item_number);
        h.decimal(&l.quantity);
        h.decimal(&l.unit_price);
        h.decimal(&l.amount_including_tax);
    }
    h.finish()
}

/// Over the location as stored: a total (`None`) and an empty location code
/// are the same row.
pub(crate) fn location_stock(s: &LocationStock) -> i64 {
    let mut h = Fnv64::new();
    h.str(&s.item_number);
    h.str(text::location(&s.location_code));
    h.decimal(&s.quantity);
    h.opt_time(&s.last_modified);
    h.finish()
}

pub(crate) fn price_list_line(p: &PriceListLine) -> i64 {
    let mut h = Fnv64::new();
    h.str(&p.price_list_code);
    h.str(&p.item_number);
    h.str(&p.currency);
    h.decimal(&p.minimum_quantity);
    h.decimal(&p.unit_price);
    h.opt_date(&p.starting_date);
    h.opt_date(&p.ending_date);
    h.finish()
}

/// The hasher of the writers' in-memory key maps: FxHash's word-at-a-time
/// multiply-rotate with a splitmix64 finish, several times faster than SipHash
/// on short keys. Not
/// resistant to chosen-key flooding, which needs no defence here: the keys are
/// SKUs, source codes and order ids from the merchant's own systems, and a
/// flood would only slow a snapshot down. Nothing it produces is stored.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl KeyHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for KeyHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut w = [0; 8];
            w.copy_from_slice(word);
            self.add(u64::from_le_bytes(w));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut w = [0; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    #[inline]
    fn write_u8(&mut self, v: u8) {
        self.add(u64::from(v));
    }

    #[inline]
    fn write_u32(&mut self, v: u32) {
        self.add(u64::from(v));
    }

    #[inline]
    fn write_u64(&mut self, v: u64) {
        self.add(v);
    }

    #[inline]
    fn write_usize(&mut self, v: usize) {
        self.add(v as u64);
    }

    /// The multiply leaves the low bits, which pick the bucket, poorly mixed;
    /// the splitmix64 finaliser spreads every input bit over all of them.
    #[inline]
    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn fnv_matches_the_reference_vectors() {
        let mut h = Fnv64::new();
        h.bytes(b"");
        assert_eq!(h.0, 0xcbf2_9ce4_8422_2325);
        let mut h = Fnv64::new();
        h.bytes(b"a");
        assert_eq!(h.0, 0xaf63_dc4c_8601_ec8c);
        let mut h = Fnv64::new();
        h.bytes(b"foobar");
        assert_eq!(h.0, 0x8594_4171_f739_67e8);
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    /// If this fails, the encoding changed: every stored row would look changed
    /// once. Change the expected values only on purpose.
    #[test]
    fn stable_values() {
        let item = SourceItem {
            sku: "24-MB01".into(),
            source_code: "default".into(),
            quantity: d("100.0000"),
            in_stock: true,
        };
        let order = Order {
            entity_id: 7,
            increment_id: "000000007".into(),
            store_id: 1,
            state: "processing".into(),
            status: "processing".into(),
            currency: "EUR".into(),
            grand_total: d("59.9000"),
            base_grand_total: d("59.9000"),
            subtotal: d("50.0000"),
            tax_amount: d("9.5000"),
            shipping_amount: d("5.0000"),
            discount_amount: d("-4.6000"),
            total_paid: d("59.9000"),
            total_refunded: d("0.0000"),
            created_at: t("2026-11-20T08:30:00Z"),
            updated_at: t("2026-11-20T08:31:00.250Z"),
            customer_email_hash: Some("ab12".into()),
            lines: vec![model::OrderLine {
                sku: "24-MB01".into(),
                qty: d("2.0000"),
                unit_price: d("25.0000"),
                row_total: d("50.0000"),
                tax_amount: d("9.5000"),
                discount_amount: d("4.6000"),
            }],
        };
        let price = ProductPrice {
            sku: "24-MB01".into(),
            product_id: 1,
            price: Some(d("34.0000")),
            special_price: None,
            special_from: Some(t("2026-11-01T00:00:00Z")),
            special_to: None,
            tier_prices: vec![model::TierPrice {
                customer_group_id: 32000,
                website_id: 0,
                qty: d("10.0000"),
                value: d("30.0000"),
                percentage_value: None,
            }],
            updated_at: t("2026-11-20T08:30:00Z"),
        };
        assert_eq!(
            [
                source_item(&item),
                super::order(&order),
                product_price(&price)
            ],
            STABLE
        );
    }

    const STABLE: [i64; 3] = [
        -603884455034427569,
        6917603308712025205,
        -3325469489684440062,
    ];

    fn day(s: &str) -> NaiveDate {
        NaiveDate::from_str(s).unwrap()
    }

    /// As [`stable_values`], for the ERP's records.
    #[test]
    fn stable_erp_values() {
        let invoice = ErpOrder {
            id: "6a1c0f2e-0000-4000-8000-000000000007".into(),
            number: "PSI-1007".into(),
            external_reference: "000000007".into(),
            document: model::erp::ErpDocument::PostedInvoice {
                order_number: Some("SO-1007".into()),
            },
            order_date: Some(day("2026-11-20")),
            currency: "EUR".into(),
            total_including_tax: d("59.90"),
            status: "Paid".into(),
            canonical_status: model::erp::CanonicalStatus::Invoiced,
            last_modified: t("2026-11-20T09:00:00Z"),
            lines: vec![model::erp::ErpOrderLine {
                item_number: "24-MB01".into(),
                quantity: d("2"),
                unit_price: d("25.00"),
                amount_including_tax: d("59.90"),
            }],
        };
        let stock = LocationStock {
            item_number: "24-MB01".into(),
            location_code: Some("MAIN".into()),
            quantity: d("100"),
            last_modified: None,
        };
        let line = PriceListLine {
            price_list_code: "RETAIL".into(),
            item_number: "24-MB01".into(),
            currency: "".into(),
            minimum_quantity: d("10.00"),
            unit_price: d("30.00"),
            starting_date: Some(day("2026-11-01")),
            ending_date: None,
        };
        assert_eq!(
            [
                erp_order(&invoice),
                location_stock(&stock),
                price_list_line(&line)
            ],
            STABLE_ERP
        );
    }

    const STABLE_ERP: [i64; 3] = [
        1130445693449815595,
        6439115666344417982,
        -6077787127756244859,
    ];

    #[test]
    fn erp_documents_and_locations_matter() {
        let stock = LocationStock {
            item_number: "A".into(),
            location_code: None,
            quantity: d("1"),
            last_modified: None,
        };
        // A total and an empty location code are one stored row.
        let empty = LocationStock {
            location_code: Some(String::new()),
            ..stock.clone()
        };
        assert_eq!(location_stock(&stock), location_stock(&empty));
        let located = LocationStock {
            location_code: Some("A".into()),
            ..stock.clone()
        };
        assert_ne!(location_stock(&stock), location_stock(&located));
        let dated = LocationStock {
            last_modified: Some(t("2026-11-20T09:00:00Z")),
            ..stock.clone()
        };
        assert_ne!(location_stock(&stock), location_stock(&dated));
    }

    #[test]
    fn scale_and_fields_matter() {
        let a = SourceItem {
            sku: "A".into(),
            source_code: "s".into(),
            quantity: Decimal::from_str("1.0").unwrap(),
            in_stock: true,
        };
        let mut b = a.clone();
        b.quantity = Decimal::from_str("1.00").unwrap();
        assert_ne!(source_item(&a), source_item(&b));
        let mut c = a.clone();
        c.in_stock = false;
        assert_ne!(source_item(&a), source_item(&c));
        // Length prefixes keep ("ab","c") apart from ("a","bc").
        let d = SourceItem {
            sku: "c".into(),
            source_code: "ab".into(),
            ..a.clone()
        };
        let e = SourceItem {
            sku: "bc".into(),
            source_code: "a".into(),
            ..a
        };
        assert_ne!(source_item(&d), source_item(&e));
    }
}
