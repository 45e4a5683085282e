//! The mapping and rules editor's form: the `[mapping]` and `[recon]` sections as
//! a person edits them (rows in the order shown, numbers as typed), and turning it
//! back into configuration with a message per field that names the key in the file
//! and says what to write instead.

use std::collections::{BTreeMap, BTreeSet};

use model::config::{Mapping, PriceListMapping};
use model::erp::CanonicalStatus;
use model::rules::{ErpQuantity, OrderRules, PriceRules, StockRules};
use model::{Config, Decimal, ReconConfig, Tolerance};
use serde::{Deserialize, Serialize};

/// Magento's order states (`sales_order.state`); statuses are per shop, states are not.
pub const MAGENTO_STATES: [&str; 8] = [
    "new",
    "pending_payment",
    "payment_review",
    "processing",
    "complete",
    "closed",
    "canceled",
    "holded",
];

/// A week: a longer grace period hides every missing order.
const MAX_GRACE_MINUTES: u32 = 7 * 24 * 60;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RulesForm {
    /// Magento source code -> ERP location code.
    pub sources: Vec<Link>,
    /// Magento sources left out of stock reconciliation on purpose (a returns bin, a
    /// marketplace's own stock).
    pub excluded_sources: Vec<String>,
    /// ERP locations left out of stock reconciliation on purpose.
    pub excluded_locations: Vec<String>,
    /// Magento SKU -> ERP item number, where they differ.
    pub skus: Vec<Link>,
    /// (website, customer group, what Magento keeps there) -> ERP price list.
    pub price_lists: Vec<PriceListMapping>,
    pub orders: OrderRulesForm,
    pub stock: StockRulesForm,
    pub prices: PriceRulesForm,
}

/// One row of a name map: Magento's name on the left, the ERP's on the right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Link {
    pub magento: String,
    pub erp: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrderRulesForm {
    pub eligible_states: Vec<String>,
    /// Minutes, as typed.
    pub grace_minutes: String,
    pub total_tolerance: ToleranceForm,
    pub strip_prefix: String,
    pub strip_leading_zeros: bool,
    pub statuses: Vec<StatusRow>,
}

/// A Magento status (or state) and the ERP states that agree with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatusRow {
    pub status: String,
    pub erp_states: Vec<CanonicalStatus>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StockRulesForm {
    pub erp_quantity: ErpQuantity,
    pub qty_tolerance: ToleranceForm,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PriceRulesForm {
    pub price_tolerance: ToleranceForm,
}

/// Decimals as typed ("0.01"); checked when saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ToleranceForm {
    pub absolute: String,
    pub percent: String,
}

/// Something in the form that cannot be saved. `field` is the form's path
/// (`sources.2.erp`, `orders.grace_minutes`) so the screen can put the message
/// beside it; the message names the key in the configuration file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

impl RulesForm {
    pub fn from_config(config: &Config) -> RulesForm {
        let links = |map: &BTreeMap<String, String>| {
            map.iter()
                .map(|(magento, erp)| Link {
                    magento: magento.clone(),
                    erp: erp.clone(),
                })
                .collect()
        };
        let o = &config.recon.orders;
        RulesForm {
            sources: links(&config.mapping.sources),
            excluded_sources: config.mapping.exclude_sources.iter().cloned().collect(),
            excluded_locations: config.mapping.exclude_locations.iter().cloned().collect(),
            skus: links(&config.mapping.skus),
            price_lists: config.mapping.price_lists.clone(),
            orders: OrderRulesForm {
                eligible_states: o.eligible_states.clone(),
                grace_minutes: o.grace_minutes.to_string(),
                total_tolerance: ToleranceForm::from(o.total_tolerance),
                strip_prefix: o.strip_prefix.clone(),
                strip_leading_zeros: o.strip_leading_zeros,
                statuses: o
                    .statuses
                    .iter()
                    .map(|(status, erp_states)| StatusRow {
                        status: status.clone(),
                        erp_states: erp_states.clone(),
                    })
                    .collect(),
            },
            stock: StockRulesForm {
                erp_quantity: config.recon.stock.erp_quantity,
                qty_tolerance: ToleranceForm::from(config.recon.stock.qty_tolerance),
            },
            prices: PriceRulesForm {
                price_tolerance: ToleranceForm::from(config.recon.prices.price_tolerance),
            },
        }
    }

    /// The configuration the form says, or every problem in it (not just the first).
    pub fn parse(&self) -> Result<(Mapping, ReconConfig), Vec<FieldProblem>> {
        let mut problems = Problems::default();
        let mapping = Mapping {
            sources: problems.links("sources", "mapping.sources", "source", &self.sources),
            exclude_sources: codes(&self.excluded_sources),
            exclude_locations: codes(&self.excluded_locations),
            skus: problems.links("skus", "mapping.skus", "SKU", &self.skus),
            price_lists: problems.price_lists(&self.price_lists),
        };
        let recon = ReconConfig {
            orders: problems.orders(&self.orders),
            stock: StockRules {
                erp_quantity: self.stock.erp_quantity,
                qty_tolerance: problems.tolerance(
                    "stock.qty_tolerance",
                    "recon.stock.qty_tolerance",
                    &self.stock.qty_tolerance,
                ),
            },
            prices: PriceRules {
                price_tolerance: problems.tolerance(
                    "prices.price_tolerance",
                    "recon.prices.price_tolerance",
                    &self.prices.price_tolerance,
                ),
            },
        };
        if problems.0.is_empty() {
            Ok((mapping, recon))
        } else {
            Err(problems.0)
        }
    }
}

impl From<Tolerance> for ToleranceForm {
    fn from(t: Tolerance) -> Self {
        ToleranceForm {
            absolute: t.absolute.normalize().to_string(),
            percent: t.percent.normalize().to_string(),
        }
    }
}

/// Codes as picked, trimmed, blanks dropped.
fn codes(picked: &[String]) -> BTreeSet<String> {
    picked
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

#[derive(Default)]
struct Problems(Vec<FieldProblem>);

impl Problems {
    fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldProblem {
            field: field.into(),
            message: message.into(),
        });
    }

    /// A one-to-one name map: a name on either side may appear once, or stock of two
    /// sources would be added up as one (and could not be told apart again).
    fn links(
        &mut self,
        field: &str,
        key: &str,
        what: &str,
        rows: &[Link],
    ) -> BTreeMap<String, String> {
        let mut map = BTreeMap::new();
        let mut targets: BTreeMap<&str, &str> = BTreeMap::new();
        for (i, row) in rows.iter().enumerate() {
            let (magento, erp) = (row.magento.trim(), row.erp.trim());
            if magento.is_empty() && erp.is_empty() {
                continue; // an empty row left in the form
            }
            if magento.is_empty() {
                self.add(
                    format!("{field}.{i}.magento"),
                    format!(
                        "`{key}`: row {} has no Magento {what}; type one or remove the row",
                        i + 1
                    ),
                );
                continue;
            }
            if erp.is_empty() {
                self.add(
                    format!("{field}.{i}.erp"),
                    format!(
                        "`{key}.\"{magento}\"`: say what it is called in the ERP, or remove the row"
                    ),
                );
                continue;
            }
            if map.insert(magento.to_owned(), erp.to_owned()).is_some() {
                self.add(
                    format!("{field}.{i}.magento"),
                    format!("`{key}.\"{magento}\"` is listed twice; keep one row"),
                );
            }
            if let Some(first) = targets.insert(erp, magento)
                && first != magento
            {
                self.add(
                    format!("{field}.{i}.erp"),
                    format!(
                        "`{key}`: \"{erp}\" is the ERP's name for both \"{first}\" and \
                         \"{magento}\"; each Magento {what} needs its own"
                    ),
                );
            }
        }
        map
    }

    fn price_lists(&mut self, rows: &[PriceListMapping]) -> Vec<PriceListMapping> {
        let mut seen = BTreeSet::new();
        let mut lists = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let list = row.price_list.trim();
            if list.is_empty() {
                self.add(
                    format!("price_lists.{i}.price_list"),
                    format!(
                        "`mapping.price_lists` row {}: choose the ERP price list",
                        i + 1
                    ),
                );
                continue;
            }
            if !seen.insert((row.website_id, row.customer_group_id, row.price)) {
                self.add(
                    format!("price_lists.{i}.price_list"),
                    format!(
                        "`mapping.price_lists` row {}: website {}, customer group {} and this \
                         kind of price are mapped already; keep one row",
                        i + 1,
                        row.website_id,
                        row.customer_group_id
                    ),
                );
                continue;
            }
            lists.push(PriceListMapping {
                price_list: list.to_owned(),
                ..row.clone()
            });
        }
        lists
    }

    fn orders(&mut self, form: &OrderRulesForm) -> OrderRules {
        let defaults = OrderRules::default();
        let mut eligible = Vec::new();
        for state in &form.eligible_states {
            let state = state.trim();
            if !MAGENTO_STATES.contains(&state) {
                self.add(
                    "orders.eligible_states",
                    format!(
                        "`recon.orders.eligible_states`: \"{state}\" is not a Magento order \
                         state; choose among {}",
                        MAGENTO_STATES.join(", ")
                    ),
                );
            } else if !eligible.iter().any(|s| s == state) {
                eligible.push(state.to_owned());
            }
        }
        if form.eligible_states.is_empty() {
            self.add(
                "orders.eligible_states",
                "`recon.orders.eligible_states`: choose at least one state, or no order would \
                 ever be expected in the ERP",
            );
        }
        let grace_minutes = match form.grace_minutes.trim().parse::<u32>() {
            Ok(m) if m <= MAX_GRACE_MINUTES => m,
            _ => {
                self.add(
                    "orders.grace_minutes",
                    format!(
                        "`recon.orders.grace_minutes`: write a whole number of minutes from 0 \
                         to {MAX_GRACE_MINUTES} (a week), not \"{}\"",
                        form.grace_minutes.trim()
                    ),
                );
                defaults.grace_minutes
            }
        };
        let mut statuses = BTreeMap::new();
        for (i, row) in form.statuses.iter().enumerate() {
            let status = row.status.trim();
            if status.is_empty() {
                if !row.erp_states.is_empty() {
                    self.add(
                        format!("orders.statuses.{i}.status"),
                        format!(
                            "`recon.orders.statuses` row {}: type the Magento status",
                            i + 1
                        ),
                    );
                }
                continue;
            }
            if row.erp_states.is_empty() {
                self.add(
                    format!("orders.statuses.{i}.erp_states"),
                    format!(
                        "`recon.orders.statuses.{status}`: tick at least one ERP state that \
                         agrees with it, or remove the row (then it is not compared)"
                    ),
                );
                continue;
            }
            if statuses
                .insert(status.to_owned(), row.erp_states.clone())
                .is_some()
            {
                self.add(
                    format!("orders.statuses.{i}.status"),
                    format!("`recon.orders.statuses.{status}` is listed twice; keep one row"),
                );
            }
        }
        OrderRules {
            eligible_states: eligible,
            grace_minutes,
            total_tolerance: self.tolerance(
                "orders.total_tolerance",
                "recon.orders.total_tolerance",
                &form.total_tolerance,
            ),
            strip_prefix: form.strip_prefix.trim().to_owned(),
            strip_leading_zeros: form.strip_leading_zeros,
            statuses,
        }
    }

    fn tolerance(&mut self, field: &str, key: &str, form: &ToleranceForm) -> Tolerance {
        Tolerance {
            absolute: self.non_negative(
                &format!("{field}.absolute"),
                &format!("`{key}.absolute`"),
                &form.absolute,
                None,
            ),
            percent: self.non_negative(
                &format!("{field}.percent"),
                &format!("`{key}.percent`"),
                &form.percent,
                Some(Decimal::ONE_HUNDRED),
            ),
        }
    }

    fn non_negative(
        &mut self,
        field: &str,
        key: &str,
        typed: &str,
        most: Option<Decimal>,
    ) -> Decimal {
        let typed = typed.trim();
        let text = if typed.is_empty() { "0" } else { typed };
        let upper = most
            .map(|m| format!(" and at most {m}"))
            .unwrap_or_default();
        match text.parse::<Decimal>() {
            Ok(d) if d >= Decimal::ZERO && most.is_none_or(|m| d <= m) => d,
            _ => {
                self.add(
                    field,
                    format!(
                        "{key}: write a number of zero or more{upper}, with a point for \
                         decimals (0.01), not \"{typed}\""
                    ),
                );
                Decimal::ZERO
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> RulesForm {
        let config = Config::from_toml(
            "[connections.magento]\nkind = \"magento\"\nbase_url = \"https://shop.example\"\n\
             auth = \"oauth1\"\n",
        )
        .unwrap();
        RulesForm::from_config(&config)
    }

    fn link(magento: &str, erp: &str) -> Link {
        Link {
            magento: magento.into(),
            erp: erp.into(),
        }
    }

    fn fields(problems: Vec<FieldProblem>) -> Vec<String> {
        problems.into_iter().map(|p| p.field).collect()
    }

    #[test]
    fn the_defaults_round_trip() {
        let (mapping, recon) = form().parse().unwrap();
        assert_eq!(mapping, Mapping::default());
        assert_eq!(recon, ReconConfig::default());
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let mut f = form();
        f.sources = vec![
            link("default", "MAIN"),
            link("wh-east", "MAIN"),
            link("", "X"),
            link("", ""),
        ];
        f.skus = vec![link("A", ""), link("B", "1"), link("B", "2")];
        f.orders.grace_minutes = "half an hour".into();
        f.orders.eligible_states = vec!["shipped".into()];
        f.orders.total_tolerance.absolute = "-1".into();
        f.stock.qty_tolerance.percent = "150".into();
        f.prices.price_tolerance.absolute = "0,01".into();
        f.orders.statuses[0].erp_states.clear();
        let problems = f.parse().unwrap_err();
        assert!(
            problems[0]
                .message
                .contains("\"MAIN\" is the ERP's name for both"),
            "{problems:?}"
        );
        assert_eq!(
            fields(problems),
            [
                "sources.1.erp",
                "sources.2.magento",
                "skus.0.erp",
                "skus.2.magento",
                "orders.eligible_states",
                "orders.grace_minutes",
                "orders.statuses.0.erp_states",
                "orders.total_tolerance.absolute",
                "stock.qty_tolerance.percent",
                "prices.price_tolerance.absolute",
            ]
        );
    }

    #[test]
    fn values_are_trimmed_and_blank_tolerances_are_zero() {
        let mut f = form();
        f.sources = vec![link(" wh-east ", " EAST ")];
        f.orders.total_tolerance = ToleranceForm {
            absolute: " 0.05 ".into(),
            percent: "".into(),
        };
        let (mapping, recon) = f.parse().unwrap();
        assert_eq!(mapping.sources["wh-east"], "EAST");
        assert_eq!(
            recon.orders.total_tolerance,
            Tolerance::absolute("0.05".parse().unwrap())
        );
    }

    #[test]
    fn a_price_list_slot_is_mapped_once() {
        let mut f = form();
        let row = PriceListMapping {
            website_id: 1,
            customer_group_id: 32000,
            price: model::config::PriceKind::Base,
            price_list: "RETAIL".into(),
        };
        f.price_lists = vec![row.clone(), row];
        assert_eq!(fields(f.parse().unwrap_err()), ["price_lists.1.price_list"]);
    }
}
