//! What every client of a system Driftwatch reads is made of, so Magento and each ERP
//! connector behave alike: the paged-read stream a snapshot pulls from ([`read`]), one
//! retry policy with backoff and Retry-After ([`retry`]) and OData's `@odata.nextLink`
//! paging, followed only where it is safe ([`odata`]).
//!
//! Still in each client (to move here next): the HTTP client policy (timeouts, https,
//! redirects, size caps) and OAuth 1.0a signing.

pub mod odata;
pub mod read;
pub mod retry;

pub use read::{
    Counters, PageError, PageEvent, PageFailure, Read, ReadReport, ReadSender, ReadStats,
};
pub use retry::{RetryPolicy, parse_retry_after};
