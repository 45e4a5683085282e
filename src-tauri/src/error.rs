//! Errors as they cross IPC: a code the UI can branch on and a message for people that says
//! what to do next. Never a bare string, never a stack trace.

use serde::Serialize;

/// The codes the UI branches on: the engine's kinds of failure, one list for both.
pub use engine::ErrorKind as ErrorCode;

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
        let code = e.kind();
        // The engine's words address the terminal too; in the app, say where in the app.
        let message = match &e {
            E::MissingSecret {
                connection, what, ..
            } => format!(
                "No {what} is saved for the connection \"{connection}\". Enter it under \
                 Connections."
            ),
            E::KeychainUnavailable { what, detail, .. } => format!(
                "The {what} could not be read: this computer's keychain is locked or not \
                 running ({detail}). Unlock it (sign in to the desktop again) and try again."
            ),
            E::Busy { .. } => "Driftwatch is already taking a snapshot or reconciling (here or \
                               in a scheduled run). Wait for it to finish, then try again."
                .to_owned(),
            other => sentence(&other.to_string()),
        };
        IpcError::new(code, message)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ipc(e: engine::Error) -> IpcError {
        IpcError::from(e)
    }

    #[test]
    fn each_failure_has_its_code_and_words_for_the_app() {
        let missing = ipc(engine::Error::MissingSecret {
            connection: "erp".into(),
            what: "Client secret".into(),
            env_var: "DRIFTWATCH_ERP_CLIENT_SECRET".into(),
        });
        assert_eq!(missing.code, ErrorCode::SecretMissing);
        assert!(
            missing.message.contains("Enter it under Connections"),
            "{}",
            missing.message
        );

        let unreachable = ipc(engine::Error::Magento(magento::Error::GaveUp {
            what: "orders".into(),
            attempts: 6,
            last: "could not connect to shop.example".into(),
        }));
        assert_eq!(unreachable.code, ErrorCode::Unreachable);
        let refused = ipc(engine::Error::Magento(magento::Error::Unauthorized {
            message: "The consumer isn't authorized".into(),
            resource: "Magento_Sales::sales".into(),
        }));
        assert_eq!(refused.code, ErrorCode::CredentialsRejected);
        let tls = ipc(engine::Error::Magento(magento::Error::Tls {
            host: "shop.example".into(),
            detail: "unknown issuer".into(),
        }));
        assert_eq!(tls.code, ErrorCode::TlsFailure);
        let erp_down = ipc(engine::Error::Erp(erp::Error::GaveUp {
            erp: "Business Central",
            what: "locations".into(),
            attempts: 2,
            last: "the request timed out".into(),
        }));
        assert_eq!(erp_down.code, ErrorCode::Unreachable);
        let erp_refused = ipc(engine::Error::Erp(erp::Error::Unauthorized {
            erp: "Business Central",
            message: "AADSTS7000215".into(),
            hint: "Check the client secret".into(),
        }));
        assert_eq!(erp_refused.code, ErrorCode::CredentialsRejected);
        let broken = ipc(engine::Error::Config(
            "`connections.erp.tenant` is missing".into(),
        ));
        assert_eq!(broken.code, ErrorCode::ConfigInvalid);
        let busy = ipc(engine::Error::Busy {
            data_dir: "/tmp/dw".into(),
        });
        assert_eq!(busy.code, ErrorCode::Busy);

        for e in [
            missing,
            unreachable,
            refused,
            tls,
            erp_down,
            erp_refused,
            broken,
            busy,
        ] {
            assert!(
                !e.message.contains("driftwatch ") && !e.message.contains("--"),
                "a terminal command in an app message: {}",
                e.message
            );
        }
    }
}
