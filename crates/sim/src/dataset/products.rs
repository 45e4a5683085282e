//! The catalogue: simple products `1..=skus` with prices, special prices and tier prices laid
//! out the way `GET /V1/products` returns them (special price fields only as string custom
//! attributes, tier prices top level).

use serde::Serialize;

use super::names::{ADJECTIVES, COLORS, GARMENTS, SIZES};
use super::{DAY, Draws, Stream, day_start, draw};
use crate::config::SimConfig;
use crate::json::{Decimal, Money, Timestamp};

/// A product as `GET /V1/products/{sku}` (and each list item) returns it.
#[derive(Debug, Clone, Serialize)]
pub struct Product {
    pub id: u64,
    pub sku: String,
    pub name: String,
    pub attribute_set_id: u32,
    pub price: Money,
    pub status: u8,
    pub visibility: u8,
    pub type_id: &'static str,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub weight: Decimal,
    pub extension_attributes: ProductExtensionAttributes,
    pub product_links: Vec<serde_json::Value>,
    pub options: Vec<serde_json::Value>,
    pub media_gallery_entries: Vec<serde_json::Value>,
    pub tier_prices: Vec<TierPrice>,
    pub custom_attributes: Vec<CustomAttribute>,
}

impl Product {
    /// The value of a custom attribute, if set.
    pub fn custom_attribute(&self, code: &str) -> Option<&AttributeValue> {
        self.custom_attributes
            .iter()
            .find(|a| a.attribute_code == code)
            .map(|a| &a.value)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ProductExtensionAttributes {
    pub website_ids: Vec<u32>,
    pub category_links: Vec<CategoryLink>,
    /// Legacy stock item; only `GET /V1/products/{sku}` carries it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stock_item: Option<StockItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryLink {
    pub position: u32,
    pub category_id: String,
}

/// `catalog-data-product-tier-price-interface`.
#[derive(Debug, Clone, Serialize)]
pub struct TierPrice {
    pub customer_group_id: u32,
    pub qty: Decimal,
    pub value: Money,
    pub extension_attributes: TierPriceExtensionAttributes,
}

#[derive(Debug, Clone, Serialize)]
pub struct TierPriceExtensionAttributes {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percentage_value: Option<Decimal>,
    pub website_id: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct CustomAttribute {
    pub attribute_code: &'static str,
    pub value: AttributeValue,
}

/// Custom attribute values are strings, or lists of strings (`category_ids`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum AttributeValue {
    Text(String),
    List(Vec<String>),
}

/// The legacy `stock_item` of a single-product read (default source).
#[derive(Debug, Clone, Serialize)]
pub struct StockItem {
    pub item_id: u64,
    pub product_id: u64,
    pub stock_id: u32,
    pub qty: Decimal,
    pub is_in_stock: bool,
    pub is_qty_decimal: bool,
    pub manage_stock: bool,
    pub min_qty: Decimal,
    pub min_sale_qty: Decimal,
    pub max_sale_qty: Decimal,
    pub backorders: u8,
}

/// A special price and its window, as stored (dates at midnight; `to` may be open).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpecialPrice {
    pub price: Money,
    pub from: Option<Timestamp>,
    pub to: Option<Timestamp>,
}

const SALT_PRICE: u64 = 1;
const SALT_CREATED: u64 = 2;
const SALT_UPDATED: u64 = 3;
const SALT_SPECIAL: u64 = 4;
const SALT_TIER: u64 = 5;
const SALT_WEIGHT: u64 = 6;

/// The SKU of product `j`: `SKU-` and six digits, so lexical order is numeric order.
pub fn sku(j: u64) -> String {
    format!("SKU-{j:06}")
}

/// The product index of a SKU, matched case-insensitively as MySQL's collation does.
pub(crate) fn sku_index(cfg: &SimConfig, s: &str) -> Option<u64> {
    let prefix = s.get(..4)?;
    if !prefix.eq_ignore_ascii_case("SKU-") {
        return None;
    }
    let rest = &s[4..];
    if rest.len() != 6 || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let j: u64 = rest.parse().ok()?;
    (1..=cfg.skus).contains(&j).then_some(j)
}

/// Product `j` (1-based), or `None` outside the catalogue.
pub fn product(cfg: &SimConfig, j: u64) -> Option<Product> {
    if !(1..=cfg.skus).contains(&j) {
        return None;
    }
    let mut d = Draws::new(cfg.seed, Stream::Product, j);
    let name = product_name(cfg, j);
    let price = product_price(cfg, j);
    let mut categories = vec![3 + d.below(4) as u32];
    if d.chance(50) {
        categories.push(8 + d.below(5) as u32);
    }
    let mut custom_attributes = vec![
        CustomAttribute {
            attribute_code: "url_key",
            value: AttributeValue::Text(format!("{}-{j}", slug(&name))),
        },
        CustomAttribute {
            attribute_code: "tax_class_id",
            value: AttributeValue::Text("2".into()),
        },
        CustomAttribute {
            attribute_code: "category_ids",
            value: AttributeValue::List(categories.iter().map(|c| c.to_string()).collect()),
        },
        CustomAttribute {
            attribute_code: "options_container",
            value: AttributeValue::Text("container2".into()),
        },
        CustomAttribute {
            attribute_code: "required_options",
            value: AttributeValue::Text("0".into()),
        },
        CustomAttribute {
            attribute_code: "has_options",
            value: AttributeValue::Text("0".into()),
        },
    ];
    if let Some(sp) = special_price(cfg, j) {
        custom_attributes.push(CustomAttribute {
            attribute_code: "special_price",
            value: AttributeValue::Text(sp.price.eav_string()),
        });
        if let Some(from) = sp.from {
            custom_attributes.push(CustomAttribute {
                attribute_code: "special_from_date",
                value: AttributeValue::Text(from.to_string()),
            });
        }
        if let Some(to) = sp.to {
            custom_attributes.push(CustomAttribute {
                attribute_code: "special_to_date",
                value: AttributeValue::Text(to.to_string()),
            });
        }
    }
    Some(Product {
        id: j,
        sku: sku(j),
        name,
        attribute_set_id: 4,
        price,
        status: 1,
        visibility: 4,
        type_id: "simple",
        created_at: Timestamp(product_created_at(cfg, j)),
        updated_at: Timestamp(product_updated_at(cfg, j)),
        weight: product_weight(cfg, j),
        extension_attributes: ProductExtensionAttributes {
            website_ids: vec![1],
            category_links: categories
                .iter()
                .enumerate()
                .map(|(i, c)| CategoryLink {
                    position: i as u32,
                    category_id: c.to_string(),
                })
                .collect(),
            stock_item: None,
        },
        product_links: Vec::new(),
        options: Vec::new(),
        media_gallery_entries: Vec::new(),
        tier_prices: tier_prices(cfg, j, price),
        custom_attributes,
    })
}

/// "Radiant Tee-M-Orange": a simple product of a configurable family.
pub(crate) fn product_name(cfg: &SimConfig, j: u64) -> String {
    let h = draw(cfg.seed, Stream::Product, j, 0);
    let family = family_name(cfg, j);
    let size = SIZES[(h % SIZES.len() as u64) as usize];
    let color = COLORS[((h >> 8) % COLORS.len() as u64) as usize];
    format!("{family}-{size}-{color}")
}

/// "Radiant Tee": the configurable parent of product `j`'s family.
pub(crate) fn family_name(cfg: &SimConfig, j: u64) -> String {
    let family = (j - 1) / 4;
    let h = draw(cfg.seed, Stream::Product, family, 7);
    let adj = ADJECTIVES[(h % ADJECTIVES.len() as u64) as usize];
    let garment = GARMENTS[((h >> 8) % GARMENTS.len() as u64) as usize];
    format!("{adj} {garment}")
}

/// Product `j`'s price: a mix of whole amounts (`45`), `.99` and other cents.
pub(crate) fn product_price(cfg: &SimConfig, j: u64) -> Money {
    let h = draw(cfg.seed, Stream::Product, j, SALT_PRICE);
    let dollars = 5 + (h % 195) as i64;
    let cents = match (h >> 16) % 10 {
        0..=3 => 0,
        4..=7 => 99,
        8 => 95,
        _ => 50,
    };
    Money(dollars * 100 + cents)
}

pub(crate) fn product_weight(cfg: &SimConfig, j: u64) -> Decimal {
    let h = draw(cfg.seed, Stream::Product, j, SALT_WEIGHT);
    Decimal((1 + h % 10) as f64 / 2.0)
}

/// Non-decreasing in `j` over the year before `now`, like ids assigned at creation.
pub(crate) fn product_created_at(cfg: &SimConfig, j: u64) -> i64 {
    let now = cfg.now.timestamp();
    let span = 364 * DAY;
    let start = now - 365 * DAY;
    let n = cfg.skus.max(1);
    let jitter = draw(cfg.seed, Stream::Product, j, SALT_CREATED) % span as u64;
    let offset = ((j.saturating_sub(1)) as u128 * span as u128 + jitter as u128) / n as u128;
    start + offset as i64
}

/// A quarter of the products were edited since creation, some of them recently.
pub(crate) fn product_updated_at(cfg: &SimConfig, j: u64) -> i64 {
    let created = product_created_at(cfg, j);
    let now = cfg.now.timestamp();
    let h = draw(cfg.seed, Stream::Product, j, SALT_UPDATED);
    if !h.is_multiple_of(4) {
        return created;
    }
    let room = (now - created).max(0) as u64;
    created + ((h >> 8) % (room + 1)) as i64
}

/// Product `j`'s special price: about 10% have one; windows vary: running, expired,
/// open-ended and not started yet.
pub fn special_price(cfg: &SimConfig, j: u64) -> Option<SpecialPrice> {
    let h = draw(cfg.seed, Stream::Product, j, SALT_SPECIAL);
    if !h.is_multiple_of(10) {
        return None;
    }
    let price = product_price(cfg, j).cents();
    let pct = 70 + ((h >> 8) % 21) as i64;
    let mut special = (price * pct / 100) / 100 * 100 + 99;
    if special >= price {
        special = (price - 100).max(1);
    }
    let today = day_start(cfg.now.timestamp());
    let shift = ((h >> 16) % 5) as i64 * DAY;
    let (from, to) = match (h >> 24) % 4 {
        0 => (today - 10 * DAY - shift, Some(today + 20 * DAY + shift)),
        1 => (today - 60 * DAY - shift, Some(today - 30 * DAY + shift)),
        2 => (today - 5 * DAY - shift, None),
        _ => (today + 15 * DAY + shift, Some(today + 45 * DAY + shift)),
    };
    Some(SpecialPrice {
        price: Money(special),
        from: Some(Timestamp(from)),
        to: to.map(Timestamp),
    })
}

/// About 5% of products have tier prices; half of those add a percentage tier.
pub(crate) fn tier_prices(cfg: &SimConfig, j: u64, price: Money) -> Vec<TierPrice> {
    let h = draw(cfg.seed, Stream::Product, j, SALT_TIER);
    if !h.is_multiple_of(20) {
        return Vec::new();
    }
    let mut tiers = vec![TierPrice {
        customer_group_id: 32000,
        qty: Decimal(10.0),
        value: Money(price.cents() * 90 / 100),
        extension_attributes: TierPriceExtensionAttributes {
            percentage_value: None,
            website_id: 0,
        },
    }];
    if (h >> 8).is_multiple_of(2) {
        let pct = 15;
        tiers.push(TierPrice {
            customer_group_id: 1,
            qty: Decimal(25.0),
            value: Money(price.cents() * (100 - pct) / 100),
            extension_attributes: TierPriceExtensionAttributes {
                percentage_value: Some(Decimal(pct as f64)),
                website_id: 0,
            },
        });
    }
    tiers
}

fn slug(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}
