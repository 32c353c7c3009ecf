//! Calls from compiled code back into Rust for floating-point arithmetic.
//!
//! Compiled blocks do FP loads, stores, moves and sign injection inline (they are bit operations),
//! but leave rounding, exception flags and NaN rules to [`rivet_core::fp`], the implementation the
//! interpreter uses, so both engines agree bit for bit. Every helper has the same C signature,
//! `(a, b, c, rm, &mut fflags) -> u64`, whatever it uses of it: one Cranelift signature serves them
//! all, and the few unused argument moves cost nothing next to the call. Each helper takes raw
//! register values and does the interpreter's NaN-unboxing of single-precision operands, boxing of
//! single-precision results and sign extension of integer results itself, expression for
//! expression as `exec_block` writes them.
//!
//! Helpers never see an invalid rounding mode: compiled code resolves a dynamic mode from
//! `Hart::frm` and leaves the block to the interpreter when it is above 4, as `exec_block`'s
//! `rm!()` raises the illegal-instruction exit there.

use rivet_core::fp;
use rivet_isa::Opcode;

/// The C signature shared by every helper.
pub(crate) type HelperFn = extern "C" fn(u64, u64, u64, u64, &mut u8) -> u64;

/// Where a helper argument comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Src {
    /// FP register `rs1` (raw bits).
    F1,
    /// FP register `rs2`.
    F2,
    /// FP register `rs3`.
    F3,
    /// Integer register `rs1`.
    X1,
}

/// Which register file a helper's result goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dst {
    /// `f[rd]`.
    F,
    /// `x[rd]`.
    X,
}

/// One helper: the opcode it implements and how compiled code calls it.
pub(crate) struct Helper {
    /// The operation.
    pub op: Opcode,
    /// Symbol name the JIT module resolves.
    pub name: &'static str,
    /// The function.
    pub func: HelperFn,
    /// Arguments `a`, `b`, `c` in order (missing ones are passed as 0).
    pub srcs: &'static [Src],
    /// Whether the operation takes a rounding mode (and so needs a valid one, as `rm!()`).
    pub rm: bool,
    /// Destination register file.
    pub dst: Dst,
}

macro_rules! helpers {
    ($($op:ident [$($src:ident),*] rm=$rm:literal -> $dst:ident = |$a:ident, $b:ident, $c:ident, $r:ident, $fl:ident| $body:expr;)*) => {
        /// The helper functions, one per opcode.
        mod thunks {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[allow(non_snake_case, unused_variables, clippy::unnecessary_cast)]
                pub(super) extern "C" fn $op($a: u64, $b: u64, $c: u64, $r: u64, $fl: &mut u8) -> u64 {
                    let $r = $r as u8;
                    $body
                }
            )*
        }

        /// Every helper.
        pub(crate) static HELPERS: &[Helper] = &[$(
            Helper {
                op: Opcode::$op,
                name: concat!("rivet_jit_", stringify!($op)),
                func: thunks::$op,
                srcs: &[$(Src::$src),*],
                rm: $rm,
                dst: Dst::$dst,
            },
        )*];
    };
}

helpers! {
    // F
    FmaddS [F1, F2, F3] rm=true -> F = |a, b, c, rm, fl| rivet_core::fp::box_f32(fp::f32_madd(rivet_core::fp::unbox_f32(a), rivet_core::fp::unbox_f32(b), rivet_core::fp::unbox_f32(c), rm, fl));
    FmsubS [F1, F2, F3] rm=true -> F = |a, b, c, rm, fl| rivet_core::fp::box_f32(fp::f32_msub(rivet_core::fp::unbox_f32(a), rivet_core::fp::unbox_f32(b), rivet_core::fp::unbox_f32(c), rm, fl));
    FnmsubS [F1, F2, F3] rm=true -> F = |a, b, c, rm, fl| rivet_core::fp::box_f32(fp::f32_nmsub(rivet_core::fp::unbox_f32(a), rivet_core::fp::unbox_f32(b), rivet_core::fp::unbox_f32(c), rm, fl));
    FnmaddS [F1, F2, F3] rm=true -> F = |a, b, c, rm, fl| rivet_core::fp::box_f32(fp::f32_nmadd(rivet_core::fp::unbox_f32(a), rivet_core::fp::unbox_f32(b), rivet_core::fp::unbox_f32(c), rm, fl));
    FaddS [F1, F2] rm=true -> F = |a, b, c, rm, fl| rivet_core::fp::box_f32(fp::f32_add(rivet_core::fp::unbox_f32(a), rivet_core::fp::unbox_f32(b), rm, fl));
    FsubS [F1, F2] rm=true -> F = |a, b, c, rm, fl| rivet_core::fp::box_f32(fp::f32_sub(rivet_core::fp::unbox_f32(a), rivet_core::fp::unbox_f32(b), rm, fl));
    FmulS [F1, F2] rm=true -> F = |a, b, c, rm, fl| rivet_core::fp::box_f32(fp::f32_mul(rivet_core::fp::unbox_f32(a), rivet_core::fp::unbox_f32(b), rm, fl));
    FdivS [F1, F2] rm=true -> F = |a, b, c, rm, fl| rivet_core::fp::box_f32(fp::f32_div(rivet_core::fp::unbox_f32(a), rivet_core::fp::unbox_f32(b), rm, fl));
    FsqrtS [F1] rm=true -> F = |a, b, c, rm, fl| rivet_core::fp::box_f32(fp::f32_sqrt(rivet_core::fp::unbox_f32(a), rm, fl));
    FminS [F1, F2] rm=false -> F = |a, b, c, rm, fl| rivet_core::fp::box_f32(fp::f32_min(rivet_core::fp::unbox_f32(a), rivet_core::fp::unbox_f32(b), fl));
    FmaxS [F1, F2] rm=false -> F = |a, b, c, rm, fl| rivet_core::fp::box_f32(fp::f32_max(rivet_core::fp::unbox_f32(a), rivet_core::fp::unbox_f32(b), fl));
    FcvtWS [F1] rm=true -> X = |a, b, c, rm, fl| fp::f32_to_i32(rivet_core::fp::unbox_f32(a), rm, fl) as i64 as u64;
    FcvtWuS [F1] rm=true -> X = |a, b, c, rm, fl| fp::f32_to_u32(rivet_core::fp::unbox_f32(a), rm, fl) as i32 as i64 as u64;
    FcvtLS [F1] rm=true -> X = |a, b, c, rm, fl| fp::f32_to_i64(rivet_core::fp::unbox_f32(a), rm, fl) as u64;
    FcvtLuS [F1] rm=true -> X = |a, b, c, rm, fl| fp::f32_to_u64(rivet_core::fp::unbox_f32(a), rm, fl);
    FclassS [F1] rm=false -> X = |a, b, c, rm, fl| fp::f32_classify(rivet_core::fp::unbox_f32(a)) as u64;
    FeqS [F1, F2] rm=false -> X = |a, b, c, rm, fl| fp::f32_eq(rivet_core::fp::unbox_f32(a), rivet_core::fp::unbox_f32(b), fl) as u64;
    FltS [F1, F2] rm=false -> X = |a, b, c, rm, fl| fp::f32_lt(rivet_core::fp::unbox_f32(a), rivet_core::fp::unbox_f32(b), fl) as u64;
    FleS [F1, F2] rm=false -> X = |a, b, c, rm, fl| fp::f32_le(rivet_core::fp::unbox_f32(a), rivet_core::fp::unbox_f32(b), fl) as u64;
    FcvtSW [X1] rm=true -> F = |a, b, c, rm, fl| rivet_core::fp::box_f32(fp::i32_to_f32(a as i32, rm, fl));
    FcvtSWu [X1] rm=true -> F = |a, b, c, rm, fl| rivet_core::fp::box_f32(fp::u32_to_f32(a as u32, rm, fl));
    FcvtSL [X1] rm=true -> F = |a, b, c, rm, fl| rivet_core::fp::box_f32(fp::i64_to_f32(a as i64, rm, fl));
    FcvtSLu [X1] rm=true -> F = |a, b, c, rm, fl| rivet_core::fp::box_f32(fp::u64_to_f32(a, rm, fl));
    // D
    FmaddD [F1, F2, F3] rm=true -> F = |a, b, c, rm, fl| fp::f64_madd(a, b, c, rm, fl);
    FmsubD [F1, F2, F3] rm=true -> F = |a, b, c, rm, fl| fp::f64_msub(a, b, c, rm, fl);
    FnmsubD [F1, F2, F3] rm=true -> F = |a, b, c, rm, fl| fp::f64_nmsub(a, b, c, rm, fl);
    FnmaddD [F1, F2, F3] rm=true -> F = |a, b, c, rm, fl| fp::f64_nmadd(a, b, c, rm, fl);
    FaddD [F1, F2] rm=true -> F = |a, b, c, rm, fl| fp::f64_add(a, b, rm, fl);
    FsubD [F1, F2] rm=true -> F = |a, b, c, rm, fl| fp::f64_sub(a, b, rm, fl);
    FmulD [F1, F2] rm=true -> F = |a, b, c, rm, fl| fp::f64_mul(a, b, rm, fl);
    FdivD [F1, F2] rm=true -> F = |a, b, c, rm, fl| fp::f64_div(a, b, rm, fl);
    FsqrtD [F1] rm=true -> F = |a, b, c, rm, fl| fp::f64_sqrt(a, rm, fl);
    FminD [F1, F2] rm=false -> F = |a, b, c, rm, fl| fp::f64_min(a, b, fl);
    FmaxD [F1, F2] rm=false -> F = |a, b, c, rm, fl| fp::f64_max(a, b, fl);
    FcvtSD [F1] rm=true -> F = |a, b, c, rm, fl| rivet_core::fp::box_f32(fp::f64_to_f32(a, rm, fl));
    FcvtDS [F1] rm=false -> F = |a, b, c, rm, fl| fp::f32_to_f64(rivet_core::fp::unbox_f32(a), fl);
    FeqD [F1, F2] rm=false -> X = |a, b, c, rm, fl| fp::f64_eq(a, b, fl) as u64;
    FltD [F1, F2] rm=false -> X = |a, b, c, rm, fl| fp::f64_lt(a, b, fl) as u64;
    FleD [F1, F2] rm=false -> X = |a, b, c, rm, fl| fp::f64_le(a, b, fl) as u64;
    FclassD [F1] rm=false -> X = |a, b, c, rm, fl| fp::f64_classify(a) as u64;
    FcvtWD [F1] rm=true -> X = |a, b, c, rm, fl| fp::f64_to_i32(a, rm, fl) as i64 as u64;
    FcvtWuD [F1] rm=true -> X = |a, b, c, rm, fl| fp::f64_to_u32(a, rm, fl) as i32 as i64 as u64;
    FcvtLD [F1] rm=true -> X = |a, b, c, rm, fl| fp::f64_to_i64(a, rm, fl) as u64;
    FcvtLuD [F1] rm=true -> X = |a, b, c, rm, fl| fp::f64_to_u64(a, rm, fl);
    FcvtDW [X1] rm=true -> F = |a, b, c, rm, fl| fp::i32_to_f64(a as i32, rm, fl);
    FcvtDWu [X1] rm=true -> F = |a, b, c, rm, fl| fp::u32_to_f64(a as u32, rm, fl);
    FcvtDL [X1] rm=true -> F = |a, b, c, rm, fl| fp::i64_to_f64(a as i64, rm, fl);
    FcvtDLu [X1] rm=true -> F = |a, b, c, rm, fl| fp::u64_to_f64(a, rm, fl);
}

/// The helper for `op`, if it has one.
pub(crate) fn helper_index(op: Opcode) -> Option<usize> {
    HELPERS.iter().position(|h| h.op == op)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_are_unique_and_boxing_matches() {
        for (i, h) in HELPERS.iter().enumerate() {
            assert_eq!(helper_index(h.op), Some(i), "{:?} listed twice", h.op);
            assert!(h.srcs.len() <= 3);
        }
        let mut fl = 0;
        // 1.0f + 2.0f, boxed; an unboxed operand reads as the canonical NaN.
        let one = rivet_core::fp::box_f32(1.0f32.to_bits());
        let two = rivet_core::fp::box_f32(2.0f32.to_bits());
        let add = HELPERS[helper_index(Opcode::FaddS).unwrap()].func;
        assert_eq!(add(one, two, 0, 0, &mut fl), rivet_core::fp::box_f32(3.0f32.to_bits()));
        assert_eq!(
            add(1.0f64.to_bits(), two, 0, 0, &mut fl),
            rivet_core::fp::box_f32(rivet_core::fp::F32_CANONICAL_NAN)
        );
    }
}
