//! Integration tests of the snapshot store, on real SQLite files in temp dirs.

mod migrations;
mod orders;
mod prices;
mod recovery;
mod runs;
mod source_items;
mod throughput;
mod util;
mod watermarks;
