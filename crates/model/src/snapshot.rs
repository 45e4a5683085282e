//! The vocabulary of snapshot runs: which entity, read from which system, and
//! how a run or one part of it ended.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What is compared between the store and the ERP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Entity {
    Orders,
    Stock,
    Prices,
}

impl Entity {
    pub const ALL: [Entity; 3] = [Entity::Orders, Entity::Stock, Entity::Prices];

    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Orders => "orders",
            Entity::Stock => "stock",
            Entity::Prices => "prices",
        }
    }
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Entity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "orders" => Ok(Entity::Orders),
            "stock" => Ok(Entity::Stock),
            "prices" => Ok(Entity::Prices),
            other => Err(format!(
                "unknown entity `{other}`: use orders, stock or prices"
            )),
        }
    }
}

/// The side of the wire a snapshot was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum System {
    Magento,
    /// The configured ERP (one per configuration).
    Erp,
}

impl System {
    pub fn as_str(self) -> &'static str {
        match self {
            System::Magento => "magento",
            System::Erp => "erp",
        }
    }
}

impl fmt::Display for System {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for System {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "magento" => Ok(System::Magento),
            "erp" => Ok(System::Erp),
            other => Err(format!("unknown system `{other}`")),
        }
    }
}

/// How one entity of one system ended within a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PartStatus {
    /// Every page was read and stored.
    Complete,
    /// Some pages or rows failed; what was read is stored, the rest is not.
    Partial,
    /// Nothing usable was read.
    Failed,
}

/// How a whole run ended. `Running` on disk after a restart means the process
/// died mid-run; the store marks such runs failed when it next opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RunStatus {
    Running,
    Complete,
    Partial,
    Failed,
}

macro_rules! text_enum {
    ($ty:ty { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }
        impl FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok(Self::$variant),)+
                    other => Err(format!("unknown status `{other}`")),
                }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

text_enum!(PartStatus { Complete => "complete", Partial => "partial", Failed => "failed" });
text_enum!(RunStatus {
    Running => "running",
    Complete => "complete",
    Partial => "partial",
    Failed => "failed",
});

impl RunStatus {
    /// A run is as good as its worst part.
    pub fn from_parts(parts: impl IntoIterator<Item = PartStatus>) -> RunStatus {
        let mut any = false;
        let mut all_failed = true;
        let mut worst = RunStatus::Complete;
        for part in parts {
            any = true;
            match part {
                PartStatus::Complete => all_failed = false,
                PartStatus::Partial => {
                    all_failed = false;
                    worst = RunStatus::Partial;
                }
                PartStatus::Failed => worst = RunStatus::Partial,
            }
        }
        if !any || all_failed {
            RunStatus::Failed
        } else {
            worst
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_status_is_the_worst_part() {
        use PartStatus::*;
        assert_eq!(
            RunStatus::from_parts([Complete, Complete]),
            RunStatus::Complete
        );
        assert_eq!(
            RunStatus::from_parts([Complete, Partial]),
            RunStatus::Partial
        );
        assert_eq!(
            RunStatus::from_parts([Complete, Failed]),
            RunStatus::Partial
        );
        assert_eq!(RunStatus::from_parts([Failed, Failed]), RunStatus::Failed);
        assert_eq!(RunStatus::from_parts([]), RunStatus::Failed);
    }

    #[test]
    fn entities_parse_with_a_helpful_error() {
        assert_eq!("stock".parse::<Entity>(), Ok(Entity::Stock));
        let err = "stocks".parse::<Entity>().unwrap_err();
        assert!(err.contains("orders, stock or prices"), "{err}");
    }
}
