//! Signing requests in: integration token (Bearer), admin token (user name +
//! password exchanged for a token, renewed when it expires) or OAuth 1.0a.

use model::SecretString;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::Mutex;

use connector::oauth1::{self, OAuth1Credentials};

/// How the client proves who it is. Secrets stay wrapped until the header is built.
#[derive(Debug, Clone)]
pub enum Credentials {
    IntegrationToken(SecretString),
    Admin {
        username: String,
        password: SecretString,
    },
    OAuth1(OAuth1Credentials),
}

/// An admin token and when it stops working (from the JWT `exp` claim when
/// Magento issues JWTs, 2.4.4 and later).
#[derive(Debug, Clone)]
pub(crate) struct AdminToken {
    pub token: SecretString,
    pub generation: u64,
    pub expires_at: Option<SystemTime>,
}

/// Renew this long before the token's own expiry so a page in flight does not
/// carry a token that dies on the way.
const EXPIRY_MARGIN: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub(crate) struct Auth {
    pub credentials: Credentials,
    admin_token: Mutex<Option<AdminToken>>,
    generations: std::sync::atomic::AtomicU64,
}

/// The header to send and, for admin tokens, which token it was (so a 401 only
/// invalidates that one and concurrent pages do not all renew).
#[derive(Debug)]
pub(crate) struct SignedHeader {
    pub value: String,
    pub admin_generation: Option<u64>,
}

impl Auth {
    pub fn new(credentials: Credentials) -> Self {
        Self {
            credentials,
            admin_token: Mutex::new(None),
            generations: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// The current admin token if it is still good, else `None` (the caller
    /// then logs in, holding the returned guard so only one login happens).
    pub async fn admin_token_lock(&self) -> tokio::sync::MutexGuard<'_, Option<AdminToken>> {
        self.admin_token.lock().await
    }

    pub fn store_admin_token(
        &self,
        slot: &mut Option<AdminToken>,
        token: SecretString,
    ) -> AdminToken {
        let generation = self
            .generations
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        let expires_at = jwt_expiry(token.expose());
        let fresh = AdminToken {
            token,
            generation,
            expires_at,
        };
        *slot = Some(fresh.clone());
        fresh
    }

    /// Forgets the admin token that was refused, unless it was already replaced.
    pub async fn invalidate_admin(&self, generation: u64) {
        let mut slot = self.admin_token.lock().await;
        if slot.as_ref().is_some_and(|t| t.generation == generation) {
            *slot = None;
        }
    }

    pub fn sign_static(
        &self,
        method: &str,
        url_without_query: &str,
        query: &[(String, String)],
    ) -> Option<SignedHeader> {
        match &self.credentials {
            Credentials::IntegrationToken(token) => Some(SignedHeader {
                value: format!("Bearer {}", token.expose()),
                admin_generation: None,
            }),
            Credentials::OAuth1(creds) => {
                let timestamp = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or_default();
                Some(SignedHeader {
                    value: oauth1::authorization_header(
                        creds,
                        None,
                        method,
                        url_without_query,
                        query,
                        timestamp,
                        &oauth1::new_nonce(),
                    ),
                    admin_generation: None,
                })
            }
            Credentials::Admin { .. } => None,
        }
    }
}

impl AdminToken {
    pub fn is_fresh(&self) -> bool {
        self.expires_at
            .is_none_or(|at| SystemTime::now() + EXPIRY_MARGIN < at)
    }

    pub fn header(&self) -> SignedHeader {
        SignedHeader {
            value: format!("Bearer {}", self.token.expose()),
            admin_generation: Some(self.generation),
        }
    }
}

/// Reads `exp` from a JWT's payload without verifying it (we only need to
/// know when to renew; Magento verifies). Opaque pre-2.4.4 tokens give `None`.
fn jwt_expiry(token: &str) -> Option<SystemTime> {
    use base64::Engine;
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let exp = claims.get("exp")?.as_u64()?;
    Some(UNIX_EPOCH + Duration::from_secs(exp))
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    #[test]
    fn jwt_expiry_is_read_and_opaque_tokens_never_expire() {
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(br#"{"uid":1,"utypid":2,"iat":1700000000,"exp":1700003600}"#);
        let token = format!("eyJhbGciOiJIUzI1NiJ9.{payload}.sig");
        assert_eq!(
            jwt_expiry(&token),
            Some(UNIX_EPOCH + Duration::from_secs(1_700_003_600))
        );
        assert_eq!(jwt_expiry("5r8cvmpr11j6gmau8990rcj2qk7unh8i"), None);
    }
}
