//! Exports the QEMU plugin API (`qemu_plugin_*`, see `rivet-qemu-abi`) from the `rivet` executable
//! so that plugins opened with dlopen resolve it, and nothing else: the linker's dynamic list
//! `rivet.dynlist` names exactly those functions. `hot.ld` aligns the code of the hottest of them
//! (`qemu_plugin_read_register`) to a 64-byte boundary.

fn main() {
    let dir = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let list = format!("{dir}/rivet.dynlist");
    println!("cargo:rerun-if-changed={list}");
    println!("cargo:rustc-link-arg-bins=-Wl,--dynamic-list={list}");
    let script = format!("{dir}/hot.ld");
    println!("cargo:rerun-if-changed={script}");
    println!("cargo:rustc-link-arg-bins=-Wl,-T,{script}");
}
