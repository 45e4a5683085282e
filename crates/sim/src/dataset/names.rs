//! Word lists the generated records draw from. Plain, fictional, and with a few accents so
//! clients are exercised on UTF-8.

pub(super) const FIRST_NAMES: &[&str] = &[
    "Jane", "John", "Amelia", "Oliver", "Sofia", "Liam", "Chloé", "Noah", "Ava", "Lucas", "Mia",
    "Ethan", "Zoë", "Mateo", "Hannah", "Jonas", "Emma", "Leon", "Olivia", "Björn", "Isla", "Hugo",
    "Nora", "Felix",
];

pub(super) const LAST_NAMES: &[&str] = &[
    "Doe", "Smith", "Johnson", "Müller", "Garcia", "Brown", "Martin", "Dubois", "Wilson",
    "Schmidt", "Taylor", "Anderson", "Moreau", "Thomas", "Jackson", "Weber", "White", "Harris",
    "Lefèvre", "Clark", "Lewis", "Young",
];

pub(super) const ADJECTIVES: &[&str] = &[
    "Radiant",
    "Champ",
    "Breathe-Easy",
    "Summit",
    "Harbor",
    "Atlas",
    "Nimbus",
    "Echo",
    "Granite",
    "Aero",
    "Cascade",
    "Ember",
    "Juniper",
    "Solace",
    "Vertex",
    "Zephyr",
];

pub(super) const GARMENTS: &[&str] = &[
    "Tee",
    "Hoodie",
    "Jacket",
    "Tank",
    "Pant",
    "Short",
    "Bra",
    "Pullover",
    "Backpack",
    "Water Bottle",
    "Yoga Mat",
    "Duffle",
];

pub(super) const COLORS: &[&str] = &["Black", "Blue", "Orange", "Green", "Gray", "Red", "White"];

pub(super) const SIZES: &[&str] = &["XS", "S", "M", "L", "XL"];

/// (street, city, region, region_code, region_id, postcode, country_id)
pub(super) type AddressParts = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<u32>,
    &'static str,
    &'static str,
);

pub(super) const US_ADDRESSES: &[AddressParts] = &[
    (
        "123 Oak Ave",
        "Purchase",
        Some("New York"),
        Some("NY"),
        Some(43),
        "10577",
        "US",
    ),
    (
        "6146 Honey Bluff Parkway",
        "Calder",
        Some("Michigan"),
        Some("MI"),
        Some(33),
        "49628",
        "US",
    ),
    (
        "500 Elm St",
        "Austin",
        Some("Texas"),
        Some("TX"),
        Some(57),
        "78701",
        "US",
    ),
    (
        "42 Pine Rd",
        "Portland",
        Some("Oregon"),
        Some("OR"),
        Some(49),
        "97201",
        "US",
    ),
    (
        "9 Market St",
        "San Francisco",
        Some("California"),
        Some("CA"),
        Some(12),
        "94105",
        "US",
    ),
    (
        "77 Lake Shore Dr",
        "Chicago",
        Some("Illinois"),
        Some("IL"),
        Some(23),
        "60611",
        "US",
    ),
];

pub(super) const EU_ADDRESSES: &[AddressParts] = &[
    (
        "Friedrichstraße 12",
        "Berlin",
        Some("Berlin"),
        Some("BER"),
        Some(82),
        "10117",
        "DE",
    ),
    (
        "Marienplatz 1",
        "München",
        Some("Bayern"),
        Some("BAY"),
        Some(81),
        "80331",
        "DE",
    ),
    ("12 Rue de Rivoli", "Paris", None, None, None, "75001", "FR"),
    (
        "Keizersgracht 100",
        "Amsterdam",
        None,
        None,
        None,
        "1015 CW",
        "NL",
    ),
];
