"""Builtins (len, cap, append, copy, clear, min, max, print, println, error) and the intrinsics
of the standard packages: body-less functions of `internal/rt` and `math` implemented directly
in LLVM IR.

Invariant: an intrinsic not in `INTRINSICS` is a compile error naming the function (never a
silent stub).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from . import ir
from .llvm_types import IFACE_T, SLICE_T, STRING_T, is_float, is_pointer_shaped, is_signed, is_string, ltype, size_align
from .types import Array, Basic, Chan, Kind, Map, Pointer, Slice, underlying

if TYPE_CHECKING:  # pragma: no cover
    from .codegen_func import FunctionEmitter

# math functions with an exact LLVM intrinsic or libm equivalent: name -> (symbol, arity)
MATH_FUNCS = {
    "Sqrt": ("llvm.sqrt.f64", 1), "Floor": ("llvm.floor.f64", 1), "Ceil": ("llvm.ceil.f64", 1),
    "Trunc": ("llvm.trunc.f64", 1), "Abs": ("llvm.fabs.f64", 1), "Round": ("llvm.round.f64", 1),
    "RoundToEven": ("llvm.roundeven.f64", 1), "Copysign": ("llvm.copysign.f64", 2),
    "FMA": ("llvm.fma.f64", 3), "Pow": ("pow", 2), "Exp": ("exp", 1), "Exp2": ("exp2", 1),
    "Log": ("log", 1), "Log2": ("log2", 1), "Log10": ("log10", 1), "Log1p": ("log1p", 1),
    "Expm1": ("expm1", 1), "Sin": ("sin", 1), "Cos": ("cos", 1), "Tan": ("tan", 1),
    "Asin": ("asin", 1), "Acos": ("acos", 1), "Atan": ("atan", 1), "Atan2": ("atan2", 2),
    "Sinh": ("sinh", 1), "Cosh": ("cosh", 1), "Tanh": ("tanh", 1), "Hypot": ("hypot", 2),
    "Cbrt": ("cbrt", 1), "Mod": ("fmod", 2), "Asinh": ("asinh", 1), "Acosh": ("acosh", 1),
    "Atanh": ("atanh", 1), "Erf": ("erf", 1), "Erfc": ("erfc", 1), "Gamma": ("tgamma", 1),
    "Remainder": ("remainder", 2), "Nextafter": ("nextafter", 2), "Logb": ("logb", 1),
}


class BuiltinsMixin:
    def i_Builtin(self: "FunctionEmitter", ins: ir.Builtin) -> None:
        name = ins.name
        handler = getattr(self, "b_" + name, None)
        if handler is not None:
            handler(ins)
            return
        if name.startswith("math.") and name[5:] in MATH_FUNCS:
            self.math_call(ins, *MATH_FUNCS[name[5:]])
            return
        impl = INTRINSICS.get(name)
        if impl is None:
            from .codegen_func import EmitError
            raise EmitError(f"{name} is not implemented by this runtime yet")
        impl(self, ins)

    # ---- basics ---------------------------------------------------------------------------------
    def b_nilcheck(self: "FunctionEmitter", ins: ir.Builtin) -> None:
        p = ins.args[0]
        if not self.known_nonnull(p):
            self.nil_check(self.v(p))
        self.alias[ins.id] = self.v(p)

    def b_len(self: "FunctionEmitter", ins: ir.Builtin) -> None:
        x = ins.args[0]
        u = underlying(x.type)
        r = self.name(ins)
        if isinstance(u, Basic):
            self.line(f"{r} = extractvalue {STRING_T} {self.v(x)}, 1")
        elif isinstance(u, Slice):
            self.line(f"{r} = extractvalue {SLICE_T} {self.v(x)}, 1")
        elif isinstance(u, Array):
            self.alias[ins.id] = str(u.length)
        elif isinstance(u, Pointer):
            self.alias[ins.id] = str(underlying(u.elem).length)
        elif isinstance(u, Map):
            self.line(f"{r} = call i64 @goo_map_len(ptr {self.v(x)})")
        elif isinstance(u, Chan):
            self.line(f"{r} = call i64 @goo_chan_len(ptr {self.v(x)})")
        else:
            raise AssertionError(u)

    def b_cap(self: "FunctionEmitter", ins: ir.Builtin) -> None:
        x = ins.args[0]
        u = underlying(x.type)
        if isinstance(u, Slice):
            self.line(f"{self.name(ins)} = extractvalue {SLICE_T} {self.v(x)}, 2")
        elif isinstance(u, Array):
            self.alias[ins.id] = str(u.length)
        elif isinstance(u, Pointer):
            self.alias[ins.id] = str(underlying(u.elem).length)
        elif isinstance(u, Chan):
            self.line(f"{self.name(ins)} = call i64 @goo_chan_cap(ptr {self.v(x)})")
        else:
            raise AssertionError(u)

    def grow_for(self: "FunctionEmitter", s: str, extra: str, esize: int) -> tuple[str, str, str, str]:
        """Make room for `extra` more elements: (data ptr, old len, new len, cap)."""
        p, n, c, nl, need = self.tmp(), self.tmp(), self.tmp(), self.tmp(), self.tmp()
        self.line(f"{p} = extractvalue {SLICE_T} {s}, 0")
        self.line(f"{n} = extractvalue {SLICE_T} {s}, 1")
        self.line(f"{c} = extractvalue {SLICE_T} {s}, 2")
        self.line(f"{nl} = add i64 {n}, {extra}")
        self.line(f"{need} = icmp ugt i64 {nl}, {c}")
        grow, done = self.new_label("grow"), self.new_label("grown")
        before = self.cur_label
        self.line(f"br i1 {need}, label %{grow}, label %{done}")
        self.label(grow)
        g, gp, gc = self.tmp(), self.tmp(), self.tmp()
        self.line(f"{g} = call {{ ptr, i64 }} @goo_growslice(ptr {p}, i64 {n}, i64 {c}, i64 {nl}, i64 {esize})")
        self.line(f"{gp} = extractvalue {{ ptr, i64 }} {g}, 0")
        self.line(f"{gc} = extractvalue {{ ptr, i64 }} {g}, 1")
        grown_from = self.cur_label
        self.line(f"br label %{done}")
        self.label(done)
        fp, fc = self.tmp(), self.tmp()
        self.line(f"{fp} = phi ptr [ {p}, %{before} ], [ {gp}, %{grown_from} ]")
        self.line(f"{fc} = phi i64 [ {c}, %{before} ], [ {gc}, %{grown_from} ]")
        return fp, n, nl, fc

    def make_slice_value(self: "FunctionEmitter", result: str, p: str, n: str, c: str) -> None:
        a, b = self.tmp(), self.tmp()
        self.line(f"{a} = insertvalue {SLICE_T} undef, ptr {p}, 0")
        self.line(f"{b} = insertvalue {SLICE_T} {a}, i64 {n}, 1")
        self.line(f"{result} = insertvalue {SLICE_T} {b}, i64 {c}, 2")

    def b_append(self: "FunctionEmitter", ins: ir.Builtin) -> None:
        s, values = ins.args[0], ins.args[1:]
        elem = underlying(s.type).elem
        et = ltype(elem)
        esize = size_align(elem)[0]
        p, n, nl, c = self.grow_for(self.v(s), str(len(values)), esize)
        for k, v in enumerate(values):
            idx, slot = self.tmp(), self.tmp()
            self.line(f"{idx} = add i64 {n}, {k}")
            self.line(f"{slot} = getelementptr inbounds {et}, ptr {p}, i64 {idx}")
            self.line(f"store {et} {self.v(v)}, ptr {slot}")
        self.make_slice_value(self.name(ins), p, nl, c)

    def b_append_slice(self: "FunctionEmitter", ins: ir.Builtin) -> None:
        s, other = ins.args
        elem = underlying(s.type).elem
        esize = size_align(elem)[0]
        ot = STRING_T if is_string(other.type) else SLICE_T
        op, on = self.tmp(), self.tmp()
        self.line(f"{op} = extractvalue {ot} {self.v(other)}, 0")
        self.line(f"{on} = extractvalue {ot} {self.v(other)}, 1")
        p, n, nl, c = self.grow_for(self.v(s), on, esize)
        dst, bytes_ = self.tmp(), self.tmp()
        self.line(f"{dst} = getelementptr inbounds {ltype(elem)}, ptr {p}, i64 {n}")
        self.line(f"{bytes_} = mul i64 {on}, {esize}")
        self.line(f"call void @llvm.memmove.p0.p0.i64(ptr {dst}, ptr {op}, i64 {bytes_}, i1 false)")
        self.make_slice_value(self.name(ins), p, nl, c)

    def b_copy(self: "FunctionEmitter", ins: ir.Builtin) -> None:
        dst, src = ins.args
        elem = underlying(dst.type).elem
        esize = size_align(elem)[0]
        st = STRING_T if is_string(src.type) else SLICE_T
        dp, dn, sp, sn, lt, n, b = (self.tmp() for _ in range(7))
        self.line(f"{dp} = extractvalue {SLICE_T} {self.v(dst)}, 0")
        self.line(f"{dn} = extractvalue {SLICE_T} {self.v(dst)}, 1")
        self.line(f"{sp} = extractvalue {st} {self.v(src)}, 0")
        self.line(f"{sn} = extractvalue {st} {self.v(src)}, 1")
        self.line(f"{lt} = icmp slt i64 {dn}, {sn}")
        self.line(f"{n} = select i1 {lt}, i64 {dn}, i64 {sn}")
        self.line(f"{b} = mul i64 {n}, {esize}")
        self.line(f"call void @llvm.memmove.p0.p0.i64(ptr {dp}, ptr {sp}, i64 {b}, i1 false)")
        self.alias[ins.id] = n

    def b_clear(self: "FunctionEmitter", ins: ir.Builtin) -> None:
        x = ins.args[0]
        u = underlying(x.type)
        if isinstance(u, Map):
            fns = self.m.types.map_fns(x.type)
            self.line(f"call void {fns}.clear(ptr {self.v(x)})")
            return
        esize = size_align(u.elem)[0]
        p, n, b = self.tmp(), self.tmp(), self.tmp()
        self.line(f"{p} = extractvalue {SLICE_T} {self.v(x)}, 0")
        self.line(f"{n} = extractvalue {SLICE_T} {self.v(x)}, 1")
        self.line(f"{b} = mul i64 {n}, {esize}")
        self.line(f"call void @llvm.memset.p0.i64(ptr {p}, i8 0, i64 {b}, i1 false)")

    def b_min(self: "FunctionEmitter", ins: ir.Builtin) -> None:
        self.min_max(ins, "min")

    def b_max(self: "FunctionEmitter", ins: ir.Builtin) -> None:
        self.min_max(ins, "max")

    def min_max(self: "FunctionEmitter", ins: ir.Builtin, which: str) -> None:
        t = ins.type
        lt = ltype(t)
        cur = self.v(ins.args[0])
        for k, a in enumerate(ins.args[1:]):
            nxt = self.name(ins) if k == len(ins.args) - 2 else self.tmp()
            y = self.v(a)
            if is_float(t):
                # Go: a NaN operand gives NaN; -0 < +0 (LLVM's minimum/maximum)
                intr = f"llvm.{'minimum' if which == 'min' else 'maximum'}.{'f32' if lt == 'float' else 'f64'}"
                self.m.types.declare(f"declare {lt} @{intr}({lt}, {lt})")
                self.line(f"{nxt} = call {lt} @{intr}({lt} {cur}, {lt} {y})")
            elif is_string(t):
                c, less = self.tmp(), self.tmp()
                self.line(f"{c} = call i64 @goo_strcmp({STRING_T} {y}, {STRING_T} {cur})")
                self.line(f"{less} = icmp {'slt' if which == 'min' else 'sgt'} i64 {c}, 0")
                self.line(f"{nxt} = select i1 {less}, {STRING_T} {y}, {STRING_T} {cur}")
            else:
                c = self.tmp()
                pred = ("slt" if which == "min" else "sgt") if is_signed(t) else ("ult" if which == "min" else "ugt")
                self.line(f"{c} = icmp {pred} {lt} {y}, {cur}")
                self.line(f"{nxt} = select i1 {c}, {lt} {y}, {lt} {cur}")
            cur = nxt

    def b_print(self: "FunctionEmitter", ins: ir.Builtin) -> None:
        for a in ins.args:
            self.print_value(a)

    def b_println(self: "FunctionEmitter", ins: ir.Builtin) -> None:
        for k, a in enumerate(ins.args):
            if k:
                self.line("call void @goo_print_sp()")
            self.print_value(a)
        self.line("call void @goo_print_nl()")

    def print_value(self: "FunctionEmitter", a: ir.Value) -> None:
        t = a.type
        u = underlying(t)
        if is_string(t):
            self.line(f"call void @goo_print_str({self.tv(a)})")
        elif isinstance(u, Basic) and u.kind == Kind.BOOL:
            self.line(f"call void @goo_print_bool(i1 {self.v(a)})")
        elif is_float(t):
            x = self.v(a)
            if ltype(t) == "float":
                d = self.tmp()
                self.line(f"{d} = fpext float {x} to double")
                x = d
            self.line(f"call void @goo_print_float(double {x})")
        elif isinstance(u, Basic):
            self.line(f"call void @goo_print_{'int' if is_signed(t) else 'uint'}(i64 {self.as_i64(a)})")
        elif ltype(t) == "ptr":
            self.line(f"call void @goo_print_ptr(ptr {self.v(a)})")
        else:
            # interfaces and aggregates: Go prints (type, address) pairs; print the data word
            w = self.tmp()
            self.line(f"{w} = extractvalue {self.tv(a)}, 0")
            self.line(f"call void @goo_print_ptr(ptr {w})")

    def b_decoderune(self: "FunctionEmitter", ins: ir.Builtin) -> None:
        s, i = ins.args
        p, n = self.tmp(), self.tmp()
        self.line(f"{p} = extractvalue {STRING_T} {self.v(s)}, 0")
        self.line(f"{n} = extractvalue {STRING_T} {self.v(s)}, 1")
        self.line(f"{self.name(ins)} = call {{ i32, i64 }} @goo_decoderune(ptr {p}, i64 {n}, i64 {self.as_i64(i)})")

    def b_failure_check(self: "FunctionEmitter", ins: ir.Builtin) -> None:
        e = self.v(ins.args[0])
        w, bad = self.tmp(), self.tmp()
        self.line(f"{w} = extractvalue {IFACE_T} {e}, 0")
        self.line(f"{bad} = icmp eq ptr {w}, null")
        self.check(bad, f"call void @goo_panic_nilfail(ptr %ctx, ptr {self.loc()})")
        self.alias[ins.id] = e

    def b_error(self: "FunctionEmitter", ins: ir.Builtin) -> None:
        fn = self.m.types.rt_function("NewError")
        self.line(f"{self.name(ins)} = call {IFACE_T} {fn}(ptr %ctx, ptr null, {self.tv(ins.args[0])})")

    # ---- math -----------------------------------------------------------------------------------
    def math_call(self: "FunctionEmitter", ins: ir.Builtin, symbol: str, arity: int) -> None:
        params = ", ".join(["double"] * arity)
        self.m.types.declare(f"declare double @{symbol}({params})")
        args = ", ".join(f"double {self.v(a)}" for a in ins.args)
        self.line(f"{self.name(ins)} = call double @{symbol}({args})")


# ---- rt intrinsics ------------------------------------------------------------------------------
def _simple(call: str, ret: str | None = None) -> Callable:
    """An intrinsic that is one runtime call with the arguments as they are."""
    def impl(fe: "FunctionEmitter", ins: ir.Builtin) -> None:
        args = ", ".join(fe.tv(a) for a in ins.args)
        r = ltype(ins.type) if ret is None else ret
        lhs = f"{fe.name(ins)} = " if r != "void" else ""
        fe.line(f"{lhs}call {r} {call}({args})")
    return impl


def _write_string(fe: "FunctionEmitter", ins: ir.Builtin) -> None:
    fd, s = ins.args
    fe.line(f"call void @goo_write_str(i64 {fe.as_i64(fd)}, {fe.tv(s)})")


def _write_bytes(fe: "FunctionEmitter", ins: ir.Builtin) -> None:
    fd, b = ins.args
    p, n = fe.tmp(), fe.tmp()
    fe.line(f"{p} = extractvalue {SLICE_T} {fe.v(b)}, 0")
    fe.line(f"{n} = extractvalue {SLICE_T} {fe.v(b)}, 1")
    fe.line(f"call void @goo_write(i64 {fe.as_i64(fd)}, ptr {p}, i64 {n})")


def _bytes_to_string(fe: "FunctionEmitter", ins: ir.Builtin) -> None:
    b = fe.v(ins.args[0])
    p, n, s0 = fe.tmp(), fe.tmp(), fe.tmp()
    fe.line(f"{p} = extractvalue {SLICE_T} {b}, 0")
    fe.line(f"{n} = extractvalue {SLICE_T} {b}, 1")
    fe.line(f"{s0} = insertvalue {STRING_T} undef, ptr {p}, 0")
    fe.line(f"{fe.name(ins)} = insertvalue {STRING_T} {s0}, i64 {n}, 1")


def _fmt_float(fmt: str) -> Callable:
    def impl(fe: "FunctionEmitter", ins: ir.Builtin) -> None:
        f, prec = ins.args
        fe.line(f"{fe.name(ins)} = call {STRING_T} @goo_fmt_float(ptr @.str.fmt_{fmt}, double {fe.v(f)}, i64 {fe.as_i64(prec)})")
    return impl


def _bits(src: str, dst: str) -> Callable:
    def impl(fe: "FunctionEmitter", ins: ir.Builtin) -> None:
        fe.line(f"{fe.name(ins)} = bitcast {src} {fe.v(ins.args[0])} to {dst}")
    return impl


def _exit(fe: "FunctionEmitter", ins: ir.Builtin) -> None:
    fe.line(f"call void @goo_exit(i64 {fe.as_i64(ins.args[0])})")
    fe.line("unreachable")
    fe.label(fe.new_label("dead"))


def _caller_line(fe: "FunctionEmitter", ins: ir.Builtin) -> None:
    fe.alias[ins.id] = fe.m.string_value(b"???:1")


def _reflect(name: str) -> Callable:
    def impl(fe: "FunctionEmitter", ins: ir.Builtin) -> None:
        args = ", ".join(fe.tv(a) for a in ins.args)
        r = ltype(ins.type)
        lhs = f"{fe.name(ins)} = " if r != "void" else ""
        fe.line(f"{lhs}call {r} @goo_rt_{name}(ptr %ctx{', ' if args else ''}{args})")
        fe.m.types.need_reflection()
    return impl


INTRINSICS: dict[str, Callable] = {
    "rt.WriteString": _write_string,
    "rt.Write": _write_bytes,
    "rt.Nanotime": _simple("@goo_nanotime", "i64"),
    "rt.Walltime": _simple("@goo_walltime", "i64"),
    "rt.Sleep": _simple("@goo_sleep", "void"),
    "rt.Args": _simple("@goo_args", SLICE_T),
    "rt.Exit": _exit,
    "rt.Getenv": _simple("@goo_getenv"),
    "rt.BytesToString": _bytes_to_string,
    "rt.CallerLine": _caller_line,
    "rt.FormatFloatE": _fmt_float("e"),
    "rt.FormatFloatF": _fmt_float("f"),
    "rt.ParseFloat": _simple("@goo_parse_float"),
    "rt.Float64bits": _bits("double", "i64"),
    "rt.Float64frombits": _bits("i64", "double"),
    "rt.Float32bits": _bits("float", "i32"),
    "rt.Float32frombits": _bits("i32", "float"),
    **{f"rt.{n}": _reflect(n) for n in (
        "TypeOf", "FieldValue", "VariantOf", "VariantField", "Len", "Cap", "Index", "MapKeys", "MapIndex",
        "Elem", "IsNil", "Int", "Uint", "Float", "Bool", "String", "Pointer", "Convert", "Zero")},
}


__all__ = ["BuiltinsMixin", "INTRINSICS", "MATH_FUNCS", "is_pointer_shaped"]
