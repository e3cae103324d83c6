"""Compiler mixin: the builtin functions (len, cap, append, make, new, copy, delete, panic,
min, max, clear). `print`, `println` and the channel builtins refuse with `NotComptime`.

Invariants:
- `append` follows Go's growth (`grow_cap`) and aliasing: it writes into the backing array
  when the capacity suffices, else copies into a new one; growing charges steps in proportion
  to the new capacity, as `make` does, so huge allocations hit the step limit.
- Aggregate elements are copied in and assigned in place, as everywhere.
- `min`/`max` of floats follow Go: NaN wins, and -0.0 is less than 0.0.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Callable

from .. import syntax as S
from ..types import EMPTY_INTERFACE, FLOAT_KINDS, Array, Basic, Chan, Map, Pointer, Slice, Type, underlying
from .arith import NAN
from .errors import panic
from .values import (
    MapV,
    Ref,
    SliceV,
    assign_into,
    basic_kind,
    copier,
    grow_cap,
    hkey_fn,
    is_agg,
    needs_hkey,
    slice_items,
    zero_fn,
)

if TYPE_CHECKING:  # pragma: no cover
    from .comp import Comp


class BuiltinMixin:
    def builtin(self: "Comp", e: S.Call, name: str) -> Callable:
        h = getattr(self, f"b_{name}", None)
        if h is None:
            if name in ("print", "println"):
                return self.not_comptime(f"{name} cannot be called at compile time", e)
            if name in ("close", "make_chan"):
                return self.not_comptime("channel operations cannot run at compile time", e)
            return self.not_comptime(f"{name} cannot be called at compile time", e)
        return h(e)

    def b_len(self: "Comp", e: S.Call) -> Callable:
        a = e.args[0]
        u = underlying(self.tof(a))
        f = self.expr(a)
        if isinstance(u, Slice):
            def len_slice(L: list) -> int:
                s = f(L)
                return s.len if s is not None else 0
            return len_slice
        if isinstance(u, Map):
            def len_map(L: list) -> int:
                m = f(L)
                return len(m.d) if m is not None else 0
            return len_map
        if isinstance(u, Chan):
            return self.not_comptime("channel operations cannot run at compile time", e)
        if isinstance(u, Pointer):
            n = underlying(u.elem).length if isinstance(underlying(u.elem), Array) else -1

            def len_parr(L: list) -> int:
                p = f(L)
                return len(p) if p is not None else n
            return len_parr
        return lambda L: len(f(L))

    def b_cap(self: "Comp", e: S.Call) -> Callable:
        a = e.args[0]
        u = underlying(self.tof(a))
        f = self.expr(a)
        if isinstance(u, Slice):
            def cap_slice(L: list) -> int:
                s = f(L)
                return s.cap if s is not None else 0
            return cap_slice
        if isinstance(u, Chan):
            return self.not_comptime("channel operations cannot run at compile time", e)
        return self.b_len(e)

    def appender(self: "Comp", et: Type) -> Callable[[Any, list], Any]:
        I = self.I
        z = zero_fn(et)
        agg = is_agg(et)
        cp = copier(et)
        ai = assign_into(et) if agg else None
        zv = None if agg else z()

        def app(s: SliceV | None, vals: list) -> Any:
            n = len(vals)
            if n == 0:
                return s
            if s is None:
                old: list = []
                oldcap = 0
            else:
                newlen = s.len + n
                if newlen <= s.cap:
                    a = s.a
                    i = s.off + s.len
                    if ai is not None:
                        for k, v in enumerate(vals):
                            ai(a[i + k], v)
                    else:
                        a[i:i + n] = vals
                    return SliceV(a, s.off, newlen, s.cap)
                old = s.a[s.off:s.off + s.len]
                if cp is not None:
                    old = [cp(x) for x in old]
                oldcap = s.cap
            newlen = len(old) + n
            newcap = grow_cap(oldcap, newlen)
            I.charge(newcap >> 4)
            pad = newcap - newlen
            old.extend(vals)
            if pad:
                old.extend([z() for _ in range(pad)] if agg else [zv] * pad)
            return SliceV(old, 0, newlen, newcap)
        return app

    def b_append(self: "Comp", e: S.Call) -> Callable:
        st = self.tof(e.args[0])
        u = underlying(st)
        assert isinstance(u, Slice)
        et = u.elem
        fs = self.expr(e.args[0])
        app = self.appender(et)
        if e.ellipsis:
            fy = self.expr(e.args[1])
            yu = underlying(self.tof(e.args[1]))
            if isinstance(yu, Basic):
                return lambda L: app(fs(L), list(fy(L)))
            cp = copier(et)
            if cp is None:
                return lambda L: app(fs(L), slice_items(fy(L)))
            return lambda L: app(fs(L), [cp(x) for x in slice_items(fy(L))])
        fvs = [self.val_to(a, et) for a in e.args[1:]]
        agg = is_agg(et)
        if len(fvs) == 1:
            fv = fvs[0]

            def append1(L: list) -> Any:
                s = fs(L)
                v = fv(L)
                if s is not None and s.len < s.cap and not agg:
                    a = s.a
                    a[s.off + s.len] = v
                    return SliceV(a, s.off, s.len + 1, s.cap)
                return app(s, [v])
            return append1
        return lambda L: app(fs(L), [fv(L) for fv in fvs])

    def b_make(self: "Comp", e: S.Call) -> Callable:
        t = self.texpr(e.args[0])
        u = underlying(t)
        I = self.I
        if isinstance(u, Slice):
            fl = self.expr(e.args[1])
            fc = self.expr(e.args[2]) if len(e.args) > 2 else None
            z = zero_fn(u.elem)
            agg = is_agg(u.elem)
            zv = None if agg else z()

            def make_slice(L: list) -> SliceV:
                n = fl(L)
                c = fc(L) if fc is not None else n
                if n < 0:
                    panic("makeslice: len out of range")
                if c < n:
                    panic("makeslice: cap out of range")
                I.charge(c >> 2)
                a = [z() for _ in range(c)] if agg else [zv] * c
                return SliceV(a, 0, n, c)
            return make_slice
        if isinstance(u, Map):
            keyed = needs_hkey(u.key)
            fh = self.expr(e.args[1]) if len(e.args) > 1 else None

            def make_map(L: list) -> MapV:
                if fh is not None and fh(L) < 0:
                    panic("makemap: size out of range")
                return MapV(keyed)
            return make_map
        return self.not_comptime("channel operations cannot run at compile time", e)

    def b_new(self: "Comp", e: S.Call) -> Callable:
        t = self.texpr(e.args[0])
        z = zero_fn(t)
        if is_agg(t):
            return lambda L: z()
        return lambda L: Ref([z()], 0)

    def b_copy(self: "Comp", e: S.Call) -> Callable:
        fd = self.expr(e.args[0])
        fs = self.expr(e.args[1])
        su = underlying(self.tof(e.args[1]))
        du = underlying(self.tof(e.args[0]))
        cp = copier(du.elem) if isinstance(du, Slice) else None
        ai = assign_into(du.elem) if isinstance(du, Slice) and is_agg(du.elem) else None
        from_string = isinstance(su, Basic)

        def copy_(L: list) -> int:
            d = fd(L)
            s = fs(L)
            if from_string:
                items = list(s)
            else:
                items = slice_items(s)
            if d is None:
                return 0
            n = min(d.len, len(items))
            items = items[:n]
            if ai is not None:
                items = [cp(x) for x in items]
                for k, x in enumerate(items):
                    ai(d.a[d.off + k], x)
                return n
            d.a[d.off:d.off + n] = items
            return n
        return copy_

    def b_delete(self: "Comp", e: S.Call) -> Callable:
        mt = underlying(self.tof(e.args[0]))
        assert isinstance(mt, Map)
        fm = self.expr(e.args[0])
        fk = self.val_to(e.args[1], mt.key)
        hk = hkey_fn(mt.key)

        def delete(L: list) -> None:
            m = fm(L)
            k = fk(L)
            if hk is not None:
                k = hk(k)
            if m is not None:
                m.d.pop(k, None)
                if m.kd is not None:
                    m.kd.pop(k, None)
        return delete

    def b_panic(self: "Comp", e: S.Call) -> Callable:
        f = self.val_to(e.args[0], EMPTY_INTERFACE)
        I = self.I

        def do_panic(L: list) -> None:
            v = f(L)
            if v is None:
                panic("panic called with nil argument")
            panic(I.panic_text(v))
        return do_panic

    def b_min(self: "Comp", e: S.Call) -> Callable:
        return self._min_max(e, min)

    def b_max(self: "Comp", e: S.Call) -> Callable:
        return self._min_max(e, max)

    def _min_max(self: "Comp", e: S.Call, pick: Callable) -> Callable:
        t = self.tof(e)
        fs = [self.val_to(a, t) for a in e.args]
        if basic_kind(t) in FLOAT_KINDS:
            is_min = pick is min

            def fminmax(L: list) -> float:
                vals = [f(L) for f in fs]
                if any(v != v for v in vals):
                    return NAN
                r = vals[0]
                for v in vals[1:]:
                    if v == r == 0:
                        neg = math.copysign(1.0, v) < 0 or math.copysign(1.0, r) < 0
                        both = math.copysign(1.0, v) < 0 and math.copysign(1.0, r) < 0
                        r = -0.0 if (neg if is_min else both) else 0.0
                    elif (v < r) if is_min else (v > r):
                        r = v
                return r
            return fminmax
        return lambda L: pick([f(L) for f in fs])

    def b_clear(self: "Comp", e: S.Call) -> Callable:
        u = underlying(self.tof(e.args[0]))
        f = self.expr(e.args[0])
        if isinstance(u, Map):
            def clear_map(L: list) -> None:
                m = f(L)
                if m is not None:
                    m.d.clear()
                    if m.kd is not None:
                        m.kd.clear()
            return clear_map
        assert isinstance(u, Slice)
        z = zero_fn(u.elem)
        ai = assign_into(u.elem) if is_agg(u.elem) else None

        def clear_slice(L: list) -> None:
            s = f(L)
            if s is not None:
                for i in range(s.off, s.off + s.len):
                    if ai is not None:
                        ai(s.a[i], z())
                    else:
                        s.a[i] = z()
        return clear_slice
