//! The GLib that rivet shares with its plugins, opened at run time.
//!
//! `GArray` and `GByteArray` cross the plugin boundary (plugins free arrays rivet allocated, rivet
//! appends to arrays plugins allocated), so both sides must use one GLib. rivet does not link GLib:
//! before the first plugin it opens `libglib-2.0.so.0` with `RTLD_NOW | RTLD_GLOBAL`, which puts
//! GLib in the global symbol scope for plugins that do not link it themselves (those built with the
//! `qemu-plugin` Rust crate), and resolves the few functions rivet calls. C plugins that link GLib
//! get the same copy: the dynamic loader opens a library once per process.

use libloading::os::unix::{Library, RTLD_GLOBAL, RTLD_NOW};
use std::ffi::{c_char, c_void};
use std::sync::OnceLock;

/// GLib's `GArray` header (`gchar *data; guint len;`).
#[repr(C)]
pub struct GArray {
    /// The elements.
    pub data: *mut u8,
    /// Number of elements.
    pub len: u32,
}

/// GLib's `GByteArray` header (`guint8 *data; guint len;`).
#[repr(C)]
pub struct GByteArray {
    /// The bytes.
    pub data: *mut u8,
    /// Number of bytes.
    pub len: u32,
}

/// The GLib functions rivet calls.
pub struct Glib {
    _lib: Library,
    /// `g_array_sized_new(zero_terminated, clear, element_size, reserved_size)`.
    pub array_sized_new: unsafe extern "C" fn(i32, i32, u32, u32) -> *mut GArray,
    /// `g_array_append_vals(array, data, len)`.
    pub array_append_vals: unsafe extern "C" fn(*mut GArray, *const c_void, u32) -> *mut GArray,
    /// `g_byte_array_append(array, data, len)`.
    pub byte_array_append: unsafe extern "C" fn(*mut GByteArray, *const u8, u32) -> *mut GByteArray,
    /// `g_byte_array_set_size(array, len)`.
    pub byte_array_set_size: unsafe extern "C" fn(*mut GByteArray, u32) -> *mut GByteArray,
    /// `g_strdup(str)`.
    pub strdup: unsafe extern "C" fn(*const c_char) -> *mut c_char,
    /// `g_free(mem)`.
    pub free: unsafe extern "C" fn(*mut c_void),
}

/// The library's file name.
pub const GLIB_SONAME: &str = "libglib-2.0.so.0";

static GLIB: OnceLock<Result<Glib, String>> = OnceLock::new();

fn open() -> Result<Glib, String> {
    // SAFETY: GLib's initialisers are safe to run at any time; RTLD_GLOBAL is what plugins need.
    let lib = unsafe { Library::open(Some(GLIB_SONAME), RTLD_NOW | RTLD_GLOBAL) }
        .map_err(|e| format!("cannot open {GLIB_SONAME}, which plugins need: {e}"))?;
    macro_rules! sym {
        ($name:literal) => {
            // SAFETY: the symbol is GLib's function of that name, and the field's type is its C
            // prototype (GLib 2.x ABI, stable since 2.0).
            *unsafe { lib.get(concat!($name, "\0").as_bytes()) }
                .map_err(|e| format!("{GLIB_SONAME}: missing {}: {e}", $name))?
        };
    }
    Ok(Glib {
        array_sized_new: sym!("g_array_sized_new"),
        array_append_vals: sym!("g_array_append_vals"),
        byte_array_append: sym!("g_byte_array_append"),
        byte_array_set_size: sym!("g_byte_array_set_size"),
        strdup: sym!("g_strdup"),
        free: sym!("g_free"),
        _lib: lib,
    })
}

/// Opens GLib once (global binding) and returns its functions.
pub fn load() -> Result<&'static Glib, String> {
    GLIB.get_or_init(open).as_ref().map_err(|e| e.clone())
}

/// GLib, if it was opened.
pub fn get() -> Option<&'static Glib> {
    GLIB.get().and_then(|r| r.as_ref().ok())
}

/// Copies `s` into a string the plugin frees with `g_free` (NULL without GLib or on an inner NUL).
pub fn strdup(s: &str) -> *mut c_char {
    let (Some(g), Ok(c)) = (get(), std::ffi::CString::new(s)) else {
        return std::ptr::null_mut();
    };
    // SAFETY: `c` is a valid NUL-terminated string; g_strdup copies it.
    unsafe { (g.strdup)(c.as_ptr()) }
}
