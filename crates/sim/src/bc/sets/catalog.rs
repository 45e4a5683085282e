//! `companies` (one company), `items` (every item the ERP knows: Magento's SKUs and the
//! ERP-only ones) and `locations` (one per Magento source, plus the unmapped one when the
//! world has it), shaped like the standard API v2.0 pages.

use std::ops::Range;

use super::super::filter::{Expr, FValue};
use super::super::ids::{IdKind, etag, parse_guid};
use super::super::odata::{Query, Schema, Table, span};
use super::super::record::{Field, Record};
use super::{COMPANY_INFORMATION_PROPS, COMPANY_PROPS, Ctx, ITEM_PROPS, LOCATION_PROPS, item_id};
use crate::dataset::{DAY, product_name, product_price, product_updated_at, sku, source};
use crate::json::Money;

pub(crate) static COMPANY: Schema = Schema {
    entity_type: "company",
    props: &COMPANY_PROPS,
    navs: &[],
};

pub(crate) static COMPANY_INFORMATION: Schema = Schema {
    entity_type: "companyInformation",
    props: &COMPANY_INFORMATION_PROPS,
    navs: &[],
};

pub(crate) static ITEM: Schema = Schema {
    entity_type: "item",
    props: &ITEM_PROPS,
    navs: &[],
};

pub(crate) static LOCATION: Schema = Schema {
    entity_type: "location",
    props: &LOCATION_PROPS,
    navs: &[],
};

/// The company's display name.
pub(crate) const COMPANY_NAME: &str = "Driftwatch Demo Store";

/// The single company.
pub(crate) struct Companies<'a> {
    pub ctx: Ctx<'a>,
}

impl Companies<'_> {
    pub fn id(&self) -> String {
        self.ctx.guid(IdKind::Company, 1)
    }
}

impl Table for Companies<'_> {
    fn schema(&self) -> &'static Schema {
        &COMPANY
    }

    fn order_keys(&self) -> &'static [&'static str] {
        &["id", "name"]
    }

    fn end(&self) -> u64 {
        1
    }

    fn exists(&self, pos: u64) -> bool {
        pos == 0
    }

    fn record(&self, _pos: u64, _query: &Query) -> Record {
        let ctx = &self.ctx;
        let created = ctx.world.cfg().now.timestamp_millis() - 400 * DAY * 1000 + 67;
        let user = ctx.guid(IdKind::User, 1);
        Record {
            etag: None,
            fields: vec![
                ("id", Field::Guid(self.id())),
                ("systemVersion", Field::str("26.0.30643.32100")),
                ("timestamp", Field::Int(4006)),
                ("name", Field::str("DRIFTWATCH")),
                ("displayName", Field::str(COMPANY_NAME)),
                ("businessProfileId", Field::str("")),
                ("systemCreatedAt", Field::DateTime(created)),
                ("systemCreatedBy", Field::Guid(user.clone())),
                ("systemModifiedAt", Field::DateTime(created)),
                ("systemModifiedBy", Field::Guid(user)),
            ],
            navs: Vec::new(),
        }
    }

    fn skiptoken(&self, _pos: u64) -> String {
        self.id()
    }

    fn resume(&self, token: &str) -> Option<u64> {
        parse_guid(self.ctx.seed, IdKind::Company, token)
            .filter(|i| *i == 1)
            .map(|_| 0)
    }
}

/// `companyInformation`: the company's one record; `currencyCode` is its local currency (LCY),
/// which price-list lines in it leave blank.
pub(crate) struct CompanyInformation<'a> {
    pub ctx: Ctx<'a>,
}

impl Table for CompanyInformation<'_> {
    fn schema(&self) -> &'static Schema {
        &COMPANY_INFORMATION
    }

    fn order_keys(&self) -> &'static [&'static str] {
        &["id"]
    }

    fn end(&self) -> u64 {
        1
    }

    fn exists(&self, pos: u64) -> bool {
        pos == 0
    }

    fn record(&self, _pos: u64, _query: &Query) -> Record {
        let ctx = &self.ctx;
        let now = ctx.world.cfg().now.timestamp();
        let text = |s: &str| Field::str(s);
        Record {
            etag: Some(etag(
                ctx.seed,
                IdKind::Company,
                1,
                now * 1000 - 30 * DAY * 1000,
            )),
            fields: vec![
                ("id", Field::Guid(ctx.guid(IdKind::Company, 1))),
                ("displayName", text(COMPANY_NAME)),
                ("addressLine1", text("1 Harbor Way")),
                ("addressLine2", text("")),
                ("city", text("Seattle")),
                ("state", text("WA")),
                ("country", text("US")),
                ("postalCode", text("98101")),
                ("phoneNumber", text("(206) 555-0100")),
                ("faxNumber", text("")),
                ("email", text("finance@driftwatch.test")),
                ("website", text("driftwatch.test")),
                ("taxRegistrationNumber", text("")),
                (
                    "currencyCode",
                    text(&ctx.world.manifest().mappings.local_currency),
                ),
                (
                    "currentFiscalYearStartDate",
                    Field::Date(now - now.rem_euclid(DAY) - 200 * DAY),
                ),
                ("industry", text("Retail")),
                ("experience", text("Premium")),
                (
                    "lastModifiedDateTime",
                    Field::DateTime(now * 1000 - 30 * DAY * 1000),
                ),
            ],
            navs: Vec::new(),
        }
    }

    fn skiptoken(&self, _pos: u64) -> String {
        self.ctx.guid(IdKind::Company, 1)
    }

    fn resume(&self, _token: &str) -> Option<u64> {
        None
    }
}

/// `items`: position `j - 1` is item `j`.
pub(crate) struct Items<'a> {
    pub ctx: Ctx<'a>,
    /// `inventory` counts stock rows in transit at their lagging quantity.
    pub stock_in_transit: bool,
    /// `unitPrice` of an item in transit is its lagging price.
    pub price_in_transit: bool,
}

impl Items<'_> {
    pub fn find(&self, id: &str) -> Option<u64> {
        let j = parse_guid(self.ctx.seed, IdKind::Item, id)?;
        (j >= 1 && j <= self.ctx.item_count()).then(|| j - 1)
    }

    fn last_modified(&self, j: u64) -> i64 {
        let cfg = self.ctx.world.cfg();
        if j <= cfg.skus {
            product_updated_at(cfg, j) * 1000 + 330
        } else {
            self.ctx.now_ms - 3 * DAY * 1000
        }
    }
}

impl Table for Items<'_> {
    fn schema(&self) -> &'static Schema {
        &ITEM
    }

    fn order_keys(&self) -> &'static [&'static str] {
        &["number", "id"]
    }

    fn end(&self) -> u64 {
        self.ctx.item_count()
    }

    fn candidates(&self, filter: Option<&Expr>) -> Vec<Range<u64>> {
        match filter.and_then(|f| f.required_any_eq("number")) {
            Some(numbers) => self
                .ctx
                .item_indices(&numbers)
                .into_iter()
                .map(|j| j - 1..j)
                .collect(),
            None => span(0..self.end()),
        }
    }

    fn exists(&self, pos: u64) -> bool {
        pos < self.end()
    }

    fn quick(&self, pos: u64, field: &str) -> Option<FValue> {
        let j = pos + 1;
        match field {
            "number" => Some(FValue::Str(sku(j))),
            "id" => Some(FValue::Str(item_id(&self.ctx, j))),
            "lastModifiedDateTime" => Some(FValue::Time(self.last_modified(j))),
            _ => None,
        }
    }

    fn record(&self, pos: u64, _query: &Query) -> Record {
        let ctx = &self.ctx;
        let cfg = ctx.world.cfg();
        let j = pos + 1;
        let price = ctx
            .world
            .prices()
            .base_price(j, self.price_in_transit)
            .unwrap_or(Money::ZERO);
        let cost = if j <= cfg.skus {
            product_price(cfg, j).0 * 55 / 100
        } else {
            price.0 * 55 / 100
        };
        let modified = self.last_modified(j);
        Record {
            etag: Some(etag(ctx.seed, IdKind::Item, j, modified)),
            fields: vec![
                ("id", Field::Guid(item_id(ctx, j))),
                ("number", Field::Str(sku(j))),
                ("displayName", Field::Str(product_name(cfg, j))),
                ("displayName2", Field::str("")),
                ("type", Field::Enum("Inventory")),
                (
                    "itemCategoryId",
                    Field::Guid(ctx.guid(IdKind::ItemCategory, 1)),
                ),
                ("itemCategoryCode", Field::str("APPAREL")),
                ("blocked", Field::Bool(false)),
                ("gtin", Field::str("")),
                (
                    "inventory",
                    Field::Num(ctx.world.stock().item_total(j, self.stock_in_transit)),
                ),
                ("unitPrice", Field::Money(price)),
                ("priceIncludesTax", Field::Bool(false)),
                ("unitCost", Field::Money(Money(cost))),
                ("taxGroupId", Field::Guid(ctx.guid(IdKind::TaxGroup, 1))),
                ("taxGroupCode", Field::str("TAXABLE")),
                (
                    "baseUnitOfMeasureId",
                    Field::Guid(ctx.guid(IdKind::UnitOfMeasure, 1)),
                ),
                ("baseUnitOfMeasureCode", Field::str("PCS")),
                (
                    "generalProductPostingGroupId",
                    Field::Guid(ctx.guid(IdKind::TaxGroup, 2)),
                ),
                ("generalProductPostingGroupCode", Field::str("RETAIL")),
                (
                    "inventoryPostingGroupId",
                    Field::Guid(ctx.guid(IdKind::TaxGroup, 3)),
                ),
                ("inventoryPostingGroupCode", Field::str("RESALE")),
                ("lastModifiedDateTime", Field::DateTime(modified)),
            ],
            navs: Vec::new(),
        }
    }

    fn skiptoken(&self, pos: u64) -> String {
        item_id(&self.ctx, pos + 1)
    }

    fn resume(&self, token: &str) -> Option<u64> {
        self.find(token)
    }
}

/// `locations`, ordered by code as Business Central does.
pub(crate) struct Locations<'a> {
    pub ctx: Ctx<'a>,
    /// Location columns (see `world::ErpStock`) sorted by code.
    columns: Vec<(String, u32)>,
}

impl<'a> Locations<'a> {
    pub fn new(ctx: Ctx<'a>) -> Self {
        let stock = ctx.world.stock();
        let mut columns: Vec<(String, u32)> = stock
            .location_columns()
            .into_iter()
            .map(|k| (stock.column_code(k), k))
            .collect();
        columns.sort();
        Locations { ctx, columns }
    }

    pub fn find(&self, id: &str) -> Option<u64> {
        let k = parse_guid(self.ctx.seed, IdKind::Location, id)?;
        self.columns
            .iter()
            .position(|(_, c)| u64::from(*c) == k)
            .map(|p| p as u64)
    }
}

impl Table for Locations<'_> {
    fn schema(&self) -> &'static Schema {
        &LOCATION
    }

    fn order_keys(&self) -> &'static [&'static str] {
        &["code"]
    }

    fn end(&self) -> u64 {
        self.columns.len() as u64
    }

    fn exists(&self, pos: u64) -> bool {
        pos < self.end()
    }

    fn record(&self, pos: u64, _query: &Query) -> Record {
        let ctx = &self.ctx;
        let (code, k) = &self.columns[pos as usize];
        let src = source(ctx.world.cfg(), *k);
        let text = |f: Option<String>| Field::Str(f.unwrap_or_default());
        let modified = ctx.world.cfg().now.timestamp_millis() - 200 * DAY * 1000 + 17;
        let (name, contact, street, city, post, phone, email) = match src {
            Some(s) => (
                s.name,
                s.contact_name,
                s.street,
                s.city,
                s.postcode,
                s.phone,
                s.email,
            ),
            None if code.as_str() == crate::world::EXCLUDED_LOCATION => (
                "Goods in Transit".to_string(),
                None,
                None,
                None,
                String::new(),
                None,
                None,
            ),
            None => (
                "Outlet Store".to_string(),
                Some("Store Manager".to_string()),
                Some("5 Factory Lane".to_string()),
                Some("Kenosha".to_string()),
                "53144".to_string(),
                Some("(262) 555-0100".to_string()),
                None,
            ),
        };
        Record {
            etag: Some(etag(ctx.seed, IdKind::Location, u64::from(*k), modified)),
            fields: vec![
                ("id", Field::Guid(ctx.guid(IdKind::Location, u64::from(*k)))),
                ("code", Field::str(code)),
                ("displayName", Field::Str(name)),
                ("contact", text(contact)),
                ("addressLine1", text(street)),
                ("addressLine2", Field::str("")),
                ("city", text(city)),
                ("state", Field::str("")),
                ("country", Field::str("US")),
                ("postalCode", Field::Str(post)),
                ("phoneNumber", text(phone)),
                ("email", text(email)),
                ("website", Field::str("")),
                ("lastModifiedDateTime", Field::DateTime(modified)),
            ],
            navs: Vec::new(),
        }
    }

    fn skiptoken(&self, pos: u64) -> String {
        self.ctx
            .guid(IdKind::Location, u64::from(self.columns[pos as usize].1))
    }

    fn resume(&self, token: &str) -> Option<u64> {
        self.find(token)
    }
}
