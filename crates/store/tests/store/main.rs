//! Integration tests of the snapshot store, on real SQLite files in temp dirs.

mod erp_orders;
mod erp_price_lines;
mod erp_stock;
mod migrations;
mod orders;
mod prices;
mod recovery;
mod runs;
mod source_items;
mod systems;
mod throughput;
mod util;
mod watermarks;
