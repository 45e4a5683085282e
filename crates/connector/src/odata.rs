//! OData paging: a page ends with `@odata.nextLink` when there is more. The link is the
//! server's word, so it is followed only where that is safe: on the origin of the first
//! page (the bearer token goes with it), never to a page already read (a loop would never
//! end), and a link that cannot be parsed stops the read as failed, not as complete.

use std::collections::HashSet;

use url::{Origin, Url};

/// Why a next-page link was not followed; the read is incomplete.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NextLinkError {
    #[error("the server's link to the next page (`{link}`) is not a valid address ({detail})")]
    Unparseable { link: String, detail: String },
    #[error(
        "the server's link to the next page points to {to}, another site than {from}; it was not followed, so the sign-in was not sent there"
    )]
    OtherOrigin { from: String, to: String },
    #[error(
        "the server's link to the next page leads back to a page already read ({link}); the read would never end"
    )]
    Repeated { link: String },
}

/// The pages of one collection read so far, and where the next one is.
#[derive(Debug)]
pub struct NextLinks {
    origin: Origin,
    seen: HashSet<Url>,
}

impl NextLinks {
    /// A read that starts at `first`.
    pub fn starting_at(first: &Url) -> Self {
        NextLinks {
            origin: first.origin(),
            seen: HashSet::from([first.clone()]),
        }
    }

    /// The page after `current`, from its `@odata.nextLink` (relative links resolve
    /// against `current`); `None` when the collection ends there.
    pub fn next(
        &mut self,
        current: &Url,
        link: Option<&str>,
    ) -> Result<Option<Url>, NextLinkError> {
        let Some(link) = link else {
            return Ok(None);
        };
        let next = current.join(link).map_err(|e| NextLinkError::Unparseable {
            link: link.to_string(),
            detail: e.to_string(),
        })?;
        if next.origin() != self.origin {
            return Err(NextLinkError::OtherOrigin {
                from: self.origin.ascii_serialization(),
                to: next.origin().ascii_serialization(),
            });
        }
        if !self.seen.insert(next.clone()) {
            return Err(NextLinkError::Repeated {
                link: next.to_string(),
            });
        }
        Ok(Some(next))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn links_on_the_same_origin_are_followed_to_the_end() {
        let first = url("https://api.example.com/v2.0/companies(1)/items");
        let mut links = NextLinks::starting_at(&first);
        let second = links
            .next(
                &first,
                Some("https://api.example.com/v2.0/companies(1)/items?$skiptoken=2"),
            )
            .unwrap()
            .unwrap();
        // Relative links resolve against the page they came from.
        let third = links
            .next(&second, Some("items?$skiptoken=3"))
            .unwrap()
            .unwrap();
        assert_eq!(
            third.as_str(),
            "https://api.example.com/v2.0/companies(1)/items?$skiptoken=3"
        );
        assert_eq!(links.next(&third, None), Ok(None));
    }

    #[test]
    fn another_origin_a_loop_and_garbage_are_refused() {
        let first = url("https://api.example.com/items");
        let mut links = NextLinks::starting_at(&first);
        for other in [
            "https://evil.example.net/items?$skiptoken=2",
            "http://api.example.com/items?$skiptoken=2",
            "https://api.example.com:8443/items?$skiptoken=2",
        ] {
            let err = links.next(&first, Some(other)).unwrap_err();
            assert!(
                matches!(err, NextLinkError::OtherOrigin { .. }),
                "{other}: {err}"
            );
        }
        let err = links
            .next(&first, Some("https://api.example.com/items"))
            .unwrap_err();
        assert!(matches!(err, NextLinkError::Repeated { .. }), "{err}");
        let second = links.next(&first, Some("?$skiptoken=2")).unwrap().unwrap();
        let err = links.next(&second, Some("?$skiptoken=2")).unwrap_err();
        assert!(matches!(err, NextLinkError::Repeated { .. }), "{err}");
        let err = links.next(&second, Some("https://[::1")).unwrap_err();
        assert!(matches!(err, NextLinkError::Unparseable { .. }), "{err}");
    }
}
