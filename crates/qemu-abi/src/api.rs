//! The exported `qemu_plugin_*` functions.
//!
//! Each is `#[no_mangle] pub unsafe extern "C"`: the caller is C code holding the contract of
//! QEMU's `qemu-plugin.h` for the API version it declared. Nothing here trusts that contract
//! blindly: NULL pointers, forged or stale handles and calls from the wrong context return the
//! failure value of the caller's version (and, with `-d plugin`, log one line). Where the ABI
//! changed between versions (callback shapes in 7, `insn_data` in 3, register returns in 6, the
//! descriptor size in 6) the caller's version, known from the running callback, picks the form.
//! Registrations of API 7 take one more argument (userdata) than those of older versions: the
//! functions take the longest form and ignore the extra argument register for older callers.
#![allow(clippy::missing_safety_doc)] // The safety contract is QEMU's header, stated above.

use crate::glib::{self, GArray, GByteArray};
use crate::state::{self, caller, invoke, log_misuse, plugin, Abandon, Pending, Plugin, SetPc};
use rivet_core::hooks::{Action, Cond, HookFn, MemEvent, ScoreU64, Scoreboard};
use rivet_core::mem::perm;
use rivet_plugin_host::context::{with_current, RegAccess};
use rivet_plugin_host::host::{self, Discon, Register, Tb, TbInsn};
use rivet_plugin_host::regs::{self, RegError};
use rivet_plugin_host::PluginId;
use std::cell::Cell;
use std::collections::HashMap;
use std::ffi::{c_char, c_int, c_uint, c_void, CStr};
use std::sync::{Arc, Mutex, RwLock};

/// Opaque pointer the plugin passes back to its callbacks.
#[derive(Clone, Copy)]
struct Ud(usize);

impl Ud {
    fn ptr(self) -> *mut c_void {
        self.0 as *mut c_void
    }
}

/// `qemu_plugin_u64`, passed by value.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct QemuU64 {
    score: *mut c_void,
    offset: usize,
}

/// `qemu_plugin_mem_value` (24 bytes, returned by value).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MemValue {
    /// The value's type (U8=0 .. U128=4).
    pub ty: u32,
    /// The value (low half for U128).
    pub low: u64,
    /// The high half of a U128.
    pub high: u64,
}

const _: () = assert!(std::mem::size_of::<MemValue>() == 24);
const _: () = assert!(std::mem::size_of::<QemuU64>() == 16);

thread_local! {
    /// The block being translated on this thread (valid during the translation callback only).
    static TRANS: Cell<*mut Tb> = const { Cell::new(std::ptr::null_mut()) };
    /// The value of the memory access whose callback is running.
    static MEM_VALUE: Cell<u64> = const { Cell::new(0) };
}

// ---------------------------------------------------------------------------------------------
// Helpers

fn plugin_of_id(id: u64, call: &str) -> Option<&'static Plugin> {
    let p = plugin(PluginId(id));
    if p.is_none() {
        log_misuse(caller(), call, "unknown plugin id");
    }
    p
}

fn access_from_flags(p: &Plugin, flags: c_int) -> RegAccess {
    match flags {
        1 => RegAccess::Read,
        2 => RegAccess::ReadWrite,
        3 if p.version >= 6 => RegAccess::ReadWritePc,
        3 => RegAccess::ReadWrite,
        _ => RegAccess::NoRegs,
    }
}

fn cond_from(c: c_int) -> Option<Cond> {
    Some(match c {
        0 => Cond::Never,
        1 => Cond::Always,
        2 => Cond::Eq,
        3 => Cond::Ne,
        4 => Cond::Lt,
        5 => Cond::Le,
        6 => Cond::Gt,
        7 => Cond::Ge,
        _ => return None,
    })
}

/// The block of a `qemu_plugin_tb` handle, if it is the one being translated on this thread.
fn tb_of<'a>(tb: *const c_void) -> Option<&'a mut Tb> {
    let cur = TRANS.with(|t| t.get());
    if tb.is_null() || tb as *mut Tb != cur {
        return None;
    }
    // SAFETY: `cur` points at the block the running translation callback was given (see
    // `register_vcpu_tb_trans_cb`); it stays valid and unaliased until that callback returns.
    Some(unsafe { &mut *cur })
}

/// The block and index of a `qemu_plugin_insn` handle of the block being translated.
fn insn_of<'a>(insn: *const c_void) -> Option<(&'a mut Tb, usize)> {
    let cur = TRANS.with(|t| t.get());
    if cur.is_null() || insn.is_null() {
        return None;
    }
    // SAFETY: as in `tb_of`.
    let tb = unsafe { &mut *cur };
    let base = tb.insns.as_ptr() as usize;
    let size = std::mem::size_of::<TbInsn>();
    let off = (insn as usize).checked_sub(base)?;
    if off % size != 0 || off / size >= tb.insns.len() {
        return None;
    }
    Some((tb, off / size))
}

fn score_of(h: *mut c_void) -> Option<Arc<Scoreboard>> {
    let k = h as usize;
    SCOREBOARDS.read().unwrap_or_else(|e| e.into_inner()).iter().find(|e| e.0 == k).map(|e| e.1.clone())
}

fn score_u64(e: QemuU64) -> Option<ScoreU64> {
    let board = score_of(e.score)?;
    (e.offset.checked_add(8)? <= board.elem_size()).then_some(ScoreU64 { board, offset: e.offset })
}

static SCOREBOARDS: RwLock<Vec<(usize, Arc<Scoreboard>)>> = RwLock::new(Vec::new());

/// The hook inside a `call_with` action (to make conditional actions).
fn hook_of(a: Action) -> Option<HookFn> {
    match a {
        Action::Call(f) => Some(f),
        _ => None,
    }
}

/// An exec callback `(vcpu, userdata)` of plugin `p`, as a host closure.
fn vcpu_udata_cb(p: &'static Plugin, cb: usize, ud: Ud) -> Arc<dyn Fn(u32) + Send + Sync> {
    let gen = p.gen();
    Arc::new(move |vcpu| {
        // SAFETY: the plugin registered a `qemu_plugin_vcpu_udata_cb_t` (same in every version).
        let f: unsafe extern "C-unwind" fn(c_uint, *mut c_void) = unsafe { std::mem::transmute(cb) };
        // SAFETY: calling the plugin's callback as its API says.
        invoke(p, gen, || unsafe { f(vcpu, ud.ptr()) })
    })
}

/// An exec callback `(vcpu, userdata)` of plugin `p` as a hook action run with the register access
/// `flags` grant: the hot path of every instrumented instruction, so one closure, no `Arc` inside.
fn udata_action(p: &'static Plugin, cb: usize, flags: c_int, ud: Ud) -> Action {
    let gen = p.gen();
    // SAFETY: the plugin registered a `qemu_plugin_vcpu_udata_cb_t` (same in every version).
    let f: unsafe extern "C-unwind" fn(c_uint, *mut c_void) = unsafe { std::mem::transmute(cb) };
    // SAFETY: calling the plugin's callback as its API says.
    host::call_fn(p.id, access_from_flags(p, flags), move |vcpu| invoke(p, gen, || unsafe { f(vcpu, ud.ptr()) }))
}

/// A vCPU lifecycle callback: `(id, vcpu)` up to API 6, `(vcpu, userdata)` in 7.
fn vcpu_cb(p: &'static Plugin, cb: usize, ud: Ud) -> Arc<dyn Fn(u32) + Send + Sync> {
    if p.version >= 7 {
        return vcpu_udata_cb(p, cb, ud);
    }
    let gen = p.gen();
    let id = p.id.0;
    Arc::new(move |vcpu| {
        // SAFETY: the plugin registered a `qemu_plugin_vcpu_simple_cb_t` (API <= 6).
        let f: unsafe extern "C-unwind" fn(u64, c_uint) = unsafe { std::mem::transmute(cb) };
        // SAFETY: calling the plugin's callback as its API says.
        invoke(p, gen, || unsafe { f(id, vcpu) })
    })
}

/// A callback with no vCPU: `(id)` (flush, API <= 6) or `(id, userdata)` (atexit, API <= 6),
/// `(userdata)` in 7.
fn plain_cb(p: &'static Plugin, cb: usize, ud: Ud, with_ud: bool) -> Arc<dyn Fn() + Send + Sync> {
    let gen = p.gen();
    let id = p.id.0;
    let version = p.version;
    Arc::new(move || {
        // SAFETY (all three transmutes): the function type the plugin's version declares for it.
        invoke(p, gen, || unsafe {
            if version >= 7 {
                let f: unsafe extern "C-unwind" fn(*mut c_void) = std::mem::transmute(cb);
                f(ud.ptr())
            } else if with_ud {
                let f: unsafe extern "C-unwind" fn(u64, *mut c_void) = std::mem::transmute(cb);
                f(id, ud.ptr())
            } else {
                let f: unsafe extern "C-unwind" fn(u64) = std::mem::transmute(cb);
                f(id)
            }
        })
    })
}

fn register(p: &Plugin, r: Register) {
    if let Some(h) = state::host() {
        h.register(p.id, r);
    }
}

// ---------------------------------------------------------------------------------------------
// Lifetime and vCPU events

/// Removes the plugin once the current callback returns, then calls `cb`.
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_uninstall(id: u64, cb: usize, userdata: *mut c_void) {
    if plugin_of_id(id, "qemu_plugin_uninstall").is_some() {
        state::defer(Pending { id: PluginId(id), uninstall: true, cb, userdata: userdata as usize });
    }
}

/// Drops the plugin's callbacks once the current callback returns, then calls `cb`.
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_reset(id: u64, cb: usize, userdata: *mut c_void) {
    if plugin_of_id(id, "qemu_plugin_reset").is_some() {
        state::defer(Pending { id: PluginId(id), uninstall: false, cb, userdata: userdata as usize });
    }
}

macro_rules! vcpu_registration {
    ($name:ident, $variant:ident) => {
        /// Registers a vCPU lifecycle callback.
        #[no_mangle]
        pub unsafe extern "C" fn $name(id: u64, cb: usize, userdata: *mut c_void) {
            let Some(p) = plugin_of_id(id, stringify!($name)) else { return };
            if cb != 0 {
                register(p, Register::$variant(vcpu_cb(p, cb, Ud(userdata as usize))));
            }
        }
    };
}

vcpu_registration!(qemu_plugin_register_vcpu_init_cb, VcpuInit);
vcpu_registration!(qemu_plugin_register_vcpu_exit_cb, VcpuExit);
vcpu_registration!(qemu_plugin_register_vcpu_idle_cb, VcpuIdle);
vcpu_registration!(qemu_plugin_register_vcpu_resume_cb, VcpuResume);

/// Registers a discontinuity callback for the kinds in `kinds`.
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_register_vcpu_discon_cb(id: u64, kinds: c_int, cb: usize, userdata: *mut c_void) {
    let Some(p) = plugin_of_id(id, "qemu_plugin_register_vcpu_discon_cb") else { return };
    if cb == 0 {
        return;
    }
    let (gen, ud, pid) = (p.gen(), Ud(userdata as usize), p.id.0);
    let f = Arc::new(move |vcpu: u32, kind: Discon, from: u64, to: u64| {
        // SAFETY (both transmutes): the discontinuity callback type of the plugin's version.
        invoke(p, gen, || unsafe {
            if p.version >= 7 {
                let f: unsafe extern "C-unwind" fn(c_uint, c_int, u64, u64, *mut c_void) = std::mem::transmute(cb);
                f(vcpu, kind as c_int, from, to, ud.ptr())
            } else {
                let f: unsafe extern "C-unwind" fn(u64, c_uint, c_int, u64, u64) = std::mem::transmute(cb);
                f(pid, vcpu, kind as c_int, from, to)
            }
        })
    });
    register(p, Register::Discon(kinds as u32, f));
}

/// Registers an atexit callback (`(id, userdata)` up to API 6, `(userdata)` in 7).
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_register_atexit_cb(id: u64, cb: usize, userdata: *mut c_void) {
    let Some(p) = plugin_of_id(id, "qemu_plugin_register_atexit_cb") else { return };
    if cb != 0 {
        register(p, Register::Atexit(plain_cb(p, cb, Ud(userdata as usize), true)));
    }
}

/// Registers a flush callback (`(id)` up to API 6, `(userdata)` in 7).
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_register_flush_cb(id: u64, cb: usize, userdata: *mut c_void) {
    let Some(p) = plugin_of_id(id, "qemu_plugin_register_flush_cb") else { return };
    if cb != 0 {
        register(p, Register::Flush(plain_cb(p, cb, Ud(userdata as usize), false)));
    }
}

/// Calls `cb` for every vCPU (`(id, vcpu)` up to API 6, `(vcpu, userdata)` in 7).
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_vcpu_for_each(id: u64, cb: usize, userdata: *mut c_void) {
    let Some(p) = plugin_of_id(id, "qemu_plugin_vcpu_for_each") else { return };
    if cb == 0 {
        return;
    }
    let f = vcpu_cb(p, cb, Ud(userdata as usize));
    for vcpu in 0..state::host().map_or(0, |h| h.num_vcpus()) {
        f(vcpu);
    }
}

// ---------------------------------------------------------------------------------------------
// Translation

/// Registers a translation callback (`(id, tb)` up to API 6, `(tb, userdata)` in 7).
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_register_vcpu_tb_trans_cb(id: u64, cb: usize, userdata: *mut c_void) {
    let Some(p) = plugin_of_id(id, "qemu_plugin_register_vcpu_tb_trans_cb") else { return };
    if cb == 0 {
        return;
    }
    let (gen, ud) = (p.gen(), Ud(userdata as usize));
    register(
        p,
        Register::TbTrans(Arc::new(move |tb: &mut Tb| {
            let ptr = tb as *mut Tb;
            let saved = TRANS.with(|t| t.replace(ptr));
            // SAFETY (both transmutes): the translation callback type of the plugin's version;
            // the tb handle is valid until the callback returns.
            invoke(p, gen, || unsafe {
                if p.version >= 7 {
                    let f: unsafe extern "C-unwind" fn(*mut c_void, *mut c_void) = std::mem::transmute(cb);
                    f(ptr.cast(), ud.ptr())
                } else {
                    let f: unsafe extern "C-unwind" fn(u64, *mut c_void) = std::mem::transmute(cb);
                    f(p.id.0, ptr.cast())
                }
            });
            TRANS.with(|t| t.set(saved));
        })),
    );
}

fn trans_caller(call: &str) -> Option<&'static Plugin> {
    let p = caller();
    if p.is_none() {
        log_misuse(None, call, "called outside a callback");
    }
    p
}

/// Calls `cb` when the block starts executing.
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_register_vcpu_tb_exec_cb(
    tb: *mut c_void,
    cb: usize,
    flags: c_int,
    userdata: *mut c_void,
) {
    let Some(p) = trans_caller("qemu_plugin_register_vcpu_tb_exec_cb") else { return };
    let Some(tb) = tb_of(tb) else {
        return log_misuse(Some(p), "qemu_plugin_register_vcpu_tb_exec_cb", "not a block being translated");
    };
    if cb != 0 {
        tb.on_entry(udata_action(p, cb, flags, Ud(userdata as usize)));
    }
}

fn cond_action(
    p: &'static Plugin,
    cb: usize,
    flags: c_int,
    cond: c_int,
    e: QemuU64,
    imm: u64,
    ud: Ud,
) -> Option<Action> {
    let call = udata_action(p, cb, flags, ud);
    match cond_from(cond)? {
        Cond::Never => None,
        Cond::Always => Some(call),
        c => Some(Action::CondCall(c, score_u64(e)?, imm, hook_of(call)?)),
    }
}

/// Calls `cb` at block entry when the vCPU's `entry` compares with `imm` as `cond` says.
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_register_vcpu_tb_exec_cond_cb(
    tb: *mut c_void,
    cb: usize,
    flags: c_int,
    cond: c_int,
    entry: QemuU64,
    imm: u64,
    userdata: *mut c_void,
) {
    let Some(p) = trans_caller("qemu_plugin_register_vcpu_tb_exec_cond_cb") else { return };
    let Some(tb) = tb_of(tb) else { return };
    if cb != 0 {
        if let Some(a) = cond_action(p, cb, flags, cond, entry, imm, Ud(userdata as usize)) {
            tb.on_entry(a);
        }
    }
}

fn inline_action(op: c_int, e: QemuU64, imm: u64) -> Option<Action> {
    let s = score_u64(e)?;
    match op {
        0 => Some(Action::InlineAdd(s, imm)),
        1 => Some(Action::InlineStore(s, imm)),
        _ => None,
    }
}

/// Adds an inline operation on the vCPU's scoreboard entry at block entry.
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
    tb: *mut c_void,
    op: c_int,
    entry: QemuU64,
    imm: u64,
) {
    match (tb_of(tb), inline_action(op, entry, imm)) {
        (Some(tb), Some(a)) => tb.on_entry(a),
        _ => log_misuse(caller(), "qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu", "bad block, op or entry"),
    }
}

/// Calls `cb` before the instruction executes.
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_register_vcpu_insn_exec_cb(
    insn: *mut c_void,
    cb: usize,
    flags: c_int,
    userdata: *mut c_void,
) {
    let Some(p) = trans_caller("qemu_plugin_register_vcpu_insn_exec_cb") else { return };
    let Some((tb, i)) = insn_of(insn) else {
        return log_misuse(Some(p), "qemu_plugin_register_vcpu_insn_exec_cb", "not an instruction being translated");
    };
    if cb != 0 {
        tb.before_insn(i, udata_action(p, cb, flags, Ud(userdata as usize)));
    }
}

/// Calls `cb` before the instruction when the vCPU's `entry` compares with `imm` as `cond` says.
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_register_vcpu_insn_exec_cond_cb(
    insn: *mut c_void,
    cb: usize,
    flags: c_int,
    cond: c_int,
    entry: QemuU64,
    imm: u64,
    userdata: *mut c_void,
) {
    let Some(p) = trans_caller("qemu_plugin_register_vcpu_insn_exec_cond_cb") else { return };
    let Some((tb, i)) = insn_of(insn) else { return };
    if cb != 0 {
        if let Some(a) = cond_action(p, cb, flags, cond, entry, imm, Ud(userdata as usize)) {
            tb.before_insn(i, a);
        }
    }
}

/// Adds an inline operation before the instruction.
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
    insn: *mut c_void,
    op: c_int,
    entry: QemuU64,
    imm: u64,
) {
    match (insn_of(insn), inline_action(op, entry, imm)) {
        (Some((tb, i)), Some(a)) => tb.before_insn(i, a),
        _ => log_misuse(caller(), "qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu", "bad insn, op or entry"),
    }
}

/// Number of instructions of the block.
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_tb_n_insns(tb: *const c_void) -> usize {
    tb_of(tb).map_or(0, |tb| tb.insns.len())
}

/// Address of the block.
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_tb_vaddr(tb: *const c_void) -> u64 {
    tb_of(tb).map_or(0, |tb| tb.vaddr)
}

/// The `idx`th instruction of the block (NULL out of range).
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_tb_get_insn(tb: *const c_void, idx: usize) -> *mut c_void {
    match tb_of(tb) {
        Some(tb) if idx < tb.insns.len() => (&mut tb.insns[idx] as *mut TbInsn).cast(),
        _ => std::ptr::null_mut(),
    }
}

/// API 2: a pointer to the instruction's bytes. API 3+: copies up to `len` bytes into `dest` and
/// returns how many.
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_insn_data(insn: *const c_void, dest: *mut c_void, len: usize) -> usize {
    let Some((tb, i)) = insn_of(insn) else { return 0 };
    let ins = &tb.insns[i];
    if caller().is_some_and(|p| p.version <= 2) {
        return ins.bytes.as_ptr() as usize;
    }
    if dest.is_null() {
        return 0;
    }
    let n = len.min(ins.insn.len as usize);
    // SAFETY: the plugin promises `dest` holds `len` bytes; we copy at most that.
    unsafe { std::ptr::copy_nonoverlapping(ins.bytes.as_ptr(), dest.cast::<u8>(), n) };
    n
}

/// Size of the instruction in bytes.
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_insn_size(insn: *const c_void) -> usize {
    insn_of(insn).map_or(0, |(tb, i)| tb.insns[i].insn.len as usize)
}

/// Address of the instruction.
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_insn_vaddr(insn: *const c_void) -> u64 {
    insn_of(insn).map_or(0, |(tb, i)| tb.insns[i].vaddr)
}

/// Host address of the instruction's bytes (user mode: where the guest page lives in rivet).
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_insn_haddr(insn: *const c_void) -> *mut c_void {
    let Some((tb, i)) = insn_of(insn) else { return std::ptr::null_mut() };
    let a = tb.insns[i].vaddr;
    with_current(|_, mem, _| mem.host_range(a, 1, perm::X).ok()).flatten().map_or(std::ptr::null_mut(), |p| p.cast())
}

/// The instruction's disassembly, allocated with GLib (the plugin frees it with `g_free`).
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_insn_disas(insn: *const c_void) -> *mut c_char {
    let Some((tb, i)) = insn_of(insn) else { return std::ptr::null_mut() };
    let ins = &tb.insns[i];
    glib::strdup(&ins.insn.disasm_spaced(ins.vaddr))
}

/// The name of the function holding the instruction, or NULL.
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_insn_symbol(insn: *const c_void) -> *const c_char {
    let Some((tb, i)) = insn_of(insn) else { return std::ptr::null() };
    symbol_at(tb.insns[i].vaddr).map_or(std::ptr::null(), |s| s.as_ptr())
}

pub(crate) fn symbol_at(a: u64) -> Option<&'static CStr> {
    let b = state::binary()?;
    let syms = &b.info.symbols;
    let i = syms.partition_point(|s| s.0 <= a).checked_sub(1)?;
    let (start, size, _) = syms[i];
    (a < start + size.max(1)).then(|| b.names[i].as_c_str())
}

// ---------------------------------------------------------------------------------------------
// Memory accesses

const MI_SIGN: u32 = 1 << 4;
const MI_STORE: u32 = 1 << 5;

fn meminfo(ev: &MemEvent) -> u32 {
    (ev.size_log2 as u32 & 0xf) | if ev.signed { MI_SIGN } else { 0 } | if ev.store { MI_STORE } else { 0 }
}

/// log2 of the access size.
#[no_mangle]
pub extern "C" fn qemu_plugin_mem_size_shift(info: u32) -> c_uint {
    info & 0xf
}

/// Whether the load sign-extends.
#[no_mangle]
pub extern "C" fn qemu_plugin_mem_is_sign_extended(info: u32) -> bool {
    info & MI_SIGN != 0
}

/// RISC-V is little-endian.
#[no_mangle]
pub extern "C" fn qemu_plugin_mem_is_big_endian(_info: u32) -> bool {
    false
}

/// Whether the access is a store.
#[no_mangle]
pub extern "C" fn qemu_plugin_mem_is_store(info: u32) -> bool {
    info & MI_STORE != 0
}

/// The value loaded or stored by the access whose callback is running.
#[no_mangle]
pub extern "C" fn qemu_plugin_mem_get_value(info: u32) -> MemValue {
    let v = MEM_VALUE.with(|c| c.get());
    let shift = (info & 0xf).min(4);
    let mask = if shift >= 3 { u64::MAX } else { (1u64 << (8 << shift)) - 1 };
    MemValue { ty: shift, low: v & mask, high: 0 }
}

/// User mode: no hardware address (NULL), as QEMU.
#[no_mangle]
pub extern "C" fn qemu_plugin_get_hwaddr(_info: u32, _vaddr: u64) -> *mut c_void {
    std::ptr::null_mut()
}

/// User mode: never I/O.
#[no_mangle]
pub extern "C" fn qemu_plugin_hwaddr_is_io(_h: *const c_void) -> bool {
    false
}

/// User mode: 0.
#[no_mangle]
pub extern "C" fn qemu_plugin_hwaddr_phys_addr(_h: *const c_void) -> u64 {
    0
}

/// User mode: "Invalid", as QEMU.
#[no_mangle]
pub extern "C" fn qemu_plugin_hwaddr_device_name(_h: *const c_void) -> *const c_char {
    c"Invalid".as_ptr()
}

/// Calls `cb` after each memory access of the instruction of kind `rw` (R=1, W=2, RW=3).
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_register_vcpu_mem_cb(
    insn: *mut c_void,
    cb: usize,
    flags: c_int,
    rw: c_int,
    userdata: *mut c_void,
) {
    let Some(p) = trans_caller("qemu_plugin_register_vcpu_mem_cb") else { return };
    let Some((tb, i)) = insn_of(insn) else {
        return log_misuse(Some(p), "qemu_plugin_register_vcpu_mem_cb", "not an instruction being translated");
    };
    if cb == 0 || !(1..=3).contains(&rw) {
        return;
    }
    let (gen, ud) = (p.gen(), Ud(userdata as usize));
    let f = Arc::new(move |vcpu: u32, ev: &MemEvent| {
        MEM_VALUE.with(|c| c.set(ev.value));
        // SAFETY: the plugin registered a `qemu_plugin_vcpu_mem_cb_t` (same in every version).
        let f: unsafe extern "C-unwind" fn(c_uint, u32, u64, *mut c_void) = unsafe { std::mem::transmute(cb) };
        // SAFETY: calling the plugin's callback as its API says.
        invoke(p, gen, || unsafe { f(vcpu, meminfo(ev), ev.vaddr, ud.ptr()) })
    });
    tb.on_mem(i, rw as u8, host::mem_call_with(p.id, access_from_flags(p, flags), f));
}

/// Adds an inline operation after each memory access of the instruction.
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_register_vcpu_mem_inline_per_vcpu(
    insn: *mut c_void,
    rw: c_int,
    op: c_int,
    entry: QemuU64,
    imm: u64,
) {
    match (insn_of(insn), inline_action(op, entry, imm)) {
        (Some((tb, i)), Some(a)) if (1..=3).contains(&rw) => tb.on_mem_inline(i, rw as u8, a),
        _ => log_misuse(caller(), "qemu_plugin_register_vcpu_mem_inline_per_vcpu", "bad insn, rw, op or entry"),
    }
}

// ---------------------------------------------------------------------------------------------
// Syscalls

/// Registers a syscall entry callback.
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_register_vcpu_syscall_cb(id: u64, cb: usize, userdata: *mut c_void) {
    let Some(p) = plugin_of_id(id, "qemu_plugin_register_vcpu_syscall_cb") else { return };
    if cb == 0 {
        return;
    }
    let (gen, ud) = (p.gen(), Ud(userdata as usize));
    let f = Arc::new(move |vcpu: u32, num: i64, a: &[u64; 8]| {
        // SAFETY (both transmutes): the syscall callback type of the plugin's version.
        invoke(p, gen, || unsafe {
            if p.version >= 7 {
                type F = unsafe extern "C-unwind" fn(c_uint, i64, u64, u64, u64, u64, u64, u64, u64, u64, *mut c_void);
                let f: F = std::mem::transmute(cb);
                f(vcpu, num, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], ud.ptr())
            } else {
                type F = unsafe extern "C-unwind" fn(u64, c_uint, i64, u64, u64, u64, u64, u64, u64, u64, u64);
                let f: F = std::mem::transmute(cb);
                f(p.id.0, vcpu, num, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7])
            }
        })
    });
    register(p, Register::Syscall(f));
}

/// Registers a syscall return callback.
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_register_vcpu_syscall_ret_cb(id: u64, cb: usize, userdata: *mut c_void) {
    let Some(p) = plugin_of_id(id, "qemu_plugin_register_vcpu_syscall_ret_cb") else { return };
    if cb == 0 {
        return;
    }
    let (gen, ud) = (p.gen(), Ud(userdata as usize));
    let f = Arc::new(move |vcpu: u32, num: i64, ret: i64| {
        // SAFETY (both transmutes): the syscall-return callback type of the plugin's version.
        invoke(p, gen, || unsafe {
            if p.version >= 7 {
                let f: unsafe extern "C-unwind" fn(c_uint, i64, i64, *mut c_void) = std::mem::transmute(cb);
                f(vcpu, num, ret, ud.ptr())
            } else {
                let f: unsafe extern "C-unwind" fn(u64, c_uint, i64, i64) = std::mem::transmute(cb);
                f(p.id.0, vcpu, num, ret)
            }
        })
    });
    register(p, Register::SyscallRet(f));
}

/// Registers a syscall filter (API 6+): returning true skips the syscall with `*sysret`.
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_register_vcpu_syscall_filter_cb(id: u64, cb: usize, userdata: *mut c_void) {
    let Some(p) = plugin_of_id(id, "qemu_plugin_register_vcpu_syscall_filter_cb") else { return };
    if cb == 0 {
        return;
    }
    let (gen, ud) = (p.gen(), Ud(userdata as usize));
    let f = Arc::new(move |vcpu: u32, num: i64, a: &[u64; 8], ret: &mut u64| {
        let r: *mut u64 = ret;
        // SAFETY (both transmutes): the filter callback type of the plugin's version; its bool
        // is read as a byte so any non-zero value counts as true.
        let skip: u8 = invoke(p, gen, || unsafe {
            if p.version >= 7 {
                type F = unsafe extern "C-unwind" fn(
                    c_uint,
                    i64,
                    u64,
                    u64,
                    u64,
                    u64,
                    u64,
                    u64,
                    u64,
                    u64,
                    *mut u64,
                    *mut c_void,
                ) -> u8;
                let f: F = std::mem::transmute(cb);
                f(vcpu, num, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], r, ud.ptr())
            } else {
                type F = unsafe extern "C-unwind" fn(
                    u64,
                    c_uint,
                    i64,
                    u64,
                    u64,
                    u64,
                    u64,
                    u64,
                    u64,
                    u64,
                    u64,
                    *mut u64,
                ) -> u8;
                let f: F = std::mem::transmute(cb);
                f(p.id.0, vcpu, num, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], r)
            }
        });
        skip != 0
    });
    register(p, Register::SyscallFilter(f));
}

// ---------------------------------------------------------------------------------------------
// Registers

/// Interned C strings for register names and groups (they live for the process).
fn cstr(s: &'static str) -> *const c_char {
    static STRS: Mutex<Option<HashMap<&'static str, usize>>> = Mutex::new(None);
    let mut m = STRS.lock().unwrap_or_else(|e| e.into_inner());
    let p = *m.get_or_insert_with(HashMap::new).entry(s).or_insert_with(|| {
        let c: &'static CStr = Box::leak(std::ffi::CString::new(s).unwrap_or_default().into_boxed_c_str());
        c.as_ptr() as usize
    });
    p as *const c_char
}

/// Encodes register descriptors as the plugin's version lays them out: 24 bytes (handle, name,
/// feature) up to API 5, 32 bytes (plus `bool is_readonly`) from 6.
pub fn encode_descriptors(descs: &[regs::RegDescriptor], version: u32) -> (usize, Vec<u8>) {
    let elem = if version >= 6 { 32 } else { 24 };
    let mut out = Vec::with_capacity(descs.len() * elem);
    for d in descs {
        out.extend_from_slice(&d.handle.to_ne_bytes());
        out.extend_from_slice(&(cstr(d.name) as usize).to_ne_bytes());
        out.extend_from_slice(&(cstr(d.feature) as usize).to_ne_bytes());
        if version >= 6 {
            out.push(d.read_only as u8);
            out.extend_from_slice(&[0; 7]);
        }
    }
    (elem, out)
}

/// The current vCPU's registers as a zero-terminated `GArray` the caller frees (empty outside a
/// vCPU callback).
#[no_mangle]
pub extern "C" fn qemu_plugin_get_registers() -> *mut GArray {
    let p = caller();
    let version = p.map_or(state::API_MAX, |p| p.version);
    let descs = regs::descriptors(version >= 6).unwrap_or_else(|e| {
        log_misuse(p, "qemu_plugin_get_registers", e.describe());
        Vec::new()
    });
    let Some(g) = glib::get() else { return std::ptr::null_mut() };
    let (elem, bytes) = encode_descriptors(&descs, version);
    // SAFETY: GLib calls with a buffer of `descs.len()` elements of `elem` bytes.
    unsafe {
        let a = (g.array_sized_new)(1, 0, elem as u32, descs.len() as u32);
        if !a.is_null() && !descs.is_empty() {
            (g.array_append_vals)(a, bytes.as_ptr().cast(), descs.len() as u32);
        }
        a
    }
}

fn reg_fail(p: Option<&Plugin>, call: &str, e: RegError) -> i32 {
    log_misuse(p, call, e.describe());
    if p.is_some_and(|p| p.version >= 6) {
        0
    } else {
        -1
    }
}

/// Appends the register's value (little-endian) to `buf`. API 2-5: the byte count or -1; API 6+:
/// 1 (true) or 0 (false).
///
/// In its own section, which the `rivet` executable's link (crates/cli/hot.ld) starts at a 64-byte
/// boundary: the fast path then spans two lines of code rather than three.
#[no_mangle]
#[link_section = ".text.rivet_hot"]
pub unsafe extern "C" fn qemu_plugin_read_register(handle: *mut c_void, buf: *mut GByteArray) -> i32 {
    // The hot path of every register tracer: one look at the thread's context (which also holds
    // what a read answers this caller), one compare that validates the handle, the value, and a
    // store into the plugin's buffer.
    if let Some((v, answer)) = regs::read_plain(handle as usize) {
        // SAFETY: a non-NULL `buf` is the plugin's GByteArray.
        if unsafe { glib::append_u64(buf, v) } {
            return answer as i32;
        }
    }
    // SAFETY: as the caller vouches.
    unsafe { read_register_slow(handle, buf) }
}

/// Everything [`qemu_plugin_read_register`]'s fast path leaves: CSRs, a full buffer, and every
/// error with its message. Kept out of line so the fast path saves no registers, and of the same
/// ABI so it is reached by a jump.
///
/// # Safety
/// `buf` is NULL or the plugin's GByteArray.
#[cold]
#[inline(never)]
unsafe extern "C" fn read_register_slow(handle: *mut c_void, buf: *mut GByteArray) -> i32 {
    let mut out = [0u8; 16];
    let (id, r) = regs::read_as(handle as usize, &mut out);
    let Some(version) = id.map(|id| id.version()) else {
        log_misuse(None, "qemu_plugin_read_register", RegError::NoVcpu.describe());
        return 0;
    };
    let r = r.and_then(|n| match glib::get() {
        Some(g) if !buf.is_null() => Ok((g, n)),
        _ => Err(RegError::BadBuffer),
    });
    match r {
        Ok((g, n)) => {
            // SAFETY: `buf` is the plugin's GByteArray (non-NULL, checked above).
            unsafe { glib::append_bytes(g, buf, &out[..n]) };
            if version >= 6 {
                1
            } else {
                n as i32
            }
        }
        Err(e) => reg_fail(caller(), "qemu_plugin_read_register", e),
    }
}

/// Writes the register from `buf` (at least its size). API 5: the byte count or -1; API 6+: 1/0.
/// For plugins of API 5 and older a pc write redirects execution (QEMU ignores it silently).
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_write_register(handle: *mut c_void, buf: *mut GByteArray) -> i32 {
    let Some(p) = caller() else {
        log_misuse(None, "qemu_plugin_write_register", RegError::NoVcpu.describe());
        return 0;
    };
    // SAFETY: a non-NULL `buf` is the plugin's GByteArray, whose header we read.
    let Some(b) = (unsafe { buf.as_ref() }) else {
        return reg_fail(Some(p), "qemu_plugin_write_register", RegError::BadBuffer);
    };
    if b.data.is_null() || b.len == 0 {
        return reg_fail(Some(p), "qemu_plugin_write_register", RegError::BadBuffer);
    }
    // SAFETY: GLib keeps `len` valid bytes at `data`.
    let bytes = unsafe { std::slice::from_raw_parts(b.data, b.len as usize) };
    match regs::write(handle as usize, bytes, p.version <= 5) {
        Ok(n) if p.version >= 6 => {
            let _ = n;
            1
        }
        Ok(n) => n as i32,
        Err(e) => reg_fail(Some(p), "qemu_plugin_write_register", e),
    }
}

/// Resumes the vCPU at `vaddr` (API 6+; only from RW_REGS_PC callbacks and flag-less vCPU
/// callbacks). Leaves the callback by unwinding to where rivet called it.
#[no_mangle]
pub extern "C-unwind" fn qemu_plugin_set_pc(vaddr: u64) {
    let p = caller();
    let access = with_current(|_, _, a| a);
    let translating = !TRANS.with(|t| t.get()).is_null();
    let allowed = matches!(access, Some(RegAccess::ReadWritePc | RegAccess::Unrestricted)) && !translating;
    if !state::in_callback() {
        // Not inside any callback on this thread: there is nothing to unwind to.
        state::write_out(b"rivet: qemu_plugin_set_pc called outside a plugin callback; stopping\n");
        std::process::exit(1);
    }
    if allowed {
        std::panic::resume_unwind(Box::new(SetPc(vaddr)));
    }
    log_misuse(p, "qemu_plugin_set_pc", "needs a QEMU_PLUGIN_CB_RW_REGS_PC callback; the callback is abandoned");
    std::panic::resume_unwind(Box::new(Abandon));
}

// ---------------------------------------------------------------------------------------------
// Guest memory

/// Reads `len` guest bytes at `addr` into `data` (replacing its contents), with the guest's read
/// permission.
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_read_memory_vaddr(addr: u64, data: *mut GByteArray, len: usize) -> bool {
    if data.is_null() || len == 0 || len > u32::MAX as usize {
        return false;
    }
    let Some(g) = glib::get() else { return false };
    let mut tmp = vec![0u8; len];
    if with_current(|_, mem, _| mem.read_bytes(addr, &mut tmp).is_ok()) != Some(true) {
        log_misuse(caller(), "qemu_plugin_read_memory_vaddr", "no current vCPU or unreadable address");
        return false;
    }
    // SAFETY: `data` is the plugin's GByteArray: set its size, then copy into its buffer.
    unsafe {
        (g.byte_array_set_size)(data, len as u32);
        let d = &*data;
        if d.data.is_null() || (d.len as usize) < len {
            return false;
        }
        std::ptr::copy_nonoverlapping(tmp.as_ptr(), d.data, len);
    }
    true
}

/// Writes `data` to guest memory at `addr`, with the guest's write permission.
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_write_memory_vaddr(addr: u64, data: *mut GByteArray) -> bool {
    // SAFETY: a non-NULL `data` is the plugin's GByteArray.
    let Some(d) = (unsafe { data.as_ref() }) else { return false };
    if d.data.is_null() || d.len == 0 {
        return false;
    }
    // SAFETY: GLib keeps `len` valid bytes at `data`.
    let bytes = unsafe { std::slice::from_raw_parts(d.data, d.len as usize) };
    with_current(|_, mem, _| mem.write_bytes(addr, bytes).is_ok()) == Some(true)
}

/// User mode: `QEMU_PLUGIN_HWADDR_OPERATION_ERROR`, as QEMU.
#[no_mangle]
pub extern "C" fn qemu_plugin_read_memory_hwaddr(_addr: u64, _data: *mut GByteArray, _len: usize) -> c_int {
    1
}

/// User mode: `QEMU_PLUGIN_HWADDR_OPERATION_ERROR`, as QEMU.
#[no_mangle]
pub extern "C" fn qemu_plugin_write_memory_hwaddr(_addr: u64, _data: *mut GByteArray) -> c_int {
    1
}

/// User mode: the identity for mapped addresses (QEMU's user mode always answers false).
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_translate_vaddr(vaddr: u64, hwaddr: *mut u64) -> bool {
    if hwaddr.is_null() || with_current(|_, mem, _| mem.is_mapped(vaddr, 1)) != Some(true) {
        return false;
    }
    // SAFETY: non-NULL, the plugin's u64.
    unsafe { hwaddr.write_unaligned(vaddr) };
    true
}

// ---------------------------------------------------------------------------------------------
// Scoreboards

/// A zeroed scoreboard with one `size`-byte element per vCPU (NULL if refused).
#[no_mangle]
pub extern "C" fn qemu_plugin_scoreboard_new(size: usize) -> *mut c_void {
    let Some(b) = Scoreboard::new(size).map(Arc::new) else { return std::ptr::null_mut() };
    let h = Arc::as_ptr(&b) as usize;
    SCOREBOARDS.write().unwrap_or_else(|e| e.into_inner()).push((h, b));
    h as *mut c_void
}

/// Frees a scoreboard (inline operations that use it keep their reference until flushed).
#[no_mangle]
pub extern "C" fn qemu_plugin_scoreboard_free(score: *mut c_void) {
    SCOREBOARDS.write().unwrap_or_else(|e| e.into_inner()).retain(|e| e.0 != score as usize);
}

/// The element of `vcpu` (NULL for a bad scoreboard or vCPU).
#[no_mangle]
pub extern "C" fn qemu_plugin_scoreboard_find(score: *mut c_void, vcpu: c_uint) -> *mut c_void {
    score_of(score).and_then(|b| b.elem_ptr(vcpu as usize)).map_or(std::ptr::null_mut(), |p| p.cast())
}

/// `entry[vcpu]` += added.
#[no_mangle]
pub extern "C" fn qemu_plugin_u64_add(entry: QemuU64, vcpu: c_uint, added: u64) {
    if let Some(s) = score_u64(entry) {
        let v = s.board.get_u64(vcpu as usize, s.offset);
        s.board.set_u64(vcpu as usize, s.offset, v.wrapping_add(added));
    }
}

/// `entry[vcpu]` (0 for a bad entry).
#[no_mangle]
pub extern "C" fn qemu_plugin_u64_get(entry: QemuU64, vcpu: c_uint) -> u64 {
    score_u64(entry).map_or(0, |s| s.board.get_u64(vcpu as usize, s.offset))
}

/// `entry[vcpu]` = val.
#[no_mangle]
pub extern "C" fn qemu_plugin_u64_set(entry: QemuU64, vcpu: c_uint, val: u64) {
    if let Some(s) = score_u64(entry) {
        s.board.set_u64(vcpu as usize, s.offset, val);
    }
}

/// Sum of entry over all vCPUs.
#[no_mangle]
pub extern "C" fn qemu_plugin_u64_sum(entry: QemuU64) -> u64 {
    let Some(s) = score_u64(entry) else { return 0 };
    let n = state::host().map_or(1, |h| h.num_vcpus().max(1));
    (0..n as usize).fold(0u64, |acc, v| acc.wrapping_add(s.board.get_u64(v, s.offset)))
}

// ---------------------------------------------------------------------------------------------
// Miscellaneous

/// Number of vCPUs started so far.
#[no_mangle]
pub extern "C" fn qemu_plugin_num_vcpus() -> c_int {
    state::host().map_or(0, |h| h.num_vcpus() as c_int)
}

/// Prints plugin output (stderr, or the log with `-d plugin`).
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_outs(s: *const c_char) {
    if !s.is_null() {
        // SAFETY: the plugin passes a NUL-terminated string.
        state::write_out(unsafe { CStr::from_ptr(s) }.to_bytes());
    }
}

/// Parses a boolean option value as QEMU does (on/yes/true/y, off/no/false/n).
#[no_mangle]
pub unsafe extern "C" fn qemu_plugin_bool_parse(name: *const c_char, val: *const c_char, ret: *mut bool) -> bool {
    if name.is_null() || val.is_null() || ret.is_null() {
        return false;
    }
    // SAFETY: NUL-terminated strings from the plugin.
    let v = unsafe { CStr::from_ptr(val) }.to_str().unwrap_or("");
    let Some(b) = rivet_plugin::parse_bool(v) else { return false };
    // SAFETY: non-NULL, the plugin's bool.
    unsafe { ret.write(b) };
    true
}

/// Path of the guest program (user mode), allocated with GLib; NULL in system mode.
#[no_mangle]
pub extern "C" fn qemu_plugin_path_to_binary() -> *const c_char {
    match state::binary() {
        Some(b) if !state::options().system => glib::strdup(&b.info.path.to_string_lossy()),
        _ => std::ptr::null(),
    }
}

/// Start of the guest program's code.
#[no_mangle]
pub extern "C" fn qemu_plugin_start_code() -> u64 {
    state::binary().map_or(0, |b| b.info.start_code)
}

/// End of the guest program's code.
#[no_mangle]
pub extern "C" fn qemu_plugin_end_code() -> u64 {
    state::binary().map_or(0, |b| b.info.end_code)
}

/// Entry point of the guest program.
#[no_mangle]
pub extern "C" fn qemu_plugin_entry_code() -> u64 {
    state::binary().map_or(0, |b| b.info.entry)
}

static TIME_CONTROL: Mutex<Option<u64>> = Mutex::new(None);

/// Time control: granted to the first plugin that asks (a non-NULL handle), NULL to later ones.
/// rivet's user mode has no virtual clock to drive, so the handle's `update_ns` is accepted and
/// does nothing.
#[no_mangle]
pub extern "C" fn qemu_plugin_request_time_control() -> *const c_void {
    let Some(p) = caller() else { return std::ptr::null() };
    let mut tc = TIME_CONTROL.lock().unwrap_or_else(|e| e.into_inner());
    match *tc {
        None => {
            *tc = Some(p.id.0);
            std::ptr::addr_of!(TIME_CONTROL).cast()
        }
        Some(id) if id == p.id.0 => std::ptr::addr_of!(TIME_CONTROL).cast(),
        Some(_) => std::ptr::null(),
    }
}

/// Accepted; a no-op in user mode (see `qemu_plugin_request_time_control`).
#[no_mangle]
pub extern "C" fn qemu_plugin_update_ns(_handle: *const c_void, _time: i64) {}
