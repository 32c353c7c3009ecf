//! The glue between a [`Plugin`] and the raw interface: installing, per-vCPU state, and the
//! `extern "C"` trampolines that turn the host's calls into calls of the plugin's methods and
//! closures. All of this crate's `unsafe` about callbacks is here.

use crate::block::{Block, MemAccess};
use crate::sys::{self, Callbacks, ChangeRaw, Closure, HostApi, MemCall, MemRaw, Str, TbRaw, VcpuCall, VcpuRaw};
use crate::vcpu::{Vcpu, VcpuMut, View};
use crate::{Discontinuity, Host, Install, Plugin, RegChange};
use std::cell::UnsafeCell;
use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

/// What every callback of one plugin instance shares.
pub(crate) struct Shared<P: Plugin> {
    pub(crate) plugin: P,
    pub(crate) host: Host,
    states: Slots<P::State>,
}

/// Per-vCPU state: one slot per vCPU index, created on first use, never moved. Chunk `k` holds
/// `FIRST << k` slots, so a slot is found without a lock and the table grows without copying.
struct Slots<S> {
    chunks: [OnceLock<Box<[Slot<S>]>>; CHUNKS],
    /// One more than the highest vCPU index seen.
    seen: AtomicU32,
}

const CHUNKS: usize = 20;
const FIRST: usize = 64;

struct Slot<S> {
    busy: AtomicBool,
    value: UnsafeCell<S>,
}

// SAFETY: a slot's value is only reached through `Slots::with`, which hands it to one callback at a
// time: the host runs a vCPU's callbacks on the one thread that runs the vCPU, one after the
// other, and the busy flag refuses a nested use on that thread. `take_all` runs once no vCPU runs
// (the host calls `exit` after the vCPU threads are joined, which orders their writes before it).
unsafe impl<S: Send> Sync for Slots<S> {}

impl<S: Default> Slots<S> {
    fn new() -> Slots<S> {
        Slots { chunks: std::array::from_fn(|_| OnceLock::new()), seen: AtomicU32::new(0) }
    }

    /// Chunk and position of vCPU `index` (chunk k starts at `FIRST * (2^k - 1)`).
    fn locate(index: u32) -> (usize, usize) {
        let j = index as usize / FIRST + 1;
        let k = (usize::BITS - 1 - j.leading_zeros()) as usize;
        (k, index as usize - FIRST * ((1 << k) - 1))
    }

    #[inline]
    fn slot(&self, index: u32) -> Option<&Slot<S>> {
        let (k, i) = Slots::<S>::locate(index);
        let chunk = self.chunks.get(k)?;
        let chunk = match chunk.get() {
            Some(c) => c,
            None => {
                self.seen.fetch_max(index + 1, Ordering::Relaxed);
                chunk.get_or_init(|| {
                    (0..FIRST << k)
                        .map(|_| Slot { busy: AtomicBool::new(false), value: UnsafeCell::new(S::default()) })
                        .collect()
                })
            }
        };
        chunk.get(i)
    }

    /// Runs `f` with vCPU `index`'s state; `None` if that state is in use already (a callback
    /// nested in another of the same vCPU, which the host does not do).
    #[inline]
    fn with<R>(&self, index: u32, f: impl FnOnce(&mut S) -> R) -> Option<R> {
        let slot = self.slot(index)?;
        if slot.busy.load(Ordering::Relaxed) {
            return None;
        }
        slot.busy.store(true, Ordering::Relaxed);
        struct Release<'a>(&'a AtomicBool);
        impl Drop for Release<'_> {
            fn drop(&mut self) {
                self.0.store(false, Ordering::Relaxed);
            }
        }
        let _release = Release(&slot.busy);
        // SAFETY: see `Sync for Slots`: this callback is the only user of the slot until it returns.
        Some(f(unsafe { &mut *slot.value.get() }))
    }

    fn mark_seen(&self, index: u32) {
        self.seen.fetch_max(index + 1, Ordering::Relaxed);
    }

    /// Takes every vCPU's state, indexed by vCPU, up to the highest vCPU seen.
    fn take_all(&self) -> Vec<S> {
        let n = self.seen.load(Ordering::Relaxed);
        (0..n).map(|i| self.with(i, std::mem::take).unwrap_or_default()).collect()
    }
}

/// Installs plugin `P` for the host `api` with `args`: what [`export!`](crate::export) calls
/// for a `cdylib`, and what rivet calls for a built-in plugin.
///
/// # Safety
/// `api` must be the host's interface, valid until the plugin's `exit` returns; `args` must point
/// at `nargs` UTF-8 strings valid for the call.
pub unsafe extern "C" fn entry<P: Plugin>(api: *const HostApi, args: *const Str, nargs: usize) -> i32 {
    // SAFETY: as the caller vouches.
    let Some(api) = (unsafe { api.as_ref() }) else { return -1 };
    // The host is of this major version, or the plugin cannot know what it calls.
    if api.abi_version != sys::ABI_VERSION {
        return -1;
    }
    // SAFETY: the host keeps `api` for the run.
    let host = Host(unsafe { &*(api as *const HostApi) });
    let args: Vec<String> = if args.is_null() {
        Vec::new()
    } else {
        // SAFETY: as the caller vouches.
        unsafe { std::slice::from_raw_parts(args, nargs) }.iter().map(|s| unsafe { s.as_str() }.to_string()).collect()
    };
    let mut install = Install { host, args, watch: Vec::new() };
    let plugin = match catch_unwind(AssertUnwindSafe(|| P::new(&mut install))) {
        Ok(Ok(p)) => p,
        Ok(Err(why)) => return host.fail(&why),
        Err(_) => return host.fail("the plugin panicked while installing"),
    };
    let shared = Arc::new(Shared { plugin, host, states: Slots::new() });
    let cbs = Callbacks {
        data: Arc::into_raw(shared) as *const c_void,
        vcpu_init: Some(vcpu_init::<P>),
        vcpu_exit: Some(vcpu_exit::<P>),
        translate: Some(translate::<P>),
        reg_change: Some(reg_change::<P>),
        syscall: Some(syscall::<P>),
        syscall_ret: Some(syscall_ret::<P>),
        discon: Some(discon::<P>),
        exit: Some(exit::<P>),
        drop: drop_arc::<Shared<P>>,
    };
    // SAFETY: the host's function; it takes `cbs` (and the reference `data` holds).
    if unsafe { (api.set_callbacks)(api.host, &cbs) } != 0 {
        return -1;
    }
    if !install.watch.is_empty() {
        let names: Vec<Str> = install.watch.iter().map(|s| Str::new(s)).collect();
        // SAFETY: `names` and the strings live for the call.
        if unsafe { (api.watch)(api.host, names.as_ptr(), names.len()) } != 0 {
            return -1;
        }
    }
    0
}

/// Runs `f` and keeps a panic inside the plugin: it is reported and the vCPU goes on.
#[inline]
fn guard<R: Default>(host: Host, f: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(e) => {
            let msg = e
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| e.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            host.out(&format!("rivet: a plugin callback panicked ({msg}); continuing\n"));
            R::default()
        }
    }
}

/// # Safety
/// `data` is a `Shared<P>` from [`entry`]; `raw` the host's vCPU for this callback.
#[inline]
unsafe fn with_vcpu<P: Plugin, R: Default>(
    data: *const c_void,
    raw: *mut VcpuRaw,
    f: impl FnOnce(&Shared<P>, Vcpu<'_, P::State>) -> R,
) -> R {
    // SAFETY: as the caller vouches.
    let (shared, raw) = unsafe { (&*(data as *const Shared<P>), &mut *raw) };
    let host = shared.host;
    guard(host, || {
        shared.states.with(raw.index, |state| f(shared, Vcpu { state, view: View { raw, host } })).unwrap_or_default()
    })
}

unsafe extern "C" fn vcpu_init<P: Plugin>(data: *const c_void, raw: *mut VcpuRaw) {
    // SAFETY: the host passes what `entry` gave it and this callback's vCPU.
    unsafe {
        (*(data as *const Shared<P>)).states.mark_seen((*raw).index);
        with_vcpu::<P, ()>(data, raw, |s, v| s.plugin.vcpu_init(&mut VcpuMut(v)))
    }
}

unsafe extern "C" fn vcpu_exit<P: Plugin>(data: *const c_void, raw: *mut VcpuRaw) {
    // SAFETY: as in `vcpu_init`.
    unsafe { with_vcpu::<P, ()>(data, raw, |s, v| s.plugin.vcpu_exit(&mut VcpuMut(v))) }
}

unsafe extern "C" fn translate<P: Plugin>(data: *const c_void, tb: *mut TbRaw) {
    // SAFETY: as in `vcpu_init`; `tb` is the block being translated.
    let (shared, raw) = unsafe { (&*(data as *const Shared<P>), &mut *tb) };
    guard(shared.host, || shared.plugin.translate(&mut Block { raw, shared }));
}

unsafe extern "C" fn reg_change<P: Plugin>(
    data: *const c_void,
    raw: *mut VcpuRaw,
    changes: *const ChangeRaw,
    n: usize,
) {
    if n == 0 {
        return;
    }
    // SAFETY: as in `vcpu_init`; `changes` holds `n` changes whose registers are the host's
    // (non-null, kept for the run), and `RegChange` has `ChangeRaw`'s layout (checked in lib.rs)
    // with `Reg` a non-null reference to such a register.
    unsafe {
        let changes = std::slice::from_raw_parts(changes as *const RegChange, n);
        with_vcpu::<P, ()>(data, raw, |s, mut v| s.plugin.reg_changes(&mut v, changes))
    }
}

unsafe extern "C" fn syscall<P: Plugin>(
    data: *const c_void,
    raw: *mut VcpuRaw,
    num: i64,
    args: *const u64,
    ret: *mut i64,
) -> i32 {
    // SAFETY: as in `vcpu_init`; `args` holds eight words and `ret` is writable.
    unsafe {
        let args = &*(args as *const [u64; 8]);
        match with_vcpu::<P, _>(data, raw, |s, v| s.plugin.syscall(&mut VcpuMut(v), num, args)) {
            Some(r) => {
                *ret = r;
                1
            }
            None => 0,
        }
    }
}

unsafe extern "C" fn syscall_ret<P: Plugin>(data: *const c_void, raw: *mut VcpuRaw, num: i64, ret: i64) {
    // SAFETY: as in `vcpu_init`.
    unsafe { with_vcpu::<P, ()>(data, raw, |s, v| s.plugin.syscall_ret(&mut VcpuMut(v), num, ret)) }
}

unsafe extern "C" fn discon<P: Plugin>(data: *const c_void, raw: *mut VcpuRaw, kind: u32, from: u64, to: u64) {
    let kind = match kind {
        1 => Discontinuity::Interrupt,
        2 => Discontinuity::Exception,
        _ => Discontinuity::HostCall,
    };
    // SAFETY: as in `vcpu_init`.
    unsafe { with_vcpu::<P, ()>(data, raw, |s, v| s.plugin.discontinuity(&mut VcpuMut(v), kind, from, to)) }
}

unsafe extern "C" fn exit<P: Plugin>(data: *const c_void) {
    // SAFETY: as in `vcpu_init`.
    let shared = unsafe { &*(data as *const Shared<P>) };
    guard(shared.host, || shared.plugin.exit(shared.states.take_all()));
}

unsafe extern "C" fn drop_arc<T>(data: *const c_void) {
    // SAFETY: `data` came from `Arc::into_raw` of a `T`, and the host drops it once.
    drop(unsafe { Arc::from_raw(data as *const T) });
}

/// A closure with the plugin it belongs to (kept alive while the host holds the closure).
struct Bound<P: Plugin, F> {
    shared: Arc<Shared<P>>,
    f: F,
}

/// Hands `f` to the host as a read-only instruction or block callback.
pub(crate) fn vcpu_closure<P, F>(shared: &Shared<P>, f: F) -> Closure<VcpuCall>
where
    P: Plugin,
    F: Fn(&P, &mut Vcpu<'_, P::State>) + Send + Sync + 'static,
{
    unsafe extern "C" fn call<P: Plugin, F: Fn(&P, &mut Vcpu<'_, P::State>)>(data: *const c_void, raw: *mut VcpuRaw) {
        // SAFETY: `data` is the `Bound` made below, alive while the host holds it.
        let b = unsafe { &*(data as *const Bound<P, F>) };
        // SAFETY: the host passes this callback's vCPU.
        unsafe { with_vcpu::<P, ()>(Arc::as_ptr(&b.shared) as *const c_void, raw, |s, mut v| (b.f)(&s.plugin, &mut v)) }
    }
    bound(shared, f, call::<P, F>)
}

/// Hands `f` to the host as an instruction callback that may write.
pub(crate) fn vcpu_mut_closure<P, F>(shared: &Shared<P>, f: F) -> Closure<VcpuCall>
where
    P: Plugin,
    F: Fn(&P, &mut VcpuMut<'_, P::State>) + Send + Sync + 'static,
{
    unsafe extern "C" fn call<P: Plugin, F: Fn(&P, &mut VcpuMut<'_, P::State>)>(
        data: *const c_void,
        raw: *mut VcpuRaw,
    ) {
        // SAFETY: as in `vcpu_closure`.
        let b = unsafe { &*(data as *const Bound<P, F>) };
        // SAFETY: as in `vcpu_closure`.
        unsafe {
            with_vcpu::<P, ()>(Arc::as_ptr(&b.shared) as *const c_void, raw, |s, v| (b.f)(&s.plugin, &mut VcpuMut(v)))
        }
    }
    bound(shared, f, call::<P, F>)
}

/// Hands `f` to the host as a memory callback.
pub(crate) fn mem_closure<P, F>(shared: &Shared<P>, f: F) -> Closure<MemCall>
where
    P: Plugin,
    F: Fn(&P, &mut Vcpu<'_, P::State>, &MemAccess) + Send + Sync + 'static,
{
    unsafe extern "C" fn call<P: Plugin, F: Fn(&P, &mut Vcpu<'_, P::State>, &MemAccess)>(
        data: *const c_void,
        raw: *mut VcpuRaw,
        m: *const MemRaw,
    ) {
        // SAFETY: as in `vcpu_closure`; `m` is the access, valid for the call.
        let (b, m) = unsafe { (&*(data as *const Bound<P, F>), &*m) };
        let access = MemAccess {
            vaddr: m.vaddr,
            size: 1 << m.size_log2,
            store: m.store != 0,
            signed: m.signed != 0,
            value: m.value,
        };
        // SAFETY: as in `vcpu_closure`.
        unsafe {
            with_vcpu::<P, ()>(Arc::as_ptr(&b.shared) as *const c_void, raw, |s, mut v| {
                (b.f)(&s.plugin, &mut v, &access)
            })
        }
    }
    bound(shared, f, call::<P, F>)
}

fn bound<P: Plugin, F: Send + Sync + 'static, C>(shared: &Shared<P>, f: F, call: C) -> Closure<C> {
    // The closure keeps its plugin alive: blocks may outlive the plugin's exit.
    // SAFETY: every `Shared` lives in an `Arc` made by `entry`, whose reference the host holds
    // for at least as long as it runs callbacks that can reach this one.
    let shared = unsafe {
        Arc::increment_strong_count(shared as *const Shared<P>);
        Arc::from_raw(shared as *const Shared<P>)
    };
    let b = Box::new(Bound { shared, f });
    Closure { call, data: Box::into_raw(b) as *const c_void, drop: drop_box::<Bound<P, F>> }
}

unsafe extern "C" fn drop_box<T>(data: *const c_void) {
    // SAFETY: `data` came from `Box::into_raw` of a `T`, and the host drops it once.
    drop(unsafe { Box::from_raw(data as *mut T) });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_found_across_chunks() {
        assert_eq!(Slots::<u32>::locate(0), (0, 0));
        assert_eq!(Slots::<u32>::locate(63), (0, 63));
        assert_eq!(Slots::<u32>::locate(64), (1, 0));
        assert_eq!(Slots::<u32>::locate(191), (1, 127));
        assert_eq!(Slots::<u32>::locate(192), (2, 0));
        let s = Slots::<u32>::new();
        for i in [0, 5, 64, 200, 5000] {
            s.with(i, |v| *v = i + 1).unwrap();
        }
        assert_eq!(s.with(5000, |v| *v), Some(5001));
        // Nested use of one vCPU's state is refused, not aliased.
        assert_eq!(s.with(5, |_| s.with(5, |_| ())), Some(None));
        let all = s.take_all();
        assert_eq!(all.len(), 5001);
        assert_eq!((all[0], all[64], all[200], all[1]), (1, 65, 201, 0));
    }
}
