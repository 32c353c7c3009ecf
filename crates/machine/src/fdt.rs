//! The flattened device tree handed to the guest in a1, describing what rivet emulates: the
//! nodes of QEMU's trees for the same machines, minus the devices rivet does not have (PCI, flash,
//! fw-cfg, the platform bus, the PMU).

use crate::config::MachineKind;
use crate::layout;
use rivet_core::CpuModel;
use std::sync::Arc;
use vm_fdt::{FdtWriter, FdtWriterResult};

/// UART input clock, as QEMU declares it.
pub const UART_CLOCK_HZ: u32 = 3_686_400;

/// What the tree describes.
pub struct FdtParams<'a> {
    /// The machine.
    pub kind: MachineKind,
    /// Start of RAM.
    pub ram_base: u64,
    /// Size of RAM.
    pub ram_size: u64,
    /// The CPU model of each hart, by hart id.
    pub harts: &'a [Arc<CpuModel>],
    /// `/chosen/bootargs` (`-append`).
    pub bootargs: Option<&'a str>,
}

/// Single-letter extensions of a model in the order `riscv,isa` wants them, and the
/// multi-letter ones every rivet hart has.
pub fn isa_extensions(model: &CpuModel) -> Vec<String> {
    let mut ext: Vec<String> =
        "imafdqc".chars().filter(|&c| model.misa & (1 << (c as u8 - b'a')) != 0).map(String::from).collect();
    ext.extend(["zicntr", "zicsr", "zifencei"].map(String::from));
    ext
}

/// The `riscv,isa` string of a model, e.g. `rv64imafdc_zicntr_zicsr_zifencei`.
pub fn isa_string(model: &CpuModel) -> String {
    let ext = isa_extensions(model);
    let (single, multi): (Vec<&String>, Vec<&String>) = ext.iter().partition(|e| e.len() == 1);
    let mut s = String::from("rv64");
    s.extend(single.iter().map(|e| e.as_str()));
    for m in multi {
        s.push('_');
        s.push_str(m);
    }
    s
}

fn reg(base: u64, size: u64) -> [u64; 2] {
    [base, size]
}

/// Builds the device tree blob.
pub fn build(p: &FdtParams) -> FdtWriterResult<Vec<u8>> {
    let n = p.harts.len() as u32;
    // Phandles: each hart's interrupt controller and the hart itself, then the PLIC and the test
    // device.
    let intc = |i: u32| 1 + 2 * i;
    let cpu = |i: u32| 2 + 2 * i;
    let plic = 2 * n + 1;
    let test = 2 * n + 2;

    let mut f = FdtWriter::new()?;
    let root = f.begin_node("")?;
    f.property_u32("#address-cells", 2)?;
    f.property_u32("#size-cells", 2)?;
    match p.kind {
        MachineKind::Virt => {
            f.property_string("compatible", "riscv-virtio")?;
            f.property_string("model", "riscv-virtio,qemu")?;
            for (name, value, compat) in [("poweroff", 0x5555, "syscon-poweroff"), ("reboot", 0x7777, "syscon-reboot")]
            {
                let node = f.begin_node(name)?;
                f.property_u32("value", value)?;
                f.property_u32("offset", 0)?;
                f.property_u32("regmap", test)?;
                f.property_string("compatible", compat)?;
                f.end_node(node)?;
            }
        }
        MachineKind::Spike => {
            f.property_string("compatible", "ucbbar,spike-bare-dev")?;
            f.property_string("model", "ucbbar,spike-bare,qemu")?;
        }
    }

    let mem = f.begin_node(&format!("memory@{:x}", p.ram_base))?;
    f.property_string("device_type", "memory")?;
    f.property_array_u64("reg", &reg(p.ram_base, p.ram_size))?;
    f.end_node(mem)?;

    let cpus = f.begin_node("cpus")?;
    f.property_u32("#address-cells", 1)?;
    f.property_u32("#size-cells", 0)?;
    f.property_u32("timebase-frequency", crate::devices::clint::TIMEBASE_HZ as u32)?;
    for (i, model) in p.harts.iter().enumerate() {
        let i = i as u32;
        let node = f.begin_node(&format!("cpu@{i}"))?;
        f.property_phandle(cpu(i))?;
        f.property_string("device_type", "cpu")?;
        f.property_u32("reg", i)?;
        f.property_string("status", "okay")?;
        f.property_string("compatible", "riscv")?;
        f.property_string_list("riscv,isa-extensions", isa_extensions(model))?;
        f.property_string("riscv,isa-base", "rv64i")?;
        f.property_string("riscv,isa", &isa_string(model))?;
        f.property_string("mmu-type", "riscv,sv39")?;
        let ic = f.begin_node("interrupt-controller")?;
        f.property_u32("#interrupt-cells", 1)?;
        f.property_null("interrupt-controller")?;
        f.property_string("compatible", "riscv,cpu-intc")?;
        f.property_phandle(intc(i))?;
        f.end_node(ic)?;
        f.end_node(node)?;
    }
    let map = f.begin_node("cpu-map")?;
    let cluster = f.begin_node("cluster0")?;
    for i in 0..n {
        let core = f.begin_node(&format!("core{i}"))?;
        f.property_u32("cpu", cpu(i))?;
        f.end_node(core)?;
    }
    f.end_node(cluster)?;
    f.end_node(map)?;
    f.end_node(cpus)?;

    let stdout_path = match p.kind {
        MachineKind::Virt => {
            let aliases = f.begin_node("aliases")?;
            f.property_string("serial0", "/soc/serial@10000000")?;
            f.end_node(aliases)?;
            "/soc/serial@10000000"
        }
        MachineKind::Spike => "/htif",
    };
    let chosen = f.begin_node("chosen")?;
    f.property_string("stdout-path", stdout_path)?;
    if let Some(args) = p.bootargs {
        f.property_string("bootargs", args)?;
    }
    f.end_node(chosen)?;

    let soc = f.begin_node("soc")?;
    f.property_u32("#address-cells", 2)?;
    f.property_u32("#size-cells", 2)?;
    f.property_string("compatible", "simple-bus")?;
    f.property_null("ranges")?;
    if p.kind == MachineKind::Virt {
        let rtc = f.begin_node(&format!("rtc@{:x}", layout::RTC))?;
        f.property_u32("interrupts", 11)?;
        f.property_u32("interrupt-parent", plic)?;
        f.property_array_u64("reg", &reg(layout::RTC, 0x1000))?;
        f.property_string("compatible", "google,goldfish-rtc")?;
        f.end_node(rtc)?;

        let uart = f.begin_node(&format!("serial@{:x}", layout::UART))?;
        f.property_u32("interrupts", 10)?;
        f.property_u32("interrupt-parent", plic)?;
        f.property_u32("clock-frequency", UART_CLOCK_HZ)?;
        f.property_array_u64("reg", &reg(layout::UART, crate::devices::uart::reg::SIZE))?;
        f.property_string("compatible", "ns16550a")?;
        f.end_node(uart)?;

        let t = f.begin_node(&format!("test@{:x}", layout::TEST))?;
        f.property_phandle(test)?;
        f.property_array_u64("reg", &reg(layout::TEST, 0x1000))?;
        f.property_string_list("compatible", vec!["sifive,test1".into(), "sifive,test0".into(), "syscon".into()])?;
        f.end_node(t)?;

        // QEMU lists the virtio slots from the last to the first.
        for slot in (0..layout::VIRTIO_COUNT).rev() {
            let base = layout::VIRTIO + slot * layout::VIRTIO_SIZE;
            let v = f.begin_node(&format!("virtio_mmio@{base:x}"))?;
            f.property_u32("interrupts", slot as u32 + 1)?;
            f.property_u32("interrupt-parent", plic)?;
            f.property_array_u64("reg", &reg(base, layout::VIRTIO_SIZE))?;
            f.property_string("compatible", "virtio,mmio")?;
            f.end_node(v)?;
        }

        let pl = f.begin_node(&format!("plic@{:x}", layout::PLIC))?;
        f.property_phandle(plic)?;
        f.property_u32("riscv,ndev", 0x5f)?;
        f.property_array_u64("reg", &reg(layout::PLIC, layout::PLIC_SIZE))?;
        // Per hart: the M-mode external interrupt (11) and the S-mode one (9).
        let cells: Vec<u32> = (0..n).flat_map(|i| [intc(i), 11, intc(i), 9]).collect();
        f.property_array_u32("interrupts-extended", &cells)?;
        f.property_null("interrupt-controller")?;
        f.property_string_list("compatible", vec!["sifive,plic-1.0.0".into(), "riscv,plic0".into()])?;
        f.property_u32("#address-cells", 0)?;
        f.property_u32("#interrupt-cells", 1)?;
        f.end_node(pl)?;
    }
    let clint = f.begin_node(&format!("clint@{:x}", layout::CLINT))?;
    // Per hart: the M-mode software interrupt (3) and the M-mode timer interrupt (7).
    let cells: Vec<u32> = (0..n).flat_map(|i| [intc(i), 3, intc(i), 7]).collect();
    f.property_array_u32("interrupts-extended", &cells)?;
    f.property_array_u64("reg", &reg(layout::CLINT, crate::devices::clint::reg::SIZE))?;
    f.property_string_list("compatible", vec!["sifive,clint0".into(), "riscv,clint0".into()])?;
    f.end_node(clint)?;
    f.end_node(soc)?;

    if p.kind == MachineKind::Spike {
        let h = f.begin_node("htif")?;
        f.property_array_u64("reg", &reg(layout::HTIF, 0x1000))?;
        f.property_string("compatible", "ucb,htif0")?;
        f.end_node(h)?;
    }
    f.end_node(root)?;
    f.finish()
}

/// A device tree given with `-dtb`, as QEMU places it in memory: checked, then packed (libfdt's
/// `fdt_pack`: the memory reservation map, structure and strings blocks placed one after the
/// other right after the header, no free space), which leaves a blob made by `dtc` or dumped by
/// QEMU byte for byte as it was.
pub fn open_given(data: &[u8]) -> Result<Vec<u8>, String> {
    let word = |off: usize| -> Result<usize, String> {
        data.get(off..off + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .ok_or_else(|| "not a device tree blob (too short)".to_string())
    };
    if word(0)? != 0xd00d_feed {
        return Err("not a device tree blob (bad magic)".into());
    }
    let (total, off_struct, off_strings, off_rsv) = (word(4)?, word(8)?, word(12)?, word(16)?);
    let (version, size_strings, size_struct) = (word(20)?, word(32)?, word(36)?);
    if total > data.len() || version < 17 {
        return Err(format!("unusable device tree blob (total size {total}, version {version})"));
    }
    let blob = &data[..total];
    fdt::Fdt::new(blob).map_err(|e| format!("invalid device tree blob: {e:?}"))?;
    // The reservation map runs to its all-zero entry.
    let mut rsv_len = 0;
    loop {
        let e = blob.get(off_rsv + rsv_len..off_rsv + rsv_len + 16).ok_or("unterminated memory reservation map")?;
        rsv_len += 16;
        if e.iter().all(|&b| b == 0) {
            break;
        }
    }
    let block = |off: usize, len: usize| blob.get(off..off + len).ok_or("a block runs past the end of the blob");
    let (rsv, st, strings) =
        (block(off_rsv, rsv_len)?, block(off_struct, size_struct)?, block(off_strings, size_strings)?);
    let mut out = blob[..40].to_vec();
    let (new_rsv, new_struct) = (40, 40 + rsv_len);
    let new_strings = new_struct + size_struct;
    out.extend_from_slice(rsv);
    out.extend_from_slice(st);
    out.extend_from_slice(strings);
    let put = |out: &mut Vec<u8>, off: usize, v: usize| out[off..off + 4].copy_from_slice(&(v as u32).to_be_bytes());
    let packed_len = out.len();
    put(&mut out, 4, packed_len);
    put(&mut out, 8, new_struct);
    put(&mut out, 12, new_strings);
    put(&mut out, 16, new_rsv);
    Ok(out)
}

/// Where QEMU puts the device tree: as high in RAM as it fits, aligned down to 2 MiB
/// (`riscv_compute_fdt_addr`: `align_down(ram_end - fdt_size, 2 MiB)` on RV64).
pub fn address(ram_base: u64, ram_size: u64, fdt_size: u64) -> u64 {
    (ram_base + ram_size).saturating_sub(fdt_size) & !(2 * 1024 * 1024 - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn models(names: &[&str]) -> Vec<Arc<CpuModel>> {
        names.iter().enumerate().map(|(i, n)| Arc::new(CpuModel::by_name(n, i as u32).unwrap())).collect()
    }

    #[test]
    fn isa_strings() {
        let m = models(&["rv64gc", "rv64imac"]);
        assert_eq!(isa_string(&m[0]), "rv64imafdc_zicntr_zicsr_zifencei");
        assert_eq!(isa_string(&m[1]), "rv64imac_zicntr_zicsr_zifencei");
    }

    #[test]
    fn given_blobs_are_packed_as_qemu_does() {
        let harts = models(&["rv64gc"]);
        let p = FdtParams {
            kind: MachineKind::Virt,
            ram_base: 0x8000_0000,
            ram_size: 128 << 20,
            harts: &harts,
            bootargs: None,
        };
        let blob = build(&p).unwrap();
        // Already packed: unchanged.
        assert_eq!(open_given(&blob).unwrap(), blob);
        // Free space at the end goes.
        let mut padded = blob.clone();
        padded.resize(blob.len() + 100, 0);
        let n = padded.len() as u32;
        padded[4..8].copy_from_slice(&n.to_be_bytes());
        assert_eq!(open_given(&padded).unwrap(), blob);
        assert!(open_given(b"\xd0\x0d\xfe\xed").is_err());
        assert!(open_given(&blob[..blob.len() - 1]).is_err());
        assert!(open_given(b"not a device tree at all, just some bytes of text").is_err());
    }

    #[test]
    fn qemu_fdt_address() {
        assert_eq!(address(0x8000_0000, 128 << 20, 0x1384), 0x87e0_0000);
        assert_eq!(address(0x8000_0000, 1 << 30, 0x1384), 0xbfe0_0000);
        assert_eq!(address(0x8000_0000, 128 << 20, 3 << 20), 0x87c0_0000);
    }

    #[test]
    fn virt_tree() {
        let harts = models(&["rv64gc", "rv64imac"]);
        let blob = build(&FdtParams {
            kind: MachineKind::Virt,
            ram_base: 0x8000_0000,
            ram_size: 256 << 20,
            harts: &harts,
            bootargs: Some("console=ttyS0"),
        })
        .unwrap();
        let t = fdt::Fdt::new(&blob).unwrap();
        assert_eq!(t.root().model(), "riscv-virtio,qemu");
        let mem = t.memory().regions().next().unwrap();
        assert_eq!((mem.starting_address as u64, mem.size), (0x8000_0000, Some(256 << 20)));
        let cpus: Vec<_> = t.cpus().collect();
        assert_eq!(cpus.len(), 2);
        assert_eq!(cpus[1].ids().first(), 1);
        assert_eq!(cpus[0].timebase_frequency(), 10_000_000);
        assert_eq!(cpus[0].property("riscv,isa").unwrap().as_str(), Some("rv64imafdc_zicntr_zicsr_zifencei"));
        assert_eq!(cpus[1].property("riscv,isa").unwrap().as_str(), Some("rv64imac_zicntr_zicsr_zifencei"));
        assert_eq!(cpus[0].property("mmu-type").unwrap().as_str(), Some("riscv,sv39"));
        assert!(t.find_node("/cpus/cpu@0/interrupt-controller").is_some());
        assert_eq!(t.chosen().stdout().map(|n| n.name), Some("serial@10000000"));
        assert_eq!(t.chosen().bootargs(), Some("console=ttyS0"));
        let uart = t.find_node("/soc/serial@10000000").unwrap();
        assert_eq!(uart.compatible().unwrap().first(), "ns16550a");
        assert_eq!(uart.property("clock-frequency").unwrap().as_usize(), Some(3_686_400));
        let r = uart.reg().unwrap().next().unwrap();
        assert_eq!((r.starting_address as u64, r.size), (0x1000_0000, Some(0x100)));
        let test = t.find_node("/soc/test@100000").unwrap();
        assert!(test.compatible().unwrap().all().any(|c| c == "sifive,test1"));
        assert!(test.compatible().unwrap().all().any(|c| c == "syscon"));
        let poweroff = t.find_node("/poweroff").unwrap();
        assert_eq!(poweroff.property("value").unwrap().as_usize(), Some(0x5555));
        let phandle = test.property("phandle").unwrap().as_usize();
        assert_eq!(poweroff.property("regmap").unwrap().as_usize(), phandle);
        assert_eq!(t.find_node("/reboot").unwrap().property("value").unwrap().as_usize(), Some(0x7777));
        let clint = t.find_node("/soc/clint@2000000").unwrap();
        assert_eq!(clint.property("interrupts-extended").unwrap().value.len(), 2 * 4 * 4);
        assert!(t.find_node("/soc/plic@c000000").is_some());
        assert!(t.find_node("/soc/virtio_mmio@10008000").is_some());
        assert!(t.find_node("/soc/rtc@101000").is_some());
        assert!(t.find_node("/htif").is_none());
    }

    #[test]
    fn spike_tree() {
        let harts = models(&["rv64gc"]);
        let blob = build(&FdtParams {
            kind: MachineKind::Spike,
            ram_base: 0x8000_0000,
            ram_size: 128 << 20,
            harts: &harts,
            bootargs: None,
        })
        .unwrap();
        let t = fdt::Fdt::new(&blob).unwrap();
        assert_eq!(t.root().compatible().first(), "ucbbar,spike-bare-dev");
        assert!(t.find_node("/htif").is_some());
        assert!(t.find_node("/soc/clint@2000000").is_some());
        assert!(t.find_node("/soc/serial@10000000").is_none());
        assert_eq!(t.cpus().count(), 1);
    }
}
