//! The business day of an order: its placing time in the time zone of the store view it was
//! placed in (Magento's `general/locale/timezone`), as the merchant's own reports count it;
//! UTC where the store's time zone is not known.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// Time zones by Magento store view id, and the one for views not listed.
#[derive(Debug, Clone, Default)]
pub struct LocalDays {
    by_store: HashMap<u32, Tz>,
    other: Option<Tz>,
}

impl LocalDays {
    /// From the IANA names a store reported (`America/Los_Angeles`) by store view id; the
    /// lowest id's zone also stands for views not listed. Names not understood are returned,
    /// and those views count in UTC.
    pub fn from_names(names: &BTreeMap<u32, String>) -> (LocalDays, Vec<String>) {
        let mut days = LocalDays::default();
        let mut unknown = Vec::new();
        for (store, name) in names {
            match name.parse::<Tz>() {
                Ok(tz) => {
                    days.by_store.insert(*store, tz);
                    days.other.get_or_insert(tz);
                }
                Err(_) => unknown.push(name.clone()),
            }
        }
        (days, unknown)
    }

    pub fn day(&self, store: u32, at: DateTime<Utc>) -> NaiveDate {
        match self.by_store.get(&store).or(self.other.as_ref()) {
            Some(tz) => at.with_timezone(tz).date_naive(),
            None => at.date_naive(),
        }
    }

    /// The zones in use, for saying on screen which days are counted (`UTC` when none).
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .by_store
            .values()
            .map(|tz| tz.name().to_string())
            .collect();
        names.sort();
        names.dedup();
        if names.is_empty() {
            names.push("UTC".to_string());
        }
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_evening_in_los_angeles_is_the_day_before_in_utc() {
        let names = BTreeMap::from([
            (1, "America/Los_Angeles".to_string()),
            (2, "Europe/Berlin".to_string()),
            (3, "Mars/Olympus".to_string()),
        ]);
        let (days, unknown) = LocalDays::from_names(&names);
        assert_eq!(unknown, ["Mars/Olympus"]);
        let at: DateTime<Utc> = "2026-03-01T03:00:00Z".parse().unwrap();
        let date = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(days.day(1, at), date("2026-02-28"));
        assert_eq!(days.day(2, at), date("2026-03-01"));
        // A view not listed counts in the lowest listed view's zone.
        assert_eq!(days.day(9, at), date("2026-02-28"));
        assert_eq!(LocalDays::default().day(1, at), date("2026-03-01"));
        assert_eq!(days.names(), ["America/Los_Angeles", "Europe/Berlin"]);
    }
}
