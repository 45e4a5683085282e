//! Injected misbehaviour: what a proxy, a busy server or a store changing under a reader does
//! to a client. Every fault is counter-based, never random, so a test knows which request
//! fails.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// One fault to inject. The CLI spelling of each variant is in its doc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// `429:every=N[,retry-after=S]`: every Nth data request answers 429 with `Retry-After: S`.
    RateLimit { every: u64, retry_after_secs: u64 },
    /// `503:every=N`: every Nth data request answers 503 with `Retry-After: 1` and an HTML body.
    Unavailable { every: u64 },
    /// `slow:ms=N`: every list request waits N ms before answering.
    SlowPages { latency: Duration },
    /// `drop:every=N`: every Nth list request starts a 200 and breaks the connection mid-body.
    DropConnection { every: u64 },
    /// `malformed:orders@ID`: every orders page holding this entity id is truncated JSON.
    MalformedOrders { entity_id: u64 },
    /// `insert:orders=N`: after the first orders page is served, N new orders appear above the
    /// current maximum id.
    InsertDuringRead { orders: u64 },
    /// `update:orders=N`: after the first orders page is served, N orders spread over the id
    /// range (see [`updated_order_ids`]) change status and get `updated_at` = now.
    UpdateDuringRead { orders: u64 },
    /// `token-expiry:requests=N`: an admin token stops working after N authorized requests.
    AdminTokenExpiry { after_requests: u64 },
}

/// The spellings [`Fault::from_str`] accepts, for error messages and `--help`.
pub const FAULT_SPELLINGS: &str = "429:every=N[,retry-after=S], 503:every=N, slow:ms=N, \
     drop:every=N, malformed:orders@ID, insert:orders=N, update:orders=N, \
     token-expiry:requests=N";

/// The ids `UpdateDuringRead { orders: n }` changes in a store of `orders` orders: spread
/// evenly over the range, the middle of each of `n` equal slices.
pub fn updated_order_ids(orders: u64, n: u64) -> impl Iterator<Item = u64> {
    let n = n.min(orders);
    // Rounded centres of the slices: distinct, and within 1..=orders.
    (0..n).map(move |i| {
        let centre = ((2 * i + 1) as u128 * orders as u128 + n as u128) / (2 * n as u128);
        centre as u64
    })
}

/// Why a fault spelling was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseFaultError {
    input: String,
    reason: String,
}

impl fmt::Display for ParseFaultError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid fault {:?}: {}; accepted forms: {FAULT_SPELLINGS}",
            self.input, self.reason
        )
    }
}

impl std::error::Error for ParseFaultError {}

impl FromStr for Fault {
    type Err = ParseFaultError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let err = |reason: &str| ParseFaultError {
            input: input.to_string(),
            reason: reason.to_string(),
        };
        let s = input.trim();
        let (kind, args) = s.split_once(':').ok_or_else(|| err("expected KIND:ARGS"))?;
        let kind = kind.trim().to_ascii_lowercase();
        if kind == "malformed" {
            let id = args
                .trim()
                .strip_prefix("orders@")
                .ok_or_else(|| err("expected malformed:orders@ID"))?;
            let entity_id = parse_count(id).ok_or_else(|| err("ID must be a positive integer"))?;
            return Ok(Fault::MalformedOrders { entity_id });
        }
        let mut pairs = Vec::new();
        for part in args.split(',') {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| err("arguments are KEY=VALUE, separated by commas"))?;
            let v = parse_count(v).ok_or_else(|| err("values must be positive integers"))?;
            pairs.push((k.trim().to_ascii_lowercase(), v));
        }
        let take = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
        let only = |allowed: &[&str]| {
            pairs
                .iter()
                .all(|(k, _)| allowed.contains(&k.as_str()))
                .then_some(())
                .ok_or_else(|| err(&format!("{kind} takes {}", allowed.join(", "))))
        };
        let required = |key: &str| take(key).ok_or_else(|| err(&format!("{kind} needs {key}=N")));
        match kind.as_str() {
            "429" => {
                only(&["every", "retry-after"])?;
                Ok(Fault::RateLimit {
                    every: required("every")?,
                    retry_after_secs: take("retry-after").unwrap_or(1),
                })
            }
            "503" => {
                only(&["every"])?;
                Ok(Fault::Unavailable {
                    every: required("every")?,
                })
            }
            "slow" => {
                only(&["ms"])?;
                Ok(Fault::SlowPages {
                    latency: Duration::from_millis(required("ms")?),
                })
            }
            "drop" => {
                only(&["every"])?;
                Ok(Fault::DropConnection {
                    every: required("every")?,
                })
            }
            "insert" => {
                only(&["orders"])?;
                Ok(Fault::InsertDuringRead {
                    orders: required("orders")?,
                })
            }
            "update" => {
                only(&["orders"])?;
                Ok(Fault::UpdateDuringRead {
                    orders: required("orders")?,
                })
            }
            "token-expiry" => {
                only(&["requests"])?;
                Ok(Fault::AdminTokenExpiry {
                    after_requests: required("requests")?,
                })
            }
            _ => Err(err("unknown fault kind")),
        }
    }
}

/// A positive integer; zero would make "every 0th request" meaningless.
fn parse_count(s: &str) -> Option<u64> {
    s.trim().parse::<u64>().ok().filter(|n| *n > 0)
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::RateLimit {
                every,
                retry_after_secs,
            } => write!(f, "429:every={every},retry-after={retry_after_secs}"),
            Fault::Unavailable { every } => write!(f, "503:every={every}"),
            Fault::SlowPages { latency } => write!(f, "slow:ms={}", latency.as_millis()),
            Fault::DropConnection { every } => write!(f, "drop:every={every}"),
            Fault::MalformedOrders { entity_id } => write!(f, "malformed:orders@{entity_id}"),
            Fault::InsertDuringRead { orders } => write!(f, "insert:orders={orders}"),
            Fault::UpdateDuringRead { orders } => write!(f, "update:orders={orders}"),
            Fault::AdminTokenExpiry { after_requests } => {
                write!(f, "token-expiry:requests={after_requests}")
            }
        }
    }
}

/// Whether the `n`th event (1-based) is hit by an "every N" fault.
pub(crate) fn hits(n: u64, every: u64) -> bool {
    every > 0 && n.is_multiple_of(every)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_spelling_and_round_trips() {
        for s in [
            "429:every=5,retry-after=3",
            "503:every=7",
            "slow:ms=250",
            "drop:every=4",
            "malformed:orders@42",
            "insert:orders=10",
            "update:orders=3",
            "token-expiry:requests=2",
        ] {
            let f: Fault = s.parse().unwrap();
            assert_eq!(f.to_string(), s);
        }
        assert_eq!(
            "429:every=5".parse::<Fault>().unwrap(),
            Fault::RateLimit {
                every: 5,
                retry_after_secs: 1
            }
        );
    }

    #[test]
    fn rejects_bad_spellings_with_the_accepted_forms() {
        for s in [
            "429",
            "429:every=0",
            "503:often=2",
            "nope:x=1",
            "malformed:orders=3",
        ] {
            let e = s.parse::<Fault>().unwrap_err().to_string();
            assert!(e.contains("accepted forms"), "{e}");
        }
    }

    #[test]
    fn updated_ids_are_spread() {
        let ids: Vec<u64> = updated_order_ids(2000, 5).collect();
        assert_eq!(ids, vec![200, 600, 1000, 1400, 1800]);
        assert_eq!(updated_order_ids(3, 10).collect::<Vec<_>>(), vec![1, 2, 3]);
    }
}
