//! One request to Magento, done properly: signed, timed out, retried with
//! exponential backoff and jitter on throttling (429), gateway errors
//! (502/503/504), timeouts, dropped connections and truncated bodies, honouring
//! Retry-After; re-authenticated once on 401 for admin tokens; every other
//! error fails fast with Magento's own message, placeholders filled in.

use reqwest::{Method, StatusCode, header};
use serde::de::DeserializeOwned;
use std::sync::atomic::Ordering;

use connector::{Counters, RetryPolicy};
use std::time::Duration;
use url::Url;

use crate::auth::{Auth, Credentials, SignedHeader};
use crate::error::{Attempt, Error, Result};
use crate::wire::ErrorBody;

#[derive(Debug)]
pub(crate) struct Http {
    client: reqwest::Client,
    base: Url,
    store_code: String,
    auth: Auth,
    retry: RetryPolicy,
}

impl Http {
    pub fn new(
        client: reqwest::Client,
        base: Url,
        store_code: String,
        credentials: Credentials,
        retry: RetryPolicy,
    ) -> Self {
        Self {
            client,
            base,
            store_code,
            auth: Auth::new(credentials),
            retry,
        }
    }

    /// `/rest/{store}/V1/{path}` under the shop root.
    fn url(&self, path: &str, scoped: bool) -> Result<Url> {
        let mut url = self.base.clone();
        let prefix = url.path().trim_end_matches('/').to_owned();
        let full = if scoped {
            format!("{prefix}/rest/{}/V1/{path}", self.store_code)
        } else {
            format!("{prefix}/rest/V1/{path}")
        };
        url.set_path(&full);
        Ok(url)
    }

    /// GET a store-scoped V1 resource and decode it.
    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(String, String)],
        what: &str,
        counters: &Counters,
    ) -> Result<T> {
        let url = self.url(path, true)?;
        let mut reauthenticated = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            counters.requests.fetch_add(1, Ordering::Relaxed);
            let signed = self
                .sign(Method::GET.as_str(), &url, query, counters)
                .await?;
            let result = self.try_get(&url, query, &signed, what).await;
            match result {
                Ok(value) => return Ok(value),
                Err(Attempt::Fail(error)) => return Err(error),
                Err(Attempt::Unauthorized { message }) => {
                    if let (Some(generation), false) = (signed.admin_generation, reauthenticated) {
                        tracing::info!(what, "Magento refused the admin token; signing in again");
                        self.auth.invalidate_admin(generation).await;
                        reauthenticated = true;
                        attempt -= 1;
                        continue;
                    }
                    return Err(Error::Unauthorized {
                        message,
                        resource: what.to_owned(),
                    });
                }
                Err(Attempt::Retry { reason, after }) => {
                    // A later 401 is a new expiry, not this renewal failing.
                    reauthenticated = false;
                    if self.retry.exhausted(attempt) {
                        return Err(Error::GaveUp {
                            what: what.to_owned(),
                            attempts: attempt,
                            last: reason,
                        });
                    }
                    let wait = self.retry.wait(attempt, after);
                    tracing::debug!(what, %reason, ?wait, attempt, "retrying");
                    counters.retries.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    async fn try_get<T: DeserializeOwned>(
        &self,
        url: &Url,
        query: &[(String, String)],
        signed: &SignedHeader,
        what: &str,
    ) -> Result<T, Attempt> {
        let response = self
            .client
            .get(url.clone())
            .query(query)
            .header(header::AUTHORIZATION, &signed.value)
            .header(header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| transport_failure(&e, url))?;
        let status = response.status();
        // The path and query only: they carry no secret (signatures travel in headers).
        tracing::debug!(
            what,
            path = url.path(),
            status = status.as_u16(),
            "Magento answered"
        );
        let retry_after = retry_after(response.headers());
        let body = read_body(response).await?;
        classify::<T>(status, retry_after, &body, what)
    }

    async fn sign(
        &self,
        method: &str,
        url: &Url,
        query: &[(String, String)],
        counters: &Counters,
    ) -> Result<SignedHeader> {
        if let Some(signed) = self.auth.sign_static(method, url.as_str(), query) {
            return Ok(signed);
        }
        let mut slot = self.auth.admin_token_lock().await;
        if let Some(token) = slot.as_ref().filter(|t| t.is_fresh()) {
            return Ok(token.header());
        }
        let Credentials::Admin { username, password } = &self.auth.credentials else {
            unreachable!("only admin credentials need a login");
        };
        let token = self.admin_login(username, password, counters).await?;
        Ok(self.auth.store_admin_token(&mut slot, token).header())
    }

    /// `POST /rest/V1/integration/admin/token`: a JSON string back.
    async fn admin_login(
        &self,
        username: &str,
        password: &model::SecretString,
        counters: &Counters,
    ) -> Result<model::SecretString> {
        let url = self.url("integration/admin/token", false)?;
        let body = serde_json::json!({"username": username, "password": password.expose()});
        let what = "admin sign-in";
        let mut attempt = 0;
        loop {
            attempt += 1;
            counters.requests.fetch_add(1, Ordering::Relaxed);
            let sent = self
                .client
                .post(url.clone())
                .json(&body)
                .header(header::ACCEPT, "application/json")
                .send()
                .await;
            let result: Result<String, Attempt> = match sent {
                Err(e) => Err(transport_failure(&e, &url)),
                Ok(response) => {
                    let status = response.status();
                    tracing::debug!(
                        what,
                        path = url.path(),
                        status = status.as_u16(),
                        "Magento answered"
                    );
                    let retry_after = retry_after(response.headers());
                    match read_body(response).await {
                        Err(attempt) => Err(attempt),
                        Ok(bytes) => classify(status, retry_after, &bytes, what),
                    }
                }
            };
            match result {
                Ok(token) => {
                    tracing::info!("signed in to Magento as an admin user");
                    return Ok(model::SecretString::new(token));
                }
                Err(Attempt::Unauthorized { message }) => {
                    return Err(admin_refusal(message));
                }
                Err(Attempt::Fail(e)) => return Err(e),
                Err(Attempt::Retry { reason, after }) => {
                    if self.retry.exhausted(attempt) {
                        return Err(Error::GaveUp {
                            what: what.to_owned(),
                            attempts: attempt,
                            last: reason,
                        });
                    }
                    counters.retries.fetch_add(1, Ordering::Relaxed);
                    let wait = self.retry.wait(attempt, after);
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }
}

fn admin_refusal(message: String) -> Error {
    if message.contains("2fa") || message.contains("two-factor") {
        // The 2FA body lists providers in `parameters.active_providers`; the
        // rendered message has lost them, so name the common one.
        return Error::TwoFactorRequired {
            providers: "for example Google Authenticator".to_owned(),
        };
    }
    Error::AdminLoginRejected { message }
}

fn transport_failure(error: &reqwest::Error, url: &Url) -> Attempt {
    if let Some(detail) = certificate_problem(error) {
        return Attempt::Fail(Error::Tls {
            host: url.host_str().unwrap_or("Magento").to_owned(),
            detail,
        });
    }
    let reason = if error.is_timeout() {
        "the request timed out".to_owned()
    } else if error.is_connect() {
        format!(
            "could not connect to {}",
            url.host_str().unwrap_or("Magento")
        )
    } else {
        format!("the connection failed ({error})")
    };
    Attempt::Retry {
        reason,
        after: None,
    }
}

/// The certificate or TLS failure in an error's causes, if that is what failed.
fn certificate_problem(error: &reqwest::Error) -> Option<String> {
    let mut cause: Option<&dyn std::error::Error> = Some(error);
    while let Some(e) = cause {
        let text = e.to_string();
        let lower = text.to_ascii_lowercase();
        if lower.contains("certificate") || lower.contains("tls handshake") {
            return Some(text);
        }
        cause = e.source();
    }
    None
}

/// Turns a status and body into a value or a decision.
fn classify<T: DeserializeOwned>(
    status: StatusCode,
    retry_after: Option<Duration>,
    body: &[u8],
    what: &str,
) -> Result<T, Attempt> {
    if status.is_success() {
        return serde_json::from_slice(body).map_err(|e| Attempt::Retry {
            reason: format!(
                "{}",
                Error::Decode {
                    what: what.to_owned(),
                    detail: e.to_string()
                }
            ),
            after: None,
        });
    }
    let message = render_error_body(body);
    match status.as_u16() {
        401 => Err(Attempt::Unauthorized { message }),
        429 | 502 | 503 | 504 => Err(Attempt::Retry {
            reason: format!("Magento answered {status}: {message}"),
            after: retry_after,
        }),
        400 if message.starts_with("Maximum SearchCriteria pageSize is") => {
            let max = message
                .rsplit(' ')
                .next()
                .and_then(|n| n.trim_end_matches('.').parse().ok())
                .unwrap_or(300);
            Err(Attempt::Fail(Error::PageSizeTooLarge { max }))
        }
        code => Err(Attempt::Fail(Error::Api {
            status: code,
            what: what.to_owned(),
            message,
        })),
    }
}

/// Magento's `{message, parameters}` rendered, or the start of whatever else
/// came back (an HTML page from a proxy, say).
fn render_error_body(body: &[u8]) -> String {
    match serde_json::from_slice::<ErrorBody>(body) {
        Ok(parsed) if !parsed.message.is_empty() => parsed.render(),
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

/// A reply's body within the size cap: a broken connection is retried, an oversized
/// reply is final.
async fn read_body(response: reqwest::Response) -> Result<connector::http::Bytes, Attempt> {
    let what = response.url().path().to_owned();
    connector::http::read_body(response, connector::http::MAX_BODY_BYTES)
        .await
        .map_err(|e| match e {
            connector::http::BodyError::Broken(_) => Attempt::Retry {
                reason: e.to_string(),
                after: None,
            },
            connector::http::BodyError::TooLarge { .. } => Attempt::Fail(Error::Inconsistent {
                what,
                detail: e.to_string(),
            }),
        })
}

fn retry_after(headers: &header::HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?;
    connector::parse_retry_after(value, std::time::SystemTime::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_render_with_parameters() {
        let body = br#"{"message":"The consumer isn't authorized to access %resources.","parameters":{"resources":"Magento_Sales::actions_view"}}"#;
        assert_eq!(
            render_error_body(body),
            "The consumer isn't authorized to access Magento_Sales::actions_view."
        );
        assert_eq!(
            render_error_body(b"<html>Bad gateway</html>"),
            "<html>Bad gateway</html>"
        );
    }

    #[test]
    fn page_size_limit_is_recognised() {
        let body =
            br#"{"message":"Maximum SearchCriteria pageSize is %max","parameters":{"max":300}}"#;
        let outcome = classify::<serde_json::Value>(StatusCode::BAD_REQUEST, None, body, "orders");
        assert!(matches!(
            outcome,
            Err(Attempt::Fail(Error::PageSizeTooLarge { max: 300 }))
        ));
    }
}
