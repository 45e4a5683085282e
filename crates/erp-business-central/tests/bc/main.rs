//! The Business Central connector against the simulator, over real HTTP on
//! loopback: OAuth2, OData paging, posted invoices, the extension routes and
//! their fallbacks, throttling and faults.

mod confirm;
mod harness;
mod orders;
mod stock_and_prices;
