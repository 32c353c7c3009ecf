//! The privileged architecture of one hart (machine and supervisor level, RISC-V privileged spec
//! 1.12 as QEMU 10.0 implements it for its `rv64` CPU without H): the M- and S-level CSRs with
//! their WARL rules and access checks, trap entry and return with delegation, interrupt selection,
//! `wfi`, and Sv39 address translation with a small TLB.
//!
//! Everything here is plain state and pure functions over it: no I/O, no allocation on the hot
//! paths, no `unsafe`, and no panic whatever the guest writes. The engine owns the integer and FP
//! registers, the privilege level (`Hart::priv_level`), `fflags`/`frm` and the counters; it passes
//! what this module needs in a [`CsrCtx`] and applies the `(privilege, pc)` pairs it gets back.
//!
//! # Wiring it into the engine (for the integrator)
//!
//! * **One [`PrivState`] per hart**, built with `PrivState::new(model.misa, hart_id)` (or
//!   [`PrivState::with_config`]), and one [`Tlb`] per hart.
//! * **CSR instructions.** The numbers split as follows:
//!   - `fflags` (0x001), `frm` (0x002), `fcsr` (0x003) stay in `crate::csr` (they live in the
//!     `Hart`). Before touching them call [`PrivState::fp_enabled`]: when it is `false` (FS=Off,
//!     or no F) the instruction is an illegal instruction. After any write to them call
//!     [`PrivState::mark_fs_dirty`].
//!   - Every other number goes to [`PrivState::csr_read`] (csrrs/csrrc with rs1 = x0, csrrsi/csrrci
//!     with uimm = 0: no write, so read-only CSRs do not trap) or [`PrivState::csr_rmw`] (every
//!     other form: csrrw = mask `!0`; csrrs = mask rs1, bits `!0`; csrrc = mask rs1, bits 0). That
//!     includes `cycle`/`time`/`instret` and the `hpmcounter`s, which in system mode need the
//!     `mcounteren`/`scounteren` checks done here. `Err(CsrError)` is an illegal-instruction
//!     exception with tval = the instruction bits.
//!   - The register map / GDB use [`PrivState::debug_read`] / [`PrivState::debug_write`] (no
//!     privilege checks) and [`csr_list`] for names and order.
//! * **After any CSR write, `mret`, `sret` or trap**, end the block: the write may have changed the
//!   translation context (satp, MPRV/MPP, SUM, MXR) or enabled an interrupt. The [`Tlb`] notices
//!   satp changes itself and checks SUM/MXR/MPRV on every hit, so it needs no flush for those.
//! * **Exceptions** (illegal instruction, ecall, ebreak, misaligned, access and page faults): call
//!   [`PrivState::take_trap`] with the current privilege, the pc of the faulting instruction and a
//!   [`Trap::Exception`]; set `priv_level` and `pc` from the result. Ecall's cause is
//!   `exc::ECALL_U + priv` (8, 9, 11); illegal instruction's tval is the instruction bits (the
//!   16 bits for a compressed one); breakpoint's and misaligned/fault tvals are the address.
//! * **Interrupts**: at every block boundary (and after `wfi`, CSR writes and trap returns), call
//!   [`PrivState::pending_interrupt`] with the current privilege; on `Some(code)` call
//!   `take_trap(priv, pc_of_next_instruction, Trap::Interrupt { code })`. The machine drives the
//!   lines with [`PrivState::set_mtip`] (CLINT `mtime >= mtimecmp`), [`PrivState::set_msip`]
//!   (CLINT msip), [`PrivState::set_meip`] / [`PrivState::set_seip`] (PLIC contexts M and S).
//! * **`mret`/`sret`**: [`PrivState::mret`] / [`PrivState::sret`] give the new privilege and pc,
//!   or `Err` for an illegal instruction (wrong privilege, `sret` with TSR).
//! * **PMP** (optional): rivet's default is not to enforce it. To match QEMU, check
//!   [`PrivState::pmp_permits`] for every physical access (PTE reads as S-mode loads) and raise
//!   the access fault (1, 5, 7) on failure, and fault an `mret` to S/U while
//!   `!pmp_active()` as QEMU does.
//! * **`wfi`**: if `!wfi_allowed(priv)` it is an illegal instruction; otherwise the hart may sleep
//!   until [`PrivState::wfi_should_wake`] (pending and enabled in `mie`, whatever the global
//!   enables), then continue at the next instruction and poll `pending_interrupt`.
//! * **`sfence.vma`**: illegal in U-mode, and in S-mode when `mstatus.TVM`
//!   ([`PrivState::sfence_allowed`]); otherwise [`Tlb::flush`] with rs1's value if rs1 != x0 and
//!   rs2's low 16 bits if rs2 != x0. Cached translated blocks keyed by virtual pc must be dropped
//!   too. `satp` accesses check TVM here already.
//! * **Memory accesses**: [`Tlb::translate`] (or [`PrivState::translate`] without a TLB) for every
//!   fetch (the current privilege), load and store (the same privilege: MPRV is applied here).
//!   AMOs and SC are [`AccessType::Store`], LR is a load. An access that crosses a page is two
//!   translations; when the second half of an instruction faults, xepc is the instruction's
//!   address and tval may be the faulting half's (the spec's choice). `Err(trap)` goes straight to
//!   `take_trap`.
//! * **FP instructions**: illegal when `!fp_enabled()`; call `mark_fs_dirty()` whenever one writes
//!   an f register or changes `fflags` (the spec's rule; QEMU 10.0, measured, does not mark FS dirty
//!   when an instruction only raises flags, e.g. `feq.d` on a signalling NaN).
//!
//! # Measured QEMU 10.0.2 facts this module follows
//!
//! Measured with bare-metal probes under `qemu-system-riscv64 -M virt -bios none` with QEMU's
//! RV64GC configuration (misa 0x800000000014112d; the one `-cpu` string is `RV64GC_QEMU_CPU` in
//! `scripts/lockstep`, which every comparison with QEMU uses; plain `rv64,h=false` gives the same
//! misa and CSR list with more Z extensions). Where QEMU departs from the spec, the item says which
//! one this module follows.
//!
//! * Reset: mstatus 0xa00000000 (UXL = SXL = 2), everything else 0 except misa and mhartid;
//!   mvendorid = marchid = mimpid = mconfigptr = 0; tdata1 reads 0x2000000000000000 (an idle
//!   mcontrol trigger), tinfo 0x44, 2 triggers; mtinst/mtval2 do not exist without H.
//! * satp: only Bare and Sv39 are accepted with `sv39=on`; a write with any other MODE is ignored
//!   entirely; ASID (16 bits) and PPN (44 bits) are stored as written, also with MODE = Bare.
//! * A/D bits: QEMU sets them in hardware for its default CPU (Svadu, menvcfg.ADUE = 1 at reset)
//!   and for `svadu=false` (no Svade); it raises page faults only with `svade=true`, or with Svadu
//!   once ADUE is cleared. See [`AdUpdate`].
//! * PTE bits 60:54 set: page fault. PBMT (62:61) set: page fault without Svpbmt (or with PBMTE
//!   clear); N (63): page fault without Svnapot; neither is in QEMU 10.0's default CPU. Non-leaf
//!   PTEs with A, D or U set (or PBMT/N): page fault. RSW bits 9:8 are ignored.
//! * mtvec/stvec writes with MODE 2 or 3 are ignored entirely; vectored bases need only 4-byte
//!   alignment.
//! * Interrupt selection: QEMU without AIA takes the lowest-numbered pending interrupt (M-level
//!   before S-level), not the spec's MEI, MSI, MTI, SEI, SSI, STI order; see [`IrqOrder`].
//! * WARL masks where QEMU is looser than the spec (it lets hypervisor or absent-extension bits be
//!   written even without H): medeleg 0xf4bfff (here 0xb3ff), mideleg 0x2666 (here 0x222), mie
//!   0xffffffffffffeaaa (here 0xaaa), mip 0x26e6 (here 0x222 plus lines), menvcfg 0x10000000000000f1
//!   (here FIOM only), senvcfg 0xf1 (here FIOM only). UXL is written as QEMU writes it (a
//!   non-zero field is stored, zero keeps the old one), for lock-step parity.
//!   mepc/sepc keep bit 0 there, and here too (lock-step parity); mret/sret clear it.
//! * PMP: pmpcfg bytes are stored as written (no legalisation of R=0/W=1), pmpaddr keeps all 64
//!   bits; locked entries ignore writes. This module stores them the same way; nothing enforces
//!   them unless the engine calls [`PrivState::pmp_permits`]. QEMU does enforce PMP: with no entry
//!   programmed S/U have no access at all, and an `mret` to S/U then faults on the `mret` itself
//!   (see [`PrivState::pmp_active`]); firmware therefore programs an entry (typically pmpaddr0 =
//!   ~0, pmpcfg0 = 0x1f) before leaving M.

mod csrs;
mod list;
mod pmp;
mod sv39;
mod trap;

pub use csrs::{CsrCtx, CsrError};
pub use list::csr_list;
pub use sv39::{AccessType, PtMemory, Tlb, Translation};
pub use trap::Trap;

/// Privilege levels as the engine stores them (`Hart::priv_level`).
pub mod prv {
    /// User mode.
    pub const U: u8 = 0;
    /// Supervisor mode.
    pub const S: u8 = 1;
    /// Machine mode.
    pub const M: u8 = 3;
}

/// Synchronous exception codes (`xcause` without the interrupt bit).
pub mod exc {
    /// Instruction address misaligned.
    pub const INSN_MISALIGNED: u64 = 0;
    /// Instruction access fault.
    pub const INSN_ACCESS: u64 = 1;
    /// Illegal instruction.
    pub const ILLEGAL: u64 = 2;
    /// Breakpoint.
    pub const BREAKPOINT: u64 = 3;
    /// Load address misaligned.
    pub const LOAD_MISALIGNED: u64 = 4;
    /// Load access fault.
    pub const LOAD_ACCESS: u64 = 5;
    /// Store/AMO address misaligned.
    pub const STORE_MISALIGNED: u64 = 6;
    /// Store/AMO access fault.
    pub const STORE_ACCESS: u64 = 7;
    /// Environment call from U-mode.
    pub const ECALL_U: u64 = 8;
    /// Environment call from S-mode.
    pub const ECALL_S: u64 = 9;
    /// Environment call from M-mode.
    pub const ECALL_M: u64 = 11;
    /// Instruction page fault.
    pub const INSN_PAGE: u64 = 12;
    /// Load page fault.
    pub const LOAD_PAGE: u64 = 13;
    /// Store/AMO page fault.
    pub const STORE_PAGE: u64 = 15;
}

/// Interrupt codes (`xcause` without the interrupt bit) and the matching `mip`/`mie` bit numbers.
pub mod irq {
    /// Supervisor software interrupt.
    pub const SSI: u64 = 1;
    /// Machine software interrupt.
    pub const MSI: u64 = 3;
    /// Supervisor timer interrupt.
    pub const STI: u64 = 5;
    /// Machine timer interrupt.
    pub const MTI: u64 = 7;
    /// Supervisor external interrupt.
    pub const SEI: u64 = 9;
    /// Machine external interrupt.
    pub const MEI: u64 = 11;
}

/// `mstatus` fields.
pub mod mstatus {
    /// S-mode interrupt enable.
    pub const SIE: u64 = 1 << 1;
    /// M-mode interrupt enable.
    pub const MIE: u64 = 1 << 3;
    /// SIE before the last trap into S.
    pub const SPIE: u64 = 1 << 5;
    /// MIE before the last trap into M.
    pub const MPIE: u64 = 1 << 7;
    /// Privilege before the last trap into S (1 bit).
    pub const SPP: u64 = 1 << 8;
    /// Privilege before the last trap into M (2 bits).
    pub const MPP: u64 = 3 << 11;
    /// Shift of [`MPP`].
    pub const MPP_SHIFT: u32 = 11;
    /// FP unit state: 0 Off, 1 Initial, 2 Clean, 3 Dirty.
    pub const FS: u64 = 3 << 13;
    /// Shift of [`FS`].
    pub const FS_SHIFT: u32 = 13;
    /// Loads and stores in M use the privilege in MPP.
    pub const MPRV: u64 = 1 << 17;
    /// S-mode may load and store U pages.
    pub const SUM: u64 = 1 << 18;
    /// Loads from execute-only pages succeed.
    pub const MXR: u64 = 1 << 19;
    /// satp accesses and sfence.vma trap in S-mode.
    pub const TVM: u64 = 1 << 20;
    /// wfi traps in S-mode.
    pub const TW: u64 = 1 << 21;
    /// sret traps in S-mode.
    pub const TSR: u64 = 1 << 22;
    /// U-mode XLEN (fixed to 2: 64 bits).
    pub const UXL: u64 = 3 << 32;
    /// S-mode XLEN (fixed to 2: 64 bits).
    pub const SXL: u64 = 3 << 34;
    /// Some state is dirty (FS = Dirty here; XS and VS are always 0).
    pub const SD: u64 = 1 << 63;
}

/// CSR numbers this module implements (plus the FP ones it only checks).
pub mod num {
    /// `fflags`.
    pub const FFLAGS: u16 = 0x001;
    /// `frm`.
    pub const FRM: u16 = 0x002;
    /// `fcsr`.
    pub const FCSR: u16 = 0x003;
    /// `sstatus`.
    pub const SSTATUS: u16 = 0x100;
    /// `sie`.
    pub const SIE: u16 = 0x104;
    /// `stvec`.
    pub const STVEC: u16 = 0x105;
    /// `scounteren`.
    pub const SCOUNTEREN: u16 = 0x106;
    /// `senvcfg`.
    pub const SENVCFG: u16 = 0x10a;
    /// `sscratch`.
    pub const SSCRATCH: u16 = 0x140;
    /// `sepc`.
    pub const SEPC: u16 = 0x141;
    /// `scause`.
    pub const SCAUSE: u16 = 0x142;
    /// `stval`.
    pub const STVAL: u16 = 0x143;
    /// `sip`.
    pub const SIP: u16 = 0x144;
    /// `satp`.
    pub const SATP: u16 = 0x180;
    /// `mstatus`.
    pub const MSTATUS: u16 = 0x300;
    /// `misa`.
    pub const MISA: u16 = 0x301;
    /// `medeleg`.
    pub const MEDELEG: u16 = 0x302;
    /// `mideleg`.
    pub const MIDELEG: u16 = 0x303;
    /// `mie`.
    pub const MIE: u16 = 0x304;
    /// `mtvec`.
    pub const MTVEC: u16 = 0x305;
    /// `mcounteren`.
    pub const MCOUNTEREN: u16 = 0x306;
    /// `menvcfg`.
    pub const MENVCFG: u16 = 0x30a;
    /// `mcountinhibit`.
    pub const MCOUNTINHIBIT: u16 = 0x320;
    /// mhpmevent3; mhpmevent3..31 are 0x323..0x33f.
    pub const MHPMEVENT3: u16 = 0x323;
    /// `mhpmevent31`.
    pub const MHPMEVENT31: u16 = 0x33f;
    /// `mscratch`.
    pub const MSCRATCH: u16 = 0x340;
    /// `mepc`.
    pub const MEPC: u16 = 0x341;
    /// `mcause`.
    pub const MCAUSE: u16 = 0x342;
    /// `mtval`.
    pub const MTVAL: u16 = 0x343;
    /// `mip`.
    pub const MIP: u16 = 0x344;
    /// `pmpcfg0`.
    pub const PMPCFG0: u16 = 0x3a0;
    /// `pmpcfg2`.
    pub const PMPCFG2: u16 = 0x3a2;
    /// pmpaddr0; pmpaddr0..15 are 0x3b0..0x3bf.
    pub const PMPADDR0: u16 = 0x3b0;
    /// `pmpaddr15`.
    pub const PMPADDR15: u16 = 0x3bf;
    /// `tselect`.
    pub const TSELECT: u16 = 0x7a0;
    /// `tdata1`.
    pub const TDATA1: u16 = 0x7a1;
    /// `tdata2`.
    pub const TDATA2: u16 = 0x7a2;
    /// `tdata3`.
    pub const TDATA3: u16 = 0x7a3;
    /// `tinfo`.
    pub const TINFO: u16 = 0x7a4;
    /// `mcontext`.
    pub const MCONTEXT: u16 = 0x7a8;
    /// `mcycle`.
    pub const MCYCLE: u16 = 0xb00;
    /// `minstret`.
    pub const MINSTRET: u16 = 0xb02;
    /// mhpmcounter3; mhpmcounter3..18 are 0xb03..0xb12 (QEMU's default 16 counters).
    pub const MHPMCOUNTER3: u16 = 0xb03;
    /// `mhpmcounter18`.
    pub const MHPMCOUNTER18: u16 = 0xb12;
    /// `cycle`.
    pub const CYCLE: u16 = 0xc00;
    /// `time`.
    pub const TIME: u16 = 0xc01;
    /// `instret`.
    pub const INSTRET: u16 = 0xc02;
    /// hpmcounter3; hpmcounter3..18 are 0xc03..0xc12.
    pub const HPMCOUNTER3: u16 = 0xc03;
    /// `hpmcounter18`.
    pub const HPMCOUNTER18: u16 = 0xc12;
    /// `mvendorid`.
    pub const MVENDORID: u16 = 0xf11;
    /// `marchid`.
    pub const MARCHID: u16 = 0xf12;
    /// `mimpid`.
    pub const MIMPID: u16 = 0xf13;
    /// `mhartid`.
    pub const MHARTID: u16 = 0xf14;
    /// `mconfigptr`.
    pub const MCONFIGPTR: u16 = 0xf15;
}

/// How the page-table walker treats a leaf PTE whose A bit (or D bit, for a store) is clear.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AdUpdate {
    /// Set A/D in hardware, with no CSR control: QEMU 10.0 with `svadu=false` and no Svade
    /// (measured: A and D get set, menvcfg.ADUE reads 0 and cannot be set).
    #[default]
    Hardware,
    /// Svadu: hardware update while menvcfg.ADUE = 1 (its reset value, as in QEMU's default `rv64`
    /// CPU), page fault while it is 0.
    Svadu,
    /// Svade: always a page fault (QEMU with `svade=true`).
    Svade,
}

/// Order among pending, enabled interrupts of one privilege level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum IrqOrder {
    /// The privileged spec's order: MEI, MSI, MTI, SEI, SSI, STI.
    #[default]
    Spec,
    /// QEMU 10.0 without AIA (measured): the lowest cause number first (SSI, MSI, STI, MTI, SEI,
    /// MEI). For lock-step comparisons with QEMU.
    LowestCode,
}

/// What a [`PrivState`] models beyond misa.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PrivConfig {
    /// The `misa` value (from the CPU model). S and U are assumed present; without F, mstatus.FS
    /// is read-only zero (as QEMU does for its F-less CPU).
    pub misa: u64,
    /// `mhartid`.
    pub hart_id: u64,
    /// Accessed/dirty bit handling.
    pub ad_update: AdUpdate,
    /// Svpbmt: menvcfg.PBMTE exists (set at reset, as QEMU does) and PTE bits 62:61 may be 0..2.
    pub svpbmt: bool,
    /// Interrupt priority order.
    pub irq_order: IrqOrder,
}

/// misa of RV64GC with S and U: RV64IMAFDCSU.
pub const MISA_RV64GC: u64 = 0x8000_0000_0014_112d;

impl Default for PrivConfig {
    fn default() -> PrivConfig {
        PrivConfig::new(MISA_RV64GC, 0)
    }
}

impl PrivConfig {
    /// The default configuration for a model's misa: hardware A/D, no Svpbmt, the spec's interrupt
    /// order.
    pub const fn new(misa: u64, hart_id: u64) -> PrivConfig {
        PrivConfig { misa, hart_id, ad_update: AdUpdate::Hardware, svpbmt: false, irq_order: IrqOrder::Spec }
    }
}

/// Number of implemented `mhpmcounter`s (3..18), as QEMU's default `pmu-num=16`.
const NUM_HPM_COUNTERS: usize = 16;
/// Number of `mhpmevent`s (3..31): QEMU implements all of them even with 16 counters.
const NUM_HPM_EVENTS: usize = 29;
/// Number of PMP entries (QEMU: 16).
const NUM_PMP: usize = 16;
/// Number of debug triggers (QEMU: 2).
const NUM_TRIGGERS: usize = 2;

/// The M- and S-level privileged state of one hart.
#[derive(Clone, Debug)]
pub struct PrivState {
    cfg: PrivConfig,
    /// mstatus without SD (computed on read); UXL/SXL always 2.
    mstatus: u64,
    medeleg: u64,
    mideleg: u64,
    mie: u64,
    /// The software-writable mip bits (SSIP, STIP, and the software SEIP).
    mip_sw: u64,
    /// Interrupt lines driven by the machine (MSIP, MTIP, MEIP, and the external SEIP).
    mip_hw: u64,
    mtvec: u64,
    stvec: u64,
    mscratch: u64,
    sscratch: u64,
    mepc: u64,
    sepc: u64,
    mcause: u64,
    scause: u64,
    mtval: u64,
    stval: u64,
    satp: u64,
    mcounteren: u64,
    scounteren: u64,
    mcountinhibit: u64,
    menvcfg: u64,
    senvcfg: u64,
    pmpcfg: [u8; NUM_PMP],
    pmpaddr: [u64; NUM_PMP],
    mhpmevent: [u64; NUM_HPM_EVENTS],
    mhpmcounter: [u64; NUM_HPM_COUNTERS],
    /// mcycle = engine cycles + offset while counting.
    cycle_offset: u64,
    /// minstret = engine instret + offset while counting.
    instret_offset: u64,
    /// mcycle's value while mcountinhibit.CY stops it.
    cycle_frozen: u64,
    /// minstret's value while mcountinhibit.IR stops it.
    instret_frozen: u64,
    tselect: u64,
    tdata2: [u64; NUM_TRIGGERS],
    mcontext: u64,
}

impl Default for PrivState {
    fn default() -> PrivState {
        PrivState::with_config(PrivConfig::default())
    }
}

impl PrivState {
    /// A hart's privileged state at reset, for the given misa (from the CPU model) and hart id.
    pub fn new(misa: u64, hart_id: u64) -> PrivState {
        PrivState::with_config(PrivConfig::new(misa, hart_id))
    }

    /// A hart's privileged state at reset for a full configuration.
    pub fn with_config(cfg: PrivConfig) -> PrivState {
        let mut menvcfg = 0;
        // QEMU's reset values: ADUE set when Svadu is present, PBMTE when Svpbmt is.
        if cfg.ad_update == AdUpdate::Svadu {
            menvcfg |= csrs::MENVCFG_ADUE;
        }
        if cfg.svpbmt {
            menvcfg |= csrs::MENVCFG_PBMTE;
        }
        PrivState {
            cfg,
            mstatus: (2 << 32) | (2 << 34),
            medeleg: 0,
            mideleg: 0,
            mie: 0,
            mip_sw: 0,
            mip_hw: 0,
            mtvec: 0,
            stvec: 0,
            mscratch: 0,
            sscratch: 0,
            mepc: 0,
            sepc: 0,
            mcause: 0,
            scause: 0,
            mtval: 0,
            stval: 0,
            satp: 0,
            mcounteren: 0,
            scounteren: 0,
            mcountinhibit: 0,
            menvcfg,
            senvcfg: 0,
            pmpcfg: [0; NUM_PMP],
            pmpaddr: [0; NUM_PMP],
            mhpmevent: [0; NUM_HPM_EVENTS],
            mhpmcounter: [0; NUM_HPM_COUNTERS],
            cycle_offset: 0,
            instret_offset: 0,
            cycle_frozen: 0,
            instret_frozen: 0,
            tselect: 0,
            tdata2: [0; NUM_TRIGGERS],
            mcontext: 0,
        }
    }

    /// The configuration this state was built with.
    pub fn config(&self) -> &PrivConfig {
        &self.cfg
    }

    /// Whether misa has F (and so mstatus.FS exists).
    fn has_fpu(&self) -> bool {
        self.cfg.misa & (1 << 5) != 0
    }

    /// mstatus as software reads it (SD computed from FS).
    pub fn mstatus(&self) -> u64 {
        let dirty = self.mstatus & mstatus::FS == mstatus::FS;
        self.mstatus | if dirty { mstatus::SD } else { 0 }
    }

    /// The current satp value.
    pub fn satp(&self) -> u64 {
        self.satp
    }

    /// mie.
    pub fn mie(&self) -> u64 {
        self.mie
    }

    /// mip as software reads it: the software bits OR the machine's interrupt lines.
    pub fn mip(&self) -> u64 {
        self.mip_sw | self.mip_hw
    }

    /// mideleg.
    pub fn mideleg(&self) -> u64 {
        self.mideleg
    }

    /// medeleg.
    pub fn medeleg(&self) -> u64 {
        self.medeleg
    }

    /// `mstatus.FS` (0 Off, 1 Initial, 2 Clean, 3 Dirty).
    pub fn fs(&self) -> u8 {
        ((self.mstatus & mstatus::FS) >> mstatus::FS_SHIFT) as u8
    }

    /// Whether FP instructions and the FP CSRs are usable: F is present and FS is not Off. When this
    /// is false they raise an illegal-instruction exception.
    pub fn fp_enabled(&self) -> bool {
        self.fs() != 0
    }

    /// Records that an FP register or fflags was written: FS becomes Dirty (and SD reads 1). The
    /// engine calls it after every instruction that writes an f register or changes fflags, and
    /// after writes to fflags/frm/fcsr. With FS=Off (or no F) nothing changes: no FP state can
    /// have been written then.
    pub fn mark_fs_dirty(&mut self) {
        if self.fp_enabled() {
            self.mstatus |= mstatus::FS;
        }
    }

    /// Drives the machine software interrupt line (CLINT msip).
    pub fn set_msip(&mut self, level: bool) {
        self.set_line(irq::MSI, level);
    }

    /// Drives the machine timer interrupt line (CLINT: mtime >= mtimecmp).
    pub fn set_mtip(&mut self, level: bool) {
        self.set_line(irq::MTI, level);
    }

    /// Drives the machine external interrupt line (PLIC, M-mode context).
    pub fn set_meip(&mut self, level: bool) {
        self.set_line(irq::MEI, level);
    }

    /// Drives the supervisor external interrupt line (PLIC, S-mode context). mip.SEIP reads as this
    /// line OR the bit M-mode software wrote.
    pub fn set_seip(&mut self, level: bool) {
        self.set_line(irq::SEI, level);
    }

    fn set_line(&mut self, code: u64, level: bool) {
        if level {
            self.mip_hw |= 1 << code;
        } else {
            self.mip_hw &= !(1 << code);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_rv64gc_hart0() {
        let p = PrivState::default();
        assert_eq!(p.config().misa, MISA_RV64GC);
        assert_eq!(p.config().hart_id, 0);
        assert_eq!(p.mstatus(), 0xa_0000_0000);
        assert_eq!(p.mip(), 0);
        assert!(!p.fp_enabled());
    }
}
