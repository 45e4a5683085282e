//! Suggestions for the mapping editor: which ERP location a Magento source not
//! mapped yet probably is, by code first, then by name. Only a single clear
//! candidate is suggested; the person confirms every one.

use std::collections::BTreeMap;

use super::form::Link;
use super::live::Choice;

/// A suggested location for each source that `mapped` leaves out, where exactly one
/// free location matches: the same code, else the same name, else one whose code or
/// name contains the other's (`wh-east` and `EAST`). Case, spaces and punctuation are
/// ignored; a location already mapped from another source is not suggested again.
pub fn suggest_locations(
    sources: &[Choice],
    locations: &[Choice],
    mapped: &BTreeMap<String, String>,
) -> Vec<Link> {
    let mut free: Vec<&Choice> = locations
        .iter()
        .filter(|l| !mapped.values().any(|m| m == &l.code))
        .collect();
    let mut suggestions = Vec::new();
    for source in sources.iter().filter(|s| !mapped.contains_key(&s.code)) {
        let rules: [&dyn Fn(&Choice) -> bool; 3] = [
            &|l| folded(&l.code) == folded(&source.code),
            &|l| folded(&l.name) == folded(&source.name),
            &|l| {
                overlaps(&folded(&l.code), &folded(&source.code))
                    || overlaps(&folded(&l.name), &folded(&source.name))
            },
        ];
        let found = rules.iter().find_map(|rule| {
            let matching: Vec<usize> = (0..free.len()).filter(|&i| rule(free[i])).collect();
            (matching.len() == 1).then(|| matching[0])
        });
        if let Some(i) = found {
            let location = free.remove(i);
            suggestions.push(Link {
                magento: source.code.clone(),
                erp: location.code.clone(),
            });
        }
    }
    suggestions
}

fn folded(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// One contains the other, and the shorter is long enough to mean something.
fn overlaps(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 3 && long.contains(short)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(code: &str, name: &str) -> Choice {
        Choice {
            code: code.into(),
            name: name.into(),
            items: None,
        }
    }

    fn pairs(links: Vec<Link>) -> Vec<(String, String)> {
        links.into_iter().map(|l| (l.magento, l.erp)).collect()
    }

    #[test]
    fn code_then_name_then_overlap() {
        let sources = [
            c("main", "Main warehouse"),
            c("wh-berlin", "Berlin DC"),
            c("wh-east", "East"),
            c("popup", "Pop-up store"),
        ];
        let locations = [
            c("MAIN", "Main"),
            c("BER", "berlin dc"),
            c("EAST", "Eastern region"),
            c("WEST", "West"),
        ];
        let got = suggest_locations(&sources, &locations, &BTreeMap::new());
        assert_eq!(
            pairs(got),
            [
                ("main".into(), "MAIN".into()),
                ("wh-berlin".into(), "BER".into()),
                ("wh-east".into(), "EAST".into()),
            ]
        );
    }

    #[test]
    fn mapped_sources_and_taken_locations_are_left_alone() {
        let sources = [c("default", "Default Source"), c("east", "East")];
        let locations = [c("EAST", "East"), c("MAIN", "Main")];
        let mapped = BTreeMap::from([("default".to_string(), "EAST".to_string())]);
        assert!(suggest_locations(&sources, &locations, &mapped).is_empty());
    }

    #[test]
    fn two_candidates_are_no_suggestion() {
        let sources = [c("store", "Store")];
        let locations = [c("STORE1", "Store 1"), c("STORE2", "Store 2")];
        assert!(suggest_locations(&sources, &locations, &BTreeMap::new()).is_empty());
    }
}
