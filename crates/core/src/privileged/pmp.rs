//! Physical memory protection checks over the stored pmpcfg/pmpaddr registers. The engine may
//! call them or not: storing the registers does not enforce anything by itself.

use super::{prv, AccessType, PrivState, NUM_PMP};

/// pmpcfg fields.
const R: u8 = 1;
const W: u8 = 2;
const X: u8 = 4;
const A_SHIFT: u32 = 3;
const L: u8 = 0x80;

impl PrivState {
    /// Whether any PMP entry is active (address matching not OFF).
    ///
    /// QEMU 10.0 (measured) refuses to leave M-mode while none is: an `mret` to S or U with no
    /// active entry raises an instruction access fault (cause 1, tval 0) on the `mret` itself,
    /// taken in M with mepc = the `mret`. An engine that wants to match QEMU checks
    /// `!pmp_active()` and MPP != M before calling [`PrivState::mret`].
    pub fn pmp_active(&self) -> bool {
        self.pmpcfg.iter().any(|&c| (c >> A_SHIFT) & 3 != 0)
    }

    /// The privileged spec's PMP check for an access of `len` bytes at physical address `pa` at
    /// `priv_level` (MPRV applies to loads and stores). The lowest-numbered entry that matches any
    /// byte decides: it must cover every byte, and then its R/W/X bits apply, to M-mode only when
    /// it is locked. Without a matching entry, M-mode succeeds and S/U fail (16 entries are
    /// implemented). Page-table walks check their PTE reads as S-mode loads.
    pub fn pmp_permits(&self, pa: u64, len: u64, access: AccessType, priv_level: u8) -> bool {
        let eff = self.effective_priv(access, priv_level);
        let start = u128::from(pa);
        let end = start + u128::from(len.max(1));
        for i in 0..NUM_PMP {
            let Some((lo, hi)) = self.pmp_range(i) else { continue };
            if end <= lo || start >= hi {
                continue;
            }
            if start < lo || end > hi {
                return false;
            }
            let cfg = self.pmpcfg[i];
            if eff >= prv::M && cfg & L == 0 {
                return true;
            }
            let need = match access {
                AccessType::Fetch => X,
                AccessType::Load => R,
                AccessType::Store => W,
            };
            return cfg & need != 0;
        }
        eff >= prv::M
    }

    /// Byte range [lo, hi) of entry `i`, `None` when it is off. In 128 bits so that QEMU-style
    /// 64-bit pmpaddr values cannot overflow.
    fn pmp_range(&self, i: usize) -> Option<(u128, u128)> {
        let addr = u128::from(self.pmpaddr[i]);
        match (self.pmpcfg[i] >> A_SHIFT) & 3 {
            // TOR: from the previous entry's address (0 for entry 0) up to this one.
            1 => {
                let lo = if i == 0 { 0 } else { u128::from(self.pmpaddr[i - 1]) << 2 };
                Some((lo, addr << 2))
            }
            // NA4: four bytes.
            2 => Some((addr << 2, (addr << 2) + 4)),
            // NAPOT: trailing ones give the size, 8 bytes and up.
            3 => {
                let ones = self.pmpaddr[i].trailing_ones();
                let base = (addr >> ones << ones) << 2;
                Some((base, base + (8u128 << ones)))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{mstatus as ms, num, CsrCtx};
    use super::*;
    use AccessType::{Fetch, Load, Store};

    const CTX: CsrCtx = CsrCtx { cycle: 0, instret: 0, time: 0 };

    fn with(cfg0: u64, addrs: &[u64]) -> PrivState {
        let mut p = PrivState::default();
        for (i, &a) in addrs.iter().enumerate() {
            p.csr_write(num::PMPADDR0 + i as u16, prv::M, &CTX, a).unwrap();
        }
        p.csr_write(num::PMPCFG0, prv::M, &CTX, cfg0).unwrap();
        p
    }

    #[test]
    fn no_entries() {
        // QEMU 10.0 measured: with nothing programmed, S-mode cannot even start (see pmp_active).
        let p = PrivState::default();
        assert!(!p.pmp_active());
        assert!(p.pmp_permits(0x8000_0000, 4, Fetch, prv::M));
        assert!(!p.pmp_permits(0x8000_0000, 4, Fetch, prv::S));
        assert!(!p.pmp_permits(0x8000_0000, 8, Load, prv::U));
    }

    #[test]
    fn napot_everything() {
        // The usual firmware setup, pmpaddr0 = ~0 with NAPOT RWX (QEMU measured: S and U then run).
        let p = with(0x1f, &[!0]);
        assert!(p.pmp_active());
        for a in [Fetch, Load, Store] {
            assert!(p.pmp_permits(0, 8, a, prv::U));
            assert!(p.pmp_permits(u64::MAX - 7, 8, a, prv::S));
        }
    }

    #[test]
    fn tor_na4_napot_and_priority() {
        // 0: TOR [0, 0x8000_0000) R only; 1: NA4 at 0x8000_0000 none; 2: NAPOT 4 KiB at
        // 0x8000_1000 RWX; 3: TOR up to 0x9000_0000 RX.
        let addrs = [0x8000_0000 >> 2, 0x8000_0000 >> 2, (0x8000_1000 >> 2) | 0x1ff, 0x9000_0000 >> 2];
        let p = with(0x0d_1f_10_09, &addrs);
        assert!(p.pmp_permits(0x1000, 8, Load, prv::S));
        assert!(!p.pmp_permits(0x1000, 8, Store, prv::S));
        assert!(p.pmp_permits(0x1000, 8, Store, prv::M), "unlocked entries do not bind M");
        assert!(!p.pmp_permits(0x8000_0000, 4, Load, prv::S));
        assert!(p.pmp_permits(0x8000_1ff8, 8, Store, prv::U));
        assert!(!p.pmp_permits(0x8000_1ffc, 8, Load, prv::U), "straddles entries 2 and 3");
        assert!(p.pmp_permits(0x8000_2000, 4, Fetch, prv::S));
        assert!(!p.pmp_permits(0x8000_2000, 4, Store, prv::S));
        assert!(!p.pmp_permits(0x9000_0000, 4, Load, prv::S), "no entry");
        assert!(p.pmp_permits(0x9000_0000, 4, Load, prv::M));
        // A partial match with the first entry fails even though entry 1 would cover the rest.
        assert!(!p.pmp_permits(0x7fff_fffc, 8, Load, prv::M));
    }

    #[test]
    fn locked_entries_bind_m_and_mprv() {
        // Entry 0: NAPOT 4 KiB at 0x8000_0000, locked, R only.
        let mut p = with(0x99, &[(0x8000_0000 >> 2) | 0x1ff]);
        assert!(p.pmp_permits(0x8000_0000, 4, Load, prv::M));
        assert!(!p.pmp_permits(0x8000_0000, 4, Store, prv::M));
        assert!(p.pmp_permits(0x9000_0000, 4, Store, prv::M));
        // MPRV with MPP=U: loads and stores are checked as U (no match: denied); fetches as M.
        p.csr_write(num::MSTATUS, prv::M, &CTX, ms::MPRV).unwrap();
        assert!(!p.pmp_permits(0x9000_0000, 4, Load, prv::M));
        assert!(p.pmp_permits(0x9000_0000, 4, Fetch, prv::M));
    }
}
