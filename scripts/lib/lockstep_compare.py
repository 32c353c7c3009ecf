#!/usr/bin/env python3
"""Compare two lockstep traces (plugins/lockstep.c) vCPU by vCPU.

usage: lockstep_compare.py [options] TRACE_A TRACE_B
       lockstep_compare.py --summary [options] TRACE

A TRACE is either one file holding every vCPU's lines (the plugin with
split=off) or the prefix of per-vCPU files TRACE.0, TRACE.1, ... (split=on).
The comparison streams: memory use does not grow with the trace length
(a merged single file is first split into per-vCPU temporary files).

For each vCPU the two traces must agree line by line:
  - the `state` lines (every traced register before the first instruction);
  - for each instruction, the pc and instruction bits, then the new value of
    every register that either side reports as changed (compared on the
    values each side's register file holds after the instruction, so a
    register that differs only in *whether* it was reported is fine);
  - a line ending in `?` (effects unknown) is compared on pc and bits only.

Masked values (values the specification leaves to the implementation): the
destination register of an instruction that reads a time source is not
compared for that instruction:
  - csrrw/csrrs/csrrc/csrr*i of cycle, time, instret, hpmcounter3-31
    (0xc00-0xc1f) and mcycle, minstret, mhpmcounter3-31 (0xb00-0xb1f);
  - integer or FP loads (also compressed) whose address, computed from the
    base register's value in trace A, falls in the CLINT's mtime
    (0x200bff8-0x200bfff) or the goldfish RTC's time registers
    (0x101000-0x101007) (virtual addresses: a mapping of those devices
    elsewhere is not recognised);
  - every register written by an instruction at an address given with
    --mask-pc.
Values computed from a masked value are not masked: a test that wants to be
compared must only use time values in ways that do not depend on them.

End of run: traces may stop at different points once the guest has ended
the run, so a trace that ends early is accepted when
  - its last instruction is a store to the SiFive test finisher (0x100000):
    the other side may have run a few more instructions before the
    emulator stopped, or
  - the other side's remaining instructions are only wfi and jumps (the
    vCPU was parked in a wfi loop), or
  - another vCPU (compared before it) ended the run with the test-finisher
    store: how far this one got by then depends on host timing.

With --uart-a/--uart-b (files) and --status-a/--status-b, the guests' UART
output and exit statuses are compared too. The output always states the
masking policy and how many masked values actually differed; --dis adds
the disassembly (objdump -d output) to the lines shown around a divergence.

Exit status: 0 identical, 1 divergence, 2 usage or input error.
"""

import argparse
import collections
import glob
import os
import re
import sys
import tempfile

XREG = ("zero ra sp gp tp t0 t1 t2 fp s1 a0 a1 a2 a3 a4 a5 a6 a7 "
        "s2 s3 s4 s5 s6 s7 s8 s9 s10 s11 t3 t4 t5 t6").split()
FREG = ("ft0 ft1 ft2 ft3 ft4 ft5 ft6 ft7 fs0 fs1 fa0 fa1 fa2 fa3 fa4 fa5 fa6 "
        "fa7 fs2 fs3 fs4 fs5 fs6 fs7 fs8 fs9 fs10 fs11 ft8 ft9 ft10 ft11").split()
COUNTER_CSRS = set(range(0xC00, 0xC20)) | set(range(0xB00, 0xB20))
TIME_RANGES = ((0x200BFF8, 0x200C000, "CLINT mtime"), (0x101000, 0x101008, "RTC time"))
FINISHER = 0x100000
WFI = 0x10500073
MASK64 = (1 << 64) - 1

POLICY = ("masked: destinations of reads of cycle/time/instret/hpmcounter* and "
          "mcycle/minstret/mhpmcounter* (csr 0xc00-0xc1f, 0xb00-0xb1f), of loads "
          "from CLINT mtime (0x200bff8) and RTC time (0x101000)")


def sext(value, bits):
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def mem_access(bits, size):
    """(kind, base_reg, offset, dest_name) for loads/stores, else None.
    kind is 'load' or 'store'; dest_name is the loaded register's name."""
    if size == 4:
        opcode = bits & 0x7F
        rd = (bits >> 7) & 0x1F
        rs1 = (bits >> 15) & 0x1F
        f3 = (bits >> 12) & 7
        if opcode == 0x03 and f3 != 7:
            return "load", rs1, sext(bits >> 20, 12), XREG[rd]
        if opcode == 0x07 and f3 in (2, 3):
            return "load", rs1, sext(bits >> 20, 12), FREG[rd]
        if opcode in (0x23, 0x27):
            return "store", rs1, sext(((bits >> 25) << 5) | rd, 12), None
        return None
    quadrant = bits & 3
    f3 = (bits >> 13) & 7
    if quadrant == 0:
        rs1 = 8 + ((bits >> 7) & 7)
        rd = 8 + ((bits >> 2) & 7)
        off_w = ((bits >> 10) & 7) << 3 | ((bits >> 6) & 1) << 2 | ((bits >> 5) & 1) << 6
        off_d = ((bits >> 10) & 7) << 3 | ((bits >> 5) & 3) << 6
        if f3 == 1:
            return "load", rs1, off_d, FREG[rd]
        if f3 == 2:
            return "load", rs1, off_w, XREG[rd]
        if f3 == 3:
            return "load", rs1, off_d, XREG[rd]
        if f3 == 5 or f3 == 7:
            return "store", rs1, off_d, None
        if f3 == 6:
            return "store", rs1, off_w, None
    elif quadrant == 2:
        rd = (bits >> 7) & 0x1F
        off_lw = ((bits >> 12) & 1) << 5 | ((bits >> 4) & 7) << 2 | ((bits >> 2) & 3) << 6
        off_ld = ((bits >> 12) & 1) << 5 | ((bits >> 5) & 3) << 3 | ((bits >> 2) & 7) << 6
        if f3 == 1:
            return "load", 2, off_ld, FREG[rd]
        if f3 == 2 and rd:
            return "load", 2, off_lw, XREG[rd]
        if f3 == 3 and rd:
            return "load", 2, off_ld, XREG[rd]
        off_sw = ((bits >> 9) & 0xF) << 2 | ((bits >> 7) & 3) << 6
        off_sd = ((bits >> 10) & 7) << 3 | ((bits >> 7) & 7) << 6
        if f3 == 6:
            return "store", 2, off_sw, None
        if f3 == 5 or f3 == 7:
            return "store", 2, off_sd, None
    return None


def reg_value(state, regnum):
    if regnum == 0:
        return 0
    text = state.get(XREG[regnum])
    return int(text, 16) if text is not None else None


def effective_address(access, state):
    base = reg_value(state, access[1])
    if base is None:
        return None
    return (base + access[2]) & MASK64


def time_read_masks(bits_text, state):
    """Names of registers whose new value is implementation-defined, with a
    reason, for the instruction with these bits (state: before it)."""
    size = len(bits_text) // 2
    bits = int(bits_text, 16)
    if size == 4 and bits & 0x7F == 0x73:
        f3 = (bits >> 12) & 7
        rd = (bits >> 7) & 0x1F
        csr = bits >> 20
        if f3 not in (0, 4) and rd and csr in COUNTER_CSRS:
            return {XREG[rd]: "csr 0x%x" % csr}
        return {}
    access = mem_access(bits, size)
    if access and access[0] == "load":
        addr = effective_address(access, state)
        if addr is not None:
            for lo, hi, what in TIME_RANGES:
                if lo <= addr < hi:
                    return {access[3]: what}
    return {}


def is_finisher_store(bits_text, state):
    size = len(bits_text) // 2
    access = mem_access(int(bits_text, 16), size)
    if not access or access[0] != "store":
        return False
    addr = effective_address(access, state)
    return addr is not None and FINISHER <= addr < FINISHER + 4


def is_parking(bits_text):
    """wfi or an unconditional jump that links nothing (j / c.j)."""
    bits = int(bits_text, 16)
    if len(bits_text) == 8:
        return bits == WFI or (bits & 0xFFF) == 0x06F
    return (bits & 0xE003) == 0xA001


class Disassembly:
    """pc -> text from `objdump -d` output, to annotate context lines."""

    LINE = re.compile(r"^\s*([0-9a-f]+):\s+[0-9a-f]+(?: [0-9a-f]+)*\s+(\S.*)$")

    def __init__(self, paths):
        self.text = {}
        for path in paths:
            with open(path, errors="replace") as f:
                for line in f:
                    m = self.LINE.match(line)
                    if m:
                        self.text[int(m.group(1), 16)] = " ".join(m.group(2).split())

    def __call__(self, line):
        parts = line.split(" ", 2)
        if len(parts) < 2 or parts[1] == "state":
            return ""
        try:
            return self.text.get(int(parts[1], 16), "")
        except ValueError:
            return ""


class Trace:
    """The lines of one vCPU of one side."""

    def __init__(self, label, path, context):
        self.label = label
        self.path = path
        self.file = open(path, "r", buffering=1 << 20)
        self.lineno = 0
        self.state = {}
        self.history = collections.deque(maxlen=context)

    def lines(self):
        for raw in self.file:
            self.lineno += 1
            if raw[0] == "#" or raw == "\n":
                continue
            yield raw.rstrip("\n")


class InputError(Exception):
    pass


def vcpu_files(path, tmpdir, label):
    """{vcpu: file} for a trace given as a prefix or as one merged file."""
    if os.path.isfile(path):
        out = {}
        handles = {}
        with open(path, "r", buffering=1 << 20) as f:
            for line in f:
                if line[0] == "#" or line == "\n":
                    continue
                vcpu = line.split(" ", 1)[0]
                if not vcpu.isdigit():
                    raise InputError("%s: malformed line: %s" % (path, line.rstrip()))
                vcpu = int(vcpu)
                if vcpu not in handles:
                    name = os.path.join(tmpdir, "%s.%d" % (label, vcpu))
                    handles[vcpu] = open(name, "w", buffering=1 << 20)
                    out[vcpu] = name
                handles[vcpu].write(line)
        for h in handles.values():
            h.close()
        return out
    out = {}
    for name in glob.glob(glob.escape(path) + ".*"):
        suffix = name[len(path) + 1:]
        if suffix.isdigit():
            out[int(suffix)] = name
    if not out:
        raise InputError("no trace at %s (neither a file nor %s.N files)" % (path, path))
    return out


def parse_changes(tokens):
    """(dict of name -> hex text, unknown flag) from tokens after pc and bits."""
    changes = {}
    unknown = False
    for tok in tokens:
        if tok == "?":
            unknown = True
            continue
        name, sep, value = tok.partition("=")
        if not sep:
            raise InputError("malformed token %r" % tok)
        changes[name] = value
    return changes, unknown


class Comparer:
    def __init__(self, args):
        self.args = args
        self.names = (args.name_a, args.name_b)
        self.mask_pcs = {int(x, 16) for x in args.mask_pc}
        self.ignore = set(args.ignore_reg)
        self.masked = collections.Counter()
        self.notes = []
        self.dis = Disassembly(args.dis) if args.dis else (lambda line: "")

    # ---------------------------------------------------------- reporting
    def fmt(self, line):
        text = self.dis(line)
        return "%-60s %s" % (line, text) if text else line

    def report(self, vcpu, index, a, b, la, lb, why):
        na, nb = self.names
        w = max(len(na), len(nb))
        out = []
        out.append("DIVERGENCE on vcpu %d at instruction %d (%s line %d, %s line %d): %s"
                   % (vcpu, index, na, a.lineno, nb, b.lineno, why))
        out.append("  preceding instructions (%s line / %s line):" % (na, nb))
        ha, hb = list(a.history), list(b.history)
        for (lna, xa), (lnb, xb) in zip(ha, hb):
            if xa == xb:
                out.append("    %7d/%-7d %s" % (lna, lnb, self.fmt(xa)))
            else:
                out.append("    %7d %-*s %s" % (lna, w, na, self.fmt(xa)))
                out.append("    %7d %-*s %s" % (lnb, w, nb, self.fmt(xb)))
        out.append("  divergent instruction:")
        out.append("    %7d %-*s %s" % (a.lineno, w, na, self.fmt(la if la is not None else "(end of trace)")))
        out.append("    %7d %-*s %s" % (b.lineno, w, nb, self.fmt(lb if lb is not None else "(end of trace)")))
        diff = sorted(k for k in set(a.state) | set(b.state)
                      if a.state.get(k) != b.state.get(k) and k not in self.ignore)
        if diff:
            out.append("  registers that differ after it: " + ", ".join(
                "%s %s=%s %s=%s" % (k, na, a.state.get(k, "-"), nb, b.state.get(k, "-"))
                for k in diff))
        print("\n".join(out))

    # --------------------------------------------------------- comparison
    def compare_state(self, vcpu, a, b, la, lb):
        ta, tb = la.split(" "), lb.split(" ")
        if ta[1] != "state" or tb[1] != "state":
            return "first line of a vCPU must be its state line"
        a.state, _ = parse_changes(ta[2:])
        b.state, _ = parse_changes(tb[2:])
        bad = []
        for k in sorted(set(a.state) | set(b.state)):
            if k in self.ignore:
                continue
            if a.state.get(k) != b.state.get(k):
                bad.append("%s %s=%s %s=%s" % (k, self.names[0], a.state.get(k, "(absent)"),
                                               self.names[1], b.state.get(k, "(absent)")))
        return "initial state differs: " + ", ".join(bad) if bad else None

    def compare_vcpu(self, vcpu, path_a, path_b):
        """Returns (instructions compared, ok)."""
        a = Trace(self.names[0], path_a, self.args.context)
        b = Trace(self.names[1], path_b, self.args.context)
        ia, ib = a.lines(), b.lines()
        la, lb = next(ia, None), next(ib, None)
        if la is None or lb is None:
            if la is None and lb is None:
                return 0, True
            if getattr(self, "finished_by", None) is not None and self.finished_by != vcpu:
                # This hart had not started when another hart's finisher store ended the run.
                self.notes.append("vcpu %d: %s has no instructions: vcpu %d's test-finisher store "
                                  "ended the run first (not compared)"
                                  % (vcpu, a.label if la is None else b.label, self.finished_by))
                return 0, True
            self.report(vcpu, 0, a, b, la, lb, "one side has no lines for this vCPU")
            return 0, False
        why = self.compare_state(vcpu, a, b, la, lb)
        if why:
            self.report(vcpu, 0, a, b, la, lb, why)
            return 0, False
        a.history.append((a.lineno, la))
        b.history.append((b.lineno, lb))
        sa, sb = a.state, b.state
        ha, hb = a.history, b.history
        mask_pcs, ignore = self.mask_pcs, self.ignore
        index = 0
        last = None
        for la in ia:
            lb = next(ib, None)
            if lb is None:
                return index, self.finish_tail(vcpu, index, a, b, last, ia, la, "A")
            index += 1
            if la == lb:
                # Same text: same instruction, same reported changes.
                tokens = la.split(" ")
                for tok in tokens[3:]:
                    if tok != "?":
                        k, _, v = tok.partition("=")
                        sa[k] = v
                        sb[k] = v
                ha.append((a.lineno, la))
                hb.append((b.lineno, lb))
                last = la
                continue
            ta, tb = la.split(" "), lb.split(" ")
            if len(ta) < 3 or len(tb) < 3 or ta[1] == "state" or tb[1] == "state":
                self.report(vcpu, index, a, b, la, lb, "malformed line")
                return index, False
            if ta[1] != tb[1] or ta[2] != tb[2]:
                what = "pc" if ta[1] != tb[1] else "instruction bits"
                self.report(vcpu, index, a, b, la, lb, "different %s" % what)
                return index, False
            masks = time_read_masks(ta[2], sa)
            try:
                ca, unknown_a = parse_changes(ta[3:])
                cb, unknown_b = parse_changes(tb[3:])
            except InputError as e:
                self.report(vcpu, index, a, b, la, lb, str(e))
                return index, False
            if mask_pcs and int(ta[1], 16) in mask_pcs:
                for k in set(ca) | set(cb):
                    masks[k] = "--mask-pc"
            sa.update(ca)
            sb.update(cb)
            ha.append((a.lineno, la))
            hb.append((b.lineno, lb))
            last = la
            if unknown_a or unknown_b:
                continue
            bad = []
            for k in set(ca) | set(cb):
                if k in ignore:
                    continue
                if sa.get(k) != sb.get(k):
                    if k in masks:
                        self.masked[masks[k]] += 1
                        continue
                    bad.append(k)
            if bad:
                ha.pop()
                hb.pop()
                self.report(vcpu, index, a, b, la, lb, "register values differ: " + ", ".join(
                    "%s %s=%s %s=%s" % (k, self.names[0], sa.get(k, "(none)"),
                                        self.names[1], sb.get(k, "(none)"))
                    for k in sorted(bad)))
                return index, False
        lb = next(ib, None)
        if lb is None:
            return index, True
        return index, self.finish_tail(vcpu, index, a, b, last, ib, lb, "B")

    def finish_tail(self, vcpu, index, a, b, last, rest, first_extra, longer):
        """One side ended after `index` instructions; the other continues with
        first_extra and then the lines of `rest`. Decide whether that is an
        accepted end of run."""
        longer_trace, shorter_trace = (a, b) if longer == "A" else (b, a)
        where = (a.lineno, b.lineno)    # before reading the rest
        if last is not None:
            parts = last.split(" ")
            if len(parts) >= 3 and is_finisher_store(parts[2], shorter_trace.state):
                self.finished_by = vcpu
                extra = 1 + sum(1 for _ in rest)
                if extra:
                    self.notes.append("vcpu %d: %s stopped after the test-finisher store at "
                                      "instruction %d; %s ran %d more (not compared)"
                                      % (vcpu, shorter_trace.label, index, longer_trace.label,
                                         extra))
                return True
        extra = [first_extra] + list(_take(rest, 10000))
        if all(len(x.split(" ")) >= 3 and is_parking(x.split(" ")[2]) for x in extra):
            self.notes.append("vcpu %d: %s ended at instruction %d; %s ran %d more, all "
                              "wfi/jumps of a parked hart (not compared)"
                              % (vcpu, shorter_trace.label, index, longer_trace.label,
                                 len(extra)))
            return True
        if getattr(self, "finished_by", None) is not None and self.finished_by != vcpu:
            self.notes.append("vcpu %d: %s ended at instruction %d, when vcpu %d's test-finisher "
                              "store stopped the run; %s ran %d more (not compared)"
                              % (vcpu, shorter_trace.label, index, self.finished_by,
                                 longer_trace.label, len(extra)))
            return True
        la = first_extra if longer == "A" else None
        lb = first_extra if longer == "B" else None
        a.lineno, b.lineno = where
        self.report(vcpu, index + 1, a, b, la, lb, "%s ended, %s continues"
                    % (shorter_trace.label, longer_trace.label))
        return False

    def compare_outputs(self):
        ok = True
        args = self.args
        na, nb = self.names
        if args.uart_a is not None and args.uart_b is not None:
            with open(args.uart_a, "rb") as f:
                ua = f.read()
            with open(args.uart_b, "rb") as f:
                ub = f.read()
            if ua != ub:
                ok = False
                n = next((i for i in range(min(len(ua), len(ub))) if ua[i] != ub[i]),
                         min(len(ua), len(ub)))
                print("UART output differs at byte %d (%s %d bytes, %s %d bytes):"
                      % (n, na, len(ua), nb, len(ub)))
                print("  %s: %r" % (na, ua[max(0, n - 40):n + 40]))
                print("  %s: %r" % (nb, ub[max(0, n - 40):n + 40]))
        if args.status_a is not None and args.status_b is not None:
            if args.status_a != args.status_b:
                ok = False
                print("exit status differs: %s %s, %s %s" % (na, args.status_a, nb, args.status_b))
        return ok

    def run(self):
        with tempfile.TemporaryDirectory(prefix="lockstep-") as tmp:
            try:
                fa = vcpu_files(self.args.trace_a, tmp, "a")
                fb = vcpu_files(self.args.trace_b, tmp, "b")
            except (InputError, OSError) as e:
                print("lockstep_compare: %s" % e, file=sys.stderr)
                return 2
            total = 0
            per = []
            for vcpu in sorted(set(fa) | set(fb)):
                if vcpu not in fa or vcpu not in fb:
                    have = self.names[0] if vcpu in fa else self.names[1]
                    print("DIVERGENCE: vcpu %d has a trace only in %s" % (vcpu, have))
                    return 1
                try:
                    n, ok = self.compare_vcpu(vcpu, fa[vcpu], fb[vcpu])
                except InputError as e:
                    print("lockstep_compare: vcpu %d: %s" % (vcpu, e), file=sys.stderr)
                    return 2
                if not ok:
                    self.compare_outputs()
                    return 1
                total += n
                per.append("vcpu %d: %d" % (vcpu, n))
        outputs_ok = self.compare_outputs()
        for note in self.notes:
            print("note: " + note)
        masked = ", ".join("%s %d" % kv for kv in sorted(self.masked.items())) or "none differed"
        print("%s; values that differed and were masked: %s" % (POLICY, masked))
        if self.ignore:
            print("registers ignored: " + " ".join(sorted(self.ignore)))
        if not outputs_ok:
            print("FAILED: the traces agree (%d instructions: %s) but the outputs differ (above)"
                  % (total, ", ".join(per)))
            return 1
        print("identical: %d instructions (%s)" % (total, ", ".join(per)))
        return 0


def _take(iterator, n):
    for i, x in enumerate(iterator):
        if i >= n:
            break
        yield x


def summary(args):
    """Count instructions per vCPU and check the format of one trace."""
    with tempfile.TemporaryDirectory(prefix="lockstep-") as tmp:
        try:
            files = vcpu_files(args.trace_a, tmp, "a")
        except (InputError, OSError) as e:
            print("lockstep_compare: %s" % e, file=sys.stderr)
            return 2
        total = 0
        parts = []
        for vcpu in sorted(files):
            n = 0
            t = Trace("trace", files[vcpu], 1)
            for i, line in enumerate(t.lines()):
                tok = line.split(" ")
                if i == 0:
                    if len(tok) < 2 or tok[1] != "state":
                        print("%s:%d: first line is not a state line" % (files[vcpu], t.lineno))
                        return 2
                    continue
                if (len(tok) < 3 or tok[0] != str(vcpu) or len(tok[2]) not in (4, 8)
                        or any("=" not in x and x != "?" for x in tok[3:])):
                    print("%s:%d: malformed line: %s" % (files[vcpu], t.lineno, line))
                    return 2
                n += 1
            total += n
            parts.append("vcpu %d: %d" % (vcpu, n))
        print("trace: %d instructions (%s)" % (total, ", ".join(parts)))
        return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("trace_a")
    p.add_argument("trace_b", nargs="?")
    p.add_argument("--summary", action="store_true",
                   help="only count and check the format of TRACE_A")
    p.add_argument("--name-a", default="A")
    p.add_argument("--name-b", default="B")
    p.add_argument("--context", type=int, default=10, help="instructions shown before a divergence")
    p.add_argument("--dis", action="append", default=[],
                   help="objdump -d output to annotate pcs (repeatable)")
    p.add_argument("--mask-pc", action="append", default=[], metavar="HEXADDR",
                   help="do not compare the registers written by the instruction at this pc")
    p.add_argument("--ignore-reg", action="append", default=[], metavar="NAME",
                   help="never compare this register")
    p.add_argument("--uart-a")
    p.add_argument("--uart-b")
    p.add_argument("--status-a")
    p.add_argument("--status-b")
    args = p.parse_args()
    if args.summary:
        return summary(args)
    if not args.trace_b:
        p.error("two traces are needed (or --summary)")
    return Comparer(args).run()


if __name__ == "__main__":
    sys.exit(main())
