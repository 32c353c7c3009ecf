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
use std::sync::atomic::{AtomicU64, Ordering};
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
    /// `g_array_free(array, free_segment)`.
    pub array_free: unsafe extern "C" fn(*mut GArray, i32) -> *mut c_char,
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
        array_free: sym!("g_array_free"),
        _lib: lib,
    })
    .inspect(|g| {
        if probe_header(g) {
            BYTE_ARRAY_SHAPE.store(1, Ordering::Relaxed);
        }
    })
}

// GLib's private array header continues after the public `data` and `len`: the capacity in
// elements (bytes for a byte array) at offset 12, the element size at 16, and the
// `zero_terminated` bit as bit 0 of the word at 20. It has been laid out so since GLib 2.0 (the
// capacity was counted in bytes before 2.64; for byte arrays that is the same number).
const CAPACITY_OFF: usize = 12;
const ELT_SIZE_OFF: usize = 16;
const FLAGS_OFF: usize = 20;
const _: () = assert!(FLAGS_OFF == ELT_SIZE_OFF + 4, "room_for loads both in one word");

/// Checks on arrays GLib itself made that the header is laid out as [`append_bytes`] assumes;
/// if anything differs, appends go through `g_byte_array_append`.
fn probe_header(g: &Glib) -> bool {
    // SAFETY: arrays made and freed by GLib; we only read their headers (24 bytes or more: the
    // public part and GLib's private fields) and append through GLib.
    unsafe {
        let word = |a: *mut GArray, off: usize| (a as *const u8).add(off).cast::<u32>().read_unaligned();
        let plain = (g.array_sized_new)(0, 0, 1, 16);
        let zero = (g.array_sized_new)(1, 0, 1, 16);
        if plain.is_null() || zero.is_null() {
            return false;
        }
        let before = word(plain, CAPACITY_OFF);
        (g.byte_array_append)(plain.cast(), b"abc".as_ptr(), 3);
        let ok = (*plain).len == 3
            && !(*plain).data.is_null()
            && std::slice::from_raw_parts((*plain).data, 3) == b"abc"
            && before >= 16
            && word(plain, CAPACITY_OFF) == before
            && word(plain, ELT_SIZE_OFF) == 1
            && word(plain, FLAGS_OFF) & 1 == 0
            && word(zero, ELT_SIZE_OFF) == 1
            && word(zero, FLAGS_OFF) & 1 == 1;
        (g.array_free)(plain, 1);
        (g.array_free)(zero, 1);
        ok
    }
}

/// The element-size-and-flags word of a byte array ([`SHAPE_MASK`] bits of the 8 bytes at
/// [`ELT_SIZE_OFF`]: element size 1, not zero-terminated) once GLib is loaded and its private
/// array header was found where [`append_u64`] and [`append_bytes`] write; until then, or if it
/// was not, [`NO_SHAPE`], which no masked word equals. So the one compare that checks a plugin's
/// buffer is a byte array also checks that rivet may append to it in place.
static BYTE_ARRAY_SHAPE: AtomicU64 = AtomicU64::new(NO_SHAPE);
const SHAPE_MASK: u64 = 0x1_ffff_ffff;
const NO_SHAPE: u64 = u64::MAX;

/// Where `n` more bytes go in a plugin's `GByteArray`, if it has room for them and GLib's header
/// is known (the usual case: plugins reuse one buffer, emptied with `g_byte_array_set_size(buf,
/// 0)`); the caller writes them there and raises `len` by `n`, as `g_byte_array_append` would.
///
/// # Safety
/// `buf` must be NULL or a valid `GByteArray` made by the GLib rivet loaded.
#[inline(always)]
unsafe fn room_for(buf: *mut GByteArray, n: u32) -> Option<*mut u8> {
    if buf.is_null() {
        return None;
    }
    // SAFETY: the caller vouches for `buf`. GLib's arrays have had at least 24 bytes of header in
    // every 2.x version (data, length, capacity, element size, flags), so the word at
    // `ELT_SIZE_OFF` is there even before `probe_header` has said what it means; until it has
    // said so, it is only compared, and never equal. Once it has, the capacity is where we read
    // it.
    unsafe {
        let hdr = buf as *const u8;
        // The element size and, above it, the flags word, in one load.
        let shape = hdr.add(ELT_SIZE_OFF).cast::<u64>().read_unaligned() & SHAPE_MASK;
        if shape != BYTE_ARRAY_SHAPE.load(Ordering::Relaxed) {
            return None;
        }
        let cap = hdr.add(CAPACITY_OFF).cast::<u32>().read_unaligned();
        let b = &*buf;
        // GLib allocates `data` whenever the capacity is not zero (`g_array_steal` clears
        // both), so room for `n > 0` bytes is room at a non-NULL `data`.
        (b.len as u64 + n as u64 <= cap as u64 && n > 0).then(|| b.data.add(b.len as usize))
    }
}

/// Appends an 8-byte value to a plugin's `GByteArray` in place if it has room, without looking
/// GLib up; false if the caller must go through [`append_bytes`].
///
/// # Safety
/// `buf` must be NULL or a valid `GByteArray` made by the GLib rivet loaded.
#[inline(always)]
pub(crate) unsafe fn append_u64(buf: *mut GByteArray, v: u64) -> bool {
    // SAFETY: as the caller vouches; `room_for` found 8 writable bytes past `len`.
    unsafe {
        let Some(dst) = room_for(buf, 8) else { return false };
        dst.cast::<[u8; 8]>().write_unaligned(v.to_le_bytes());
        (*buf).len += 8;
    }
    true
}

/// Appends `bytes` to a plugin's `GByteArray`: in place when it has room, else through GLib,
/// which grows it.
///
/// # Safety
/// `buf` must be a valid `GByteArray` made by the same GLib.
pub(crate) unsafe fn append_bytes(g: &Glib, buf: *mut GByteArray, bytes: &[u8]) {
    let n = bytes.len() as u32;
    // SAFETY: as the caller vouches; `room_for` found `n` writable bytes past `len`, or GLib
    // copies `n` bytes from `bytes`.
    unsafe {
        match room_for(buf, n) {
            Some(dst) => {
                std::ptr::copy_nonoverlapping(bytes.as_ptr(), dst, bytes.len());
                (*buf).len += n;
            }
            None => {
                (g.byte_array_append)(buf, bytes.as_ptr(), n);
            }
        }
    }
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
