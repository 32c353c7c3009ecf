//! Exports the QEMU plugin API (`qemu_plugin_*`, see `rivet-qemu-abi`) from the `rivet` executable
//! so that plugins opened with dlopen resolve it, and nothing else: the linker's dynamic list
//! `rivet.dynlist` names exactly those functions.

fn main() {
    let dir = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let list = format!("{dir}/rivet.dynlist");
    println!("cargo:rerun-if-changed={list}");
    println!("cargo:rustc-link-arg-bins=-Wl,--dynamic-list={list}");
}
