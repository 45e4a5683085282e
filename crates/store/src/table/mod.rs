//! One module per table (or table family), each owning its schema migrations,
//! its reads and its writes. Magento's rows and the ERP's live in separate
//! tables (their records differ), each keyed by system too.

use std::collections::HashMap;
use std::path::Path;

use model::{Entity, System};
use rusqlite::{Connection, Transaction};

use crate::error::{At, Result};
use crate::migrations::Migration;
use crate::versioning;
use crate::writer::Table;

pub(crate) mod connection_tests;
pub(crate) mod erp_orders;
pub(crate) mod erp_price_lines;
pub(crate) mod erp_stock;
pub(crate) mod mismatches;
pub(crate) mod orders;
pub(crate) mod prices;
pub(crate) mod recon_runs;
pub(crate) mod records;
pub(crate) mod runs;
pub(crate) mod source_items;
pub(crate) mod watermarks;

/// Every table's migrations; [`crate::migrations`] sorts them by version.
pub(crate) const MIGRATIONS: &[&[Migration]] = &[
    runs::MIGRATIONS,
    connection_tests::MIGRATIONS,
    orders::MIGRATIONS,
    source_items::MIGRATIONS,
    prices::MIGRATIONS,
    watermarks::MIGRATIONS,
    erp_orders::MIGRATIONS,
    erp_stock::MIGRATIONS,
    erp_price_lines::MIGRATIONS,
    recon_runs::MIGRATIONS,
    mismatches::MIGRATIONS,
    records::MIGRATIONS,
];

/// A versioned table family and the entity its rows are a snapshot of.
struct Family {
    entity: Entity,
    table: &'static str,
    children: &'static [(&'static str, &'static str)],
}

const fn family<T: Table>(entity: Entity) -> Family {
    Family {
        entity,
        table: T::TABLE,
        children: T::CHILDREN,
    }
}

/// Every versioned table family: rollback and version counts cover them all.
const VERSIONED: &[Family] = &[
    family::<orders::Orders>(Entity::Orders),
    family::<source_items::SourceItems>(Entity::Stock),
    family::<prices::Prices>(Entity::Prices),
    family::<erp_orders::ErpOrders>(Entity::Orders),
    family::<erp_stock::ErpStock>(Entity::Stock),
    family::<erp_price_lines::ErpPriceLines>(Entity::Prices),
];

/// Undoes every row change of `run` in every table; returns the rows touched.
pub(crate) fn roll_back(tx: &Transaction<'_>, path: &Path, run: runs::RunId) -> Result<u64> {
    let mut rows = watermarks::roll_back(tx, path, run)?;
    for f in VERSIONED {
        rows += versioning::roll_back(tx, path, f.table, f.children, run)?;
    }
    Ok(rows)
}

/// Version rows stored for `entity`, of `system` or of every system.
pub(crate) fn stored_versions(
    conn: &Connection,
    path: &Path,
    entity: Entity,
    system: Option<System>,
) -> Result<u64> {
    let mut n = 0;
    for f in VERSIONED.iter().filter(|f| f.entity == entity) {
        n += versioning::count_rows(conn, path, f.table, system)?;
    }
    Ok(n)
}

/// Puts child rows, read as (version id, child) in their stored order, into
/// their parent versions.
pub(crate) fn attach<P, C>(
    parents: &mut [(i64, P)],
    children: impl Iterator<Item = rusqlite::Result<(i64, C)>>,
    path: &Path,
    mut push: impl FnMut(&mut P, C),
) -> Result<()> {
    let index: HashMap<i64, usize> = parents
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    for child in children {
        let (version, child) = child.at(path)?;
        if let Some(&i) = index.get(&version) {
            push(&mut parents[i].1, child);
        }
    }
    Ok(())
}
