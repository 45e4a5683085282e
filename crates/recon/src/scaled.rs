//! Decimals as scaled integers for polars: exact comparisons and sums on plain i64 columns.
//! Money and quantities are compared in polars only to find candidates; every reported number
//! is recomputed from the original decimals, so nothing a person reads passes through a float.

use rust_decimal::Decimal;

/// Six decimal places: Magento keeps four, Business Central up to five.
pub const SCALE: u32 = 6;

/// The value times 10^6 when that is exact and fits, else `None`.
pub fn exact(value: Decimal) -> Option<i64> {
    let mut v = value;
    v.rescale(SCALE);
    if v != value {
        return None;
    }
    i64::try_from(v.mantissa()).ok()
}

/// The scaled value for an equality test: values that cannot be scaled exactly get a
/// sentinel that differs between the two sides, so they always end up as candidates and are
/// judged on their decimals.
pub fn for_compare(value: Decimal, side: Side) -> i64 {
    exact(value).unwrap_or(match side {
        Side::Magento => i64::MIN,
        Side::Erp => i64::MIN + 1,
    })
}

/// The value rounded to six places, for sums (control totals).
pub fn rounded(value: Decimal) -> i64 {
    let mut v = value.round_dp(SCALE);
    v.rescale(SCALE);
    i64::try_from(v.mantissa()).unwrap_or(if v.is_sign_negative() {
        i64::MIN
    } else {
        i64::MAX
    })
}

/// Back from a scaled sum.
pub fn decimal(scaled: i64) -> Decimal {
    Decimal::new(scaled, SCALE).normalize()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Magento,
    Erp,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn scales_exactly_or_not_at_all() {
        assert_eq!(exact(d("12.34")), Some(12_340_000));
        assert_eq!(exact(d("12.3400")), Some(12_340_000));
        assert_eq!(exact(d("-0.000001")), Some(-1));
        assert_eq!(exact(d("0.0000001")), None);
        assert_eq!(exact(d("99999999999999.5")), None);
        assert_ne!(
            for_compare(d("0.0000001"), Side::Magento),
            for_compare(d("0.0000001"), Side::Erp)
        );
        assert_eq!(decimal(rounded(d("1.23456789"))), d("1.234568"));
        assert_eq!(decimal(12_340_000).to_string(), "12.34");
    }
}
