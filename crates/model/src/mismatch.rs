//! The vocabulary of reconciliation results (DESIGN.md "Mismatch lifecycle"): what was found,
//! where, and the state a person or a later run has put it in.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::mismatch_key::MismatchKey;

/// Which kind of record a mismatch is about (singular: one order, one stock row, one price).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum MismatchEntity {
    Order,
    Stock,
    Price,
}

/// What disagrees (DESIGN.md "The three entities").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum MismatchKind {
    MissingInErp,
    MissingInMagento,
    DuplicateInErp,
    TotalMismatch,
    CurrencyMismatch,
    LineMismatch,
    StatusMismatch,
    QtyMismatch,
    UnmappedLocation,
    PriceMismatch,
    SpecialPriceMismatch,
    TierPriceMismatch,
}

/// Where a mismatch stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum MismatchState {
    /// Found by the latest reconciliation and nobody has looked at it yet.
    Open,
    /// No longer found (set by a reconciliation, never by hand).
    Resolved,
    /// A person knows and is on it (with a note).
    Acknowledged,
    /// A person decided it does not matter (with a note); still tracked.
    Ignored,
    /// A replay was sent; awaiting the verifying re-read.
    Replayed,
}

/// One disagreement found by a reconciliation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "FindingWire", from = "FindingWire")]
pub struct Finding {
    pub kind: MismatchKind,
    /// What it is about (its entity included), in parts.
    pub key: MismatchKey,
    /// The Magento side in words people read (`None`: Magento has no such record).
    pub magento: Option<String>,
    /// The ERP side in words people read (`None`: the ERP has no such record).
    pub erp: Option<String>,
    /// ERP minus Magento, where both are numbers (quantity, amount).
    pub delta: Option<Decimal>,
    /// Money at stake: an order's total, |delta| x price for stock, a price difference.
    pub value_at_risk: Option<Decimal>,
    /// Currency of `value_at_risk` (the order's, or the ERP's local currency).
    pub currency: Option<String>,
}

impl Finding {
    pub fn entity(&self) -> MismatchEntity {
        self.key.entity()
    }

    /// The stable identity of a mismatch across runs.
    pub fn identity(&self) -> (MismatchKind, &MismatchKey) {
        (self.kind, &self.key)
    }
}

/// A finding as JSON readers get it (`--json`, reports): the key's text, as the store
/// and the CLI show it, beside its parts.
#[derive(Serialize, Deserialize)]
struct FindingWire {
    entity: MismatchEntity,
    kind: MismatchKind,
    key: String,
    key_parts: MismatchKey,
    magento: Option<String>,
    erp: Option<String>,
    delta: Option<Decimal>,
    value_at_risk: Option<Decimal>,
    currency: Option<String>,
}

impl From<Finding> for FindingWire {
    fn from(f: Finding) -> Self {
        FindingWire {
            entity: f.entity(),
            kind: f.kind,
            key: f.key.to_string(),
            key_parts: f.key,
            magento: f.magento,
            erp: f.erp,
            delta: f.delta,
            value_at_risk: f.value_at_risk,
            currency: f.currency,
        }
    }
}

/// The parts are the key; the text beside them is derived and ignored when read.
impl From<FindingWire> for Finding {
    fn from(w: FindingWire) -> Self {
        Finding {
            kind: w.kind,
            key: w.key_parts,
            magento: w.magento,
            erp: w.erp,
            delta: w.delta,
            value_at_risk: w.value_at_risk,
            currency: w.currency,
        }
    }
}

/// Order count and revenue of one day and currency on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlTotal {
    pub day: NaiveDate,
    pub currency: String,
    pub magento_orders: u64,
    pub magento_revenue: Decimal,
    pub erp_orders: u64,
    pub erp_revenue: Decimal,
}

/// Control totals read "Magento − ERP" everywhere (CLI, app, exports): a positive
/// difference is orders or revenue due in the ERP that it does not have.
impl ControlTotal {
    pub fn order_difference(&self) -> i64 {
        self.magento_orders as i64 - self.erp_orders as i64
    }

    pub fn revenue_difference(&self) -> Decimal {
        self.magento_revenue - self.erp_revenue
    }
}

/// A finding of the first comparison that a re-read of both systems no longer shows: the two
/// reads were taken at different instants, not drift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transient {
    pub first: Finding,
    /// When the confirming re-read was taken.
    pub confirmed_at: DateTime<Utc>,
}

macro_rules! words {
    ($ty:ty, $what:literal, $($variant:ident => $text:literal),+ $(,)?) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(<$ty>::$variant => $text),+
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let s = s.trim();
                <$ty>::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| {
                        let all: Vec<&str> = <$ty>::ALL.iter().map(|v| v.as_str()).collect();
                        format!("unknown {} `{s}`: use one of {}", $what, all.join(", "))
                    })
            }
        }
    };
}

words!(MismatchEntity, "entity",
    Order => "order",
    Stock => "stock",
    Price => "price",
);

words!(MismatchKind, "mismatch kind",
    MissingInErp => "missing_in_erp",
    MissingInMagento => "missing_in_magento",
    DuplicateInErp => "duplicate_in_erp",
    TotalMismatch => "total_mismatch",
    CurrencyMismatch => "currency_mismatch",
    LineMismatch => "line_mismatch",
    StatusMismatch => "status_mismatch",
    QtyMismatch => "qty_mismatch",
    UnmappedLocation => "unmapped_location",
    PriceMismatch => "price_mismatch",
    SpecialPriceMismatch => "special_price_mismatch",
    TierPriceMismatch => "tier_price_mismatch",
);

words!(MismatchState, "state",
    Open => "open",
    Resolved => "resolved",
    Acknowledged => "acknowledged",
    Ignored => "ignored",
    Replayed => "replayed",
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_totals_read_magento_minus_erp() {
        let total = ControlTotal {
            day: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            currency: "EUR".into(),
            magento_orders: 10,
            magento_revenue: "100.00".parse().unwrap(),
            erp_orders: 8,
            erp_revenue: "75.50".parse().unwrap(),
        };
        // Two orders and 24.50 due in the ERP are not there: positive.
        assert_eq!(total.order_difference(), 2);
        assert_eq!(
            total.revenue_difference(),
            "24.50".parse::<Decimal>().unwrap()
        );
    }

    #[test]
    fn words_round_trip_and_unknown_words_list_the_choices() {
        for kind in MismatchKind::ALL {
            assert_eq!(kind.as_str().parse::<MismatchKind>().unwrap(), *kind);
        }
        let err = "missing".parse::<MismatchKind>().unwrap_err();
        assert!(err.contains("missing_in_erp"), "{err}");
        assert_eq!("order".parse::<MismatchEntity>(), Ok(MismatchEntity::Order));
        assert!("orders".parse::<MismatchEntity>().is_err());
        assert_eq!(
            "acknowledged".parse::<MismatchState>(),
            Ok(MismatchState::Acknowledged)
        );
    }
}
