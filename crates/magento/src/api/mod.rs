//! One handler per API area, each turning Magento's rows into domain records.

pub mod inventory;
pub mod orders;
pub mod products;
mod skus;
pub mod store;
