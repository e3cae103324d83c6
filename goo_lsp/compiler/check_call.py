"""Checker mixin: calls (spec §7.1) — function and method calls, multi-value spreading,
variadic arguments, generic inference and instantiation (§10.4), comptime arguments (§10.5),
conversions, and the builtin functions (§11.1).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from . import constants as C
from . import syntax as S
from .check_base import Mode, Operand, invalid_operand
from .generics import subst, unify, unsatisfied
from .lookup import AssignResult, assignable, contains_lock, convertible
from .objects import ERROR_TYPE, Func, VariantObj
from .types import (
    BYTE,
    INT,
    INVALID,
    STRING,
    UNTYPED_NIL,
    Array,
    Basic,
    Chan,
    ChanDir,
    ErrorUnion,
    Interface,
    Kind,
    Map,
    Nullable,
    Pointer,
    Signature,
    Slice,
    Tuple,
    Type,
    TypeParam,
    core_type,
    default_type,
    identical,
    is_integer,
    is_numeric,
    is_ordered,
    is_string,
    is_untyped,
    underlying,
)

if TYPE_CHECKING:  # pragma: no cover
    from .check import Checker

_UNSUPPORTED_BUILTINS = {
    "recover": "recover() is not supported: panics end the program; return an error union instead",
    "complex": "complex numbers are not supported",
    "real": "complex numbers are not supported",
    "imag": "complex numbers are not supported",
}


class CallMixin:
    def call(self: "Checker", e: S.Call, hint: Type | None) -> Operand:
        explicit: tuple[Type, ...] = ()
        fun_e = e.fun
        if isinstance(fun_e, S.Index):
            base = self.expr(fun_e.x)
            if base.mode == Mode.VALUE and isinstance(base.type, Signature) and base.type.type_params:
                explicit = tuple(self.type_expr(i) for i in fun_e.indices)
                f = base
                f.expr = fun_e
            else:
                f = self.expr(fun_e) if base.invalid is False else base
        else:
            f = self.expr(fun_e)
        if f.invalid:
            self._loose_args(e)
            return invalid_operand(e)
        if f.mode == Mode.TYPEXPR:
            return self.conversion(e, f.type)
        if f.mode == Mode.BUILTIN:
            return self.builtin(e, f.builtin or "", hint)
        if f.mode == Mode.VARIANT:
            name = self.text_of(fun_e)
            self.error("invalid-operation", e, f"invalid operation: cannot call variant {name}; construct it with {name}{{...}}")
            self._loose_args(e)
            return invalid_operand(e)
        if f.mode in (Mode.PACKAGE, Mode.NOVALUE, Mode.CONCEPT):
            self.single_value(f)
            self._loose_args(e)
            return invalid_operand(e)
        sig = core_type(f.type)
        if not isinstance(sig, Signature):
            if isinstance(f.type, (Tuple, ErrorUnion)):
                f = self.single_value(f)
            if not f.invalid:
                self.error("invalid-operation", e, f"invalid operation: cannot call non-function {self.describe(f)}")
            self._loose_args(e)
            return invalid_operand(e)
        func_obj = f.obj if isinstance(f.obj, Func) else None
        name = self.text_of(fun_e)
        args = self.arguments(e, sig)
        if sig.type_params:
            sig = self.infer(e, name, sig, explicit, args)
            if sig is None:
                return invalid_operand(e)
            self.info.instances[e.id] = sig
        self.check_arguments(e, name, sig, args)
        if func_obj is not None and func_obj.pkg in ("fmt", "testing"):
            self.check_format(e, func_obj, args)
        if sig.has_comptime:
            self.comptime_arguments(e, sig, args, func_obj)
        if not sig.results:
            return Operand(Mode.NOVALUE, Tuple(()), e)
        if len(sig.results) == 1:
            return Operand(Mode.VALUE, sig.results[0].type, e, obj=func_obj)
        return Operand(Mode.VALUE, Tuple(sig.result_types), e, obj=func_obj)

    def _loose_args(self: "Checker", e: S.Call) -> None:
        for a in e.args:
            self.expr(a)

    # ---- arguments ------------------------------------------------------------------------
    def arguments(self: "Checker", e: S.Call, sig: Signature) -> list[Operand]:
        """Evaluate arguments; a single multi-valued call is spread into its values."""
        params = sig.params
        if len(e.args) == 1 and not e.ellipsis:
            x = self.expr(e.args[0], params[0].type if len(params) == 1 and not sig.type_params else None)
            if isinstance(x.type, Tuple) and x.mode == Mode.VALUE and len(x.type.types) > 1:
                return [Operand(Mode.VALUE, t, e.args[0]) for t in x.type.types]
            return [self.single_value(x)]
        out = []
        for i, a in enumerate(e.args):
            hint = None
            if not sig.type_params and i < len(params):
                hint = params[i].type
                if sig.variadic and i >= len(params) - 1 and not e.ellipsis and isinstance(hint, Slice):
                    hint = hint.elem
            elif not sig.type_params and sig.variadic and params and isinstance(params[-1].type, Slice):
                hint = params[-1].type.elem
            out.append(self.value(a, hint))
        return out

    def check_arguments(self: "Checker", e: S.Call, name: str, sig: Signature, args: list[Operand]) -> None:
        params = sig.params
        nparams = len(params)
        if any(a.invalid for a in args):
            return
        if e.ellipsis:
            if not sig.variadic:
                self.error("argument-count", e, f"have (...) but function is not variadic: {name}")
                return
            if len(args) != nparams:
                self._count_error(e, name, sig, args)
                return
        elif sig.variadic:
            if len(args) < nparams - 1:
                self._count_error(e, name, sig, args)
                return
        elif len(args) != nparams:
            self._count_error(e, name, sig, args)
            return
        for i, x in enumerate(args):
            if sig.variadic and i >= nparams - 1:
                pt = params[-1].type
                if not e.ellipsis and isinstance(pt, Slice):
                    pt = pt.elem
            else:
                pt = params[i].type
            self.assign_to(x, pt, f"argument to {name}")
            if not x.invalid:
                lock = contains_lock(x.type)
                if lock is not None and not isinstance(underlying(x.type), Pointer):
                    self.warn("sync-copy", x.expr, f"call of {name} copies lock value: {lock}; pass a pointer")

    def _count_error(self: "Checker", e: S.Call, name: str, sig: Signature, args: list[Operand]) -> None:
        have = "(" + ", ".join(self.tstr(default_type(a.type)) if not a.invalid else "invalid type" for a in args) + ")"
        want_parts = []
        for i, p in enumerate(sig.params):
            if sig.variadic and i == len(sig.params) - 1 and isinstance(p.type, Slice):
                want_parts.append("..." + self.tstr(p.type.elem))
            else:
                want_parts.append(self.tstr(p.type))
        want = "(" + ", ".join(want_parts) + ")"
        few = len(args) < len(sig.params)
        word = "not enough" if few else "too many"
        where = e.rparen if few else (args[len(sig.params)].expr if len(args) > len(sig.params) and args[len(sig.params)].expr else e)
        self.error("argument-count", where, f"{word} arguments in call to {name}: have {have}, want {want}")

    # ---- generics -------------------------------------------------------------------------
    def infer(self: "Checker", e: S.Call, name: str, sig: Signature, explicit: tuple[Type, ...],
              args: list[Operand]) -> Signature | None:
        tparams = sig.type_params
        if len(explicit) > len(tparams):
            self.error("argument-count", e.fun, f"got {len(explicit)} type arguments but {name} has {len(tparams)} type parameters")
            return None
        bindings = {tp: t for tp, t in zip(tparams, explicit) if t is not INVALID}
        if any(t is INVALID for t in explicit):
            return None
        params = list(sig.params)
        pairs = []
        for i, x in enumerate(args):
            if x.invalid:
                return None
            if i < len(params) - (1 if sig.variadic else 0):
                pairs.append((params[i].type, x))
            elif sig.variadic and params:
                last = params[-1].type
                pairs.append((last if e.ellipsis else (last.elem if isinstance(last, Slice) else last), x))
        # typed arguments first, then untyped constants with their default types
        for pt, x in pairs:
            if is_untyped(x.type):
                continue
            if not unify(pt, x.type, bindings, tparams):
                bound = subst(pt, bindings)
                self.error("type-mismatch", x.expr,
                           f"type {self.tstr(x.type)} of {self.text_of(x.expr)} does not match {self.tstr(bound)}")
                return None
        rank = {Kind.UNTYPED_INT: 1, Kind.UNTYPED_RUNE: 2, Kind.UNTYPED_FLOAT: 3}
        widest: dict[TypeParam, Type] = {}
        for pt, x in pairs:
            if is_untyped(x.type) and isinstance(pt, TypeParam) and pt in tparams and pt not in bindings:
                if x.type == UNTYPED_NIL:
                    continue
                prev = widest.get(pt)
                if prev is None or rank.get(x.type.kind, 0) > rank.get(prev.kind, 0):
                    widest[pt] = x.type
        for pt, t in widest.items():
            bindings[pt] = default_type(t)
        for tp in tparams:
            if tp not in bindings:
                self.error("type-inference-failed", e, f"cannot infer {tp.name} in call to {name}")
                return None
        for tp in tparams:
            arg = bindings[tp]
            constraint = subst(tp.constraint, bindings)
            why = unsatisfied(arg, constraint)
            if why is not None:
                cname = tp.constraint_text or self.tstr(tp.constraint)
                if why == "comparable":
                    msg = f"{self.tstr(arg)} does not satisfy comparable"
                elif why == "type set":
                    msg = f"{self.tstr(arg)} does not satisfy {cname} ({self.tstr(arg)} missing in {cname})"
                else:
                    msg = f"{self.tstr(arg)} does not satisfy {cname} ({why})"
                self.error("constraint-not-satisfied", e, msg)
                return None
        self.info.targs[e.id] = tuple(bindings[tp] for tp in tparams)
        inst = subst(sig, bindings)
        assert isinstance(inst, Signature)
        return Signature(inst.params, inst.results, inst.variadic, ())

    def explicit_instantiation(self: "Checker", e: S.Index, x: Operand) -> Operand:
        sig = x.type
        assert isinstance(sig, Signature)
        targs = tuple(self.type_expr(i) for i in e.indices)
        if any(t is INVALID for t in targs):
            return invalid_operand(e)
        if len(targs) != len(sig.type_params):
            name = self.text_of(e.x)
            self.error("type-inference-failed", e, f"cannot use generic function {name} without instantiation: "
                       f"got {len(targs)} type arguments, want {len(sig.type_params)}" if len(targs) < len(sig.type_params)
                       else f"got {len(targs)} type arguments but {name} has {len(sig.type_params)} type parameters")
            return invalid_operand(e)
        bindings = dict(zip(sig.type_params, targs))
        for tp, arg in bindings.items():
            why = unsatisfied(arg, subst(tp.constraint, bindings))
            if why is not None:
                self.error("constraint-not-satisfied", e, f"{self.tstr(arg)} does not satisfy {self.tstr(tp.constraint)}"
                           + ("" if why in ("comparable", "type set") else f" ({why})"))
                return invalid_operand(e)
        self.info.targs[e.id] = tuple(targs)
        inst = subst(sig, bindings)
        assert isinstance(inst, Signature)
        inst = Signature(inst.params, inst.results, inst.variadic, ())
        self.info.instances[e.id] = inst
        return Operand(Mode.VALUE, inst, e)

    # ---- conversions ----------------------------------------------------------------------
    def conversion(self: "Checker", e: S.Call, t: Type) -> Operand:
        tname = self.text_of(e.fun)
        if len(e.args) != 1 or e.ellipsis:
            self._loose_args(e)
            if not e.args:
                self.error("argument-count", e.rparen, f"missing argument in conversion to {tname}")
            else:
                self.error("argument-count", e.args[-1], f"too many arguments in conversion to {tname}")
            return invalid_operand(e)
        x = self.value(e.args[0], t)
        if x.invalid:
            return invalid_operand(e)
        if t is ERROR_TYPE and is_string(x.type):
            if is_untyped(x.type):
                self.convert_untyped(x, STRING)
            return Operand(Mode.VALUE, ERROR_TYPE, e)   # error("msg") makes a new error
        tu = underlying(t)
        if x.mode == Mode.CONSTANT and x.value is not None and isinstance(tu, Basic) and not isinstance(t, TypeParam):
            v = C.convert(x.value, tu)
            if isinstance(v, C.ConstError):
                if v.message in ("truncated", "overflows"):
                    self.error("invalid-conversion", e, f"cannot convert {self.describe(x)} to type {self.tstr(t)} ({v.message})")
                else:
                    self.error("invalid-conversion", e, f"cannot convert {self.describe(x)} to type {self.tstr(t)}")
                return invalid_operand(e)
            ok, v2, why = C.representable(v, tu)
            if not ok:
                if is_string(tu):
                    v2 = v
                elif is_integer(x.type) and is_integer(tu):
                    self.error("constant-overflow", e, f"constant {C.format_value(v)} overflows {self.tstr(t)}")
                    return invalid_operand(e)
                else:
                    self.error("constant-overflow", e, f"cannot convert {self.describe(x)} to type {self.tstr(t)} ({why or 'overflows'})")
                    return invalid_operand(e)
            if is_untyped(x.type):
                self._set_type(x, default_type(x.type) if not (is_numeric(x.type) and is_numeric(tu)) else t)
            return Operand(Mode.CONSTANT, t, e, v2)
        if is_untyped(x.type):
            if x.type == UNTYPED_NIL:
                if not isinstance(tu, (Pointer, Slice, Map, Chan, Signature, Interface, Nullable)):
                    self.error("invalid-conversion", e, f"cannot convert nil to type {self.tstr(t)}")
                    return invalid_operand(e)
                self._set_type(x, t)
                return Operand(Mode.VALUE, t, e)
            target = t if isinstance(tu, Basic) or isinstance(t, TypeParam) else default_type(x.type)
            if not self.convert_untyped(x, target):
                return invalid_operand(e)
        if not convertible(x.type, t):
            self.error("invalid-conversion", e, f"cannot convert {self.describe(x)} to type {self.tstr(t)}")
            return invalid_operand(e)
        return Operand(Mode.VALUE, t, e)

    # ---- builtins -------------------------------------------------------------------------
    def builtin(self: "Checker", e: S.Call, name: str, hint: Type | None) -> Operand:
        if name in _UNSUPPORTED_BUILTINS:
            self.error("unsupported-feature", e, _UNSUPPORTED_BUILTINS[name])
            self._loose_args(e)
            return invalid_operand(e)
        method = getattr(self, f"_builtin_{name}", None)
        if method is None:
            self._loose_args(e)
            return invalid_operand(e)
        if e.ellipsis and name != "append":
            self.error("invalid-operation", e, f"invalid operation: invalid use of ... with built-in {name}")
            self._loose_args(e)
            return invalid_operand(e)
        return method(e, hint)

    def _nargs(self: "Checker", e: S.Call, name: str, lo: int, hi: int | None) -> bool:
        n = len(e.args)
        if n < lo:
            self.error("argument-count", e.rparen, f"not enough arguments for {name}(…) (expected {lo}, found {n})")
            self._loose_args(e)
            return False
        if hi is not None and n > hi:
            self.error("argument-count", e.args[hi], f"too many arguments for {name}(…) (expected {hi}, found {n})")
            self._loose_args(e)
            return False
        return True

    def _builtin_len(self: "Checker", e: S.Call, hint: Type | None) -> Operand:
        return self._len_cap(e, "len")

    def _builtin_cap(self: "Checker", e: S.Call, hint: Type | None) -> Operand:
        return self._len_cap(e, "cap")

    def _len_cap(self: "Checker", e: S.Call, name: str) -> Operand:
        if not self._nargs(e, name, 1, 1):
            return invalid_operand(e)
        x = self.value(e.args[0])
        if x.invalid:
            return invalid_operand(e)
        u = core_type(x.type)
        if isinstance(u, Pointer) and isinstance(underlying(u.elem), Array):
            u = underlying(u.elem)
        ok = isinstance(u, (Array, Slice, Chan)) or (name == "len" and (isinstance(u, Map) or is_string(u)))
        if not ok:
            self.error("invalid-operation", e.args[0], f"invalid argument: {self.describe(x)} for built-in {name}")
            return invalid_operand(e)
        if name == "len" and x.mode == Mode.CONSTANT and isinstance(x.value, bytes):
            return Operand(Mode.CONSTANT, INT, e, len(x.value))
        if isinstance(u, Array) and u.length >= 0 and not _has_call_or_recv(e.args[0]):
            return Operand(Mode.CONSTANT, INT, e, u.length)
        return Operand(Mode.VALUE, INT, e)

    def _builtin_append(self: "Checker", e: S.Call, hint: Type | None) -> Operand:
        if not self._nargs(e, "append", 1, None):
            return invalid_operand(e)
        s = self.value(e.args[0], hint)
        if s.invalid:
            self._loose_args_from(e, 1)
            return invalid_operand(e)
        if s.type == UNTYPED_NIL:
            self.error("invalid-operation", e.args[0], "first argument to append must be a typed slice; have untyped nil")
            self._loose_args_from(e, 1)
            return invalid_operand(e)
        su = core_type(s.type)
        if not isinstance(su, Slice):
            self.error("invalid-operation", e.args[0], f"invalid argument: {self.describe(s)} (first argument to append must be a slice)")
            self._loose_args_from(e, 1)
            return invalid_operand(e)
        if e.ellipsis:
            if len(e.args) != 2:
                self.error("argument-count", e, "can only use ... with final argument in list")
                self._loose_args_from(e, 1)
                return invalid_operand(e)
            y = self.value(e.args[1], s.type)
            if y.invalid:
                return invalid_operand(e)
            if is_string(y.type) and isinstance(underlying(su.elem), Basic) and underlying(su.elem).kind == Kind.UINT8:
                if is_untyped(y.type):
                    self.convert_untyped(y, STRING)
                return Operand(Mode.VALUE, s.type, e)
            self.assign_to(y, Slice(su.elem) if not isinstance(underlying(y.type), Slice) or y.type == UNTYPED_NIL else y.type
                           if identical(underlying(y.type).elem, su.elem) else Slice(su.elem), "argument to append")
            return Operand(Mode.VALUE, s.type, e)
        for a in e.args[1:]:
            x = self.value(a, su.elem)
            self.assign_to(x, su.elem, "argument to append")
        return Operand(Mode.VALUE, s.type, e)

    def _loose_args_from(self: "Checker", e: S.Call, start: int) -> None:
        for a in e.args[start:]:
            self.expr(a)

    def _size_arg(self: "Checker", a: S.Expr, what: str) -> int | None:
        x = self.value(a)
        if x.invalid:
            return None
        if x.mode == Mode.CONSTANT and x.value is not None:
            v = x.value
            if isinstance(v, Fraction):
                if v.denominator != 1:
                    self.error("type-mismatch", a, f"{self.describe(x)} truncated to int")
                    return None
                v = int(v)
            if isinstance(v, bool) or not isinstance(v, int):
                self.error("type-mismatch", a, f"cannot convert {self.describe(x)} to type int")
                return None
            if v < 0:
                self.error("invalid-operation", a, f"invalid argument: index {self.text_of(a)} (constant of type int) must not be negative")
                return None
            if is_untyped(x.type):
                self.convert_untyped(x, INT)
            return v
        if not is_integer(x.type):
            self.error("type-mismatch", a, f"cannot convert {self.describe(x)} to type int")
        return None

    def _builtin_make(self: "Checker", e: S.Call, hint: Type | None) -> Operand:
        if not self._nargs(e, "make", 1, 3):
            return invalid_operand(e)
        t = self.type_expr(e.args[0])
        if t is INVALID:
            self._loose_args_from(e, 1)
            return invalid_operand(e)
        u = core_type(t)
        n = len(e.args)
        if isinstance(u, Slice):
            if n < 2:
                self.error("argument-count", e, f"invalid operation: {self.text_of(e)} expects 2 or 3 arguments; found {n}")
                return invalid_operand(e)
            length = self._size_arg(e.args[1], "len")
            cap = self._size_arg(e.args[2], "cap") if n == 3 else None
            if length is not None and cap is not None and length > cap:
                self.error("invalid-operation", e.args[1], f"invalid argument: length and capacity swapped")
        elif isinstance(u, (Map, Chan)):
            if n > 2:
                self.error("argument-count", e.args[2], f"invalid operation: {self.text_of(e)} expects 1 or 2 arguments; found {n}")
                return invalid_operand(e)
            if n == 2:
                self._size_arg(e.args[1], "size")
        else:
            self.error("invalid-operation", e.args[0], f"invalid argument: cannot make {self.text_of(e.args[0])}; type must be slice, map, or channel")
            self._loose_args_from(e, 1)
            return invalid_operand(e)
        return Operand(Mode.VALUE, t, e)

    def _builtin_make_chan(self: "Checker", e: S.Call, hint: Type | None) -> Operand:
        if not self._nargs(e, "make_chan", 1, 2):
            return invalid_operand(e)
        t = self.type_expr(e.args[0])
        if len(e.args) == 2:
            self._size_arg(e.args[1], "size")
        if t is INVALID:
            return invalid_operand(e)
        return Operand(Mode.VALUE, Chan(ChanDir.BOTH, t), e)

    def _builtin_new(self: "Checker", e: S.Call, hint: Type | None) -> Operand:
        if not self._nargs(e, "new", 1, 1):
            return invalid_operand(e)
        t = self.type_expr(e.args[0])
        if t is INVALID:
            return invalid_operand(e)
        return Operand(Mode.VALUE, Pointer(t), e)

    def _builtin_close(self: "Checker", e: S.Call, hint: Type | None) -> Operand:
        if not self._nargs(e, "close", 1, 1):
            return invalid_operand(e)
        x = self.value(e.args[0])
        if x.invalid:
            return invalid_operand(e)
        u = core_type(x.type)
        if not isinstance(u, Chan):
            self.error("invalid-operation", e.args[0], f"invalid operation: non-chan argument {self.describe(x)} for built-in close")
            return invalid_operand(e)
        if u.dir is ChanDir.RECV:
            self.error("invalid-channel-direction", e.args[0], f"invalid operation: cannot close receive-only channel {self.describe(x)}")
            return invalid_operand(e)
        return Operand(Mode.NOVALUE, Tuple(()), e)

    def _builtin_delete(self: "Checker", e: S.Call, hint: Type | None) -> Operand:
        if not self._nargs(e, "delete", 2, 2):
            return invalid_operand(e)
        m = self.value(e.args[0])
        if m.invalid:
            self.expr(e.args[1])
            return invalid_operand(e)
        u = core_type(m.type)
        if not isinstance(u, Map):
            self.error("invalid-operation", e.args[0], f"invalid argument: {self.describe(m)} is not a map")
            self.expr(e.args[1])
            return invalid_operand(e)
        k = self.value(e.args[1], u.key)
        self.assign_to(k, u.key, "argument to delete")
        return Operand(Mode.NOVALUE, Tuple(()), e)

    def _builtin_copy(self: "Checker", e: S.Call, hint: Type | None) -> Operand:
        if not self._nargs(e, "copy", 2, 2):
            return invalid_operand(e)
        dst = self.value(e.args[0])
        src = self.value(e.args[1])
        if dst.invalid or src.invalid:
            return invalid_operand(e)
        du, su = core_type(dst.type), core_type(src.type)
        if not isinstance(du, Slice):
            self.error("invalid-operation", e.args[0], f"invalid argument: copy expects slice arguments; found {self.describe(dst)} and {self.describe(src)}")
            return invalid_operand(e)
        if is_string(su) and isinstance(underlying(du.elem), Basic) and underlying(du.elem).kind == Kind.UINT8:
            if is_untyped(src.type):
                self.convert_untyped(src, STRING)
            return Operand(Mode.VALUE, INT, e)
        if not isinstance(su, Slice) or not identical(du.elem, su.elem):
            self.error("type-mismatch", e, f"invalid argument: arguments to copy {self.describe(dst)} and {self.describe(src)} have different element types")
            return invalid_operand(e)
        return Operand(Mode.VALUE, INT, e)

    def _builtin_panic(self: "Checker", e: S.Call, hint: Type | None) -> Operand:
        if not self._nargs(e, "panic", 1, 1):
            return invalid_operand(e)
        x = self.value(e.args[0])
        if not x.invalid:
            self.assign_to(x, Interface(()), "argument to panic")
        return Operand(Mode.NOVALUE, Tuple(()), e)

    def _builtin_print(self: "Checker", e: S.Call, hint: Type | None) -> Operand:
        for a in e.args:
            x = self.value(a)
            if not x.invalid and is_untyped(x.type):
                if x.type == UNTYPED_NIL:
                    self.error("invalid-operation", a, "use of untyped nil in argument to built-in print")
                else:
                    self.convert_untyped(x, default_type(x.type))
        return Operand(Mode.NOVALUE, Tuple(()), e)

    _builtin_println = _builtin_print

    def _builtin_clear(self: "Checker", e: S.Call, hint: Type | None) -> Operand:
        if not self._nargs(e, "clear", 1, 1):
            return invalid_operand(e)
        x = self.value(e.args[0])
        if not x.invalid and not isinstance(core_type(x.type), (Map, Slice)):
            self.error("invalid-operation", e.args[0], f"invalid argument: {self.describe(x)} must be a map or slice")
        return Operand(Mode.NOVALUE, Tuple(()), e)

    def _builtin_min(self: "Checker", e: S.Call, hint: Type | None) -> Operand:
        return self._min_max(e, "min", hint)

    def _builtin_max(self: "Checker", e: S.Call, hint: Type | None) -> Operand:
        return self._min_max(e, "max", hint)

    def _min_max(self: "Checker", e: S.Call, name: str, hint: Type | None) -> Operand:
        if not self._nargs(e, name, 1, None):
            return invalid_operand(e)
        xs = [self.value(a, hint) for a in e.args]
        if any(x.invalid for x in xs):
            return invalid_operand(e)
        typed = [x for x in xs if not is_untyped(x.type)]
        if typed:
            t = typed[0].type
            for x in xs:
                if is_untyped(x.type):
                    if not self.convert_untyped(x, t, f"argument to {name}"):
                        return invalid_operand(e)
                elif not identical(x.type, t):
                    self.error("type-mismatch", x.expr, f"invalid argument: mismatched types {self.tstr(t)} (previous argument) and {self.tstr(x.type)} (type of {self.text_of(x.expr)})")
                    return invalid_operand(e)
        else:
            rank = {Kind.UNTYPED_INT: 1, Kind.UNTYPED_RUNE: 2, Kind.UNTYPED_FLOAT: 3, Kind.UNTYPED_STRING: 0, Kind.UNTYPED_BOOL: -1}
            t = max((x.type for x in xs), key=lambda tt: rank.get(tt.kind, -1))
        if not is_ordered(t):
            self.error("invalid-operation", e, f"invalid argument: {self.describe(xs[0])} cannot be ordered")
            return invalid_operand(e)
        if all(x.mode == Mode.CONSTANT and x.value is not None for x in xs):
            vals = [x.value for x in xs]
            try:
                v = min(vals) if name == "min" else max(vals)  # type: ignore[type-var]
                return Operand(Mode.CONSTANT, t, e, v)
            except TypeError:
                pass
        return Operand(Mode.VALUE, t, e)

    # ---- printf formats (format-mismatch) ----------------------------------------------------------
    def check_format(self: "Checker", e: S.Call, fn: Func, args: list[Operand]) -> None:
        from . import fmtcheck
        if any(a.invalid for a in args):
            return
        if fn.recv_named is not None:
            if fn.name not in fmtcheck.PRINTF_METHODS:
                return
            index = 0
            label = f"{self.text_of(e.fun)}"
        else:
            key = (fn.pkg, fn.name)
            label = f"{fn.pkg}.{fn.name}"
            if key in fmtcheck.PRINT_FUNCS and args:
                first = args[0]
                if first.mode == Mode.CONSTANT and isinstance(first.value, bytes) and len(args) >= 1:
                    problem = fmtcheck.check_print(label, None, first.value.decode("utf-8", "replace"))
                    if problem is not None:
                        self.warn("format-mismatch", first.expr or e, problem.message)
                return
            if key not in fmtcheck.PRINTF_FUNCS:
                return
            index = fmtcheck.PRINTF_FUNCS[key]
        if index >= len(args) or e.ellipsis:
            return
        fmt_arg = args[index]
        if fmt_arg.mode != Mode.CONSTANT or not isinstance(fmt_arg.value, bytes):
            return
        values = [(self.text_of(a.expr) if a.expr is not None else "?", default_type(a.type)) for a in args[index + 1:]]
        problems = fmtcheck.check_printf(label, fmt_arg.value.decode("utf-8", "replace"), values,
                                         allow_wrap=fn.name == "Errorf" and fn.recv_named is None)
        for p in problems:
            where = args[index + 1 + p.arg_index].expr if p.arg_index is not None else fmt_arg.expr
            self.warn("format-mismatch", where or e, p.message)

    # ---- comptime arguments (spec §10.5) ----------------------------------------------------------
    def comptime_arguments(self: "Checker", e: S.Call, sig: Signature, args: list[Operand], func: Func | None) -> None:
        values = []
        for i, p in enumerate(sig.params):
            if not p.comptime or i >= len(args):
                continue
            x = args[i]
            if x.invalid:
                continue
            if x.mode != Mode.CONSTANT:
                self.error("comptime-not-constant", x.expr,
                           f"comptime argument {p.name} must be a constant expression")
                continue
            values.append((p.name, x.value))
        self.info.instances.setdefault(e.id, tuple(values))
        self.info.comptime_args[e.id] = tuple(values)


def _has_call_or_recv(e: S.Node) -> bool:
    for n in S.walk(e):
        if isinstance(n, S.Call) or (isinstance(n, S.Unary) and n.op == "<-"):
            return True
    return False


__all__ = ["CallMixin", "BYTE", "AssignResult", "assignable", "VariantObj", "Nullable"]
