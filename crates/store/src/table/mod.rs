//! One module per table (or table family), each owning its schema migrations,
//! its reads and its writes.

use std::path::Path;

use rusqlite::Transaction;

use crate::error::Result;
use crate::migrations::Migration;

pub(crate) mod orders;
pub(crate) mod prices;
pub(crate) mod runs;
pub(crate) mod source_items;
pub(crate) mod watermarks;

/// Every table's migrations; [`crate::migrations`] sorts them by version.
pub(crate) const MIGRATIONS: &[&[Migration]] = &[
    runs::MIGRATIONS,
    orders::MIGRATIONS,
    source_items::MIGRATIONS,
    prices::MIGRATIONS,
    watermarks::MIGRATIONS,
];

/// Undoes every row change of `run` in every table; returns the rows touched.
pub(crate) fn roll_back(tx: &Transaction<'_>, path: &Path, run: runs::RunId) -> Result<u64> {
    Ok(orders::roll_back(tx, path, run)?
        + source_items::roll_back(tx, path, run)?
        + prices::roll_back(tx, path, run)?
        + watermarks::roll_back(tx, path, run)?)
}
