#!/usr/bin/env python3
"""Which RV64GC instructions a set of bare-metal images contains and executes.

usage: insn_coverage.py [--list] ELF[=TRACE]...

Disassembles each ELF with `objdump -d -M no-aliases` (so compressed
instructions keep their c. names), and reports the RV64GC instructions
(I, M, A, F, D, C, Zicsr, Zifencei, and the privileged mret, sret, wfi,
sfence.vma) that none of them contains. For ELF=TRACE arguments (a
lockstep trace of that image: a file, or a PREFIX whose PREFIX.N files are
read) it also reports the instructions that no trace executed; a trace's
pcs are looked up in its own ELF's disassembly (pcs outside it, such as
code run through a virtual alias, are counted but not attributed). AMO
and LR/SC names are counted without their .aq/.rl suffixes, and
`c.addi zero,0` as c.nop. Exit status 0 when everything is covered.
Environment: OBJDUMP_RISCV (default riscv64-linux-gnu-objdump).
"""

import argparse
import glob
import os
import re
import subprocess
import sys

RV64I = """lui auipc jal jalr beq bne blt bge bltu bgeu lb lh lw ld lbu lhu lwu sb sh sw sd
addi slti sltiu xori ori andi slli srli srai add sub sll slt sltu xor srl sra or and
fence fence.tso ecall ebreak addiw slliw srliw sraiw addw subw sllw srlw sraw"""
ZI = "fence.i csrrw csrrs csrrc csrrwi csrrsi csrrci"
PRIV = "mret sret wfi sfence.vma"
RV64M = "mul mulh mulhsu mulhu div divu rem remu mulw divw divuw remw remuw"
AMO = "swap add xor and or min max minu maxu"
FP_COMMON = """fl{w} fs{w} fmadd.{f} fmsub.{f} fnmsub.{f} fnmadd.{f} fadd.{f} fsub.{f}
fmul.{f} fdiv.{f} fsqrt.{f} fsgnj.{f} fsgnjn.{f} fsgnjx.{f} fmin.{f} fmax.{f}
fcvt.w.{f} fcvt.wu.{f} fcvt.l.{f} fcvt.lu.{f} fcvt.{f}.w fcvt.{f}.wu fcvt.{f}.l
fcvt.{f}.lu feq.{f} flt.{f} fle.{f} fclass.{f}"""
RV64C = """c.addi4spn c.fld c.lw c.ld c.fsd c.sw c.sd c.nop c.addi c.addiw c.li
c.addi16sp c.lui c.srli c.srai c.andi c.sub c.xor c.or c.and c.subw c.addw c.j
c.beqz c.bnez c.slli c.fldsp c.lwsp c.ldsp c.jr c.mv c.ebreak c.jalr c.add c.fsdsp
c.swsp c.sdsp"""


def all_instructions():
    names = set((RV64I + " " + ZI + " " + PRIV + " " + RV64M + " " + RV64C).split())
    for w in ("w", "d"):
        names.add("lr." + w)
        names.add("sc." + w)
        for op in AMO.split():
            names.add("amo%s.%s" % (op, w))
    names |= set(FP_COMMON.format(w="w", f="s").split())
    names |= set(FP_COMMON.format(w="d", f="d").split())
    names |= {"fmv.x.w", "fmv.w.x", "fmv.x.d", "fmv.d.x", "fcvt.s.d", "fcvt.d.s"}
    return names


LINE = re.compile(r"^\s*([0-9a-f]+):\s+[0-9a-f]+(?: [0-9a-f]+)*\s+(\S+)\s*(.*)$")


def normalise(mnemonic, operands):
    if mnemonic == "c.addi" and operands.replace(" ", "") == "zero,0":
        return "c.nop"
    return re.sub(r"\.(aqrl|aq|rl)$", "", mnemonic)


def disassemble(elf, objdump):
    out = subprocess.run([objdump, "-d", "-M", "no-aliases", elf], check=True,
                         capture_output=True, text=True).stdout
    table = {}
    for line in out.splitlines():
        m = LINE.match(line)
        if m:
            table[int(m.group(1), 16)] = normalise(m.group(2), m.group(3))
    return table


def trace_files(path):
    if os.path.isfile(path):
        return [path]
    return sorted(p for p in glob.glob(glob.escape(path) + ".*") if p.rsplit(".", 1)[1].isdigit())


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("elf", nargs="+", metavar="ELF[=TRACE]")
    p.add_argument("--list", action="store_true", help="also list what is covered")
    args = p.parse_args()
    objdump = os.environ.get("OBJDUMP_RISCV", "riscv64-linux-gnu-objdump")
    wanted = all_instructions()
    static = set()
    executed = set()
    unknown = 0
    traced = False
    for arg in args.elf:
        elf, _, trace = arg.partition("=")
        table = disassemble(elf, objdump)
        static |= set(table.values())
        if not trace:
            continue
        traced = True
        files = trace_files(trace)
        if not files:
            print("no trace at %s" % trace, file=sys.stderr)
            return 2
        for f in files:
            with open(f) as fh:
                for line in fh:
                    parts = line.split(" ", 3)
                    if line[0] == "#" or len(parts) < 3 or parts[1] == "state":
                        continue
                    name = table.get(int(parts[1], 16))
                    if name is None:
                        unknown += 1
                    else:
                        executed.add(name)
    status = 0
    missing = sorted(wanted - static)
    print("RV64GC instructions: %d; in the images: %d" % (len(wanted), len(wanted & static)))
    if missing:
        status = 1
        print("not in any image: " + " ".join(missing))
    if traced:
        missing = sorted(wanted - executed)
        print("executed in the traces: %d (%d executed instructions at pcs outside the images)"
              % (len(wanted & executed), unknown))
        if missing:
            status = 1
            print("never executed: " + " ".join(missing))
        if args.list:
            print("executed: " + " ".join(sorted(wanted & executed)))
    elif args.list:
        print("in the images: " + " ".join(sorted(wanted & static)))
    return status


if __name__ == "__main__":
    sys.exit(main())
