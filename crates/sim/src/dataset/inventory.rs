//! MSI: sources and the full grid of source items (every SKU at every source).

use serde::Serialize;

use super::{Stream, draw, sku};
use crate::config::SimConfig;
use crate::json::Decimal;

/// `inventory-api-data-source-interface`, as `GET /V1/inventory/sources` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub source_code: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_name: Option<String>,
    pub enabled: bool,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<Decimal>,
    pub country_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    pub postcode: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    pub use_default_carrier_config: bool,
    pub carrier_links: Vec<serde_json::Value>,
}

/// `inventory-api-data-source-item-interface`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceItem {
    pub sku: String,
    pub source_code: String,
    pub quantity: Decimal,
    pub status: u8,
}

/// (code, name, contact, city, street, postcode, region_id, phone)
type Warehouse = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u32,
    &'static str,
);

const WAREHOUSES: &[Warehouse] = &[
    (
        "wh-east",
        "Eastern Shipping Center",
        "Daryl Simons",
        "Raleigh",
        "456 Shipping Center Blvd",
        "27614",
        45,
        "(919) 555-8888",
    ),
    (
        "wh-west",
        "Western Shipping Center",
        "Ana Ruiz",
        "Reno",
        "12 Desert Way",
        "89501",
        39,
        "(775) 555-0142",
    ),
    (
        "wh-north",
        "Northern Shipping Center",
        "Per Olsen",
        "Minneapolis",
        "8 Harbor Rd",
        "55401",
        34,
        "(612) 555-0177",
    ),
    (
        "wh-south",
        "Southern Shipping Center",
        "Grace Lee",
        "Atlanta",
        "90 Peach Pkwy",
        "30303",
        19,
        "(404) 555-0110",
    ),
    (
        "wh-central",
        "Central Shipping Center",
        "Harold Smith",
        "St. Louis",
        "123 Warehouse Blvd",
        "63145",
        36,
        "(314) 555-1234",
    ),
];

/// The code of source `k` (0-based): `default`, then `wh-east`, `wh-west`, `wh-north`,
/// `wh-south`, `wh-central`, then `wh-06`, `wh-07`, ...
pub fn source_code(k: u32) -> String {
    match k {
        0 => "default".to_string(),
        k if (k as usize) <= WAREHOUSES.len() => WAREHOUSES[k as usize - 1].0.to_string(),
        k => format!("wh-{k:02}"),
    }
}

/// Source `k` (0-based), or `None` past the configured count.
pub fn source(cfg: &SimConfig, k: u32) -> Option<Source> {
    if k >= cfg.sources {
        return None;
    }
    if k == 0 {
        return Some(Source {
            source_code: "default".into(),
            name: "Default Source".into(),
            email: None,
            contact_name: None,
            enabled: true,
            description: "Default Source".into(),
            latitude: Some(Decimal(0.0)),
            longitude: Some(Decimal(0.0)),
            country_id: "US".into(),
            region_id: None,
            city: None,
            street: None,
            postcode: "00000".into(),
            phone: None,
            use_default_carrier_config: true,
            carrier_links: Vec::new(),
        });
    }
    let code = source_code(k);
    let (name, contact, city, street, postcode, region_id, phone) =
        match WAREHOUSES.get(k as usize - 1) {
            Some(&(_, name, contact, city, street, postcode, region_id, phone)) => (
                name.to_string(),
                contact,
                city,
                street,
                postcode.to_string(),
                region_id,
                phone.to_string(),
            ),
            None => (
                format!("Warehouse {k:02}"),
                "Sam Porter",
                "Columbus",
                "1 Distribution Dr",
                format!("43{:03}", k % 1000),
                47,
                format!("(614) 555-{:04}", k % 10_000),
            ),
        };
    Some(Source {
        email: Some(format!("{code}@example.com")),
        contact_name: Some(contact.into()),
        enabled: true,
        description: format!("Stock held at {name}"),
        latitude: None,
        longitude: None,
        country_id: "US".into(),
        region_id: Some(region_id),
        city: Some(city.into()),
        street: Some(street.into()),
        postcode,
        phone: Some(phone),
        use_default_carrier_config: true,
        carrier_links: Vec::new(),
        source_code: code,
        name,
    })
}

/// The quantity of product `j` (1-based) at source `k` (0-based): mostly whole numbers up to
/// 500, about 8% zero and 4% with a half unit (`12.5`).
pub fn source_item_quantity(cfg: &SimConfig, j: u64, k: u32) -> f64 {
    let h = draw(cfg.seed, Stream::SourceItem, j, u64::from(k));
    match h % 100 {
        0..=7 => 0.0,
        8..=11 => (1 + (h >> 8) % 40) as f64 + 0.5,
        _ => (1 + (h >> 8) % 500) as f64,
    }
}

/// The source item of product `j` at source `k`. Status follows the quantity (1 when in
/// stock) except for about 1 in 200 items, set by hand the other way round (unless
/// `stock_status_exceptions` is off).
pub fn source_item(cfg: &SimConfig, j: u64, k: u32) -> Option<SourceItem> {
    if !(1..=cfg.skus).contains(&j) || k >= cfg.sources {
        return None;
    }
    Some(SourceItem {
        sku: sku(j),
        source_code: source_code(k),
        quantity: Decimal(source_item_quantity(cfg, j, k)),
        status: source_item_status(cfg, j, k),
    })
}

pub(crate) fn source_item_status(cfg: &SimConfig, j: u64, k: u32) -> u8 {
    let h = draw(cfg.seed, Stream::SourceItem, j, u64::from(k));
    let in_stock = source_item_quantity(cfg, j, k) > 0.0;
    let exception = cfg.stock_status_exceptions && (h >> 40).is_multiple_of(200);
    u8::from(in_stock != exception)
}
