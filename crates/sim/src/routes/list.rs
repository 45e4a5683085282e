//! The shared path of every list route: parse `searchCriteria`, run the search off the async
//! threads, render the `{items, search_criteria, total_count}` envelope, and apply the faults
//! that hit list pages (slow, dropped, malformed) and the read-time order changes.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use super::inventory::{SourceItemsTable, SourcesTable};
use super::orders::OrdersTable;
use super::products::ProductsTable;
use crate::errors::{ApiError, json_response};
use crate::faults::{Fault, hits};
use crate::fields::Fields;
use crate::search::{SearchCriteria, Table, query_pairs, run};
use crate::state::SimState;
use crate::stats::Counters;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ListKind {
    Orders,
    Sources,
    SourceItems,
    Products,
}

impl ListKind {
    /// Whether the route's `getList` takes a mandatory `searchCriteria` (sources' is optional).
    fn requires_criteria(self) -> bool {
        self != ListKind::Sources
    }
}

/// A rendered page, and whether it holds the order the `MalformedOrders` fault poisons.
struct Listed {
    body: Vec<u8>,
    poisoned: bool,
}

pub(super) async fn serve(state: Arc<SimState>, kind: ListKind, query: String) -> Response {
    let n = Counters::bump(&state.counters.list_requests);
    for fault in &state.cfg.faults {
        if let Fault::SlowPages { latency } = fault {
            tokio::time::sleep(*latency).await;
        }
    }
    let worker = state.clone();
    // A search may scan millions of generated rows: keep it off the async worker threads.
    let listed = match tokio::task::spawn_blocking(move || build(&worker, kind, &query)).await {
        Ok(Ok(listed)) => listed,
        Ok(Err(e)) => return e.into_response(),
        Err(_) => return ApiError::internal().into_response(),
    };
    if listed.poisoned {
        Counters::bump(&state.counters.malformed);
        return json_response(StatusCode::OK, truncated(listed.body));
    }
    let drop_every = state.cfg.faults.iter().find_map(|f| match f {
        Fault::DropConnection { every } => Some(*every),
        _ => None,
    });
    if drop_every.is_some_and(|every| hits(n, every)) {
        Counters::bump(&state.counters.dropped);
        return broken(listed.body);
    }
    if kind == ListKind::Orders {
        state
            .orders
            .after_first_page(&state.cfg, state.now(), &state.counters);
    }
    json_response(StatusCode::OK, listed.body)
}

fn build(state: &SimState, kind: ListKind, query: &str) -> Result<Listed, ApiError> {
    let pairs = query_pairs(query);
    let sc = SearchCriteria::parse(&pairs)?;
    if !sc.present && kind.requires_criteria() {
        return Err(ApiError::required("searchCriteria"));
    }
    let fields = pairs
        .iter()
        .find(|(k, _)| k == "fields")
        .and_then(|(_, v)| Fields::parse(v));
    let cfg = &state.cfg;
    let (body, poisoned) = match kind {
        ListKind::Orders => {
            let overlay = state.orders.snapshot();
            let table = OrdersTable::new(cfg, &overlay);
            let poison = cfg.faults.iter().find_map(|f| match f {
                Fault::MalformedOrders { entity_id } => Some(*entity_id),
                _ => None,
            });
            render(state, &table, &sc, |rows| {
                poison.is_some_and(|id| rows.iter().any(|r| r.outer == id))
            })?
        }
        ListKind::Products => render(state, &ProductsTable::new(state), &sc, |_| false)?,
        ListKind::SourceItems => render(state, &SourceItemsTable::new(cfg), &sc, |_| false)?,
        ListKind::Sources => render(state, &SourcesTable::new(cfg), &sc, |_| false)?,
    };
    let body = match fields {
        Some(fields) => {
            let text = std::str::from_utf8(&body).map_err(|_| ApiError::internal())?;
            let mut out = Vec::with_capacity(body.len() / 4);
            fields
                .write_filtered(text, &mut out)
                .map_err(|_| ApiError::internal())?;
            out
        }
        None => body,
    };
    Ok(Listed { body, poisoned })
}

/// Runs the search and writes the envelope; `poisoned` looks at the page's rows.
fn render<T: Table>(
    state: &SimState,
    table: &T,
    sc: &SearchCriteria,
    poisoned: impl Fn(&[crate::search::Row]) -> bool,
) -> Result<(Vec<u8>, bool), ApiError> {
    let size = sc.effective_page_size(state.cfg.input_limits)?;
    let page = run(table, sc, size, sc.page(), state.cfg.paging);
    let mut out = Vec::with_capacity(256 + page.rows.len() * 1024);
    out.extend_from_slice(b"{\"items\":[");
    for (i, row) in page.rows.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        table
            .write_row(*row, &mut out)
            .map_err(|_| ApiError::internal())?;
    }
    out.extend_from_slice(b"],\"search_criteria\":");
    serde_json::to_writer(&mut out, &sc.echo()).map_err(|_| ApiError::internal())?;
    out.extend_from_slice(format!(",\"total_count\":{}}}", page.total).as_bytes());
    Ok((out, poisoned(&page.rows)))
}

/// The first half of a body, cut on a character boundary: valid UTF-8, invalid JSON.
fn truncated(mut body: Vec<u8>) -> Vec<u8> {
    let mut cut = body.len() / 2;
    while cut > 0 && (body[cut] & 0b1100_0000) == 0b1000_0000 {
        cut -= 1;
    }
    body.truncate(cut.max(1));
    body
}

/// A 200 whose body stops halfway: the first half is sent, then (once it had time to reach
/// the socket) the stream fails and the server aborts the connection.
fn broken(body: Vec<u8>) -> Response {
    let first = Bytes::from(truncated(body));
    let stream = futures_util::stream::unfold(0u8, move |step| {
        let first = first.clone();
        async move {
            match step {
                0 => Some((Ok(first), 1)),
                1 => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    let abort = std::io::Error::new(
                        std::io::ErrorKind::ConnectionAborted,
                        "simulated dropped connection",
                    );
                    Some((Err(abort), 2))
                }
                _ => None,
            }
        }
    });
    let mut resp = Response::new(Body::from_stream(stream));
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    resp
}
