//! The last Test connection result per connection.

use chrono::{TimeZone, Utc};
use store::ConnectionTestRecord;

use crate::util::Fixture;

#[test]
fn only_the_newest_test_of_each_connection_is_kept() {
    let mut f = Fixture::new();
    assert_eq!(f.store.last_connection_test("erp").unwrap(), None);
    let test = |at: u32, passed: bool, report: &str| ConnectionTestRecord {
        connection: "erp".into(),
        tested_at: Utc.with_ymd_and_hms(2026, 12, 7, at, 0, 0).unwrap(),
        passed,
        report: report.into(),
    };
    f.store
        .record_connection_test(&test(9, false, "{\"problem\":1}"))
        .unwrap();
    f.store
        .record_connection_test(&test(10, true, "{}"))
        .unwrap();
    assert_eq!(
        f.store.last_connection_test("erp").unwrap(),
        Some(test(10, true, "{}"))
    );
    assert_eq!(f.store.last_connection_test("magento").unwrap(), None);
}
