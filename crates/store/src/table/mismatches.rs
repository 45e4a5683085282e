//! Mismatches across reconciliation runs (DESIGN.md "Mismatch lifecycle") and
//! their history.
//!
//! A mismatch is one row per stable key (entity, kind, natural key), never
//! deleted. Each [`Store::record_recon`] moves it along:
//! - found for the first time: `open`, with `first_seen` = `last_seen` = the
//!   run's start and one occurrence (event `opened`);
//! - found again while open, acknowledged, ignored or replayed: `last_seen`,
//!   occurrences and values are updated, the state is kept (event `changed`
//!   only when a value differs);
//! - found again after it was resolved: back to the state a person decided
//!   (`acknowledged`, `ignored`) before it was resolved, with their note, when its
//!   difference is the same within the entity's tolerance (event `returned`; the
//!   history shows the gap); else `open` again, `first_seen` kept, the note and
//!   actor of the earlier decision cleared, and the event says why (`reopened`);
//! - not found by a run that reconciled its entity from complete snapshots:
//!   `resolved`, whatever its state (event `resolved`). A partial snapshot
//!   resolves nothing: the row may simply not have been read.
//!
//! People set `acknowledged` or `ignored`, always with a note
//! ([`Store::set_mismatch_state`]). `state_changed_at` is when the state last
//! changed; age is computed by readers from `first_seen`.
//!
//! `mismatch_events` is the history, append only: triggers refuse any update
//! or delete. An event carries the state after it and the values of the
//! mismatch at that moment (none for `resolved`: nothing was found).
//!
//! `lifecycle` applies a run's findings; this module owns the schema, the
//! reads and what people do.

use std::path::Path;

use chrono::{DateTime, Utc};
use model::{Finding, MismatchEntity, MismatchKind, MismatchState};
use rusqlite::{CachedStatement, Connection, OptionalExtension, Row, ToSql};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::Store;
use crate::error::{At, Error, Result};
use crate::migrations::Migration;
use crate::table::recon_runs::ReconRunId;
use crate::text::{self, Count, OptDec, Parsed, Time};

mod key_parts;
mod lifecycle;

pub(crate) use key_parts::{
    key_parts_sql, location_part_sql, parts as key_parts, read as read_key,
};

pub(crate) use lifecycle::apply;

pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: "2026-11-23-0010-mismatches",
        sql: "
CREATE TABLE mismatches (
    id               INTEGER PRIMARY KEY,
    entity           TEXT NOT NULL,
    kind             TEXT NOT NULL,
    key              TEXT NOT NULL,
    state            TEXT NOT NULL,
    magento          TEXT,
    erp              TEXT,
    delta            TEXT,
    value_at_risk    TEXT,
    currency         TEXT,
    first_seen       TEXT NOT NULL,
    first_seen_run   INTEGER NOT NULL REFERENCES recon_runs(id),
    last_seen        TEXT NOT NULL,
    -- No REFERENCES, unlike first_seen_run: an UPDATE of a foreign key column
    -- runs with a statement journal, which made recording a run several times
    -- slower. The store sets it to the run it is recording, in that run's
    -- transaction.
    last_seen_run    INTEGER NOT NULL,
    occurrences      INTEGER NOT NULL,
    note             TEXT,
    actor            TEXT,
    state_changed_at TEXT NOT NULL,
    UNIQUE (entity, kind, key)
) STRICT;

-- Listing by state (and entity, kind); listing by entity (and kind) uses the
-- UNIQUE index.
CREATE INDEX mismatches_by_state ON mismatches (state, entity, kind);

CREATE TABLE mismatch_events (
    id          INTEGER PRIMARY KEY,
    mismatch_id INTEGER NOT NULL REFERENCES mismatches(id),
    -- NULL when a person made the change
    recon_run   INTEGER REFERENCES recon_runs(id),
    at          TEXT NOT NULL,
    event       TEXT NOT NULL,
    -- the state after the event
    state       TEXT NOT NULL,
    note        TEXT,
    actor       TEXT,
    magento     TEXT,
    erp         TEXT,
    delta       TEXT
) STRICT;

CREATE INDEX mismatch_events_by_mismatch ON mismatch_events (mismatch_id, id);

CREATE TRIGGER mismatch_events_no_update BEFORE UPDATE ON mismatch_events
BEGIN SELECT RAISE(ABORT, 'mismatch history is append only'); END;

CREATE TRIGGER mismatch_events_no_delete BEFORE DELETE ON mismatch_events
BEGIN SELECT RAISE(ABORT, 'mismatch history is append only'); END;
",
    },
    Migration {
        version: "2026-11-23-0011-mismatch-figures",
        sql: "
-- The overview sums every open mismatch's figures: with them in the index it
-- reads the index alone (about a quarter of the time at 100k open mismatches).
-- Still serves listing by state (and entity, kind).
DROP INDEX mismatches_by_state;
CREATE INDEX mismatches_by_state_figures
    ON mismatches (state, entity, kind, currency, key, delta, value_at_risk);
",
    },
    Migration {
        version: "2026-12-07-0004-mismatch-key-parts",
        sql: concat!(
            key_parts_sql!("mismatches"),
            "
-- The overview counts distinct SKUs from the index alone: it holds the sku now.
DROP INDEX mismatches_by_state_figures;
CREATE INDEX mismatches_by_state_figures
    ON mismatches (state, entity, kind, currency, sku, delta, value_at_risk);
"
        ),
    },
    Migration {
        version: "2026-12-07-0006-mismatch-location",
        sql: location_part_sql!("mismatches"),
    },
    Migration {
        version: "2026-12-08-0008-mismatch-resolved-from",
        sql: "
-- The decision (acknowledged, ignored) a mismatch had when a run resolved it: if it returns
-- with the same difference, it returns to that state.
ALTER TABLE mismatches ADD COLUMN resolved_from TEXT;
",
    },
];

/// A text column read in place.
fn text_at<'r>(row: &'r Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    row.get_ref(i)?.as_str_or_null().map_err(Into::into)
}

/// A mismatch as stored, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MismatchRecord {
    pub id: i64,
    /// What the latest run that found it saw.
    pub finding: Finding,
    pub state: MismatchState,
    pub first_seen: DateTime<Utc>,
    pub first_seen_run: ReconRunId,
    pub last_seen: DateTime<Utc>,
    pub last_seen_run: ReconRunId,
    /// How many runs found it.
    pub occurrences: u64,
    /// Why a person acknowledged or ignored it (cleared when it reopens).
    pub note: Option<String>,
    pub actor: Option<String>,
    pub state_changed_at: DateTime<Utc>,
}

/// Which mismatches [`Store::mismatches`] lists; `None` matches all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MismatchFilter {
    pub entity: Option<MismatchEntity>,
    pub kind: Option<MismatchKind>,
    pub state: Option<MismatchState>,
    pub limit: Option<usize>,
}

/// The figures of one mismatch that dashboards add up, borrowed from the row being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MismatchFigures<'r> {
    pub entity: MismatchEntity,
    pub kind: MismatchKind,
    /// The SKU of a stock or price mismatch.
    pub sku: Option<&'r str>,
    pub delta: Option<Decimal>,
    pub value_at_risk: Option<Decimal>,
    pub currency: Option<&'r str>,
}

/// What happened to a mismatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MismatchEventKind {
    Opened,
    /// Found again with different values.
    Changed,
    Resolved,
    Reopened,
    /// Found again after it was resolved, back to the state a person had decided.
    Returned,
    Acknowledged,
    Ignored,
}

impl MismatchEventKind {
    pub const ALL: &'static [MismatchEventKind] = &[
        MismatchEventKind::Opened,
        MismatchEventKind::Changed,
        MismatchEventKind::Resolved,
        MismatchEventKind::Reopened,
        MismatchEventKind::Returned,
        MismatchEventKind::Acknowledged,
        MismatchEventKind::Ignored,
    ];

    /// The stored text: never change it.
    pub fn as_str(self) -> &'static str {
        match self {
            MismatchEventKind::Opened => "opened",
            MismatchEventKind::Changed => "changed",
            MismatchEventKind::Resolved => "resolved",
            MismatchEventKind::Reopened => "reopened",
            MismatchEventKind::Returned => "returned",
            MismatchEventKind::Acknowledged => "acknowledged",
            MismatchEventKind::Ignored => "ignored",
        }
    }
}

impl std::fmt::Display for MismatchEventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for MismatchEventKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MismatchEventKind::ALL
            .iter()
            .copied()
            .find(|e| e.as_str() == s.trim())
            .ok_or_else(|| format!("unknown mismatch event `{s}`"))
    }
}

/// One entry of a mismatch's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MismatchEvent {
    pub id: i64,
    pub mismatch_id: i64,
    /// The reconciliation that caused it; `None` when a person did.
    pub recon_run: Option<ReconRunId>,
    pub at: DateTime<Utc>,
    pub event: MismatchEventKind,
    /// The state after the event.
    pub state: MismatchState,
    pub note: Option<String>,
    pub actor: Option<String>,
    /// The values at that moment (`None` for `resolved`).
    pub magento: Option<String>,
    pub erp: Option<String>,
    pub delta: Option<Decimal>,
}

/// How many mismatches are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateCounts {
    pub open: u64,
    pub acknowledged: u64,
    pub ignored: u64,
    pub replayed: u64,
    pub resolved: u64,
}

impl Store {
    /// Mismatches matching `filter`, largest value at risk first (those
    /// without one last), then oldest first.
    pub fn mismatches(&self, filter: &MismatchFilter) -> Result<Vec<MismatchRecord>> {
        let mut sql = format!("SELECT {COLUMNS} FROM mismatches WHERE 1 = 1");
        let mut params: Vec<&dyn ToSql> = Vec::new();
        let words = [
            ("entity", filter.entity.map(MismatchEntity::as_str)),
            ("kind", filter.kind.map(MismatchKind::as_str)),
            ("state", filter.state.map(MismatchState::as_str)),
        ];
        for (column, value) in &words {
            if let Some(value) = value {
                params.push(value);
                sql.push_str(&format!(" AND {column} = ?{}", params.len()));
            }
        }
        // A negative limit is none. CAST is for sorting only: the stored amount stays exact.
        let limit = filter.limit.map_or(-1, |l| i64::try_from(l).unwrap_or(-1));
        params.push(&limit);
        sql.push_str(&format!(
            " ORDER BY value_at_risk IS NULL, CAST(value_at_risk AS REAL) DESC, first_seen, id
              LIMIT ?{}",
            params.len()
        ));
        let mut stmt = self.conn.prepare_cached(&sql).at(&self.path)?;
        stmt.query_map(rusqlite::params_from_iter(params), record_row)
            .at(&self.path)?
            .collect::<rusqlite::Result<_>>()
            .at(&self.path)
    }

    /// Hands `each` the figures of every mismatch in `state`, unordered: what dashboards add
    /// up, read from the index alone (no text or dates) and without a copy per row.
    pub fn for_each_mismatch_figures(
        &self,
        state: MismatchState,
        mut each: impl FnMut(MismatchFigures<'_>),
    ) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT entity, kind, sku, delta, value_at_risk, currency FROM mismatches
                 WHERE state = ?1",
            )
            .at(&self.path)?;
        let mut rows = stmt.query([state.as_str()]).at(&self.path)?;
        while let Some(row) = rows.next().at(&self.path)? {
            let figures = (|| {
                Ok(MismatchFigures {
                    entity: row.get::<_, Parsed<MismatchEntity>>(0)?.0,
                    kind: row.get::<_, Parsed<MismatchKind>>(1)?.0,
                    sku: text_at(row, 2)?,
                    delta: row.get::<_, OptDec>(3)?.0,
                    value_at_risk: row.get::<_, OptDec>(4)?.0,
                    currency: text_at(row, 5)?,
                })
            })();
            each(figures.at(&self.path)?);
        }
        Ok(())
    }

    pub fn mismatch(&self, id: i64) -> Result<Option<MismatchRecord>> {
        read(&self.conn, &self.path, id)
    }

    /// Acknowledges or ignores mismatch `id` with a note saying why; the
    /// history records who and when. Any other state is refused, as is a
    /// mismatch already resolved.
    pub fn set_mismatch_state(
        &mut self,
        id: i64,
        state: MismatchState,
        note: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<MismatchRecord> {
        let event = match state {
            MismatchState::Acknowledged => MismatchEventKind::Acknowledged,
            MismatchState::Ignored => MismatchEventKind::Ignored,
            state => return Err(Error::StateNotSettable { state }),
        };
        let note = note.trim();
        if note.is_empty() {
            return Err(Error::NoteRequired);
        }
        let actor = Some(actor.trim()).filter(|a| !a.is_empty());
        let path = self.path.as_path();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .at(path)?;
        let before = read(&tx, path, id)?.ok_or(Error::UnknownMismatch { id })?;
        if before.state == MismatchState::Resolved {
            return Err(Error::MismatchResolved {
                id,
                resolved_on: before.state_changed_at,
            });
        }
        let now = text::time(&now);
        tx.execute(
            "UPDATE mismatches SET state = ?2, note = ?3, actor = ?4,
                 state_changed_at = CASE WHEN state = ?2 THEN state_changed_at ELSE ?5 END
             WHERE id = ?1",
            (id, state.as_str(), note, actor, &now),
        )
        .at(path)?;
        let f = &before.finding;
        let mut insert = tx.prepare_cached(INSERT_EVENT).at(path)?;
        append(
            &mut insert,
            path,
            Event {
                mismatch: id,
                run: None,
                at: &now,
                kind: event,
                state,
                note: Some(note),
                actor,
                finding: Some(f),
            },
        )?;
        drop(insert);
        let after = read(&tx, path, id)?.ok_or(Error::UnknownMismatch { id })?;
        tx.commit().at(path)?;
        Ok(after)
    }

    /// Everything that happened to mismatch `id`, oldest first.
    pub fn mismatch_history(&self, id: i64) -> Result<Vec<MismatchEvent>> {
        let path = self.path.as_path();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, mismatch_id, recon_run, at, event, state, note, actor, magento, erp,
                        delta
                 FROM mismatch_events WHERE mismatch_id = ?1 ORDER BY id",
            )
            .at(path)?;
        let events: Vec<MismatchEvent> = stmt
            .query_map([id], |row| {
                Ok(MismatchEvent {
                    id: row.get(0)?,
                    mismatch_id: row.get(1)?,
                    recon_run: row.get::<_, Option<i64>>(2)?.map(ReconRunId),
                    at: row.get::<_, Time>(3)?.0,
                    event: row.get::<_, Parsed<MismatchEventKind>>(4)?.0,
                    state: row.get::<_, Parsed<MismatchState>>(5)?.0,
                    note: row.get(6)?,
                    actor: row.get(7)?,
                    magento: row.get(8)?,
                    erp: row.get(9)?,
                    delta: row.get::<_, OptDec>(10)?.0,
                })
            })
            .at(path)?
            .collect::<rusqlite::Result<_>>()
            .at(path)?;
        // Every mismatch has at least its `opened` event.
        if events.is_empty() && self.mismatch(id)?.is_none() {
            return Err(Error::UnknownMismatch { id });
        }
        Ok(events)
    }
}

const INSERT_EVENT: &str = "INSERT INTO mismatch_events (mismatch_id, recon_run, at, event,
     state, note, actor, magento, erp, delta)
 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

/// Mismatches in each state now.
pub(crate) fn state_counts(conn: &Connection, path: &Path) -> Result<StateCounts> {
    let mut stmt = conn
        .prepare_cached("SELECT state, COUNT(*) FROM mismatches GROUP BY state")
        .at(path)?;
    let mut rows = stmt.query([]).at(path)?;
    let mut counts = StateCounts::default();
    while let Some(row) = rows.next().at(path)? {
        let state: Parsed<MismatchState> = row.get(0).at(path)?;
        let n: Count = row.get(1).at(path)?;
        *match state.0 {
            MismatchState::Open => &mut counts.open,
            MismatchState::Acknowledged => &mut counts.acknowledged,
            MismatchState::Ignored => &mut counts.ignored,
            MismatchState::Replayed => &mut counts.replayed,
            MismatchState::Resolved => &mut counts.resolved,
        } = n.0;
    }
    Ok(counts)
}

struct Event<'a> {
    mismatch: i64,
    run: Option<ReconRunId>,
    at: &'a str,
    kind: MismatchEventKind,
    state: MismatchState,
    note: Option<&'a str>,
    actor: Option<&'a str>,
    /// The values at that moment, if any.
    finding: Option<&'a Finding>,
}

fn append(insert: &mut CachedStatement<'_>, path: &Path, e: Event<'_>) -> Result<()> {
    insert
        .execute(rusqlite::params![
            e.mismatch,
            e.run.map(|r| r.0),
            e.at,
            e.kind.as_str(),
            e.state.as_str(),
            e.note,
            e.actor,
            e.finding.and_then(|f| f.magento.as_deref()),
            e.finding.and_then(|f| f.erp.as_deref()),
            e.finding.and_then(|f| f.delta.as_ref()).map(text::decimal),
        ])
        .at(path)?;
    Ok(())
}

const COLUMNS: &str = "id, entity, kind, key, state, magento, erp, delta, value_at_risk,
    currency, first_seen, first_seen_run, last_seen, last_seen_run, occurrences, note, actor,
    state_changed_at, sku, source, price_list, customer_group, min_qty, location";

fn read(conn: &Connection, path: &Path, id: i64) -> Result<Option<MismatchRecord>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM mismatches WHERE id = ?1"))
        .at(path)?
        .query_row([id], record_row)
        .optional()
        .at(path)
}

fn record_row(row: &Row<'_>) -> rusqlite::Result<MismatchRecord> {
    Ok(MismatchRecord {
        id: row.get(0)?,
        finding: Finding {
            kind: row.get::<_, Parsed<MismatchKind>>(2)?.0,
            key: key_parts::read(row, 1, 3, 18)?,
            magento: row.get(5)?,
            erp: row.get(6)?,
            delta: row.get::<_, OptDec>(7)?.0,
            value_at_risk: row.get::<_, OptDec>(8)?.0,
            currency: row.get(9)?,
        },
        state: row.get::<_, Parsed<MismatchState>>(4)?.0,
        first_seen: row.get::<_, Time>(10)?.0,
        first_seen_run: ReconRunId(row.get(11)?),
        last_seen: row.get::<_, Time>(12)?.0,
        last_seen_run: ReconRunId(row.get(13)?),
        occurrences: row.get::<_, Count>(14)?.0,
        note: row.get(15)?,
        actor: row.get(16)?,
        state_changed_at: row.get::<_, Time>(17)?.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_words_round_trip() {
        for e in MismatchEventKind::ALL {
            assert_eq!(e.as_str().parse::<MismatchEventKind>(), Ok(*e));
            assert_eq!(
                serde_json::to_value(e).unwrap(),
                serde_json::Value::from(e.as_str())
            );
        }
        assert!("open".parse::<MismatchEventKind>().is_err());
    }
}
