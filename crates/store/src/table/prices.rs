//! Prices: versioned `prices` with their `tier_prices`, natural key
//! (system, store_code, sku). A writer covers one store scope; tier prices
//! belong to one price version (`price_version`) and keep their original order.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use model::{ProductPrice, System, TierPrice};
use rusqlite::{CachedStatement, Connection, ToSql, Transaction};

use crate::error::{At, Result};
use crate::migrations::Migration;
use crate::table::runs::{self, RunId};
use crate::text::{self, Count, Dec, OptDec, OptTime, Time};
use crate::versioning::{self, BatchOutcome, FinishMode, Plan, VISIBLE_AT, Versions};
use crate::{Store, hash};

pub(crate) const MIGRATIONS: &[Migration] = &[Migration {
    version: "2026-11-23-0004-prices",
    sql: "
CREATE TABLE prices (
    id             INTEGER PRIMARY KEY,
    system         TEXT NOT NULL,
    store_code     TEXT NOT NULL,
    sku            TEXT NOT NULL,
    product_id     INTEGER NOT NULL,
    price          TEXT,
    special_price  TEXT,
    special_from   TEXT,
    special_to     TEXT,
    updated_at     TEXT NOT NULL,
    content_hash   INTEGER NOT NULL,
    valid_from_run INTEGER NOT NULL REFERENCES runs(id),
    valid_to_run   INTEGER REFERENCES runs(id)
) STRICT;

CREATE TABLE tier_prices (
    price_version     INTEGER NOT NULL REFERENCES prices(id),
    position          INTEGER NOT NULL,
    customer_group_id INTEGER NOT NULL,
    website_id        INTEGER NOT NULL,
    qty               TEXT NOT NULL,
    value             TEXT NOT NULL,
    percentage_value  TEXT,
    PRIMARY KEY (price_version, position)
) STRICT, WITHOUT ROWID;
",
}];

const TABLE: &str = "prices";
const TIERS: &str = "tier_prices";

const INSERT: &str = "INSERT INTO prices (system, store_code, sku, product_id, price,
    special_price, special_from, special_to, updated_at, content_hash, valid_from_run)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
const REWRITE: &str = "UPDATE prices SET product_id = ?4, price = ?5, special_price = ?6,
    special_from = ?7, special_to = ?8, updated_at = ?9, content_hash = ?10
    WHERE id = ?11 AND system = ?1 AND store_code = ?2 AND sku = ?3";
const INSERT_TIER: &str = "INSERT INTO tier_prices (price_version, position,
    customer_group_id, website_id, qty, value, percentage_value)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
const DELETE_TIERS: &str = "DELETE FROM tier_prices WHERE price_version = ?1";

/// Stores the prices of one system and store scope read in one run.
/// Change only (see the [crate docs](crate#versioned-rows)).
pub struct PricesWriter<'a> {
    conn: &'a mut Connection,
    path: &'a Path,
    system: System,
    store_code: String,
    versions: Versions,
}

impl fmt::Debug for PricesWriter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PricesWriter")
            .field("run", &self.versions.run())
            .field("system", &self.system)
            .field("store_code", &self.store_code)
            .field("current_versions", &self.versions.len())
            .finish()
    }
}

impl Store {
    /// A writer for the prices of `system` in store scope `store_code` read in
    /// `run` (which must be running).
    pub fn prices_writer(
        &mut self,
        run: RunId,
        system: System,
        store_code: &str,
    ) -> Result<PricesWriter<'_>> {
        let path = self.path.as_path();
        runs::require_running(&self.conn, path, run)?;
        // Within one store scope the SKU alone is the key.
        let mut versions = Versions::new(run);
        {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT sku, id, content_hash, valid_from_run FROM prices
                     WHERE system = ?1 AND store_code = ?2 AND valid_to_run IS NULL",
                )
                .at(path)?;
            let mut rows = stmt.query((system.as_str(), store_code)).at(path)?;
            while let Some(row) = rows.next().at(path)? {
                let sku = row.get_ref(0).and_then(|v| Ok(v.as_bytes()?)).at(path)?;
                let (id, hash, from) = (row.get(1), row.get(2), row.get(3));
                versions.load(sku, id.at(path)?, hash.at(path)?, from.at(path)?);
            }
        }
        Ok(PricesWriter {
            conn: &mut self.conn,
            path,
            system,
            store_code: store_code.to_owned(),
            versions,
        })
    }

    /// The prices of `system` in store scope `store_code` as they were in the
    /// snapshot of `run`, ordered by SKU, tier prices in their original order.
    pub fn prices_at(
        &self,
        run: RunId,
        system: System,
        store_code: &str,
    ) -> Result<Vec<ProductPrice>> {
        let path = self.path.as_path();
        runs::require_exists(&self.conn, path, run)?;
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT id, sku, product_id, price, special_price, special_from, special_to,
                        updated_at
                 FROM prices WHERE system = ?2 AND store_code = ?3 AND {VISIBLE_AT}"
            ))
            .at(path)?;
        let params = (run.0, system.as_str(), store_code);
        let mut versions: Vec<(i64, ProductPrice)> = stmt
            .query_map(params, |row| {
                let price = ProductPrice {
                    sku: row.get(1)?,
                    product_id: row.get::<_, Count>(2)?.0,
                    price: row.get::<_, OptDec>(3)?.0,
                    special_price: row.get::<_, OptDec>(4)?.0,
                    special_from: row.get::<_, OptTime>(5)?.0,
                    special_to: row.get::<_, OptTime>(6)?.0,
                    updated_at: row.get::<_, Time>(7)?.0,
                    tier_prices: Vec::new(),
                };
                Ok((row.get(0)?, price))
            })
            .at(path)?
            .collect::<rusqlite::Result<_>>()
            .at(path)?;
        let index: HashMap<i64, usize> = versions
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (*id, i))
            .collect();
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT t.price_version, t.customer_group_id, t.website_id, t.qty, t.value,
                        t.percentage_value
                 FROM tier_prices t JOIN prices p ON p.id = t.price_version
                 WHERE p.system = ?2 AND p.store_code = ?3 AND {VISIBLE_AT}
                 ORDER BY t.price_version, t.position"
            ))
            .at(path)?;
        let mut rows = stmt.query(params).at(path)?;
        while let Some(row) = rows.next().at(path)? {
            let version: i64 = row.get(0).at(path)?;
            let tier = (|| {
                Ok::<_, rusqlite::Error>(TierPrice {
                    customer_group_id: row.get(1)?,
                    website_id: row.get(2)?,
                    qty: row.get::<_, Dec>(3)?.0,
                    value: row.get::<_, Dec>(4)?.0,
                    percentage_value: row.get::<_, OptDec>(5)?.0,
                })
            })()
            .at(path)?;
            if let Some(&i) = index.get(&version) {
                versions[i].1.tier_prices.push(tier);
            }
        }
        let mut prices: Vec<ProductPrice> = versions.into_iter().map(|(_, p)| p).collect();
        prices.sort_unstable_by(|a, b| a.sku.cmp(&b.sku));
        Ok(prices)
    }

    pub fn count_prices_at(&self, run: RunId, system: System, store_code: &str) -> Result<u64> {
        let path = self.path.as_path();
        runs::require_exists(&self.conn, path, run)?;
        let n: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT COUNT(*) FROM prices WHERE system = ?2 AND store_code = ?3 AND {VISIBLE_AT}"
            ))
            .and_then(|mut s| s.query_row((run.0, system.as_str(), store_code), |r| r.get(0)))
            .at(path)?;
        Ok(n.unsigned_abs())
    }
}

impl PricesWriter<'_> {
    /// Stores one batch in one transaction, writing only new and changed rows.
    /// On error nothing of the batch is stored and it may be retried.
    pub fn write(&mut self, prices: &[ProductPrice]) -> Result<BatchOutcome> {
        let path = self.path;
        let system = self.system.as_str();
        let store_code = self.store_code.as_str();
        let run = self.versions.run().0;
        versioning::write_batch(self.conn, path, &mut self.versions, |tx, versions| {
            let mut insert = tx.prepare_cached(INSERT).at(path)?;
            let mut close = tx.prepare_cached(&versioning::close_sql(TABLE)).at(path)?;
            let mut rewrite = tx.prepare_cached(REWRITE).at(path)?;
            let mut insert_tier = tx.prepare_cached(INSERT_TIER).at(path)?;
            let mut delete_tiers = tx.prepare_cached(DELETE_TIERS).at(path)?;
            let mut stored = 0;
            for p in prices {
                let hash = hash::product_price(p);
                let (plan, at) = versions.plan(p.sku.as_bytes(), hash);
                if plan == Plan::Keep {
                    continue;
                }
                let product_id = text::int("product_id", p.product_id)?;
                let price = p.price.as_ref().map(text::decimal);
                let special_price = p.special_price.as_ref().map(text::decimal);
                let special_from = p.special_from.as_ref().map(text::time);
                let special_to = p.special_to.as_ref().map(text::time);
                let updated_at = text::time(&p.updated_at);
                // ?11 is the version id in REWRITE and valid_from_run in INSERT.
                let last = match plan {
                    Plan::Rewrite { id } => id,
                    _ => run,
                };
                let params: [&dyn ToSql; 11] = [
                    &system,
                    &store_code,
                    &p.sku,
                    &product_id,
                    &price,
                    &special_price,
                    &special_from,
                    &special_to,
                    &updated_at,
                    &hash,
                    &last,
                ];
                let id = match plan {
                    Plan::Keep => continue,
                    Plan::Rewrite { id } => {
                        rewrite.execute(&params[..]).at(path)?;
                        delete_tiers.execute([id]).at(path)?;
                        id
                    }
                    Plan::Insert | Plan::Replace { .. } => {
                        if let Plan::Replace { old } = plan {
                            close.execute((run, old)).at(path)?;
                        }
                        insert.insert(&params[..]).at(path)?
                    }
                };
                write_tiers(&mut insert_tier, path, id, &p.tier_prices)?;
                versions.stored(at, p.sku.as_bytes(), id, hash);
                stored += 1;
            }
            Ok(stored)
        })
    }

    /// Ends the writer; after a complete full read of this store scope, closes
    /// the versions of SKUs not seen (deleted at the source). Returns how many
    /// were closed. Dropping a writer without `finish` is the same as
    /// [`FinishMode::Incomplete`].
    pub fn finish(self, mode: FinishMode) -> Result<u64> {
        versioning::finish(self.conn, self.path, TABLE, &self.versions, mode)
    }
}

fn write_tiers(
    insert_tier: &mut CachedStatement<'_>,
    path: &Path,
    version: i64,
    tiers: &[TierPrice],
) -> Result<()> {
    for (position, t) in tiers.iter().enumerate() {
        insert_tier
            .execute((
                version,
                position as i64,
                t.customer_group_id,
                t.website_id,
                text::decimal(&t.qty),
                text::decimal(&t.value),
                t.percentage_value.as_ref().map(text::decimal),
            ))
            .at(path)?;
    }
    Ok(())
}

pub(crate) fn stored_versions(conn: &Connection, path: &Path) -> Result<u64> {
    versioning::count_rows(conn, path, TABLE)
}

pub(crate) fn roll_back(tx: &Transaction<'_>, path: &Path, run: RunId) -> Result<u64> {
    versioning::roll_back(tx, path, TABLE, &[(TIERS, "price_version")], run)
}
