//! Sales orders shaped like `GET /V1/orders/{id}` (see `order_get_response.json`).
//!
//! Amounts are built from per-line atoms in the base currency (USD): price, discount, tax and
//! shipping; order-currency atoms are those converted, and every total on either side is a sum
//! of its own atoms, so `grand_total = subtotal + tax + shipping + discount` holds exactly.
//! A configurable product is two rows, as Magento stores it: the priced parent
//! (`product_type: "configurable"`, `sku` = the child's SKU) and the child (`price` 0,
//! `parent_item_id`, nested `parent_item`).

use serde::Serialize;

use super::names::{EU_ADDRESSES, FIRST_NAMES, LAST_NAMES, US_ADDRESSES};
use super::products::{family_name, product_name, product_price, product_weight};
use super::{DAY, Draws, Stream, draw, sku};
use crate::config::SimConfig;
use crate::json::{Decimal, Money, Timestamp};

/// Order state; each has one status here (`new` is `pending`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderState {
    New,
    Processing,
    Complete,
    Closed,
    Canceled,
    Holded,
}

impl OrderState {
    pub fn state(self) -> &'static str {
        match self {
            OrderState::New => "new",
            OrderState::Processing => "processing",
            OrderState::Complete => "complete",
            OrderState::Closed => "closed",
            OrderState::Canceled => "canceled",
            OrderState::Holded => "holded",
        }
    }

    pub fn status(self) -> &'static str {
        match self {
            OrderState::New => "pending",
            other => other.state(),
        }
    }

    fn invoiced(self) -> bool {
        matches!(
            self,
            OrderState::Processing | OrderState::Complete | OrderState::Closed | OrderState::Holded
        )
    }

    fn shipped(self) -> bool {
        matches!(self, OrderState::Complete | OrderState::Closed)
    }
}

/// A full order. Field order follows Magento's output; `None` fields are omitted.
#[derive(Debug, Clone, Serialize)]
pub struct Order {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applied_rule_ids: Option<String>,
    pub base_currency_code: &'static str,
    pub base_discount_amount: Money,
    pub base_grand_total: Money,
    pub base_discount_tax_compensation_amount: Money,
    pub base_shipping_amount: Money,
    pub base_shipping_discount_amount: Money,
    pub base_shipping_incl_tax: Money,
    pub base_shipping_tax_amount: Money,
    pub base_subtotal: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_subtotal_canceled: Option<Money>,
    pub base_subtotal_incl_tax: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_subtotal_invoiced: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_subtotal_refunded: Option<Money>,
    pub base_tax_amount: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_total_canceled: Option<Money>,
    pub base_total_due: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_total_invoiced: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_total_offline_refunded: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_total_paid: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_total_refunded: Option<Money>,
    pub base_to_global_rate: Decimal,
    pub base_to_order_rate: Decimal,
    pub billing_address_id: u64,
    pub created_at: Timestamp,
    pub customer_email: String,
    pub customer_firstname: String,
    pub customer_group_id: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<u64>,
    pub customer_is_guest: u8,
    pub customer_lastname: String,
    pub customer_note_notify: u8,
    pub discount_amount: Money,
    pub email_sent: u8,
    pub entity_id: u64,
    pub global_currency_code: &'static str,
    pub grand_total: Money,
    pub discount_tax_compensation_amount: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hold_before_state: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hold_before_status: Option<&'static str>,
    pub increment_id: String,
    pub is_virtual: u8,
    pub order_currency_code: &'static str,
    pub protect_code: String,
    pub quote_id: u64,
    pub shipping_amount: Money,
    pub shipping_description: &'static str,
    pub shipping_discount_amount: Money,
    pub shipping_discount_tax_compensation_amount: Money,
    pub shipping_incl_tax: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_invoiced: Option<Money>,
    pub shipping_tax_amount: Money,
    pub state: &'static str,
    pub status: &'static str,
    pub store_currency_code: &'static str,
    pub store_id: u32,
    pub store_name: &'static str,
    pub store_to_base_rate: Decimal,
    pub store_to_order_rate: Decimal,
    pub subtotal: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtotal_canceled: Option<Money>,
    pub subtotal_incl_tax: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtotal_invoiced: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtotal_refunded: Option<Money>,
    pub tax_amount: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax_invoiced: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_canceled: Option<Money>,
    pub total_due: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_invoiced: Option<Money>,
    pub total_item_count: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_offline_refunded: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_paid: Option<Money>,
    pub total_qty_ordered: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_refunded: Option<Money>,
    pub updated_at: Timestamp,
    pub weight: Decimal,
    pub items: Vec<OrderItem>,
    pub billing_address: Address,
    pub payment: Payment,
    pub status_histories: Vec<serde_json::Value>,
    pub extension_attributes: OrderExtensionAttributes,
}

/// One row of `items` (`sales-data-order-item-interface`).
#[derive(Debug, Clone, Serialize)]
pub struct OrderItem {
    pub amount_refunded: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applied_rule_ids: Option<String>,
    pub base_amount_refunded: Money,
    pub base_discount_amount: Money,
    pub base_discount_invoiced: Money,
    pub base_discount_tax_compensation_amount: Money,
    pub base_original_price: Money,
    pub base_price: Money,
    pub base_price_incl_tax: Money,
    pub base_row_invoiced: Money,
    pub base_row_total: Money,
    pub base_row_total_incl_tax: Money,
    pub base_tax_amount: Money,
    pub base_tax_invoiced: Money,
    pub created_at: Timestamp,
    pub discount_amount: Money,
    pub discount_invoiced: Money,
    pub discount_percent: Decimal,
    pub free_shipping: u8,
    pub discount_tax_compensation_amount: Money,
    pub is_qty_decimal: u8,
    pub is_virtual: u8,
    pub item_id: u64,
    pub name: String,
    pub no_discount: u8,
    pub order_id: u64,
    pub original_price: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_item_id: Option<u64>,
    pub price: Money,
    pub price_incl_tax: Money,
    pub product_id: u64,
    pub product_type: &'static str,
    pub qty_canceled: Decimal,
    pub qty_invoiced: Decimal,
    pub qty_ordered: Decimal,
    pub qty_refunded: Decimal,
    pub qty_shipped: Decimal,
    pub quote_item_id: u64,
    pub row_invoiced: Money,
    pub row_total: Money,
    pub row_total_incl_tax: Money,
    pub row_weight: Decimal,
    pub sku: String,
    pub store_id: u32,
    pub tax_amount: Money,
    pub tax_invoiced: Money,
    pub tax_percent: Decimal,
    pub updated_at: Timestamp,
    pub weight: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_item: Option<Box<OrderItem>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Address {
    pub address_type: &'static str,
    pub city: String,
    pub country_id: String,
    pub email: String,
    pub entity_id: u64,
    pub firstname: String,
    pub lastname: String,
    pub parent_id: u64,
    pub postcode: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_id: Option<u32>,
    pub street: Vec<String>,
    pub telephone: String,
}

/// The order's payment. `account_status` and `cc_last4` come back as explicit nulls in
/// Magento's own sample, so they are kept that way.
#[derive(Debug, Clone, Serialize)]
pub struct Payment {
    pub account_status: Option<String>,
    pub additional_information: Vec<String>,
    pub amount_ordered: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_paid: Option<Money>,
    pub base_amount_ordered: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_amount_paid: Option<Money>,
    pub base_shipping_amount: Money,
    pub cc_last4: Option<String>,
    pub entity_id: u64,
    pub method: &'static str,
    pub parent_id: u64,
    pub shipping_amount: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrderExtensionAttributes {
    pub shipping_assignments: Vec<ShippingAssignment>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShippingAssignment {
    pub shipping: Shipping,
    pub items: Vec<OrderItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Shipping {
    pub address: Address,
    pub method: &'static str,
    pub total: ShippingTotal,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShippingTotal {
    pub base_shipping_amount: Money,
    pub base_shipping_discount_amount: Money,
    pub base_shipping_incl_tax: Money,
    pub base_shipping_tax_amount: Money,
    pub shipping_amount: Money,
    pub shipping_discount_amount: Money,
    pub shipping_discount_tax_compensation_amount: Money,
    pub shipping_incl_tax: Money,
    pub shipping_tax_amount: Money,
}

/// A change applied to an order while the simulator runs (the read-time faults).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OrderOverride {
    pub state: OrderState,
    /// Set for orders inserted at run time; generated orders keep theirs.
    pub created_at: Option<i64>,
    pub updated_at: i64,
}

/// The cheap fields search filters look at on every row, computed without building lines.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OrderHead {
    pub state: OrderState,
    pub created_at: i64,
    pub updated_at: i64,
    pub eur: bool,
}

const SALT_STATE: u64 = 1;
const SALT_CREATED: u64 = 2;
const SALT_UPDATED: u64 = 3;
const SALT_CURRENCY: u64 = 4;
const SALT_CONFIGURABLE: u64 = 5;

/// Orders newest enough to land in the last 30 minutes before `now`.
const RECENT: u64 = 5;
/// The store's base currency: catalogue prices and base amounts are in it.
pub(crate) const BASE_CURRENCY: &str = "USD";
/// 1 USD in EUR, the rate of EUR orders.
pub(crate) const EUR_RATE_PERCENT: i64 = 92;
const STORE_NAME: &str = "Main Website\nMain Website Store\n";

/// The customer-visible number of order `id`: nine digits, zero-padded.
pub fn increment_id(id: u64) -> String {
    format!("{id:09}")
}

/// Generated order `id` (`1..=orders`), before any fault changed it.
pub fn order(cfg: &SimConfig, id: u64) -> Option<Order> {
    (1..=cfg.orders)
        .contains(&id)
        .then(|| build_order(cfg, id, None))
}

/// Whether order `id` holds a configurable product (about 15% do; it is the first line).
pub fn is_configurable(cfg: &SimConfig, id: u64) -> bool {
    configurable_raw(cfg.seed, id)
}

fn configurable_raw(seed: u64, id: u64) -> bool {
    draw(seed, Stream::Order, id, SALT_CONFIGURABLE) % 100 < 15
}

/// The generated orders holding a configurable product, ascending.
pub fn configurable_order_ids(cfg: &SimConfig) -> impl Iterator<Item = u64> + use<> {
    let (seed, n) = (cfg.seed, cfg.orders);
    (1..=n).filter(move |id| configurable_raw(seed, *id))
}

fn generated_state(cfg: &SimConfig, id: u64) -> OrderState {
    match draw(cfg.seed, Stream::Order, id, SALT_STATE) % 100 {
        0..=39 => OrderState::Processing,
        40..=69 => OrderState::Complete,
        70..=74 => OrderState::Closed,
        75..=84 => OrderState::New,
        85..=94 => OrderState::Canceled,
        _ => OrderState::Holded,
    }
}

/// Non-decreasing in `id`: the last [`RECENT`] orders fall in the 30 minutes before `now`,
/// the others spread over the 30 days before that.
fn generated_created_at(cfg: &SimConfig, id: u64) -> i64 {
    let now = cfg.now.timestamp();
    let n = cfg.orders;
    let recent = n.min(RECENT);
    let older = n - recent;
    let jitter = draw(cfg.seed, Stream::Order, id, SALT_CREATED);
    if id > older {
        let spacing = 1800 / (recent as i64 + 1);
        let r = (id - older) as i64;
        return now - 1800 + r * spacing + (jitter % spacing as u64) as i64;
    }
    let span = (30 * DAY - 31 * 60) as u128;
    let start = now - 30 * DAY;
    // Each id gets a slot of `span / older` seconds and a point inside it, which keeps the
    // sequence non-decreasing.
    let offset = ((id - 1) as u128 * span + (jitter as u128 % span)) / older as u128;
    start + offset as i64
}

fn generated_updated_at(cfg: &SimConfig, id: u64, state: OrderState, created: i64) -> i64 {
    let h = draw(cfg.seed, Stream::Order, id, SALT_UPDATED);
    let (lo, hi) = match state {
        OrderState::New => (0, 120),
        OrderState::Processing => (60, 7200),
        OrderState::Complete => (DAY, 7 * DAY),
        OrderState::Closed => (7 * DAY, 20 * DAY),
        OrderState::Canceled => (3600, 3 * DAY),
        OrderState::Holded => (3600, 2 * DAY),
    };
    let delta = lo + (h % (hi - lo) as u64) as i64;
    let now = cfg.now.timestamp();
    if created + delta < now {
        return created + delta;
    }
    // Recent orders: somewhere between creation and now, never exactly now.
    created + ((h >> 20) % (now - created).max(1) as u64) as i64
}

/// The filterable head of order `id`, honouring a run-time override.
pub(crate) fn order_head(cfg: &SimConfig, id: u64, ov: Option<&OrderOverride>) -> OrderHead {
    let eur = draw(cfg.seed, Stream::Order, id, SALT_CURRENCY).is_multiple_of(10);
    if let Some(ov) = ov {
        let created_at = ov
            .created_at
            .unwrap_or_else(|| generated_created_at(cfg, id));
        return OrderHead {
            state: ov.state,
            created_at,
            updated_at: ov.updated_at,
            eur,
        };
    }
    let state = generated_state(cfg, id);
    let created_at = generated_created_at(cfg, id);
    OrderHead {
        state,
        created_at,
        updated_at: generated_updated_at(cfg, id, state, created_at),
        eur,
    }
}

/// One currency side of a line's amounts.
#[derive(Debug, Clone, Copy, Default)]
struct Amounts {
    price: i64,
    discount: i64,
    tax: i64,
}

impl Amounts {
    fn row(&self, qty: i64) -> i64 {
        self.price * qty
    }
}

struct Line {
    j: u64,
    qty: i64,
    configurable: bool,
    base: Amounts,
    order: Amounts,
}

/// Builds order `id` in full. Ids above `cfg.orders` (inserted at run time) need an override
/// carrying their `created_at`.
pub(crate) fn build_order(cfg: &SimConfig, id: u64, ov: Option<&OrderOverride>) -> Order {
    let head = order_head(cfg, id, ov);
    let state = head.state;
    let mut d = Draws::new(cfg.seed, Stream::Order, id);
    let to_order = |base: i64| {
        if head.eur {
            (base * EUR_RATE_PERCENT + 50).div_euclid(100)
        } else {
            base
        }
    };

    // Lines: distinct products, spaced so they never collide.
    let skus = cfg.skus.max(1);
    let n_lines = (1 + d.below(4)).min(skus);
    let first = d.below(skus);
    let step = 1 + d.below((skus / n_lines).max(1));
    let discounted = d.chance(20);
    let taxed = d.chance(30);
    let tax_bp: i64 = if taxed { 825 } else { 0 };
    let configurable = configurable_raw(cfg.seed, id);
    let lines: Vec<Line> = (0..n_lines)
        .map(|i| {
            let j = 1 + (first + i * step) % skus;
            let qty = match d.below(10) {
                0..=6 => 1,
                7 | 8 => 2,
                _ => 3,
            };
            let price = product_price(cfg, j).cents();
            let row = price * qty;
            let discount = if discounted { (row + 5) / 10 } else { 0 };
            let tax = ((row - discount) * tax_bp + 5_000) / 10_000;
            let base = Amounts {
                price,
                discount,
                tax,
            };
            let order = Amounts {
                price: to_order(price),
                discount: to_order(discount),
                tax: to_order(tax),
            };
            Line {
                j,
                qty,
                configurable: configurable && i == 0,
                base,
                order,
            }
        })
        .collect();

    let shipping_b: i64 = *d.pick(&[0, 500, 500, 795, 1000]);
    let shipping_o = to_order(shipping_b);
    let (shipping_method, shipping_description) = match shipping_b {
        0 => ("freeshipping_freeshipping", "Free Shipping - Free"),
        500 => ("flatrate_flatrate", "Flat Rate - Fixed"),
        _ => ("tablerate_bestway", "Best Way - Table Rate"),
    };

    let sum = |f: &dyn Fn(&Line) -> i64| lines.iter().map(f).sum::<i64>();
    let subtotal_b = sum(&|l| l.base.row(l.qty));
    let subtotal_o = sum(&|l| l.order.row(l.qty));
    let tax_b = sum(&|l| l.base.tax);
    let tax_o = sum(&|l| l.order.tax);
    let discount_b = sum(&|l| l.base.discount);
    let discount_o = sum(&|l| l.order.discount);
    let grand_b = subtotal_b + tax_b + shipping_b - discount_b;
    let grand_o = subtotal_o + tax_o + shipping_o - discount_o;
    let total_qty: i64 = sum(&|l| l.qty);
    let weight: f64 = lines
        .iter()
        .map(|l| product_weight(cfg, l.j).0 * l.qty as f64)
        .sum();

    let created = Timestamp(head.created_at);
    let updated = Timestamp(head.updated_at);
    let rule = discounted.then(|| "1".to_string());
    let invoiced = state.invoiced();
    let closed = state == OrderState::Closed;
    let canceled = state == OrderState::Canceled;
    let when = |cond: bool, cents: i64| cond.then_some(Money(cents));

    let ctx = RowContext {
        cfg,
        order_id: id,
        state,
        created,
        updated,
        rule: rule.clone(),
        discounted,
        tax_bp,
    };
    let items = item_rows(&ctx, &lines);

    // Customer: 70% registered (a pool of 5,000 who come back), the rest guests.
    let registered = d.chance(70);
    let customer_key = if registered {
        1 + d.below(5000)
    } else {
        1_000_000 + id
    };
    let mut c = Draws::new(cfg.seed, Stream::Customer, customer_key);
    let firstname = c.pick(FIRST_NAMES).to_string();
    let lastname = c.pick(LAST_NAMES).to_string();
    let email = format!(
        "{}.{}{}@example.com",
        ascii_lower(&firstname),
        ascii_lower(&lastname),
        customer_key
    );
    let parts = if head.eur {
        *c.pick(EU_ADDRESSES)
    } else {
        *c.pick(US_ADDRESSES)
    };
    let telephone = format!("512-555-{:04}", customer_key % 10_000);
    let address = |address_type: &'static str, entity_id: u64| Address {
        address_type,
        city: parts.1.to_string(),
        country_id: parts.6.to_string(),
        email: email.clone(),
        entity_id,
        firstname: firstname.clone(),
        lastname: lastname.clone(),
        parent_id: id,
        postcode: parts.5.to_string(),
        region: parts.2.map(str::to_string),
        region_code: parts.3.map(str::to_string),
        region_id: parts.4,
        street: vec![parts.0.to_string()],
        telephone: telephone.clone(),
    };
    let billing_address = address("billing", id * 2);
    let shipping_address = address("shipping", id * 2 - 1);

    let (method, title) = *d.pick(&[
        ("checkmo", "Check / Money order"),
        ("banktransfer", "Bank Transfer Payment"),
        ("purchaseorder", "Purchase Order"),
    ]);
    let protect_code = format!("{:06x}", d.next_u64() & 0x00ff_ffff);
    let currency = if head.eur { "EUR" } else { "USD" };
    let paid_o = if invoiced { grand_o } else { 0 };
    let paid_b = if invoiced { grand_b } else { 0 };
    let hold = (state == OrderState::Holded).then_some("processing");

    Order {
        applied_rule_ids: rule.clone(),
        base_currency_code: BASE_CURRENCY,
        base_discount_amount: Money(-discount_b),
        base_grand_total: Money(grand_b),
        base_discount_tax_compensation_amount: Money::ZERO,
        base_shipping_amount: Money(shipping_b),
        base_shipping_discount_amount: Money::ZERO,
        base_shipping_incl_tax: Money(shipping_b),
        base_shipping_tax_amount: Money::ZERO,
        base_subtotal: Money(subtotal_b),
        base_subtotal_canceled: when(canceled, subtotal_b),
        base_subtotal_incl_tax: Money(subtotal_b + tax_b),
        base_subtotal_invoiced: when(invoiced, subtotal_b),
        base_subtotal_refunded: when(closed, subtotal_b),
        base_tax_amount: Money(tax_b),
        base_total_canceled: when(canceled, grand_b),
        base_total_due: Money(grand_b - paid_b),
        base_total_invoiced: when(invoiced, grand_b),
        base_total_offline_refunded: when(closed, grand_b),
        base_total_paid: when(invoiced, grand_b),
        base_total_refunded: when(closed, grand_b),
        base_to_global_rate: Decimal(1.0),
        base_to_order_rate: Decimal(if head.eur {
            EUR_RATE_PERCENT as f64 / 100.0
        } else {
            1.0
        }),
        billing_address_id: id * 2,
        created_at: created,
        customer_email: email.clone(),
        customer_firstname: firstname.clone(),
        customer_group_id: u32::from(registered),
        customer_id: registered.then_some(customer_key),
        customer_is_guest: u8::from(!registered),
        customer_lastname: lastname.clone(),
        customer_note_notify: 1,
        discount_amount: Money(-discount_o),
        email_sent: 1,
        entity_id: id,
        global_currency_code: "USD",
        grand_total: Money(grand_o),
        discount_tax_compensation_amount: Money::ZERO,
        hold_before_state: hold,
        hold_before_status: hold,
        increment_id: increment_id(id),
        is_virtual: 0,
        order_currency_code: currency,
        protect_code,
        quote_id: id + 1,
        shipping_amount: Money(shipping_o),
        shipping_description,
        shipping_discount_amount: Money::ZERO,
        shipping_discount_tax_compensation_amount: Money::ZERO,
        shipping_incl_tax: Money(shipping_o),
        shipping_invoiced: when(invoiced, shipping_o),
        shipping_tax_amount: Money::ZERO,
        state: state.state(),
        status: state.status(),
        store_currency_code: "USD",
        store_id: 1,
        store_name: STORE_NAME,
        store_to_base_rate: Decimal(0.0),
        store_to_order_rate: Decimal(0.0),
        subtotal: Money(subtotal_o),
        subtotal_canceled: when(canceled, subtotal_o),
        subtotal_incl_tax: Money(subtotal_o + tax_o),
        subtotal_invoiced: when(invoiced, subtotal_o),
        subtotal_refunded: when(closed, subtotal_o),
        tax_amount: Money(tax_o),
        tax_invoiced: when(invoiced, tax_o),
        total_canceled: when(canceled, grand_o),
        total_due: Money(grand_o - paid_o),
        total_invoiced: when(invoiced, grand_o),
        total_item_count: lines.len() as u32,
        total_offline_refunded: when(closed, grand_o),
        total_paid: when(invoiced, grand_o),
        total_qty_ordered: Decimal(total_qty as f64),
        total_refunded: when(closed, grand_o),
        updated_at: updated,
        weight: Decimal(weight),
        billing_address,
        payment: Payment {
            account_status: None,
            additional_information: vec![title.to_string(), String::new()],
            amount_ordered: Money(grand_o),
            amount_paid: when(invoiced, grand_o),
            base_amount_ordered: Money(grand_b),
            base_amount_paid: when(invoiced, grand_b),
            base_shipping_amount: Money(shipping_b),
            cc_last4: None,
            entity_id: id,
            method,
            parent_id: id,
            shipping_amount: Money(shipping_o),
        },
        status_histories: Vec::new(),
        extension_attributes: OrderExtensionAttributes {
            shipping_assignments: vec![ShippingAssignment {
                shipping: Shipping {
                    address: shipping_address,
                    method: shipping_method,
                    total: ShippingTotal {
                        base_shipping_amount: Money(shipping_b),
                        base_shipping_discount_amount: Money::ZERO,
                        base_shipping_incl_tax: Money(shipping_b),
                        base_shipping_tax_amount: Money::ZERO,
                        shipping_amount: Money(shipping_o),
                        shipping_discount_amount: Money::ZERO,
                        shipping_discount_tax_compensation_amount: Money::ZERO,
                        shipping_incl_tax: Money(shipping_o),
                        shipping_tax_amount: Money::ZERO,
                    },
                },
                items: items.clone(),
            }],
        },
        items,
    }
}

/// What every item row of one order shares.
struct RowContext<'a> {
    cfg: &'a SimConfig,
    order_id: u64,
    state: OrderState,
    created: Timestamp,
    updated: Timestamp,
    rule: Option<String>,
    discounted: bool,
    tax_bp: i64,
}

/// One row of a line: the configurable child carries zero amounts.
struct RowSpec {
    item_id: u64,
    order: Amounts,
    base: Amounts,
    name: String,
    product_id: u64,
    product_type: &'static str,
}

/// The item rows of an order's lines. Item ids are `order id * 8 + row`: unique store-wide,
/// in creation order, and the parent of a configurable comes right before its child.
fn item_rows(ctx: &RowContext<'_>, lines: &[Line]) -> Vec<OrderItem> {
    let mut items = Vec::with_capacity(lines.len() + 1);
    let mut next_id = ctx.order_id * 8;
    for line in lines {
        let j = line.j;
        if line.configurable {
            let parent = item_row(
                ctx,
                line,
                RowSpec {
                    item_id: next_id,
                    order: line.order,
                    base: line.base,
                    name: family_name(ctx.cfg, j),
                    // The configurable parent is a product outside the simple catalogue.
                    product_id: ctx.cfg.skus + j,
                    product_type: "configurable",
                },
            );
            let mut child = item_row(
                ctx,
                line,
                RowSpec {
                    item_id: next_id + 1,
                    order: Amounts::default(),
                    base: Amounts::default(),
                    name: product_name(ctx.cfg, j),
                    product_id: j,
                    product_type: "simple",
                },
            );
            child.applied_rule_ids = None;
            child.row_weight = Decimal(0.0);
            child.parent_item_id = Some(parent.item_id);
            child.parent_item = Some(Box::new(parent.clone()));
            items.push(parent);
            items.push(child);
            next_id += 2;
        } else {
            items.push(item_row(
                ctx,
                line,
                RowSpec {
                    item_id: next_id,
                    order: line.order,
                    base: line.base,
                    name: product_name(ctx.cfg, j),
                    product_id: j,
                    product_type: "simple",
                },
            ));
            next_id += 1;
        }
    }
    items
}

fn item_row(ctx: &RowContext<'_>, line: &Line, spec: RowSpec) -> OrderItem {
    let state = ctx.state;
    let invoiced = state.invoiced();
    let closed = state == OrderState::Closed;
    let (a, b) = (spec.order, spec.base);
    let qty = line.qty;
    let row_o = a.row(qty);
    let row_b = b.row(qty);
    let weight = product_weight(ctx.cfg, line.j);
    let if_ = |cond: bool, cents: i64| Money(if cond { cents } else { 0 });
    let qty_if = |cond: bool| Decimal(if cond { qty as f64 } else { 0.0 });
    // Per-unit price including tax, rounded to the cent.
    let incl_tax = |amounts: Amounts| Money(amounts.price + (amounts.tax + qty / 2) / qty);
    OrderItem {
        amount_refunded: if_(closed, row_o),
        applied_rule_ids: ctx.rule.clone(),
        base_amount_refunded: if_(closed, row_b),
        base_discount_amount: Money(b.discount),
        base_discount_invoiced: if_(invoiced, b.discount),
        base_discount_tax_compensation_amount: Money::ZERO,
        base_original_price: Money(b.price),
        base_price: Money(b.price),
        base_price_incl_tax: incl_tax(b),
        base_row_invoiced: if_(invoiced, row_b),
        base_row_total: Money(row_b),
        base_row_total_incl_tax: Money(row_b + b.tax),
        base_tax_amount: Money(b.tax),
        base_tax_invoiced: if_(invoiced, b.tax),
        created_at: ctx.created,
        discount_amount: Money(a.discount),
        discount_invoiced: if_(invoiced, a.discount),
        discount_percent: Decimal(if ctx.discounted && a.price > 0 {
            10.0
        } else {
            0.0
        }),
        free_shipping: 0,
        discount_tax_compensation_amount: Money::ZERO,
        is_qty_decimal: 0,
        is_virtual: 0,
        item_id: spec.item_id,
        name: spec.name,
        no_discount: 0,
        order_id: ctx.order_id,
        original_price: Money(a.price),
        parent_item_id: None,
        price: Money(a.price),
        price_incl_tax: incl_tax(a),
        product_id: spec.product_id,
        product_type: spec.product_type,
        qty_canceled: qty_if(state == OrderState::Canceled),
        qty_invoiced: qty_if(invoiced),
        qty_ordered: Decimal(qty as f64),
        qty_refunded: qty_if(closed),
        qty_shipped: qty_if(state.shipped()),
        quote_item_id: spec.item_id + 3,
        row_invoiced: if_(invoiced, row_o),
        row_total: Money(row_o),
        row_total_incl_tax: Money(row_o + a.tax),
        row_weight: Decimal(weight.0 * qty as f64),
        sku: sku(line.j),
        store_id: 1,
        tax_amount: Money(a.tax),
        tax_invoiced: if_(invoiced, a.tax),
        tax_percent: Decimal(if a.price > 0 {
            ctx.tax_bp as f64 / 100.0
        } else {
            0.0
        }),
        updated_at: ctx.updated,
        weight,
        parent_item: None,
    }
}

fn ascii_lower(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> SimConfig {
        SimConfig {
            orders: 3000,
            ..SimConfig::default()
        }
    }

    #[test]
    fn created_at_never_decreases_and_recent_orders_are_recent() {
        let cfg = cfg();
        let now = cfg.now.timestamp();
        let mut last = i64::MIN;
        for id in 1..=cfg.orders {
            let h = order_head(&cfg, id, None);
            assert!(h.created_at >= last, "id {id}");
            assert!(h.updated_at >= h.created_at && h.updated_at < now);
            last = h.created_at;
        }
        assert!(now - last < 1800 && last < now);
        assert!(now - order_head(&cfg, 1, None).created_at <= 30 * DAY);
    }

    #[test]
    fn totals_add_up() {
        let cfg = cfg();
        for id in 1..=300 {
            let o = order(&cfg, id).unwrap();
            let g = o.subtotal.0 + o.tax_amount.0 + o.shipping_amount.0 + o.discount_amount.0;
            assert_eq!(o.grand_total.0, g, "order {id}");
            let rows: i64 = o.items.iter().map(|i| i.row_total.0).sum();
            assert_eq!(rows, o.subtotal.0);
            assert!(o.discount_amount.0 <= 0);
        }
    }
}
