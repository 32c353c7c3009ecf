//! The host side of rivet's native plugin interface (`rivet_plugin::sys`): plugins written with
//! the `rivet-plugin` crate, built into rivet or loaded from a `cdylib`. Each plugin gets a
//! [`HostApi`] whose functions reach [`Host`]; its callbacks become host closures that hand the
//! plugin a [`VcpuRaw`] pointing at the hart's register words in place.
//!
//! It lives beside the QEMU ABI because the two share the loader, plugin output (`-d plugin`,
//! `-D`) and what is known about the guest binary.

use crate::state::{self, write_out};
use rivet_core::hooks::{Action, HookCtx, MemEvent};
use rivet_core::{CpuModel, GuestMemory, Hart};
use rivet_plugin::sys::{
    self, Callbacks, ChangeRaw, Closure, HostApi, InfoRaw, InsnRaw, MemCall, MemRaw, RegDesc, Str, TbRaw, VcpuCall,
    VcpuRaw,
};
use rivet_plugin_host::host::{Register, Tb};
use rivet_plugin_host::{context, Host, PluginId, RegChange};
use std::ffi::c_void;
use std::sync::{Arc, Mutex, OnceLock};

/// The API version native plugins follow where the host's rules depend on one.
const NATIVE_VERSION: u32 = 7;

/// One native plugin as the host keeps it (leaked: it lives for the run, as plugins do).
struct Native {
    api: HostApi,
    id: PluginId,
    host: Arc<Host>,
    failure: Mutex<String>,
    cbs: OnceLock<Cbs>,
}

/// The plugin's callbacks. Its `data` is the plugin's own, shared by its callbacks on every
/// thread (the `rivet-plugin` crate makes it `Sync`).
struct Cbs(Callbacks);
// SAFETY: see above; the function pointers are plain code.
unsafe impl Send for Cbs {}
// SAFETY: as above.
unsafe impl Sync for Cbs {}

/// Installs a native plugin through its entry point (a built-in's `rivet_plugin::entry::<P>`, or
/// a `cdylib`'s `rivet_plugin_entry`). `name` is for messages.
pub fn install(host: &Arc<Host>, name: &str, entry: sys::EntryFn, args: &[String]) -> Result<PluginId, String> {
    let id = host.add_plugin(name.to_string(), NATIVE_VERSION);
    let record = Box::into_raw(Box::new(Native {
        api: HostApi {
            abi_version: sys::ABI_VERSION,
            size: std::mem::size_of::<HostApi>() as u32,
            host: std::ptr::null(),
            fail,
            out,
            info,
            set_callbacks,
            watch,
            read_reg,
            write_reg,
            read_mem,
            write_mem,
            tb_add,
            tb_add_mem,
            symbol,
            exit,
        },
        id,
        host: host.clone(),
        failure: Mutex::new(String::new()),
        cbs: OnceLock::new(),
    }));
    // The plugin passes `api.host` back: let it name this record. The record is leaked (it lives
    // for the run, as plugins do).
    // SAFETY: `record` comes from `Box::into_raw`: valid, aligned and not shared yet; written once
    // through the same pointer, then only read.
    let n: &'static Native = unsafe {
        (*record).api.host = record as *const c_void;
        &*record
    };
    let strs: Vec<Str> = args.iter().map(|a| Str::new(a)).collect();
    // SAFETY: `entry` is a plugin entry point; `api` lives for the run, `strs` for the call.
    let rc = context::enter_plugin(id, || unsafe { entry(&n.api, strs.as_ptr(), strs.len()) });
    if rc == 0 {
        return Ok(id);
    }
    host.remove_plugin(id);
    let why = std::mem::take(&mut *n.failure.lock().unwrap_or_else(|e| e.into_inner()));
    Err(if why.is_empty() {
        format!("plugin {name}: install failed (it may be built for another rivet plugin interface)")
    } else {
        format!("plugin {name}: {why}")
    })
}

/// The record behind a plugin's `api.host`.
///
/// # Safety
/// `h` is the `host` field of a [`HostApi`] made by [`install`].
unsafe fn native<'a>(h: *const c_void) -> &'a Native {
    // SAFETY: as the caller vouches; records are leaked, so they live for the run.
    unsafe { &*(h as *const Native) }
}

// ---------------------------------------------------------------------------------------------
// Register lists, per CPU model

/// The native register list of each CPU model (by model index), made once and kept for the run.
/// Read on every register-change callback, so without a lock.
static DESCS: [OnceLock<&'static [RegDesc]>; MAX_MODELS] = [const { OnceLock::new() }; MAX_MODELS];
const MAX_MODELS: usize = 64;

fn descs(model: &CpuModel) -> &'static [RegDesc] {
    let Some(slot) = DESCS.get(model.index as usize) else { return &[] };
    slot.get_or_init(|| {
        let map = &model.regs;
        let list: Vec<RegDesc> = map
            .regs()
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let off = map.plain(k);
                RegDesc {
                    name: Str::new(r.name),
                    feature: Str::new(r.feature),
                    model: model.index,
                    index: k as u32,
                    word: if off == rivet_core::regs::NOT_PLAIN { sys::NOT_A_WORD } else { off as u32 / 8 },
                    size: r.size as u32,
                    // pc is writable natively: a write moves execution (there is no separate set_pc).
                    flags: if r.read_only { sys::REG_READ_ONLY } else { 0 },
                    gdb: r.gdb_num,
                }
            })
            .collect();
        Box::leak(list.into_boxed_slice())
    })
}

/// What `VcpuRaw::host` points at while a callback runs.
struct VcpuCtx<'a> {
    hart: *mut Hart,
    mem: &'a GuestMemory,
}

/// Calls `f` with a [`VcpuRaw`] for `hart`, whose register list is `regs`.
#[inline]
fn with_raw<R>(
    hart: &mut Hart,
    mem: &GuestMemory,
    regs: &'static [RegDesc],
    access: u32,
    f: impl FnOnce(&mut VcpuRaw) -> R,
) -> R {
    let (index, model, instret) = (hart.vcpu_index, hart.model.index, hart.instret);
    // The plugin reads words through a pointer made from the same raw pointer its writes go
    // through (`vcpu_of`), so a write in a callback never invalidates its view.
    let hart = hart as *mut Hart;
    let mut ctx = VcpuCtx { hart, mem };
    let mut raw = VcpuRaw {
        words: Hart::words_ptr(hart),
        nwords: Hart::WORDS as u32,
        index,
        model,
        access,
        regs: regs.as_ptr(),
        nregs: regs.len(),
        instret,
        host: &mut ctx as *mut VcpuCtx as *mut c_void,
    };
    f(&mut raw)
}

/// As [`with_raw`] for the current vCPU of a host callback (none: nothing is called).
fn with_current_raw(access: u32, f: impl FnOnce(&mut VcpuRaw)) {
    context::with_current(|hart, mem, _| {
        let regs = descs(&hart.model);
        with_raw(hart, mem, regs, access, f)
    });
}

/// The vCPU behind a [`VcpuRaw`].
///
/// # Safety
/// `v` is a `VcpuRaw` made by [`with_raw`], during its callback.
unsafe fn vcpu_of<'a>(v: *const VcpuRaw) -> Option<(&'a mut Hart, &'a GuestMemory, u32)> {
    // SAFETY: as the caller vouches: `host` points at the `VcpuCtx` on `with_raw`'s stack, whose
    // hart is borrowed mutably for the callback (the plugin has only the read-only `words` view,
    // which it does not use across this call).
    unsafe {
        let v = v.as_ref()?;
        let ctx = (v.host as *const VcpuCtx).as_ref()?;
        Some((&mut *ctx.hart, ctx.mem, v.access))
    }
}

// ---------------------------------------------------------------------------------------------
// HostApi functions

unsafe extern "C" fn fail(h: *const c_void, why: Str) {
    // SAFETY: the plugin passes its `api.host` and UTF-8 text valid for the call.
    let (n, why) = unsafe { (native(h), why.as_str()) };
    *n.failure.lock().unwrap_or_else(|e| e.into_inner()) = why.to_string();
}

unsafe extern "C" fn out(_h: *const c_void, text: Str) {
    // SAFETY: UTF-8 text valid for the call.
    write_out(unsafe { text.as_str() }.as_bytes());
}

unsafe extern "C" fn info(_h: *const c_void, info: *mut InfoRaw) {
    let o = state::options();
    let b = state::binary();
    let path: &'static str = b.and_then(|b| b.info.path.to_str()).unwrap_or("");
    let raw = InfoRaw {
        system: o.system as u32,
        vcpus: if o.system { o.smp_vcpus.max(0) as u32 } else { 0 },
        binary: Str::new(path),
        start_code: b.map_or(0, |b| b.info.start_code),
        end_code: b.map_or(0, |b| b.info.end_code),
        entry: b.map_or(0, |b| b.info.entry),
    };
    // SAFETY: the plugin passes a writable `InfoRaw`.
    if let Some(i) = unsafe { info.as_mut() } {
        *i = raw;
    }
}

unsafe extern "C" fn symbol(_h: *const c_void, vaddr: u64) -> Str {
    crate::api::symbol_at(vaddr).and_then(|c| c.to_str().ok()).map_or(Str::new(""), Str::new)
}

unsafe extern "C" fn exit(h: *const c_void, status: i32) {
    // SAFETY: the plugin passes its `api.host`.
    unsafe { native(h) }.host.request_exit(status);
}

unsafe extern "C" fn set_callbacks(h: *const c_void, cbs: *const Callbacks) -> i32 {
    // SAFETY: the plugin passes its `api.host` and its callbacks.
    let (n, cbs) = unsafe { (native(h), cbs.read()) };
    if n.cbs.set(Cbs(cbs)).is_err() {
        return -1;
    }
    let c = &n.cbs.get().expect("just set").0;
    let (host, id, data) = (&n.host, n.id, c.data as usize);
    let rw = sys::ACCESS_READ | sys::ACCESS_WRITE;
    if let Some(f) = c.vcpu_init {
        // SAFETY (all closures below): `data` and the functions are the plugin's, for the run;
        // each gets the current vCPU of the host callback it runs in.
        let g = move |_| with_current_raw(rw, |v| unsafe { f(data as *const c_void, v) });
        host.register(id, Register::VcpuInit(Arc::new(g)));
    }
    if let Some(f) = c.vcpu_exit {
        let g = move |_| with_current_raw(rw, |v| unsafe { f(data as *const c_void, v) });
        host.register(id, Register::VcpuExit(Arc::new(g)));
    }
    if let Some(f) = c.translate {
        let g = move |tb: &mut Tb| translate(tb, |raw| unsafe { f(data as *const c_void, raw) });
        host.register(id, Register::TbTrans(Arc::new(g)));
    }
    if let Some(f) = c.syscall {
        let g = move |_, num: i64, args: &[u64; 8], ret: &mut u64| {
            let mut skip = 0;
            let mut r = 0i64;
            with_current_raw(rw, |v| skip = unsafe { f(data as *const c_void, v, num, args.as_ptr(), &mut r) });
            *ret = r as u64;
            skip != 0
        };
        host.register(id, Register::SyscallFilter(Arc::new(g)));
    }
    if let Some(f) = c.syscall_ret {
        let g = move |_, num: i64, ret: i64| with_current_raw(rw, |v| unsafe { f(data as *const c_void, v, num, ret) });
        host.register(id, Register::SyscallRet(Arc::new(g)));
    }
    if let Some(f) = c.discon {
        let g = move |_, kind: rivet_plugin_host::host::Discon, from: u64, to: u64| {
            with_current_raw(rw, |v| unsafe { f(data as *const c_void, v, kind as u32, from, to) })
        };
        host.register(id, Register::Discon(7, Arc::new(g)));
    }
    let (exit, drop) = (c.exit, c.drop);
    let g = move || {
        // SAFETY: the run ends: the plugin's last call, then its state is freed.
        unsafe {
            if let Some(f) = exit {
                f(data as *const c_void);
            }
            drop(data as *const c_void);
        }
    };
    host.register(id, Register::Atexit(Arc::new(g)));
    0
}

/// Runs a plugin's translation callback on `tb`.
fn translate(tb: &mut Tb, f: impl FnOnce(*mut TbRaw)) {
    let insns: Vec<InsnRaw> =
        tb.insns.iter().map(|i| InsnRaw { vaddr: i.vaddr, raw: i.insn.raw, size: i.insn.len as u32 }).collect();
    let mut raw =
        TbRaw { vaddr: tb.vaddr, insns: insns.as_ptr(), ninsns: insns.len(), host: tb as *mut Tb as *mut c_void };
    f(&mut raw);
}

unsafe extern "C" fn watch(h: *const c_void, names: *const Str, count: usize) -> i32 {
    // SAFETY: the plugin passes its `api.host` and `count` UTF-8 names valid for the call.
    let (n, names) = unsafe { (native(h), std::slice::from_raw_parts(names, count)) };
    // SAFETY: as above.
    let names: Vec<String> = names.iter().map(|s| unsafe { s.as_str() }.to_string()).collect();
    let Some(f) = n.cbs.get().and_then(|c| c.0.reg_change) else {
        *n.failure.lock().unwrap_or_else(|e| e.into_inner()) = "register watch without a change callback".into();
        return -1;
    };
    let data = n.cbs.get().map_or(0, |c| c.0.data as usize);
    let g = move |changes: &[RegChange]| {
        context::with_current(|hart, mem, _| {
            let regs = descs(&hart.model);
            // On the stack for the usual few changes (see `Watch::check`), else on the heap.
            let blank = ChangeRaw { reg: std::ptr::null(), old: 0, new: 0, pc: 0, instret: 0 };
            let mut inline = [blank; 4];
            let spill: Vec<ChangeRaw>;
            let convert = |c: &RegChange| {
                let reg = regs.get(c.reg)?;
                Some(ChangeRaw { reg, old: c.old, new: c.new, pc: c.pc, instret: c.instret })
            };
            let list: &[ChangeRaw] = if changes.len() <= inline.len() {
                let mut k = 0;
                for c in changes.iter().filter_map(convert) {
                    inline[k] = c;
                    k += 1;
                }
                &inline[..k]
            } else {
                spill = changes.iter().filter_map(convert).collect();
                &spill
            };
            let (p, k) = (list.as_ptr(), list.len());
            // SAFETY: the plugin's function and data, with this callback's vCPU and the changes.
            with_raw(hart, mem, regs, sys::ACCESS_READ, |v| unsafe { f(data as *const c_void, v, p, k) });
        });
    };
    match n.host.watch_registers(n.id, names, Arc::new(g)) {
        Ok(()) => 0,
        Err(e) => {
            *n.failure.lock().unwrap_or_else(|e| e.into_inner()) = e.to_string();
            -1
        }
    }
}

unsafe extern "C" fn read_reg(v: *const VcpuRaw, reg: *const RegDesc, out: *mut u64) -> i32 {
    // SAFETY: the plugin passes its callback's vCPU, a register descriptor and a writable word.
    let (Some((hart, _, access)), Some(reg)) = (unsafe { vcpu_of(v) }, unsafe { reg.as_ref() }) else { return -1 };
    if access & sys::ACCESS_READ == 0 || reg.model != hart.model.index {
        return -1;
    }
    match hart.model.regs.read(hart, reg.index as usize) {
        Some(x) => {
            // SAFETY: as above.
            unsafe { out.write(x) };
            0
        }
        None => -1,
    }
}

unsafe extern "C" fn write_reg(v: *mut VcpuRaw, reg: *const RegDesc, value: u64) -> i32 {
    // SAFETY: as in `read_reg`.
    let (Some((hart, _, access)), Some(reg)) = (unsafe { vcpu_of(v) }, unsafe { reg.as_ref() }) else { return -1 };
    if access & sys::ACCESS_WRITE == 0 || reg.model != hart.model.index {
        return -1;
    }
    let model = hart.model.clone();
    match model.regs.write(hart, reg.index as usize, value) {
        Ok(()) => 0,
        Err(()) => -1,
    }
}

unsafe extern "C" fn read_mem(v: *const VcpuRaw, vaddr: u64, buf: *mut u8, len: usize) -> i32 {
    // SAFETY: the plugin passes its callback's vCPU and `len` writable bytes.
    let Some((_, mem, _)) = (unsafe { vcpu_of(v) }) else { return -1 };
    if len == 0 {
        return 0;
    }
    // SAFETY: as above.
    let buf = unsafe { std::slice::from_raw_parts_mut(buf, len) };
    if mem.read_bytes(vaddr, buf).is_ok() {
        0
    } else {
        -1
    }
}

unsafe extern "C" fn write_mem(v: *mut VcpuRaw, vaddr: u64, buf: *const u8, len: usize) -> i32 {
    // SAFETY: the plugin passes its callback's vCPU and `len` readable bytes.
    let Some((_, mem, access)) = (unsafe { vcpu_of(v) }) else { return -1 };
    if access & sys::ACCESS_WRITE == 0 {
        return -1;
    }
    if len == 0 {
        return 0;
    }
    // SAFETY: as above.
    let buf = unsafe { std::slice::from_raw_parts(buf, len) };
    if mem.write_bytes(vaddr, buf).is_ok() {
        0
    } else {
        -1
    }
}

/// A plugin closure the host holds: freed with the plugin's `drop` when the host lets it go.
struct Owned<F: Copy> {
    cb: Closure<F>,
}
// SAFETY: the `rivet-plugin` crate makes closures `Send + Sync` before handing them over.
unsafe impl<F: Copy> Send for Owned<F> {}
// SAFETY: as above.
unsafe impl<F: Copy> Sync for Owned<F> {}

impl<F: Copy> Owned<F> {
    /// The function and its data (a method, so closures capture the whole `Owned`).
    #[inline]
    fn parts(&self) -> (F, *const c_void) {
        (self.cb.call, self.cb.data)
    }
}

impl<F: Copy> Drop for Owned<F> {
    fn drop(&mut self) {
        // SAFETY: the plugin's destructor for its own data, called once.
        unsafe { (self.cb.drop)(self.cb.data) }
    }
}

/// The model and register list of the vCPU translating now (blocks run on the vCPU they were
/// translated for, so hooks need not look them up on every call).
fn translating_model() -> Option<(u32, &'static [RegDesc])> {
    context::with_current(|hart, _, _| (hart.model.index, descs(&hart.model)))
}

/// The register list for `hart` in a hook: the captured one when the model matches.
#[inline]
fn regs_for(hart: &Hart, captured: Option<(u32, &'static [RegDesc])>) -> &'static [RegDesc] {
    match captured {
        Some((m, r)) if m == hart.model.index => r,
        _ => descs(&hart.model),
    }
}

unsafe extern "C" fn tb_add(tb: *mut TbRaw, at: u32, index: usize, write: u32, cb: Closure<VcpuCall>) {
    let owned = Owned { cb };
    // SAFETY: the plugin passes the block of its translation callback.
    let Some(tb) = (unsafe { tb.as_mut() }).and_then(|t| unsafe { (t.host as *mut Tb).as_mut() }) else { return };
    let access = sys::ACCESS_READ | if write != 0 { sys::ACCESS_WRITE } else { 0 };
    let model = translating_model();
    let action = Action::Call(Arc::new(move |ctx: &mut HookCtx| {
        let regs = regs_for(ctx.hart, model);
        let (call, data) = owned.parts();
        // SAFETY: the plugin's function and data, with this hook's vCPU.
        with_raw(ctx.hart, ctx.mem, regs, access, |v| unsafe { call(data, v) });
    }));
    match at {
        sys::AT_ENTRY => tb.on_entry(action),
        _ => tb.before_insn(index, action),
    }
}

unsafe extern "C" fn tb_add_mem(tb: *mut TbRaw, index: usize, rw: u32, cb: Closure<MemCall>) {
    let owned = Owned { cb };
    // SAFETY: as in `tb_add`.
    let Some(tb) = (unsafe { tb.as_mut() }).and_then(|t| unsafe { (t.host as *mut Tb).as_mut() }) else { return };
    let model = translating_model();
    let f = move |ctx: &mut HookCtx, ev: &MemEvent| {
        let regs = regs_for(ctx.hart, model);
        let m = MemRaw {
            vaddr: ev.vaddr,
            value: ev.value,
            size_log2: ev.size_log2,
            store: ev.store as u8,
            signed: ev.signed as u8,
        };
        let (call, data) = owned.parts();
        // SAFETY: the plugin's function and data, with this hook's vCPU and the access.
        with_raw(ctx.hart, ctx.mem, regs, sys::ACCESS_READ, |v| unsafe { call(data, v, &m) });
    };
    tb.on_mem(index, (rw & 3) as u8, Arc::new(f));
}
