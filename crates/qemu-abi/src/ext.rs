//! rivet's own C functions for plugins, beyond QEMU's API: register-change callbacks. Declared in
//! `include/qemu-plugin.h` behind `RIVET_PLUGIN_EXTENSIONS`, as weak symbols, so a plugin can test
//! whether its host offers them (`if (rivet_plugin_register_reg_change_cb)`) and still load in QEMU.

use crate::state::{self, invoke, log_misuse, plugin};
use rivet_plugin_host::{context, regs, PluginId, RegChange};
use std::ffi::{c_char, c_uint, c_void, CStr};
use std::sync::Arc;

/// Revision of the extension functions (`rivet_plugin_extensions()`; the header's
/// `RIVET_PLUGIN_EXTENSIONS_VERSION`).
pub const EXTENSIONS_VERSION: u32 = 1;

/// `rivet_reg_change`: one change, as register-change callbacks receive it.
#[repr(C)]
pub struct CRegChange {
    /// The register's handle, as `qemu_plugin_get_registers` lists it for this vCPU.
    pub reg: *mut c_void,
    /// Its name (NUL-terminated, lives for the run).
    pub name: *const c_char,
    /// Value before.
    pub old_value: u64,
    /// Value now.
    pub new_value: u64,
    /// The instruction that made the change.
    pub pc: u64,
    /// Instructions the vCPU had retired when the change was seen (equal `pc` and `instret`: one
    /// execution of one instruction).
    pub instret: u64,
    /// The vCPU.
    pub vcpu_index: c_uint,
}

/// The revision of rivet's extension functions this host offers.
#[no_mangle]
pub extern "C" fn rivet_plugin_extensions() -> u32 {
    EXTENSIONS_VERSION
}

/// Asks for `cb(change, userdata)` whenever one of the registers named in `names[0..n]` changes:
/// register names as `qemu_plugin_get_registers` spells them, group names
/// (`org.gnu.gdb.riscv.fpu` or `fpu`), or `"*"` for all. Returns false (and logs why with
/// `-d plugin`) for an unknown id, a NULL callback, no names, or a name that is none of those.
/// Register at install or vCPU-init time: code translated before is not watched.
///
/// # Safety
/// `names` points to `n` NUL-terminated strings; `cb` is a function of the documented type.
#[no_mangle]
pub unsafe extern "C" fn rivet_plugin_register_reg_change_cb(
    id: u64,
    names: *const *const c_char,
    n: usize,
    cb: Option<unsafe extern "C-unwind" fn(*const CRegChange, *mut c_void)>,
    userdata: *mut c_void,
) -> bool {
    const CALL: &str = "rivet_plugin_register_reg_change_cb";
    let Some(p) = plugin(PluginId(id)) else {
        log_misuse(None, CALL, "unknown plugin id");
        return false;
    };
    let Some(cb) = cb else {
        log_misuse(Some(p), CALL, "NULL callback");
        return false;
    };
    if names.is_null() || n == 0 {
        log_misuse(Some(p), CALL, "no register names");
        return false;
    }
    let mut list = Vec::with_capacity(n);
    for i in 0..n {
        // SAFETY: the caller passes `n` readable pointers.
        let s = unsafe { *names.add(i) };
        if s.is_null() {
            log_misuse(Some(p), CALL, "a NULL register name");
            return false;
        }
        // SAFETY: the caller passes NUL-terminated strings.
        match unsafe { CStr::from_ptr(s) }.to_str() {
            Ok(s) => list.push(s.to_owned()),
            Err(_) => {
                log_misuse(Some(p), CALL, "a register name that is not UTF-8");
                return false;
            }
        }
    }
    let Some(host) = state::host() else { return false };
    let (gen, ud) = (p.gen(), userdata as usize);
    let f = Arc::new(move |changes: &[RegChange]| {
        // The change callback runs with the vCPU current: its map names the register.
        // Models live for the run, and so do their maps' names.
        // The model, not the hart, is held across the plugin's calls (which reach the hart
        // through the context themselves).
        let Some(map) = context::with_current(|h, _, _| &h.model.regs as *const rivet_core::regs::RegMap) else {
            return;
        };
        // SAFETY: the vCPU's CPU model outlives its callbacks (the hart holds it for the run);
        // only the map is borrowed, never the hart the plugin's calls reach.
        let map = unsafe { &*map };
        {
            for c in changes {
                let handle = regs::handle(c.model, map, c.reg);
                let name = map.c_name(c.reg).map_or(c"".as_ptr(), |n| n.as_ptr());
                let change = CRegChange {
                    reg: handle as *mut c_void,
                    name,
                    old_value: c.old,
                    new_value: c.new,
                    pc: c.pc,
                    instret: c.instret,
                    vcpu_index: c.vcpu,
                };
                // SAFETY: the plugin's callback of the documented type, with its userdata.
                invoke(p, gen, || unsafe { cb(&change, ud as *mut c_void) });
            }
        }
    });
    match host.watch_registers(p.id, list, f) {
        Ok(()) => true,
        Err(e) => {
            log_misuse(Some(p), CALL, &e.to_string());
            false
        }
    }
}
