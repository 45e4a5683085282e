//! Integration tests of the Magento simulator over real HTTP on loopback.

mod auth;
mod faults;
mod inventory;
mod orders;
mod paging;
mod products;
mod scale;
mod support;
