//! Sv39 address translation and a small direct-mapped TLB.

use super::csrs::MENVCFG_PBMTE;
use super::{exc, mstatus as ms, prv, AdUpdate, PrivState, Trap};

/// The kind of a memory access, for permission checks and fault causes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessType {
    /// Instruction fetch (never affected by MPRV).
    Fetch,
    /// Load, including LR.
    Load,
    /// Store, including SC and AMOs (which need W, hence R too).
    Store,
}

impl AccessType {
    /// The page-fault exception code for this access (12, 13, 15).
    pub const fn page_fault(self) -> u64 {
        match self {
            AccessType::Fetch => exc::INSN_PAGE,
            AccessType::Load => exc::LOAD_PAGE,
            AccessType::Store => exc::STORE_PAGE,
        }
    }

    /// The access-fault exception code for this access (1, 5, 7).
    pub const fn access_fault(self) -> u64 {
        match self {
            AccessType::Fetch => exc::INSN_ACCESS,
            AccessType::Load => exc::LOAD_ACCESS,
            AccessType::Store => exc::STORE_ACCESS,
        }
    }
}

/// Physical memory as the page-table walker sees it: aligned 8-byte little-endian PTEs.
pub trait PtMemory {
    /// Reads the PTE at physical address `pa` (8-byte aligned). `None` if nothing readable is
    /// there: the walk raises an access fault.
    fn read_pte(&mut self, pa: u64) -> Option<u64>;

    /// Atomically replaces the PTE at `pa` with `new` if it still holds `old` (to set A/D bits).
    /// `Some(true)` if it was replaced, `Some(false)` if it held something else (the walk then
    /// starts over), `None` if `pa` is not writable memory (access fault).
    fn cas_pte(&mut self, pa: u64, old: u64, new: u64) -> Option<bool>;
}

/// A successful translation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Translation {
    /// The physical address.
    pub pa: u64,
    /// The leaf PTE, as it is in memory after any A/D update.
    pub pte: u64,
    /// The leaf's level: 0 for a 4 KiB page, 1 for 2 MiB, 2 for 1 GiB.
    pub level: u8,
}

/// PTE bits.
mod pte {
    pub const V: u64 = 1 << 0;
    pub const R: u64 = 1 << 1;
    pub const W: u64 = 1 << 2;
    pub const X: u64 = 1 << 3;
    pub const U: u64 = 1 << 4;
    pub const G: u64 = 1 << 5;
    pub const A: u64 = 1 << 6;
    pub const D: u64 = 1 << 7;
    /// Bits 60:54: reserved (page fault if set; QEMU 10.0 measured for each bit).
    pub const RESERVED: u64 = 0x7f << 54;
    /// Bits 62:61: Svpbmt memory type.
    pub const PBMT: u64 = 3 << 61;
    /// Bit 63: Svnapot.
    pub const N: u64 = 1 << 63;
    pub const PPN_SHIFT: u32 = 10;
    pub const PPN_MASK: u64 = (1 << 44) - 1;
}

/// satp fields.
const SATP_PPN_MASK: u64 = (1 << 44) - 1;
const SATP_ASID_SHIFT: u32 = 44;
const SATP_MODE_SV39: u64 = 8;
/// Levels of an Sv39 walk.
const LEVELS: u8 = 3;
/// How often a walk restarts after losing an A/D update race before giving up with a page fault.
const MAX_RESTARTS: u32 = 64;

impl PrivState {
    /// The privilege whose rules apply to an access: the current one, except loads and stores in M
    /// with mstatus.MPRV, which use MPP.
    pub fn effective_priv(&self, access: AccessType, priv_level: u8) -> u8 {
        if access != AccessType::Fetch && priv_level >= prv::M && self.mstatus & ms::MPRV != 0 {
            ((self.mstatus & ms::MPP) >> ms::MPP_SHIFT) as u8
        } else {
            priv_level
        }
    }

    /// Whether accesses of this kind at this privilege go through Sv39 (satp.MODE = Sv39 and an
    /// effective privilege below M).
    pub fn translation_active(&self, access: AccessType, priv_level: u8) -> bool {
        self.satp >> 60 == SATP_MODE_SV39 && self.effective_priv(access, priv_level) < prv::M
    }

    /// The current address-space identifier (satp.ASID, 16 bits).
    pub fn asid(&self) -> u16 {
        (self.satp >> SATP_ASID_SHIFT) as u16
    }

    /// Translates a virtual address: the physical address, or the page fault / access fault to
    /// raise (tval = `va`). Sets A (and D for stores) in the leaf PTE as configured
    /// ([`AdUpdate`]). Without translation (Bare, or M-mode) the address is returned unchanged.
    /// Allocation-free; PMP is not checked.
    pub fn translate(&self, va: u64, access: AccessType, priv_level: u8, mem: &mut impl PtMemory) -> Result<u64, Trap> {
        if !self.translation_active(access, priv_level) {
            return Ok(va);
        }
        self.walk(va, access, self.effective_priv(access, priv_level), mem).map(|t| t.pa)
    }

    /// The Sv39 walk for an access at effective privilege `eff` (call only when
    /// [`PrivState::translation_active`]).
    pub fn walk(&self, va: u64, access: AccessType, eff: u8, mem: &mut impl PtMemory) -> Result<Translation, Trap> {
        let page_fault = Trap::Exception { code: access.page_fault(), tval: va };
        let access_fault = Trap::Exception { code: access.access_fault(), tval: va };
        if !canonical(va) {
            return Err(page_fault);
        }
        for _ in 0..MAX_RESTARTS {
            let mut table = (self.satp & SATP_PPN_MASK) << 12;
            let mut level = LEVELS - 1;
            loop {
                let index = (va >> (12 + 9 * u32::from(level))) & 0x1ff;
                let pte_addr = table.wrapping_add(index * 8);
                let entry = mem.read_pte(pte_addr).ok_or(access_fault)?;
                if !self.pte_well_formed(entry) {
                    return Err(page_fault);
                }
                let ppn = (entry >> pte::PPN_SHIFT) & pte::PPN_MASK;
                if entry & (pte::R | pte::X) == 0 {
                    // A pointer to the next level. QEMU 10.0 (measured) faults on A, D or U in
                    // one, bits the spec reserves in non-leaf PTEs; and there is no level -1.
                    if level == 0 || entry & (pte::A | pte::D | pte::U | pte::PBMT | pte::N) != 0 {
                        return Err(page_fault);
                    }
                    table = ppn << 12;
                    level -= 1;
                    continue;
                }
                if !leaf_permits(entry, access, eff, self.mstatus) {
                    return Err(page_fault);
                }
                // A superpage's PPN must be aligned to its size.
                let low_ppn_bits = 9 * u32::from(level);
                if ppn & ((1 << low_ppn_bits) - 1) != 0 {
                    return Err(page_fault);
                }
                let need = pte::A | if access == AccessType::Store { pte::D } else { 0 };
                let mut entry = entry;
                if entry & need != need {
                    if !self.hardware_ad() {
                        return Err(page_fault);
                    }
                    match mem.cas_pte(pte_addr, entry, entry | need) {
                        None => return Err(access_fault),
                        // Someone changed the PTE under us: walk again from the root.
                        Some(false) => break,
                        Some(true) => entry |= need,
                    }
                }
                let offset_mask = (1u64 << (12 + low_ppn_bits)) - 1;
                let pa = ((ppn << 12) & !offset_mask) | (va & offset_mask);
                return Ok(Translation { pa, pte: entry, level });
            }
        }
        Err(page_fault)
    }

    /// Valid, not a reserved R/W combination, no reserved or absent-extension bits.
    fn pte_well_formed(&self, entry: u64) -> bool {
        if entry & pte::V == 0 || (entry & pte::R == 0 && entry & pte::W != 0) || entry & pte::RESERVED != 0 {
            return false;
        }
        // Svnapot is not implemented: N is reserved. Without Svpbmt (or with PBMTE clear) PBMT is
        // reserved; with it, the value 3 is (the spec's rule; QEMU 10.0 accepts 3).
        if entry & pte::N != 0 {
            return false;
        }
        match (entry & pte::PBMT) >> 61 {
            0 => true,
            3 => false,
            _ => self.cfg.svpbmt && self.menvcfg & MENVCFG_PBMTE != 0,
        }
    }

    /// Whether missing A/D bits are set by the walker rather than faulting.
    fn hardware_ad(&self) -> bool {
        match self.cfg.ad_update {
            AdUpdate::Hardware => true,
            AdUpdate::Svadu => self.menvcfg & super::csrs::MENVCFG_ADUE != 0,
            AdUpdate::Svade => false,
        }
    }
}

/// Sv39 addresses are canonical when bits 63:39 all equal bit 38.
fn canonical(va: u64) -> bool {
    (((va << 25) as i64) >> 25) as u64 == va
}

/// The leaf permission rules for an access at effective privilege `eff` under `mstatus`.
fn leaf_permits(entry: u64, access: AccessType, eff: u8, mstatus: u64) -> bool {
    let user_page = entry & pte::U != 0;
    let privilege_ok = match eff {
        prv::U => user_page,
        // S may never execute U pages; it may load/store them only with SUM.
        _ => !user_page || (access != AccessType::Fetch && mstatus & ms::SUM != 0),
    };
    privilege_ok
        && match access {
            AccessType::Fetch => entry & pte::X != 0,
            AccessType::Load => entry & pte::R != 0 || (mstatus & ms::MXR != 0 && entry & pte::X != 0),
            AccessType::Store => entry & pte::W != 0,
        }
}

/// One cached translation of a 4 KiB virtual page (a slice of a superpage for larger leaves).
#[derive(Clone, Copy, Debug, Default)]
struct TlbEntry {
    valid: bool,
    /// VA bits 38:12.
    vpn: u64,
    /// PA >> 12 for this 4 KiB slice.
    ppn: u64,
    /// The leaf PTE's low 8 bits (V R W X U G A D).
    flags: u8,
    /// Leaf level, so that a flush by address drops every slice of a superpage.
    level: u8,
    asid: u16,
}

/// A direct-mapped TLB of [`Tlb::SIZE`] entries, indexed by the low VPN bits. Entries keep the
/// leaf's permission bits, so SUM, MXR and MPRV changes need no flush; a change of satp (root,
/// ASID or mode) empties it, as QEMU does; a store through an entry whose D bit is clear walks
/// again so the walker can set D.
#[derive(Clone, Debug)]
pub struct Tlb {
    entries: Vec<TlbEntry>,
    /// The satp the entries were filled under.
    satp: u64,
}

impl Default for Tlb {
    fn default() -> Tlb {
        Tlb::new()
    }
}

impl Tlb {
    /// Number of entries.
    pub const SIZE: usize = 256;

    /// An empty TLB.
    pub fn new() -> Tlb {
        Tlb { entries: vec![TlbEntry::default(); Tlb::SIZE], satp: 0 }
    }

    /// Drops every entry (sfence.vma x0, x0).
    pub fn flush_all(&mut self) {
        for e in &mut self.entries {
            e.valid = false;
        }
    }

    /// sfence.vma semantics: `va` (rs1 != x0) limits the flush to translations of that address
    /// (every slice of a superpage containing it); `asid` (rs2 != x0, its low 16 bits) limits it
    /// to that address space and spares global entries. Both `None` flushes everything.
    pub fn flush(&mut self, va: Option<u64>, asid: Option<u16>) {
        let vpn = va.map(|v| (v >> 12) & VPN_MASK);
        for e in &mut self.entries {
            let va_match =
                vpn.is_none_or(|vpn| (e.vpn >> (9 * u32::from(e.level))) == (vpn >> (9 * u32::from(e.level))));
            let asid_match = asid.is_none_or(|a| e.flags & pte::G as u8 == 0 && e.asid == a);
            if va_match && asid_match {
                e.valid = false;
            }
        }
    }

    /// Looks `va` up for an access at `priv_level` under `ps`'s current mstatus and satp. `Some(pa)`
    /// on a hit that permits the access; `None` means walk (miss, or a hit that would fault or
    /// needs a D update). Returns `Some(va)` when translation is off.
    pub fn lookup(&mut self, ps: &PrivState, va: u64, access: AccessType, priv_level: u8) -> Option<u64> {
        if !ps.translation_active(access, priv_level) {
            return Some(va);
        }
        self.sync(ps);
        if !canonical(va) {
            return None;
        }
        let vpn = (va >> 12) & VPN_MASK;
        let e = &self.entries[(vpn as usize) % Tlb::SIZE];
        let flags = u64::from(e.flags);
        let hit = e.valid && e.vpn == vpn && (flags & pte::G != 0 || e.asid == ps.asid());
        let eff = ps.effective_priv(access, priv_level);
        if !hit || !leaf_permits(flags, access, eff, ps.mstatus) || (access == AccessType::Store && flags & pte::D == 0)
        {
            return None;
        }
        Some((e.ppn << 12) | (va & 0xfff))
    }

    /// Caches the translation of `va` found by a walk under `ps`.
    pub fn insert(&mut self, ps: &PrivState, va: u64, t: &Translation) {
        self.sync(ps);
        let vpn = (va >> 12) & VPN_MASK;
        self.entries[(vpn as usize) % Tlb::SIZE] =
            TlbEntry { valid: true, vpn, ppn: t.pa >> 12, flags: t.pte as u8, level: t.level, asid: ps.asid() };
    }

    /// Translates through the TLB, walking and filling on a miss.
    pub fn translate(
        &mut self,
        ps: &PrivState,
        va: u64,
        access: AccessType,
        priv_level: u8,
        mem: &mut impl PtMemory,
    ) -> Result<u64, Trap> {
        if let Some(pa) = self.lookup(ps, va, access, priv_level) {
            return Ok(pa);
        }
        let t = ps.walk(va, access, ps.effective_priv(access, priv_level), mem)?;
        self.insert(ps, va, &t);
        Ok(t.pa)
    }

    /// Empties the TLB when satp changed since it was filled.
    fn sync(&mut self, ps: &PrivState) {
        if self.satp != ps.satp {
            self.flush_all();
            self.satp = ps.satp;
        }
    }
}

/// VA bits 38:12 as a VPN.
const VPN_MASK: u64 = (1 << 27) - 1;

#[cfg(test)]
mod tests {
    use super::super::{num, CsrCtx, PrivConfig};
    use super::pte::*;
    use super::*;
    use std::collections::HashMap;

    const CTX: CsrCtx = CsrCtx { cycle: 0, instret: 0, time: 0 };

    /// Sparse physical memory of PTEs, counting walks' reads and writes.
    #[derive(Default)]
    struct Mem {
        words: HashMap<u64, u64>,
        reads: usize,
        /// Addresses that fault on read / are read-only.
        holes: Vec<u64>,
        read_only: Vec<u64>,
        /// Value to swap in before the next CAS (simulates another hart).
        race: Option<u64>,
    }

    impl PtMemory for Mem {
        fn read_pte(&mut self, pa: u64) -> Option<u64> {
            self.reads += 1;
            if self.holes.contains(&pa) {
                return None;
            }
            Some(self.words.get(&pa).copied().unwrap_or(0))
        }
        fn cas_pte(&mut self, pa: u64, old: u64, new: u64) -> Option<bool> {
            if self.read_only.contains(&pa) {
                return None;
            }
            if let Some(v) = self.race.take() {
                self.words.insert(pa, v);
            }
            let cur = self.words.get(&pa).copied().unwrap_or(0);
            if cur != old {
                return Some(false);
            }
            self.words.insert(pa, new);
            Some(true)
        }
    }

    const ROOT: u64 = 0x8010_0000;
    const L1: u64 = 0x8010_1000;
    const L0: u64 = 0x8010_2000;
    const PAGE: u64 = 0x8020_3000;
    const VA: u64 = 0x4000_0000;

    fn ptr(pa: u64) -> u64 {
        ((pa >> 12) << 10) | V
    }
    fn leaf(pa: u64, flags: u64) -> u64 {
        ((pa >> 12) << 10) | flags
    }

    /// root[1] -> L1[0] -> L0[0] -> PAGE for VA 0x40000000; satp = Sv39 at ROOT, ASID 1.
    fn setup(leaf_flags: u64) -> (PrivState, Mem) {
        setup_cfg(PrivConfig::default(), leaf_flags)
    }

    fn setup_cfg(cfg: PrivConfig, leaf_flags: u64) -> (PrivState, Mem) {
        let mut p = PrivState::with_config(cfg);
        p.csr_write(num::SATP, prv::M, &CTX, (8 << 60) | (1 << 44) | (ROOT >> 12)).unwrap();
        let mut m = Mem::default();
        m.words.insert(ROOT + 8, ptr(L1));
        m.words.insert(L1, ptr(L0));
        m.words.insert(L0, leaf(PAGE, leaf_flags));
        (p, m)
    }

    fn set_mstatus(p: &mut PrivState, v: u64) {
        p.csr_write(num::MSTATUS, prv::M, &CTX, v).unwrap();
    }

    fn pf(access: AccessType, va: u64) -> Result<u64, Trap> {
        Err(Trap::Exception { code: access.page_fault(), tval: va })
    }

    use AccessType::{Fetch, Load, Store};

    const RWXAD: u64 = V | R | W | X | A | D;

    #[test]
    fn bare_and_m_mode_are_identity() {
        let mut p = PrivState::default();
        let mut m = Mem::default();
        assert_eq!(p.translate(0x1234_5678, Load, prv::U, &mut m), Ok(0x1234_5678));
        let (p2, mut m2) = setup(RWXAD);
        p = p2;
        assert_eq!(p.translate(0xdead_beef, Store, prv::M, &mut m2), Ok(0xdead_beef));
        assert_eq!(m2.reads, 0);
        // Non-canonical addresses are fine in M / Bare (no translation).
        assert_eq!(p.translate(0x0000_0040_0000_0000, Fetch, prv::M, &mut m2), Ok(0x0000_0040_0000_0000));
    }

    #[test]
    fn basic_4k_translation() {
        let (p, mut m) = setup(RWXAD);
        for a in [Fetch, Load, Store] {
            assert_eq!(p.translate(VA + 0x123, a, prv::S, &mut m), Ok(PAGE + 0x123));
        }
        assert_eq!(p.translate(VA + 0xfff, Load, prv::S, &mut m), Ok(PAGE + 0xfff));
        // The next page is not mapped.
        assert_eq!(p.translate(VA + 0x1000, Load, prv::S, &mut m), pf(Load, VA + 0x1000));
    }

    #[test]
    fn ad_bits_set_in_hardware_by_default() {
        // QEMU 10.0 measured (default rv64 with ADUE=1, and svadu=false): a load sets A (PTE low
        // byte 0x0f -> 0x4f), a fetch sets A, LR sets A, a store or AMO sets A and D (0xcf), a
        // store to an A-only PTE sets D.
        for (a, before, after) in
            [(Load, 0x0f, 0x4f), (Fetch, 0x0f, 0x4f), (Store, 0x0f, 0xcf), (Store, 0x4f, 0xcf), (Load, 0x4f, 0x4f)]
        {
            let (p, mut m) = setup(before);
            assert_eq!(p.translate(VA, a, prv::S, &mut m), Ok(PAGE));
            assert_eq!(m.words[&L0] & 0x3ff, after, "{a:?} {before:#x}");
        }
        // A fault leaves the PTE alone (QEMU: R-only PTE without A, store faults, PTE stays 0x3).
        let (p, mut m) = setup(V | R);
        assert_eq!(p.translate(VA + 8, Store, prv::S, &mut m), pf(Store, VA + 8));
        assert_eq!(m.words[&L0] & 0x3ff, 0x3);
    }

    #[test]
    fn svade_and_svadu_modes() {
        // QEMU 10.0 measured with svade=true: every access to a PTE lacking A, and every store to
        // one lacking D, is a page fault and the PTE is unchanged.
        let mut cfg = PrivConfig { ad_update: AdUpdate::Svade, ..PrivConfig::default() };
        for (a, flags) in [(Load, 0x0f), (Fetch, 0x0f), (Store, 0x0f), (Store, 0x4f)] {
            let (p, mut m) = setup_cfg(cfg, flags);
            assert_eq!(p.translate(VA, a, prv::S, &mut m), pf(a, VA));
            assert_eq!(m.words[&L0] & 0x3ff, flags);
        }
        let (p, mut m) = setup_cfg(cfg, 0x4f);
        assert_eq!(p.translate(VA, Load, prv::S, &mut m), Ok(PAGE));
        // Svadu: hardware updates while menvcfg.ADUE (reset 1); faults once it is cleared
        // (QEMU measured both).
        cfg.ad_update = AdUpdate::Svadu;
        let (mut p, mut m) = setup_cfg(cfg, 0x0f);
        assert_eq!(p.translate(VA, Load, prv::S, &mut m), Ok(PAGE));
        assert_eq!(m.words[&L0] & 0x3ff, 0x4f);
        p.csr_write(num::MENVCFG, prv::M, &CTX, 0).unwrap();
        assert_eq!(p.translate(VA, Store, prv::S, &mut m), pf(Store, VA));
        assert_eq!(m.words[&L0] & 0x3ff, 0x4f);
    }

    #[test]
    fn ad_update_race_and_faults() {
        // The PTE changes between the read and the CAS: the walk restarts and uses the new PTE.
        let (p, mut m) = setup(V | R | W);
        m.race = Some(leaf(PAGE + 0x1000, V | R | W));
        assert_eq!(p.translate(VA, Load, prv::S, &mut m), Ok(PAGE + 0x1000));
        assert_eq!(m.words[&L0], leaf(PAGE + 0x1000, V | R | W | A));
        // A PTE in read-only memory cannot be updated: access fault of the access's kind.
        let (p, mut m) = setup(V | R | W);
        m.read_only.push(L0);
        assert_eq!(p.translate(VA, Store, prv::S, &mut m), Err(Trap::Exception { code: 7, tval: VA }));
        // A PTE that cannot be read: access fault.
        let (p, mut m) = setup(RWXAD);
        m.holes.push(L1);
        assert_eq!(p.translate(VA, Fetch, prv::S, &mut m), Err(Trap::Exception { code: 1, tval: VA }));
        assert_eq!(p.translate(VA, Load, prv::S, &mut m), Err(Trap::Exception { code: 5, tval: VA }));
    }

    #[test]
    fn invalid_and_reserved_encodings() {
        // QEMU 10.0 measured, S-mode: V=0, W without R, W+X without R fault with the access's
        // cause; every bit 54..63 faults (no Svpbmt/Svnapot); RSW bits 8, 9 are ignored.
        let cases: &[(u64, AccessType, bool)] = &[
            (R | W | X | A | D, Load, false),
            (V | W | A | D, Load, false),
            (V | W | A | D, Store, false),
            (V | W | X | A | D, Fetch, false),
            (RWXAD | (1 << 8), Load, true),
            (RWXAD | (1 << 9), Load, true),
        ];
        for &(flags, a, ok) in cases {
            let (p, mut m) = setup(flags);
            let want = if ok { Ok(PAGE) } else { pf(a, VA) };
            assert_eq!(p.translate(VA, a, prv::S, &mut m), want, "{flags:#x} {a:?}");
        }
        for bit in 54..64 {
            let (p, mut m) = setup(RWXAD | (1 << bit));
            assert_eq!(p.translate(VA, Load, prv::S, &mut m), pf(Load, VA), "bit {bit}");
        }
    }

    #[test]
    fn svpbmt_bits() {
        // QEMU 10.0 measured with svpbmt=true (PBMTE=1 at reset): bits 61, 62 accepted, 54..60
        // still fault. PBMT=3 is reserved by the spec (QEMU accepts it; we fault). With PBMTE
        // cleared, PBMT faults again.
        let cfg = PrivConfig { svpbmt: true, ..PrivConfig::default() };
        for (pbmt, ok) in [(1u64, true), (2, true), (3, false)] {
            let (p, mut m) = setup_cfg(cfg, RWXAD | (pbmt << 61));
            let want = if ok { Ok(PAGE) } else { pf(Load, VA) };
            assert_eq!(p.translate(VA, Load, prv::S, &mut m), want);
        }
        let (mut p, mut m) = setup_cfg(cfg, RWXAD | (1 << 61));
        p.csr_write(num::MENVCFG, prv::M, &CTX, 0).unwrap();
        assert_eq!(p.translate(VA, Load, prv::S, &mut m), pf(Load, VA));
    }

    #[test]
    fn non_leaf_rules() {
        // QEMU 10.0 measured: a pointer PTE with A, D, U, PBMT, N or bit 55 faults; with G it is
        // fine; a pointer at level 0 faults.
        for (bits, ok) in [(A, false), (D, false), (U, false), (G, true), (1 << 62, false), (1 << 63, false)] {
            let (p, mut m) = setup(RWXAD);
            m.words.insert(L1, ptr(L0) | bits);
            let want = if ok { Ok(PAGE) } else { pf(Load, VA) };
            assert_eq!(p.translate(VA, Load, prv::S, &mut m), want, "{bits:#x}");
        }
        let (p, mut m) = setup(V);
        assert_eq!(p.translate(VA, Load, prv::S, &mut m), pf(Load, VA));
    }

    #[test]
    fn permissions_s_mode() {
        // QEMU 10.0 measured (S-mode): store to R-only, AMO to R-only: 15; fetch from R-only: 12;
        // load / LR from X-only: 13 unless MXR; store to X-only with MXR: 15.
        let cases: &[(u64, AccessType, u64, bool)] = &[
            (V | R | A | D, Store, 0, false),
            (V | R | A | D, Fetch, 0, false),
            (V | R | A | D, Load, 0, true),
            (V | X | A | D, Load, 0, false),
            (V | X | A | D, Load, ms::MXR, true),
            (V | X | A | D, Store, ms::MXR, false),
            (V | X | A | D, Fetch, 0, true),
            (V | R | W | A | D, Store, 0, true),
        ];
        for &(flags, a, st, ok) in cases {
            let (mut p, mut m) = setup(flags);
            set_mstatus(&mut p, st);
            let want = if ok { Ok(PAGE) } else { pf(a, VA) };
            assert_eq!(p.translate(VA, a, prv::S, &mut m), want, "{flags:#x} {a:?} {st:#x}");
        }
    }

    #[test]
    fn user_pages_and_sum() {
        // QEMU 10.0 measured: S load/exec of a U page fault; with SUM load and store succeed, exec
        // still faults. U access to an S page faults even with SUM; U pages work from U.
        let (mut p, mut m) = setup(RWXAD | U);
        assert_eq!(p.translate(VA, Load, prv::S, &mut m), pf(Load, VA));
        assert_eq!(p.translate(VA, Fetch, prv::S, &mut m), pf(Fetch, VA));
        set_mstatus(&mut p, ms::SUM);
        assert_eq!(p.translate(VA, Load, prv::S, &mut m), Ok(PAGE));
        assert_eq!(p.translate(VA, Store, prv::S, &mut m), Ok(PAGE));
        assert_eq!(p.translate(VA, Fetch, prv::S, &mut m), pf(Fetch, VA));
        for a in [Fetch, Load, Store] {
            assert_eq!(p.translate(VA, a, prv::U, &mut m), Ok(PAGE));
        }
        let (mut p, mut m) = setup(RWXAD);
        set_mstatus(&mut p, ms::SUM);
        for a in [Fetch, Load, Store] {
            assert_eq!(p.translate(VA, a, prv::U, &mut m), pf(a, VA));
        }
    }

    #[test]
    fn mprv_uses_mpp_for_loads_and_stores() {
        // QEMU 10.0 measured: in M with MPRV=1, MPP=S a load of an S page goes through the
        // tables; with MPP=U it faults on an S page. Fetches ignore MPRV.
        let (mut p, mut m) = setup(RWXAD);
        set_mstatus(&mut p, ms::MPRV | (1 << 11));
        assert_eq!(p.translate(VA + 8, Load, prv::M, &mut m), Ok(PAGE + 8));
        assert_eq!(p.translate(VA + 8, Fetch, prv::M, &mut m), Ok(VA + 8));
        set_mstatus(&mut p, ms::MPRV);
        assert_eq!(p.translate(VA + 8, Load, prv::M, &mut m), pf(Load, VA + 8));
        assert_eq!(p.translate(VA + 8, Store, prv::M, &mut m), pf(Store, VA + 8));
        set_mstatus(&mut p, ms::MPRV | (3 << 11));
        assert_eq!(p.translate(VA + 8, Load, prv::M, &mut m), Ok(VA + 8));
        // MPRV means nothing outside M.
        set_mstatus(&mut p, ms::MPRV);
        assert_eq!(p.translate(VA + 8, Load, prv::S, &mut m), Ok(PAGE + 8));
        // MPRV + MPP=S + SUM reaches U pages; MXR applies too.
        let (mut p, mut m) = setup(V | X | U | A | D);
        set_mstatus(&mut p, ms::MPRV | (1 << 11) | ms::SUM | ms::MXR);
        assert_eq!(p.translate(VA, Load, prv::M, &mut m), Ok(PAGE));
    }

    #[test]
    fn superpages() {
        // QEMU 10.0 measured: a 2 MiB leaf with a 2 MiB-aligned PPN maps; misaligned by 4 KiB it
        // faults (tval = va); a 1 GiB leaf misaligned by 2 MiB or 4 KiB faults.
        let (p, mut m) = setup(RWXAD);
        m.words.insert(L1 + 8, leaf(0x8020_0000, RWXAD));
        assert_eq!(p.translate(0x4020_1238, Load, prv::S, &mut m), Ok(0x8020_1238));
        m.words.insert(L1 + 8, leaf(0x8020_1000, RWXAD));
        assert_eq!(p.translate(0x4020_1238, Load, prv::S, &mut m), pf(Load, 0x4020_1238));
        m.words.insert(ROOT + 3 * 8, leaf(0x8000_0000, RWXAD));
        assert_eq!(p.translate(0xc123_4567, Fetch, prv::S, &mut m), Ok(0x8123_4567));
        for bad in [0x8020_0000u64, 0x8000_1000] {
            m.words.insert(ROOT + 3 * 8, leaf(bad, RWXAD));
            assert_eq!(p.translate(0xc000_0010, Load, prv::S, &mut m), pf(Load, 0xc000_0010));
        }
        // The top half of the address space: root index 256.
        m.words.insert(ROOT + 256 * 8, leaf(0x8000_0000, RWXAD));
        assert_eq!(p.translate(0xffff_ffc0_0000_0080, Load, prv::S, &mut m), Ok(0x8000_0080));
        // Walk returns the level.
        let t = p.walk(0xffff_ffc0_0000_0080, Load, prv::S, &mut m).unwrap();
        assert_eq!(t.level, 2);
    }

    #[test]
    fn non_canonical_and_unmapped() {
        // QEMU 10.0 measured: non-canonical addresses fault with the access's cause, tval = va.
        let (p, mut m) = setup(RWXAD);
        for va in [0x0000_0040_0000_0000u64, 0x8000_0000_4000_0000, 0xffff_ff80_0000_0000] {
            for a in [Fetch, Load, Store] {
                assert_eq!(p.translate(va, a, prv::S, &mut m), pf(a, va));
            }
        }
        assert_eq!(m.reads, 0, "no walk for a non-canonical address");
        assert_eq!(p.translate(0x10, Load, prv::U, &mut m), pf(Load, 0x10));
        assert_eq!(p.translate(0x18, Store, prv::S, &mut m), pf(Store, 0x18));
    }

    #[test]
    fn tlb_hits_misses_and_permissions() {
        let (mut p, mut m) = setup(V | R | W | X | A);
        let mut tlb = Tlb::new();
        assert_eq!(tlb.translate(&p, VA + 4, Load, prv::S, &mut m), Ok(PAGE + 4));
        let reads = m.reads;
        assert_eq!(tlb.translate(&p, VA + 8, Fetch, prv::S, &mut m), Ok(PAGE + 8));
        assert_eq!(m.reads, reads, "hit");
        // The cached entry lacks D: a store walks again and sets D, then hits.
        assert_eq!(tlb.translate(&p, VA, Store, prv::S, &mut m), Ok(PAGE));
        assert_eq!(m.reads, reads + 3);
        assert_eq!(m.words[&L0] & 0xff, 0xcf);
        assert_eq!(tlb.translate(&p, VA, Store, prv::S, &mut m), Ok(PAGE));
        assert_eq!(m.reads, reads + 3);
        // Stale entries are used until a flush (the spec allows it).
        m.words.insert(L0, 0);
        assert_eq!(tlb.translate(&p, VA, Load, prv::S, &mut m), Ok(PAGE));
        tlb.flush(Some(VA), None);
        assert_eq!(tlb.translate(&p, VA, Load, prv::S, &mut m), pf(Load, VA));
        // Permissions are checked on hits with the current mstatus: a U page cached for U, then
        // touched from S without and with SUM.
        m.words.insert(L0, leaf(PAGE, RWXAD | U));
        assert_eq!(tlb.translate(&p, VA, Load, prv::U, &mut m), Ok(PAGE));
        assert_eq!(tlb.lookup(&p, VA, Load, prv::S), None);
        assert_eq!(tlb.translate(&p, VA, Load, prv::S, &mut m), pf(Load, VA));
        set_mstatus(&mut p, ms::SUM);
        assert_eq!(tlb.lookup(&p, VA, Load, prv::S), Some(PAGE));
        // Non-canonical addresses never hit an aliasing entry.
        assert_eq!(tlb.translate(&p, VA | (1 << 45), Load, prv::U, &mut m), pf(Load, VA | (1 << 45)));
        // Translation off: identity, no entries needed.
        assert_eq!(tlb.lookup(&p, 0x1234, Load, prv::M), Some(0x1234));
    }

    #[test]
    fn tlb_flush_by_address_covers_superpages() {
        let (p, mut m) = setup(RWXAD);
        m.words.insert(L1 + 8, leaf(0x8020_0000, RWXAD));
        let mut tlb = Tlb::new();
        for off in [0x1000u64, 0x2000, 0x5000] {
            assert_eq!(tlb.translate(&p, 0x4020_0000 + off, Load, prv::S, &mut m), Ok(0x8020_0000 + off));
        }
        assert_eq!(tlb.translate(&p, VA, Load, prv::S, &mut m), Ok(PAGE));
        m.words.insert(L1 + 8, 0);
        m.words.insert(L0, 0);
        // Flushing one address in the 2 MiB page drops all its slices, not the 4 KiB page.
        tlb.flush(Some(0x4020_0000 + 0x7777), None);
        for off in [0x1000u64, 0x2000, 0x5000] {
            assert_eq!(tlb.lookup(&p, 0x4020_0000 + off, Load, prv::S), None);
        }
        assert_eq!(tlb.lookup(&p, VA, Load, prv::S), Some(PAGE));
        tlb.flush_all();
        assert_eq!(tlb.lookup(&p, VA, Load, prv::S), None);
    }

    #[test]
    fn tlb_asids_globals_and_satp_changes() {
        let (mut p, mut m) = setup(RWXAD);
        m.words.insert(L1 + 8, leaf(0x8020_0000, RWXAD | G));
        let mut tlb = Tlb::new();
        tlb.translate(&p, VA, Load, prv::S, &mut m).unwrap();
        tlb.translate(&p, 0x4020_1000, Load, prv::S, &mut m).unwrap();
        // (VA and 0x40201000 use different TLB slots.) Another ASID: only non-global entries of it go.
        tlb.flush(None, Some(2));
        assert_eq!(tlb.lookup(&p, VA, Load, prv::S), Some(PAGE));
        tlb.flush(None, Some(1));
        assert_eq!(tlb.lookup(&p, VA, Load, prv::S), None);
        assert_eq!(tlb.lookup(&p, 0x4020_1000, Load, prv::S), Some(0x8020_1000));
        // Address + ASID spares globals.
        tlb.flush(Some(0x4020_1000), Some(1));
        assert_eq!(tlb.lookup(&p, 0x4020_1000, Load, prv::S), Some(0x8020_1000));
        tlb.flush(Some(0x4020_1000), None);
        assert_eq!(tlb.lookup(&p, 0x4020_1000, Load, prv::S), None);
        // A satp write empties it (QEMU flushes its TLB on any satp change).
        tlb.translate(&p, VA, Load, prv::S, &mut m).unwrap();
        let satp = p.satp();
        p.csr_write(num::SATP, prv::M, &CTX, satp ^ (3 << 44)).unwrap();
        assert_eq!(tlb.lookup(&p, VA, Load, prv::S), None);
        p.csr_write(num::SATP, prv::M, &CTX, satp).unwrap();
        assert_eq!(tlb.lookup(&p, VA, Load, prv::S), None);
    }

    #[test]
    fn no_panic_on_random_tables() {
        // Random page tables, addresses and states: walks terminate without panics, and any
        // success respects the permission rules.
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut tlb = Tlb::new();
        let mut successes = 0;
        for round in 0..2000 {
            // Each round has new tables; entries of the last one would be legitimately stale.
            tlb.flush_all();
            let cfg = PrivConfig {
                ad_update: [AdUpdate::Hardware, AdUpdate::Svadu, AdUpdate::Svade][round % 3],
                svpbmt: round % 2 == 0,
                ..PrivConfig::default()
            };
            let mut p = PrivState::with_config(cfg);
            let root = 0x8000_0000 + (next() % 4) * 0x1000;
            p.csr_write(num::SATP, prv::M, &CTX, (8 << 60) | (root >> 12)).unwrap();
            set_mstatus(&mut p, next());
            let mut m = Mem::default();
            for _ in 0..64 {
                // PTEs pointing back into the same few pages, so walks go deep and loop.
                let pa = 0x8000_0000 + (next() % 4) * 0x1000 + (next() % 512) * 8;
                let target = 0x8000_0000 + (next() % 4) * 0x1000;
                m.words.insert(pa, ((target >> 12) << 10) | (next() & 0xff) | (next() & (0x3ff << 54)));
            }
            for _ in 0..16 {
                let va = if next() & 1 == 0 { next() } else { ((next() as i64) << 25 >> 25) as u64 };
                let a = [Fetch, Load, Store][(next() % 3) as usize];
                let priv_level = [0u8, 1, 3][(next() % 3) as usize];
                let direct = p.translate(va, a, priv_level, &mut m);
                let cached = tlb.translate(&p, va, a, priv_level, &mut m);
                if let (Ok(d), Ok(c)) = (direct, cached) {
                    assert_eq!(d, c);
                    successes += 1;
                }
                tlb.flush(if next() & 1 == 0 { Some(next()) } else { None }, Some(next() as u16));
            }
        }
        assert!(successes > 100, "the random tables should translate some addresses ({successes})");
    }
}
