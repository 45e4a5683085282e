//! What one reconciliation run does to the mismatches (the rules are in the
//! parent module's docs).
//!
//! Speed: the run loads every unresolved mismatch into memory in one query,
//! so a finding seen again costs one UPDATE by id; a key not in memory is
//! inserted, or, if it exists (then it is resolved), reopened by id. None of
//! these statements runs with a statement journal: SQLite gives one to an
//! upsert and to an UPDATE that sets a foreign key column (hence no upsert,
//! and no REFERENCES on `last_seen_run`), and once a statement journal
//! outgrows memory every later statement of the transaction writes it to a
//! file, which made recording 100,000 findings several times slower. Measured
//! by the ignored `recon_throughput` test.

use std::collections::HashMap;
use std::path::Path;

use model::rules::Tolerance;
use model::{Finding, MismatchEntity, MismatchKind, MismatchState};
use rusqlite::{Row, Transaction};
use rust_decimal::Decimal;

use super::{Event, INSERT_EVENT, MismatchEventKind, append, key_parts};
use crate::error::{At, Error, Result};
use crate::table::recon_runs::{ReconRecord, ReconRunId};
use crate::text::{self, OptDec, Parsed};

/// What one run did to the mismatches.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub opened: u64,
    pub reopened: u64,
    pub still_open: u64,
    pub resolved: u64,
}

/// A mismatch unresolved when the run began, or one the run has recorded.
struct Known {
    id: i64,
    state: MismatchState,
    magento: Option<String>,
    erp: Option<String>,
    delta: Option<Decimal>,
    value_at_risk: Option<Decimal>,
    currency: Option<String>,
    /// Found by this run: a second finding with the key is a duplicate.
    seen: bool,
}

impl Known {
    /// Compared as numbers: `1.50` and `1.5` are the same delta.
    fn differs_from(&self, f: &Finding) -> bool {
        self.magento != f.magento
            || self.erp != f.erp
            || self.delta != f.delta
            || self.value_at_risk != f.value_at_risk
            || self.currency != f.currency
    }

    /// A mismatch this run inserted or reopened: only `seen` matters any more.
    fn recorded(id: i64, state: MismatchState) -> Known {
        Known {
            id,
            state,
            magento: None,
            erp: None,
            delta: None,
            value_at_risk: None,
            currency: None,
            seen: true,
        }
    }
}

/// Keyed by (entity, kind), then natural key, so lookups need no allocation.
type Index = HashMap<(MismatchEntity, MismatchKind), HashMap<String, Known>>;

const SEEN_AGAIN: &str = "UPDATE mismatches SET last_seen = ?2, last_seen_run = ?3,
     occurrences = occurrences + 1, magento = ?4, erp = ?5, delta = ?6, value_at_risk = ?7,
     currency = ?8
 WHERE id = ?1";

/// Inserts a new mismatch. Every unresolved one is in memory, so a key that
/// exists here is resolved and reopened by `REOPEN` instead. (Not an upsert:
/// SQLite runs an upsert with a statement journal, see the module docs.)
const INSERT: &str = "INSERT INTO mismatches (entity, kind, key, state, magento, erp, delta,
     value_at_risk, currency, first_seen, first_seen_run, last_seen, last_seen_run,
     occurrences, state_changed_at, sku, source, price_list, customer_group, min_qty, location)
 VALUES (?1, ?2, ?3, 'open', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9, ?10, 1, ?9, ?11, ?12, ?13, ?14,
     ?15, ?16)
 ON CONFLICT (entity, kind, key) DO NOTHING";

/// A resolved mismatch with the decision it had and the values it was last seen with.
const FIND: &str = "SELECT id, resolved_from, magento, erp, delta FROM mismatches
 WHERE entity = ?1 AND kind = ?2 AND key = ?3";

/// Opens a resolved mismatch again (`?9` = `open`), or returns it to the state a person
/// decided (`?9` = that state, their note and name kept): `first_seen` is kept.
const REOPEN: &str = "UPDATE mismatches SET state = ?9, magento = ?2, erp = ?3, delta = ?4,
     value_at_risk = ?5, currency = ?6, last_seen = ?7, last_seen_run = ?8,
     occurrences = occurrences + 1,
     note = CASE WHEN ?9 = 'open' THEN NULL ELSE note END,
     actor = CASE WHEN ?9 = 'open' THEN NULL ELSE actor END,
     state_changed_at = ?7, resolved_from = NULL
 WHERE id = ?1 AND state = 'resolved'";

/// Keeps a person's decision (and note) beside the resolved state, for its return.
const RESOLVE: &str = "UPDATE mismatches SET
     resolved_from = CASE WHEN state IN ('acknowledged', 'ignored') THEN state END,
     state = 'resolved', state_changed_at = ?2
 WHERE id = ?1";

/// What a resolved mismatch was when it went.
struct Gone {
    id: i64,
    decided: Option<MismatchState>,
    magento: Option<String>,
    erp: Option<String>,
    delta: Option<Decimal>,
}

impl Gone {
    /// The state it returns to, and why it does not return to its decision.
    fn returns_to(&self, f: &Finding, tolerance: Tolerance) -> (MismatchState, Option<String>) {
        let Some(decided) = self.decided else {
            return (MismatchState::Open, None);
        };
        let same = match (self.delta, f.delta) {
            (Some(before), Some(now)) => tolerance.accepts(before, now),
            (None, None) => self.magento == f.magento && self.erp == f.erp,
            _ => false,
        };
        if same {
            return (decided, None);
        }
        let shown = |d: Option<Decimal>, m: &Option<String>, e: &Option<String>| match d {
            Some(d) => format!("a difference of {}", d.normalize()),
            None => format!(
                "Magento {}, ERP {}",
                m.as_deref().unwrap_or("none"),
                e.as_deref().unwrap_or("none")
            ),
        };
        let why = format!(
            "{decided} before it went away, with {}; back with {}",
            shown(self.delta, &self.magento, &self.erp),
            shown(f.delta, &f.magento, &f.erp)
        );
        (MismatchState::Open, Some(why))
    }
}

/// Applies the findings of `record` (run `run`) to the mismatches.
pub(crate) fn apply(
    tx: &Transaction<'_>,
    path: &Path,
    run: ReconRunId,
    record: &ReconRecord<'_>,
) -> Result<Tally> {
    let at = text::time(&record.started_at);
    let mut index = load_unresolved(tx, path)?;
    let mut seen_again = tx.prepare_cached(SEEN_AGAIN).at(path)?;
    let mut insert = tx.prepare_cached(INSERT).at(path)?;
    let mut find = tx.prepare_cached(FIND).at(path)?;
    let mut reopen = tx.prepare_cached(REOPEN).at(path)?;
    let mut insert_event = tx.prepare_cached(INSERT_EVENT).at(path)?;
    let mut tally = Tally::default();
    let event = |mismatch, kind, state, finding| Event {
        mismatch,
        run: Some(run),
        at: &at,
        kind,
        state,
        note: None,
        actor: None,
        finding,
    };
    for f in record.findings {
        let entity = f.entity();
        let key_text = f.key.to_string();
        let delta = f.delta.as_ref().map(text::decimal);
        let value_at_risk = f.value_at_risk.as_ref().map(text::decimal);
        let keys = index.entry((entity, f.kind)).or_default();
        if let Some(known) = keys.get_mut(key_text.as_str()) {
            if known.seen {
                return Err(Error::DuplicateFinding {
                    entity,
                    kind: f.kind,
                    key: key_text,
                });
            }
            known.seen = true;
            seen_again
                .execute(rusqlite::params![
                    known.id,
                    at,
                    run.0,
                    f.magento,
                    f.erp,
                    delta,
                    value_at_risk,
                    f.currency,
                ])
                .at(path)?;
            if known.differs_from(f) {
                let e = event(known.id, MismatchEventKind::Changed, known.state, Some(f));
                append(&mut insert_event, path, e)?;
            }
            tally.still_open += 1;
            continue;
        }
        let key = (entity.as_str(), f.kind.as_str(), key_text.as_str());
        let parts = key_parts::parts(&f.key);
        let inserted = insert
            .execute(rusqlite::params![
                key.0,
                key.1,
                key.2,
                f.magento,
                f.erp,
                delta,
                value_at_risk,
                f.currency,
                at,
                run.0,
                parts.sku,
                parts.source,
                parts.price_list,
                parts.customer_group,
                parts.min_qty,
                parts.location,
            ])
            .at(path)?;
        let (id, kind, state, why) = if inserted == 1 {
            tally.opened += 1;
            let id = tx.last_insert_rowid();
            (id, MismatchEventKind::Opened, MismatchState::Open, None)
        } else {
            let gone = find
                .query_row(key, |row| {
                    Ok(Gone {
                        id: row.get(0)?,
                        decided: row.get::<_, Option<Parsed<MismatchState>>>(1)?.map(|s| s.0),
                        magento: row.get(2)?,
                        erp: row.get(3)?,
                        delta: row.get::<_, OptDec>(4)?.0,
                    })
                })
                .at(path)?;
            let (state, why) = gone.returns_to(f, record.decisions.of(entity));
            let reopened = reopen
                .execute(rusqlite::params![
                    gone.id,
                    f.magento,
                    f.erp,
                    delta,
                    value_at_risk,
                    f.currency,
                    at,
                    run.0,
                    state.as_str(),
                ])
                .at(path)?;
            if reopened != 1 {
                return Err(Error::Internal(format!(
                    "mismatch {} ({} {} `{}`) is unresolved but was not loaded",
                    gone.id, entity, f.kind, key_text
                )));
            }
            tally.reopened += 1;
            let kind = match state {
                MismatchState::Open => MismatchEventKind::Reopened,
                _ => MismatchEventKind::Returned,
            };
            (gone.id, kind, state, why)
        };
        append(
            &mut insert_event,
            path,
            Event {
                note: why.as_deref(),
                ..event(id, kind, state, Some(f))
            },
        )?;
        keys.insert(key_text, Known::recorded(id, state));
    }

    let resolvable =
        |e: &MismatchEntity| record.entities.contains(e) && !record.partial_entities.contains(e);
    let mut gone: Vec<i64> = index
        .iter()
        .filter(|((entity, _), _)| resolvable(entity))
        .flat_map(|(_, keys)| keys.values())
        .filter(|known| !known.seen)
        .map(|known| known.id)
        .collect();
    // Ids in order, so the history reads the same on every machine.
    gone.sort_unstable();
    let mut resolve = tx.prepare_cached(RESOLVE).at(path)?;
    for id in gone {
        resolve.execute((id, &at)).at(path)?;
        let e = event(
            id,
            MismatchEventKind::Resolved,
            MismatchState::Resolved,
            None,
        );
        append(&mut insert_event, path, e)?;
        tally.resolved += 1;
    }
    Ok(tally)
}

fn load_unresolved(tx: &Transaction<'_>, path: &Path) -> Result<Index> {
    let unresolved: Vec<String> = MismatchState::ALL
        .iter()
        .filter(|s| **s != MismatchState::Resolved)
        .map(|s| format!("'{s}'"))
        .collect();
    let mut stmt = tx
        .prepare_cached(&format!(
            "SELECT id, entity, kind, key, state, magento, erp, delta, value_at_risk, currency
             FROM mismatches WHERE state IN ({})",
            unresolved.join(", ")
        ))
        .at(path)?;
    let mut rows = stmt.query([]).at(path)?;
    let mut index = Index::new();
    while let Some(row) = rows.next().at(path)? {
        let read = |row: &Row<'_>| -> rusqlite::Result<_> {
            let entity = row.get::<_, Parsed<MismatchEntity>>(1)?.0;
            let kind = row.get::<_, Parsed<MismatchKind>>(2)?.0;
            let known = Known {
                id: row.get(0)?,
                state: row.get::<_, Parsed<MismatchState>>(4)?.0,
                magento: row.get(5)?,
                erp: row.get(6)?,
                delta: row.get::<_, OptDec>(7)?.0,
                value_at_risk: row.get::<_, OptDec>(8)?.0,
                currency: row.get(9)?,
                seen: false,
            };
            Ok(((entity, kind), row.get::<_, String>(3)?, known))
        };
        let (group, key, known) = read(row).at(path)?;
        index.entry(group).or_default().insert(key, known);
    }
    Ok(index)
}
