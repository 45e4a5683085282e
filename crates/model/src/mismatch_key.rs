//! The natural key of a mismatch, in its parts. It is built once, where the finding is
//! made, and travels typed (engine, store, IPC, UI): nothing splits key text again. Its
//! text form ([`fmt::Display`]) is the mismatch's stable identity across runs in the store.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::mismatch::MismatchEntity;
use crate::snapshot::System;

/// What a mismatch is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "entity", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum MismatchKey {
    /// A Magento order, by increment id (the ERP's external reference).
    Order { increment_id: String },
    /// One SKU at one Magento source.
    Stock { sku: String, source: String },
    /// A whole place with no counterpart on the other side (`unmapped_location`): a Magento
    /// source (`system` = Magento) or an ERP location (`system` = Erp). One finding for the
    /// place, never one per item it holds.
    Place { system: System, code: String },
    /// A SKU's base price (`point` = `None`), or one price point of a mapped list.
    Price {
        sku: String,
        point: Option<PricePoint>,
    },
}

/// A price point: the mapped price list, the Magento customer group and the quantity from
/// which it applies.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PricePoint {
    pub list: String,
    pub customer_group: u32,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub qty: Decimal,
}

impl MismatchKey {
    pub fn order(increment_id: impl Into<String>) -> Self {
        MismatchKey::Order {
            increment_id: increment_id.into(),
        }
    }

    pub fn stock(sku: impl Into<String>, source: impl Into<String>) -> Self {
        MismatchKey::Stock {
            sku: sku.into(),
            source: source.into(),
        }
    }

    pub fn place(system: System, code: impl Into<String>) -> Self {
        MismatchKey::Place {
            system,
            code: code.into(),
        }
    }

    pub fn base_price(sku: impl Into<String>) -> Self {
        MismatchKey::Price {
            sku: sku.into(),
            point: None,
        }
    }

    pub fn price_point(sku: impl Into<String>, point: PricePoint) -> Self {
        MismatchKey::Price {
            sku: sku.into(),
            point: Some(point),
        }
    }

    pub fn entity(&self) -> MismatchEntity {
        match self {
            MismatchKey::Order { .. } => MismatchEntity::Order,
            MismatchKey::Stock { .. } | MismatchKey::Place { .. } => MismatchEntity::Stock,
            MismatchKey::Price { .. } => MismatchEntity::Price,
        }
    }

    /// The SKU of a stock or price key (`None` for orders and places).
    pub fn sku(&self) -> Option<&str> {
        match self {
            MismatchKey::Order { .. } | MismatchKey::Place { .. } => None,
            MismatchKey::Stock { sku, .. } | MismatchKey::Price { sku, .. } => Some(sku),
        }
    }
}

/// `100000123`, `SKU@source`, `source:CODE` / `location:CODE`, `SKU` or
/// `SKU@LIST/group/qty`: never change it, the store keys mismatches by it.
impl fmt::Display for MismatchKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MismatchKey::Order { increment_id } => f.write_str(increment_id),
            MismatchKey::Stock { sku, source } => write!(f, "{sku}@{source}"),
            MismatchKey::Place {
                system: System::Magento,
                code,
            } => write!(f, "source:{code}"),
            MismatchKey::Place {
                system: System::Erp,
                code,
            } => write!(f, "location:{code}"),
            MismatchKey::Price { sku, point: None } => f.write_str(sku),
            MismatchKey::Price {
                sku,
                point: Some(p),
            } => write!(
                f,
                "{sku}@{}/{}/{}",
                p.list,
                p.customer_group,
                p.qty.normalize()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_form_is_the_stored_identity() {
        assert_eq!(MismatchKey::order("100000123").to_string(), "100000123");
        assert_eq!(MismatchKey::stock("A@1", "eu").to_string(), "A@1@eu");
        assert_eq!(MismatchKey::base_price("A").to_string(), "A");
        let source = MismatchKey::place(System::Magento, "pickup");
        assert_eq!(source.to_string(), "source:pickup");
        assert_eq!(source.entity(), MismatchEntity::Stock);
        assert_eq!(
            MismatchKey::place(System::Erp, "OUTLET").to_string(),
            "location:OUTLET"
        );
        let point = PricePoint {
            list: "B2B".into(),
            customer_group: 2,
            qty: "10.000".parse().unwrap(),
        };
        assert_eq!(
            MismatchKey::price_point("A", point).to_string(),
            "A@B2B/2/10"
        );
    }

    #[test]
    fn parts_travel_as_fields_with_their_entity() {
        let json = serde_json::to_value(MismatchKey::stock("A", "eu")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"entity": "stock", "sku": "A", "source": "eu"})
        );
        let price = MismatchKey::price_point(
            "A",
            PricePoint {
                list: "L".into(),
                customer_group: 0,
                qty: "1.5".parse().unwrap(),
            },
        );
        let json = serde_json::to_value(&price).unwrap();
        assert_eq!(json["point"]["qty"], "1.5");
        assert_eq!(serde_json::from_value::<MismatchKey>(json).unwrap(), price);
    }
}
