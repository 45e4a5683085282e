//! Who may call a data route: the integration token as Bearer (when enabled), an admin token
//! (JWT-looking, with a lifetime), or an OAuth 1.0a signature. Also the admin account's
//! lockout: six consecutive failures lock it for 30 minutes.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, Method, Uri, header};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::config::SimConfig;
use crate::faults::Fault;
use crate::oauth::{NonceStore, SignedRequest, verify};

/// `lockout_failures`: consecutive failures that lock the account.
const LOCKOUT_FAILURES: u32 = 6;
/// `lockout_threshold`: how long a locked account stays locked.
const LOCKOUT: Duration = Duration::from_secs(30 * 60);
/// The code the simulated Google Authenticator accepts.
pub(crate) const VALID_OTP: &str = "123456";

/// Why a token request failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenRefusal {
    /// Wrong credentials, or the account is locked: Magento says the same for both.
    SignInIncorrect,
    /// Right credentials, but 2FA is on: use the provider endpoint.
    TwoFactorRequired,
    InvalidOtp,
}

#[derive(Debug)]
struct Session {
    expires_at: Instant,
    uses: u64,
}

#[derive(Debug, Default)]
struct Account {
    failures: u32,
    locked_until: Option<Instant>,
}

#[derive(Debug, Default)]
struct Sessions {
    tokens: HashMap<String, Session>,
    accounts: HashMap<String, Account>,
}

/// Authentication state of one simulator.
#[derive(Debug)]
pub(crate) struct AuthState {
    sessions: Mutex<Sessions>,
    issued: AtomicU64,
    /// Signs the admin tokens so they look like Magento's JWTs.
    secret: [u8; 32],
    nonces: NonceStore,
}

impl AuthState {
    pub fn new(seed: u64) -> Self {
        let mut secret = [0u8; 32];
        for (i, chunk) in secret.chunks_mut(8).enumerate() {
            chunk.copy_from_slice(&(seed ^ (i as u64).wrapping_mul(0x9E37_79B9)).to_le_bytes());
        }
        AuthState {
            sessions: Mutex::new(Sessions::default()),
            issued: AtomicU64::new(0),
            secret,
            nonces: NonceStore::default(),
        }
    }

    fn sessions(&self) -> std::sync::MutexGuard<'_, Sessions> {
        self.sessions.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `POST /V1/integration/admin/token` (`otp` is `None`) and the Google provider route.
    pub fn admin_token(
        &self,
        cfg: &SimConfig,
        username: &str,
        password: &str,
        otp: Option<&str>,
        now_unix: i64,
    ) -> Result<String, TokenRefusal> {
        self.check_credentials(cfg, username, password)?;
        match otp {
            None if cfg.auth.two_factor => return Err(TokenRefusal::TwoFactorRequired),
            Some(code) if code != VALID_OTP => return Err(TokenRefusal::InvalidOtp),
            _ => {}
        }
        Ok(self.issue(cfg, now_unix))
    }

    fn check_credentials(
        &self,
        cfg: &SimConfig,
        username: &str,
        password: &str,
    ) -> Result<(), TokenRefusal> {
        let now = Instant::now();
        let mut sessions = self.sessions();
        let account = sessions.accounts.entry(username.to_string()).or_default();
        if account.locked_until.is_some_and(|until| until > now) {
            return Err(TokenRefusal::SignInIncorrect);
        }
        if username == cfg.auth.admin_username && password == cfg.auth.admin_password {
            *account = Account::default();
            return Ok(());
        }
        account.failures += 1;
        if account.failures >= LOCKOUT_FAILURES {
            account.failures = 0;
            account.locked_until = Some(now + LOCKOUT);
        }
        Err(TokenRefusal::SignInIncorrect)
    }

    /// A new token: `header.payload.signature`, base64url, unique per issue.
    fn issue(&self, cfg: &SimConfig, now_unix: i64) -> String {
        let n = self.issued.fetch_add(1, Ordering::Relaxed) + 1;
        let ttl = cfg.auth.admin_token_ttl;
        let header = B64URL.encode(br#"{"kid":"1","alg":"HS256"}"#);
        let payload = B64URL.encode(format!(
            r#"{{"uid":1,"utypid":2,"iat":{now_unix},"exp":{},"jti":{n}}}"#,
            now_unix + ttl.as_secs() as i64
        ));
        let signing_input = format!("{header}.{payload}");
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.secret)
            .expect("HMAC accepts any key length");
        mac.update(signing_input.as_bytes());
        let token = format!(
            "{signing_input}.{}",
            B64URL.encode(mac.finalize().into_bytes())
        );
        self.sessions().tokens.insert(
            token.clone(),
            Session {
                expires_at: Instant::now() + ttl,
                uses: 0,
            },
        );
        token
    }

    /// Whether the request carries valid credentials for a data route.
    pub fn authorize(
        &self,
        cfg: &SimConfig,
        method: &Method,
        uri: &Uri,
        headers: &HeaderMap,
        now_unix: i64,
    ) -> bool {
        let Some(value) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
        else {
            return false;
        };
        let (scheme, rest) = value.trim().split_once(' ').unwrap_or((value, ""));
        if scheme.eq_ignore_ascii_case("Bearer") {
            let token = rest.trim();
            if cfg.auth.bearer_enabled && token == cfg.auth.integration_token {
                return true;
            }
            return self.use_admin_token(cfg, token);
        }
        if scheme.eq_ignore_ascii_case("OAuth") {
            let host = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            let req = SignedRequest {
                method: method.as_str(),
                host,
                path: uri.path(),
                query: uri.query(),
                params: rest,
            };
            return match verify(&cfg.auth.oauth, req, &self.nonces, now_unix) {
                Ok(()) => true,
                Err(why) => {
                    tracing::debug!(?why, "OAuth request refused");
                    false
                }
            };
        }
        false
    }

    /// Counts one authorized use of an admin token; false when unknown, expired or used up.
    fn use_admin_token(&self, cfg: &SimConfig, token: &str) -> bool {
        let limit = cfg.faults.iter().find_map(|f| match f {
            Fault::AdminTokenExpiry { after_requests } => Some(*after_requests),
            _ => None,
        });
        let mut sessions = self.sessions();
        let Some(session) = sessions.tokens.get_mut(token) else {
            return false;
        };
        if session.expires_at <= Instant::now() || limit.is_some_and(|n| session.uses >= n) {
            return false;
        }
        session.uses += 1;
        true
    }
}
