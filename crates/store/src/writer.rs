//! The one writer behind every versioned table.
//!
//! Each table family says, through [`Table`], how a row is keyed, hashed,
//! inserted and rewritten in place; [`Writer`] does the rest the same way for
//! all of them: load the current versions of its scope, plan each row against
//! them (see [`crate::versioning`]), write one batch per transaction, and close
//! the keys not seen after a complete full read. The public writers
//! (`OrdersWriter`, `ErpStockWriter`, ...) are thin wrappers made by
//! [`public_writer!`], so they share one contract and one set of docs.
//!
//! Generic rather than dynamic so that the stock tables' hot loop (a million
//! rows per snapshot) compiles to the same code a hand-written writer would.

use std::fmt;
use std::path::Path;

use rusqlite::{Connection, Params, Transaction};

use crate::error::{At, Result};
use crate::table::runs::{self, RunId};
use crate::versioning::{self, BatchOutcome, FinishMode, Plan, Versions};

/// One versioned table family: a table of versions (columns `id`, `system`,
/// ..., `content_hash`, `valid_from_run`, `valid_to_run`), possibly with child
/// rows that belong to one version. A value of the type is a writer's scope
/// (its system, and a store scope for Magento prices).
pub(crate) trait Table: fmt::Debug {
    type Row;
    /// The statements a batch prepares once and uses for every row, plus any
    /// scratch buffers that spare an allocation per row.
    type Statements<'c>;

    const TABLE: &'static str;
    /// Child tables as (table, column referencing the version id).
    const CHILDREN: &'static [(&'static str, &'static str)];
    /// Selects `id, content_hash, valid_from_run` and then the natural key
    /// columns of the scope's current versions (`valid_to_run IS NULL`).
    const CURRENT: &'static str;

    /// Appends the key bytes of a row selected by [`Table::CURRENT`].
    fn load_key(row: &rusqlite::Row<'_>, key: &mut Vec<u8>) -> rusqlite::Result<()>;
    /// Appends the key bytes of an incoming row: the same bytes
    /// [`Table::load_key`] gives for its stored version.
    fn key(row: &Self::Row, key: &mut Vec<u8>);
    /// The stable content hash over every stored field ([`crate::hash`]).
    fn hash(row: &Self::Row) -> i64;

    fn prepare<'c>(tx: &'c Transaction<'_>) -> rusqlite::Result<Self::Statements<'c>>;
    /// Inserts a new version valid from `run` (and its child rows); returns its id.
    fn insert(
        &self,
        s: &mut Self::Statements<'_>,
        path: &Path,
        run: i64,
        row: &Self::Row,
        hash: i64,
    ) -> Result<i64>;
    /// Overwrites version `id`, created by this run, with `row` (replacing its
    /// child rows).
    fn rewrite(
        &self,
        s: &mut Self::Statements<'_>,
        path: &Path,
        id: i64,
        row: &Self::Row,
        hash: i64,
    ) -> Result<()>;
}

/// Stores the rows of one scope read in one run, change only.
pub(crate) struct Writer<'a, T> {
    conn: &'a mut Connection,
    path: &'a Path,
    table: T,
    versions: Versions,
}

impl<'a, T: Table> Writer<'a, T> {
    /// A writer for `run` (which must be running); `scope` binds the
    /// parameters of [`Table::CURRENT`].
    pub(crate) fn open(
        conn: &'a mut Connection,
        path: &'a Path,
        run: RunId,
        table: T,
        scope: impl Params,
    ) -> Result<Self> {
        runs::require_running(conn, path, run)?;
        let mut versions = Versions::new(run);
        {
            let mut stmt = conn.prepare(T::CURRENT).at(path)?;
            let mut rows = stmt.query(scope).at(path)?;
            let mut key = Vec::with_capacity(64);
            while let Some(row) = rows.next().at(path)? {
                key.clear();
                T::load_key(row, &mut key).at(path)?;
                let (id, hash, from) = (row.get(0), row.get(1), row.get(2));
                versions.load(&key, id.at(path)?, hash.at(path)?, from.at(path)?);
            }
        }
        Ok(Writer {
            conn,
            path,
            table,
            versions,
        })
    }

    pub(crate) fn write(&mut self, rows: &[T::Row]) -> Result<BatchOutcome> {
        let Writer {
            conn,
            path,
            table,
            versions,
        } = self;
        let path: &Path = path;
        let run = versions.run().0;
        versioning::write_batch(conn, path, versions, |tx, versions| {
            let mut close = tx
                .prepare_cached(&versioning::close_sql(T::TABLE))
                .at(path)?;
            let mut statements = T::prepare(tx).at(path)?;
            let mut key = Vec::with_capacity(64);
            let mut stored = 0;
            for row in rows {
                key.clear();
                T::key(row, &mut key);
                let hash = T::hash(row);
                let (plan, at) = versions.plan(&key, hash);
                let id = match plan {
                    Plan::Keep => continue,
                    Plan::Rewrite { id } => {
                        table.rewrite(&mut statements, path, id, row, hash)?;
                        id
                    }
                    Plan::Replace { old } => {
                        close.execute((run, old)).at(path)?;
                        table.insert(&mut statements, path, run, row, hash)?
                    }
                    Plan::Insert => table.insert(&mut statements, path, run, row, hash)?,
                };
                versions.stored(at, &key, id, hash);
                stored += 1;
            }
            Ok(stored)
        })
    }

    pub(crate) fn finish(self, mode: FinishMode) -> Result<u64> {
        versioning::finish(self.conn, self.path, T::TABLE, &self.versions, mode)
    }

    pub(crate) fn debug(&self, name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(name)
            .field("run", &self.versions.run())
            .field("scope", &self.table)
            .field("current_versions", &self.versions.len())
            .finish()
    }
}

/// Declares a public writer type around [`Writer`], with the contract every
/// writer shares: `write` a batch, then `finish`.
macro_rules! public_writer {
    ($(#[$doc:meta])* $name:ident($table:ty) of $row:ty) => {
        $(#[$doc])*
        pub struct $name<'a>($crate::writer::Writer<'a, $table>);

        impl ::std::fmt::Debug for $name<'_> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                self.0.debug(stringify!($name), f)
            }
        }

        impl $name<'_> {
            /// Stores one batch in one transaction, writing only new and
            /// changed rows. On error nothing of the batch is stored and it
            /// may be retried.
            pub fn write(&mut self, rows: &[$row]) -> $crate::Result<$crate::BatchOutcome> {
                self.0.write(rows)
            }

            /// Ends the writer; after a complete full read of the writer's
            /// scope, closes the versions of keys not seen (deleted at the
            /// source). Returns how many were closed. Dropping a writer without
            /// `finish` is the same as [`FinishMode::Incomplete`](crate::FinishMode::Incomplete).
            pub fn finish(self, mode: $crate::FinishMode) -> $crate::Result<u64> {
                self.0.finish(mode)
            }
        }
    };
}

pub(crate) use public_writer;
