//! The register map: the one description of a CPU model's registers (names, gdb feature groups,
//! sizes, gdb numbers and where each lives in [`Hart`]). The plugin ABI, the Rust plugin API, the
//! GDB stub and the tracers all read registers through it.

use crate::hart::Hart;

/// Where a register lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegLoc {
    /// Integer register xN.
    X(u8),
    /// The program counter.
    Pc,
    /// FP register fN (raw 64 bits).
    F(u8),
    /// A CSR by number.
    Csr(u16),
    /// The current privilege level (GDB's virtual `priv`).
    Priv,
}

/// One register of a model.
#[derive(Clone, Debug)]
pub struct RegDesc {
    /// Name as GDB and QEMU's plugin API spell it.
    pub name: &'static str,
    /// GDB feature group, e.g. `org.gnu.gdb.riscv.cpu`.
    pub feature: &'static str,
    /// Size in bytes.
    pub size: u8,
    /// GDB register number.
    pub gdb_num: u32,
    /// Where the value lives.
    pub loc: RegLoc,
    /// Whether writes are refused.
    pub read_only: bool,
}

/// The registers of one CPU model, in the order plugins see them.
#[derive(Clone, Debug)]
pub struct RegMap {
    regs: Vec<RegDesc>,
    /// Where each register lives, packed apart from the descriptors (4 bytes a register).
    locs: Box<[RegLoc]>,
    /// For registers that are a plain word of [`Hart`] (x, f, pc): its byte offset there, else
    /// [`NOT_PLAIN`]. The read path then is one table load and one well-predicted branch rather
    /// than a jump on the location kind.
    plain: Box<[u16]>,
    /// The names NUL-terminated, for C callers (made once, so handing one out costs nothing).
    c_names: Box<[Box<std::ffi::CStr>]>,
}

/// A set of registers of one map, by index (maps have at most [`RegSet::CAPACITY`] registers).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RegSet([u64; 4]);

impl RegSet {
    /// Most registers a set (and so a map) can hold.
    pub const CAPACITY: usize = 256;

    /// The empty set.
    pub const EMPTY: RegSet = RegSet([0; 4]);

    /// Adds register `idx` (ignored past the capacity).
    pub fn insert(&mut self, idx: usize) {
        if idx < Self::CAPACITY {
            self.0[idx / 64] |= 1 << (idx % 64);
        }
    }

    /// Whether register `idx` is in the set.
    pub fn contains(&self, idx: usize) -> bool {
        idx < Self::CAPACITY && self.0[idx / 64] & (1 << (idx % 64)) != 0
    }

    /// The registers in both sets.
    pub fn and(&self, other: &RegSet) -> RegSet {
        RegSet(std::array::from_fn(|i| self.0[i] & other.0[i]))
    }

    /// The registers in either set.
    pub fn or(&self, other: &RegSet) -> RegSet {
        RegSet(std::array::from_fn(|i| self.0[i] | other.0[i]))
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0 == [0; 4]
    }

    /// The indices in the set, in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (0..4).flat_map(move |w| {
            let mut bits = self.0[w];
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let b = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                Some(w * 64 + b)
            })
        })
    }
}

impl FromIterator<usize> for RegSet {
    fn from_iter<I: IntoIterator<Item = usize>>(iter: I) -> RegSet {
        let mut s = RegSet::EMPTY;
        for i in iter {
            s.insert(i);
        }
        s
    }
}

/// Whether a CSR's value moves without any instruction writing it: the counters (they count
/// cycles, instructions or time) and the pending-interrupt bits, which devices raise.
pub fn csr_is_volatile(num: u16) -> bool {
    matches!(num, 0xc00..=0xc1f | 0xb00..=0xb1f) || matches!(num, 0x344 | 0x144)
}

/// [`RegMap::plain`] of a register that is not a plain word of [`Hart`].
pub const NOT_PLAIN: u16 = u16::MAX;

/// The handle plugins get for register `reg` of the CPU model with index `model`, whose map is
/// `map`: `(model + 1) << 40 | (reg + 1) << 16 | offset`, the offset being the register's
/// [`RegMap::plain`] ([`NOT_PLAIN`] for the others). Never zero, opaque to plugins, stable for the
/// run, the same for every hart of a model and different across models.
pub fn reg_handle(model: u32, map: &RegMap, reg: usize) -> usize {
    ((model as usize + 1) << 40) | ((reg + 1) << 16) | map.plain(reg) as usize
}

/// The handles of a CPU model's plain registers (x, f, pc), by word of [`Hart::words`]: what a
/// register read needs to validate a handle in one table load and one compare.
///
/// Entry `w` holds the handle of the plain register at byte offset `8 * w`, which is found again
/// from the handle alone (bits 3 to 9 of its offset field are `w`). Every other entry holds a
/// value whose own bits 3 to 9 name another entry, so no word that selects it can equal it. A
/// handle hits only if it is exactly one of this model's plain registers' handles: forged, stale,
/// CSR and other models' handles all miss.
#[derive(Clone)]
pub struct PlainHandles([usize; PlainHandles::SLOTS]);

impl PlainHandles {
    /// Entries: a power of two (the index needs no bounds check) and at least [`Hart::WORDS`].
    const SLOTS: usize = 128;

    /// The table of the model with index `model` and register map `map`.
    pub fn new(model: u32, map: &RegMap) -> PlainHandles {
        let mut t: [usize; Self::SLOTS] = std::array::from_fn(|w| (w * 8) ^ 8);
        for reg in 0..map.len() {
            let off = map.plain(reg) as usize;
            if off != NOT_PLAIN as usize {
                // `Hart::plain_reg` reads the word unchecked: this is what makes it sound.
                assert!(off & 7 == 0 && off / 8 < Hart::WORDS, "a plain register is a word of `Hart::words`");
                t[off / 8] = reg_handle(model, map, reg);
            }
        }
        PlainHandles(t)
    }

    /// If `handle` is one of this model's plain registers' handles, that register's word index in
    /// [`Hart::words`]: always below [`Hart::WORDS`] (`new` checks it of every entry it sets, and
    /// no handle equals an entry it did not set).
    #[inline(always)]
    pub fn word(&self, handle: usize) -> Option<usize> {
        // Bits 3 to 9 of the handle: the word index of its offset field.
        let w = (handle >> 3) % Self::SLOTS;
        (self.0[w] == handle).then_some(w)
    }
}

impl std::fmt::Debug for PlainHandles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlainHandles").finish_non_exhaustive()
    }
}

/// Byte offset in [`Hart`] of a register that is a plain 64-bit word there.
fn plain_offset(loc: RegLoc) -> u16 {
    let off = match loc {
        RegLoc::X(n) if n < 32 => std::mem::offset_of!(Hart, x) + 8 * n as usize,
        RegLoc::F(n) if n < 32 => std::mem::offset_of!(Hart, f) + 8 * n as usize,
        RegLoc::Pc => std::mem::offset_of!(Hart, pc),
        _ => return NOT_PLAIN,
    };
    off as u16
}

/// GDB feature group names.
pub mod feature {
    /// Integer registers and pc.
    pub const CPU: &str = "org.gnu.gdb.riscv.cpu";
    /// FP registers.
    pub const FPU: &str = "org.gnu.gdb.riscv.fpu";
    /// CSRs.
    pub const CSR: &str = "org.gnu.gdb.riscv.csr";
    /// Virtual registers (priv).
    pub const VIRTUAL: &str = "org.gnu.gdb.riscv.virtual";
}

/// x register names as QEMU lists them to plugins (x8 is `fp`).
const X_NAMES: [&str; 32] = [
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2",
    "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
];

/// User-level CSRs every model has: name and number.
const USER_CSRS: [(&str, u16); 3] = [("cycle", 0xc00), ("time", 0xc01), ("instret", 0xc02)];
const FP_CSRS: [(&str, u16); 3] = [("fflags", 0x001), ("frm", 0x002), ("fcsr", 0x003)];

impl RegMap {
    /// The map of an RV64 model with or without the FPU.
    pub fn for_model(has_fpu: bool) -> RegMap {
        let mut regs = Vec::new();
        for (i, name) in X_NAMES.iter().enumerate() {
            let loc = RegLoc::X(i as u8);
            regs.push(RegDesc { name, feature: feature::CPU, size: 8, gdb_num: i as u32, loc, read_only: i == 0 });
        }
        regs.push(RegDesc {
            name: "pc",
            feature: feature::CPU,
            size: 8,
            gdb_num: 32,
            loc: RegLoc::Pc,
            read_only: false,
        });
        if has_fpu {
            for (i, name) in rivet_isa::FREG_NAMES.iter().enumerate() {
                let loc = RegLoc::F(i as u8);
                regs.push(RegDesc {
                    name,
                    feature: feature::FPU,
                    size: 8,
                    gdb_num: 33 + i as u32,
                    loc,
                    read_only: false,
                });
            }
        }
        // GDB numbers CSRs from 65 and the virtual priv register at 65 + 4096.
        regs.push(RegDesc {
            name: "priv",
            feature: feature::VIRTUAL,
            size: 8,
            gdb_num: 65 + 4096,
            loc: RegLoc::Priv,
            read_only: true,
        });
        let fp = if has_fpu { &FP_CSRS[..] } else { &[] };
        Self::with_csrs(regs, fp.iter().chain(USER_CSRS.iter()).copied())
    }

    /// The map of an RV64 model in system mode: the same integer and FP registers, then every CSR
    /// the model implements, in the order QEMU 10.0 lists them.
    pub fn for_system_model(has_fpu: bool) -> RegMap {
        let base = RegMap::for_model(has_fpu);
        let regs = base.regs.into_iter().filter(|r| !matches!(r.loc, RegLoc::Csr(_))).collect();
        Self::with_csrs(regs, crate::privileged::csr_list(has_fpu))
    }

    fn with_csrs(mut regs: Vec<RegDesc>, csrs: impl IntoIterator<Item = (&'static str, u16)>) -> RegMap {
        for (name, num) in csrs {
            let read_only = num >= 0xc00;
            regs.push(RegDesc {
                name,
                feature: feature::CSR,
                size: 8,
                gdb_num: 65 + num as u32,
                loc: RegLoc::Csr(num),
                read_only,
            });
        }
        RegMap::new(regs)
    }

    /// A map of the given registers, in that order.
    pub fn new(regs: Vec<RegDesc>) -> RegMap {
        assert!(regs.len() <= RegSet::CAPACITY, "a register map holds at most {} registers", RegSet::CAPACITY);
        let locs = regs.iter().map(|r| r.loc).collect();
        let plain = regs.iter().map(|r| plain_offset(r.loc)).collect();
        let c_names =
            regs.iter().map(|r| std::ffi::CString::new(r.name).unwrap_or_default().into_boxed_c_str()).collect();
        RegMap { regs, locs, plain, c_names }
    }

    /// Number of registers.
    #[inline]
    pub fn len(&self) -> usize {
        self.locs.len()
    }

    /// The byte offset of register `idx` in [`Hart`] if it is a plain 64-bit word there (x, f, pc;
    /// read with [`Hart::word_at`]), else [`NOT_PLAIN`] (also for an index out of range).
    #[inline]
    pub fn plain(&self, idx: usize) -> u16 {
        self.plain.get(idx).copied().unwrap_or(NOT_PLAIN)
    }

    /// Whether the map is empty (never, for a real model).
    pub fn is_empty(&self) -> bool {
        self.locs.is_empty()
    }

    /// All registers in plugin order.
    pub fn regs(&self) -> &[RegDesc] {
        &self.regs
    }

    /// Register `idx`'s name NUL-terminated (for C), as long as the map lives.
    pub fn c_name(&self, idx: usize) -> Option<&std::ffi::CStr> {
        self.c_names.get(idx).map(|c| &**c)
    }

    /// Looks a register up by name.
    pub fn by_name(&self, name: &str) -> Option<(usize, &RegDesc)> {
        self.regs.iter().enumerate().find(|(_, r)| r.name == name)
    }

    /// The registers an instruction may change when it completes, from the decoder's facts: pc
    /// (every instruction), its x and f destinations, fflags and fcsr when it accrues FP flags,
    /// every CSR for a Zicsr write (writes have side effects on other CSRs: fcsr and fflags/frm,
    /// mstatus and sstatus, mie and sie...), mstatus and sstatus after an FP write or flag update
    /// in system mode (FS becomes Dirty), and the volatile CSRs ([`csr_is_volatile`]) always.
    /// Changes made outside instructions (traps, xRET, syscalls, signals) are not covered: the
    /// environment looks for those when the engine returns.
    pub fn written_by(&self, insn: &rivet_isa::Insn) -> RegSet {
        let e = insn.effects();
        let mut s = RegSet::EMPTY;
        let fp_state = e.f_writes != 0 || e.writes_fflags;
        for (i, loc) in self.locs.iter().enumerate() {
            let hit = match *loc {
                RegLoc::Pc => true,
                RegLoc::X(n) => n != 0 && e.x_writes & (1 << n) != 0,
                RegLoc::F(n) => e.f_writes & (1 << n) != 0,
                RegLoc::Priv => false,
                RegLoc::Csr(num) => {
                    e.csr_write.is_some()
                        || csr_is_volatile(num)
                        || (e.writes_fflags && matches!(num, 0x001 | 0x003))
                        || (fp_state && matches!(num, 0x300 | 0x100))
                }
            };
            if hit {
                s.insert(i);
            }
        }
        s
    }

    /// Reads register `idx` of `hart` as a 64-bit value.
    #[inline]
    pub fn read(&self, hart: &Hart, idx: usize) -> Option<u64> {
        let off = *self.plain.get(idx)?;
        if off != NOT_PLAIN {
            return Some(hart.word_at(off));
        }
        Some(match self.locs[idx] {
            // Masked indices: no bounds checks (the map only holds valid register numbers).
            RegLoc::X(n) => hart.x[n as usize & 31],
            RegLoc::Pc => hart.pc,
            RegLoc::F(n) => hart.f[n as usize & 31],
            RegLoc::Priv => hart.priv_level as u64,
            RegLoc::Csr(num) => crate::csr::peek(hart, num)?,
        })
    }

    /// Writes register `idx` of `hart`. Read-only registers (x0, priv, counters) and CSRs the
    /// model lacks refuse with `Err(())`.
    #[allow(clippy::result_unit_err)]
    pub fn write(&self, hart: &mut Hart, idx: usize, v: u64) -> Result<(), ()> {
        let r = self.regs.get(idx).ok_or(())?;
        if r.read_only {
            return Err(());
        }
        match r.loc {
            RegLoc::X(0) | RegLoc::Priv => return Err(()),
            RegLoc::X(n) => hart.x[n as usize] = v,
            // pc is always 2-byte aligned with the C extension.
            RegLoc::Pc => hart.pc = v & !1,
            RegLoc::F(n) => hart.f[n as usize] = v,
            RegLoc::Csr(num) => crate::csr::write(hart, num, v)?,
        }
        Ok(())
    }
}
