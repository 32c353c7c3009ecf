//! A `cdylib` that claims another plugin interface version (999): rivet must refuse to load it,
//! saying which version it has and which the library wants. Run by scripts/native-plugin-tests.
//! Its entry point returns success without installing anything, so a rivet that did not check
//! the version would run the guest (and the test would see it).
use rivet_plugin::sys::{HostApi, Str};

/// The interface version this library claims to be built for.
#[allow(non_upper_case_globals)]
#[no_mangle]
pub static rivet_plugin_abi: u32 = 999;

/// The entry point rivet looks for.
///
/// # Safety
/// Never dereferences its arguments.
#[no_mangle]
pub unsafe extern "C" fn rivet_plugin_entry(_api: *const HostApi, _args: *const Str, _nargs: usize) -> i32 {
    0
}
