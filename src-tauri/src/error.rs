//! Errors as they cross IPC: a code the UI can branch on and a message for people that says
//! what to do next. Never a bare string, never a stack trace.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No configuration: explore the demo or write one.
    NotConfigured,
    /// A snapshot or reconciliation is running.
    Busy,
    /// A secret is missing or the keychain is unavailable.
    Credentials,
    /// A system could not be reached or refused the request.
    Connection,
    /// What was asked cannot be done as asked (blank note, resolved mismatch...).
    BadInput,
    NotFound,
    Internal,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        IpcError {
            code,
            message: message.into(),
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        IpcError::new(ErrorCode::Internal, message)
    }
}

impl From<engine::Error> for IpcError {
    fn from(e: engine::Error) -> Self {
        use engine::Error as E;
        let code = match &e {
            E::Busy { .. } => ErrorCode::Busy,
            E::MissingSecret { .. }
            | E::SecretForAnotherHost { .. }
            | E::KeychainUnavailable { .. }
            | E::Keychain(_) => ErrorCode::Credentials,
            E::Magento(_) | E::Erp(_) => ErrorCode::Connection,
            _ if e.is_not_found() => ErrorCode::NotFound,
            E::Config(_) | E::ConfigFile { .. } => ErrorCode::NotConfigured,
            _ if e.is_usage() => ErrorCode::BadInput,
            _ => ErrorCode::Internal,
        };
        IpcError::new(code, sentence(&e.to_string()))
    }
}

/// Messages start with a capital letter on screen.
pub(crate) fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text.to_string(),
    }
}
