//! The initial process stack: strings, auxiliary vector, environment and arguments, laid out as
//! the Linux kernel does for riscv64.

use rivet_core::mem::{GuestMemory, MemFault};

/// auxv keys rivet provides.
pub mod at {
    /// End of vector.
    pub const NULL: u64 = 0;
    /// Program headers of the executable.
    pub const PHDR: u64 = 3;
    /// Size of one program header.
    pub const PHENT: u64 = 4;
    /// Number of program headers.
    pub const PHNUM: u64 = 5;
    /// Page size.
    pub const PAGESZ: u64 = 6;
    /// Interpreter base.
    pub const BASE: u64 = 7;
    /// Flags.
    pub const FLAGS: u64 = 8;
    /// Program entry.
    pub const ENTRY: u64 = 9;
    /// Real uid.
    pub const UID: u64 = 11;
    /// Effective uid.
    pub const EUID: u64 = 12;
    /// Real gid.
    pub const GID: u64 = 13;
    /// Effective gid.
    pub const EGID: u64 = 14;
    /// ISA extensions.
    pub const HWCAP: u64 = 16;
    /// Clock ticks per second.
    pub const CLKTCK: u64 = 17;
    /// Secure mode.
    pub const SECURE: u64 = 23;
    /// 16 random bytes.
    pub const RANDOM: u64 = 25;
    /// More ISA bits.
    pub const HWCAP2: u64 = 26;
    /// Path used to execute the program.
    pub const EXECFN: u64 = 31;
}

/// Writes argv/envp/auxv below `top` and returns the initial stack pointer. `auxv` must not contain
/// `AT_RANDOM`, `AT_EXECFN` or `AT_NULL`: they are added here.
pub fn build(
    mem: &GuestMemory,
    top: u64,
    argv: &[Vec<u8>],
    envp: &[Vec<u8>],
    execfn: &[u8],
    auxv: &[(u64, u64)],
    random: [u8; 16],
) -> Result<u64, MemFault> {
    let mut sp = top;
    let push_bytes = |sp: &mut u64, b: &[u8]| -> Result<u64, MemFault> {
        *sp -= b.len() as u64 + 1;
        mem.poke_bytes(*sp, b)?;
        mem.poke_bytes(*sp + b.len() as u64, &[0])?;
        Ok(*sp)
    };
    let execfn_addr = push_bytes(&mut sp, execfn)?;
    let mut env_addrs = Vec::with_capacity(envp.len());
    for e in envp.iter().rev() {
        env_addrs.push(push_bytes(&mut sp, e)?);
    }
    env_addrs.reverse();
    let mut arg_addrs = Vec::with_capacity(argv.len());
    for a in argv.iter().rev() {
        arg_addrs.push(push_bytes(&mut sp, a)?);
    }
    arg_addrs.reverse();
    sp &= !15;
    sp -= 16;
    mem.poke_bytes(sp, &random)?;
    let random_addr = sp;

    let mut words: Vec<u64> = Vec::new();
    words.push(argv.len() as u64);
    words.extend(&arg_addrs);
    words.push(0);
    words.extend(&env_addrs);
    words.push(0);
    for &(k, v) in auxv {
        words.extend([k, v]);
    }
    words.extend([at::RANDOM, random_addr, at::EXECFN, execfn_addr, at::NULL, 0]);
    sp -= 8 * words.len() as u64;
    sp &= !15;
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    mem.poke_bytes(sp, &bytes)?;
    Ok(sp)
}
