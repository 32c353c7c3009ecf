//! A vCPU as callbacks see it: its registers, its memory, and the plugin's state for it.

use crate::sys::{self, RegDesc, VcpuRaw};
use crate::Host;
use std::fmt;
use std::ops::{Deref, DerefMut};

/// Why a register or memory access failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// The register belongs to another CPU model than this vCPU's (a heterogeneous machine), or
    /// no register has that name.
    NoSuchRegister,
    /// The register cannot be written (x0, counters, `priv` in user mode).
    ReadOnly,
    /// The guest address is not mapped with the needed permission.
    BadAddress,
    /// The host refused (an access this callback was not given).
    Refused,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Error::NoSuchRegister => "no such register on this vCPU",
            Error::ReadOnly => "the register is read-only",
            Error::BadAddress => "guest address not accessible",
            Error::Refused => "access refused in this callback",
        })
    }
}

impl std::error::Error for Error {}

/// A register of a CPU model: what the register list of a vCPU holds. Cheap to copy and valid for
/// the whole run; every vCPU of the model shares it.
#[derive(Clone, Copy)]
#[repr(transparent)] // a `RegChange` is read in place from the host's `ChangeRaw`
pub struct Reg(&'static RegDesc);

impl Reg {
    /// Name as GDB spells it: `sp`, `ft0`, `fflags`, `mstatus`, `priv`.
    pub fn name(self) -> &'static str {
        // SAFETY: the host's names are UTF-8 kept for the run.
        unsafe { self.0.name.as_str() }
    }

    /// GDB feature group: `org.gnu.gdb.riscv.cpu`, `.fpu`, `.csr` or `.virtual`.
    pub fn feature(self) -> &'static str {
        // SAFETY: as in `name`.
        unsafe { self.0.feature.as_str() }
    }

    /// The group's short name: `cpu`, `fpu`, `csr`, `virtual`.
    pub fn group(self) -> &'static str {
        crate::group_of(self.feature())
    }

    /// Whether `pattern` (a name, a group or `*`, as [`Install::watch`](crate::Install::watch)
    /// takes them) selects this register: the rule the host's watches follow ([`crate::selects`]).
    pub fn matches(self, pattern: &str) -> bool {
        crate::selects(pattern, self.name(), self.feature())
    }

    /// Width in bits.
    pub fn bits(self) -> u32 {
        self.0.size * 8
    }

    /// Whether writes are refused.
    pub fn is_read_only(self) -> bool {
        self.0.flags & sys::REG_READ_ONLY != 0
    }

    /// GDB's register number (for `p $sp` style tools).
    pub fn gdb_number(self) -> u32 {
        self.0.gdb
    }

    /// Index in the model's register list (dense: usable as an array index).
    pub fn index(self) -> usize {
        self.0.index as usize
    }

    /// Index of the CPU model.
    pub fn model(self) -> u32 {
        self.0.model
    }
}

impl PartialEq for Reg {
    fn eq(&self, o: &Reg) -> bool {
        self.0.model == o.0.model && self.0.index == o.0.index
    }
}

impl Eq for Reg {}

impl fmt::Debug for Reg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Reg({}, model {})", self.name(), self.model())
    }
}

impl fmt::Display for Reg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The vCPU a callback runs for, with read access to its registers and memory ([`View`], which
/// it dereferences to) and the plugin's state for it (`state`). Borrowed for the callback:
/// nothing is copied to make it.
///
/// To read registers while holding `state` borrowed, go through the `view` field, which is
/// disjoint from `state`: `vcpu.state.last = vcpu.view.read(sp)?`.
pub struct Vcpu<'a, S> {
    /// The plugin's state for this vCPU ([`Plugin::State`](crate::Plugin::State)).
    pub state: &'a mut S,
    /// Registers, memory and identity of the vCPU.
    pub view: View<'a>,
}

impl<'a, S> Deref for Vcpu<'a, S> {
    type Target = View<'a>;
    fn deref(&self) -> &View<'a> {
        &self.view
    }
}

/// Read access to a vCPU during a callback.
pub struct View<'a> {
    pub(crate) raw: &'a mut VcpuRaw,
    pub(crate) host: Host,
}

impl View<'_> {
    /// The vCPU's index.
    pub fn index(&self) -> u32 {
        self.raw.index
    }

    /// Index of its CPU model (vCPUs of one model share their [`Reg`]s).
    pub fn model(&self) -> u32 {
        self.raw.model
    }

    /// Instructions it has retired.
    pub fn instret(&self) -> u64 {
        self.raw.instret
    }

    /// Its registers, in GDB's order: cpu (zero..t6, pc), fpu, csr, virtual.
    pub fn registers(&self) -> impl ExactSizeIterator<Item = Reg> + 'static {
        self.descs().iter().map(Reg)
    }

    fn descs(&self) -> &'static [RegDesc] {
        if self.raw.regs.is_null() {
            return &[];
        }
        // SAFETY: the host's register list of this model, kept for the run.
        unsafe { std::slice::from_raw_parts(self.raw.regs, self.raw.nregs) }
    }

    /// The register called `name` (GDB's names: `sp`, `fa0`, `mstatus`).
    pub fn reg(&self, name: &str) -> Option<Reg> {
        self.registers().find(|r| r.name() == name)
    }

    /// The register's value (floating-point registers as their 64 bits, NaN-boxed singles
    /// included). A plain word of the vCPU is loaded in place, without a call into rivet.
    #[inline]
    pub fn read(&self, r: Reg) -> Result<u64, Error> {
        let d = r.0;
        if d.model == self.raw.model && d.word < self.raw.nwords {
            // SAFETY: `words` holds `nwords` words of this vCPU for the callback's duration.
            return Ok(unsafe { *self.raw.words.add(d.word as usize) });
        }
        self.read_slow(d)
    }

    #[cold]
    fn read_slow(&self, d: &RegDesc) -> Result<u64, Error> {
        if d.model != self.raw.model {
            return Err(Error::NoSuchRegister);
        }
        let mut v = 0;
        // SAFETY: `raw` is the host's vCPU for this callback, `d` one of its registers.
        match unsafe { (self.host.api().read_reg)(&*self.raw, d, &mut v) } {
            0 => Ok(v),
            _ => Err(Error::Refused),
        }
    }

    /// The register as a double (its 64 bits reinterpreted).
    pub fn read_f64(&self, r: Reg) -> Result<f64, Error> {
        self.read(r).map(f64::from_bits)
    }

    /// The register's bytes in target (little-endian) order into `out`; returns how many (its
    /// width; a shorter `out` gets a prefix).
    pub fn read_bytes(&self, r: Reg, out: &mut [u8]) -> Result<usize, Error> {
        let v = self.read(r)?.to_le_bytes();
        let n = (r.0.size as usize).min(8).min(out.len());
        out[..n].copy_from_slice(&v[..n]);
        Ok(n)
    }

    /// Reads a register by name.
    pub fn read_named(&self, name: &str) -> Result<u64, Error> {
        self.read(self.reg(name).ok_or(Error::NoSuchRegister)?)
    }

    /// The program counter.
    pub fn pc(&self) -> u64 {
        // pc is the last register word; the host always lists it.
        // SAFETY: `words` holds `nwords` >= 1 words for the callback's duration.
        unsafe { *self.raw.words.add(self.raw.nwords.max(1) as usize - 1) }
    }

    /// Every register at once, into `snap` (reused: no allocation once it has grown).
    pub fn snapshot_into(&self, snap: &mut Snapshot) {
        snap.model = self.raw.model;
        snap.values.clear();
        snap.values.extend(self.registers().map(|r| self.read(r).unwrap_or(0)));
    }

    /// Every register at once.
    pub fn snapshot(&self) -> Snapshot {
        let mut s = Snapshot { model: self.raw.model, values: Vec::with_capacity(self.raw.nregs) };
        self.snapshot_into(&mut s);
        s
    }

    /// The values of the registers of `sel`, in its order, into `out` (as many as fit). For a
    /// selection of plain registers (x, f, pc) of this vCPU's model this is one indexed copy from
    /// the vCPU's register words: what a plugin that compares many registers on every
    /// instruction wants.
    #[inline]
    pub fn read_selection(&self, sel: &Selection, out: &mut [u64]) {
        if sel.model == Some(self.raw.model) && sel.max_word < self.raw.nwords as usize {
            // SAFETY: `words` holds `nwords` words for the callback's duration, and every index of
            // `sel.words` is at most `max_word`, below `nwords`.
            let words = unsafe { std::slice::from_raw_parts(self.raw.words, self.raw.nwords as usize) };
            for (o, &w) in out.iter_mut().zip(sel.words.iter()) {
                *o = words[w as usize];
            }
            return;
        }
        for (o, &r) in out.iter_mut().zip(sel.regs.iter()) {
            *o = self.read(r).unwrap_or(0);
        }
    }

    /// Reads guest memory at a virtual address (with the guest's read permission).
    pub fn read_memory(&self, vaddr: u64, buf: &mut [u8]) -> Result<(), Error> {
        // SAFETY: `buf` is writable for its length; `raw` is this callback's vCPU.
        match unsafe { (self.host.api().read_mem)(&*self.raw, vaddr, buf.as_mut_ptr(), buf.len()) } {
            0 => Ok(()),
            _ => Err(Error::BadAddress),
        }
    }

    /// The host, for output.
    pub fn host(&self) -> Host {
        self.host
    }
}

/// A vCPU in a callback that may also change it: registers, pc, memory. Reads as [`Vcpu`].
pub struct VcpuMut<'a, S>(pub(crate) Vcpu<'a, S>);

impl<'a, S> Deref for VcpuMut<'a, S> {
    type Target = Vcpu<'a, S>;
    fn deref(&self) -> &Vcpu<'a, S> {
        &self.0
    }
}

impl<'a, S> DerefMut for VcpuMut<'a, S> {
    fn deref_mut(&mut self) -> &mut Vcpu<'a, S> {
        &mut self.0
    }
}

impl<S> VcpuMut<'_, S> {
    /// Sets a register. Writing pc moves execution there once the callback returns (the
    /// instruction the callback came before does not run).
    pub fn write(&mut self, r: Reg, value: u64) -> Result<(), Error> {
        let d = r.0;
        if d.model != self.0.view.raw.model {
            return Err(Error::NoSuchRegister);
        }
        if d.flags & sys::REG_READ_ONLY != 0 {
            return Err(Error::ReadOnly);
        }
        // SAFETY: `raw` is this callback's vCPU, `d` one of its registers.
        match unsafe { (self.0.view.host.api().write_reg)(self.0.view.raw, d, value) } {
            0 => Ok(()),
            _ => Err(Error::Refused),
        }
    }

    /// Writes a double into a register.
    pub fn write_f64(&mut self, r: Reg, value: f64) -> Result<(), Error> {
        self.write(r, value.to_bits())
    }

    /// Continues execution at `vaddr` once the callback returns.
    pub fn set_pc(&mut self, vaddr: u64) -> Result<(), Error> {
        let pc = self.reg("pc").ok_or(Error::NoSuchRegister)?;
        self.write(pc, vaddr)
    }

    /// Writes guest memory at a virtual address (with the guest's write permission).
    pub fn write_memory(&mut self, vaddr: u64, bytes: &[u8]) -> Result<(), Error> {
        // SAFETY: `bytes` is readable for its length; `raw` is this callback's vCPU.
        match unsafe { (self.0.view.host.api().write_mem)(self.0.view.raw, vaddr, bytes.as_ptr(), bytes.len()) } {
            0 => Ok(()),
            _ => Err(Error::BadAddress),
        }
    }
}

/// The values of every register of a vCPU at one moment, indexed like its register list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    model: u32,
    values: Vec<u64>,
}

impl Snapshot {
    /// The value of `r` (`None` for a register of another model).
    pub fn get(&self, r: Reg) -> Option<u64> {
        if r.model() != self.model {
            return None;
        }
        self.values.get(r.index()).copied()
    }

    /// The values, in register-list order.
    pub fn values(&self) -> &[u64] {
        &self.values
    }
}

/// A list of registers prepared for reading together ([`View::read_selection`]).
#[derive(Clone, Debug)]
pub struct Selection {
    regs: Vec<Reg>,
    /// Word indices when every register is a plain word of one model.
    words: Vec<u32>,
    max_word: usize,
    model: Option<u32>,
}

impl Selection {
    /// Prepares `regs` (of one CPU model; registers of several models are read one by one).
    pub fn new(regs: &[Reg]) -> Selection {
        let model = regs.first().map(|r| r.model());
        let plain = regs.iter().all(|r| Some(r.model()) == model && r.0.word != sys::NOT_A_WORD);
        let words: Vec<u32> = if plain { regs.iter().map(|r| r.0.word).collect() } else { Vec::new() };
        Selection {
            regs: regs.to_vec(),
            max_word: words.iter().copied().max().unwrap_or(0) as usize,
            model: if plain { model } else { None },
            words,
        }
    }

    /// The registers.
    pub fn regs(&self) -> &[Reg] {
        &self.regs
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.regs.len()
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.regs.is_empty()
    }
}
