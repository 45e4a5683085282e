//! The mapping and rules editor, for both front ends: how Magento's names map to
//! the counterpart's (sources to locations, SKUs to item numbers, customer groups
//! to price lists) and the reconciliation rules, read from the configuration file,
//! offered against what the live systems hold, and saved back into the same file
//! keeping its comments. A save is checked whole (the new file must load as the
//! next reconciliation will load it) before anything is written.

mod edit;
mod form;
mod live;
mod suggest;

use std::hash::{Hash, Hasher};
use std::path::Path;

use model::Config;
use model::rules::ErpQuantity;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::{connectors, paths};

pub use form::{
    FieldProblem, Link, MAGENTO_STATES, OrderRulesForm, PriceRulesForm, RulesForm, StatusRow,
    StockRulesForm, ToleranceForm,
};
pub use live::{Choice, MappingChoices, UnmatchedItems, choices};
pub use suggest::suggest_locations;

/// The editor's page: the form as the file says it, and what the counterparts offer.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RulesDocument {
    pub form: RulesForm,
    /// Which text of the file the form was read from: a save is refused when the file
    /// changed underneath (someone edited it by hand meanwhile).
    pub version: String,
    /// The file the rules are saved to.
    pub path: String,
    /// The stock counterpart's name ("Business Central"), `None` without one.
    pub erp_name: Option<String>,
    /// Whether `erp_quantity = "available"` can be chosen.
    pub available_stock_offered: bool,
}

/// The outcome of a save: written, or refused with a message per field.
#[derive(Debug, Clone)]
pub enum Saved {
    Written {
        config: Box<Config>,
        document: Box<RulesDocument>,
    },
    Refused(Vec<FieldProblem>),
}

/// Reads the editor's page from the configuration file at `path`.
pub fn open(path: &Path) -> Result<RulesDocument> {
    let text = read(path)?;
    let config = paths::load_config(path)?;
    document(path, &text, &config)
}

/// Saves `form` into the file at `path`, read at `version`; nothing is written unless the
/// whole file still loads afterwards.
pub fn save(path: &Path, version: &str, form: &RulesForm) -> Result<Saved> {
    let text = read(path)?;
    if fingerprint(&text) != version {
        return Ok(Saved::Refused(vec![FieldProblem {
            field: String::new(),
            message: format!(
                "{} was changed outside this screen since it was opened; open the screen \
                 again to see the change, then make yours",
                path.display()
            ),
        }]));
    }
    let before = paths::load_config(path)?;
    let (mapping, recon) = match form.parse() {
        Ok(parsed) => parsed,
        Err(problems) => return Ok(Saved::Refused(problems)),
    };
    if recon.stock.erp_quantity == ErpQuantity::Available && !available_stock_offered(&before)? {
        return Ok(Saved::Refused(vec![FieldProblem {
            field: "stock.erp_quantity".into(),
            message: "`recon.stock.erp_quantity`: the stock counterpart reports only the \
                      quantity on hand; compare \"on-hand\""
                .into(),
        }]));
    }
    let written = edit::apply(&text, (&before.mapping, &before.recon), (&mapping, &recon))
        .map_err(|e| Error::Config(format!("{}: {e}", path.display())))?;
    let after = Config::from_toml(&written)
        .map_err(|e| Error::Config(format!("the edited configuration would not load: {e}")))?;
    connectors::validate(&after)?;
    if after.mapping != mapping || after.recon != recon {
        // The edit must say exactly what the form says; a file that reads otherwise is
        // never written.
        return Err(Error::Config(format!(
            "{} could not be edited to say what the screen says; edit it by hand \
             (docs/config.md)",
            path.display()
        )));
    }
    paths::write_new_file(path, &written)?;
    let document = document(path, &written, &after)?;
    Ok(Saved::Written {
        config: Box::new(after),
        document: Box::new(document),
    })
}

fn document(path: &Path, text: &str, config: &Config) -> Result<RulesDocument> {
    Ok(RulesDocument {
        form: RulesForm::from_config(config),
        version: fingerprint(text),
        path: path.display().to_string(),
        erp_name: config
            .counterpart(model::Entity::Stock)
            .map(|c| connectors::display_name(c).to_owned()),
        available_stock_offered: available_stock_offered(config)?,
    })
}

fn available_stock_offered(config: &Config) -> Result<bool> {
    Ok(match config.counterpart(model::Entity::Stock) {
        Some(c) => connectors::check(c)?.capabilities.available_stock,
        None => false,
    })
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::ConfigFile {
        path: path.to_owned(),
        detail: e.to_string(),
    })
}

/// Same text, same fingerprint (within one build: SipHash with fixed keys).
fn fingerprint(text: &str) -> String {
    let mut hasher = std::hash::DefaultHasher::new();
    text.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The documented example: every kind of section, with comments.
    fn example() -> String {
        let docs = include_str!("../../../../docs/config.md");
        let start = docs.find("## A complete example").unwrap();
        let body = &docs[start..];
        let body = &body[body.find("```toml\n").unwrap() + 8..];
        body[..body.find("```").unwrap()].to_owned()
    }

    fn file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    fn written(saved: Saved) -> (Config, RulesDocument) {
        match saved {
            Saved::Written { config, document } => (*config, *document),
            Saved::Refused(problems) => panic!("refused: {problems:?}"),
        }
    }

    #[test]
    fn editing_keeps_the_comments_and_changes_only_what_changed() {
        let (_dir, path) = file(&example());
        let doc = open(&path).unwrap();
        let mut form = doc.form.clone();
        form.sources.push(Link {
            magento: "wh-west".into(),
            erp: "WEST".into(),
        });
        form.skus.clear();
        form.orders.grace_minutes = "45".into();
        form.price_lists[1].price_list = "CAMPAIGN".into();
        let (config, after) = written(save(&path, &doc.version, &form).unwrap());

        let text = std::fs::read_to_string(&path).unwrap();
        let before = example();
        // Every comment line of the original survives.
        for line in before.lines().filter(|l| l.trim_start().starts_with('#')) {
            assert!(text.contains(line), "lost comment {line:?}\n{text}");
        }
        assert!(text.contains("# Younger orders are \"in flight\": not reported missing yet.\ngrace_minutes = 45\n"), "{text}");
        assert!(
            text.contains("\n\"wh-east\" = \"EAST\"\nwh-west = \"WEST\"\n"),
            "{text}"
        );
        assert!(!text.contains("MT07-M-Gray"), "{text}");
        assert!(
            text.contains("customer_group_id = 32000   # ALL GROUPS"),
            "{text}"
        );
        assert!(text.contains("price_list = \"CAMPAIGN\""), "{text}");
        // Untouched keys are written as they were, character for character.
        assert!(text.contains("total_tolerance = { absolute = \"0.01\", percent = \"0\" }"));
        assert_eq!(config.mapping.sources["wh-west"], "WEST");
        assert_eq!(config.recon.orders.grace_minutes, 45);
        assert_eq!(after.form, form_without_blank_rows(&form));
        // Saving the same form again changes nothing.
        let again = written(save(&path, &after.version, &after.form).unwrap()).1;
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        assert_eq!(again.version, after.version);
    }

    fn form_without_blank_rows(form: &RulesForm) -> RulesForm {
        let mut f = form.clone();
        f.sources.sort_by(|a, b| a.magento.cmp(&b.magento));
        f
    }

    #[test]
    fn a_file_without_rules_gains_only_the_changed_keys() {
        let text = "# My shop\n[connections.magento]\nkind = \"magento\"\n\
                    base_url = \"https://shop.example\"\nauth = \"oauth1\"\n";
        let (_dir, path) = file(text);
        let doc = open(&path).unwrap();
        let mut form = doc.form.clone();
        form.sources = vec![Link {
            magento: "default".into(),
            erp: "MAIN".into(),
        }];
        form.stock.qty_tolerance.absolute = "2".into();
        form.orders.statuses.retain(|s| s.status != "holded");
        written(save(&path, &doc.version, &form).unwrap());
        let now = std::fs::read_to_string(&path).unwrap();
        assert!(now.starts_with(text), "{now}");
        let added = &now[text.len()..];
        assert!(
            added.contains("[mapping.sources]\ndefault = \"MAIN\""),
            "{added}"
        );
        assert!(!added.contains("[mapping]\n"), "{added}");
        assert!(
            added.contains("[recon.stock]\nqty_tolerance = { absolute = \"2\", percent = \"0\" }"),
            "{added}"
        );
        // Changing one status writes the whole table (a listed table replaces the default).
        assert!(added.contains("[recon.orders.statuses]"), "{added}");
        assert!(
            added.contains("pending = [\"open\"]") && !added.contains("holded"),
            "{added}"
        );
        assert!(!added.contains("grace_minutes"), "{added}");
        let config = paths::load_config(&path).unwrap();
        assert_eq!(config.recon.orders.statuses.len(), 7);
    }

    #[test]
    fn excluding_a_source_is_written_and_taken_back() {
        let (_dir, path) = file(&example());
        let doc = open(&path).unwrap();
        let mut form = doc.form.clone();
        form.excluded_sources = vec![" returns ".into()];
        form.excluded_locations = vec!["TRANSIT".into()];
        let (config, after) = written(save(&path, &doc.version, &form).unwrap());
        assert_eq!(
            config.mapping.exclude_sources.iter().collect::<Vec<_>>(),
            ["returns"]
        );
        assert_eq!(
            config.mapping.exclude_locations.iter().collect::<Vec<_>>(),
            ["TRANSIT"]
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("exclude_sources = [\"returns\"]"), "{text}");

        let mut back = after.form.clone();
        back.excluded_sources.clear();
        back.excluded_locations.clear();
        let (config, _) = written(save(&path, &after.version, &back).unwrap());
        assert!(config.mapping.exclude_sources.is_empty());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("exclude_"), "{text}");
        assert_eq!(paths::load_config(&path).unwrap().mapping, config.mapping);
    }

    #[test]
    fn nothing_is_written_when_the_form_is_wrong_or_the_file_moved_on() {
        let (_dir, path) = file(&example());
        let doc = open(&path).unwrap();
        let mut form = doc.form.clone();
        form.orders.grace_minutes = "soon".into();
        let Saved::Refused(problems) = save(&path, &doc.version, &form).unwrap() else {
            panic!("saved a wrong form");
        };
        assert_eq!(problems[0].field, "orders.grace_minutes");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), example());

        std::fs::write(&path, example() + "\n# edited by hand\n").unwrap();
        let Saved::Refused(problems) = save(&path, &doc.version, &doc.form).unwrap() else {
            panic!("saved over a file changed meanwhile");
        };
        assert!(problems[0].message.contains("changed outside this screen"));
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .ends_with("# edited by hand\n")
        );
    }

    #[test]
    fn available_stock_is_refused_where_the_connector_has_none() {
        let (_dir, path) = file(&example());
        let doc = open(&path).unwrap();
        assert!(!doc.available_stock_offered);
        assert_eq!(doc.erp_name.as_deref(), Some("Business Central"));
        let mut form = doc.form.clone();
        form.stock.erp_quantity = ErpQuantity::Available;
        let Saved::Refused(problems) = save(&path, &doc.version, &form).unwrap() else {
            panic!("saved an impossible rule");
        };
        assert_eq!(problems[0].field, "stock.erp_quantity");
    }

    #[test]
    fn price_lists_can_be_removed_and_added() {
        let (_dir, path) = file(&example());
        let doc = open(&path).unwrap();
        let mut form = doc.form.clone();
        form.price_lists.truncate(1);
        let (config, doc) = written(save(&path, &doc.version, &form).unwrap());
        assert_eq!(config.mapping.price_lists.len(), 1);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches("[[mapping.price_lists]]").count(), 1, "{text}");
        let mut form = doc.form.clone();
        form.price_lists.push(model::config::PriceListMapping {
            website_id: 2,
            customer_group_id: 1,
            price: model::config::PriceKind::Tier,
            price_list: "WHOLESALE".into(),
        });
        let (config, _) = written(save(&path, &doc.version, &form).unwrap());
        assert_eq!(config.mapping.price_lists[1].price_list, "WHOLESALE");
        form.price_lists.clear();
        let doc = open(&path).unwrap();
        let (config, _) = written(save(&path, &doc.version, &form).unwrap());
        assert!(config.mapping.price_lists.is_empty());
        assert!(
            !std::fs::read_to_string(&path)
                .unwrap()
                .contains("price_lists")
        );
    }
}
