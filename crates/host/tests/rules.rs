//! The register API's rules, checked through the host as the C ABI and the Rust API use it:
//! reads see the guest's values, NO_REGS callbacks cannot read, only RW callbacks can write,
//! handles belong to one CPU model, and there is no vCPU outside vCPU callbacks.

use rivet_core::mem::{perm, GuestMemory};
use rivet_core::{CpuModel, Engine, Exit, Hart};
use rivet_plugin_host::host::{call_with, Host, Register};
use rivet_plugin_host::regs::{self, RegError};
use rivet_plugin_host::{context, RegAccess};
use std::sync::{Arc, Mutex};

// li a0,7 / li a1,11 / add a2,a0,a1 / ecall
const PROG: [u32; 4] = [0x0070_0513, 0x00b0_0593, 0x00b5_0633, 0x0000_0073];

fn machine(model_index: u32) -> (GuestMemory, Hart) {
    let mem = GuestMemory::new(32).unwrap();
    mem.map_anon(0x1000, 0x1000, perm::R | perm::X).unwrap();
    let bytes: Vec<u8> = PROG.iter().flat_map(|w| w.to_le_bytes()).collect();
    mem.poke_bytes(0x1000, &bytes).unwrap();
    let mut h = Hart::new(Arc::new(CpuModel::by_name("rv64gc", model_index).unwrap()), 0);
    h.pc = 0x1000;
    (mem, h)
}

fn handle_of(h: &Hart, name: &str) -> usize {
    regs::handle(h.model.index, &h.model.regs, h.model.regs.by_name(name).unwrap().0)
}

#[test]
fn reads_writes_and_rules() {
    let (mem, mut h) = machine(0);
    let a2 = handle_of(&h, "a2");
    let a0 = handle_of(&h, "a0");
    let pc = handle_of(&h, "pc");
    let host = Arc::new(Host::new());
    let id = host.add_plugin("test".into(), 7);
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let s = seen.clone();
    host.register(
        id,
        Register::TbTrans(Arc::new(move |tb| {
            for i in 0..tb.insns.len() {
                let s1 = s.clone();
                // Before `add a2,a0,a1`: an R_REGS callback reads a0, a NO_REGS one cannot.
                tb.before_insn(
                    i,
                    call_with(
                        id,
                        RegAccess::Read,
                        Arc::new(move |_| {
                            let mut buf = [0u8; 16];
                            let r = regs::read(a0, &mut buf);
                            let w = regs::write(a0, &[1, 0, 0, 0, 0, 0, 0, 0], false);
                            s1.lock().unwrap().push(format!("R read={r:?} v={} write={w:?}", buf[0]));
                        }),
                    ),
                );
                let s2 = s.clone();
                tb.before_insn(
                    i,
                    call_with(
                        id,
                        RegAccess::NoRegs,
                        Arc::new(move |_| {
                            let mut buf = [0u8; 16];
                            s2.lock().unwrap().push(format!("N read={:?}", regs::read(a0, &mut buf)));
                        }),
                    ),
                );
            }
            // After the add (before the ecall), an RW callback changes a2 and may not move pc.
            let s3 = s.clone();
            let last = tb.insns.len() - 1;
            tb.before_insn(
                last,
                call_with(
                    id,
                    RegAccess::ReadWrite,
                    Arc::new(move |_| {
                        let w = regs::write(a2, &99u64.to_le_bytes(), false);
                        let short = regs::write(a2, &[1, 2], false);
                        let p = regs::write(pc, &0x2000u64.to_le_bytes(), false);
                        let bad = regs::read(0xdead_beef, &mut [0; 16]);
                        s3.lock().unwrap().push(format!("W {w:?} {short:?} {p:?} {bad:?}"));
                    }),
                ),
            );
        })),
    );
    let mut e = Engine::new(&h.model.clone());
    e.set_instrumenter(host.clone());
    assert_eq!(e.run(&mut h, &mem), Exit::Ecall);
    assert_eq!(h.x[12], 99, "the RW write took effect");
    assert_eq!(h.pc, 0x100c, "pc was not moved by a refused write");
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0], "R read=Ok(8) v=0 write=Err(NotAllowed)");
    assert_eq!(seen[1], "N read=Err(NotAllowed)");
    assert_eq!(seen[2], "R read=Ok(8) v=7 write=Err(NotAllowed)");
    assert_eq!(seen.last().unwrap(), "W Ok(8) Err(BadBuffer) Err(ReadOnly) Err(BadHandle)");
}

#[test]
fn handles_are_per_model_and_need_a_vcpu() {
    let (mem, mut h0) = machine(0);
    let (_, mut h1) = machine(1);
    let sp0 = handle_of(&h0, "sp");
    let sp1 = handle_of(&h1, "sp");
    assert_ne!(sp0, sp1, "different models have different handles");
    assert_ne!(sp0, 0);
    let id = rivet_plugin_host::PluginId(1);
    let mut buf = [0u8; 16];
    assert_eq!(regs::read(sp0, &mut buf), Err(RegError::NoVcpu));
    context::enter(&mut h1, &mem, RegAccess::Read, id, || {
        assert_eq!(regs::read(sp0, &mut buf), Err(RegError::BadHandle));
        assert_eq!(regs::read(sp1, &mut buf), Ok(8));
    });
    h0.x[2] = 0x1234;
    context::enter(&mut h0, &mem, RegAccess::Read, id, || {
        assert_eq!(regs::read(sp0, &mut buf), Ok(8));
        assert_eq!(u64::from_le_bytes(buf[..8].try_into().unwrap()), 0x1234);
        let list = regs::descriptors(true).unwrap();
        assert_eq!(list[0].name, "zero");
        assert!(list.iter().find(|d| d.name == "pc").unwrap().read_only);
        assert_eq!(list.iter().filter(|d| d.feature == "org.gnu.gdb.riscv.fpu").count(), 32);
    });
    context::enter_plugin(id, || assert_eq!(regs::descriptors(false), Err(RegError::NoVcpu)));
}

#[test]
fn forged_handles_fail_cleanly() {
    let (mem, mut h) = machine(0);
    let sp = handle_of(&h, "sp");
    let fcsr = handle_of(&h, "fcsr");
    let id = rivet_plugin_host::PluginId::new(1, 7);
    let mut buf = [0u8; 16];
    context::enter(&mut h, &mem, RegAccess::Read, id, || {
        // A valid register index with another register's offset, or a CSR with a plain offset.
        assert_eq!(regs::read(sp ^ 8, &mut buf), Err(RegError::BadHandle));
        assert_eq!(regs::read((fcsr & !0xffff) | 16, &mut buf), Err(RegError::BadHandle));
        assert_eq!(regs::read(fcsr, &mut buf), Ok(8));
        // Every offset, every low word, and pseudo-random words: never a panic, never a read.
        for off in 0..=0xffffusize {
            let forged = (sp & !0xffff) | off;
            assert_eq!(regs::read(forged, &mut buf).is_ok(), forged == sp);
        }
        let mut x = 0x9e3779b97f4a7c15u64;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let r = regs::read(x as usize, &mut buf);
            assert!(
                r == Err(RegError::BadHandle)
                    || regs::descriptors(false).unwrap().iter().any(|d| d.handle == x as usize)
            );
            assert_eq!(regs::read_plain(x as usize), None);
        }
    });
    assert_eq!(id.version(), 7);
}

/// The fast read path (what `qemu_plugin_read_register` tries first) accepts exactly the handles
/// of this model's plain registers (x, f, pc), reads the same values as the full path, and fails
/// for everything else, which the full path then answers.
#[test]
fn fast_reads_agree_with_full_reads() {
    let (mem, mut h0) = machine(0);
    let (_, mut h1) = machine(1);
    for (i, x) in h0.x.iter_mut().enumerate() {
        *x = 0x1000 + i as u64;
    }
    for (i, f) in h0.f.iter_mut().enumerate() {
        *f = 0x2000 + i as u64;
    }
    h0.pc = 0x3000;
    let other: Vec<usize> = regs::list(1, &h1.model.regs, false).iter().map(|d| d.handle).collect();
    let mine = regs::list(0, &h0.model.regs, false);
    let answers = [(4, 8), (5, 8), (6, 1), (7, 1)];
    for (version, answer) in answers {
        let id = rivet_plugin_host::PluginId::new(1, version);
        context::enter(&mut h0, &mem, RegAccess::Read, id, || {
            let mut plain = 0;
            for d in &mine {
                let mut buf = [0u8; 16];
                let full = regs::read(d.handle, &mut buf).map(|_| u64::from_le_bytes(buf[..8].try_into().unwrap()));
                match regs::read_plain(d.handle) {
                    Some((v, a)) => {
                        plain += 1;
                        assert_eq!(Ok(v), full, "{}", d.name);
                        assert_eq!(a, answer, "{} for API {version}", d.name);
                        assert!(d.feature != "org.gnu.gdb.riscv.csr", "{} is not plain", d.name);
                    }
                    None => assert!(d.feature == "org.gnu.gdb.riscv.csr" || d.name == "priv", "{}", d.name),
                }
                // Its neighbours in every bit are not handles of this model's plain registers.
                for bit in 0..usize::BITS {
                    let forged = d.handle ^ (1 << bit);
                    if !mine.iter().any(|m| m.handle == forged) {
                        assert_eq!(regs::read_plain(forged), None, "{} ^ bit {bit}", d.name);
                    }
                }
            }
            assert_eq!(plain, 65, "x0-x31, pc, f0-f31");
            for &o in &other {
                assert_eq!(regs::read_plain(o), None, "another model's handle");
            }
        });
        // No reads in NO_REGS callbacks, nor without a vCPU.
        context::enter(&mut h0, &mem, RegAccess::NoRegs, id, || assert_eq!(regs::read_plain(mine[2].handle), None));
        context::enter_plugin(id, || assert_eq!(regs::read_plain(mine[2].handle), None));
    }
    assert_eq!(regs::read_plain(mine[2].handle), None);
    // The other model's handles work on its harts.
    context::enter(&mut h1, &mem, RegAccess::Read, rivet_plugin_host::PluginId::new(1, 4), || {
        assert_eq!(regs::read_plain(other[2]).map(|(_, a)| a), Some(8));
    });
}

/// A model without the FPU has no f registers to read, though its harts hold the words.
#[test]
fn fast_reads_follow_the_model() {
    let mem = GuestMemory::new(32).unwrap();
    let mut h = Hart::new(Arc::new(CpuModel::system_by_name("rv64imac", 3).unwrap()), 0);
    let list = regs::list(3, &h.model.regs, false);
    context::enter(&mut h, &mem, RegAccess::Read, rivet_plugin_host::PluginId::new(1, 4), || {
        let plain = list.iter().filter(|d| regs::read_plain(d.handle).is_some()).count();
        assert_eq!(plain, 33, "x0-x31 and pc");
        // rv64gc's f0 handle, with this model's index: not a register of this model.
        let gc = CpuModel::system_by_name("rv64gc", 3).unwrap();
        let f0 = regs::handle(3, &gc.regs, gc.regs.by_name("ft0").unwrap().0);
        assert_eq!(regs::read_plain(f0), None);
        assert_eq!(regs::read(f0, &mut [0; 16]), Err(RegError::BadHandle));
    });
}
