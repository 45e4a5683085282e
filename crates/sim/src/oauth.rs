//! OAuth 1.0a request verification, as Magento checks an integration's signed requests:
//! HMAC-SHA256 (or HMAC-SHA1) over `METHOD&enc(url without query)&enc(sorted params)`, keyed
//! with `enc(consumer_secret)&enc(token_secret)`, with single-use nonces and no timestamp more
//! than 10 minutes ahead.

use std::collections::HashSet;
use std::sync::Mutex;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use crate::config::OAuthCredentials;
use crate::search::query_pairs;

/// RFC 3986 unreserved characters stay; everything else is `%XX`.
const RFC3986: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Magento's `TIME_DEVIATION`: how far in the future a timestamp may be.
const MAX_CLOCK_AHEAD_SECS: i64 = 600;

fn enc(s: &str) -> String {
    utf8_percent_encode(s, RFC3986).to_string()
}

/// Nonces already used, per consumer.
#[derive(Debug, Default)]
pub(crate) struct NonceStore {
    seen: Mutex<HashSet<(String, String)>>,
}

impl NonceStore {
    /// Records the nonce; false when it was used before.
    fn claim(&self, consumer: &str, nonce: &str) -> bool {
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert((consumer.to_string(), nonce.to_string()))
    }
}

/// The parts of a request a signature covers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SignedRequest<'a> {
    pub method: &'a str,
    /// The `Host` header (with port).
    pub host: &'a str,
    /// The path as sent, still percent-encoded.
    pub path: &'a str,
    pub query: Option<&'a str>,
    /// The `Authorization` header after `OAuth `.
    pub params: &'a str,
}

/// Why a request was refused (all end as the same 401; kept for logs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rejection {
    MissingParameter,
    UnsupportedVersion,
    UnsupportedMethod,
    UnknownConsumer,
    UnknownToken,
    BadTimestamp,
    NonceReused,
    BadSignature,
}

/// The `oauth_*` parameters of an `Authorization: OAuth ...` header, decoded.
fn header_params(raw: &str) -> Vec<(String, String)> {
    raw.split(',')
        .filter_map(|part| {
            let (k, v) = part.trim().split_once('=')?;
            let v = v.trim().trim_matches('"');
            Some((
                percent_decode_str(k.trim())
                    .decode_utf8_lossy()
                    .into_owned(),
                percent_decode_str(v).decode_utf8_lossy().into_owned(),
            ))
        })
        .filter(|(k, _)| k != "realm")
        .collect()
}

/// The signature base string of a request (RFC 5849 section 3.4.1).
pub(crate) fn base_string(
    method: &str,
    url: &str,
    oauth: &[(String, String)],
    query: &[(String, String)],
) -> String {
    let mut params: Vec<(String, String)> = oauth
        .iter()
        .filter(|(k, _)| k != "oauth_signature")
        .chain(query)
        .map(|(k, v)| (enc(k), enc(v)))
        .collect();
    params.sort();
    let joined = params
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    format!(
        "{}&{}&{}",
        method.to_ascii_uppercase(),
        enc(url),
        enc(&joined)
    )
}

/// The base URL of the request as the client saw it: scheme, host (default port dropped)
/// and path.
fn base_url(host: &str, path: &str) -> String {
    let host = host.to_ascii_lowercase();
    let host = host.strip_suffix(":80").unwrap_or(&host);
    format!("http://{host}{path}")
}

/// Checks `given` against the MAC of `base` in constant time.
fn mac_matches<M: Mac + KeyInit>(key: &[u8], base: &[u8], given: &[u8]) -> bool {
    let Ok(mut mac) = <M as Mac>::new_from_slice(key) else {
        return false;
    };
    mac.update(base);
    mac.verify_slice(given).is_ok()
}

fn signature_matches(method: &str, key: &[u8], base: &[u8], given: &[u8]) -> bool {
    match method {
        "HMAC-SHA256" => mac_matches::<Hmac<sha2::Sha256>>(key, base, given),
        "HMAC-SHA1" => mac_matches::<Hmac<sha1::Sha1>>(key, base, given),
        _ => false,
    }
}

/// Verifies a signed request against the integration's credentials.
pub(crate) fn verify(
    creds: &OAuthCredentials,
    req: SignedRequest<'_>,
    nonces: &NonceStore,
    now_unix: i64,
) -> Result<(), Rejection> {
    let params = header_params(req.params);
    let get = |k: &str| {
        params
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let need = |k: &str| get(k).ok_or(Rejection::MissingParameter);
    let consumer = need("oauth_consumer_key")?;
    let token = need("oauth_token")?;
    let method = need("oauth_signature_method")?;
    let provided = need("oauth_signature")?;
    let nonce = need("oauth_nonce")?;
    let timestamp = need("oauth_timestamp")?;
    if get("oauth_version").is_some_and(|v| v != "1.0") {
        return Err(Rejection::UnsupportedVersion);
    }
    if !matches!(method, "HMAC-SHA256" | "HMAC-SHA1") {
        return Err(Rejection::UnsupportedMethod);
    }
    if consumer != creds.consumer_key {
        return Err(Rejection::UnknownConsumer);
    }
    if token != creds.access_token {
        return Err(Rejection::UnknownToken);
    }
    match timestamp.parse::<i64>() {
        Ok(t) if t > 0 && t <= now_unix + MAX_CLOCK_AHEAD_SECS => {}
        _ => return Err(Rejection::BadTimestamp),
    }
    // Magento stores the nonce before it checks the signature.
    if !nonces.claim(consumer, nonce) {
        return Err(Rejection::NonceReused);
    }
    let query = req.query.map(query_pairs).unwrap_or_default();
    let base = base_string(req.method, &base_url(req.host, req.path), &params, &query);
    let key = format!(
        "{}&{}",
        enc(&creds.consumer_secret),
        enc(&creds.token_secret)
    );
    let given = BASE64
        .decode(provided.trim())
        .map_err(|_| Rejection::BadSignature)?;
    if signature_matches(method, key.as_bytes(), base.as_bytes(), &given) {
        Ok(())
    } else {
        Err(Rejection::BadSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Modelled on RFC 5849 section 3.4.1.1's example (query parameters only: JSON bodies
    /// are not signed).
    #[test]
    fn base_string_sorts_and_encodes() {
        let oauth = vec![
            (
                "oauth_consumer_key".to_string(),
                "9djdj82h48djs9d2".to_string(),
            ),
            ("oauth_token".to_string(), "kkk9d7dh3k39sjv7".to_string()),
            (
                "oauth_signature_method".to_string(),
                "HMAC-SHA1".to_string(),
            ),
            ("oauth_timestamp".to_string(), "137131201".to_string()),
            ("oauth_nonce".to_string(), "7d8f3e4a".to_string()),
            ("oauth_signature".to_string(), "ignored".to_string()),
        ];
        let query = query_pairs("b5=%3D%253D&a3=a&c%40=&a2=r%20b");
        let base = base_string("post", "http://example.com/request", &oauth, &query);
        assert_eq!(
            base,
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3Da%26b5%3D%253D%25253D\
             %26c%2540%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a\
             %26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201\
             %26oauth_token%3Dkkk9d7dh3k39sjv7"
        );
    }

    /// RFC 2202 test case 2 for HMAC-SHA1 and RFC 4231 test case 2 for HMAC-SHA256.
    #[test]
    fn hmac_vectors() {
        let unhex = |h: &str| {
            (0..h.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
                .collect::<Vec<u8>>()
        };
        let msg = b"what do ya want for nothing?";
        let sha1 = unhex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
        assert!(signature_matches("HMAC-SHA1", b"Jefe", msg, &sha1));
        let sha256 = unhex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assert!(signature_matches("HMAC-SHA256", b"Jefe", msg, &sha256));
        assert!(!signature_matches(
            "HMAC-SHA256",
            b"Jefe",
            b"other",
            &sha256
        ));
        assert!(!signature_matches("PLAINTEXT", b"Jefe", msg, &sha256));
    }
}
