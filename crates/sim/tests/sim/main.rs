//! Integration tests of the simulators over real HTTP on loopback.

mod auth;
mod bc_auth;
mod bc_faults;
mod bc_paging;
mod bc_shapes;
mod bc_support;
mod bc_transit;
mod bc_writes;
mod faults;
mod inventory;
mod orders;
mod paging;
mod products;
mod scale;
mod support;
mod world;
