//! Change-only row versions, shared by the versioned tables (Magento's
//! `orders`, `source_items`, `prices`; the ERP's `erp_orders`, `erp_stock`,
//! `erp_price_lines`) through [`crate::writer`].
//!
//! Every versioned table row is one *version* of a natural key, valid for the
//! runs `valid_from_run <= R < valid_to_run` (`valid_to_run` NULL while current).
//! Invariants kept here:
//! - at most one current version per natural key;
//! - a row identical to the current version (same content hash) writes nothing,
//!   so storage grows with change, not with the number of snapshots;
//! - a version created by run R is changed in place if the same key shows up
//!   again in R (a row read twice because it changed during paging): no run
//!   can see it yet, and closing it would leave an empty `[R, R)` version;
//! - only run R creates versions with `valid_from_run = R` and closes versions
//!   with `valid_to_run = R`, which is what lets an interrupted run be rolled back
//!   exactly (see [`roll_back`]).
//!
//! Run ids only grow (AUTOINCREMENT), so "as of run R" is a plain comparison.

use std::path::Path;

use model::System;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::Serialize;

use crate::RunId;
use crate::error::{At, Result};
use crate::key_map::{Current, KeyMap, Lookup};

/// The versions visible in the snapshot of run `?1`.
pub(crate) const VISIBLE_AT: &str =
    "valid_from_run <= ?1 AND (valid_to_run IS NULL OR valid_to_run > ?1)";

/// One stored version of a quantity (stock history): in force for the snapshots of runs
/// `from_run <= R < to_run` (`to_run` is `None` while current).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuantityVersion {
    pub from_run: RunId,
    pub to_run: Option<RunId>,
    pub quantity: rust_decimal::Decimal,
}

/// Every version of one natural key of `table` (`key_sql` names the key columns as `?2`,
/// `?3`), oldest first. No index serves it: a scan, paid only when someone drills down.
pub(crate) fn quantity_history(
    conn: &Connection,
    path: &Path,
    table: &str,
    key_sql: &str,
    system: System,
    key: (&str, &str),
) -> Result<Vec<QuantityVersion>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT valid_from_run, valid_to_run, quantity FROM {table}
             WHERE system = ?1 AND {key_sql} ORDER BY valid_from_run"
        ))
        .at(path)?;
    stmt.query_map((system.as_str(), key.0, key.1), |row| {
        Ok(QuantityVersion {
            from_run: RunId(row.get(0)?),
            to_run: row.get::<_, Option<i64>>(1)?.map(RunId),
            quantity: row.get::<_, crate::text::Dec>(2)?.0,
        })
    })
    .at(path)?
    .collect::<rusqlite::Result<Vec<_>>>()
    .at(path)
}

/// What a batch wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BatchOutcome {
    /// Versions written: new keys, changed rows. Unchanged rows are not counted.
    pub stored: u64,
}

/// How a writer's read ended, which decides whether missing keys mean deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishMode {
    /// Every row of a full read was written: a current key not seen was deleted
    /// at the source, so its version is closed.
    FullReadComplete,
    /// Only changed rows were read: keys not seen are unchanged, not deleted.
    Incremental,
    /// The read stopped early: nothing can be concluded about keys not seen.
    Incomplete,
}

/// What to do with one incoming row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plan {
    /// Identical to the current version.
    Keep,
    /// No current version yet.
    Insert,
    /// Changed since an earlier run: close `old`, insert a new version.
    Replace { old: i64 },
    /// Changed again within this run: overwrite version `id` in place.
    Rewrite { id: i64 },
}

/// The current versions of one (run, system, scope), keyed by natural key
/// bytes. Loaded once per writer; see [`KeyMap`] for how it stays compact.
pub(crate) struct Versions {
    run: RunId,
    keys: KeyMap,
    /// `keys.len()` when the batch in flight began: newer slots are its keys.
    batch_start: usize,
    /// Slots from before the batch that it changed, with their previous state.
    undo: Vec<(u32, Current)>,
}

impl Versions {
    pub(crate) fn new(run: RunId) -> Self {
        Versions {
            run,
            keys: KeyMap::default(),
            batch_start: 0,
            undo: Vec::new(),
        }
    }

    /// Adds a current version read from the table when the writer is created.
    pub(crate) fn load(&mut self, key: &[u8], id: i64, hash: i64, valid_from_run: i64) {
        let this_run = valid_from_run == self.run.0;
        // A version this run already wrote (an earlier writer of the same run)
        // was read in this run: never close it as deleted.
        let current = Current {
            id,
            hash,
            this_run,
            seen: this_run,
        };
        self.keys.push_unchecked(key, current);
    }

    pub(crate) fn run(&self) -> RunId {
        self.run
    }

    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    pub(crate) fn begin_batch(&mut self) {
        self.batch_start = self.keys.len();
        self.undo.clear();
    }

    /// Decides what to write for `key` and marks it seen; pass the returned
    /// [`Lookup`] to [`Versions::stored`] once the version is written.
    ///
    /// Marking seen is not undone when the batch fails: the row was read from the
    /// source, so the key exists there whether or not storing it succeeded.
    pub(crate) fn plan(&mut self, key: &[u8], hash: i64) -> (Plan, Lookup) {
        let lookup = self.keys.find(key);
        let Some(slot) = lookup.slot else {
            return (Plan::Insert, lookup);
        };
        let cur = self.keys.get_mut(slot);
        cur.seen = true;
        let plan = if cur.hash == hash {
            Plan::Keep
        } else if cur.this_run {
            Plan::Rewrite { id: cur.id }
        } else {
            Plan::Replace { old: cur.id }
        };
        (plan, lookup)
    }

    /// Records that version `id` with content `hash` is now current for `key`.
    pub(crate) fn stored(&mut self, lookup: Lookup, key: &[u8], id: i64, hash: i64) {
        let new = Current {
            id,
            hash,
            this_run: true,
            seen: true,
        };
        match lookup.slot {
            Some(slot) => {
                let cur = self.keys.get_mut(slot);
                let previous = std::mem::replace(cur, new);
                if (slot as usize) < self.batch_start {
                    self.undo.push((slot, previous));
                }
            }
            None => {
                self.keys.push(lookup, key, new);
            }
        }
    }

    /// Puts the map back as it was before the batch, whose transaction rolled back.
    pub(crate) fn undo_batch(&mut self) {
        for (slot, previous) in self.undo.drain(..).rev() {
            *self.keys.get_mut(slot) = previous;
        }
        self.keys.truncate(self.batch_start);
    }

    /// Ids of current versions whose key was not read in this run.
    pub(crate) fn unseen(&self) -> impl Iterator<Item = i64> + '_ {
        self.keys.values().filter(|c| !c.seen).map(|c| c.id)
    }
}

/// Runs one batch in one immediate transaction; on failure the transaction
/// rolls back and `versions` is restored, so the batch can be retried.
pub(crate) fn write_batch(
    conn: &mut Connection,
    path: &Path,
    versions: &mut Versions,
    body: impl FnOnce(&Transaction<'_>, &mut Versions) -> Result<u64>,
) -> Result<BatchOutcome> {
    versions.begin_batch();
    let result = (|| {
        // Immediate: take the write lock now rather than fail half-way through.
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(path)?;
        let stored = body(&tx, versions)?;
        tx.commit().at(path)?;
        Ok(BatchOutcome { stored })
    })();
    if result.is_err() {
        versions.undo_batch();
    }
    result
}

/// Closes the versions of keys not seen, if the read allows concluding they
/// were deleted. Returns how many were closed.
pub(crate) fn finish(
    conn: &mut Connection,
    path: &Path,
    table: &str,
    versions: &Versions,
    mode: FinishMode,
) -> Result<u64> {
    if mode != FinishMode::FullReadComplete {
        return Ok(0);
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .at(path)?;
    let mut closed = 0;
    {
        let mut close = tx.prepare_cached(&close_sql(table)).at(path)?;
        for id in versions.unseen() {
            closed += close.execute((versions.run().0, id)).at(path)? as u64;
        }
    }
    tx.commit().at(path)?;
    Ok(closed)
}

/// `UPDATE <table> SET valid_to_run = ?1 WHERE id = ?2 AND valid_to_run IS NULL`.
pub(crate) fn close_sql(table: &str) -> String {
    format!("UPDATE {table} SET valid_to_run = ?1 WHERE id = ?2 AND valid_to_run IS NULL")
}

/// Undoes everything run `run` did to `table`: deletes the versions it created
/// (and their `children` rows, given as (child table, column referencing the
/// version id)) and reopens the versions it closed. Afterwards every snapshot
/// reads as it did before the run began.
pub(crate) fn roll_back(
    tx: &Transaction<'_>,
    path: &Path,
    table: &str,
    children: &[(&str, &str)],
    run: RunId,
) -> Result<u64> {
    for (child, column) in children {
        tx.execute(
            &format!(
                "DELETE FROM {child} WHERE {column} IN \
                 (SELECT id FROM {table} WHERE valid_from_run = ?1)"
            ),
            [run.0],
        )
        .at(path)?;
    }
    let deleted = tx
        .execute(
            &format!("DELETE FROM {table} WHERE valid_from_run = ?1"),
            [run.0],
        )
        .at(path)?;
    let reopened = tx
        .execute(
            &format!("UPDATE {table} SET valid_to_run = NULL WHERE valid_to_run = ?1"),
            [run.0],
        )
        .at(path)?;
    Ok((deleted + reopened) as u64)
}

/// How many versions of `system` in `table` are visible at `run`.
pub(crate) fn count_at(
    conn: &Connection,
    path: &Path,
    table: &str,
    run: RunId,
    system: System,
) -> Result<u64> {
    let n: i64 = conn
        .prepare_cached(&format!(
            "SELECT COUNT(*) FROM {table} WHERE system = ?2 AND {VISIBLE_AT}"
        ))
        .and_then(|mut s| s.query_row((run.0, system.as_str()), |row| row.get(0)))
        .at(path)?;
    Ok(n.unsigned_abs())
}

/// All version rows of `table`, current or not, of `system` or of every system.
pub(crate) fn count_rows(
    conn: &Connection,
    path: &Path,
    table: &str,
    system: Option<System>,
) -> Result<u64> {
    let n: i64 = match system {
        None => conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| {
            row.get(0)
        }),
        Some(system) => conn.query_row(
            &format!("SELECT COUNT(*) FROM {table} WHERE system = ?1"),
            [system.as_str()],
            |row| row.get(0),
        ),
    }
    .at(path)?;
    Ok(n.unsigned_abs())
}

/// Appends the unambiguous key bytes of `parts`: each but the last prefixed
/// by its length ([`push_part`]), the last as is (nothing follows it). Into a
/// reused buffer: looking a row up allocates nothing.
pub(crate) fn push_key(buf: &mut Vec<u8>, parts: &[&str]) {
    if let Some((last, init)) = parts.split_last() {
        for part in init {
            push_part(buf, part);
        }
        buf.extend_from_slice(last.as_bytes());
    }
}

/// Appends `part` prefixed by its length as u32, so that what follows cannot
/// be mistaken for part of it.
pub(crate) fn push_part(buf: &mut Vec<u8>, part: &str) {
    // A field of 4 GiB or more cannot arrive through a REST API page.
    buf.extend_from_slice(&(part.len() as u32).to_le_bytes());
    buf.extend_from_slice(part.as_bytes());
}
