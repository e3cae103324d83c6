"""Compiler mixin: names, selectors, index and slice expressions, type assertions.

Invariants:
- A variable reads its slot, or its box's content when it escapes; a function name compiles
  to a getter that compiles the callee on first use (so recursion and unreached callees cost
  nothing up front), a std function to its native (or to a `NotComptime` refusal).
- Selectors follow the checker's selection, looked up again on the instance's types inside a
  generic function; embedded fields are walked (`path_walker`) with Go's nil checks.
- Indexing and slicing check bounds and panic with Go's messages; reading a missing map key
  gives a fresh zero value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from .. import syntax as S
from ..check_base import Mode
from ..lookup import SelKind, Selection, lookup, missing_method
from ..objects import Const, Func, Nil, PkgName, Var, VariantObj
from ..types import Basic, Interface, Map, Pointer, Signature, Slice, Type, identical, underlying
from .conversions import path_walker, receiver_adapter
from .errors import NIL_DEREF, InternalError, index_msg, panic
from .values import (
    ERRSTR_T,
    MISSING,
    EnumV,
    Ref,
    SliceV,
    copier,
    hkey_fn,
    is_agg,
    is_iface,
    tstr,
    zero_fn,
)

if TYPE_CHECKING:  # pragma: no cover
    from .comp import Comp


class ExprMixin:
    def x_paren(self: "Comp", e: S.Paren) -> Callable:
        return self.expr(e.x)

    def x_keyword(self: "Comp", e: S.KeywordLit) -> Callable:
        v = {"true": True, "false": False}.get(e.word)
        return lambda L: v

    def x_basic(self: "Comp", e: S.BasicLit) -> Callable:
        v = self.const_rt(e.value, self.tof(e))
        return lambda L: v

    def x_bad(self: "Comp", e: S.Node) -> Callable:
        raise InternalError("syntax error in the expression")

    def x_ident(self: "Comp", e: S.Ident) -> Callable:
        obj = self.uses.get(e.id) or self.defs.get(e.id)
        if isinstance(obj, Var):
            return self.read_var(obj, e)
        if isinstance(obj, Const):
            if obj.value is None:
                raise InternalError(f"constant {obj.name} has no value")
            v = self.const_rt(obj.value, self.rt(obj.type))
            return lambda L: v
        if isinstance(obj, Func):
            return self.func_value(obj, e, None)
        if isinstance(obj, VariantObj):
            ev = EnumV(obj.variant, ())
            return lambda L: ev
        if isinstance(obj, Nil):
            return lambda L: None
        raise InternalError(f"cannot evaluate {e.name}")

    def read_var(self: "Comp", var: Var, e: S.Node) -> Callable:
        s = self.slot_of(var)
        if s is None:
            return self.not_comptime(self.var_message(var), e)
        if self.is_boxed(var):
            return lambda L: L[s][0]
        return lambda L: L[s]

    def getter(self: "Comp", fn: Func, tmap: dict | None = None) -> Callable[[], Callable]:
        I = self.I
        cell: list = []

        def get() -> Callable:
            if cell:
                return cell[0]
            f = I.callable(fn, tmap)
            cell.append(f)
            return f
        return get

    def func_value(self: "Comp", fn: Func, node: S.Node, tmap: dict | None) -> Callable:
        if self.I.std.native_only(fn):
            nat = self.I.std.lookup(fn)
            if nat is None:
                fail = self.not_comptime(self.I.std.forbidden_message(fn), node)
                return lambda L: fail
            return lambda L: nat
        get = self.getter(fn, tmap)
        return lambda L: get()

    # ---- selectors -----------------------------------------------------------------------------
    def selection(self: "Comp", e: S.Selector) -> Selection:
        sel = self.info.selections.get(e.id)
        if self.tmap is not None or not isinstance(sel, Selection):
            s2 = lookup(self.tof(e.x), e.sel.name)
            if isinstance(s2, Selection):
                sel = s2
        if not isinstance(sel, Selection):
            raise InternalError(f"no selection for .{e.sel.name}")
        return sel

    def x_selector(self: "Comp", e: S.Selector) -> Callable:
        x = S.unparen(e.x)
        if isinstance(x, S.Ident) and isinstance(self.uses.get(x.id), PkgName):
            member = self.uses.get(e.sel.id)
            pkg = self.uses[x.id]
            if isinstance(member, Func):
                return self.func_value(member, e, None)
            if isinstance(member, Var):
                return self.not_comptime(f"{pkg.name}.{member.name} cannot be used at compile time", e)
            if isinstance(member, Const) and member.value is not None:
                v = self.const_rt(member.value, member.type)
                return lambda L: v
            if isinstance(member, VariantObj):
                ev = EnumV(member.variant, ())
                return lambda L: ev
            raise InternalError(f"cannot evaluate {pkg.name}.{e.sel.name}")
        xtv = self.tv(e.x)
        sel = self.selection(e)
        if xtv.mode == Mode.TYPEXPR:
            return self.method_expr(e, sel)
        if sel.kind is SelKind.FIELD:
            return self.field_read(e, sel)
        return self.method_value(e, sel)

    def field_read(self: "Comp", e: S.Selector, sel: Selection) -> Callable:
        fx = self.expr(e.x)
        path = sel.path
        if len(path) == 1:
            i = path[0]
            if sel.indirect:
                def get_ind(L: list) -> Any:
                    v = fx(L)
                    if v is None:
                        panic(NIL_DEREF)
                    return v.f[i]
                return get_ind
            return lambda L: fx(L).f[i]
        walk, _ = path_walker(self.tof(e.x), path)
        return lambda L: walk(fx(L))

    def method_parts(self: "Comp", e: S.Selector, sel: Selection) -> tuple[Callable, Func | None]:
        """(receiver closure, static method or None for dynamic dispatch on an interface)."""
        xt = self.tof(e.x)
        walk, final_t = path_walker(xt, sel.path)
        fu = underlying(final_t)
        if sel.func is None or isinstance(fu, Interface):
            fx = self.expr(e.x)
            if sel.path:
                return (lambda L: walk(fx(L))), None
            return fx, None
        fn = sel.func
        if fn.pointer_recv and not isinstance(fu, Pointer) and not is_agg(final_t):
            return self.addr_path(e.x, sel.path), fn
        fx = self.expr(e.x)
        ad = receiver_adapter(final_t, fn.pointer_recv)
        if sel.path:
            return (lambda L: ad(walk(fx(L)))), fn
        if fn.pointer_recv or copier(final_t) is None and not isinstance(fu, Pointer):
            return fx, fn
        return (lambda L: ad(fx(L))), fn

    def addr_path(self: "Comp", x: S.Expr, path: tuple[int, ...]) -> Callable:
        if not path:
            return self.addr(x)
        fx = self.expr(x)
        walk, _ = path_walker(self.tof(x), path[:-1])
        last = path[-1]

        def ref(L: list) -> Ref:
            o = walk(fx(L))
            if o is None:
                panic(NIL_DEREF)
            return Ref(o.f, last)
        return ref

    def method_value(self: "Comp", e: S.Selector, sel: Selection) -> Callable:
        recvf, fn = self.method_parts(e, sel)
        I = self.I
        if fn is None:
            name = sel.name

            def bound_dyn(L: list) -> Callable:
                iv = recvf(L)
                if iv is None:
                    panic(NIL_DEREF)
                return lambda *a: I.call_dyn(iv, name, a)
            return bound_dyn
        get = self.method_getter(fn, e)

        def bound(L: list) -> Callable:
            r = recvf(L)
            f = get()
            return lambda *a: f(r, *a)
        return bound

    def method_getter(self: "Comp", fn: Func, node: S.Node) -> Callable[[], Callable]:
        if self.I.std.native_only(fn):
            nat = self.I.std.lookup(fn)
            if nat is None:
                fail = self.not_comptime(self.I.std.forbidden_message(fn), node)
                return lambda: fail
            return lambda: nat
        return self.getter(fn)

    def method_expr(self: "Comp", e: S.Selector, sel: Selection) -> Callable:
        xt = self.tof(e.x)
        walk, final_t = path_walker(xt, sel.path)
        I = self.I
        if sel.func is None or isinstance(underlying(final_t), Interface):
            name = sel.name
            f_dyn = lambda recv, *a: I.call_dyn(walk(recv), name, a)  # noqa: E731
            return lambda L: f_dyn
        fn = sel.func
        ad = receiver_adapter(final_t, fn.pointer_recv)
        get = self.method_getter(fn, e)
        f = lambda recv, *a: get()(ad(walk(recv)), *a)  # noqa: E731
        return lambda L: f

    # ---- index / slice ---------------------------------------------------------------------------
    def x_index(self: "Comp", e: S.Index) -> Callable:
        btv = self.types.get(e.x.id)
        if btv is not None and btv.mode == Mode.VALUE and isinstance(btv.type, Signature) and btv.type.type_params:
            fn = self.func_obj(e.x)
            if fn is None:
                raise InternalError("generic function value")
            tmap = self.generic_tmap(fn, self.info.instances.get(e.id), e.indices)
            return self.func_value(fn, e, tmap)
        xt = self.tof(e.x)
        u = underlying(xt)
        fx = self.expr(e.x)
        if isinstance(u, Map):
            return self.map_read(e, u, fx)
        fi = self.expr(e.indices[0])
        if isinstance(u, Pointer):
            def get_parr(L: list) -> Any:
                a = fx(L)
                i = fi(L)
                if a is None:
                    panic(NIL_DEREF)
                if 0 <= i < len(a):
                    return a[i]
                panic(index_msg(i, len(a)))
            return get_parr
        if isinstance(u, Slice):
            def get_slice(L: list) -> Any:
                s = fx(L)
                i = fi(L)
                if s is not None and 0 <= i < s.len:
                    return s.a[s.off + i]
                panic(index_msg(i, s.len if s is not None else 0))
            return get_slice

        def get_seq(L: list) -> Any:
            a = fx(L)
            i = fi(L)
            if 0 <= i < len(a):
                return a[i]
            panic(index_msg(i, len(a)))
        return get_seq

    def map_read(self: "Comp", e: S.Index, u: Map, fx: Callable) -> Callable:
        fk = self.val_to(e.indices[0], u.key)
        hk = hkey_fn(u.key)
        z = zero_fn(u.elem)
        if not is_agg(u.elem):
            zv = z()
            if hk is None:
                def get_plain(L: list) -> Any:
                    m = fx(L)
                    k = fk(L)
                    if m is None:
                        hash(k)
                        return zv
                    return m.d.get(k, zv)
                return get_plain

            def get_hk(L: list) -> Any:
                m = fx(L)
                k = hk(fk(L))
                if m is None:
                    return zv
                return m.d.get(k, zv)
            return get_hk

        def get_agg(L: list) -> Any:
            m = fx(L)
            k = fk(L)
            if hk is not None:
                k = hk(k)
            if m is None:
                return z()
            v = m.d.get(k, MISSING)
            return z() if v is MISSING else v
        return get_agg

    def x_slice(self: "Comp", e: S.SliceExpr) -> Callable:
        xt = self.tof(e.x)
        u = underlying(xt)
        fx = self.expr(e.x)
        flo = self.expr(e.lo) if e.lo is not None else None
        fhi = self.expr(e.hi) if e.hi is not None else None
        fmax = self.expr(e.max) if e.max is not None else None
        three = e.three
        if isinstance(u, Basic):
            def slice_string(L: list) -> bytes:
                s = fx(L)
                n = len(s)
                lo = flo(L) if flo is not None else 0
                hi = fhi(L) if fhi is not None else n
                if hi < 0 or hi > n:
                    panic(f"slice bounds out of range [:{hi}] with length {n}")
                if lo < 0 or lo > hi:
                    panic(f"slice bounds out of range [{lo}:{hi}]")
                return s[lo:hi]
            return slice_string
        is_slice = isinstance(u, Slice)
        word = "capacity" if is_slice else "length"

        def do_slice(L: list) -> Any:
            v = fx(L)
            if is_slice:
                if v is None:
                    a, off, n, cap = None, 0, 0, 0
                else:
                    a, off, n, cap = v.a, v.off, v.len, v.cap
            else:
                if v is None:
                    panic(NIL_DEREF)
                a, off, n, cap = v, 0, len(v), len(v)
            lo = flo(L) if flo is not None else 0
            hi = fhi(L) if fhi is not None else n
            if three:
                mx = fmax(L)
                if mx < 0 or mx > cap:
                    panic(f"slice bounds out of range [::{mx}] with {word} {cap}")
                if hi < 0 or hi > mx:
                    panic(f"slice bounds out of range [:{hi}:{mx}]")
                if lo < 0 or lo > hi:
                    panic(f"slice bounds out of range [{lo}:{hi}:]")
            else:
                mx = cap
                if hi < 0 or hi > cap:
                    panic(f"slice bounds out of range [:{hi}] with {word} {cap}")
                if lo < 0 or lo > hi:
                    panic(f"slice bounds out of range [{lo}:{hi}]")
            if a is None:
                return None
            return SliceV(a, off + lo, hi - lo, mx - lo)
        return do_slice

    # ---- type assertions -----------------------------------------------------------------------
    def x_typeassert(self: "Comp", e: S.TypeAssert) -> Callable:
        test, take, T = self.assertion(e)
        xt = self.tof(e.x)
        fx = self.expr(e.x)

        def assert_(L: list) -> Any:
            v = fx(L)
            if test(v):
                return take(v)
            if v is None:
                panic(f"interface conversion: interface is nil, not {tstr(T)}")
            if is_iface(T):
                iu = underlying(T)
                miss = missing_method(v.t, iu) if isinstance(iu, Interface) and v.t != ERRSTR_T else None
                name = miss.name if miss is not None else "?"
                panic(f"interface conversion: {tstr(v.t)} is not {tstr(T)}: missing method {name}")
            panic(f"interface conversion: {tstr(xt)} is {tstr(v.t)}, not {tstr(T)}")
        return assert_

    def assertion(self: "Comp", e: S.TypeAssert) -> tuple[Callable, Callable, Type]:
        assert e.type is not None
        T = self.texpr(e.type)
        I = self.I
        if is_iface(T):
            return (lambda v: v is not None and I.implements(v.t, T)), (lambda v: v), T
        cp = copier(T)
        take = (lambda v: cp(v.v)) if cp is not None else (lambda v: v.v)
        return (lambda v: v is not None and identical(v.t, T)), take, T
