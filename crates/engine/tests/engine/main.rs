//! Engine use cases against real parts: the OS keychain here (the snapshot
//! use case is exercised end to end through the CLI's tests).

mod credentials;
mod dashboard;
mod setup;
