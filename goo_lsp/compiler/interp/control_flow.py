"""Compiler mixin: loops (`for`, `range` over integers, arrays, slices, strings and maps) and
switches (expression and type switches).

Invariants:
- Every loop iteration counts one step (`LimitExceeded` past `max_steps`).
- A `for` loop's variables that escape get a fresh copy each iteration (Go 1.22 semantics),
  so closures made in different iterations see different variables.
- `range` evaluates its operand once; over an array it ranges over a copy when the value is
  used; over a map it visits the keys present when the loop starts, in insertion order,
  skipping those deleted meanwhile; over a string it yields runes with Go's decoding.
- A switch evaluates the cases in order and runs `fallthrough` into the next clause's body;
  an unlabeled `break` ends the switch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from .. import syntax as S
from ..objects import Var
from ..types import INT, RUNE, Array, Basic, Chan, Kind, Map, Pointer, Signature, Slice, Type, identical, underlying
from .conversions import store_conv
from .errors import NIL_DEREF, LimitExceeded, panic
from .signals import FALL, STOP_LOOP, loop_signal, switch_signal
from .text import runes_with_pos
from .values import copier, eq_fn, eq_iface, is_iface

if TYPE_CHECKING:  # pragma: no cover
    from .comp import Comp


class ControlFlowMixin:
    def s_for(self: "Comp", s: S.ForStmt) -> Callable:
        label = self.labels.get(s.id)
        init = self.stmt(s.init) if s.init is not None else None
        percopy: list[tuple[int, bool, Callable | None]] = []
        if s.init is not None:
            for n in S.walk(s.init):
                if isinstance(n, S.Ident):
                    v = self.defs.get(n.id)
                    if isinstance(v, Var) and id(v) in self.esc and id(v) in self.slots:
                        percopy.append((self.slots[id(v)], self.is_boxed(v), copier(self.rt(v.type))))
        cond = self.expr(s.cond) if s.cond is not None else None
        post = self.stmt(s.post) if s.post is not None else None
        body = self.block(s.body.stmts)
        I = self.I
        maxs = I.max_steps

        def for_(L: list) -> Any:
            if init is not None:
                init(L)
            while True:
                if cond is not None and not cond(L):
                    return None
                r = body(L)
                if r is not None:
                    r = loop_signal(r, label)
                    if r is STOP_LOOP:
                        return None
                    if r is not None:
                        return r
                if percopy:
                    for slot, boxed, cp in percopy:
                        if boxed:
                            L[slot] = [L[slot][0]]
                        elif cp is not None:
                            L[slot] = cp(L[slot])
                if post is not None:
                    post(L)
                st = I.steps + 1
                I.steps = st
                if st > maxs:
                    raise LimitExceeded(f"exceeded {maxs} steps")
        return for_

    def range_setter(self: "Comp", e: S.Expr | None, define: bool, elem: Type) -> Callable[[list, Any], None] | None:
        if e is None:
            return None
        x = S.unparen(e)
        if isinstance(x, S.Ident) and x.name == "_":
            return None
        if define:
            var = self.defs.get(x.id)
            if not isinstance(var, Var):
                return None
            st = self.var_store(var)
            cp = copier(elem)
            if cp is not None:
                return lambda L, v: st(L, cp(v))
            return st
        prep, store, _ = self.lvalue(x)
        c = store_conv(elem, self.target_type(x))
        if c is not None:
            return lambda L, v: store(prep(L), c(v))
        return lambda L, v: store(prep(L), v)

    def s_range(self: "Comp", s: S.RangeStmt) -> Callable:
        label = self.labels.get(s.id)
        xt = self.tof(s.x)
        u = underlying(xt)
        fx = self.expr(s.x)
        I = self.I
        maxs = I.max_steps
        if isinstance(u, Chan):
            return self.not_comptime("channel operations cannot run at compile time", s)
        if isinstance(u, Signature):
            return self.not_comptime("range over functions cannot run at compile time", s)
        key_t: Type = INT
        val_t: Type = INT
        if isinstance(u, Pointer):
            u = underlying(u.elem)
        if isinstance(u, (Array, Slice)):
            val_t = self.rt(u.elem)
        elif isinstance(u, Map):
            key_t, val_t = self.rt(u.key), self.rt(u.elem)
        elif isinstance(u, Basic) and u.kind in (Kind.STRING, Kind.UNTYPED_STRING):
            val_t = RUNE
        else:
            key_t = xt
        setk = self.range_setter(s.key, s.define, key_t)
        setv = self.range_setter(s.value, s.define, val_t)
        body = self.block(s.body.stmts)
        kind = ("slice" if isinstance(u, Slice) else "array" if isinstance(u, Array) else "map" if isinstance(u, Map)
                else "string" if isinstance(u, Basic) and u.kind in (Kind.STRING, Kind.UNTYPED_STRING) else "int")
        arr_copy = copier(underlying(xt)) if kind == "array" and isinstance(underlying(xt), Array) and setv is not None else None

        def items(L: list):
            v = fx(L)
            if kind == "int":
                return ((i, None) for i in range(v))
            if kind == "slice":
                if v is None:
                    return ()
                a, off = v.a, v.off
                return ((i, a[off + i]) for i in range(v.len))
            if kind == "array":
                if v is None:
                    if setv is not None:
                        panic(NIL_DEREF)
                    n = u.length
                    return ((i, None) for i in range(n))
                if arr_copy is not None:
                    v = arr_copy(v)
                return enumerate(v)
            if kind == "string":
                return ((i, r) for i, r, _ in runes_with_pos(v))
            if v is None:
                return ()
            d = v.d
            kd = v.kd

            def map_items():
                for h in list(d):
                    if h in d:
                        yield (kd[h] if kd is not None else h), d[h]
            return map_items()

        if kind == "int" and setv is None:
            def range_int(L: list) -> Any:
                n = fx(L)
                i = 0
                while i < n:
                    if setk is not None:
                        setk(L, i)
                    r = body(L)
                    if r is not None:
                        r = loop_signal(r, label)
                        if r is STOP_LOOP:
                            return None
                        if r is not None:
                            return r
                    i += 1
                    st = I.steps + 1
                    I.steps = st
                    if st > maxs:
                        raise LimitExceeded(f"exceeded {maxs} steps")
                return None
            return range_int

        def range_(L: list) -> Any:
            for k, v in items(L):
                if setk is not None:
                    setk(L, k)
                if setv is not None:
                    setv(L, v)
                r = body(L)
                if r is not None:
                    r = loop_signal(r, label)
                    if r is STOP_LOOP:
                        return None
                    if r is not None:
                        return r
                st = I.steps + 1
                I.steps = st
                if st > maxs:
                    raise LimitExceeded(f"exceeded {maxs} steps")
            return None
        return range_

    # ---- switches ---------------------------------------------------------------------------
    def s_switch(self: "Comp", s: S.SwitchStmt) -> Callable:
        label = self.labels.get(s.id)
        init = self.stmt(s.init) if s.init is not None else None
        ftag = self.expr(s.tag) if s.tag is not None else None
        tt = self.tof(s.tag) if s.tag is not None else None
        clauses: list[list[Callable] | None] = []
        bodies: list[Callable] = []
        default = -1
        for i, c in enumerate(s.clauses):
            if c.exprs is None:
                default = i
                clauses.append(None)
            else:
                preds = []
                for ce in c.exprs:
                    fc = self.expr(ce)
                    if tt is None:
                        preds.append(lambda L, t, fc=fc: fc(L))
                        continue
                    ct = self.tof(ce)
                    if is_iface(tt) and not is_iface(ct):
                        conv = store_conv(ct, tt)
                        preds.append(lambda L, t, fc=fc, conv=conv: eq_iface(t, conv(fc(L)) if conv else fc(L)))
                    elif is_iface(ct) and not is_iface(tt):
                        conv = store_conv(tt, ct)
                        preds.append(lambda L, t, fc=fc, conv=conv: eq_iface(conv(t) if conv else t, fc(L)))
                    else:
                        eq = eq_fn(tt)
                        preds.append(lambda L, t, fc=fc, eq=eq: eq(t, fc(L)))
                clauses.append(preds)
            bodies.append(self.block(c.body))
        n = len(bodies)

        def switch(L: list) -> Any:
            if init is not None:
                init(L)
            t = ftag(L) if ftag is not None else True
            chosen = -1
            for i, preds in enumerate(clauses):
                if preds is None:
                    continue
                for p in preds:
                    if p(L, t):
                        chosen = i
                        break
                if chosen >= 0:
                    break
            if chosen < 0:
                chosen = default
                if chosen < 0:
                    return None
            i = chosen
            while True:
                r = bodies[i](L)
                if r is not None and r.kind == FALL and i + 1 < n:
                    i += 1
                    continue
                return switch_signal(r, label)
        return switch

    def s_typeswitch(self: "Comp", s: S.TypeSwitchStmt) -> Callable:
        label = self.labels.get(s.id)
        init = self.stmt(s.init) if s.init is not None else None
        fx = self.expr(s.subject)
        I = self.I
        clauses = []
        default = None
        for c in s.clauses:
            types: list[Type | None] = []
            if c.exprs is not None:
                for ce in c.exprs:
                    if isinstance(ce, S.KeywordLit) and ce.word == "nil":
                        types.append(None)
                    else:
                        types.append(self.texpr(ce))
            st = None
            var = self.info.implicits.get(c.id)
            if isinstance(var, Var) and s.binder is not None and s.binder.name != "_":
                store = self.var_store(var)
                if len(types) == 1 and types[0] is not None and not is_iface(types[0]):
                    cp = copier(types[0])
                    st = (lambda L, v, store=store, cp=cp: store(L, cp(v.v) if cp else v.v))
                else:
                    st = store
            body = self.block(c.body)
            if c.exprs is None:
                default = (st, body)
            else:
                clauses.append((types, st, body))

        def matches(T: Type | None, v: Any) -> bool:
            if T is None:
                return v is None
            if v is None:
                return False
            if is_iface(T):
                return I.implements(v.t, T)
            return identical(v.t, T)

        def type_switch(L: list) -> Any:
            if init is not None:
                init(L)
            v = fx(L)
            for types, st, body in clauses:
                if any(matches(T, v) for T in types):
                    if st is not None:
                        st(L, v)
                    return switch_signal(body(L), label)
            if default is not None:
                st, body = default
                if st is not None:
                    st(L, v)
                return switch_signal(body(L), label)
            return None
        return type_switch
