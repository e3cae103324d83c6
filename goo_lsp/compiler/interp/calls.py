"""Compiler mixin: calls (of functions, methods, function values, generic instances) and
conversions.

Invariants:
- Arguments are evaluated left to right into parameter order; variadic arguments are packed
  into a new slice (nil when there are none); a multi-valued argument is spread.
- A call of a declared function fetches the callee lazily, once (the callee is compiled on
  its first call); a std function without a body calls its native, or refuses with
  `NotComptime` when it is executed.
- A generic callee's type arguments come from explicit type arguments, then from the checker's
  instance, then from the argument types (`bind_type_params`); each binding is an instance.
- A call on an interface value dispatches on its dynamic type (`Interpreter.call_dyn`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from .. import syntax as S
from ..check_base import Mode
from ..generics import subst
from ..lookup import SelKind, Selection
from ..objects import ERROR_TYPE, Builtin, Func, PkgName
from ..types import (
    Array,
    Basic,
    Chan,
    ErrorUnion,
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
    TypeParam,
    underlying,
)
from .comp_base import is_fresh
from .conversions import num_conv, store_conv
from .errors import NIL_DEREF, InternalError, panic
from .text import decode_runes, encode_rune
from .values import basic_kind, copier, new_error, new_slice, slice_items

if TYPE_CHECKING:  # pragma: no cover
    from .comp import Comp


def bind_type_params(g: Type, c: Type, tps: tuple, m: dict, depth: int = 0) -> None:
    """Recover type-parameter bindings from a generic type g and its instance c."""
    if depth > 30:
        return
    if isinstance(g, TypeParam):
        if g in tps and g not in m:
            m[g] = c
        return
    if type(g) is not type(c):
        return
    if isinstance(g, (Pointer, Slice, Chan, ErrorUnion, Nullable)):
        bind_type_params(g.elem, c.elem, tps, m, depth + 1)
    elif isinstance(g, Array):
        bind_type_params(g.elem, c.elem, tps, m, depth + 1)
    elif isinstance(g, Map):
        bind_type_params(g.key, c.key, tps, m, depth + 1)
        bind_type_params(g.elem, c.elem, tps, m, depth + 1)
    elif isinstance(g, Tuple):
        for a, b in zip(g.types, c.types):
            bind_type_params(a, b, tps, m, depth + 1)
    elif isinstance(g, Signature):
        for a, b in zip(g.params, c.params):
            bind_type_params(a.type, b.type, tps, m, depth + 1)
        for a, b in zip(g.results, c.results):
            bind_type_params(a.type, b.type, tps, m, depth + 1)
    elif isinstance(g, Struct):
        for a, b in zip(g.fields, c.fields):
            bind_type_params(a.type, b.type, tps, m, depth + 1)


class CallMixin:
    def x_call(self: "Comp", e: S.Call) -> Callable:
        fun = S.unparen(e.fun)
        ftv = self.types.get(fun.id)
        if ftv is not None and ftv.mode == Mode.TYPEXPR:
            return self.conversion(e, fun)
        if ftv is not None and ftv.mode == Mode.BUILTIN:
            b = self.uses.get(fun.id)
            name = b.name if isinstance(b, Builtin) else (fun.name if isinstance(fun, S.Ident) else "")
            return self.builtin(e, name)
        explicit: tuple[S.Expr, ...] = ()
        callee = fun
        if isinstance(fun, S.Index):
            btv = self.types.get(fun.x.id)
            if btv is not None and btv.mode == Mode.VALUE and isinstance(btv.type, Signature) and btv.type.type_params:
                explicit = fun.indices
                callee = S.unparen(fun.x)
        fn: Func | None = None
        if isinstance(callee, S.Ident):
            o = self.uses.get(callee.id)
            fn = o if isinstance(o, Func) else None
        elif isinstance(callee, S.Selector):
            x = S.unparen(callee.x)
            if isinstance(x, S.Ident) and isinstance(self.uses.get(x.id), PkgName):
                o = self.uses.get(callee.sel.id)
                fn = o if isinstance(o, Func) else None
            else:
                xtv = self.types.get(callee.x.id)
                if xtv is not None and xtv.mode != Mode.TYPEXPR:
                    sel = self.selection(callee)
                    if sel.kind is SelKind.METHOD:
                        return self.method_call(e, callee, sel)
        if fn is not None:
            return self.static_call(e, fn, explicit)
        return self.value_call(e)

    def call_sig(self: "Comp", e: S.Call, fallback: Type) -> Signature:
        inst = self.info.instances.get(e.id)
        sig = self.rt(inst) if isinstance(inst, Signature) else self.rt(fallback)
        sig = underlying(sig)
        if not isinstance(sig, Signature):
            raise InternalError("call of a non-function")
        return sig

    def args(self: "Comp", e: S.Call, sig: Signature) -> tuple[list[Callable] | None, Callable[[list], list] | None]:
        """Argument closures in parameter order (variadic arguments packed into a slice)."""
        params = sig.params
        np_ = len(params)

        def ptype(i: int) -> Type:
            if sig.variadic and i >= np_ - 1:
                last = params[-1].type
                return last.elem if isinstance(last, Slice) else last
            return params[i].type

        if len(e.args) == 1 and not e.ellipsis:
            at = self.tv(e.args[0]).type
            if isinstance(at, Tuple) and len(at.types) > 1:
                f = self.expr(e.args[0])
                convs = [store_conv(self.rt(t), ptype(i)) for i, t in enumerate(at.types)]

                def spread(L: list) -> list:
                    vals = [c(v) if c is not None else v for c, v in zip(convs, f(L))]
                    if sig.variadic:
                        rest = vals[np_ - 1:]
                        vals = vals[:np_ - 1] + [new_slice(rest) if rest else None]
                    return vals
                return None, spread
        if sig.variadic and not e.ellipsis:
            fixed = [self.val_to(a, params[i].type) for i, a in enumerate(e.args[:np_ - 1])]
            extra = [self.val_to(a, ptype(np_ - 1)) for a in e.args[np_ - 1:]]

            def packed(L: list) -> list:
                vals = [f(L) for f in fixed]
                ex = [f(L) for f in extra]
                vals.append(new_slice(ex) if ex else None)
                return vals
            return None, packed
        return [self.val_to(a, ptype(i)) for i, a in enumerate(e.args)], None

    def invoke(self: "Comp", getf: Callable[[], Callable], afs: list[Callable] | None, packer: Callable | None,
               recvf: Callable | None = None) -> Callable:
        """The closure calling getf() with the receiver (if any) and the arguments."""
        if recvf is not None:
            if packer is not None:
                return lambda L: getf()(recvf(L), *packer(L))
            assert afs is not None
            n = len(afs)
            if n == 0:
                return lambda L: getf()(recvf(L))
            if n == 1:
                a0 = afs[0]
                return lambda L: getf()(recvf(L), a0(L))
            if n == 2:
                a0, a1 = afs
                return lambda L: getf()(recvf(L), a0(L), a1(L))
            if n == 3:
                a0, a1, a2 = afs
                return lambda L: getf()(recvf(L), a0(L), a1(L), a2(L))
            return lambda L: getf()(recvf(L), *[a(L) for a in afs])
        if packer is not None:
            return lambda L: getf()(*packer(L))
        assert afs is not None
        n = len(afs)
        if n == 0:
            return lambda L: getf()()
        if n == 1:
            a0 = afs[0]
            return lambda L: getf()(a0(L))
        if n == 2:
            a0, a1 = afs
            return lambda L: getf()(a0(L), a1(L))
        if n == 3:
            a0, a1, a2 = afs
            return lambda L: getf()(a0(L), a1(L), a2(L))
        return lambda L: getf()(*[a(L) for a in afs])

    def static_call(self: "Comp", e: S.Call, fn: Func, explicit: tuple[S.Expr, ...]) -> Callable:
        self.I.env.resolve(fn)
        gsig = fn.type
        if not isinstance(gsig, Signature):
            raise InternalError(f"function {fn.name} has no signature")
        tmap = None
        if gsig.type_params:
            tmap = self.generic_tmap(fn, self.info.instances.get(e.id), explicit, e.args)
            sig = subst(gsig, tmap)
            assert isinstance(sig, Signature)
        else:
            sig = gsig
        afs, packer = self.args(e, sig)
        if self.I.std.native_only(fn):
            nat = self.I.std.lookup(fn)
            if nat is None:
                return self.not_comptime(self.I.std.forbidden_message(fn), e)
            return self.invoke(lambda: nat, afs, packer)
        I = self.I
        cell: list = []

        def getf() -> Callable:
            if cell:
                return cell[0]
            f = I.callable(fn, tmap)
            cell.append(f)
            return f
        if packer is None and afs is not None and len(afs) <= 3:
            # the most common case, spelled out to save a level of calls
            n = len(afs)
            if n == 1:
                a0 = afs[0]

                def call1(L: list) -> Any:
                    f = cell[0] if cell else getf()
                    return f(a0(L))
                return call1
            if n == 2:
                a0, a1 = afs

                def call2(L: list) -> Any:
                    f = cell[0] if cell else getf()
                    return f(a0(L), a1(L))
                return call2
        return self.invoke(getf, afs, packer)

    def method_call(self: "Comp", e: S.Call, fun: S.Selector, sel: Selection) -> Callable:
        recvf, fn = self.method_parts(fun, sel)
        if fn is None:
            sig = self.call_sig(e, self.tv(fun).type)
            afs, packer = self.args(e, sig)
            I = self.I
            name = sel.name
            if packer is not None:
                return lambda L: I.call_dyn(recvf(L), name, packer(L))
            assert afs is not None
            return lambda L: I.call_dyn(recvf(L), name, [a(L) for a in afs])
        self.I.env.resolve(fn)
        sig = fn.type
        assert isinstance(sig, Signature)
        afs, packer = self.args(e, sig)
        return self.invoke(self.method_getter(fn, e), afs, packer, recvf)

    def value_call(self: "Comp", e: S.Call) -> Callable:
        ff = self.expr(e.fun)
        sig = self.call_sig(e, self.tv(e.fun).type)
        afs, packer = self.args(e, sig)

        def getf_of(L: list) -> Callable:
            f = ff(L)
            if f is None:
                panic(NIL_DEREF)
            return f
        if packer is not None:
            return lambda L: getf_of(L)(*packer(L))
        assert afs is not None
        return lambda L: getf_of(L)(*[a(L) for a in afs])

    # ---- generic instances ---------------------------------------------------------------------
    def func_obj(self: "Comp", e: S.Expr) -> Func | None:
        e = S.unparen(e)
        if isinstance(e, S.Ident):
            o = self.uses.get(e.id)
        elif isinstance(e, S.Selector):
            o = self.uses.get(e.sel.id)
        else:
            o = None
        return o if isinstance(o, Func) else None

    def generic_tmap(self: "Comp", fn: Func, inst: Any, explicit: tuple[S.Expr, ...] = (),
                     args: tuple[S.Expr, ...] = ()) -> dict:
        gsig = fn.type
        assert isinstance(gsig, Signature)
        tps = gsig.type_params
        m: dict = {}
        for tp, te in zip(tps, explicit):
            m[tp] = self.texpr(te)
        if isinstance(inst, Signature):
            bind_type_params(gsig, self.rt(inst), tps, m)
        if len(m) < len(tps):
            for p, a in zip(gsig.params, args):
                try:
                    bind_type_params(p.type, self.tof(a), tps, m)
                except InternalError:
                    pass
        if len(m) < len(tps):
            raise InternalError(f"cannot infer the type arguments of {fn.name}")
        return m

    # ---- conversions -------------------------------------------------------------------------
    def conversion(self: "Comp", e: S.Call, fun: S.Expr) -> Callable:
        t = self.texpr(fun)
        arg = e.args[0]
        src = self.tof(arg)
        f = self.expr(arg)
        if t is ERROR_TYPE and basic_kind(src) == Kind.STRING:
            return lambda L: new_error(f(L))
        c = self.convert_fn(src, t, is_fresh(arg))
        if c is None:
            return f
        return lambda L: c(f(L))

    def convert_fn(self: "Comp", src: Type, dst: Type, fresh: bool) -> Callable[[Any], Any] | None:
        du, su = underlying(dst), underlying(src)
        if isinstance(su, Basic) and su.kind == Kind.UNTYPED_NIL:
            return lambda v: None
        if isinstance(du, Interface):
            return store_conv(src, dst, fresh)
        if isinstance(du, Basic) and isinstance(su, Basic):
            return num_conv(src, dst)
        if isinstance(du, Basic) and du.kind == Kind.STRING and isinstance(su, Slice):
            ek = basic_kind(su.elem)
            if ek == Kind.UINT8:
                return lambda s: bytes(s.a[s.off:s.off + s.len]) if s is not None else b""
            return lambda s: b"".join(encode_rune(r) for r in slice_items(s))
        if isinstance(du, Slice) and isinstance(su, Basic):
            ek = basic_kind(du.elem)
            if ek == Kind.UINT8:
                return lambda s: new_slice(list(s))
            return lambda s: new_slice(decode_runes(s))
        if fresh:
            return None
        return copier(src)
