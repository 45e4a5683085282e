//! What goes wrong between a client and Business Central, injected on purpose. Every fault is
//! counter-based, never random, so a test knows which request fails.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// One fault to inject. The CLI spelling of each variant is in its doc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BcFault {
    /// `bc-429:every=N`: every Nth API request answers 429 `Application_TooManyRequests`,
    /// without `Retry-After` (Business Central promises one only on 502/503).
    Throttle { every: u64 },
    /// `bc-503:every=N[,retry-after=S]`: every Nth API request answers 503 with
    /// `Retry-After: S` (default 5).
    Unavailable { every: u64, retry_after_secs: u64 },
    /// `bc-504:every=N`: every Nth API request answers 504 (the 10-minute request limit).
    GatewayTimeout { every: u64 },
    /// `bc-408:every=N`: every Nth API request answers 408 (the 8-minute operation limit).
    RequestTimeout { every: u64 },
    /// `bc-slow:ms=N`: every API request waits N ms before it is answered (holding its slot
    /// of the 5 concurrent requests).
    SlowPages { latency: Duration },
    /// `bc-token-expiry:requests=N`: an access token stops working after N API requests.
    TokenExpiry { after_requests: u64 },
    /// `bc-malformed:COLLECTION@PAGE`: that page (1-based, at the requested page size) of that
    /// entity set is a 200 with truncated JSON, every time it is asked for.
    MalformedPage { collection: String, page: u64 },
    /// `bc-nextlink:COLLECTION@foreign|self|garbage`: every `@odata.nextLink` of that entity
    /// set points to another site (`foreign`: a client that follows it hands the bearer token
    /// over), to the very page just served (`self`: a loop), or is not a URL (`garbage`).
    HostileNextLink {
        collection: String,
        link: HostileLink,
    },
    /// `bc-change:orders=N`: after the first `salesOrders` page is served, N sales orders
    /// spread over the list get `lastModifiedDateTime` = now.
    ChangeDuringRead { orders: u64 },
    /// `bc-stock-in-transit`: the world's stock rows in transit
    /// ([`World::transient_stock_keys`](crate::world::World::transient_stock_keys)) read 1 to 3
    /// units below Magento's quantity in unfiltered reads (no `$filter`) of `itemLocationStocks`,
    /// and in the `inventory` of unfiltered `items` reads, until that collection's last page has
    /// been served once to an unfiltered read (one without `$top` or `$skip` either). After that,
    /// and in every filtered read (by item number, say), they read Magento's quantity: a full
    /// snapshot sees a difference that a confirming re-read does not.
    StockInTransit,
    /// `bc-price-in-transit`: the same for prices. The active `RETAIL` lines of the world's
    /// items in transit
    /// ([`World::transient_price_keys`](crate::world::World::transient_price_keys)) read 1.00
    /// above Magento's price in unfiltered `priceListLines` reads, and so does their `unitPrice`
    /// in unfiltered `items` reads, until that collection's first complete unfiltered read.
    PriceInTransit,
}

/// What a hostile `@odata.nextLink` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostileLink {
    Foreign,
    SamePage,
    Garbage,
}

impl HostileLink {
    const SPELLINGS: [(HostileLink, &'static str); 3] = [
        (HostileLink::Foreign, "foreign"),
        (HostileLink::SamePage, "self"),
        (HostileLink::Garbage, "garbage"),
    ];

    fn as_str(self) -> &'static str {
        Self::SPELLINGS
            .iter()
            .find(|(l, _)| *l == self)
            .map_or("", |(_, s)| s)
    }
}

/// The spellings [`BcFault::from_str`] accepts, for error messages and `--help`.
pub const BC_FAULT_SPELLINGS: &str = "bc-429:every=N, bc-503:every=N[,retry-after=S], \
     bc-504:every=N, bc-408:every=N, bc-slow:ms=N, bc-token-expiry:requests=N, \
     bc-malformed:COLLECTION@PAGE, bc-nextlink:COLLECTION@foreign|self|garbage, \
     bc-change:orders=N, bc-stock-in-transit, bc-price-in-transit";

/// Why a fault spelling was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseBcFaultError {
    input: String,
    reason: String,
}

impl fmt::Display for ParseBcFaultError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid Business Central fault {:?}: {}; accepted forms: {BC_FAULT_SPELLINGS}",
            self.input, self.reason
        )
    }
}

impl std::error::Error for ParseBcFaultError {}

impl FromStr for BcFault {
    type Err = ParseBcFaultError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let err = |reason: &str| ParseBcFaultError {
            input: input.to_string(),
            reason: reason.to_string(),
        };
        match input.trim().to_ascii_lowercase().as_str() {
            "bc-stock-in-transit" => return Ok(BcFault::StockInTransit),
            "bc-price-in-transit" => return Ok(BcFault::PriceInTransit),
            _ => {}
        }
        let (kind, args) = input
            .trim()
            .split_once(':')
            .ok_or_else(|| err("expected KIND:ARGS"))?;
        let kind = kind.trim().to_ascii_lowercase();
        if kind == "bc-malformed" {
            let (collection, page) = args
                .trim()
                .split_once('@')
                .ok_or_else(|| err("expected bc-malformed:COLLECTION@PAGE"))?;
            let page = count(page).ok_or_else(|| err("PAGE must be a positive integer"))?;
            if collection.is_empty() {
                return Err(err("COLLECTION is an entity set name such as salesOrders"));
            }
            return Ok(BcFault::MalformedPage {
                collection: collection.to_string(),
                page,
            });
        }
        if kind == "bc-nextlink" {
            let (collection, what) = args
                .trim()
                .split_once('@')
                .ok_or_else(|| err("expected bc-nextlink:COLLECTION@foreign|self|garbage"))?;
            let link = HostileLink::SPELLINGS
                .iter()
                .find(|(_, s)| *s == what.trim())
                .map(|(l, _)| *l)
                .ok_or_else(|| err("the link is foreign, self or garbage"))?;
            if collection.is_empty() {
                return Err(err("COLLECTION is an entity set name such as items"));
            }
            return Ok(BcFault::HostileNextLink {
                collection: collection.to_string(),
                link,
            });
        }
        let mut pairs = Vec::new();
        for part in args.split(',') {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| err("arguments are KEY=VALUE, separated by commas"))?;
            let v = count(v).ok_or_else(|| err("values must be positive integers"))?;
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
        let every = || -> Result<u64, ParseBcFaultError> {
            only(&["every"])?;
            required("every")
        };
        match kind.as_str() {
            "bc-429" => Ok(BcFault::Throttle { every: every()? }),
            "bc-503" => {
                only(&["every", "retry-after"])?;
                Ok(BcFault::Unavailable {
                    every: required("every")?,
                    retry_after_secs: take("retry-after").unwrap_or(5),
                })
            }
            "bc-504" => Ok(BcFault::GatewayTimeout { every: every()? }),
            "bc-408" => Ok(BcFault::RequestTimeout { every: every()? }),
            "bc-slow" => {
                only(&["ms"])?;
                Ok(BcFault::SlowPages {
                    latency: Duration::from_millis(required("ms")?),
                })
            }
            "bc-token-expiry" => {
                only(&["requests"])?;
                Ok(BcFault::TokenExpiry {
                    after_requests: required("requests")?,
                })
            }
            "bc-change" => {
                only(&["orders"])?;
                Ok(BcFault::ChangeDuringRead {
                    orders: required("orders")?,
                })
            }
            "bc-stock-in-transit" | "bc-price-in-transit" => {
                Err(err(&format!("{kind} takes no arguments")))
            }
            _ => Err(err("unknown fault kind")),
        }
    }
}

/// A positive integer; zero would make "every 0th request" meaningless.
fn count(s: &str) -> Option<u64> {
    s.trim().parse::<u64>().ok().filter(|n| *n > 0)
}

impl fmt::Display for BcFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BcFault::Throttle { every } => write!(f, "bc-429:every={every}"),
            BcFault::Unavailable {
                every,
                retry_after_secs,
            } => write!(f, "bc-503:every={every},retry-after={retry_after_secs}"),
            BcFault::GatewayTimeout { every } => write!(f, "bc-504:every={every}"),
            BcFault::RequestTimeout { every } => write!(f, "bc-408:every={every}"),
            BcFault::SlowPages { latency } => write!(f, "bc-slow:ms={}", latency.as_millis()),
            BcFault::TokenExpiry { after_requests } => {
                write!(f, "bc-token-expiry:requests={after_requests}")
            }
            BcFault::MalformedPage { collection, page } => {
                write!(f, "bc-malformed:{collection}@{page}")
            }
            BcFault::HostileNextLink { collection, link } => {
                write!(f, "bc-nextlink:{collection}@{}", link.as_str())
            }
            BcFault::ChangeDuringRead { orders } => write!(f, "bc-change:orders={orders}"),
            BcFault::StockInTransit => f.write_str("bc-stock-in-transit"),
            BcFault::PriceInTransit => f.write_str("bc-price-in-transit"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_spelling_and_round_trips() {
        for s in [
            "bc-429:every=5",
            "bc-503:every=7,retry-after=3",
            "bc-nextlink:items@foreign",
            "bc-nextlink:salesOrders@self",
            "bc-504:every=2",
            "bc-408:every=9",
            "bc-slow:ms=250",
            "bc-token-expiry:requests=4",
            "bc-malformed:salesOrders@2",
            "bc-change:orders=3",
            "bc-stock-in-transit",
            "bc-price-in-transit",
        ] {
            let f: BcFault = s.parse().unwrap();
            assert_eq!(f.to_string(), s);
        }
        assert_eq!(
            "bc-503:every=4".parse::<BcFault>().unwrap(),
            BcFault::Unavailable {
                every: 4,
                retry_after_secs: 5
            }
        );
    }

    #[test]
    fn rejects_bad_spellings_with_the_accepted_forms() {
        for s in [
            "bc-429",
            "bc-429:every=0",
            "bc-504:often=2",
            "429:every=2",
            "bc-malformed:salesOrders",
            "bc-malformed:@2",
            "bc-stock-in-transit:rows=3",
        ] {
            let e = s.parse::<BcFault>().unwrap_err().to_string();
            assert!(e.contains("accepted forms"), "{e}");
        }
    }
}
