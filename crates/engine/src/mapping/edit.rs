//! Writing the editor's `[mapping]` and `[recon]` into the configuration file the
//! person keeps, through `toml_edit`: only keys whose value changed are touched,
//! and a replaced value keeps the comments around it, so the file still reads as
//! its author wrote it. Defaults that did not change are never written out.

use std::collections::BTreeMap;

use model::config::{Mapping, PriceListMapping};
use model::erp::CanonicalStatus;
use model::rules::ErpQuantity;
use model::{ReconConfig, Tolerance};
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike, Value};

/// The file's text with `after` written where it differs from `before` (what the same
/// text parses to).
pub fn apply(
    text: &str,
    before: (&Mapping, &ReconConfig),
    after: (&Mapping, &ReconConfig),
) -> Result<String, toml_edit::TomlError> {
    let mut doc: DocumentMut = text.parse()?;
    let ((old_map, old), (new_map, new)) = (before, after);

    if old_map.sources != new_map.sources {
        let t = table_item(&mut doc, &["mapping", "sources"]);
        set_map(t, &old_map.sources, &new_map.sources, |v| {
            Value::from(v.as_str())
        });
    }
    if old_map.exclude_sources != new_map.exclude_sources {
        set_codes(&mut doc, "exclude_sources", &new_map.exclude_sources);
    }
    if old_map.exclude_locations != new_map.exclude_locations {
        set_codes(&mut doc, "exclude_locations", &new_map.exclude_locations);
    }
    if old_map.skus != new_map.skus {
        let t = table_item(&mut doc, &["mapping", "skus"]);
        set_map(t, &old_map.skus, &new_map.skus, |v| Value::from(v.as_str()));
    }
    if old_map.price_lists != new_map.price_lists {
        set_price_lists(&mut doc, &old_map.price_lists, &new_map.price_lists);
    }

    let (o, n) = (&old.orders, &new.orders);
    if o != n {
        let t = table(&mut doc, &["recon", "orders"]);
        if o.eligible_states != n.eligible_states {
            set(t, "eligible_states", strings(&n.eligible_states));
        }
        if o.grace_minutes != n.grace_minutes {
            set(t, "grace_minutes", Value::from(i64::from(n.grace_minutes)));
        }
        if o.total_tolerance != n.total_tolerance {
            set(t, "total_tolerance", tolerance(n.total_tolerance));
        }
        if o.strip_prefix != n.strip_prefix {
            set(t, "strip_prefix", Value::from(n.strip_prefix.as_str()));
        }
        if o.strip_leading_zeros != n.strip_leading_zeros {
            set(t, "strip_leading_zeros", Value::from(n.strip_leading_zeros));
        }
        if o.statuses != n.statuses {
            // Listing any status replaces the whole default table, so all of it is written.
            let t = table_item(&mut doc, &["recon", "orders", "statuses"]);
            set_map(t, &o.statuses, &n.statuses, |states| statuses(states));
        }
    }
    if old.stock != new.stock {
        let t = table(&mut doc, &["recon", "stock"]);
        if old.stock.erp_quantity != new.stock.erp_quantity {
            let spelled = match new.stock.erp_quantity {
                ErpQuantity::OnHand => "on-hand",
                ErpQuantity::Available => "available",
            };
            set(t, "erp_quantity", Value::from(spelled));
        }
        if old.stock.qty_tolerance != new.stock.qty_tolerance {
            set(t, "qty_tolerance", tolerance(new.stock.qty_tolerance));
        }
    }
    if old.prices != new.prices {
        let t = table(&mut doc, &["recon", "prices"]);
        set(t, "price_tolerance", tolerance(new.prices.price_tolerance));
    }
    Ok(doc.to_string())
}

/// The table at `path`, created (as `[a.b]` at the end of the file) when missing.
fn table<'a>(doc: &'a mut DocumentMut, path: &[&str]) -> &'a mut dyn TableLike {
    table_item(doc, path)
        .as_table_like_mut()
        .expect("the configuration parsed, so this key holds a table")
}

/// [`table`], as the item that holds it (whose header can carry comments).
fn table_item<'a>(doc: &'a mut DocumentMut, path: &[&str]) -> &'a mut Item {
    let (last, parents) = path.split_last().expect("a path names a table");
    let mut at: &mut dyn TableLike = doc.as_table_mut();
    for key in parents.iter().chain([last]) {
        if at.get(key).is_none() {
            let mut fresh = Table::new();
            // Parents with nothing of their own get no `[mapping]` header of their own.
            fresh.set_implicit(key != last);
            at.insert(key, Item::Table(fresh));
        }
        if key == last {
            break;
        }
        at = at
            .get_mut(key)
            .and_then(Item::as_table_like_mut)
            .expect("the configuration parsed, so this key holds a table");
    }
    at.get_mut(last).expect("inserted above")
}

/// Replaces a value, keeping the comments and spacing around the old one.
fn set(t: &mut dyn TableLike, key: &str, value: Value) {
    match t.get_mut(key) {
        Some(Item::Value(old)) => {
            let decor = old.decor().clone();
            *old = value;
            *old.decor_mut() = decor;
        }
        Some(item) => *item = Item::Value(value),
        None => {
            t.insert(key, Item::Value(value));
        }
    }
}

/// Makes a table hold exactly `new`: rows that stay the same are left as written, and
/// the comment above a removed row moves to the row after it (or under the header).
fn set_map<V: PartialEq>(
    item: &mut Item,
    old: &BTreeMap<String, V>,
    new: &BTreeMap<String, V>,
    value: impl Fn(&V) -> Value,
) {
    let keys: Vec<String> = item
        .as_table_like()
        .map(|t| t.iter().map(|(k, _)| k.to_owned()).collect())
        .unwrap_or_default();
    let mut orphaned = String::new();
    for key in &keys {
        let t = item.as_table_like_mut().expect("a table");
        let comment = t
            .key(key)
            .and_then(|k| k.leaf_decor().prefix())
            .and_then(|p| p.as_str())
            .filter(|p| p.contains('#'))
            .map(str::to_owned);
        if !new.contains_key(key) {
            t.remove(key);
            orphaned.push_str(&comment.unwrap_or_default());
        } else if !orphaned.is_empty() {
            if let Some(mut k) = t.key_mut(key) {
                let prefix = format!("{orphaned}{}", comment.unwrap_or_default());
                k.leaf_decor_mut().set_prefix(prefix);
            }
            orphaned.clear();
        }
    }
    if !orphaned.is_empty()
        && let Item::Table(table) = item
    {
        let suffix = table
            .decor()
            .suffix()
            .and_then(|s| s.as_str())
            .unwrap_or_default()
            .to_owned();
        let comment = orphaned.trim_end_matches('\n');
        table.decor_mut().set_suffix(format!("{suffix}\n{comment}"));
    }
    let t = item.as_table_like_mut().expect("a table");
    for (key, v) in new {
        let written_as_is = t.contains_key(key) && old.get(key) == Some(v);
        if !written_as_is {
            set(t, key, value(v));
        }
    }
}

/// `[[mapping.price_lists]]`: rows edited in place by position, extra rows removed from
/// the end, new ones appended.
fn set_price_lists(doc: &mut DocumentMut, old: &[PriceListMapping], new: &[PriceListMapping]) {
    let mapping = table(doc, &["mapping"]);
    if new.is_empty() {
        mapping.remove("price_lists");
        return;
    }
    let is_array_of_tables = matches!(mapping.get("price_lists"), Some(Item::ArrayOfTables(_)));
    if !is_array_of_tables {
        // Absent, or written inline (`price_lists = [{ ... }]`): written afresh as tables.
        let mut rows = ArrayOfTables::new();
        for row in new {
            rows.push(price_list_table(row));
        }
        mapping.insert("price_lists", Item::ArrayOfTables(rows));
        return;
    }
    let Some(Item::ArrayOfTables(rows)) = mapping.get_mut("price_lists") else {
        unreachable!("checked above");
    };
    while rows.len() > new.len() {
        rows.remove(rows.len() - 1);
    }
    for (i, row) in new.iter().enumerate() {
        match rows.get_mut(i) {
            Some(t) if old.get(i) != Some(row) => {
                let was = old.get(i);
                if was.map(|w| w.website_id) != Some(row.website_id) {
                    set(t, "website_id", Value::from(i64::from(row.website_id)));
                }
                if was.map(|w| w.customer_group_id) != Some(row.customer_group_id) {
                    set(
                        t,
                        "customer_group_id",
                        Value::from(i64::from(row.customer_group_id)),
                    );
                }
                if was.map(|w| w.price) != Some(row.price) {
                    set(t, "price", Value::from(price_kind(row)));
                }
                if was.map(|w| &w.price_list) != Some(&row.price_list) {
                    set(t, "price_list", Value::from(row.price_list.as_str()));
                }
            }
            Some(_) => {}
            None => rows.push(price_list_table(row)),
        }
    }
}

fn price_list_table(row: &PriceListMapping) -> Table {
    let mut t = Table::new();
    t.insert("website_id", toml_edit::value(i64::from(row.website_id)));
    t.insert(
        "customer_group_id",
        toml_edit::value(i64::from(row.customer_group_id)),
    );
    t.insert("price", toml_edit::value(price_kind(row)));
    t.insert("price_list", toml_edit::value(row.price_list.as_str()));
    t
}

fn price_kind(row: &PriceListMapping) -> &'static str {
    match row.price {
        model::config::PriceKind::Base => "base",
        model::config::PriceKind::Special => "special",
        model::config::PriceKind::Tier => "tier",
    }
}

fn strings<'a>(items: impl IntoIterator<Item = &'a String>) -> Value {
    Value::Array(items.into_iter().map(String::as_str).collect::<Array>())
}

/// A list of codes under `[mapping]`, removed when it becomes empty (the default).
fn set_codes(doc: &mut DocumentMut, key: &str, codes: &std::collections::BTreeSet<String>) {
    let t = table(doc, &["mapping"]);
    if codes.is_empty() {
        t.remove(key);
    } else {
        set(t, key, strings(codes));
    }
}

fn statuses(states: &[CanonicalStatus]) -> Value {
    Value::Array(states.iter().map(|s| s.as_str()).collect::<Array>())
}

/// Decimals as strings: written exactly as they will be compared.
fn tolerance(t: Tolerance) -> Value {
    let mut inline = InlineTable::new();
    inline.insert("absolute", Value::from(t.absolute.normalize().to_string()));
    inline.insert("percent", Value::from(t.percent.normalize().to_string()));
    Value::InlineTable(inline)
}
