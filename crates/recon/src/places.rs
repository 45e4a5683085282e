//! Which Magento sources and ERP locations are compared item by item. A source is compared
//! when its counterpart location (the mapped one, else a location of the same code) exists
//! in the ERP's stock; a location when a Magento source maps to it. A place with no
//! counterpart is *unplaced*: its stock is one `unmapped_location` finding, not one per item.
//! A place excluded in the mapping (or paired with an excluded one) is left out on purpose.

use std::collections::{HashMap, HashSet};

use foldhash::fast::FixedState;
use model::config::Mapping;

/// What happens to the rows of one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class<'a> {
    /// Compared item by item; for an ERP location, the Magento source it stands for.
    Compared(&'a str),
    /// No counterpart on the other side.
    Unplaced,
    /// Left out of reconciliation on purpose.
    Excluded,
}

pub(crate) struct Places<'a> {
    mapping: &'a Mapping,
    sources: HashSet<&'a str, FixedState>,
    locations: HashSet<&'a str, FixedState>,
    /// ERP location -> the Magento source mapped to it.
    mapped_to: HashMap<&'a str, &'a str, FixedState>,
}

impl<'a> Places<'a> {
    /// `sources` and `locations`: every Magento source and ERP location holding rows (with
    /// repeats: millions of rows name a few places; each distinct one is kept once).
    pub(crate) fn new(
        mapping: &'a Mapping,
        sources: impl Iterator<Item = &'a str>,
        locations: impl Iterator<Item = &'a str>,
    ) -> Self {
        Places {
            mapping,
            sources: distinct(sources),
            locations: distinct(locations),
            mapped_to: mapping
                .sources
                .iter()
                .map(|(source, location)| (location.as_str(), source.as_str()))
                .collect(),
        }
    }

    /// The ERP location a Magento source is compared with: the mapped one, else its own code.
    pub(crate) fn counterpart(&self, source: &'a str) -> &'a str {
        self.mapping
            .sources
            .get(source)
            .map_or(source, String::as_str)
    }

    pub(crate) fn source(&self, source: &'a str) -> Class<'a> {
        let location = self.counterpart(source);
        if self.mapping.exclude_sources.contains(source)
            || self.mapping.exclude_locations.contains(location)
        {
            Class::Excluded
        } else if self.locations.contains(location) {
            Class::Compared(source)
        } else {
            Class::Unplaced
        }
    }

    pub(crate) fn location(&self, location: &'a str) -> Class<'a> {
        if self.mapping.exclude_locations.contains(location) {
            return Class::Excluded;
        }
        let source = match self.mapped_to.get(location) {
            Some(&mapped) => Some(mapped),
            // A source of the same code stands for it unless that source is mapped elsewhere.
            None => self
                .sources
                .get(location)
                .copied()
                .filter(|s| !self.mapping.sources.contains_key(*s)),
        };
        match source {
            Some(s) if self.mapping.exclude_sources.contains(s) => Class::Excluded,
            Some(s) if self.sources.contains(s) => Class::Compared(s),
            _ => Class::Unplaced,
        }
    }
}

fn distinct<'a>(names: impl Iterator<Item = &'a str>) -> HashSet<&'a str, FixedState> {
    let mut set = HashSet::default();
    let mut last = None;
    for name in names {
        if last != Some(name) {
            set.insert(name);
            last = Some(name);
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_pair_by_mapping_then_by_code() {
        let mut mapping = Mapping::default();
        mapping.sources.insert("default".into(), "MAIN".into());
        mapping.sources.insert("ghost".into(), "GHOST".into());
        mapping.exclude_sources.insert("dropship".into());
        mapping.exclude_locations.insert("TRANSIT".into());
        let sources = ["default", "default", "EAST", "pickup", "dropship", "ghost"];
        let locations = ["MAIN", "EAST", "OUTLET", "TRANSIT", "dropship"];
        let places = Places::new(&mapping, sources.iter().copied(), locations.iter().copied());
        assert_eq!(places.source("default"), Class::Compared("default"));
        assert_eq!(places.source("EAST"), Class::Compared("EAST"));
        assert_eq!(places.source("pickup"), Class::Unplaced);
        assert_eq!(
            places.source("ghost"),
            Class::Unplaced,
            "GHOST holds nothing"
        );
        assert_eq!(places.source("dropship"), Class::Excluded);
        assert_eq!(places.location("MAIN"), Class::Compared("default"));
        assert_eq!(places.location("EAST"), Class::Compared("EAST"));
        assert_eq!(places.location("OUTLET"), Class::Unplaced);
        assert_eq!(places.location("TRANSIT"), Class::Excluded);
        assert_eq!(places.location("dropship"), Class::Excluded);
    }
}
