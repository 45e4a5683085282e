//! The `[recon]` section: what must be in the ERP, how close is close enough, and which states
//! of the two systems agree. Every key has a default that suits a standard Magento + Business
//! Central setup, so the section can be left out.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::erp::CanonicalStatus;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReconConfig {
    #[serde(default)]
    pub orders: OrderRules,
    #[serde(default)]
    pub stock: StockRules,
    #[serde(default)]
    pub prices: PriceRules,
}

/// How close two numbers must be to count as equal: within `absolute` or within `percent` of
/// the source of truth's value, whichever is wider.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tolerance {
    #[serde(default)]
    pub absolute: Decimal,
    #[serde(default)]
    pub percent: Decimal,
}

impl Tolerance {
    pub fn absolute(absolute: Decimal) -> Tolerance {
        Tolerance {
            absolute,
            percent: Decimal::ZERO,
        }
    }

    /// Whether `a` and `b` agree; `reference` is the source of truth's value.
    pub fn accepts(&self, reference: Decimal, other: Decimal) -> bool {
        let diff = (other - reference).abs();
        diff <= self.absolute || diff * Decimal::ONE_HUNDRED <= self.percent * reference.abs()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderRules {
    /// Magento order states that must reach the ERP.
    #[serde(default = "defaults::eligible_states")]
    pub eligible_states: Vec<String>,
    /// Younger orders are in flight, not missing.
    #[serde(default = "defaults::grace_minutes")]
    pub grace_minutes: u32,
    /// Grand total (incl. tax) vs the ERP's total incl. tax, in the order's currency.
    #[serde(default = "defaults::total_tolerance")]
    pub total_tolerance: Tolerance,
    /// Normalises both sides' order numbers before matching: this prefix is removed...
    #[serde(default)]
    pub strip_prefix: String,
    /// ...and leading zeros too, when true ("000000042" and "42" then match).
    #[serde(default)]
    pub strip_leading_zeros: bool,
    /// Magento order status (or state) -> the canonical ERP states that agree with it. A
    /// status not listed is not compared.
    #[serde(default = "defaults::statuses")]
    pub statuses: BTreeMap<String, Vec<CanonicalStatus>>,
}

impl Default for OrderRules {
    fn default() -> Self {
        OrderRules {
            eligible_states: defaults::eligible_states(),
            grace_minutes: defaults::grace_minutes(),
            total_tolerance: defaults::total_tolerance(),
            strip_prefix: String::new(),
            strip_leading_zeros: false,
            statuses: defaults::statuses(),
        }
    }
}

impl OrderRules {
    /// The matching form of an order number on either side.
    pub fn normalise<'a>(&self, number: &'a str) -> &'a str {
        // Checked first: trimming is the slow path and numbers rarely need it.
        let padded =
            number.starts_with(char::is_whitespace) || number.ends_with(char::is_whitespace);
        let n = if padded { number.trim() } else { number };
        let n = n.strip_prefix(self.strip_prefix.as_str()).unwrap_or(n);
        if self.strip_leading_zeros {
            let t = n.trim_start_matches('0');
            if t.is_empty() && !n.is_empty() {
                "0"
            } else {
                t
            }
        } else {
            n
        }
    }
}

/// Which ERP stock figure is compared with Magento's source-item quantity.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErpQuantity {
    /// Quantity on hand per location (item ledger entries).
    #[default]
    OnHand,
    /// On hand minus what is reserved for open orders.
    Available,
}

impl ErpQuantity {
    pub fn describe(self) -> &'static str {
        match self {
            ErpQuantity::OnHand => "ERP quantity on hand",
            ErpQuantity::Available => "ERP quantity available",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StockRules {
    #[serde(default)]
    pub erp_quantity: ErpQuantity,
    #[serde(default)]
    pub qty_tolerance: Tolerance,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceRules {
    /// Base, special and tier prices vs the price list's unit price.
    #[serde(default)]
    pub price_tolerance: Tolerance,
}

mod defaults {
    use super::*;
    use CanonicalStatus::*;

    pub fn eligible_states() -> Vec<String> {
        ["processing", "complete", "closed"]
            .map(String::from)
            .to_vec()
    }
    pub fn grace_minutes() -> u32 {
        30
    }
    pub fn total_tolerance() -> Tolerance {
        Tolerance::absolute(Decimal::new(1, 2))
    }
    /// Business Central keeps no shipped state and reads no credit memos, so a refunded
    /// (`closed`) Magento order agrees with a paid invoice.
    pub fn statuses() -> BTreeMap<String, Vec<CanonicalStatus>> {
        let table: [(&str, &[CanonicalStatus]); 8] = [
            ("pending", &[Open]),
            ("pending_payment", &[Open]),
            ("payment_review", &[Open]),
            ("holded", &[Open]),
            ("processing", &[Open, Invoiced, Shipped]),
            ("complete", &[Invoiced, Shipped, Complete]),
            ("closed", &[Invoiced, Complete, Refunded]),
            ("canceled", &[Canceled]),
        ];
        table
            .into_iter()
            .map(|(status, ok)| (status.to_string(), ok.to_vec()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn tolerance_takes_the_wider_of_absolute_and_percent() {
        let t = Tolerance {
            absolute: d("0.01"),
            percent: d("1"),
        };
        assert!(t.accepts(d("10.00"), d("10.01")));
        assert!(t.accepts(d("10.00"), d("10.10")));
        assert!(!t.accepts(d("10.00"), d("10.11")));
        assert!(t.accepts(d("0"), d("0.01")));
        assert!(!Tolerance::default().accepts(d("1"), d("1.0001")));
        assert!(Tolerance::default().accepts(d("1"), d("1.0000")));
    }

    #[test]
    fn order_numbers_normalise() {
        let mut rules = OrderRules::default();
        assert_eq!(rules.normalise(" 000000042 "), "000000042");
        rules.strip_prefix = "WEB-".into();
        rules.strip_leading_zeros = true;
        assert_eq!(rules.normalise("WEB-000042"), "42");
        assert_eq!(rules.normalise("000"), "0");
        assert_eq!(rules.normalise("42"), "42");
    }
}
