//! Reading whole collections: keyset paging, partitioned for concurrency.
//!
//! Offset paging (`currentPage` 1, 2, 3, ...) skips or doubles rows when rows
//! are inserted or deleted during the read, and its end-of-list behaviour
//! changed in 2.4 (empty page) from before (last page repeated). So every
//! collection is read by key instead: sorted by its key ascending, each page
//! asks for `key > last key seen`, always `currentPage=1`, and a range is done
//! when a page holds every row the server still counts (`total_count`).
//!
//! For concurrency the key space is cut into ranges `(-inf, b1], (b1, b2], ...
//! (bn, +inf)` whose boundaries are sampled with one-row probes at evenly
//! spaced offsets. The ranges cover every possible key exactly once, whatever
//! the server's collation, so rows inserted or changed during the read are
//! neither skipped nor doubled; a failed probe only means a bigger range. The
//! boundaries are the server's own keys in the server's own order: nothing
//! here compares keys itself.

use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::error::{Error, Result};
use crate::http::Http;
use crate::search::{Direction, Filter, SearchCriteria};
use crate::wire::SearchResult;
use connector::{Counters, ReadReport};

/// A row whose key can continue a keyset read.
pub(crate) trait Keyed {
    fn key(&self) -> String;
}

/// A collection being read from Magento ([`connector::Read`], failing with [`Error`]).
pub type Read<T> = connector::Read<T, Error>;
pub type PageEvent<T> = connector::PageEvent<T, Error>;
pub type PageFailure = connector::PageFailure<Error>;
type ReadSender<T> = connector::ReadSender<T, Error>;

/// What to read: an endpoint, its key, and one or more scopes (fixed filters
/// such as `source_code = X`) each read as its own key space.
#[derive(Debug, Clone)]
pub(crate) struct ListSpec {
    pub path: &'static str,
    pub what: &'static str,
    pub key_field: &'static str,
    /// Magento's `fields` projection: only what we read crosses the wire (an
    /// order is ~9 kB in full, mostly addresses and shipping we never use).
    /// Must keep `total_count`. Dropped for good if a server then omits it.
    pub fields: Option<&'static str>,
    pub scopes: Vec<Scope>,
}

#[derive(Debug, Clone)]
pub(crate) struct Scope {
    /// Words for messages ("at source east"); empty for the whole collection.
    pub label: String,
    pub filters: Vec<Vec<Filter>>,
}

#[derive(Debug, Clone)]
pub(crate) struct PageOptions {
    pub page_size: Arc<AtomicU32>,
    pub concurrency: usize,
}

#[derive(Debug, Clone)]
struct Partition {
    scope: usize,
    lower: Option<String>,
    upper: Option<String>,
}

struct Reader<W, T> {
    http: Arc<Http>,
    spec: ListSpec,
    options: PageOptions,
    gate: Semaphore,
    use_fields: AtomicBool,
    sender: ReadSender<T>,
    convert: fn(W) -> T,
}

pub(crate) fn spawn_read<W, T>(
    http: Arc<Http>,
    spec: ListSpec,
    options: PageOptions,
    convert: fn(W) -> T,
) -> Read<T>
where
    W: DeserializeOwned + Keyed + Send + 'static,
    T: Send + 'static,
{
    let concurrency = options.concurrency.max(1);
    // Room for several pages per reader, so a SQLite batch being written
    // does not stall the readers.
    Read::spawn(concurrency * 8, move |sender| {
        let reader = Arc::new(Reader {
            http,
            spec,
            options,
            gate: Semaphore::new(concurrency),
            use_fields: AtomicBool::new(true),
            sender,
            convert,
        });
        reader.run()
    })
}

impl<W, T> Reader<W, T>
where
    W: DeserializeOwned + Keyed + Send + 'static,
    T: Send + 'static,
{
    async fn run(self: Arc<Self>) -> ReadReport {
        let mut report = ReadReport::default();
        let totals = self.clone().count_scopes().await;
        report.expected_rows = totals.iter().flatten().sum();
        self.sender.set_expected_rows(report.expected_rows);
        let partitions = self.clone().plan(&totals, report.expected_rows).await;
        let mut tasks = JoinSet::new();
        for partition in partitions {
            let reader = self.clone();
            tasks.spawn(async move { reader.read_partition(partition).await });
        }
        while tasks.join_next().await.is_some() {}
        report.delivered_rows = self.sender.delivered_rows();
        report.failed_pages = self.sender.failed_pages();
        if report.failed_pages == 0 && report.delivered_rows < report.expected_rows {
            report.warnings.push(format!(
                "Magento counted {} {} when the read started but {} were read: some were \
                 deleted or changed during the read",
                report.expected_rows, self.spec.what, report.delivered_rows
            ));
        }
        report
    }

    fn scope_words(&self, scope: usize) -> String {
        let label = &self.spec.scopes[scope].label;
        if label.is_empty() {
            self.spec.what.to_owned()
        } else {
            format!("{} {label}", self.spec.what)
        }
    }

    async fn fail(&self, page: String, error: Error) {
        tracing::warn!(%page, %error, "page failed");
        self.sender.fail(page, error).await;
    }

    /// One-row probe per scope: how many rows each holds.
    async fn count_scopes(self: Arc<Self>) -> Vec<Option<u64>> {
        let mut tasks = JoinSet::new();
        for scope in 0..self.spec.scopes.len() {
            let reader = self.clone();
            tasks.spawn(async move {
                let criteria = reader.base(scope).page(1, 1);
                let result = reader.fetch(&criteria).await;
                (scope, result)
            });
        }
        let mut totals = vec![None; self.spec.scopes.len()];
        while let Some(joined) = tasks.join_next().await {
            let Ok((scope, result)) = joined else {
                continue;
            };
            match result.and_then(|page| self.total_of(&page, scope)) {
                Ok(total) => totals[scope] = Some(total),
                Err(error) => {
                    let page = format!("the first page of {}", self.scope_words(scope));
                    self.fail(page, error).await;
                }
            }
        }
        totals
    }

    /// Cuts each scope into key ranges sized for the concurrency.
    async fn plan(self: Arc<Self>, totals: &[Option<u64>], grand_total: u64) -> Vec<Partition> {
        let page_size = u64::from(self.options.page_size.load(Ordering::Relaxed).max(1));
        let target = if self.options.concurrency <= 1 {
            1
        } else {
            self.options.concurrency as u64 * 4
        };
        let mut probes = JoinSet::new();
        let mut partitions = Vec::new();
        for (scope, total) in totals.iter().enumerate() {
            let Some(total) = *total else { continue };
            if total == 0 {
                continue;
            }
            let share = (target * total).div_ceil(grand_total.max(1));
            let parts = share.clamp(1, total.div_ceil(page_size));
            if parts <= 1 {
                partitions.push(Partition {
                    scope,
                    lower: None,
                    upper: None,
                });
                continue;
            }
            let reader = self.clone();
            probes.spawn(async move { (scope, reader.boundaries(scope, total, parts).await) });
        }
        while let Some(joined) = probes.join_next().await {
            let Ok((scope, boundaries)) = joined else {
                continue;
            };
            let mut lower = None;
            for boundary in boundaries {
                partitions.push(Partition {
                    scope,
                    lower: lower.clone(),
                    upper: Some(boundary.clone()),
                });
                lower = Some(boundary);
            }
            partitions.push(Partition {
                scope,
                lower,
                upper: None,
            });
        }
        partitions
    }

    /// Keys at offsets total/parts, 2*total/parts, ... in server order.
    async fn boundaries(self: Arc<Self>, scope: usize, total: u64, parts: u64) -> Vec<String> {
        let mut tasks = JoinSet::new();
        for i in 1..parts {
            let position = (i * total / parts).max(1);
            let reader = self.clone();
            tasks.spawn(async move {
                let criteria = reader.base(scope).page(1, position as u32);
                let key = reader
                    .fetch(&criteria)
                    .await
                    .ok()
                    .and_then(|page| page.items.first().map(Keyed::key));
                (i, key)
            });
        }
        let mut found = Vec::new();
        while let Some(joined) = tasks.join_next().await {
            if let Ok((i, Some(key))) = joined {
                found.push((i, key));
            }
        }
        found.sort_by_key(|(i, _)| *i);
        let mut keys: Vec<String> = found.into_iter().map(|(_, key)| key).collect();
        keys.dedup();
        keys
    }

    async fn read_partition(self: Arc<Self>, partition: Partition) {
        let mut lower = partition.lower.clone();
        loop {
            let page_size = self.options.page_size.load(Ordering::Relaxed);
            let mut criteria = self.base(partition.scope);
            if let Some(lower) = &lower {
                criteria = criteria.and(Filter::new(self.spec.key_field, "gt", lower.clone()));
            }
            if let Some(upper) = &partition.upper {
                criteria = criteria.and(Filter::new(self.spec.key_field, "lteq", upper.clone()));
            }
            let criteria = criteria.page(page_size, 1);
            let result = self.fetch(&criteria).await.and_then(|page| {
                let total = self.total_of(&page, partition.scope)?;
                Ok((page.items, total))
            });
            let (items, remaining) = match result {
                Ok(page) => page,
                Err(error) => {
                    let page = self.describe(&partition, lower.as_deref());
                    self.fail(page, error).await;
                    return;
                }
            };
            let Some(last) = items.last().map(Keyed::key) else {
                if remaining > 0 {
                    let page = self.describe(&partition, lower.as_deref());
                    let error = Error::Inconsistent {
                        what: self.spec.what.to_owned(),
                        detail: format!(
                            "Magento counted {remaining} more rows but sent none; the read of \
                             this range stopped here"
                        ),
                    };
                    self.fail(page, error).await;
                }
                return;
            };
            let count = items.len() as u64;
            let rows = items.into_iter().map(self.convert).collect();
            if !self.sender.rows(rows).await {
                return; // the consumer went away: nothing left to do
            }
            if count >= remaining {
                return;
            }
            lower = Some(last);
        }
    }

    fn describe(&self, partition: &Partition, lower: Option<&str>) -> String {
        let key = self.spec.key_field;
        let from = match lower {
            Some(lower) => format!("{key} after {lower}"),
            None => format!("the first {key}"),
        };
        let to = match &partition.upper {
            Some(upper) => format!(" up to {upper}"),
            None => String::new(),
        };
        format!(
            "the page of {} from {from}{to}",
            self.scope_words(partition.scope)
        )
    }

    fn base(&self, scope: usize) -> SearchCriteria {
        SearchCriteria::default()
            .and_all(&self.spec.scopes[scope].filters)
            .sort(self.spec.key_field, Direction::Asc)
    }

    fn total_of(&self, page: &SearchResult<W>, scope: usize) -> Result<u64> {
        page.total_count.ok_or_else(|| Error::Inconsistent {
            what: self.scope_words(scope),
            detail: "Magento's reply has no total_count, so completeness cannot be checked"
                .to_owned(),
        })
    }

    /// One page, with the gate held; adapts once to a smaller page-size limit.
    async fn fetch(&self, criteria: &SearchCriteria) -> Result<SearchResult<W>> {
        let _permit = self.gate.acquire().await.expect("the gate is never closed");
        let mut criteria = criteria.clone();
        let mut adapted = false;
        loop {
            let mut query = criteria.to_query();
            let fields = self
                .spec
                .fields
                .filter(|_| self.use_fields.load(Ordering::Relaxed));
            if let Some(fields) = fields {
                query.push(("fields".to_owned(), fields.to_owned()));
            }
            match self
                .http
                .get::<SearchResult<W>>(
                    self.spec.path,
                    &query,
                    self.spec.what,
                    self.sender.counters(),
                )
                .await
            {
                Ok(page) if fields.is_some() && page.total_count.is_none() => {
                    tracing::info!("Magento dropped total_count under `fields`; reading full rows");
                    self.use_fields.store(false, Ordering::Relaxed);
                }
                Err(Error::PageSizeTooLarge { max }) if !adapted && max > 0 => {
                    tracing::info!(max, "Magento limits page size; using its maximum");
                    self.options.page_size.fetch_min(max, Ordering::Relaxed);
                    if criteria.page_size.is_some_and(|size| size > max) {
                        criteria.page_size = Some(max);
                    }
                    adapted = true;
                }
                other => return other,
            }
        }
    }
}

/// Reads a small collection (sources) with plain offset paging, stopping on
/// `total_count` (never on an empty page, which pre-2.4 Magento never sends).
/// Adapts to a page-size limit like the keyset reader, sharing what it learns.
pub(crate) async fn read_small<W: DeserializeOwned>(
    http: &Http,
    path: &str,
    what: &str,
    sort_field: &str,
    page_size: &AtomicU32,
    counters: &Counters,
) -> Result<Vec<W>> {
    let spec = SmallRead {
        path,
        what,
        sort: &[sort_field],
        fields: None,
    };
    read_offset(
        http,
        &spec,
        &[],
        page_size,
        counters,
        &AtomicBool::new(true),
    )
    .await
}

/// A small read by offset: where, sorted how, projected how.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SmallRead<'a> {
    pub path: &'a str,
    pub what: &'a str,
    /// Sort fields, all ascending: together they must order rows totally, or
    /// offset pages may overlap or leave gaps.
    pub sort: &'a [&'a str],
    /// As [`ListSpec::fields`].
    pub fields: Option<&'a str>,
}

/// Every row matching `groups`, by offset pages (`currentPage` 1, 2, ...),
/// stopping on `total_count`. Meant for sets of a few pages (the rows of a
/// list of SKUs), where keyset paging buys nothing. Restarts once at page 1
/// when Magento limits the page size; drops the `fields` projection (for
/// every caller sharing `use_fields`) when Magento then omits `total_count`.
pub(crate) async fn read_offset<W: DeserializeOwned>(
    http: &Http,
    spec: &SmallRead<'_>,
    groups: &[Vec<Filter>],
    page_size: &AtomicU32,
    counters: &Counters,
    use_fields: &AtomicBool,
) -> Result<Vec<W>> {
    let mut rows = Vec::new();
    let mut page = 1u32;
    loop {
        let size = page_size.load(Ordering::Relaxed).max(1);
        let mut criteria = SearchCriteria::default().and_all(groups);
        for field in spec.sort {
            criteria = criteria.sort(field, Direction::Asc);
        }
        let mut query = criteria.page(size, page).to_query();
        let fields = spec.fields.filter(|_| use_fields.load(Ordering::Relaxed));
        if let Some(fields) = fields {
            query.push(("fields".to_owned(), fields.to_owned()));
        }
        let result = match http
            .get::<SearchResult<W>>(spec.path, &query, spec.what, counters)
            .await
        {
            Err(Error::PageSizeTooLarge { max }) if max > 0 && max < size => {
                tracing::info!(max, "Magento limits page size; using its maximum");
                page_size.fetch_min(max, Ordering::Relaxed);
                rows.clear();
                page = 1;
                continue;
            }
            Ok(result) if fields.is_some() && result.total_count.is_none() => {
                tracing::info!("Magento dropped total_count under `fields`; reading full rows");
                use_fields.store(false, Ordering::Relaxed);
                rows.clear();
                page = 1;
                continue;
            }
            other => other?,
        };
        counters.pages.fetch_add(1, Ordering::Relaxed);
        let total = result.total_count.unwrap_or(0);
        rows.extend(result.items);
        if u64::from(page) * u64::from(size) >= total {
            return Ok(rows);
        }
        page += 1;
    }
}
