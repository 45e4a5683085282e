//! The Magento client against the simulator, over real HTTP on loopback.

mod auth;
mod confirm;
mod faults;
mod harness;
mod paging;
mod records;
