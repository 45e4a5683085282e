//! `searchCriteria` in the query string, as Magento's REST layer reads it: PHP bracket syntax,
//! snake_case or camelCase keys, filters OR-ed within a group and groups AND-ed, sort orders
//! (DESC when the direction is missing), page size and current page; plus the echo that goes
//! back in `search_criteria` and the page window.

mod exec;
mod filter;

pub(crate) use exec::{Column, Row, Table, run};
pub(crate) use filter::Value;
use filter::{Condition, Filter};

use percent_encoding::percent_decode_str;
use serde_json::{Map, Value as Json, json};

use crate::config::Paging;
use crate::errors::ApiError;

/// The largest page Magento allows when input limits are on.
pub(crate) const MAX_PAGE_SIZE: u64 = 300;
/// The page size Magento applies when input limits are on and none was sent.
pub(crate) const DEFAULT_LIMITED_PAGE_SIZE: u64 = 20;

/// Decodes a query string the way PHP fills `$_GET`: `+` is a space, `%XX` a byte.
pub(crate) fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (form_decode(k), form_decode(v))
        })
        .collect()
}

pub(crate) fn form_decode(s: &str) -> String {
    let s = s.replace('+', " ");
    percent_decode_str(&s).decode_utf8_lossy().into_owned()
}

/// One group of OR-ed filters, with the spelling that was sent (for the echo).
#[derive(Debug, Clone, Default)]
pub(crate) struct FilterGroup {
    pub filters: Vec<Filter>,
    echo: Vec<Json>,
}

/// A sort order; `descending` is true when the direction is DESC or missing.
#[derive(Debug, Clone)]
pub(crate) struct SortOrder {
    pub field: String,
    pub descending: bool,
    direction: Option<String>,
}

/// The parsed `searchCriteria`.
#[derive(Debug, Clone, Default)]
pub(crate) struct SearchCriteria {
    pub groups: Vec<FilterGroup>,
    pub sorts: Vec<SortOrder>,
    pub page_size: Option<i64>,
    pub current_page: Option<i64>,
    /// Whether any `searchCriteria` parameter was present.
    pub present: bool,
}

#[derive(Default)]
struct RawFilter {
    field: Option<String>,
    value: Option<String>,
    condition_type: Option<String>,
}

#[derive(Default)]
struct RawSort {
    field: Option<String>,
    direction: Option<String>,
}

/// Finds or appends the entry with `key`, keeping first-seen order like a PHP array.
fn entry<'a, T: Default>(items: &'a mut Vec<(String, T)>, key: &str) -> &'a mut T {
    let pos = match items.iter().position(|(k, _)| k == key) {
        Some(pos) => pos,
        None => {
            items.push((key.to_string(), T::default()));
            items.len() - 1
        }
    };
    &mut items[pos].1
}

/// `filterGroups` -> `filter_groups`, as Magento converts every key.
fn snake_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Splits `searchCriteria[a][b][c]` into `["a", "b", "c"]`; `None` for other parameters.
fn bracket_path(key: &str) -> Option<Vec<String>> {
    let rest = key.strip_prefix("searchCriteria")?;
    let mut segments = Vec::new();
    let mut rest = rest;
    while let Some(after) = rest.strip_prefix('[') {
        let end = after.find(']')?;
        segments.push(after[..end].to_string());
        rest = &after[end + 1..];
    }
    rest.is_empty().then_some(segments)
}

impl SearchCriteria {
    /// Parses the query parameters. Only type errors are rejected, like Magento.
    pub fn parse(pairs: &[(String, String)]) -> Result<Self, ApiError> {
        let mut groups: Vec<(String, Vec<(String, RawFilter)>)> = Vec::new();
        let mut sorts: Vec<(String, RawSort)> = Vec::new();
        let mut sc = SearchCriteria::default();
        let mut fresh = 0u32;
        // PHP turns `[]` into the next index: give each one a key of its own.
        let mut index = |s: &str| {
            if s.is_empty() {
                fresh += 1;
                format!("\u{0}{fresh}")
            } else {
                s.to_string()
            }
        };
        for (key, value) in pairs {
            let Some(path) = bracket_path(key) else {
                continue;
            };
            sc.present = true;
            let path: Vec<String> = path.iter().map(|s| snake_case(s)).collect();
            let p: Vec<&str> = path.iter().map(String::as_str).collect();
            match p.as_slice() {
                ["filter_groups", g, "filters", f, prop] => {
                    let (g, f) = (index(g), index(f));
                    let group = entry(&mut groups, &g);
                    let filter = entry(group, &f);
                    match *prop {
                        "field" => filter.field = Some(value.clone()),
                        "value" => filter.value = Some(value.clone()),
                        "condition_type" => filter.condition_type = Some(value.clone()),
                        _ => {}
                    }
                }
                ["sort_orders", s, prop] => {
                    let s = index(s);
                    let sort = entry(&mut sorts, &s);
                    match *prop {
                        "field" => sort.field = Some(value.clone()),
                        "direction" => sort.direction = Some(value.clone()),
                        _ => {}
                    }
                }
                ["page_size"] => sc.page_size = Some(parse_int(value)?),
                ["current_page"] => sc.current_page = Some(parse_int(value)?),
                _ => {}
            }
        }
        for (_, raw_filters) in groups {
            let mut group = FilterGroup::default();
            for (_, raw) in raw_filters {
                // A filter without a field cannot select anything; Magento's collection
                // ignores it too.
                let Some(field) = raw.field else { continue };
                let value = raw.value.clone().unwrap_or_default();
                let condition = Condition::parse(raw.condition_type.as_deref());
                let mut echo = Map::new();
                echo.insert("field".into(), Json::String(field.clone()));
                if let Some(v) = &raw.value {
                    echo.insert("value".into(), Json::String(v.clone()));
                }
                // Filter::getConditionType() answers "eq" when none was set.
                echo.insert(
                    "condition_type".into(),
                    Json::String(raw.condition_type.clone().unwrap_or_else(|| "eq".into())),
                );
                group.echo.push(Json::Object(echo));
                group.filters.push(Filter::new(&field, condition, &value));
            }
            sc.groups.push(group);
        }
        for (_, raw) in sorts {
            let Some(field) = raw.field else { continue };
            let direction = match raw.direction {
                None => None,
                Some(d) => match d.to_ascii_uppercase().as_str() {
                    "ASC" | "DESC" => Some(d.to_ascii_uppercase()),
                    _ => return Err(ApiError::bad_sort_direction()),
                },
            };
            sc.sorts.push(SortOrder {
                field,
                // SortOrder with no direction reads as DESC in Magento's collection processor.
                descending: direction.as_deref() != Some("ASC"),
                direction,
            });
        }
        Ok(sc)
    }

    /// The `search_criteria` object of the response: what was sent, in snake_case.
    /// `filter_groups` is always there (its getter never returns null).
    pub fn echo(&self) -> Json {
        let mut out = Map::new();
        let groups: Vec<Json> = self
            .groups
            .iter()
            .map(|g| json!({ "filters": g.echo }))
            .collect();
        out.insert("filter_groups".into(), Json::Array(groups));
        if !self.sorts.is_empty() {
            let sorts: Vec<Json> = self
                .sorts
                .iter()
                .map(|s| {
                    let mut o = Map::new();
                    o.insert("field".into(), Json::String(s.field.clone()));
                    if let Some(d) = &s.direction {
                        o.insert("direction".into(), Json::String(d.clone()));
                    }
                    Json::Object(o)
                })
                .collect();
            out.insert("sort_orders".into(), Json::Array(sorts));
        }
        if let Some(n) = self.page_size {
            out.insert("page_size".into(), json!(n));
        }
        if let Some(n) = self.current_page {
            out.insert("current_page".into(), json!(n));
        }
        Json::Object(out)
    }

    /// The page size in force: as sent, or 20 with input limits on, or unlimited.
    /// Rejects sizes above 300 when limits are on.
    pub fn effective_page_size(&self, input_limits: bool) -> Result<Option<u64>, ApiError> {
        let sent = self.page_size.filter(|n| *n > 0).map(|n| n as u64);
        if input_limits {
            match sent {
                Some(n) if n > MAX_PAGE_SIZE => Err(ApiError::max_page_size(MAX_PAGE_SIZE)),
                Some(n) => Ok(Some(n)),
                None => Ok(Some(DEFAULT_LIMITED_PAGE_SIZE)),
            }
        } else {
            Ok(sent)
        }
    }

    /// The requested page, 1 when missing or below 1.
    pub fn page(&self) -> u64 {
        self.current_page.filter(|p| *p >= 1).unwrap_or(1) as u64
    }
}

fn parse_int(s: &str) -> Result<i64, ApiError> {
    s.trim()
        .parse::<i64>()
        .map_err(|_| ApiError::invalid_type(s, "int"))
}

/// The rows `[start, end)` of the result a page shows.
pub(crate) fn window(total: u64, page_size: Option<u64>, page: u64, paging: Paging) -> (u64, u64) {
    let Some(size) = page_size else {
        return (0, total);
    };
    let mut start = page.saturating_sub(1).saturating_mul(size);
    if start >= total && paging == Paging::Pre24 && total > 0 {
        // Before 2.4 the collection clamped the page number to the last page.
        let last_page = total.div_ceil(size);
        start = (last_page - 1) * size;
    }
    if start >= total {
        return (total, total);
    }
    (start, start.saturating_add(size).min(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> SearchCriteria {
        SearchCriteria::parse(&query_pairs(q)).unwrap()
    }

    #[test]
    fn both_spellings_and_encoded_brackets() {
        let sc = parse(
            "searchCriteria%5BfilterGroups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=entity_id\
             &searchCriteria[filter_groups][0][filters][0][value]=5\
             &searchCriteria[filterGroups][0][filters][0][conditionType]=gt\
             &searchCriteria[sortOrders][0][field]=entity_id\
             &searchCriteria[sortOrders][0][direction]=asc\
             &searchCriteria[pageSize]=300&searchCriteria[current_page]=2",
        );
        assert_eq!(sc.groups.len(), 1);
        assert_eq!(sc.groups[0].filters[0].field, "entity_id");
        assert_eq!(sc.groups[0].filters[0].condition, Condition::Gt);
        assert!(!sc.sorts[0].descending);
        assert_eq!((sc.page_size, sc.current_page), (Some(300), Some(2)));
        assert_eq!(
            sc.echo(),
            json!({
                "filter_groups": [{"filters": [{"field": "entity_id", "value": "5", "condition_type": "gt"}]}],
                "sort_orders": [{"field": "entity_id", "direction": "ASC"}],
                "page_size": 300,
                "current_page": 2
            })
        );
    }

    #[test]
    fn missing_direction_is_desc_and_bad_values_are_rejected() {
        let sc = parse("searchCriteria[sortOrders][0][field]=created_at");
        assert!(sc.sorts[0].descending);
        assert!(SearchCriteria::parse(&query_pairs("searchCriteria[pageSize]=ten")).is_err());
        assert!(
            SearchCriteria::parse(&query_pairs(
                "searchCriteria[sortOrders][0][field]=a&searchCriteria[sortOrders][0][direction]=up"
            ))
            .is_err()
        );
        assert!(!parse("fields=items").present);
        assert!(parse("searchCriteria=").present);
    }

    #[test]
    fn windows() {
        assert_eq!(window(10, Some(4), 3, Paging::V24), (8, 10));
        assert_eq!(window(10, Some(4), 4, Paging::V24), (10, 10));
        assert_eq!(window(10, Some(4), 9, Paging::Pre24), (8, 10));
        assert_eq!(window(10, None, 9, Paging::V24), (0, 10));
        assert_eq!(window(0, Some(4), 2, Paging::Pre24), (0, 0));
    }
}
