//! The exported functions, listed once: the executable must export exactly these (the CLI's
//! linker dynamic list `crates/cli/rivet.dynlist` mirrors [`EXPORTED_NAMES`]; a test checks it),
//! and must reference them (through [`exported`]) so that the linker keeps them.

use crate::api::*;
use crate::ext::*;

macro_rules! exports {
    ($($f:ident),* $(,)?) => {
        /// Names of the exported functions (API 7 and every earlier version, and rivet's extensions).
        pub const EXPORTED_NAMES: &[&str] = &[$(stringify!($f)),*];

        /// Addresses of the exported functions. Call it from the executable (through
        /// `std::hint::black_box`) so none is dropped at link time.
        pub fn exported() -> Vec<*const ()> {
            vec![$($f as *const ()),*]
        }
    };
}

exports!(
    rivet_plugin_extensions,
    rivet_plugin_register_reg_change_cb,
    qemu_plugin_bool_parse,
    qemu_plugin_end_code,
    qemu_plugin_entry_code,
    qemu_plugin_get_hwaddr,
    qemu_plugin_get_registers,
    qemu_plugin_hwaddr_device_name,
    qemu_plugin_hwaddr_is_io,
    qemu_plugin_hwaddr_phys_addr,
    qemu_plugin_insn_data,
    qemu_plugin_insn_disas,
    qemu_plugin_insn_haddr,
    qemu_plugin_insn_size,
    qemu_plugin_insn_symbol,
    qemu_plugin_insn_vaddr,
    qemu_plugin_mem_get_value,
    qemu_plugin_mem_is_big_endian,
    qemu_plugin_mem_is_sign_extended,
    qemu_plugin_mem_is_store,
    qemu_plugin_mem_size_shift,
    qemu_plugin_num_vcpus,
    qemu_plugin_outs,
    qemu_plugin_path_to_binary,
    qemu_plugin_read_memory_hwaddr,
    qemu_plugin_read_memory_vaddr,
    qemu_plugin_read_register,
    qemu_plugin_register_atexit_cb,
    qemu_plugin_register_flush_cb,
    qemu_plugin_register_vcpu_discon_cb,
    qemu_plugin_register_vcpu_exit_cb,
    qemu_plugin_register_vcpu_idle_cb,
    qemu_plugin_register_vcpu_init_cb,
    qemu_plugin_register_vcpu_insn_exec_cb,
    qemu_plugin_register_vcpu_insn_exec_cond_cb,
    qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu,
    qemu_plugin_register_vcpu_mem_cb,
    qemu_plugin_register_vcpu_mem_inline_per_vcpu,
    qemu_plugin_register_vcpu_resume_cb,
    qemu_plugin_register_vcpu_syscall_cb,
    qemu_plugin_register_vcpu_syscall_filter_cb,
    qemu_plugin_register_vcpu_syscall_ret_cb,
    qemu_plugin_register_vcpu_tb_exec_cb,
    qemu_plugin_register_vcpu_tb_exec_cond_cb,
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu,
    qemu_plugin_register_vcpu_tb_trans_cb,
    qemu_plugin_request_time_control,
    qemu_plugin_reset,
    qemu_plugin_scoreboard_find,
    qemu_plugin_scoreboard_free,
    qemu_plugin_scoreboard_new,
    qemu_plugin_set_pc,
    qemu_plugin_start_code,
    qemu_plugin_tb_get_insn,
    qemu_plugin_tb_n_insns,
    qemu_plugin_tb_vaddr,
    qemu_plugin_translate_vaddr,
    qemu_plugin_u64_add,
    qemu_plugin_u64_get,
    qemu_plugin_u64_set,
    qemu_plugin_u64_sum,
    qemu_plugin_uninstall,
    qemu_plugin_update_ns,
    qemu_plugin_vcpu_for_each,
    qemu_plugin_write_memory_hwaddr,
    qemu_plugin_write_memory_vaddr,
    qemu_plugin_write_register,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dynlist_matches() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../cli/rivet.dynlist");
        let text = std::fs::read_to_string(path).expect("crates/cli/rivet.dynlist");
        let mut listed: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || c == ';' || c == '{' || c == '}')
            .filter(|s| !s.is_empty())
            .collect();
        listed.sort_unstable();
        let mut names = EXPORTED_NAMES.to_vec();
        names.sort_unstable();
        assert_eq!(listed, names);
        assert_eq!(names.len(), 67);
        assert_eq!(exported().len(), 67);
    }
}
