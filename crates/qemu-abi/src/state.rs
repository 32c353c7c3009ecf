//! Run-wide state of the C ABI: options, the loaded plugins, the guest binary, the log, and the
//! machinery around calling into plugins (unwinding for `set_pc`, deferred uninstall and reset).

use crate::glib;
use libloading::os::unix::{Library, RTLD_LOCAL, RTLD_NOW};
use rivet_plugin_host::{context, Host, PluginId};
use std::cell::Cell;
use std::ffi::{c_char, c_int, c_void, CString};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

/// Oldest API version served.
pub const API_MIN: u32 = 2;
/// Newest API version served.
pub const API_MAX: u32 = 7;

/// How the run was started, as plugins see it.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `-d plugin`: plugin output and API misuse go to the log.
    pub log_plugin: bool,
    /// `-D FILE`: the log file (stderr without it).
    pub log_file: Option<PathBuf>,
    /// Full-system emulation (false for user mode).
    pub system: bool,
    /// System mode: vCPUs at start.
    pub smp_vcpus: i32,
    /// System mode: most vCPUs.
    pub max_vcpus: i32,
}

/// The guest program (user mode), for `path_to_binary`, `start_code`, `end_code`, `entry_code`
/// and `insn_symbol`.
#[derive(Clone, Debug, Default)]
pub struct Binary {
    /// Path of the executable.
    pub path: PathBuf,
    /// Start of its code.
    pub start_code: u64,
    /// End of its code.
    pub end_code: u64,
    /// Its entry point.
    pub entry: u64,
    /// Function symbols (address, size, name), sorted by address.
    pub symbols: Vec<(u64, u64, String)>,
}

pub(crate) struct BinaryC {
    pub info: Binary,
    pub names: Vec<CString>,
}

/// A loaded C plugin.
pub(crate) struct Plugin {
    pub id: PluginId,
    pub version: u32,
    pub name: String,
    active: AtomicBool,
    gen: AtomicU32,
    _lib: Library,
    _argv: Vec<CString>,
}

impl Plugin {
    /// The current generation (bumped by reset): hooks registered earlier go quiet.
    pub fn gen(&self) -> u32 {
        self.gen.load(Ordering::Relaxed)
    }

    /// Whether callbacks of generation `gen` may still run.
    pub fn live(&self, gen: u32) -> bool {
        self.active.load(Ordering::Relaxed) && self.gen.load(Ordering::Relaxed) == gen
    }
}

static HOST: OnceLock<Arc<Host>> = OnceLock::new();
static OPTIONS: OnceLock<Options> = OnceLock::new();
static BINARY: OnceLock<BinaryC> = OnceLock::new();
static PLUGINS: RwLock<Vec<&'static Plugin>> = RwLock::new(Vec::new());
static LOG: Mutex<Option<std::fs::File>> = Mutex::new(None);

thread_local! {
    static LAST: Cell<Option<&'static Plugin>> = const { Cell::new(None) };
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Sets the run's options and host (once, before loading plugins).
pub fn init(host: &Arc<Host>, opts: Options) -> Result<(), String> {
    if let Some(f) = &opts.log_file {
        let file = std::fs::File::create(f).map_err(|e| format!("cannot open log file {}: {e}", f.display()))?;
        *LOG.lock().unwrap_or_else(|e| e.into_inner()) = Some(file);
    }
    let _ = HOST.set(host.clone());
    let _ = OPTIONS.set(opts);
    Ok(())
}

/// Records the guest binary (user mode).
pub fn set_binary(b: Binary) {
    let names = b.symbols.iter().map(|s| CString::new(s.2.replace('\0', "")).unwrap_or_default()).collect();
    let _ = BINARY.set(BinaryC { info: b, names });
}

pub(crate) fn binary() -> Option<&'static BinaryC> {
    BINARY.get()
}

pub(crate) fn host() -> Option<&'static Arc<Host>> {
    HOST.get()
}

pub(crate) fn options() -> &'static Options {
    static DEFAULT: OnceLock<Options> = OnceLock::new();
    OPTIONS.get().unwrap_or_else(|| DEFAULT.get_or_init(Options::default))
}

/// The plugin of an id.
pub(crate) fn plugin(id: PluginId) -> Option<&'static Plugin> {
    if let Some(p) = LAST.with(|c| c.get()).filter(|p| p.id == id) {
        return Some(p);
    }
    let p = PLUGINS.read().unwrap_or_else(|e| e.into_inner()).iter().copied().find(|p| p.id == id)?;
    LAST.with(|c| c.set(Some(p)));
    Some(p)
}

/// The plugin whose callback (or install, or atexit) is running on this thread.
pub(crate) fn caller() -> Option<&'static Plugin> {
    plugin(context::current_plugin()?)
}

/// Writes plugin output: to the log with `-d plugin` (the `-D` file or stderr), else to stderr.
/// Writes plugin output where `qemu_plugin_outs` would: the `-D` file with `-d plugin`, else
/// stderr. Built-in plugins write through it too.
pub fn write_out(s: &[u8]) {
    let mut log = LOG.lock().unwrap_or_else(|e| e.into_inner());
    match log.as_mut() {
        Some(f) if options().log_plugin => {
            let _ = f.write_all(s);
        }
        _ => {
            let _ = std::io::stderr().write_all(s);
        }
    }
}

/// Logs one line about API misuse by `p` (only with `-d plugin`).
pub(crate) fn log_misuse(p: Option<&Plugin>, call: &str, why: &str) {
    if options().log_plugin {
        let name = p.map_or("(unknown plugin)", |p| p.name.as_str());
        write_out(format!("plugin {name}: {call}: {why}\n").as_bytes());
    }
}

/// The payload `qemu_plugin_set_pc` unwinds with: where to resume.
pub(crate) struct SetPc(pub u64);
/// The payload of a `set_pc` refused (wrong context): the callback is abandoned, pc unchanged.
pub(crate) struct Abandon;

/// Whether this thread is inside a plugin callback.
pub(crate) fn in_callback() -> bool {
    DEPTH.with(|d| d.get()) > 0
}

/// Calls into plugin code of generation `gen`: skipped if the plugin was uninstalled or reset
/// since; a `set_pc` unwinding out of it is caught here and moves the current vCPU; pending
/// uninstall/reset requests are applied when the outermost call returns.
#[inline]
pub(crate) fn invoke<R: Default>(p: &'static Plugin, gen: u32, f: impl FnOnce() -> R) -> R {
    if !p.live(gen) {
        return R::default();
    }
    invoke_raw(p, f)
}

#[inline]
fn invoke_raw<R: Default>(p: &'static Plugin, f: impl FnOnce() -> R) -> R {
    DEPTH.with(|d| d.set(d.get() + 1));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    let depth = DEPTH.with(|d| {
        d.set(d.get() - 1);
        d.get()
    });
    let out = match r {
        Ok(v) => v,
        Err(e) => {
            if let Some(SetPc(pc)) = e.downcast_ref::<SetPc>() {
                let pc = *pc;
                context::with_current(|h, _, _| h.pc = pc & !1);
            } else if !e.is::<Abandon>() {
                write_out(format!("rivet: plugin {}: a callback failed; continuing\n", p.name).as_bytes());
            }
            R::default()
        }
    };
    if depth == 0 && PENDING_FLAG.load(Ordering::Acquire) {
        apply_pending();
    }
    out
}

/// A deferred uninstall or reset.
pub(crate) struct Pending {
    pub id: PluginId,
    pub uninstall: bool,
    pub cb: usize,
    pub userdata: usize,
}

static PENDING: Mutex<Vec<Pending>> = Mutex::new(Vec::new());
static PENDING_FLAG: AtomicBool = AtomicBool::new(false);

/// Queues an uninstall/reset; applied once the current callback returns (at once outside one).
pub(crate) fn defer(req: Pending) {
    PENDING.lock().unwrap_or_else(|e| e.into_inner()).push(req);
    PENDING_FLAG.store(true, Ordering::Release);
    if !in_callback() {
        apply_pending();
    }
}

fn apply_pending() {
    PENDING_FLAG.store(false, Ordering::Release);
    let reqs = std::mem::take(&mut *PENDING.lock().unwrap_or_else(|e| e.into_inner()));
    for r in reqs {
        let Some(p) = plugin(r.id) else { continue };
        if r.uninstall {
            p.active.store(false, Ordering::Relaxed);
        } else {
            p.gen.fetch_add(1, Ordering::Relaxed);
        }
        if let Some(h) = host() {
            h.remove_plugin(p.id);
        }
        // Blocks carrying the plugin's hooks are dropped at the next block boundary, as QEMU
        // flushes its translations; hooks still in flight see the plugin gone and do nothing.
        context::with_current(|_, mem, _| mem.invalidate_code());
        if r.cb != 0 {
            let (id, ud, cb) = (p.id, r.userdata, r.cb);
            context::enter_plugin(id, || {
                invoke_raw(p, || {
                    if p.version <= 6 {
                        // SAFETY: the plugin passed a `qemu_plugin_simple_cb_t` (API <= 6).
                        let f: unsafe extern "C-unwind" fn(u64) = unsafe { std::mem::transmute(cb) };
                        // SAFETY: calling the plugin's callback with its id, as its API says.
                        unsafe { f(id.0) }
                    } else {
                        // SAFETY: the plugin passed a `qemu_plugin_udata_cb_t` (API 7).
                        let f: unsafe extern "C-unwind" fn(*mut c_void) = unsafe { std::mem::transmute(cb) };
                        // SAFETY: calling the plugin's callback with its userdata.
                        unsafe { f(ud as *mut c_void) }
                    }
                })
            });
        }
    }
}

/// Why a plugin could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError(pub String);

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LoadError {}

/// `qemu_info_t` (32 bytes on LP64).
#[repr(C)]
struct QemuInfo {
    target_name: *const c_char,
    min: c_int,
    cur: c_int,
    system_emulation: bool,
    smp_vcpus: c_int,
    max_vcpus: c_int,
}

const _: () = assert!(std::mem::size_of::<QemuInfo>() == 32);
const _: () = assert!(std::mem::offset_of!(QemuInfo, smp_vcpus) == 20);

/// Splits a `-plugin` argument into the file and the raw `key=value` arguments.
pub fn parse_spec(spec: &str) -> Result<(String, Vec<String>), LoadError> {
    let mut file = None;
    let mut args = Vec::new();
    for (i, part) in spec.split(',').enumerate() {
        if let Some(f) = part.strip_prefix("file=") {
            file = Some(f.to_string());
        } else if i == 0 && !part.contains('=') {
            file = Some(part.to_string());
        } else if let Some(v) = part.strip_prefix("arg=") {
            // QEMU's old spelling `arg=VALUE`.
            args.push(v.to_string());
        } else if !part.is_empty() {
            args.push(part.to_string());
        }
    }
    match file {
        Some(f) if !f.is_empty() => Ok((f, args)),
        _ => Err(LoadError(format!("-plugin {spec}: no plugin file given (use FILE[,ARG=VALUE...])"))),
    }
}

/// Loads the plugin of a `-plugin FILE[,key=value...]` argument (also `file=FILE,...`) and calls
/// its `qemu_plugin_install`. [`init`] must have run.
pub fn load(spec: &str, host: &Arc<Host>) -> Result<PluginId, LoadError> {
    if HOST.get().is_none() {
        let _ = HOST.set(host.clone());
    }
    let (file, args) = parse_spec(spec)?;
    // GLib is opened globally before the plugin so that a C plugin and rivet share one GLib
    // (native plugins need none).
    let g = glib::load();
    // A bare name would make dlopen search the library path, which is not what the user means.
    let path = if file.contains('/') { file.clone() } else { format!("./{file}") };
    // SAFETY: loading a plugin runs its initialisers: trusting the plugin is what `-plugin` asks for.
    let lib = unsafe { Library::open(Some(&path), RTLD_NOW | RTLD_LOCAL) }
        .map_err(|e| LoadError(format!("cannot load plugin {file}: {e}")))?;
    let name = Path::new(&file).file_name().map_or(file.clone(), |n| n.to_string_lossy().into_owned());
    // SAFETY: a library exporting `rivet_plugin_entry` is a native plugin (`rivet_plugin::export!`),
    // whose entry point has this type.
    if let Ok(entry) = unsafe { lib.get::<rivet_plugin::sys::EntryFn>(b"rivet_plugin_entry\0") } {
        let entry = *entry;
        // SAFETY: `rivet_plugin_abi` is the u32 `export!` defines beside the entry point.
        let abi = unsafe { lib.get::<*const u32>(b"rivet_plugin_abi\0") }.ok().map(|p| unsafe { std::ptr::read(*p) });
        if abi != Some(rivet_plugin::sys::ABI_VERSION) {
            return Err(LoadError(format!(
                "cannot load plugin {file}: it was built for rivet plugin interface {}, this rivet has {}",
                abi.map_or("(unknown)".to_string(), |v| v.to_string()),
                rivet_plugin::sys::ABI_VERSION
            )));
        }
        // The library stays loaded for the run: its code is the plugin's callbacks.
        std::mem::forget(lib);
        return crate::native::install(host, &name, entry, &args).map_err(LoadError);
    }
    g.map_err(|e| LoadError(format!("cannot load plugin {file}: {e}")))?;
    // SAFETY: `qemu_plugin_version` is an `int` in every plugin API.
    let version = match unsafe { lib.get::<*const c_int>(b"qemu_plugin_version\0") } {
        // SAFETY: the symbol's address points at the plugin's int.
        Ok(sym) if !sym.is_null() => unsafe { std::ptr::read(*sym) },
        _ => {
            return Err(LoadError(format!(
                "cannot load plugin {file}: it does not export qemu_plugin_version (plugins of API 1 and \
                 earlier do not; rivet supports versions {API_MIN} to {API_MAX})"
            )))
        }
    };
    if !(API_MIN as c_int..=API_MAX as c_int).contains(&version) {
        return Err(LoadError(format!(
            "cannot load plugin {file}: it declares plugin API version {version}, rivet supports versions \
             {API_MIN} to {API_MAX}"
        )));
    }
    type Install = unsafe extern "C-unwind" fn(u64, *const QemuInfo, c_int, *mut *mut c_char) -> c_int;
    // SAFETY: `qemu_plugin_install` has this prototype in every plugin API.
    let install: Install = match unsafe { lib.get::<Install>(b"qemu_plugin_install\0") } {
        Ok(sym) => *sym,
        Err(_) => return Err(LoadError(format!("cannot load plugin {file}: missing symbol qemu_plugin_install"))),
    };
    let argv: Vec<CString> = args.iter().map(|a| CString::new(a.as_str()).unwrap_or_default()).collect();
    let mut argv_ptrs: Vec<*mut c_char> = argv.iter().map(|a| a.as_ptr() as *mut c_char).collect();
    argv_ptrs.push(std::ptr::null_mut());
    let id = host.add_plugin(name.clone(), version as u32);
    let p: &'static Plugin = Box::leak(Box::new(Plugin {
        id,
        version: version as u32,
        name: name.clone(),
        active: AtomicBool::new(true),
        gen: AtomicU32::new(0),
        _lib: lib,
        _argv: argv,
    }));
    PLUGINS.write().unwrap_or_else(|e| e.into_inner()).push(p);
    let o = options();
    let info = QemuInfo {
        target_name: c"riscv64".as_ptr(),
        min: API_MIN as c_int,
        cur: API_MAX as c_int,
        system_emulation: o.system,
        smp_vcpus: if o.system { o.smp_vcpus } else { 0 },
        max_vcpus: if o.system { o.max_vcpus } else { 0 },
    };
    // The argv array itself must outlive the plugin too (plugins may keep `argv`).
    let argv_ptrs: &'static mut [*mut c_char] = Box::leak(argv_ptrs.into_boxed_slice());
    let argc = (argv_ptrs.len() - 1) as c_int;
    let rc = context::enter_plugin(id, || {
        // SAFETY: install's prototype; `info` lives for the call, argv for the process.
        invoke_raw(p, || Some(unsafe { install(id.0, &info, argc, argv_ptrs.as_mut_ptr()) }))
    });
    let failure = match rc {
        Some(0) => return Ok(id),
        Some(rc) => format!("plugin {file}: qemu_plugin_install failed with code {rc}"),
        // It called qemu_plugin_set_pc, which cannot work outside a vCPU callback.
        None => format!("plugin {file}: qemu_plugin_install did not return"),
    };
    p.active.store(false, Ordering::Relaxed);
    host.remove_plugin(id);
    Err(LoadError(failure))
}

/// The run ends: atexit callbacks (no current vCPU), then pending requests.
pub fn atexit(host: &Host) {
    host.atexit();
    if PENDING_FLAG.load(Ordering::Acquire) {
        apply_pending();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs() {
        assert_eq!(parse_spec("a.so").unwrap(), ("a.so".into(), vec![]));
        assert_eq!(parse_spec("a.so,x=1,y=on").unwrap(), ("a.so".into(), vec!["x=1".into(), "y=on".into()]));
        assert_eq!(parse_spec("file=a.so,x=1").unwrap(), ("a.so".into(), vec!["x=1".into()]));
        assert_eq!(parse_spec("x=1,file=b.so").unwrap(), ("b.so".into(), vec!["x=1".into()]));
        assert!(parse_spec("x=1").is_err());
        assert!(parse_spec("").is_err());
    }
}
