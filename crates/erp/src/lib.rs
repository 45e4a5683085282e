//! What every ERP connector offers Driftwatch, behind one trait: read sales
//! orders (including those already posted into invoices), stock per
//! location, price-list lines (in full, or for a list of items: the confirm
//! pass of a reconciliation); look orders up by the Magento number; create a
//! sales order idempotently (for replay). A connector that lacks a capability
//! says so through [`Capabilities`] and [`Error::Unsupported`]; it never fakes
//! data.

pub mod connector;
pub mod decimal;
mod error;
mod status;

pub use ::connector::{ReadReport, ReadStats};
pub use connector::{Checked, Connector, Secrets};
pub use error::{Error, Result};
pub use model::erp::{
    CanonicalStatus, Capabilities, CreateOutcome, ErpDocument, ErpOrder, ErpOrderLine, Location,
    LocationStock, NewSalesOrder, NewSalesOrderLine, PriceListLine, StockFigure,
};

/// A collection being read from an ERP ([`::connector::Read`], failing with [`Error`]).
pub type Read<T> = ::connector::Read<T, Error>;
/// The connector's end of a [`Read`].
pub type ReadSender<T> = ::connector::ReadSender<T, Error>;
pub type PageEvent<T> = ::connector::PageEvent<T, Error>;
pub type PageFailure = ::connector::PageFailure<Error>;
pub use status::decode_enum;

use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;

/// One ERP, seen from Driftwatch. Reads stream pages; lookups and writes are
/// single calls. Implementations are cheap to clone and share (`Arc` inside).
pub trait Erp: Send + Sync + std::fmt::Debug {
    /// The product name shown to users ("Business Central").
    fn name(&self) -> &'static str;

    fn capabilities(&self) -> Capabilities;

    /// Sales orders changed at or after `since` (all when `None`), open ones
    /// and those already posted into invoices.
    fn sales_orders(&self, since: Option<DateTime<Utc>>) -> Read<ErpOrder>;

    /// Every order or invoice carrying this external reference (Magento's
    /// increment id). More than one is a duplicate in the ERP.
    fn find_orders_by_reference<'a>(
        &'a self,
        reference: &'a str,
    ) -> BoxFuture<'a, Result<Vec<ErpOrder>>>;

    /// Stock per item and location; see [`Capabilities::stock`] for which figure.
    fn stock(&self) -> Read<LocationStock>;

    /// Price-list lines (only active ones).
    fn price_list_lines(&self) -> Read<PriceListLine>;

    /// The rows [`Erp::stock`] would give for these item numbers only, read
    /// afresh: the confirm pass that re-reads the suspects of a
    /// reconciliation (a few hundred or thousand items). Unknown items are
    /// simply absent. One failed request fails the whole call: a confirm pass
    /// over part of the suspects would call the rest transient.
    fn stock_for_items<'a>(
        &'a self,
        items: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<LocationStock>>>;

    /// The rows [`Erp::price_list_lines`] would give (only active ones) for
    /// these item numbers only, read afresh; as [`Erp::stock_for_items`].
    fn price_lines_for_items<'a>(
        &'a self,
        items: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<PriceListLine>>>;

    /// Locations, for mapping screens.
    fn locations(&self) -> BoxFuture<'_, Result<Vec<Location>>>;

    /// Price-list codes, for mapping screens.
    fn price_lists(&self) -> BoxFuture<'_, Result<Vec<String>>>;

    /// Creates a sales order unless one with the same external reference
    /// exists already (then returns it): a retry never makes a duplicate.
    fn create_sales_order<'a>(
        &'a self,
        order: &'a NewSalesOrder,
    ) -> BoxFuture<'a, Result<CreateOutcome>>;
}
