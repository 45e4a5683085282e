//! The HTTP client policy every connector uses: time limits, addresses that must be https
//! (plain http only on this computer, for simulators and tunnels), redirects followed only
//! within the origin that was asked (credentials never travel to another site), and a cap
//! on the size of a reply (a broken or hostile server cannot fill the memory).

use std::time::Duration;

pub use bytes::Bytes;
use url::{Host, Url};

/// How long to wait for a connection to open.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// The largest reply read: far above any page Driftwatch asks for (a Business Central page
/// of 20,000 orders with their lines is about 40 MB).
pub const MAX_BODY_BYTES: usize = 128 * 1024 * 1024;

/// Redirects followed within one origin before giving up.
const MAX_REDIRECTS: usize = 5;

/// A client builder with the policy: `timeout` for a whole request, [`CONNECT_TIMEOUT`],
/// same-origin redirects only, Driftwatch's user agent. Callers add what is theirs (a
/// private CA, pool sizes) and build.
pub fn client_builder(timeout: Duration) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(CONNECT_TIMEOUT)
        .redirect(reqwest::redirect::Policy::custom(same_origin_redirects))
        .user_agent(concat!("Driftwatch/", env!("CARGO_PKG_VERSION")))
}

fn same_origin_redirects(attempt: reqwest::redirect::Attempt<'_>) -> reqwest::redirect::Action {
    let Some(first) = attempt.previous().first() else {
        return attempt.stop();
    };
    if attempt.url().origin() != first.origin() {
        let message = format!(
            "the server sent Driftwatch on to another site ({}); it was not followed, so the \
             sign-in was not sent there",
            attempt.url().origin().ascii_serialization()
        );
        return attempt.error(message);
    }
    if attempt.previous().len() > MAX_REDIRECTS {
        return attempt.error(format!("more than {MAX_REDIRECTS} redirects"));
    }
    attempt.follow()
}

/// Whether `url` may carry credentials: https, or plain http to this computer.
pub fn require_secure(url: &Url) -> Result<(), String> {
    let loopback = match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => return Err(format!("`{url}` has no host")),
    };
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        "http" => Err(format!(
            "`{url}` must start with https:// (plain http:// only reaches this computer: \
             localhost or 127.0.0.1), or secrets would cross the network unencrypted"
        )),
        _ => Err(format!("`{url}` must start with https://")),
    }
}

/// Why a reply's body could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    /// The connection broke mid-reply: worth another attempt.
    #[error("the connection broke while reading the reply ({0})")]
    Broken(reqwest::Error),
    /// Final: asking again brings the same.
    #[error("the reply is larger than {limit} bytes, more than any page Driftwatch asks for")]
    TooLarge { limit: usize },
}

/// The body of `response`, refused past `limit` bytes (by its stated length before reading,
/// or as it arrives).
pub async fn read_body(mut response: reqwest::Response, limit: usize) -> Result<Bytes, BodyError> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(BodyError::TooLarge { limit });
    }
    let mut body = bytes::BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Broken)? {
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_go_over_https_or_stay_on_this_computer() {
        for ok in [
            "https://shop.example.com",
            "http://127.0.0.1:8080/rest",
            "http://localhost:3000",
            "http://[::1]:9000",
        ] {
            assert_eq!(require_secure(&Url::parse(ok).unwrap()), Ok(()), "{ok}");
        }
        for refused in [
            "http://shop.example.com",
            "http://10.0.0.5",
            "ftp://shop.example.com",
        ] {
            let err = require_secure(&Url::parse(refused).unwrap()).unwrap_err();
            assert!(err.contains("https://"), "{refused}: {err}");
        }
    }
}
