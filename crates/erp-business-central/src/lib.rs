//! Microsoft Dynamics 365 Business Central (API v2.0) behind the `Erp` trait.
//!
//! - Orders: `salesOrders` and `salesInvoices` (posting deletes the order, the
//!   invoice keeps `orderNumber` and `externalDocumentNumber`), lines expanded,
//!   `$filter=lastModifiedDateTime gt ...` for incremental reads, paged by
//!   `@odata.nextLink` with `Prefer: odata.maxpagesize`.
//! - Stock per location and price lists come from Driftwatch's small AL
//!   extension (docs/erp/business-central.md); without it the connector falls
//!   back to `items.inventory` / `items.unitPrice` and says so loudly.
//! - The confirm pass re-reads only suspect items: the same collections with
//!   `$filter=itemNumber eq 'A' or itemNumber eq 'B' ...` (`number` on
//!   `items`), [`ITEMS_PER_REQUEST`] items a request so URLs stay short.
//! - At most 5 requests in flight per connection (BC's per-user limit).

mod check;
mod connector;
mod http;
mod wire;

#[cfg(test)]
mod fixtures_tests;

pub use ::connector::RetryPolicy;
pub use connector::{BusinessCentralConnector, CONNECTOR, ConnectionSettings};

use ::connector::odata::{NextLinkError, NextLinks};
use chrono::{DateTime, SecondsFormat, Utc};
use erp::{
    Capabilities, CreateOutcome, Erp, ErpOrder, Error, Location, LocationStock, NewSalesOrder,
    PriceListLine, Read, ReadReport, ReadSender, StockFigure,
};
use futures_util::future::BoxFuture;
use futures_util::{StreamExt, TryStreamExt};
use model::SecretString;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

use http::{Http, NoTally};
use wire::{
    Page, WireItem, WireItemLocationStock, WireLocation, WireModified, WirePriceListLine,
    WireSalesInvoice, WireSalesOrder,
};

const ERP: &str = "Business Central";

/// Item numbers per `$filter` of a targeted read: 40 `or`ed equalities stay
/// near 2 kB of URL, well under what Business Central and proxies accept.
pub const ITEMS_PER_REQUEST: usize = 40;

/// Longest percent-encoded `$filter` of a targeted read (long item numbers
/// make fewer a request).
const MAX_FILTER_CHARS: usize = 2_000;

/// Where and how to reach one Business Central company.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token` (or a
    /// sovereign cloud's, or the simulator's).
    pub token_url: String,
    pub scope: String,
    /// `https://api.businesscentral.dynamics.com/v2.0/{tenant}/{environment}/api/v2.0`
    pub api_base: String,
    /// `.../api/driftwatch/recon/v1.0` when the Driftwatch extension is installed.
    pub custom_api_base: Option<String>,
    pub company_id: String,
    pub client_id: String,
    pub client_secret: SecretString,
    /// Rows per page asked with `Prefer: odata.maxpagesize` (BC online allows up to 20,000).
    pub page_size: u32,
    /// Windows of one collection read side by side (1 = one nextLink chain);
    /// never more than 5 requests are in flight whatever this says.
    pub concurrency: u32,
    pub timeout: Duration,
    pub retry: RetryPolicy,
}

impl Settings {
    pub const DEFAULT_SCOPE: &'static str = "https://api.businesscentral.dynamics.com/.default";
}

#[derive(Debug, Clone)]
pub struct BusinessCentral {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: Http,
    company: Url,
    custom_company: Option<Url>,
    page_size: u32,
    concurrency: u32,
}

impl BusinessCentral {
    pub fn new(settings: Settings) -> erp::Result<Self> {
        let config_error = |detail: String| Error::Config { erp: ERP, detail };
        let company_url = |base: &str| {
            let base = base.trim_end_matches('/');
            Url::parse(&format!("{base}/companies({})/", settings.company_id))
                .map_err(|e| config_error(format!("`{base}` is not a URL ({e})")))
        };
        let company = company_url(&settings.api_base)?;
        let custom_company = settings
            .custom_api_base
            .as_deref()
            .map(company_url)
            .transpose()?;
        let client = ::connector::http::client_builder(settings.timeout)
            .build()
            .map_err(|e| config_error(format!("cannot set up HTTPS ({e})")))?;
        let http = Http::new(
            client,
            settings.token_url,
            settings.scope,
            settings.client_id,
            settings.client_secret,
            settings.retry,
        );
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                company,
                custom_company,
                page_size: settings.page_size.clamp(1, 20_000),
                concurrency: settings.concurrency.clamp(1, http::MAX_IN_FLIGHT as u32),
            }),
        })
    }
}

impl Inner {
    fn url(&self, base: &Url, path_and_query: &str) -> Url {
        base.join(path_and_query).expect("relative paths join")
    }

    /// Follows `@odata.nextLink` to the end (where it is safe: [`NextLinks`]), sending
    /// each page; returns whether every page arrived.
    async fn read_all<W, T>(
        &self,
        first: Url,
        what: &str,
        sender: &ReadSender<T>,
        convert: impl Fn(W) -> Option<T>,
    ) -> bool
    where
        W: DeserializeOwned,
        T: Send,
    {
        let mut links = NextLinks::starting_at(&first);
        let mut url = first;
        let mut page_no = 1u64;
        loop {
            let page: Page<W> = match self
                .http
                .get(&url, Some(self.page_size), what, sender)
                .await
            {
                Ok(page) => page,
                Err(error) => {
                    sender
                        .fail(format!("{what}, page {page_no} ({url})"), error)
                        .await;
                    return false;
                }
            };
            let rows: Vec<T> = page.value.into_iter().filter_map(&convert).collect();
            if !sender.rows(rows).await {
                return false;
            }
            match links.next(&url, page.next_link.as_deref()) {
                Ok(Some(next)) => {
                    url = next;
                    page_no += 1;
                }
                Ok(None) => return true,
                Err(error) => {
                    let page = format!("{what}, after page {page_no} ({url})");
                    sender.fail(page, next_link_error(what, error)).await;
                    return false;
                }
            }
        }
    }

    /// Reads one document collection. With concurrency above 1 it is cut
    /// into windows of modification time with balanced row counts (from a
    /// light first pass over `lastModifiedDateTime` alone), read side by side
    /// under the 5-request cap; rows modified after the read began fall in a
    /// last window read after all others, so a row changed mid-read is read
    /// (perhaps twice, stored once) and never lost.
    async fn read_collection<W, T>(
        &self,
        (collection, lines, what): (&str, &str, &str),
        since: Option<DateTime<Utc>>,
        sender: &ReadSender<T>,
        convert: impl Fn(W) -> Option<T>,
    ) where
        W: DeserializeOwned,
        T: Send,
    {
        let url = |after, up_to| {
            let filter = modified_filter(after, up_to);
            self.url(
                &self.company,
                &format!("{collection}?$expand={lines}{filter}"),
            )
        };
        if self.concurrency <= 1 {
            self.read_all(url(since, None), what, sender, &convert)
                .await;
            return;
        }
        let cut = Utc::now() - CLOCK_SKEW_MARGIN;
        let probe = self.url(
            &self.company,
            &format!(
                "{collection}?$select=lastModifiedDateTime{}",
                modified_filter(since, Some(cut))
            ),
        );
        let mut times: Vec<DateTime<Utc>> = match self.get_all::<WireModified>(probe, what).await {
            Ok(rows) => rows
                .into_iter()
                .map(|r| r.last_modified_date_time)
                .collect(),
            Err(error) => {
                // Without the split, read the collection as one chain.
                tracing::warn!(what, %error, "cannot split the read; reading it in one chain");
                self.read_all(url(since, None), what, sender, &convert)
                    .await;
                return;
            }
        };
        times.sort_unstable();
        let parts = self.concurrency as usize * 2;
        let mut windows = Vec::new();
        let mut lower = since;
        for i in 1..parts {
            let Some(&bound) = times.get(i * times.len() / parts) else {
                break;
            };
            if lower.is_none_or(|l| bound > l) {
                windows.push((lower, Some(bound)));
                lower = Some(bound);
            }
        }
        windows.push((lower, Some(cut)));
        let reads = windows
            .into_iter()
            .map(|(after, up_to)| self.read_all(url(after, up_to), what, sender, &convert));
        futures_util::future::join_all(reads).await;
        self.read_all(url(Some(cut), None), what, sender, &convert)
            .await;
    }

    /// Every row of `collection` (a path under `base`, possibly with a
    /// `$select`) whose `field` is one of `items`, in no particular order:
    /// chunks of `or`ed equalities read side by side up to the connection's
    /// concurrency, each following its next links. Fails if any chunk fails.
    async fn get_for_items<W: DeserializeOwned + Send>(
        &self,
        base: &Url,
        collection: &str,
        field: &str,
        items: &[String],
        what: &str,
    ) -> erp::Result<Vec<W>> {
        let separator = if collection.contains('?') { '&' } else { '?' };
        let requests = item_filters(field, items).into_iter().map(|filter| {
            let url = self.url(base, &format!("{collection}{separator}$filter={filter}"));
            self.get_all::<W>(url, what)
        });
        let chunks: Vec<Vec<W>> = futures_util::stream::iter(requests)
            .buffer_unordered(self.concurrency as usize)
            .try_collect()
            .await?;
        Ok(chunks.into_iter().flatten().collect())
    }

    /// The company's local currency (LCY): price-list lines in it leave their currency blank.
    async fn local_currency(&self) -> erp::Result<String> {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Info {
            #[serde(default)]
            currency_code: String,
        }
        let url = self.url(&self.company, "companyInformation?$select=currencyCode");
        let rows: Vec<Info> = self.get_all(url, "the company's local currency").await?;
        Ok(rows
            .into_iter()
            .map(|r| r.currency_code)
            .find(|c| !c.is_empty())
            .unwrap_or_default())
    }

    /// The local currency, or blank with a warning saying why it is not known.
    async fn local_currency_or_warn(&self, warnings: &mut Vec<String>) -> String {
        match self.local_currency().await {
            Ok(code) => code,
            Err(e) => {
                warnings.push(format!(
                    "the company's local currency could not be read ({e}): price lines in it are shown as \"local currency\""
                ));
                String::new()
            }
        }
    }

    async fn get_all<W: DeserializeOwned>(&self, first: Url, what: &str) -> erp::Result<Vec<W>> {
        let mut links = NextLinks::starting_at(&first);
        let mut url = first;
        let mut rows = Vec::new();
        loop {
            let page: Page<W> = self
                .http
                .get(&url, Some(self.page_size), what, &NoTally)
                .await?;
            rows.extend(page.value);
            match links.next(&url, page.next_link.as_deref()) {
                Ok(Some(next)) => url = next,
                Ok(None) => return Ok(rows),
                Err(error) => return Err(next_link_error(what, error)),
            }
        }
    }
}

/// A next-page link not followed: the read of `what` is incomplete.
fn next_link_error(what: &str, error: NextLinkError) -> erp::Error {
    erp::Error::Inconsistent {
        what: what.to_string(),
        detail: error.to_string(),
    }
}

/// `&$filter=` for modification times in `(after, up_to]`, or nothing.
fn modified_filter(after: Option<DateTime<Utc>>, up_to: Option<DateTime<Utc>>) -> String {
    let stamp = |at: DateTime<Utc>| at.to_rfc3339_opts(SecondsFormat::Millis, true);
    let terms: Vec<String> = after
        .map(|at| format!("lastModifiedDateTime gt {}", stamp(at)))
        .into_iter()
        .chain(up_to.map(|at| format!("lastModifiedDateTime le {}", stamp(at))))
        .collect();
    if terms.is_empty() {
        String::new()
    } else {
        format!("&$filter={}", terms.join(" and "))
    }
}

/// Rows modified after `read start - this` go to the window read last; the
/// margin covers Business Central's clock being behind ours.
const CLOCK_SKEW_MARGIN: chrono::Duration = chrono::Duration::minutes(10);

/// Edm.Decimal goes on the wire as a JSON number (our decimals serialize as
/// strings, which BC refuses). Whole values stay integers.
fn json_number(value: rust_decimal::Decimal) -> serde_json::Value {
    let text = value.normalize().to_string();
    serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text))
}

/// OData string literal: single quotes doubled.
fn odata_string(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// Everything but RFC 3986's unreserved characters is percent-encoded, so an
/// item number holding `&`, `#`, `+` or `%` stays inside its literal.
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encoded `$filter` values `field eq 'A' or field eq 'B' ...`, at
/// most [`ITEMS_PER_REQUEST`] items and about [`MAX_FILTER_CHARS`] each.
/// Empty item numbers are dropped, and repeats (Business Central compares
/// codes without regard to case) asked for once.
fn item_filters(field: &str, items: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut filters = Vec::new();
    let (mut current, mut count) = (String::new(), 0);
    for item in items {
        if item.is_empty() || !seen.insert(item.to_uppercase()) {
            continue;
        }
        let term = format!("{field} eq {}", odata_string(item));
        let term = percent_encoding::utf8_percent_encode(&term, QUERY_VALUE).to_string();
        const OR: &str = "%20or%20";
        if count > 0
            && (count == ITEMS_PER_REQUEST
                || current.len() + OR.len() + term.len() > MAX_FILTER_CHARS)
        {
            filters.push(std::mem::take(&mut current));
            count = 0;
        }
        if count > 0 {
            current.push_str(OR);
        }
        current.push_str(&term);
        count += 1;
    }
    if count > 0 {
        filters.push(current);
    }
    filters
}

/// The fallback's stock row: a total per item, no location.
fn item_inventory(w: WireItem) -> LocationStock {
    LocationStock {
        item_number: w.number,
        location_code: None,
        quantity: w.inventory,
        last_modified: w.last_modified_date_time,
    }
}

/// A line whose currency is blank (the local one) gets the local currency's code, when known.
fn in_currency(mut line: PriceListLine, local: &str) -> PriceListLine {
    if line.currency.is_empty() {
        line.currency = local.to_owned();
    }
    line
}

/// The fallback's price row: the item card's unit price (in the local currency), no list.
fn item_unit_price(w: WireItem) -> PriceListLine {
    PriceListLine {
        price_list_code: String::new(),
        item_number: w.number,
        currency: String::new(),
        minimum_quantity: rust_decimal::Decimal::ZERO,
        unit_price: w.unit_price,
        starting_date: None,
        ending_date: None,
    }
}

const STOCK_WARNING: &str = "Business Central's standard API has only a total per item, so \
     stock per source cannot be reconciled. Install the Driftwatch extension \
     (docs/erp/business-central.md) and set erp.custom_api_base";

const PRICE_WARNING: &str = "Business Central's standard API has only one unit price per item, \
     so special and tier prices cannot be reconciled. Install the Driftwatch extension \
     (docs/erp/business-central.md) and set erp.custom_api_base";

impl Erp for BusinessCentral {
    fn name(&self) -> &'static str {
        ERP
    }

    fn capabilities(&self) -> Capabilities {
        capabilities(self.inner.custom_company.is_some())
    }

    fn sales_orders(&self, since: Option<DateTime<Utc>>) -> Read<ErpOrder> {
        let inner = self.inner.clone();
        Read::spawn(8, move |sender| async move {
            // The two collections are independent: read them side by side.
            tokio::join!(
                inner.read_collection(
                    ("salesOrders", "salesOrderLines", "sales orders"),
                    since,
                    &sender,
                    |w: WireSalesOrder| Some(w.into())
                ),
                inner.read_collection(
                    (
                        "salesInvoices",
                        "salesInvoiceLines",
                        "posted sales invoices"
                    ),
                    since,
                    &sender,
                    |w: WireSalesInvoice| Some(w.into())
                ),
            );
            ReadReport::default()
        })
    }

    fn find_orders_by_reference<'a>(
        &'a self,
        reference: &'a str,
    ) -> BoxFuture<'a, erp::Result<Vec<ErpOrder>>> {
        Box::pin(async move {
            // Percent-encoded: a reference holding `&`, `#` or `+` must stay inside its
            // literal, or the look-up misses the order and a replay makes a duplicate.
            let term = format!("externalDocumentNumber eq {}", odata_string(reference));
            let filter = format!(
                "$filter={}",
                percent_encoding::utf8_percent_encode(&term, QUERY_VALUE)
            );
            let inner = &self.inner;
            let orders: Vec<WireSalesOrder> = inner
                .get_all(
                    inner.url(
                        &inner.company,
                        &format!("salesOrders?{filter}&$expand=salesOrderLines"),
                    ),
                    "sales orders by external document number",
                )
                .await?;
            let invoices: Vec<WireSalesInvoice> = inner
                .get_all(
                    inner.url(
                        &inner.company,
                        &format!("salesInvoices?{filter}&$expand=salesInvoiceLines"),
                    ),
                    "posted sales invoices by external document number",
                )
                .await?;
            Ok(orders
                .into_iter()
                .map(ErpOrder::from)
                .chain(invoices.into_iter().map(ErpOrder::from))
                .collect())
        })
    }

    fn stock(&self) -> Read<LocationStock> {
        let inner = self.inner.clone();
        Read::spawn(8, move |sender| async move {
            match &inner.custom_company {
                Some(custom) => {
                    let url = inner.url(custom, "itemLocationStocks");
                    inner
                        .read_all(
                            url,
                            "stock per location",
                            &sender,
                            |w: WireItemLocationStock| Some(w.into()),
                        )
                        .await;
                    ReadReport::default()
                }
                None => {
                    let url = inner.url(&inner.company, "items?$select=number,inventory");
                    inner
                        .read_all(url, "item inventory totals", &sender, |w: WireItem| {
                            Some(item_inventory(w))
                        })
                        .await;
                    ReadReport {
                        warnings: vec![STOCK_WARNING.to_owned()],
                        ..ReadReport::default()
                    }
                }
            }
        })
    }

    fn price_list_lines(&self) -> Read<PriceListLine> {
        let inner = self.inner.clone();
        Read::spawn(8, move |sender| async move {
            match &inner.custom_company {
                Some(custom) => {
                    let mut warnings = Vec::new();
                    let local = inner.local_currency_or_warn(&mut warnings).await;
                    let url = inner.url(custom, "priceListLines");
                    inner
                        .read_all(url, "price list lines", &sender, |w: WirePriceListLine| {
                            w.into_active().map(|l| in_currency(l, &local))
                        })
                        .await;
                    ReadReport {
                        warnings,
                        ..ReadReport::default()
                    }
                }
                None => {
                    let mut warnings = vec![PRICE_WARNING.to_owned()];
                    let local = inner.local_currency_or_warn(&mut warnings).await;
                    let url = inner.url(&inner.company, "items?$select=number,unitPrice");
                    inner
                        .read_all(url, "item unit prices", &sender, |w: WireItem| {
                            Some(in_currency(item_unit_price(w), &local))
                        })
                        .await;
                    ReadReport {
                        warnings,
                        ..ReadReport::default()
                    }
                }
            }
        })
    }

    fn stock_for_items<'a>(
        &'a self,
        items: &'a [String],
    ) -> BoxFuture<'a, erp::Result<Vec<LocationStock>>> {
        Box::pin(async move {
            let inner = &self.inner;
            match &inner.custom_company {
                Some(custom) => {
                    let rows: Vec<WireItemLocationStock> = inner
                        .get_for_items(
                            custom,
                            "itemLocationStocks",
                            "itemNumber",
                            items,
                            "stock per location of the items to confirm",
                        )
                        .await?;
                    Ok(rows.into_iter().map(LocationStock::from).collect())
                }
                None => {
                    let rows: Vec<WireItem> = inner
                        .get_for_items(
                            &inner.company,
                            "items?$select=number,inventory",
                            "number",
                            items,
                            "inventory totals of the items to confirm",
                        )
                        .await?;
                    Ok(rows.into_iter().map(item_inventory).collect())
                }
            }
        })
    }

    fn price_lines_for_items<'a>(
        &'a self,
        items: &'a [String],
    ) -> BoxFuture<'a, erp::Result<Vec<PriceListLine>>> {
        Box::pin(async move {
            let inner = &self.inner;
            match &inner.custom_company {
                Some(custom) => {
                    let rows: Vec<WirePriceListLine> = inner
                        .get_for_items(
                            custom,
                            "priceListLines",
                            "itemNumber",
                            items,
                            "price list lines of the items to confirm",
                        )
                        .await?;
                    let local = inner.local_currency().await?;
                    Ok(rows
                        .into_iter()
                        .filter_map(WirePriceListLine::into_active)
                        .map(|l| in_currency(l, &local))
                        .collect())
                }
                None => {
                    let rows: Vec<WireItem> = inner
                        .get_for_items(
                            &inner.company,
                            "items?$select=number,unitPrice",
                            "number",
                            items,
                            "unit prices of the items to confirm",
                        )
                        .await?;
                    let local = inner.local_currency().await?;
                    Ok(rows
                        .into_iter()
                        .map(|w| in_currency(item_unit_price(w), &local))
                        .collect())
                }
            }
        })
    }

    fn locations(&self) -> BoxFuture<'_, erp::Result<Vec<Location>>> {
        Box::pin(async move {
            let inner = &self.inner;
            let rows: Vec<WireLocation> = inner
                .get_all(inner.url(&inner.company, "locations"), "locations")
                .await?;
            Ok(rows
                .into_iter()
                .map(|l| Location {
                    name: if l.display_name.is_empty() {
                        l.code.clone()
                    } else {
                        l.display_name
                    },
                    code: l.code,
                })
                .collect())
        })
    }

    fn price_lists(&self) -> BoxFuture<'_, erp::Result<Vec<String>>> {
        Box::pin(async move {
            let inner = &self.inner;
            let Some(custom) = &inner.custom_company else {
                return Err(Error::Unsupported {
                    erp: ERP,
                    what: "list price lists".to_owned(),
                    why: "the standard API has no price lists; install the Driftwatch extension"
                        .to_owned(),
                });
            };
            let rows: Vec<WirePriceListLine> = inner
                .get_all(
                    inner.url(custom, "priceListLines?$select=priceListCode,status"),
                    "price lists",
                )
                .await?;
            let mut codes: Vec<String> = rows.into_iter().map(|r| r.price_list_code).collect();
            codes.sort();
            codes.dedup();
            Ok(codes)
        })
    }

    fn create_sales_order<'a>(
        &'a self,
        order: &'a NewSalesOrder,
    ) -> BoxFuture<'a, erp::Result<CreateOutcome>> {
        Box::pin(async move {
            // externalDocumentNumber is not unique in BC: look before writing,
            // so a retried replay never makes a duplicate.
            if let Some(existing) = self
                .find_orders_by_reference(&order.external_reference)
                .await?
                .into_iter()
                .next()
            {
                return Ok(CreateOutcome::AlreadyExists { order: existing });
            }
            let body = serde_json::json!({
                "externalDocumentNumber": order.external_reference,
                "customerNumber": order.customer_number,
                "orderDate": order.order_date.to_string(),
                "currencyCode": order.currency,
                "salesOrderLines": order.lines.iter().map(|line| serde_json::json!({
                    "lineType": "Item",
                    "lineObjectNumber": line.item_number,
                    "quantity": json_number(line.quantity),
                    "unitPrice": json_number(line.unit_price),
                })).collect::<Vec<_>>(),
            });
            let inner = &self.inner;
            let url = inner.url(&inner.company, "salesOrders?$expand=salesOrderLines");
            let mut attempt = 0;
            loop {
                attempt += 1;
                let sent = inner
                    .http
                    .post::<WireSalesOrder>(&url, &body, "create sales order")
                    .await;
                match sent {
                    Ok(created) => {
                        return Ok(CreateOutcome::Created {
                            order: created.into(),
                        });
                    }
                    Err(Error::GaveUp { .. }) if attempt < inner.http.max_attempts() => {
                        // The order may exist although the reply was lost:
                        // look before sending it again.
                        let reference = &order.external_reference;
                        let found = self.find_orders_by_reference(reference).await?;
                        if let Some(order) = found.into_iter().next() {
                            return Ok(CreateOutcome::Created { order });
                        }
                        tokio::time::sleep(inner.http.backoff(attempt)).await;
                    }
                    Err(error) => return Err(error),
                }
            }
        })
    }
}

/// What the connector offers; stock per location and price lists need the
/// Driftwatch extension's API pages.
pub(crate) fn capabilities(extension: bool) -> Capabilities {
    Capabilities {
        sales_orders: true,
        posted_invoices: true,
        stock: if extension {
            StockFigure::OnHandPerLocation
        } else {
            StockFigure::OnHandTotalOnly
        },
        // Item ledger entries give quantity on hand only; reservations are not read.
        available_stock: false,
        price_lists: extension,
        create_sales_order: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(filter: &str) -> String {
        percent_encoding::percent_decode_str(filter)
            .decode_utf8()
            .unwrap()
            .into_owned()
    }

    #[test]
    fn item_filters_quote_encode_and_chunk() {
        let mut items: Vec<String> = (1..=85).map(|i| format!("I{i:03}")).collect();
        items.extend(["O'Brien", "A&B#C+D%", "", "i001"].map(String::from));
        let filters = item_filters("itemNumber", &items);
        assert_eq!(filters.len(), 3);
        assert!(
            filters
                .iter()
                .all(|f| !f.contains([' ', '\'', '&', '#', '+']))
        );
        let first = decoded(&filters[0]);
        assert!(first.starts_with("itemNumber eq 'I001' or itemNumber eq 'I002'"));
        assert_eq!(first.matches(" or ").count(), ITEMS_PER_REQUEST - 1);
        let last = decoded(&filters[2]);
        assert!(
            last.ends_with("itemNumber eq 'O''Brien' or itemNumber eq 'A&B#C+D%'"),
            "{last}"
        );
        assert!(
            !last.contains("'i001'"),
            "a repeat in another case is asked once"
        );
        assert!(item_filters("number", &[]).is_empty());
    }

    #[test]
    fn long_item_numbers_make_smaller_chunks() {
        let items: Vec<String> = (0..40).map(|i| format!("{i:0>100}")).collect();
        let filters = item_filters("number", &items);
        assert!(filters.len() > 1);
        assert!(filters.iter().all(|f| f.len() <= MAX_FILTER_CHARS));
    }
}
