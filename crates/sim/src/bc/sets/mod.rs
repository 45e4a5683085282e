//! The entity sets the simulator serves, each a [`Table`](super::odata::Table) over the world:
//! `companies`, `items`, `locations` ([`catalog`]), `salesOrders`, `salesInvoices` and their
//! lines ([`sales`]), and the Driftwatch extension's `itemLocationStocks` and `priceListLines`
//! ([`custom`]). Property names, order and enum spellings follow the real `$metadata`.

pub(crate) mod catalog;
pub(crate) mod custom;
pub(crate) mod sales;

use super::filter::PropType;
use super::ids::{IdKind, guid};
use crate::dataset::sku;
use crate::world::World;

/// What every table of one request needs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx<'a> {
    pub world: &'a World,
    pub seed: u64,
    /// The service clock (Unix ms).
    pub now_ms: i64,
}

impl Ctx<'_> {
    pub fn guid(&self, kind: IdKind, index: u64) -> String {
        guid(self.seed, kind, index)
    }

    /// The number of items the ERP knows (Magento's SKUs and the ERP-only ones).
    pub fn item_count(&self) -> u64 {
        self.world.stock().skus + self.world.stock().extra_items
    }

    /// The item index of an item number (`SKU-000012` is 12), if the ERP has that item.
    pub fn item_index(&self, number: &str) -> Option<u64> {
        let digits = number
            .get(..4)?
            .eq_ignore_ascii_case("SKU-")
            .then(|| &number[4..])?;
        let j: u64 = digits.parse().ok()?;
        (j >= 1 && j <= self.item_count() && sku(j).eq_ignore_ascii_case(number)).then_some(j)
    }

    /// The item indices of those item numbers the ERP has, ascending, each once.
    pub fn item_indices(&self, numbers: &[&str]) -> Vec<u64> {
        let mut indices: Vec<u64> = numbers.iter().filter_map(|n| self.item_index(n)).collect();
        indices.sort_unstable();
        indices.dedup();
        indices
    }
}

/// Parses `'a','b'` or `'a',10000` skip tokens into their parts (quotes removed).
pub(crate) fn token_parts(token: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = token.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' if quoted && chars.peek() == Some(&'\'') => {
                cur.push('\'');
                chars.next();
            }
            '\'' => quoted = !quoted,
            ',' if !quoted => parts.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    parts.push(cur);
    parts
}

/// `'a','b'` from parts, doubling quotes.
pub(crate) fn token_of(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| format!("'{}'", p.replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(",")
}

use PropType::{Bool as B, Date as D, DateTime as T, Enum as E, Guid as G, Num as N, Str as S};

/// Address properties shared by orders and invoices, after `shipToContact`.
const PARTY: [(&str, PropType); 18] = [
    ("sellToAddressLine1", S),
    ("sellToAddressLine2", S),
    ("sellToCity", S),
    ("sellToCountry", S),
    ("sellToState", S),
    ("sellToPostCode", S),
    ("billToAddressLine1", S),
    ("billToAddressLine2", S),
    ("billToCity", S),
    ("billToCountry", S),
    ("billToState", S),
    ("billToPostCode", S),
    ("shipToAddressLine1", S),
    ("shipToAddressLine2", S),
    ("shipToCity", S),
    ("shipToCountry", S),
    ("shipToState", S),
    ("shipToPostCode", S),
];

const fn concat<const A: usize, const B: usize, const C: usize, const N: usize>(
    a: [(&'static str, PropType); A],
    b: [(&'static str, PropType); B],
    c: [(&'static str, PropType); C],
) -> [(&'static str, PropType); N] {
    let mut out = [("", S); N];
    let mut i = 0;
    while i < A {
        out[i] = a[i];
        i += 1;
    }
    while i < A + B {
        out[i] = b[i - A];
        i += 1;
    }
    while i < N {
        out[i] = c[i - A - B];
        i += 1;
    }
    out
}

pub(crate) const SALES_ORDER_PROPS: [(&str, PropType); 51] = concat(
    [
        ("id", G),
        ("number", S),
        ("externalDocumentNumber", S),
        ("orderDate", D),
        ("postingDate", D),
        ("customerId", G),
        ("customerNumber", S),
        ("customerName", S),
        ("billToName", S),
        ("billToCustomerId", G),
        ("billToCustomerNumber", S),
        ("shipToName", S),
        ("shipToContact", S),
    ],
    PARTY,
    [
        ("shortcutDimension1Code", S),
        ("shortcutDimension2Code", S),
        ("currencyId", G),
        ("currencyCode", S),
        ("pricesIncludeTax", B),
        ("paymentTermsId", G),
        ("shipmentMethodId", G),
        ("salesperson", S),
        ("partialShipping", B),
        ("requestedDeliveryDate", D),
        ("discountAmount", N),
        ("discountAppliedBeforeTax", B),
        ("totalAmountExcludingTax", N),
        ("totalTaxAmount", N),
        ("totalAmountIncludingTax", N),
        ("fullyShipped", B),
        ("status", E),
        ("lastModifiedDateTime", T),
        ("phoneNumber", S),
        ("email", S),
    ],
);

pub(crate) const SALES_INVOICE_PROPS: [(&str, PropType); 56] = concat(
    [
        ("id", G),
        ("number", S),
        ("externalDocumentNumber", S),
        ("invoiceDate", D),
        ("postingDate", D),
        ("dueDate", D),
        ("promisedPayDate", D),
        ("customerPurchaseOrderReference", S),
        ("customerId", G),
        ("customerNumber", S),
        ("customerName", S),
        ("billToName", S),
        ("billToCustomerId", G),
        ("billToCustomerNumber", S),
        ("shipToName", S),
        ("shipToContact", S),
    ],
    PARTY,
    [
        ("currencyId", G),
        ("shortcutDimension1Code", S),
        ("shortcutDimension2Code", S),
        ("currencyCode", S),
        ("orderId", G),
        ("orderNumber", S),
        ("paymentTermsId", G),
        ("shipmentMethodId", G),
        ("salesperson", S),
        ("disputeStatusId", G),
        ("disputeStatus", S),
        ("pricesIncludeTax", B),
        ("remainingAmount", N),
        ("discountAmount", N),
        ("discountAppliedBeforeTax", B),
        ("totalAmountExcludingTax", N),
        ("totalTaxAmount", N),
        ("totalAmountIncludingTax", N),
        ("status", E),
        ("lastModifiedDateTime", T),
        ("phoneNumber", S),
        ("email", S),
    ],
);

/// Line properties up to `shipmentDate` (shared by order and invoice lines).
const LINE_HEAD: [(&str, PropType); 26] = [
    ("id", G),
    ("documentId", G),
    ("sequence", N),
    ("itemId", G),
    ("accountId", G),
    ("lineType", E),
    ("lineObjectNumber", S),
    ("description", S),
    ("description2", S),
    ("unitOfMeasureId", G),
    ("unitOfMeasureCode", S),
    ("quantity", N),
    ("unitPrice", N),
    ("discountAmount", N),
    ("discountPercent", N),
    ("discountAppliedBeforeTax", B),
    ("amountExcludingTax", N),
    ("taxCode", S),
    ("taxPercent", N),
    ("totalTaxAmount", N),
    ("amountIncludingTax", N),
    ("invoiceDiscountAllocation", N),
    ("netAmount", N),
    ("netTaxAmount", N),
    ("netAmountIncludingTax", N),
    ("shipmentDate", D),
];

pub(crate) const SALES_ORDER_LINE_PROPS: [(&str, PropType); 32] = concat(
    LINE_HEAD,
    [
        ("shippedQuantity", N),
        ("invoicedQuantity", N),
        ("invoiceQuantity", N),
        ("shipQuantity", N),
    ],
    [("itemVariantId", G), ("locationId", G)],
);

pub(crate) const SALES_INVOICE_LINE_PROPS: [(&str, PropType); 28] =
    concat(LINE_HEAD, [], [("itemVariantId", G), ("locationId", G)]);

pub(crate) const COMPANY_PROPS: [(&str, PropType); 10] = [
    ("id", G),
    ("systemVersion", S),
    ("timestamp", N),
    ("name", S),
    ("displayName", S),
    ("businessProfileId", S),
    ("systemCreatedAt", T),
    ("systemCreatedBy", G),
    ("systemModifiedAt", T),
    ("systemModifiedBy", G),
];

pub(crate) const COMPANY_INFORMATION_PROPS: [(&str, PropType); 18] = [
    ("id", G),
    ("displayName", S),
    ("addressLine1", S),
    ("addressLine2", S),
    ("city", S),
    ("state", S),
    ("country", S),
    ("postalCode", S),
    ("phoneNumber", S),
    ("faxNumber", S),
    ("email", S),
    ("website", S),
    ("taxRegistrationNumber", S),
    ("currencyCode", S),
    ("currentFiscalYearStartDate", D),
    ("industry", S),
    ("experience", S),
    ("lastModifiedDateTime", T),
];

pub(crate) const ITEM_PROPS: [(&str, PropType); 22] = [
    ("id", G),
    ("number", S),
    ("displayName", S),
    ("displayName2", S),
    ("type", E),
    ("itemCategoryId", G),
    ("itemCategoryCode", S),
    ("blocked", B),
    ("gtin", S),
    ("inventory", N),
    ("unitPrice", N),
    ("priceIncludesTax", B),
    ("unitCost", N),
    ("taxGroupId", G),
    ("taxGroupCode", S),
    ("baseUnitOfMeasureId", G),
    ("baseUnitOfMeasureCode", S),
    ("generalProductPostingGroupId", G),
    ("generalProductPostingGroupCode", S),
    ("inventoryPostingGroupId", G),
    ("inventoryPostingGroupCode", S),
    ("lastModifiedDateTime", T),
];

pub(crate) const LOCATION_PROPS: [(&str, PropType); 14] = [
    ("id", G),
    ("code", S),
    ("displayName", S),
    ("contact", S),
    ("addressLine1", S),
    ("addressLine2", S),
    ("city", S),
    ("state", S),
    ("country", S),
    ("postalCode", S),
    ("phoneNumber", S),
    ("email", S),
    ("website", S),
    ("lastModifiedDateTime", T),
];

pub(crate) const STOCK_PROPS: [(&str, PropType); 4] = [
    ("itemNumber", S),
    ("locationCode", S),
    ("inventory", N),
    ("lastModifiedDateTime", T),
];

pub(crate) const PRICE_LINE_PROPS: [(&str, PropType); 10] = [
    ("priceListCode", S),
    ("sourceType", E),
    ("sourceNo", S),
    ("itemNumber", S),
    ("currencyCode", S),
    ("minimumQuantity", N),
    ("unitPrice", N),
    ("startingDate", D),
    ("endingDate", D),
    ("status", E),
];

/// The GUID of item `j`.
pub(crate) fn item_id(ctx: &Ctx<'_>, j: u64) -> String {
    ctx.guid(IdKind::Item, j)
}
