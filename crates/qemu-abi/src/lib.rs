//! `rivet-qemu-abi`: QEMU's TCG plugin C ABI, API versions 2 to 7 at once.
//!
//! rivet loads plugin `.so` files built for QEMU (in C against `qemu-plugin.h`, or in Rust with the
//! `qemu-plugin` crate) and serves each with the ABI of the API version it declared in
//! `qemu_plugin_version`. Everything here adapts C to [`rivet_plugin_host::Host`]: callbacks become
//! closures around the C function pointer, its userdata and the plugin's id and version.
//!
//! - [`load`] parses a `-plugin` argument, opens the plugin (`RTLD_NOW | RTLD_LOCAL`) after
//!   opening GLib globally ([`glib`]), checks its version and calls `qemu_plugin_install`.
//! - [`api`] holds the exported `qemu_plugin_*` functions; the executable must export exactly
//!   those ([`EXPORTED_NAMES`] and [`exported`], which the CLI's linker dynamic list mirrors).
//!
//! Loading the same `.so` twice gives two plugins (two ids) sharing one copy of the library, as in
//! QEMU: `dlopen` returns the same handle, so the plugin's globals are shared between its two
//! instances. Plugins that keep per-instance state must key it by the id `install` received (or,
//! with API 7, by the userdata of their registrations).

#![warn(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]

pub mod api;
mod exports;
pub mod ext;
pub mod glib;
pub mod native;
mod state;

pub use exports::{exported, EXPORTED_NAMES};
pub use state::{atexit, init, load, parse_spec, set_binary, write_out, Binary, LoadError, Options, API_MAX, API_MIN};
