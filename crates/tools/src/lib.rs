//! The plugins rivet ships, built into the executable and selected with `-plugin NAME,key=value`.
//! They use only the public [`rivet_plugin`] API, as any plugin of ours or of a user would (each
//! could be built as a `cdylib` with `rivet_plugin::export!`).
//!
//! - [`regtrace`]: every register change, in QEMU execlog's text format or as JSON lines.
//! - [`regwatch`]: counts register changes; reports (or stops the run) when a register takes a
//!   value or crosses a range.
//! - [`drcov`]: block coverage in drcov format, for Lighthouse and similar tools.

#![warn(missing_docs)]

pub mod drcov;
mod out;
pub mod regtrace;
pub mod regwatch;

use rivet_plugin::sys::EntryFn;

/// A built-in plugin.
pub struct Builtin {
    /// Its `-plugin` name.
    pub name: &'static str,
    /// One line for `-plugin help`-style listings.
    pub summary: &'static str,
    /// Its entry point.
    pub entry: EntryFn,
}

/// Every built-in plugin.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "regtrace",
        summary: "every register change (execlog text or JSON lines); reg=NAME|GROUP|*, format=text|json, outfile=PATH",
        entry: rivet_plugin::entry::<regtrace::RegTrace>,
    },
    Builtin {
        name: "regwatch",
        summary:
            "count register changes, report or stop on a value or range; reg=, eq=, range=LO:HI, stop=on, mode=poll",
        entry: rivet_plugin::entry::<regwatch::RegWatch>,
    },
    Builtin {
        name: "drcov",
        summary: "block coverage in drcov format (Lighthouse); outfile=PATH (default rivet.drcov)",
        entry: rivet_plugin::entry::<drcov::Drcov>,
    },
];

/// The built-in plugin called `name`.
pub fn find(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

/// Parses a number as QEMU options spell them: decimal, or hex with `0x`, optionally negative.
pub(crate) fn parse_u64(s: &str) -> Option<u64> {
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let v = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(h) => u64::from_str_radix(&h.replace('_', ""), 16).ok()?,
        None => s.replace('_', "").parse().ok()?,
    };
    Some(if neg { v.wrapping_neg() } else { v })
}
