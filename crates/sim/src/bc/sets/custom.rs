//! The Driftwatch extension's read-only pages (`api/driftwatch/recon/v1.0`):
//! `itemLocationStocks` `{itemNumber, locationCode, inventory, lastModifiedDateTime}` and
//! `priceListLines` `{priceListCode, sourceType, sourceNo, itemNumber, currencyCode,
//! minimumQuantity, unitPrice, startingDate, endingDate, status}`.
//!
//! Neither has an `id`: their `$skiptoken` is their natural key, `'SKU-000012','MAIN'` and
//! `'RETAIL',30000` (list code and line number). Neither sends an `@odata.etag` (a query and a
//! read-only page have none to offer).

use std::ops::Range;

use super::super::filter::{Expr, FValue};
use super::super::ids::EMPTY_DATE;
use super::super::odata::{Query, Schema, Table, span};
use super::super::record::{Field, Record};
use super::{Ctx, PRICE_LINE_PROPS, STOCK_PROPS, token_of, token_parts};
use crate::dataset::sku;
use crate::world::{PriceLine, PriceStatus, StockRow};

pub(crate) static ITEM_LOCATION_STOCK: Schema = Schema {
    entity_type: "itemLocationStock",
    props: &STOCK_PROPS,
    navs: &[],
};

pub(crate) static PRICE_LIST_LINE: Schema = Schema {
    entity_type: "priceListLine",
    props: &PRICE_LINE_PROPS,
    navs: &[],
};

/// Quantity on hand per item and location.
pub(crate) struct ItemLocationStocks<'a> {
    pub ctx: Ctx<'a>,
    /// Rows in transit read their lagging quantity (`bc-stock-in-transit`).
    pub in_transit: bool,
}

impl ItemLocationStocks<'_> {
    fn row(&self, pos: u64) -> Option<StockRow> {
        self.ctx.world.stock().row_at(pos, self.in_transit)
    }

    fn fields(&self, r: &StockRow) -> Vec<(&'static str, Field)> {
        vec![
            ("itemNumber", Field::Str(sku(r.item))),
            (
                "locationCode",
                Field::Str(self.ctx.world.stock().column_code(r.column)),
            ),
            ("inventory", Field::Num(r.inventory)),
            ("lastModifiedDateTime", Field::DateTime(r.last_modified_ms)),
        ]
    }
}

impl Table for ItemLocationStocks<'_> {
    fn schema(&self) -> &'static Schema {
        &ITEM_LOCATION_STOCK
    }

    fn order_keys(&self) -> &'static [&'static str] {
        &["itemNumber"]
    }

    fn end(&self) -> u64 {
        self.ctx.world.stock().end()
    }

    fn candidates(&self, filter: Option<&Expr>) -> Vec<Range<u64>> {
        let stock = self.ctx.world.stock();
        match filter.and_then(|f| f.required_any_eq("itemNumber")) {
            Some(numbers) => self
                .ctx
                .item_indices(&numbers)
                .into_iter()
                .map(|j| stock.position(j, 0)..stock.position(j, 0) + u64::from(stock.columns()))
                .collect(),
            None => span(0..self.end()),
        }
    }

    fn exists(&self, pos: u64) -> bool {
        self.row(pos).is_some()
    }

    fn quick(&self, pos: u64, field: &str) -> Option<FValue> {
        let r = self.row(pos)?;
        self.fields(&r)
            .into_iter()
            .find(|(k, _)| *k == field)
            .map(|(_, v)| v.value())
    }

    fn record(&self, pos: u64, _query: &Query) -> Record {
        let fields = self.row(pos).map(|r| self.fields(&r)).unwrap_or_default();
        Record {
            etag: None,
            fields,
            navs: Vec::new(),
        }
    }

    fn skiptoken(&self, pos: u64) -> String {
        let stock = self.ctx.world.stock();
        let cols = u64::from(stock.columns());
        let (item, column) = (pos / cols + 1, (pos % cols) as u32);
        token_of(&[&sku(item), &stock.column_code(column)])
    }

    fn resume(&self, token: &str) -> Option<u64> {
        let parts = token_parts(token);
        let [item, location] = parts.as_slice() else {
            return None;
        };
        let stock = self.ctx.world.stock();
        let j = self.ctx.item_index(item)?;
        Some(stock.position(j, stock.column_of(location)?))
    }
}

/// Price-list lines.
pub(crate) struct PriceListLines<'a> {
    pub ctx: Ctx<'a>,
    /// `RETAIL` lines in transit read their lagging price (`bc-price-in-transit`).
    pub in_transit: bool,
}

fn status_text(s: PriceStatus) -> &'static str {
    match s {
        PriceStatus::Active => "Active",
        PriceStatus::Inactive => "Inactive",
        PriceStatus::Draft => "Draft",
    }
}

impl PriceListLines<'_> {
    fn line(&self, pos: u64) -> Option<PriceLine> {
        self.ctx.world.prices().line_at(pos, self.in_transit)
    }

    fn fields(l: &PriceLine) -> Vec<(&'static str, Field)> {
        vec![
            ("priceListCode", Field::str(&l.list)),
            ("sourceType", Field::Enum(l.source_type)),
            ("sourceNo", Field::str(&l.source_no)),
            ("itemNumber", Field::Str(sku(l.item))),
            // Blank is the local currency (companyInformation), as table 7001 stores it.
            ("currencyCode", Field::str("")),
            ("minimumQuantity", Field::Num(l.min_qty)),
            ("unitPrice", Field::Money(l.unit_price)),
            (
                "startingDate",
                Field::Date(l.starting.unwrap_or(EMPTY_DATE)),
            ),
            ("endingDate", Field::Date(l.ending.unwrap_or(EMPTY_DATE))),
            ("status", Field::Enum(status_text(l.status))),
        ]
    }
}

impl Table for PriceListLines<'_> {
    fn schema(&self) -> &'static Schema {
        &PRICE_LIST_LINE
    }

    fn order_keys(&self) -> &'static [&'static str] {
        &["priceListCode"]
    }

    fn end(&self) -> u64 {
        self.ctx.world.prices().end()
    }

    fn candidates(&self, filter: Option<&Expr>) -> Vec<Range<u64>> {
        match filter.and_then(|f| f.required_any_eq("itemNumber")) {
            Some(numbers) => {
                let prices = self.ctx.world.prices();
                let mut ranges: Vec<Range<u64>> = self
                    .ctx
                    .item_indices(&numbers)
                    .into_iter()
                    .flat_map(|j| prices.item_positions(j))
                    .collect();
                ranges.sort_by_key(|r| r.start);
                ranges
            }
            None => span(0..self.end()),
        }
    }

    fn exists(&self, pos: u64) -> bool {
        self.line(pos).is_some()
    }

    fn quick(&self, pos: u64, field: &str) -> Option<FValue> {
        let l = self.line(pos)?;
        Self::fields(&l)
            .into_iter()
            .find(|(k, _)| *k == field)
            .map(|(_, v)| v.value())
    }

    fn record(&self, pos: u64, _query: &Query) -> Record {
        Record {
            etag: None,
            fields: self.line(pos).map(|l| Self::fields(&l)).unwrap_or_default(),
            navs: Vec::new(),
        }
    }

    fn skiptoken(&self, pos: u64) -> String {
        match self.line(pos) {
            Some(l) => format!("{},{}", token_of(&[&l.list]), l.line_no),
            None => String::new(),
        }
    }

    fn resume(&self, token: &str) -> Option<u64> {
        let parts = token_parts(token);
        let [list, line_no] = parts.as_slice() else {
            return None;
        };
        self.ctx
            .world
            .prices()
            .position_of(list, line_no.parse().ok()?)
    }
}
