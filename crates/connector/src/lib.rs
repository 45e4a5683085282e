//! What every client of a system Driftwatch reads is made of, so Magento and each ERP
//! connector behave alike: the paged-read stream a snapshot pulls from ([`read`]), one
//! retry policy with backoff and Retry-After ([`retry`]) and OData's `@odata.nextLink`
//! paging, followed only where it is safe ([`odata`]), and the HTTP client policy: time
//! limits, https, same-origin redirects, a cap on reply size ([`http`]), and OAuth 1.0a
//! signing ([`oauth1`]: Magento integrations today, NetSuite next).

pub mod http;
pub mod oauth1;
pub mod odata;
pub mod read;
pub mod retry;

pub use read::{
    Counters, PageError, PageEvent, PageFailure, Read, ReadReport, ReadSender, ReadStats,
};
pub use retry::{RetryPolicy, parse_retry_after};
