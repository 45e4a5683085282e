//! The `fields` query parameter: a partial response such as
//! `fields=items[entity_id,increment_id,items[sku]],total_count`. Only the listed keys stay;
//! a list applies to every element of an array.

use serde_json::{Map, Value as Json};

/// A parsed `fields` selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fields(Vec<(String, Option<Fields>)>);

impl Fields {
    pub fn parse(spec: &str) -> Option<Fields> {
        let mut chars = spec.chars().peekable();
        let fields = parse_list(&mut chars)?;
        chars.next().is_none().then_some(fields)
    }

    pub fn apply(&self, value: Json) -> Json {
        match value {
            Json::Object(map) => {
                let mut out = Map::new();
                let mut map = map;
                for (name, sub) in &self.0 {
                    if let Some(v) = map.remove(name) {
                        let v = match sub {
                            Some(sub) => sub.apply(v),
                            None => v,
                        };
                        out.insert(name.clone(), v);
                    }
                }
                Json::Object(out)
            }
            Json::Array(items) => Json::Array(items.into_iter().map(|v| self.apply(v)).collect()),
            other => other,
        }
    }
}

fn parse_list(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<Fields> {
    let mut out = Vec::new();
    loop {
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if matches!(c, ',' | '[' | ']') {
                break;
            }
            name.push(c);
            chars.next();
        }
        let name = name.trim().to_string();
        let mut sub = None;
        if chars.peek() == Some(&'[') {
            chars.next();
            sub = Some(parse_list(chars)?);
            if chars.next() != Some(']') {
                return None;
            }
        }
        if !name.is_empty() {
            out.push((name, sub));
        }
        if chars.peek() == Some(&',') {
            chars.next();
        } else {
            return Some(Fields(out));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_only_listed_keys() {
        let f = Fields::parse("items[entity_id,items[sku]],total_count").unwrap();
        let v = json!({
            "items": [{"entity_id": 1, "state": "new", "items": [{"sku": "A", "price": 1}]}],
            "search_criteria": {},
            "total_count": 1
        });
        assert_eq!(
            f.apply(v),
            json!({"items": [{"entity_id": 1, "items": [{"sku": "A"}]}], "total_count": 1})
        );
        assert_eq!(Fields::parse("items[sku"), None);
    }
}
