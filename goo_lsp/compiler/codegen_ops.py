"""Operators and conversions with Go's semantics (spec §8): wrapping integer arithmetic,
checked division (`MinInt / -1` is `MinInt`), shifts by any count (≥ width gives 0 or -1,
negative panics), IEEE floats, string concatenation and comparison, equality of every
comparable kind (structs, arrays, interfaces, nullables, enums), numeric and string conversions
(float → int saturates instead of being undefined).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import ir
from .llvm_types import IFACE_T, SLICE_T, STRING_T, int_bits, is_float, is_signed, is_string, ltype
from .types import (
    Array,
    Basic,
    Chan,
    Enum,
    Interface,
    Kind,
    Map,
    Nullable,
    Pointer,
    Signature,
    Slice,
    Struct,
    Tuple,
    Type,
    underlying,
)

if TYPE_CHECKING:  # pragma: no cover
    from .codegen_func import FunctionEmitter

_ICMP_S = {"==": "eq", "!=": "ne", "<": "slt", "<=": "sle", ">": "sgt", ">=": "sge"}
_ICMP_U = {"==": "eq", "!=": "ne", "<": "ult", "<=": "ule", ">": "ugt", ">=": "uge"}
_FCMP = {"==": "oeq", "!=": "une", "<": "olt", "<=": "ole", ">": "ogt", ">=": "oge"}
_INT_OPS = {"+": "add", "-": "sub", "*": "mul", "&": "and", "|": "or", "^": "xor"}
_FLOAT_OPS = {"+": "fadd", "-": "fsub", "*": "fmul", "/": "fdiv"}


class OpsMixin:
    # ---- binary operators -----------------------------------------------------------------------
    def i_BinOp(self: "FunctionEmitter", ins: ir.BinOp) -> None:
        op = ins.op
        t = ins.x.type
        r = self.name(ins)
        if op in _ICMP_S:
            self.line(f"{r} = " + self.compare(op, ins.x, ins.y))
            return
        if is_string(t):
            assert op == "+"
            self.line(f"{r} = call {STRING_T} @goo_concat({self.tv(ins.x)}, {self.tv(ins.y)})")
            return
        lt = ltype(t)
        x, y = self.v(ins.x), self.v(ins.y)
        if is_float(t):
            self.line(f"{r} = {_FLOAT_OPS[op]} {lt} {x}, {y}")
            return
        if op in _INT_OPS:
            self.line(f"{r} = {_INT_OPS[op]} {lt} {x}, {y}")
            return
        if op in ("/", "%"):
            self.divide(r, op, lt, x, ins.y, is_signed(t))
            return
        if op in ("<<", ">>"):
            self.shift(r, op, t, x, ins.y)
            return
        raise AssertionError(f"operator {op} on {t}")

    def divide(self: "FunctionEmitter", r: str, op: str, lt: str, x: str, yv: ir.Value, signed: bool) -> None:
        y = self.v(yv)
        if not (isinstance(yv, ir.Const) and yv.value not in (None, 0)):
            z = self.tmp()
            self.line(f"{z} = icmp eq {lt} {y}, 0")
            self.check(z, f"call void @goo_panic_div(ptr %ctx, ptr {self.loc()})")
        if not signed:
            self.line(f"{r} = {'udiv' if op == '/' else 'urem'} {lt} {x}, {y}")
            return
        if isinstance(yv, ir.Const) and yv.value not in (None, -1):
            self.line(f"{r} = {'sdiv' if op == '/' else 'srem'} {lt} {x}, {y}")
            return
        # x / -1 overflows for the minimum value (a trap on x86): compute it as 0 - x
        m1, safe, q = self.tmp(), self.tmp(), self.tmp()
        self.line(f"{m1} = icmp eq {lt} {y}, -1")
        self.line(f"{safe} = select i1 {m1}, {lt} 1, {lt} {y}")
        self.line(f"{q} = {'sdiv' if op == '/' else 'srem'} {lt} {x}, {safe}")
        if op == "/":
            neg = self.tmp()
            self.line(f"{neg} = sub {lt} 0, {x}")
            self.line(f"{r} = select i1 {m1}, {lt} {neg}, {lt} {q}")
        else:
            self.line(f"{r} = select i1 {m1}, {lt} 0, {lt} {q}")

    def shift(self: "FunctionEmitter", r: str, op: str, t: Type, x: str, yv: ir.Value) -> None:
        lt = ltype(t)
        bits = int_bits(t)
        if isinstance(yv, ir.Const) and yv.value is not None and 0 <= int(yv.value) < bits:
            kind = "shl" if op == "<<" else ("ashr" if is_signed(t) else "lshr")
            self.line(f"{r} = {kind} {lt} {x}, {int(yv.value)}")
            return
        count = self.as_i64(yv)
        if is_signed(yv.type):
            neg = self.tmp()
            self.line(f"{neg} = icmp slt i64 {count}, 0")
            self.check(neg, f"call void @goo_panic_shift(ptr %ctx, ptr {self.loc()})")
        big, c, ct, sh = self.tmp(), self.tmp(), self.tmp(), self.tmp()
        self.line(f"{big} = icmp uge i64 {count}, {bits}")
        self.line(f"{c} = select i1 {big}, i64 {bits - 1}, i64 {count}")
        if lt != "i64":
            self.line(f"{ct} = trunc i64 {c} to {lt}")
        else:
            ct = c
        if op == "<<":
            self.line(f"{sh} = shl {lt} {x}, {ct}")
            self.line(f"{r} = select i1 {big}, {lt} 0, {lt} {sh}")
        elif is_signed(t):
            self.line(f"{r} = ashr {lt} {x}, {ct}")   # a count >= width fills with the sign
        else:
            self.line(f"{sh} = lshr {lt} {x}, {ct}")
            self.line(f"{r} = select i1 {big}, {lt} 0, {lt} {sh}")

    # ---- comparisons ----------------------------------------------------------------------------
    def compare(self: "FunctionEmitter", op: str, xv: ir.Value, yv: ir.Value) -> str:
        """The right-hand side of an i1 comparison of two values of one type."""
        t = xv.type
        u = underlying(t)
        x, y = self.v(xv), self.v(yv)
        if isinstance(u, Basic):
            if is_string(t):
                if op in ("==", "!="):
                    eq = self.tmp()
                    self.line(f"{eq} = call i1 @goo_streq({self.tv(xv)}, {STRING_T} {y})")
                    return f"xor i1 {eq}, {'false' if op == '==' else 'true'}"
                c = self.tmp()
                self.line(f"{c} = call i64 @goo_strcmp({self.tv(xv)}, {STRING_T} {y})")
                return f"icmp {_ICMP_S[op]} i64 {c}, 0"
            lt = ltype(t)
            if is_float(t):
                return f"fcmp {_FCMP[op]} {lt} {x}, {y}"
            table = _ICMP_S if is_signed(t) or lt == "i1" else _ICMP_U
            return f"icmp {table[op]} {lt} {x}, {y}"
        if isinstance(u, (Pointer, Map, Chan, Signature)):
            return f"icmp {_ICMP_U[op]} ptr {x}, {y}"
        if isinstance(u, Slice):
            # only comparison with nil is allowed
            other = xv if not _is_nil(xv) else yv
            p = self.tmp()
            self.line(f"{p} = extractvalue {SLICE_T} {self.v(other)}, 0")
            return f"icmp {_ICMP_U[op]} ptr {p}, null"
        eq = self.equal(xv, yv)
        return f"xor i1 {eq}, {'false' if op == '==' else 'true'}"

    def equal(self: "FunctionEmitter", xv: ir.Value, yv: ir.Value) -> str:
        """An i1 operand: x == y for aggregates, interfaces and Goo types."""
        t = xv.type
        u = underlying(t)
        if isinstance(u, Interface):
            if _is_nil(yv) or _is_nil(xv):
                other = xv if _is_nil(yv) else yv
                w = self.tmp()
                self.line(f"{w} = extractvalue {IFACE_T} {self.v(other)}, 0")
                r = self.tmp()
                self.line(f"{r} = icmp eq ptr {w}, null")
                return r
            t1, d1 = self.dynamic_type(xv)
            t2, d2 = self.dynamic_type(yv)
            r = self.tmp()
            self.line(f"{r} = call i1 @goo_iface_eq(ptr %ctx, ptr {t1}, ptr {d1}, ptr {t2}, ptr {d2})")
            return r
        if isinstance(u, Nullable):
            if _is_nil(yv) or _is_nil(xv):
                other = xv if _is_nil(yv) else yv
                present, r = self.tmp(), self.tmp()
                self.line(f"{present} = extractvalue {self.tv(other)}, 1")
                self.line(f"{r} = xor i1 {present}, true")
                return r
        # structs, arrays, nullables, enums: the type's equality function over two temporaries
        lt = ltype(t)
        a, b, r = self.tmp(), self.tmp(), self.tmp()
        self.line(f"{a} = alloca {lt}")
        self.line(f"{b} = alloca {lt}")
        self.line(f"store {lt} {self.v(xv)}, ptr {a}")
        self.line(f"store {lt} {self.v(yv)}, ptr {b}")
        self.line(f"{r} = call i1 {self.m.types.eq_fn(t)}(ptr {a}, ptr {b})")
        return r

    # ---- unary operators ------------------------------------------------------------------------
    def i_UnOp(self: "FunctionEmitter", ins: ir.UnOp) -> None:
        lt = ltype(ins.type)
        x = self.v(ins.x)
        r = self.name(ins)
        match ins.op:
            case "-":
                if is_float(ins.type):
                    self.line(f"{r} = fneg {lt} {x}")
                else:
                    self.line(f"{r} = sub {lt} 0, {x}")
            case "!":
                self.line(f"{r} = xor i1 {x}, true")
            case "^":
                self.line(f"{r} = xor {lt} {x}, -1")
            case _:
                raise AssertionError(ins.op)

    # ---- conversions ----------------------------------------------------------------------------
    def i_Convert(self: "FunctionEmitter", ins: ir.Convert) -> None:
        src, dst = ins.x.type, ins.type
        su, du = underlying(src), underlying(dst)
        r = self.name(ins)
        x = self.v(ins.x)
        sl, dl = ltype(src), ltype(dst)
        if isinstance(du, Basic) and du.kind == Kind.STRING:
            if isinstance(su, Basic) and su.kind in (Kind.STRING, Kind.UNTYPED_STRING):
                self.alias[ins.id] = x
                return
            if isinstance(su, Basic):  # string(rune)
                self.line(f"{r} = call {STRING_T} @goo_str_from_rune(i64 {self.as_i64(ins.x)})")
                return
            if isinstance(su, Slice):
                eu = underlying(su.elem)
                if isinstance(eu, Basic) and eu.kind == Kind.UINT8:
                    p, n = self.tmp(), self.tmp()
                    self.line(f"{p} = extractvalue {SLICE_T} {x}, 0")
                    self.line(f"{n} = extractvalue {SLICE_T} {x}, 1")
                    self.line(f"{r} = call {STRING_T} @goo_str_from_bytes(ptr {p}, i64 {n})")
                    return
                self.line(f"{r} = call {STRING_T} @goo_str_from_runes({SLICE_T} {x})")
                return
        if isinstance(du, Slice) and isinstance(su, Basic) and su.kind in (Kind.STRING, Kind.UNTYPED_STRING):
            eu = underlying(du.elem)
            fn = "@goo_bytes_from_str" if isinstance(eu, Basic) and eu.kind == Kind.UINT8 else "@goo_runes_from_str"
            self.line(f"{r} = call {SLICE_T} {fn}({STRING_T} {x})")
            return
        if isinstance(su, Basic) and isinstance(du, Basic):
            sf, df = is_float(src), is_float(dst)
            if sf and df:
                if sl == dl:
                    self.alias[ins.id] = x
                else:
                    self.line(f"{r} = {'fpext' if sl == 'float' else 'fptrunc'} {sl} {x} to {dl}")
                return
            if sf:
                kind = "fptosi" if is_signed(dst) else "fptoui"
                intr = f"llvm.{kind}.sat.{dl}.{'f32' if sl == 'float' else 'f64'}"
                self.m.types.declare(f"declare {dl} @{intr}({sl})")
                self.line(f"{r} = call {dl} @{intr}({sl} {x})")
                return
            if df:
                self.line(f"{r} = {'sitofp' if is_signed(src) else 'uitofp'} {sl} {x} to {dl}")
                return
            sb, db = int_bits(src), int_bits(dst)
            if sb == db:
                self.alias[ins.id] = x
            elif sb > db:
                self.line(f"{r} = trunc {sl} {x} to {dl}")
            else:
                self.line(f"{r} = {'sext' if is_signed(src) else 'zext'} {sl} {x} to {dl}")
            return
        if sl == dl:
            self.alias[ins.id] = x
            return
        raise AssertionError(f"conversion {src} -> {dst}")


def _is_nil(v: ir.Value) -> bool:
    return isinstance(v, ir.Const) and v.value is None


__all__ = ["OpsMixin", "Array", "Enum", "Struct", "Tuple"]
