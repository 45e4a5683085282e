//! A mismatch key (model::MismatchKey) in its columns: `key` holds its text, the identity;
//! `sku`, `source`, `price_list`, `customer_group`, `min_qty` and `location` its parts,
//! written beside it and read back as they are (never by splitting the text). A stock key
//! without `sku` is a whole place: a Magento source (`source`) or an ERP location
//! (`location`).

/// The migration giving `$table` (with columns `entity` and `key`) the part columns,
/// filled for the rows written before: the keys' text split once, here.
/// `rtrim(t, replace(t, c, ''))` is `t` up to and including its last `c`. A SKU may hold
/// '@' and a list code '/': split at the last '@', then at the last two '/'.
macro_rules! key_parts_sql {
    ($table:literal) => {
        concat!(
            "
ALTER TABLE ",
            $table,
            " ADD COLUMN sku TEXT;
ALTER TABLE ",
            $table,
            " ADD COLUMN source TEXT;
ALTER TABLE ",
            $table,
            " ADD COLUMN price_list TEXT;
ALTER TABLE ",
            $table,
            " ADD COLUMN customer_group INTEGER;
ALTER TABLE ",
            $table,
            " ADD COLUMN min_qty TEXT;

UPDATE ",
            $table,
            " SET
    sku = substr(rtrim(key, replace(key, '@', '')), 1,
                 length(rtrim(key, replace(key, '@', ''))) - 1),
    source = substr(key, length(rtrim(key, replace(key, '@', ''))) + 1)
WHERE entity = 'stock';

UPDATE ",
            $table,
            " SET sku = key WHERE entity = 'price';
WITH at_sign AS (
    SELECT id, key, rtrim(key, replace(key, '@', '')) AS head
    FROM ",
            $table,
            " WHERE entity = 'price'
), point AS (
    SELECT id, head, substr(key, length(head) + 1) AS tail FROM at_sign WHERE head <> ''
), qty AS (
    SELECT id, head, tail, rtrim(tail, replace(tail, '/', '')) AS list_group FROM point
), list_group AS (
    SELECT id, head, tail, list_group,
           substr(list_group, 1, length(list_group) - 1) AS lg FROM qty
), parts AS (
    SELECT id, head, tail, list_group, lg, rtrim(lg, replace(lg, '/', '')) AS list
    FROM list_group
)
UPDATE ",
            $table,
            " SET
    sku = substr(parts.head, 1, length(parts.head) - 1),
    price_list = substr(parts.list, 1, length(parts.list) - 1),
    customer_group = CAST(substr(parts.lg, length(parts.list) + 1) AS INTEGER),
    min_qty = substr(parts.tail, length(parts.list_group) + 1)
FROM parts WHERE ",
            $table,
            ".id = parts.id AND parts.list <> '';
"
        )
    };
}

pub(crate) use key_parts_sql;

/// The migration giving `$table` the `location` part (an ERP location without counterpart).
macro_rules! location_part_sql {
    ($table:literal) => {
        concat!("ALTER TABLE ", $table, " ADD COLUMN location TEXT;")
    };
}

pub(crate) use location_part_sql;

use model::{MismatchEntity, MismatchKey, PricePoint, System};
use rusqlite::Row;
use rusqlite::types::{FromSqlError, Type};

use crate::text::{Dec, Parsed};

/// The part columns of `key`, in the order `sku, source, price_list, customer_group,
/// min_qty, location`.
pub(crate) struct Parts<'k> {
    pub sku: Option<&'k str>,
    pub source: Option<&'k str>,
    pub price_list: Option<&'k str>,
    pub customer_group: Option<u32>,
    pub min_qty: Option<String>,
    pub location: Option<&'k str>,
}

pub(crate) fn parts(key: &MismatchKey) -> Parts<'_> {
    let none = Parts {
        sku: None,
        source: None,
        price_list: None,
        customer_group: None,
        min_qty: None,
        location: None,
    };
    match key {
        MismatchKey::Order { .. } => none,
        MismatchKey::Stock { sku, source } => Parts {
            sku: Some(sku),
            source: Some(source),
            ..none
        },
        MismatchKey::Place {
            system: System::Magento,
            code,
        } => Parts {
            source: Some(code),
            ..none
        },
        MismatchKey::Place {
            system: System::Erp,
            code,
        } => Parts {
            location: Some(code),
            ..none
        },
        MismatchKey::Price { sku, point } => Parts {
            sku: Some(sku),
            price_list: point.as_ref().map(|p| p.list.as_str()),
            customer_group: point.as_ref().map(|p| p.customer_group),
            min_qty: point.as_ref().map(|p| crate::text::decimal(&p.qty)),
            ..none
        },
    }
}

/// The key of a row whose entity is in column `entity`, text in `key` and parts from
/// column `first_part` on (in the order of [`Parts`]).
pub(crate) fn read(
    row: &Row<'_>,
    entity: usize,
    key: usize,
    first_part: usize,
) -> rusqlite::Result<MismatchKey> {
    let part = |i: usize| -> rusqlite::Result<String> {
        row.get::<_, Option<String>>(first_part + i)?
            .ok_or_else(|| missing(first_part + i))
    };
    Ok(match row.get::<_, Parsed<MismatchEntity>>(entity)?.0 {
        MismatchEntity::Order => MismatchKey::order(row.get::<_, String>(key)?),
        MismatchEntity::Stock => match row.get::<_, Option<String>>(first_part)? {
            Some(sku) => MismatchKey::stock(sku, part(1)?),
            None => match row.get::<_, Option<String>>(first_part + 1)? {
                Some(source) => MismatchKey::place(System::Magento, source),
                None => MismatchKey::place(System::Erp, part(5)?),
            },
        },
        MismatchEntity::Price => match row.get::<_, Option<String>>(first_part + 2)? {
            None => MismatchKey::base_price(part(0)?),
            Some(list) => MismatchKey::price_point(
                part(0)?,
                PricePoint {
                    list,
                    customer_group: row
                        .get::<_, Option<u32>>(first_part + 3)?
                        .ok_or_else(|| missing(first_part + 3))?,
                    qty: row.get::<_, Dec>(first_part + 4)?.0,
                },
            ),
        },
    })
}

fn missing(column: usize) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        column,
        Type::Null,
        Box::new(FromSqlError::Other(
            "a part of the mismatch key is missing".into(),
        )),
    )
}
