//! The `driftwatch` binary end to end: a simulator in this process, the CLI
//! as a child process, the SQLite file inspected afterwards.

mod connect;
mod connection_test;
mod connections;
mod credentials;
mod erp;
mod harness;
mod mapping;
mod reconcile;
mod snapshot;
