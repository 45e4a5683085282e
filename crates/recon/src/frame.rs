//! Small bridges between Rust rows and polars columns.

use std::collections::HashMap;
use std::hash::BuildHasher;

use foldhash::fast::FixedState;
use polars::prelude::*;

/// A boolean column, nulls read as false.
pub fn flags(df: &DataFrame, name: &str) -> PolarsResult<Vec<bool>> {
    let column = df.column(name)?.cast(&DataType::Boolean)?;
    Ok(column.bool()?.iter().map(|v| v.unwrap_or(false)).collect())
}

/// Dense integer codes for strings (keys, currencies), so that polars groups and
/// compares integers instead of text: the same string always gets the same code. Hashed with
/// foldhash, which reads short strings a word at a time (FNV's byte at a time made coding
/// 2M stock rows ~15% slower); the codes do not depend on the hash.
#[derive(Default)]
pub struct Codes<'a> {
    map: HashMap<&'a str, u32, FixedState>,
}

impl<'a> Codes<'a> {
    /// Room for `n` strings up front: a table grown one doubling at a time rehashes every
    /// string it holds each time.
    pub fn with_capacity(n: usize) -> Self {
        Codes {
            map: HashMap::with_capacity_and_hasher(n, FixedState::default()),
        }
    }

    pub fn code(&mut self, s: &'a str) -> u32 {
        let next = self.map.len() as u32;
        *self.map.entry(s).or_insert(next)
    }

    /// Takes `other`'s strings into this numbering; returns other's code -> this code.
    pub fn absorb(&mut self, other: Codes<'a>) -> Vec<u32> {
        let mut to = vec![0u32; other.map.len()];
        for (s, code) in other.map {
            to[code as usize] = self.code(s);
        }
        to
    }

    /// The strings by code.
    pub fn names(&self) -> Vec<&'a str> {
        let mut names = vec![""; self.map.len()];
        for (s, &c) in &self.map {
            names[c as usize] = s;
        }
        names
    }
}

/// A well-mixed 64-bit hash of a text, the same for the same text within a run.
pub fn hash_text(text: &str) -> u64 {
    foldhash::quality::FixedState::default().hash_one(text)
}

/// One side's keys (order numbers, currencies) as codes: a key of up to 17 ASCII digits is its
/// own code (its value and its length, so "042" and "42" stay apart) and costs no lookup; any
/// other key gets a code from this side's table (top bit set). Each side is coded on its own
/// thread; [`KeyCodes::absorb`] then renumbers the other side's table codes into this one's,
/// so the same key has the same code on both sides.
#[derive(Default)]
pub struct KeyCodes<'a> {
    table: Codes<'a>,
}

const TABLE: u64 = 1 << 63;

impl<'a> KeyCodes<'a> {
    pub fn code(&mut self, key: &'a str) -> u64 {
        let b = key.as_bytes();
        if !b.is_empty() && b.len() <= 17 && b.iter().all(u8::is_ascii_digit) {
            let value = b.iter().fold(0u64, |v, d| v * 10 + u64::from(d - b'0'));
            ((b.len() as u64) << 57) | value
        } else {
            TABLE | u64::from(self.table.code(key))
        }
    }

    /// Renumbers the table codes among `codes` (coded by `other`) into this table.
    pub fn absorb(&mut self, other: KeyCodes<'a>, codes: &mut [u64]) {
        if other.table.map.is_empty() {
            return;
        }
        let mut to = vec![0u64; other.table.map.len()];
        for (key, code) in other.table.map {
            to[code as usize] = TABLE | u64::from(self.table.code(key));
        }
        for code in codes.iter_mut().filter(|c| **c & TABLE != 0) {
            *code = to[(*code & u64::from(u32::MAX)) as usize];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_codes_agree_across_sides() {
        let (mut magento, mut erp) = (KeyCodes::default(), KeyCodes::default());
        let m: Vec<u64> = ["000042", "42", "WEB-1", "USD"]
            .iter()
            .map(|k| magento.code(k))
            .collect();
        let mut e: Vec<u64> = ["EUR", "WEB-1", "000042", "42"]
            .iter()
            .map(|k| erp.code(k))
            .collect();
        magento.absorb(erp, &mut e);
        assert_ne!(m[0], m[1], "leading zeros are part of the key");
        assert_eq!(e[1], m[2]);
        assert_eq!(e[2], m[0]);
        assert_eq!(e[3], m[1]);
        assert!(!m.contains(&e[0]));
    }
}
