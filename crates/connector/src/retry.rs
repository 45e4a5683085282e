//! One retry policy for every client: how many attempts, exponential backoff with jitter,
//! and the server's `Retry-After` honoured up to a cap (a proxy asking for an hour would
//! otherwise stall a daily run).
//!
//! A policy, not a retry loop: each client's loop has outcomes of its own around an attempt
//! (a 401 that renews a token, a page size Magento refuses), which is why `backon`'s
//! loop-owning `retry` combinator was not adopted for 20 lines of arithmetic.

use std::time::{Duration, SystemTime};

/// How hard to try before giving up on one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// Retry-After values above this are capped.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 6,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// Jittered exponential backoff after failed attempt `attempt` (1-based): a random
    /// wait in [d/2, d], where d doubles from `base_delay` up to `max_delay`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        let ceiling = exp.min(self.max_delay);
        let half = ceiling / 2;
        half + half.mul_f64(fastrand::f64())
    }

    /// The wait before the attempt after `attempt`: the server's Retry-After (capped) when
    /// it sent one, else [`RetryPolicy::backoff`].
    pub fn wait(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        match retry_after {
            Some(after) => after.min(self.max_retry_after),
            None => self.backoff(attempt),
        }
    }

    /// Whether `attempt` (1-based) was the last one allowed.
    pub fn exhausted(&self, attempt: u32) -> bool {
        attempt >= self.max_attempts
    }
}

/// A `Retry-After` header value: delay-seconds or an HTTP date (RFC 9110 10.2.3); a date
/// already past is no wait. `None` when it is neither.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        let policy = RetryPolicy {
            base_delay: Duration::from_millis(250),
            ..RetryPolicy::default()
        };
        for _ in 0..50 {
            let first = policy.backoff(1);
            assert!(first >= Duration::from_millis(125) && first <= Duration::from_millis(250));
            assert!(policy.backoff(3) >= Duration::from_millis(500));
            assert!(policy.backoff(30) <= policy.max_delay);
        }
        assert!(!policy.exhausted(5));
        assert!(policy.exhausted(6));
    }

    #[test]
    fn retry_after_wins_but_is_capped() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.wait(1, Some(Duration::from_secs(7))),
            Duration::from_secs(7)
        );
        assert_eq!(
            policy.wait(1, Some(Duration::from_secs(3600))),
            policy.max_retry_after
        );
        assert!(policy.wait(1, None) <= policy.base_delay);
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = httpdate::parse_http_date("Mon, 07 Dec 2026 12:00:00 GMT").unwrap();
        assert_eq!(
            parse_retry_after(" 12 ", now),
            Some(Duration::from_secs(12))
        );
        assert_eq!(
            parse_retry_after("Mon, 07 Dec 2026 12:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Mon, 07 Dec 2026 11:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
    }
}
