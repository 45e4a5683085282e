//! Integration tests of the snapshot store, on real SQLite files in temp dirs.

mod connection_tests;
mod erp_orders;
mod erp_price_lines;
mod erp_stock;
mod migrations;
mod mismatches;
mod orders;
mod prices;
mod recon_runs;
mod recon_throughput;
mod recovery;
mod runs;
mod source_items;
mod systems;
mod throughput;
mod util;
mod watermarks;
