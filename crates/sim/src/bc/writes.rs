//! `POST .../salesOrders` with nested `salesOrderLines` (a deep insert): what a replay of a
//! missing order writes. Validation follows Business Central's messages for what clients get
//! wrong (unknown properties, missing customer, unknown item or currency, an external document
//! number over 35 characters). Business Central does not enforce unique
//! `externalDocumentNumber`s, so neither does this: posting twice makes a duplicate.
//!
//! Taxes are the service's to compute: lines with `taxCode` `TAXABLE` carry 8.25% (the rate
//! of the generated orders), others none. New orders start as `Draft`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::NaiveDate;
use serde_json::{Map, Value as Json};

use super::errors::BcError;
use super::ids::{IdKind, parse_guid};
use super::odata::Query;
use super::routes::{Request, ok_json};
use super::sets::sales::{SALES_ORDER, SALES_ORDER_LINE, order_record};
use crate::dataset::{day_start, product_name};
use crate::json::Money;
use crate::world::{ErpCustomer, ErpDocument, ErpLine, LineKind, SalesStatus};

/// The rate behind tax code `TAXABLE`, in basis points.
const TAXABLE_BP: i64 = 825;

fn unknown_property(name: &str, entity_type: &str) -> BcError {
    BcError::bad_request(format!(
        "The property '{name}' does not exist on type 'Microsoft.NAV.{entity_type}'. Make sure \
         to only use property names that are defined by the type or mark the type as open type."
    ))
}

fn text<'a>(obj: &'a Map<String, Json>, key: &str) -> Option<&'a str> {
    obj.get(key).and_then(Json::as_str)
}

fn cents(obj: &Map<String, Json>, key: &str) -> Result<Option<Money>, BcError> {
    match obj.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(v) => v
            .as_f64()
            .map(|f| Some(Money((f * 100.0).round() as i64)))
            .ok_or_else(|| {
                BcError::bad_request(format!(
                    "Cannot convert the value of '{key}' to the expected type 'Edm.Decimal'."
                ))
            }),
    }
}

pub(crate) fn create_order(req: &Request<'_>, context: &str) -> Result<Response, BcError> {
    let q = Query::parse(req.query, &SALES_ORDER, &["number", "id"])?;
    let body: Json = serde_json::from_slice(req.body)
        .map_err(|_| BcError::bad_request("Invalid Request Body"))?;
    let obj = body
        .as_object()
        .ok_or_else(|| BcError::bad_request("Invalid Request Body"))?;
    for key in obj.keys() {
        if SALES_ORDER.prop(key).is_none() && key != "salesOrderLines" && !key.starts_with('@') {
            return Err(unknown_property(key, "salesOrder"));
        }
    }
    let ctx = req.ctx();
    let customer_number = match (text(obj, "customerNumber"), text(obj, "customerId")) {
        (Some(n), _) if !n.is_empty() => n.to_string(),
        (_, Some(id)) => match parse_guid(ctx.seed, IdKind::Customer, id) {
            Some(k) => format!("C{k:05}"),
            None => {
                return Err(BcError::new(
                    StatusCode::BAD_REQUEST,
                    "Internal_RecordNotFound",
                    format!(
                        "The Customer does not exist. Identification fields and values: Id='{id}'"
                    ),
                ));
            }
        },
        _ => {
            return Err(BcError::new(
                StatusCode::BAD_REQUEST,
                "Application_DialogException",
                "A customerNumber or a customerID must be provided.",
            ));
        }
    };
    let external = text(obj, "externalDocumentNumber")
        .unwrap_or_default()
        .to_string();
    if external.chars().count() > 35 {
        return Err(BcError::new(
            StatusCode::BAD_REQUEST,
            "Application_StringExceededLength",
            format!(
                "The length of the string is {}, but it must be less than or equal to 35 \
                 characters. Value: {external}",
                external.chars().count()
            ),
        ));
    }
    let now_ms = req.state.now_ms();
    let order_date = match text(obj, "orderDate") {
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc().timestamp())
            .ok_or_else(|| {
                BcError::bad_request(format!(
                    "Cannot convert the literal '{d}' to the expected type 'Edm.Date'."
                ))
            })?,
        None => day_start(now_ms / 1000),
    };
    let currency = match text(obj, "currencyCode").unwrap_or_default() {
        "" | "USD" => "USD",
        "EUR" => "EUR",
        other => {
            return Err(BcError::invalid_relation(
                "Currency Code",
                "Sales Header",
                other,
                "Currency",
            ));
        }
    };
    let mut lines = Vec::new();
    if let Some(raw) = obj.get("salesOrderLines") {
        let items = raw
            .as_array()
            .ok_or_else(|| BcError::bad_request("Invalid Request Body"))?;
        for item in items {
            lines.push(line(req, item)?);
        }
    }
    let doc = req.state.create(|seq| ErpDocument {
        seq,
        external,
        order_date,
        currency: currency.to_string(),
        customer: ErpCustomer {
            number: customer_number.clone(),
            name: format!("Customer {customer_number}"),
            contact: String::new(),
            street: String::new(),
            city: String::new(),
            state: String::new(),
            country: "US".to_string(),
            post_code: String::new(),
            email: String::new(),
            phone: String::new(),
        },
        lines,
        status: SalesStatus::Draft,
        last_modified_ms: now_ms,
    });
    let record = order_record(&ctx, &doc, q.expands("salesOrderLines"));
    let body = req.entity_body(&record, &format!("{context}/$entity"), &q)?;
    let mut resp = ok_json(StatusCode::CREATED, body);
    let location = format!(
        "{}/{context}({})",
        req.api_root(),
        ctx.guid(IdKind::SalesOrder, doc.seq)
    );
    if let Ok(v) = HeaderValue::from_str(&location) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    Ok(resp)
}

/// One nested line.
fn line(req: &Request<'_>, raw: &Json) -> Result<ErpLine, BcError> {
    let obj = raw
        .as_object()
        .ok_or_else(|| BcError::bad_request("Invalid Request Body"))?;
    for key in obj.keys() {
        if SALES_ORDER_LINE.prop(key).is_none() && !key.starts_with('@') {
            return Err(unknown_property(key, "salesOrderLine"));
        }
    }
    let ctx = req.ctx();
    let kind = match text(obj, "lineType").unwrap_or("Item") {
        "Item" => LineKind::Item,
        "Account" => LineKind::Account,
        other => {
            return Err(BcError::new(
                StatusCode::BAD_REQUEST,
                "Application_EvaluateException",
                format!(
                    "'{other}' is not an option. The existing options are: Comment,Account,Item,\
                     Resource,Fixed Asset,Charge"
                ),
            ));
        }
    };
    let (number, description, default_price) = match kind {
        LineKind::Item => {
            let j = match (text(obj, "lineObjectNumber"), text(obj, "itemId")) {
                (Some(n), _) if !n.is_empty() => ctx
                    .item_index(n)
                    .ok_or_else(|| BcError::invalid_relation("No.", "Sales Line", n, "Item"))?,
                (_, Some(id)) => parse_guid(ctx.seed, IdKind::Item, id)
                    .filter(|j| *j >= 1 && *j <= ctx.item_count())
                    .ok_or_else(|| BcError::invalid_relation("No.", "Sales Line", id, "Item"))?,
                _ => {
                    return Err(BcError::bad_request(
                        "An item line needs lineObjectNumber or itemId.",
                    ));
                }
            };
            (
                crate::dataset::sku(j),
                product_name(ctx.world.cfg(), j),
                ctx.world
                    .prices()
                    .base_price(j, false)
                    .unwrap_or(Money::ZERO),
            )
        }
        LineKind::Account => {
            let n = text(obj, "lineObjectNumber")
                .filter(|n| !n.is_empty())
                .ok_or_else(|| BcError::bad_request("An account line needs lineObjectNumber."))?;
            (n.to_string(), String::new(), Money::ZERO)
        }
    };
    let quantity = match obj.get("quantity") {
        None | Some(Json::Null) => 0.0,
        Some(v) => v.as_f64().filter(|q| *q >= 0.0).ok_or_else(|| {
            BcError::bad_request("Quantity must be a number that is not negative.")
        })?,
    };
    let unit_price = cents(obj, "unitPrice")?.unwrap_or(default_price);
    let discount = cents(obj, "discountAmount")?.unwrap_or(Money::ZERO);
    let amount_excl = Money((unit_price.0 as f64 * quantity).round() as i64 - discount.0);
    let taxable = text(obj, "taxCode").is_some_and(|c| c.eq_ignore_ascii_case("TAXABLE"));
    let tax = if taxable {
        Money((amount_excl.0 * TAXABLE_BP + 5_000).div_euclid(10_000))
    } else {
        Money::ZERO
    };
    Ok(ErpLine {
        kind,
        number,
        description: text(obj, "description").map_or(description, str::to_string),
        quantity,
        unit_price,
        discount,
        tax,
        tax_percent: if taxable {
            TAXABLE_BP as f64 / 100.0
        } else {
            0.0
        },
        amount_excl,
    })
}
