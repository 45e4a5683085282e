//! Number and date rendering shared by every payload.
//!
//! Magento is PHP: a float that happens to be whole is written as an integer (`165`, not
//! `165.0`), other amounts as the shortest decimal (`29.95`), and dates as naive UTC strings
//! `YYYY-MM-DD HH:MM:SS`. Clients must cope with exactly that, so the simulator renders it.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Serialize, Serializer};

/// An amount of money in cents. Kept integral so totals add up exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(pub i64);

impl Money {
    pub const ZERO: Money = Money(0);

    /// The amount in cents.
    pub fn cents(self) -> i64 {
        self.0
    }

    /// The amount as the float Magento would put on the wire.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// `"19.990000"`: how EAV decimal attributes (e.g. `special_price`) come back.
    pub fn eav_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}0000", abs / 100, abs % 100)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % 100 == 0 {
            s.serialize_i64(self.0 / 100)
        } else {
            // Division of an exact integer by 100 yields the double nearest to the decimal
            // amount, whose shortest representation is the two-decimal string.
            s.serialize_f64(self.as_f64())
        }
    }
}

/// Any other float (quantities, rates, weights), rendered the PHP way.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Decimal(pub f64);

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            s.serialize_i64(v as i64)
        } else {
            s.serialize_f64(v)
        }
    }
}

/// A point in time (Unix seconds) rendered as Magento's naive UTC string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Unix seconds.
    pub fn secs(self) -> i64 {
        self.0
    }
}

impl Timestamp {
    /// `YYYY-MM-DD HH:MM:SS` without going through `fmt`: every order carries a dozen of
    /// these, and this is on the hot path of a page.
    fn to_bytes(self) -> [u8; 19] {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400) as u32;
        let (year, month, day) = civil_from_days(days);
        let year = year.clamp(0, 9999) as u32;
        let mut b = *b"0000-00-00 00:00:00";
        let mut put = |at: usize, v: u32, width: usize| {
            let mut v = v;
            for i in (0..width).rev() {
                b[at + i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
        };
        put(0, year, 4);
        put(5, month, 2);
        put(8, day, 2);
        put(11, secs / 3600, 2);
        put(14, secs / 60 % 60, 2);
        put(17, secs % 60, 2);
        b
    }
}

/// Howard Hinnant's `civil_from_days`: (year, month, day) of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bytes = self.to_bytes();
        f.write_str(std::str::from_utf8(&bytes).map_err(|_| std::fmt::Error)?)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let bytes = self.to_bytes();
        match std::str::from_utf8(&bytes) {
            Ok(text) => s.serialize_str(text),
            Err(_) => s.collect_str(self),
        }
    }
}

/// Parses the date spellings a client may filter with: `YYYY-MM-DD HH:MM:SS`, the same with
/// `T` (and an optional `Z`), or a bare `YYYY-MM-DD` (midnight), as MySQL would read them.
pub(crate) fn parse_datetime(s: &str) -> Option<i64> {
    let s = s.trim();
    let s = s.strip_suffix('Z').unwrap_or(s);
    let s = s.strip_suffix("+00:00").unwrap_or(s);
    if s.len() == 10 {
        let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
        return Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp());
    }
    let fmt = if s.as_bytes().get(10) == Some(&b'T') {
        "%Y-%m-%dT%H:%M:%S"
    } else {
        "%Y-%m-%d %H:%M:%S"
    };
    NaiveDateTime::parse_from_str(s, fmt)
        .ok()
        .map(|dt| dt.and_utc().timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_renders_like_php() {
        let j = serde_json::to_string(&[Money(16500), Money(2995), Money(-150), Money(5)]).unwrap();
        assert_eq!(j, "[165,29.95,-1.5,0.05]");
        assert_eq!(Money(1999).eav_string(), "19.990000");
    }

    #[test]
    fn decimals_and_dates() {
        assert_eq!(serde_json::to_string(&Decimal(12.0)).unwrap(), "12");
        assert_eq!(serde_json::to_string(&Decimal(12.5)).unwrap(), "12.5");
        let t = parse_datetime("2026-01-02 03:04:05").unwrap();
        assert_eq!(Timestamp(t).to_string(), "2026-01-02 03:04:05");
        assert_eq!(parse_datetime("2026-01-02T03:04:05Z"), Some(t));
        assert_eq!(
            parse_datetime("2026-01-02"),
            parse_datetime("2026-01-02 00:00:00")
        );
        assert_eq!(parse_datetime("yesterday"), None);
        // The hand-rolled calendar agrees with chrono across eras and leap days.
        for t in (-3_000_000_000i64..4_000_000_000).step_by(7_777_777) {
            let expected = chrono::DateTime::from_timestamp(t, 0)
                .unwrap()
                .format("%Y-%m-%d %H:%M:%S")
                .to_string();
            assert_eq!(Timestamp(t).to_string(), expected);
        }
        assert_eq!(Timestamp(951_782_400).to_string(), "2000-02-29 00:00:00");
    }
}
