//! Bookkeeping of the guest's mappings, to place new ones and to answer brk/mremap.

use rivet_core::mem::PAGE_SIZE;
use std::collections::BTreeMap;

/// The set of mapped guest ranges (page aligned, non-overlapping, not merged).
#[derive(Debug, Default, Clone)]
pub struct Vmas {
    ranges: BTreeMap<u64, u64>,
}

impl Vmas {
    /// Records `[start, end)` as mapped (replacing overlaps).
    pub fn insert(&mut self, start: u64, end: u64) {
        self.remove(start, end);
        self.ranges.insert(start, end);
    }

    /// Removes `[start, end)`, splitting ranges that straddle it.
    pub fn remove(&mut self, start: u64, end: u64) {
        let overlapping: Vec<(u64, u64)> =
            self.ranges.range(..end).filter(|&(_, &e)| e > start).map(|(&s, &e)| (s, e)).collect();
        for (s, e) in overlapping {
            self.ranges.remove(&s);
            if s < start {
                self.ranges.insert(s, start);
            }
            if e > end {
                self.ranges.insert(end, e);
            }
        }
    }

    /// Whether any part of `[start, end)` is mapped.
    pub fn overlaps(&self, start: u64, end: u64) -> bool {
        self.ranges.range(..end).next_back().is_some_and(|(_, &e)| e > start)
    }

    /// Whether all of `[start, end)` is mapped.
    pub fn covers(&self, start: u64, end: u64) -> bool {
        let mut a = start;
        for (&s, &e) in self.ranges.range(..end) {
            if e <= a {
                continue;
            }
            if s > a {
                return false;
            }
            a = e;
            if a >= end {
                return true;
            }
        }
        a >= end
    }

    /// Highest free gap of `len` bytes ending at or below `top` and starting at or above `bottom`.
    pub fn find_free_top_down(&self, len: u64, bottom: u64, top: u64) -> Option<u64> {
        let len = len.div_ceil(PAGE_SIZE) * PAGE_SIZE;
        let mut hi = top;
        for (&s, &e) in self.ranges.range(..top).rev() {
            if e < hi && hi - e.max(bottom) >= len && hi >= len {
                return Some(hi - len).filter(|&a| a >= bottom);
            }
            hi = hi.min(s);
            if hi < bottom + len {
                return None;
            }
        }
        (hi >= bottom + len).then(|| hi - len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placement_and_splitting() {
        let mut v = Vmas::default();
        v.insert(0x10000, 0x20000);
        v.insert(0x30000, 0x40000);
        assert_eq!(v.find_free_top_down(0x1000, 0, 0x40000), Some(0x2f000));
        assert_eq!(v.find_free_top_down(0x10000, 0, 0x40000), Some(0x20000));
        assert_eq!(v.find_free_top_down(0x11000, 0, 0x40000), None);
        v.remove(0x14000, 0x18000);
        assert!(v.covers(0x10000, 0x14000));
        assert!(!v.covers(0x10000, 0x15000));
        assert!(v.overlaps(0x17000, 0x19000));
        assert!(!v.overlaps(0x14000, 0x18000));
    }
}
