//! The writers' in-memory index: natural key bytes -> current version.
//!
//! It holds every current key of a (system, scope) at once (1M source items
//! and more), so it is built for memory and cache behaviour rather than
//! generality: key bytes live back to back in one arena (no allocation per
//! key), a slot holds the key's place and its version, and a `HashMap` maps the
//! 64-bit hash of a key to its newest slot. Keys whose hashes collide are
//! chained through `next` and told apart by comparing their bytes, so lookups
//! are exact. Slots are only ever appended, which lets a failed batch be undone
//! by truncating back to where it started.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::marker::PhantomData;

use crate::hash::KeyHasher;

const NONE: u32 = u32::MAX;

/// The current version of one key, as a writer tracks it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Current {
    pub id: i64,
    pub hash: i64,
    /// Created by the writer's own run, so it may be rewritten in place.
    pub this_run: bool,
    /// The key was read in this run.
    pub seen: bool,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    start: usize,
    len: u32,
    /// The previous slot whose key has the same 64-bit hash, or `NONE`.
    next: u32,
    current: Current,
}

/// Where a key was found (or would go), from [`KeyMap::find`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lookup {
    key_hash: u64,
    pub slot: Option<u32>,
}

/// How key bytes become the 64-bit hash `heads` is keyed by; a parameter so
/// tests can force collisions.
pub(crate) trait KeyHash {
    fn key_hash(key: &[u8]) -> u64;
}

#[derive(Debug, Default)]
pub(crate) struct Fast;

impl KeyHash for Fast {
    #[inline]
    fn key_hash(key: &[u8]) -> u64 {
        let mut h = KeyHasher::default();
        h.write(key);
        h.write_usize(key.len());
        h.finish()
    }
}

pub(crate) struct KeyMap<H = Fast> {
    heads: HashMap<u64, u32, BuildHasherDefault<Prehashed>>,
    slots: Vec<Slot>,
    arena: Vec<u8>,
    hash: PhantomData<H>,
}

impl<H> Default for KeyMap<H> {
    fn default() -> Self {
        KeyMap {
            heads: HashMap::default(),
            slots: Vec::new(),
            arena: Vec::new(),
            hash: PhantomData,
        }
    }
}

impl<H: KeyHash> KeyMap<H> {
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    fn key_hash(key: &[u8]) -> u64 {
        H::key_hash(key)
    }

    fn key(&self, slot: &Slot) -> &[u8] {
        &self.arena[slot.start..slot.start + slot.len as usize]
    }

    pub(crate) fn find(&self, key: &[u8]) -> Lookup {
        let key_hash = Self::key_hash(key);
        let mut at = self.heads.get(&key_hash).copied().unwrap_or(NONE);
        while at != NONE {
            let slot = &self.slots[at as usize];
            if self.key(slot) == key {
                return Lookup {
                    key_hash,
                    slot: Some(at),
                };
            }
            at = slot.next;
        }
        Lookup {
            key_hash,
            slot: None,
        }
    }

    pub(crate) fn get_mut(&mut self, slot: u32) -> &mut Current {
        &mut self.slots[slot as usize].current
    }

    /// Adds a key that `lookup` did not find.
    pub(crate) fn push(&mut self, lookup: Lookup, key: &[u8], current: Current) -> u32 {
        debug_assert!(lookup.slot.is_none());
        // 4 billion keys would need hundreds of GB; no writer gets there.
        let index = u32::try_from(self.slots.len())
            .ok()
            .filter(|&i| i != NONE)
            .expect("more than 4 billion keys in one writer");
        let next = self.heads.insert(lookup.key_hash, index).unwrap_or(NONE);
        self.slots.push(Slot {
            start: self.arena.len(),
            len: key.len() as u32,
            next,
            current,
        });
        self.arena.extend_from_slice(key);
        index
    }

    /// Adds a key without looking it up first (loading current versions, which
    /// are unique per key). Were a key there twice, the later one would win
    /// lookups and the earlier be closed by the next complete full read.
    pub(crate) fn push_unchecked(&mut self, key: &[u8], current: Current) {
        let lookup = Lookup {
            key_hash: Self::key_hash(key),
            slot: None,
        };
        self.push(lookup, key, current);
    }

    /// Forgets every slot from `len` on, newest first, so each is the head of
    /// its hash chain when unlinked.
    pub(crate) fn truncate(&mut self, len: usize) {
        for index in (len..self.slots.len()).rev() {
            let slot = self.slots[index];
            let key_hash = Self::key_hash(self.key(&slot));
            if slot.next == NONE {
                self.heads.remove(&key_hash);
            } else {
                self.heads.insert(key_hash, slot.next);
            }
        }
        if let Some(first) = self.slots.get(len) {
            self.arena.truncate(first.start);
        }
        self.slots.truncate(len);
    }

    pub(crate) fn values(&self) -> impl Iterator<Item = &Current> + '_ {
        self.slots.iter().map(|s| &s.current)
    }
}

/// The `heads` keys are already well-mixed 64-bit hashes: use them as they are.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed; fold anything else rather than panic.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(id: i64) -> Current {
        Current {
            id,
            hash: 0,
            this_run: false,
            seen: false,
        }
    }

    #[test]
    fn finds_exact_keys_and_truncates() {
        let mut map = KeyMap::<Fast>::default();
        for i in 0..1000i64 {
            let key = format!("key-{i}");
            let at = map.find(key.as_bytes());
            assert!(at.slot.is_none());
            map.push(at, key.as_bytes(), cur(i));
        }
        assert_eq!(map.find(b"key-").slot, None);
        let at = map.find(b"key-999").slot.unwrap();
        assert_eq!(map.get_mut(at).id, 999);
        map.truncate(500);
        assert_eq!(map.len(), 500);
        assert!(map.find(b"key-500").slot.is_none());
        let at = map.find(b"key-499").slot.unwrap();
        assert_eq!(map.get_mut(at).id, 499);
        let at = map.find(b"key-500");
        map.push(at, b"key-500", cur(5000));
        assert_eq!(map.get_mut(map.find(b"key-500").slot.unwrap()).id, 5000);
    }

    /// Every key hashes alike: everything goes through the collision chains.
    struct Colliding;

    impl KeyHash for Colliding {
        fn key_hash(_: &[u8]) -> u64 {
            7
        }
    }

    #[test]
    fn colliding_hashes_are_told_apart() {
        let mut map = KeyMap::<Colliding>::default();
        for (i, key) in ["a", "b", "ab", ""].iter().enumerate() {
            let at = map.find(key.as_bytes());
            assert!(at.slot.is_none(), "{key}");
            map.push(at, key.as_bytes(), cur(i as i64));
        }
        for (i, key) in ["a", "b", "ab", ""].iter().enumerate() {
            let at = map.find(key.as_bytes()).slot.unwrap();
            assert_eq!(map.get_mut(at).id, i as i64, "{key}");
        }
        assert!(map.find(b"ba").slot.is_none());
        map.truncate(1);
        assert!(map.find(b"b").slot.is_none());
        assert_eq!(map.get_mut(map.find(b"a").slot.unwrap()).id, 0);
        map.truncate(0);
        assert!(map.heads.is_empty() && map.arena.is_empty());
    }
}
