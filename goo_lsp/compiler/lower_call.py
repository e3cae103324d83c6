"""Lowering of calls: static calls (generic and comptime instances included), method calls
(value/pointer receivers, promoted through embedded fields, dynamic through interfaces),
closure calls, conversions, builtins, method values and method expressions.

Invariants:
- Arguments are evaluated left to right, then converted to the parameter types; extra
  arguments of a variadic function are packed into a fresh slice.
- A std function without a body is an intrinsic: it becomes `Builtin("pkg.Name")` (methods:
  `"pkg.Type.Name"`), which codegen implements.
- Comptime arguments are not passed: they select the instance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import ir
from . import syntax as S
from .check_base import Mode
from .lookup import SelKind, Selection, lookup
from .objects import ERROR_TYPE, Builtin as BuiltinObj, Func
from .types import (
    BOOL,
    INT,
    Array,
    Basic,
    Interface,
    Kind,
    Map,
    Pointer,
    Signature,
    Slice,
    Tuple,
    Type,
    is_interface,
    underlying,
)

if TYPE_CHECKING:  # pragma: no cover
    from .lower_func import FuncLowerer



def intrinsic_name(fn: Func) -> str:
    if fn.recv_named is not None:
        return f"{fn.pkg}.{fn.recv_named.obj.name}.{fn.name}"
    return f"{fn.pkg}.{fn.name}"


def is_intrinsic(fn: Func) -> bool:
    decl = fn.decl
    return isinstance(decl, S.FuncDecl) and decl.body is None


class CallMixin:
    def call(self: "FuncLowerer", e: S.Call) -> ir.Value:
        target = self.call_target(e)
        span = self.span(e)
        match target:
            case ("value", value):
                return value
            case ("intrinsic", name, args):
                return self.emit(ir.Builtin(self.call_result_type(e), span, name, args))
            case ("call", callee, args, method):
                return self.emit(ir.Call(self.call_result_type(e), span, callee, args, method))
        raise AssertionError(target)

    def call_target(self: "FuncLowerer", e: S.Call) -> tuple:
        """What a call does, with its callee and arguments evaluated (for calls and defers):
        ("call", callee, args, method) | ("intrinsic", name, args) | ("value", v) for
        conversions and builtins (which are evaluated at once)."""
        fun = S.unparen(e.fun)
        ftv = self.tv(fun)
        if ftv is not None and ftv.mode == Mode.TYPEXPR:
            return ("value", self.conversion(e, self.t(ftv.type)))
        name = self._builtin_name(fun)
        if name is not None:
            return ("value", self.builtin(e, name))
        if isinstance(fun, S.Selector):
            sel = self.info.selections.get(fun.id)
            xtv = self.tv(fun.x)
            if isinstance(sel, Selection) and sel.kind is SelKind.METHOD and not (xtv is not None and xtv.mode == Mode.TYPEXPR):
                return self.method_target(e, fun, sel)
        obj = self.func_obj(fun)
        if obj is not None:
            if is_intrinsic(obj):
                return ("intrinsic", intrinsic_name(obj), self.call_args(e, self.t(obj.type), obj))
            node = e.id if e.id in self.info.targs else (fun.id if fun.id in self.info.targs else None)
            targs = tuple(self.t(t) for t in self.info.targs.get(node, ())) if node is not None else ()
            consts = tuple(self.info.comptime_args.get(e.id, ()))
            fn = self.b.function(obj, targs, consts)
            return ("call", ir.FuncRef(fn.sig, fn), self.call_args(e, fn.sig, obj), None)
        callee = self.expr(fun)
        sig = underlying(self.t(ftv.type))
        assert isinstance(sig, Signature)
        return ("call", callee, self.call_args(e, sig, None), None)

    def const_in_caller(self: "FuncLowerer", v: object) -> object:
        return v

    def _builtin_name(self: "FuncLowerer", fun: S.Expr) -> str | None:
        if isinstance(fun, S.Ident):
            obj = self.obj(fun)
            if isinstance(obj, BuiltinObj):
                return obj.name
        return None

    def call_result_type(self: "FuncLowerer", e: S.Call) -> Type | None:
        tv = self.tv(e)
        if tv is None or tv.mode == Mode.NOVALUE:
            return None
        t = self.t(tv.type)
        if isinstance(t, Tuple) and not t.types:
            return None
        return t

    # ---- arguments ------------------------------------------------------------------------------
    def call_args(self: "FuncLowerer", e: S.Call, sig: Signature, obj: Func | None) -> list[ir.Value]:
        exprs = list(e.args)
        if obj is not None and isinstance(obj.type, Signature) and obj.type.has_comptime:
            exprs = [a for a, p in zip(exprs, obj.type.params) if not p.comptime]
        params = list(sig.params)
        span = self.span(e)
        if len(exprs) == 1 and not e.ellipsis:
            tv = self.tv(exprs[0])
            if tv is not None and isinstance(tv.type, Tuple) and len(tv.type.types) > 1:
                values = self.multi_value(exprs[0], len(tv.type.types))
            else:
                values = [self.expr(exprs[0])]
        else:
            values = [self.expr(a) for a in exprs]
        out: list[ir.Value] = []
        if sig.variadic and not e.ellipsis:
            fixed = len(params) - 1
            for v, p in zip(values[:fixed], params):
                out.append(self.coerce(v, self.t(p.type), span))
            slice_t = self.t(params[-1].type)
            elem = underlying(slice_t).elem
            rest = [self.coerce(v, self.t(elem), span) for v in values[fixed:]]
            out.append(self.pack_slice(slice_t, rest, span))
            return out
        for v, p in zip(values, params):
            out.append(self.coerce(v, self.t(p.type), span))
        return out

    def pack_slice(self: "FuncLowerer", slice_t: Type, values: list[ir.Value], span) -> ir.Value:
        if not values:
            return self.const(slice_t, None)
        elem = self.t(underlying(slice_t).elem)
        arr_t = Array(len(values), elem)
        cell = self.emit(ir.Alloc(Pointer(arr_t), span, arr_t, True, ir.new_site(), "composite", "variadic arguments", False))
        for i, v in enumerate(values):
            slot = self.emit(ir.IndexAddr(Pointer(elem), span, cell, self.const(INT, i)))
            self.emit(ir.Store(None, span, slot, v))
        return self.emit(ir.SliceOp(slice_t, span, cell, None, None, None))

    # ---- methods --------------------------------------------------------------------------------
    def method_target(self: "FuncLowerer", e: S.Call, fun: S.Selector, sel: Selection) -> tuple:
        span = self.span(e)
        method = sel.func
        if method is None:
            # an interface method, or a method of a type parameter (concrete in this instance)
            where, cur, t = self.field_walk(fun.x, sel.path, want_addr=False)
            if not is_interface(t):
                concrete = lookup(t, sel.name)
                if isinstance(concrete, Selection) and concrete.func is not None:
                    if concrete.func.pointer_recv and where == "val" and self.is_addressable(fun.x):
                        where, cur, t = self.field_walk(fun.x, sel.path, want_addr=True)
                    return self._static_method_target(e, cur, where, t, concrete.func)
                raise self.fail(f"no method {sel.name} on {t}", e)
            iface = cur if where == "val" else self.emit(ir.Load(t, span, cur))
            sig = self.t(self.tv(fun).type)
            assert isinstance(sig, Signature)
            return ("call", iface, self.call_args(e, sig, None), sel.name)
        where, cur, t = self.field_walk(fun.x, sel.path, want_addr=method.pointer_recv)
        return self._static_method_target(e, cur, where, t, method)

    def _static_method_target(self: "FuncLowerer", e: S.Call, cur: ir.Value, where: str, t: Type, method: Func) -> tuple:
        span = self.span(e)
        recv = self.receiver(cur, where, t, method, span)
        msig = method.type
        assert isinstance(msig, Signature)
        args = self.call_args(e, Signature(msig.params, msig.results, msig.variadic), None)
        if is_intrinsic(method):
            return ("intrinsic", intrinsic_name(method), [recv] + args)
        fn = self.b.function(method)
        return ("call", ir.FuncRef(fn.sig, fn), [recv] + args, None)

    def receiver(self: "FuncLowerer", cur: ir.Value, where: str, t: Type, method: Func, span) -> ir.Value:
        """Adapt the walked operand to the method's receiver (address or value)."""
        if isinstance(underlying(t), Pointer) and method.recv_named is not None and not _same_named(t, method):
            cur = self.emit(ir.Load(t, span, cur)) if where == "ptr" else cur
            where = "ptr"
            t = underlying(t).elem
        if method.pointer_recv:
            if where == "val":
                return self.temp(cur, span, heap=True)
            return cur
        if where == "ptr":
            return self.emit(ir.Load(t if not isinstance(underlying(t), Pointer) else underlying(t).elem, span,
                                     self.nil_checked(cur, span) if self.needs_nilcheck(cur) else cur))
        return cur

    def needs_nilcheck(self: "FuncLowerer", ptr: ir.Value) -> bool:
        return not isinstance(ptr, (ir.Alloc, ir.GlobalRef, ir.FieldAddr, ir.IndexAddr, ir.FreeVar))

    def method_value(self: "FuncLowerer", e: S.Selector, sel: Selection) -> ir.Value:
        """x.M as a value: a closure bound to the receiver evaluated now."""
        span = self.span(e)
        sig = self.t(self.tv(e).type)
        assert isinstance(sig, Signature)
        method = sel.func
        if method is None:
            where, cur, t = self.field_walk(e.x, sel.path, want_addr=False)
            if not is_interface(t):
                concrete = lookup(t, sel.name)
                if not (isinstance(concrete, Selection) and concrete.func is not None):
                    raise self.fail(f"no method {sel.name} on {t}", e)
                method = concrete.func
                recv = self.receiver(cur, where, t, method, span)
            else:
                iface = cur if where == "val" else self.emit(ir.Load(t, span, cur))
                wrapper = self.b.iface_method_wrapper(t, sel.name, sig)
                cell = self.temp(iface, span, heap=True)
                return self.emit(ir.MakeClosure(sig, span, wrapper, [cell], ir.new_site(), True))
        else:
            where, cur, t = self.field_walk(e.x, sel.path, want_addr=method.pointer_recv)
            recv = self.receiver(cur, where, t, method, span)
        fn = self.b.function(method)
        wrapper = self.b.bound_method_wrapper(fn, recv.type, sig)
        cell = self.temp(recv, span, heap=True)
        return self.emit(ir.MakeClosure(sig, span, wrapper, [cell], ir.new_site(), True))

    def method_expr(self: "FuncLowerer", e: S.Selector, sel: Selection) -> ir.Value:
        """T.M / (*T).M as a function whose first parameter is the receiver."""
        sig = self.t(self.tv(e).type)
        assert isinstance(sig, Signature)
        recv_t = sig.params[0].type
        method = sel.func
        if method is None:
            if is_interface(recv_t):
                wrapper = self.b.iface_method_expr_wrapper(recv_t, sel.name, sig)
                return ir.FuncRef(sig, wrapper)
            concrete = lookup(recv_t, sel.name)
            if not (isinstance(concrete, Selection) and concrete.func is not None):
                raise self.fail(f"no method {sel.name} on {recv_t}", e)
            method = concrete.func
        fn = self.b.function(method)
        if fn.recv is not None and _types_equal(fn.recv, recv_t):
            return ir.FuncRef(sig, fn)
        wrapper = self.b.method_expr_wrapper(fn, recv_t, sig, method.pointer_recv)
        return ir.FuncRef(sig, wrapper)

    # ---- conversions ----------------------------------------------------------------------------
    def conversion(self: "FuncLowerer", e: S.Call, to: Type) -> ir.Value:
        span = self.span(e)
        arg = e.args[0]
        atv = self.tv(arg)
        if to is ERROR_TYPE and atv is not None and _is_string_type(self.t(atv.type)):
            return self.emit(ir.Builtin(ERROR_TYPE, span, "error", [self.expr(arg)]))
        x = self.expr(arg)
        if isinstance(underlying(to), Interface):
            return self.coerce(x, to, span)
        if isinstance(x, ir.Const) and (x.value is None):
            return self.const(to, None)
        from .types import identical
        if identical(x.type, to):
            return x
        return self.emit(ir.Convert(to, span, x))

    # ---- builtins -------------------------------------------------------------------------------
    def builtin(self: "FuncLowerer", e: S.Call, name: str) -> ir.Value:
        span = self.span(e)
        rtype = self.call_result_type(e)
        args = e.args
        match name:
            case "len" | "cap":
                x = self.expr(args[0])
                return self.emit(ir.Builtin(INT, span, name, [x]))
            case "append":
                s = self.expr(args[0])
                st = self.t(rtype)
                s = self.coerce(s, st, span)
                if e.ellipsis:
                    other = self.expr(args[1])
                    if not _is_string_type(other.type):
                        other = self.coerce(other, st, span)
                    return self.emit(ir.Builtin(st, span, "append_slice", [s, other]))
                elem = self.t(underlying(st).elem)
                values = [self.value_of(a, elem) for a in args[1:]]
                if not values:
                    return s
                return self.emit(ir.Builtin(st, span, "append", [s] + values))
            case "copy":
                dst = self.expr(args[0])
                src = self.expr(args[1])
                return self.emit(ir.Builtin(INT, span, "copy", [dst, src]))
            case "delete":
                m = self.expr(args[0])
                mt = underlying(m.type)
                assert isinstance(mt, Map)
                k = self.value_of(args[1], self.t(mt.key))
                return self.emit(ir.MapDelete(None, span, m, k))
            case "clear":
                x = self.expr(args[0])
                return self.emit(ir.Builtin(None, span, "clear", [x]))
            case "make":
                t = self.t(rtype)
                u = underlying(t)
                if isinstance(u, Slice):
                    n = self.coerce(self.index_value(args[1]), INT, span) if len(args) > 1 else self.const(INT, 0)
                    c = self.coerce(self.index_value(args[2]), INT, span) if len(args) > 2 else n
                    return self.emit(ir.MakeSlice(t, span, self.t(u.elem), n, c, ir.new_site(), True))
                if isinstance(u, Map):
                    hint = self.coerce(self.index_value(args[1]), INT, span) if len(args) > 1 else None
                    return self.emit(ir.MakeMap(t, span, hint, ir.new_site()))
                return self.make_chan(e, t, args[1] if len(args) > 1 else None)
            case "make_chan":
                t = self.t(rtype)
                return self.make_chan(e, t, args[1] if len(args) > 1 else None)
            case "new":
                t = self.t(underlying(rtype).elem)
                cell = self.emit(ir.Alloc(Pointer(t), span, t, True, ir.new_site(), "new", "new", False))
                self.emit(ir.Store(None, span, cell, self.zero(t)))
                return cell
            case "panic":
                from .objects import ANY_OBJ
                v = self.coerce(self.expr(args[0]), ANY_OBJ.type, span)
                self.emit(ir.Panic(None, span, v))
                self.emit(ir.Unreachable(None, span))
                return self.const(BOOL, False)
            case "print" | "println":
                values = [self.expr(a) for a in args]
                values = [self.coerce(v, self._print_type(v), span) for v in values]
                return self.emit(ir.Builtin(None, span, name, values))
            case "min" | "max":
                t = self.t(rtype)
                values = [self.value_of(a, t) for a in args]
                if len(values) == 1:
                    return values[0]
                return self.emit(ir.Builtin(t, span, name, values))
            case "error":
                return self.emit(ir.Builtin(ERROR_TYPE, span, "error", [self.expr(args[0])]))
            case "close":
                return self.chan_close(e)
        raise self.fail(f"the builtin {name} is not supported by the back end", e)

    def _print_type(self: "FuncLowerer", v: ir.Value) -> Type:
        from .lower import concrete
        return concrete(v.type, {})

    def make_chan(self: "FuncLowerer", e: S.Call, t: Type, size: S.Expr | None) -> ir.Value:
        raise self.fail("channels are not supported by the back end yet", e)

    def chan_close(self: "FuncLowerer", e: S.Call) -> ir.Value:
        raise self.fail("channels are not supported by the back end yet", e)


def _is_string_type(t: Type | None) -> bool:
    u = underlying(t) if t is not None else None
    return isinstance(u, Basic) and u.kind in (Kind.STRING, Kind.UNTYPED_STRING)


def _same_named(t: Type, method: Func) -> bool:
    return t is method.recv_named


def _types_equal(a: Type, b: Type) -> bool:
    from .types import identical
    return identical(a, b)


__all__ = ["CallMixin", "intrinsic_name", "is_intrinsic", "Tuple", "BOOL"]
