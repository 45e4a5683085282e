//! Prices: versioned `prices` with their `tier_prices`, natural key
//! (system, store_code, sku). A writer covers one store scope; tier prices
//! belong to one price version (`price_version`) and keep their original order.

use std::path::Path;

use model::{ProductPrice, System, TierPrice};
use rusqlite::{CachedStatement, ToSql, Transaction};

use crate::error::{At, Result};
use crate::migrations::Migration;
use crate::table::{
    self,
    runs::{self, RunId},
};
use crate::text::{self, Count, Dec, OptDec, OptTime, Time};
use crate::versioning::VISIBLE_AT;
use crate::writer::{Table, Writer, public_writer};
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

/// A writer's scope: the system and store scope read. Within one store scope
/// the SKU alone is the key.
#[derive(Debug)]
pub(crate) struct Prices {
    system: System,
    store_code: String,
}

pub(crate) struct Statements<'c> {
    insert: CachedStatement<'c>,
    rewrite: CachedStatement<'c>,
    insert_tier: CachedStatement<'c>,
    delete_tiers: CachedStatement<'c>,
}

impl Table for Prices {
    type Row = ProductPrice;
    type Statements<'c> = Statements<'c>;

    const TABLE: &'static str = "prices";
    const CHILDREN: &'static [(&'static str, &'static str)] = &[("tier_prices", "price_version")];
    const CURRENT: &'static str = "SELECT id, content_hash, valid_from_run, sku FROM prices
        WHERE system = ?1 AND store_code = ?2 AND valid_to_run IS NULL";

    fn load_key(row: &rusqlite::Row<'_>, key: &mut Vec<u8>) -> rusqlite::Result<()> {
        key.extend_from_slice(row.get_ref(3)?.as_bytes()?);
        Ok(())
    }

    fn key(p: &ProductPrice, key: &mut Vec<u8>) {
        key.extend_from_slice(p.sku.as_bytes());
    }

    fn hash(p: &ProductPrice) -> i64 {
        hash::product_price(p)
    }

    fn prepare<'c>(tx: &'c Transaction<'_>) -> rusqlite::Result<Statements<'c>> {
        Ok(Statements {
            insert: tx.prepare_cached(INSERT)?,
            rewrite: tx.prepare_cached(REWRITE)?,
            insert_tier: tx.prepare_cached(INSERT_TIER)?,
            delete_tiers: tx.prepare_cached(DELETE_TIERS)?,
        })
    }

    fn insert(
        &self,
        s: &mut Statements<'_>,
        path: &Path,
        run: i64,
        p: &ProductPrice,
        hash: i64,
    ) -> Result<i64> {
        // ?11 is valid_from_run in INSERT.
        let id = self.execute(&mut s.insert, path, p, hash, run, true)?;
        write_tiers(&mut s.insert_tier, path, id, &p.tier_prices)?;
        Ok(id)
    }

    fn rewrite(
        &self,
        s: &mut Statements<'_>,
        path: &Path,
        id: i64,
        p: &ProductPrice,
        hash: i64,
    ) -> Result<()> {
        // ?11 is the version id in REWRITE.
        self.execute(&mut s.rewrite, path, p, hash, id, false)?;
        s.delete_tiers.execute([id]).at(path)?;
        write_tiers(&mut s.insert_tier, path, id, &p.tier_prices)
    }
}

impl Prices {
    /// Runs INSERT or REWRITE, which share parameters ?1 to ?10; returns the
    /// new row id when `insert`.
    fn execute(
        &self,
        stmt: &mut CachedStatement<'_>,
        path: &Path,
        p: &ProductPrice,
        hash: i64,
        last: i64,
        insert: bool,
    ) -> Result<i64> {
        let product_id = text::int("product_id", p.product_id)?;
        let price = p.price.as_ref().map(text::decimal);
        let special_price = p.special_price.as_ref().map(text::decimal);
        let special_from = p.special_from.as_ref().map(text::time);
        let special_to = p.special_to.as_ref().map(text::time);
        let updated_at = text::time(&p.updated_at);
        let params: [&dyn ToSql; 11] = [
            &self.system.as_str(),
            &self.store_code,
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
        if insert {
            stmt.insert(&params[..]).at(path)
        } else {
            stmt.execute(&params[..]).at(path).map(|_| last)
        }
    }
}

public_writer! {
    /// Stores the prices of one system and store scope read in one run.
    /// Change only (see the [crate docs](crate#versioned-rows)).
    PricesWriter(Prices) of ProductPrice
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
        let table = Prices {
            system,
            store_code: store_code.to_owned(),
        };
        let scope = (system.as_str(), store_code);
        Writer::open(&mut self.conn, &self.path, run, table, scope).map(PricesWriter)
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
        let tiers = stmt
            .query_map(params, |row| {
                let tier = TierPrice {
                    customer_group_id: row.get(1)?,
                    website_id: row.get(2)?,
                    qty: row.get::<_, Dec>(3)?.0,
                    value: row.get::<_, Dec>(4)?.0,
                    percentage_value: row.get::<_, OptDec>(5)?.0,
                };
                Ok((row.get(0)?, tier))
            })
            .at(path)?;
        table::attach(&mut versions, tiers, path, |p, tier| {
            p.tier_prices.push(tier)
        })?;
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
