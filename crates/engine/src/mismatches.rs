//! Listing mismatches and putting a person's decision on one (acknowledge, ignore).

use std::path::Path;

use chrono::{DateTime, Utc};
use model::{MismatchEntity, MismatchKey, MismatchKind, MismatchState};
use rust_decimal::Decimal;
use serde::Serialize;
use store::MismatchRecord;

pub use store::MismatchFilter;

use crate::error::Result;
use crate::lock::open_store_shared;

/// One mismatch as front ends show it: the finding, its lifecycle and its age.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "MismatchRow"))]
pub struct MismatchView {
    pub id: i64,
    pub entity: MismatchEntity,
    pub kind: MismatchKind,
    /// The key as people read it (`SKU@source`, ...): its identity.
    pub key: String,
    /// The same key in its parts (SKU, source, price list...): read these, never split `key`.
    pub key_parts: MismatchKey,
    pub magento: Option<String>,
    pub erp: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub delta: Option<Decimal>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub value_at_risk: Option<Decimal>,
    pub currency: Option<String>,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    /// Whole days since first seen.
    pub age_days: i64,
    pub occurrences: u64,
    pub state: MismatchState,
    pub note: Option<String>,
    pub actor: Option<String>,
}

impl MismatchView {
    pub(crate) fn new(r: MismatchRecord, now: DateTime<Utc>) -> Self {
        let f = r.finding;
        MismatchView {
            id: r.id,
            entity: f.entity(),
            kind: f.kind,
            key: f.key.to_string(),
            key_parts: f.key,
            magento: f.magento,
            erp: f.erp,
            delta: f.delta,
            value_at_risk: f.value_at_risk,
            currency: f.currency,
            first_seen: r.first_seen,
            last_seen: r.last_seen,
            age_days: (now - r.first_seen).num_days(),
            occurrences: r.occurrences,
            state: r.state,
            note: r.note,
            actor: r.actor,
        }
    }
}

/// Mismatches matching `filter`, largest value at risk first.
pub fn list(data_dir: &Path, filter: &MismatchFilter) -> Result<Vec<MismatchView>> {
    let store = open_store_shared(data_dir)?;
    let now = Utc::now();
    Ok(store
        .mismatches(filter)?
        .into_iter()
        .map(|r| MismatchView::new(r, now))
        .collect())
}

/// Acknowledges or ignores mismatch `id` with a note, in the name of the OS user.
pub fn decide(data_dir: &Path, id: i64, state: MismatchState, note: &str) -> Result<MismatchView> {
    let mut store = open_store_shared(data_dir)?;
    let now = Utc::now();
    let record = store.set_mismatch_state(id, state, note, &os_user(), now)?;
    Ok(MismatchView::new(record, now))
}

/// Who is at the keyboard, for the audit trail.
pub fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.trim().is_empty()))
        .unwrap_or_else(|| "unknown user".to_string())
}
