//! rivet test: a plugin built with the published `qemu-plugin` crate (default API) that reads
//! registers at vCPU init and in an R_REGS callback on every instruction, and checks them.
use qemu_plugin::{
    plugin::{HasCallbacks, Register},
    qemu_plugin_get_registers, register, CallbackFlags, PluginId, RegisterDescriptor, TranslationBlock, VCPUIndex,
};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

static EXECUTED: AtomicU64 = AtomicU64::new(0);
static SP_OK: AtomicU64 = AtomicU64::new(0);
static ZERO_OK: AtomicU64 = AtomicU64::new(0);
static INIT_REGS: AtomicU64 = AtomicU64::new(0);
static ERRORS: Mutex<Vec<String>> = Mutex::new(Vec::new());
/// sp and zero, found at vCPU init (handles are valid for the whole run).
static WATCHED: Mutex<Vec<RegisterDescriptor<'static>>> = Mutex::new(Vec::new());

#[derive(Default)]
struct Plugin;

impl Register for Plugin {}

impl HasCallbacks for Plugin {
    fn on_vcpu_init(&mut self, _id: PluginId, _vcpu: VCPUIndex) -> qemu_plugin::Result<()> {
        let regs = qemu_plugin_get_registers()?;
        INIT_REGS.store(regs.len() as u64, Ordering::Relaxed);
        for r in regs {
            if r.name == "sp" || r.name == "zero" {
                let v = r.read()?;
                if v.len() != 8 {
                    ERRORS.lock().unwrap().push(format!("{} read {} bytes", r.name, v.len()));
                }
                WATCHED.lock().unwrap().push(r);
            }
        }
        Ok(())
    }

    fn on_translation_block_translate(&mut self, _id: PluginId, tb: TranslationBlock) -> qemu_plugin::Result<()> {
        tb.instructions().try_for_each(|insn| {
            insn.register_execute_callback_flags(
                move |_vcpu| {
                    EXECUTED.fetch_add(1, Ordering::Relaxed);
                    for r in WATCHED.lock().unwrap().iter() {
                        match r.read() {
                            Ok(v) if v.len() == 8 => {
                                let x = u64::from_le_bytes(v.try_into().unwrap());
                                if r.name == "zero" && x == 0 {
                                    ZERO_OK.fetch_add(1, Ordering::Relaxed);
                                }
                                if r.name == "sp" && x > 0x3f_ff7f_f000 && x < 0x3f_ffff_f000 {
                                    SP_OK.fetch_add(1, Ordering::Relaxed);
                                }
                            }
                            _ => ERRORS.lock().unwrap().push(format!("read of {} failed", r.name)),
                        }
                    }
                },
                CallbackFlags::QEMU_PLUGIN_CB_R_REGS,
            );
            Ok(())
        })
    }

    fn on_vcpu_exit(&mut self, _id: PluginId, _vcpu: VCPUIndex) -> qemu_plugin::Result<()> {
        let n = EXECUTED.load(Ordering::Relaxed);
        let errs = ERRORS.lock().unwrap();
        let ok = errs.is_empty()
            && n > 100_000
            && SP_OK.load(Ordering::Relaxed) == n
            && ZERO_OK.load(Ordering::Relaxed) == n
            && INIT_REGS.load(Ordering::Relaxed) > 33;
        eprintln!(
            "rsplug: {} ({} insns, sp ok {}, zero ok {}, {} registers at init, errors {:?})",
            if ok { "PASS" } else { "FAIL" },
            n,
            SP_OK.load(Ordering::Relaxed),
            ZERO_OK.load(Ordering::Relaxed),
            INIT_REGS.load(Ordering::Relaxed),
            errs.first()
        );
        Ok(())
    }
}

register!(Plugin);
