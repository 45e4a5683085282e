//! Talking to Business Central: an OAuth2 client-credentials token cached and
//! renewed before it expires (and when a token that worked is refused); at most 5 requests in flight
//! per connection (BC's per-user limit, beyond which it answers 429); 429
//! backed off by ourselves (BC promises no Retry-After), 502/503 honouring
//! Retry-After, 408/504 and broken connections retried; every other error
//! fails fast with BC's message, which carries its CorrelationId.

use model::SecretString;
use reqwest::{Method, StatusCode, header};
use serde::de::DeserializeOwned;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, Semaphore};
use url::Url;

use crate::wire::{ErrorEnvelope, TokenError, TokenResponse};
use ::connector::RetryPolicy;
use ::connector::http::{BodyError, MAX_BODY_BYTES};
use erp::Error;

const ERP: &str = "Business Central";

/// BC allows 5 concurrent requests per user before queueing and then 429.
pub(crate) const MAX_IN_FLIGHT: usize = 5;

/// Renew this long before the token's stated expiry.
const EXPIRY_MARGIN: Duration = Duration::from_secs(120);

#[derive(Debug)]
struct Token {
    value: SecretString,
    generation: u64,
    renew_at: Instant,
}

#[derive(Debug)]
pub(crate) struct Http {
    client: reqwest::Client,
    token_url: String,
    scope: String,
    client_id: String,
    client_secret: SecretString,
    retry: RetryPolicy,
    token: Mutex<Option<Token>>,
    /// Entra's refusal of the client credentials: asking again with the same
    /// secret cannot succeed, so every later request gets this answer.
    refusal: std::sync::Mutex<Option<Error>>,
    generations: std::sync::atomic::AtomicU64,
    /// The newest token generation that got a successful answer.
    worked: std::sync::atomic::AtomicU64,
    gate: Semaphore,
}

/// Hooks for counting work (a read's counters, or nothing).
pub(crate) trait Tally: Sync {
    fn request(&self) {}
    fn retry(&self) {}
}

pub(crate) struct NoTally;
impl Tally for NoTally {}

impl<T: Send> Tally for erp::ReadSender<T> {
    fn request(&self) {
        self.count_request();
    }
    fn retry(&self) {
        self.count_retry();
    }
}

enum Outcome<T> {
    Done(T),
    Retry {
        reason: String,
        after: Option<Duration>,
    },
    Unauthorized(String),
    Fail(Error),
}

impl Http {
    pub fn new(
        client: reqwest::Client,
        token_url: String,
        scope: String,
        client_id: String,
        client_secret: SecretString,
        retry: RetryPolicy,
    ) -> Self {
        Self {
            client,
            token_url,
            scope,
            client_id,
            client_secret,
            retry,
            token: Mutex::new(None),
            refusal: std::sync::Mutex::new(None),
            generations: std::sync::atomic::AtomicU64::new(0),
            worked: std::sync::atomic::AtomicU64::new(0),
            gate: Semaphore::new(MAX_IN_FLIGHT),
        }
    }

    pub async fn get<T: DeserializeOwned>(
        &self,
        url: &Url,
        page_size: Option<u32>,
        what: &str,
        tally: &dyn Tally,
    ) -> erp::Result<T> {
        self.send(Method::GET, url, None, page_size, what, tally)
            .await
    }

    pub async fn post<T: DeserializeOwned>(
        &self,
        url: &Url,
        body: &serde_json::Value,
        what: &str,
    ) -> erp::Result<T> {
        self.send(Method::POST, url, Some(body), None, what, &NoTally)
            .await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        url: &Url,
        body: Option<&serde_json::Value>,
        page_size: Option<u32>,
        what: &str,
        tally: &dyn Tally,
    ) -> erp::Result<T> {
        // A POST that failed on the way back may have been carried out:
        // never resend it blindly (the caller looks before trying again).
        let max_attempts = if method == Method::POST {
            1
        } else {
            self.retry.max_attempts
        };
        let mut attempt = 0;
        let mut first_refusal = true;
        loop {
            attempt += 1;
            let (token, generation) = self.token(tally).await?;
            tally.request();
            let outcome = {
                let _permit = self.gate.acquire().await.expect("gate never closes");
                let mut request = self
                    .client
                    .request(method.clone(), url.clone())
                    .bearer_auth(token.expose())
                    .header(header::ACCEPT, "application/json");
                if let Some(size) = page_size {
                    request = request.header("Prefer", format!("odata.maxpagesize={size}"));
                }
                if let Some(body) = body {
                    request = request.json(body);
                }
                attempt_once(request, &self.worked, generation).await
            };
            match outcome {
                Outcome::Done(value) => return Ok(value),
                Outcome::Fail(error) => return Err(error),
                // A token that worked before and is refused now has expired:
                // renew it. One refused on its first use means the app lacks
                // access, which no new token fixes.
                Outcome::Unauthorized(_)
                    if self.worked.load(Ordering::Relaxed) >= generation || first_refusal =>
                {
                    // (The first refusal always gets a new token: with many
                    // requests in flight the success of others may not be
                    // recorded yet.)
                    first_refusal = false;
                    tracing::info!(what, "Business Central refused the token; renewing it");
                    self.forget_token(generation).await;
                    attempt -= 1;
                }
                Outcome::Unauthorized(message) => {
                    return Err(Error::Unauthorized {
                        erp: ERP,
                        message,
                        hint: "Check that the app registration is added in Business Central \
                               (Microsoft Entra Applications page) with permissions to read \
                               sales documents, items and locations, and that the environment \
                               and company in the configuration exist"
                            .to_owned(),
                    });
                }
                Outcome::Retry { reason, after } => {
                    if attempt >= max_attempts {
                        return Err(Error::GaveUp {
                            erp: ERP,
                            what: what.to_owned(),
                            attempts: attempt,
                            last: reason,
                        });
                    }
                    tally.retry();
                    let wait = self.retry.wait(attempt, after);
                    tracing::debug!(what, %reason, ?wait, "retrying");
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    /// How long to wait before attempt `attempt + 1` of something the caller retries itself.
    pub fn backoff(&self, attempt: u32) -> Duration {
        self.retry.backoff(attempt)
    }

    pub fn max_attempts(&self) -> u32 {
        self.retry.max_attempts
    }

    /// The cached token, or a new one (one login at a time).
    async fn token(&self, tally: &dyn Tally) -> erp::Result<(SecretString, u64)> {
        let mut slot = self.token.lock().await;
        if let Some(token) = slot.as_ref().filter(|t| Instant::now() < t.renew_at) {
            return Ok((token.value.clone(), token.generation));
        }
        if let Some(refusal) = self.refusal.lock().expect("refusal lock").clone() {
            return Err(refusal);
        }
        let fresh = match self.fetch_token(tally).await {
            Ok(fresh) => fresh,
            Err(error) => {
                if matches!(error, Error::Unauthorized { .. }) {
                    *self.refusal.lock().expect("refusal lock") = Some(error.clone());
                }
                return Err(error);
            }
        };
        let generation = self
            .generations
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        let lifetime = Duration::from_secs(fresh.expires_in.unwrap_or(3599));
        let value = SecretString::new(fresh.access_token);
        *slot = Some(Token {
            value: value.clone(),
            generation,
            renew_at: Instant::now() + lifetime.saturating_sub(EXPIRY_MARGIN),
        });
        Ok((value, generation))
    }

    async fn forget_token(&self, generation: u64) {
        let mut slot = self.token.lock().await;
        if slot.as_ref().is_some_and(|t| t.generation == generation) {
            *slot = None;
        }
    }

    async fn fetch_token(&self, tally: &dyn Tally) -> erp::Result<TokenResponse> {
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose()),
            ("scope", self.scope.as_str()),
        ];
        let mut attempt = 0;
        loop {
            attempt += 1;
            tally.request();
            let sent = self.client.post(&self.token_url).form(&form).send().await;
            let (status, retry_after, bytes) = match sent {
                Err(e) => (None, None, Err(e.to_string())),
                Ok(response) => {
                    let status = response.status();
                    let after = retry_after(response.headers());
                    let body = ::connector::http::read_body(response, MAX_BODY_BYTES).await;
                    (Some(status), after, body.map_err(|e| e.to_string()))
                }
            };
            let reason = match (status, bytes) {
                (Some(status), Ok(bytes)) if status.is_success() => {
                    return serde_json::from_slice(&bytes).map_err(|e| Error::Api {
                        erp: ERP,
                        status: status.as_u16(),
                        what: "sign-in".to_owned(),
                        message: format!("the token reply is not understood ({e})"),
                    });
                }
                (Some(status), Ok(bytes))
                    if status.is_client_error() && status != StatusCode::TOO_MANY_REQUESTS =>
                {
                    return Err(token_refusal(&bytes));
                }
                (Some(status), _) => format!("the sign-in service answered {status}"),
                (None, Err(e)) => format!("cannot reach the sign-in service ({e})"),
                (None, Ok(_)) => unreachable!("no status without a response"),
            };
            if self.retry.exhausted(attempt) {
                return Err(Error::GaveUp {
                    erp: ERP,
                    what: "sign-in".to_owned(),
                    attempts: attempt,
                    last: reason,
                });
            }
            tally.retry();
            tokio::time::sleep(self.retry.wait(attempt, retry_after)).await;
        }
    }
}

/// Entra's refusal, with what to do about the common ones.
fn token_refusal(body: &[u8]) -> Error {
    let parsed: TokenError = serde_json::from_slice(body).unwrap_or(TokenError {
        error: "unknown".to_owned(),
        error_description: String::from_utf8_lossy(body).chars().take(200).collect(),
    });
    let first_line = parsed
        .error_description
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end_matches('.')
        .to_owned();
    let hint = match parsed.error.as_str() {
        "invalid_client" => {
            "The client secret is wrong or expired: create a new one under \
                             App registrations > Certificates & secrets in Microsoft Entra and \
                             store it again"
        }
        "invalid_scope" => "The scope must be https://api.businesscentral.dynamics.com/.default",
        "unauthorized_client" | "invalid_request" => {
            "Check the tenant id and the application (client) id in the configuration"
        }
        _ => "Check the tenant, client id and secret in the configuration",
    };
    Error::Unauthorized {
        erp: ERP,
        message: format!("{}: {first_line}", parsed.error),
        hint: hint.to_owned(),
    }
}

/// One request. `worked` learns that the token was accepted as soon as the
/// status says so (before a large body is read), so concurrent requests can
/// tell an expired token from a refused one.
async fn attempt_once<T: DeserializeOwned>(
    request: reqwest::RequestBuilder,
    worked: &std::sync::atomic::AtomicU64,
    generation: u64,
) -> Outcome<T> {
    let response = match request.send().await {
        Ok(response) => response,
        Err(e) => {
            let reason = if e.is_timeout() {
                "the request timed out".to_owned()
            } else {
                format!("the connection failed ({e})")
            };
            return Outcome::Retry {
                reason,
                after: None,
            };
        }
    };
    let status = response.status();
    // The path only: queries and tokens stay out of logs.
    tracing::debug!(
        path = response.url().path(),
        status = status.as_u16(),
        "Business Central answered"
    );
    if status != StatusCode::UNAUTHORIZED {
        worked.fetch_max(generation, Ordering::Relaxed);
    }
    let after = retry_after(response.headers());
    let what = response.url().path().to_owned();
    let bytes = match ::connector::http::read_body(response, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(e @ BodyError::Broken(_)) => {
            return Outcome::Retry {
                reason: e.to_string(),
                after: None,
            };
        }
        Err(e @ BodyError::TooLarge { .. }) => {
            return Outcome::Fail(Error::Inconsistent {
                what,
                detail: e.to_string(),
            });
        }
    };
    if status.is_success() {
        return match serde_json::from_slice(&bytes) {
            Ok(value) => Outcome::Done(value),
            Err(e) => Outcome::Retry {
                reason: format!("Business Central sent a reply that is not valid JSON ({e})"),
                after: None,
            },
        };
    }
    let message = render_error(&bytes);
    match status.as_u16() {
        401 => Outcome::Unauthorized(message),
        // BC promises no Retry-After on 429: back off ourselves (but honour one if sent).
        429 | 502 | 503 | 408 | 504 => Outcome::Retry {
            reason: format!("Business Central answered {status}: {message}"),
            after,
        },
        code => Outcome::Fail(Error::Api {
            erp: ERP,
            status: code,
            what: String::new(),
            message,
        }),
    }
}

/// `code: message (CorrelationId ...)`, or the start of whatever came back.
fn render_error(body: &[u8]) -> String {
    match serde_json::from_slice::<ErrorEnvelope>(body) {
        Ok(envelope) if !envelope.error.message.is_empty() || !envelope.error.code.is_empty() => {
            format!("{}: {}", envelope.error.code, envelope.error.message)
        }
        _ => {
            let text = String::from_utf8_lossy(body);
            let text = text.trim();
            if text.is_empty() {
                "no details given".to_owned()
            } else {
                text.chars().take(200).collect()
            }
        }
    }
}

fn retry_after(headers: &header::HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?;
    connector::parse_retry_after(value, std::time::SystemTime::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bc_errors_keep_their_correlation_id() {
        let body = br#"{"error":{"code":"BadRequest_NotFound","message":"Bad Request - Error in query syntax.  CorrelationId:  2f4a."}}"#;
        let text = render_error(body);
        assert!(text.starts_with("BadRequest_NotFound:"), "{text}");
        assert!(text.contains("CorrelationId"), "{text}");
    }

    #[test]
    fn token_refusals_say_what_to_fix() {
        let body = br#"{"error":"invalid_scope","error_description":"AADSTS70011: The provided value for the input parameter 'scope' is not valid.\r\nTrace ID: x"}"#;
        let message = token_refusal(body).to_string();
        assert!(message.contains("AADSTS70011"), "{message}");
        assert!(message.contains(".default"), "{message}");
        assert!(!message.contains("Trace ID"), "{message}");
    }
}
