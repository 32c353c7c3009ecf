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
}

/// [`RegMap::plain`] of a register that is not a plain word of [`Hart`].
pub const NOT_PLAIN: u16 = u16::MAX;

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
        let locs = regs.iter().map(|r| r.loc).collect();
        let plain = regs.iter().map(|r| plain_offset(r.loc)).collect();
        RegMap { regs, locs, plain }
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

    /// Looks a register up by name.
    pub fn by_name(&self, name: &str) -> Option<(usize, &RegDesc)> {
        self.regs.iter().enumerate().find(|(_, r)| r.name == name)
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
