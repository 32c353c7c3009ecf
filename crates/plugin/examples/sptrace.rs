//! Prints every change of the stack pointer, and a count per vCPU at exit.
//! Build: cargo build --release -p rivet-plugin --example sptrace
//! Run:   rivet run -plugin target/release/examples/libsptrace.so PROGRAM
use rivet_plugin::{Install, Plugin, RegChange, Vcpu};

struct SpTrace {
    host: rivet_plugin::Host,
}

impl Plugin for SpTrace {
    type State = u64; // changes seen by this vCPU

    fn new(install: &mut Install) -> Result<Self, String> {
        install.watch(&["sp"]);
        Ok(SpTrace { host: install.host() })
    }

    fn reg_change(&self, vcpu: &mut Vcpu<'_, u64>, c: &RegChange) {
        *vcpu.state += 1;
        let line = format!("vcpu {} pc {:#x}: sp {:#x} -> {:#x}\n", vcpu.index(), c.pc, c.old, c.new);
        self.host.out(&line);
    }

    fn exit(&self, vcpus: Vec<u64>) {
        for (i, n) in vcpus.iter().enumerate() {
            self.host.out(&format!("vcpu {i}: {n} changes of sp\n"));
        }
    }
}

rivet_plugin::export!(SpTrace);
