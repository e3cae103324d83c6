"""Compiler mixin: assignments, short variable declarations, `op=`, `++`/`--` and local `var`
declarations.

Invariants:
- An assignment target compiles to `lvalue`: (prep(L) -> location, store(location, v),
  load(location)); all locations are prepared (index expressions evaluated) before any value
  is stored, as Go's two-phase assignment requires.
- A newly declared variable gets a fresh box when it escapes (`var_store`), so every loop
  iteration's closures see their own variable.
- Aggregates are stored in place (`assign_into`), so pointers into them stay valid.
- A multi-valued right-hand side (a tuple, an error union destructured into `v, err`, a
  comma-ok map read or type assertion) compiles to one closure returning the list of values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from .. import syntax as S
from ..objects import Var
from ..types import FLOAT_KINDS, INT_BITS, ErrorUnion, Kind, Map, Pointer, Slice, Tuple, Type, underlying
from .arith import f32, int_range, wrapper
from .conversions import path_walker, store_conv
from .errors import NIL_DEREF, InternalError, index_msg, panic
from .values import MISSING, Failure, assign_into, basic_kind, hkey_fn, is_agg, zero_fn

if TYPE_CHECKING:  # pragma: no cover
    from .comp import Comp


class AssignMixin:
    def var_store(self: "Comp", var: Var) -> Callable[[list, Any], None]:
        """Store into a newly declared variable (its slot gets a fresh box if boxed)."""
        s = self.declare(var)
        if self.is_boxed(var):
            def store_box(L: list, v: Any) -> None:
                L[s] = [v]
            return store_box

        def store(L: list, v: Any) -> None:
            L[s] = v
        return store

    def lvalue(self: "Comp", e: S.Expr) -> tuple[Callable, Callable, Callable]:
        """(prep(L) -> loc, store(loc, v), load(loc)) for an assignment target."""
        x = S.unparen(e)
        if isinstance(x, S.Ident):
            if x.name == "_":
                return (lambda L: None), (lambda loc, v: None), (lambda loc: None)
            var = self.uses.get(x.id) or self.defs.get(x.id)
            if not isinstance(var, Var):
                raise InternalError(f"cannot assign to {x.name}")
            s = self.slot_of(var)
            if s is None:
                fail = self.not_comptime(self.var_message(var), x)
                return fail, fail, fail
            t = self.rt(var.type)
            agg = is_agg(t)
            ident = lambda L: L  # noqa: E731
            if self.is_boxed(var):
                if agg:
                    ai = assign_into(t)
                    return ident, (lambda L, v: ai(L[s][0], v)), (lambda L: L[s][0])

                def store_box(L: list, v: Any) -> None:
                    L[s][0] = v
                return ident, store_box, (lambda L: L[s][0])
            if agg:
                ai = assign_into(t)
                return ident, (lambda L, v: ai(L[s], v)), (lambda L: L[s])

            def store_slot(L: list, v: Any) -> None:
                L[s] = v
            return ident, store_slot, (lambda L: L[s])
        if isinstance(x, S.Selector):
            sel = self.selection(x)
            fx = self.expr(x.x)
            walk, _ = path_walker(self.tof(x.x), sel.path[:-1])
            last = sel.path[-1]
            ft = self.tof(x)

            def prep_field(L: list) -> Any:
                o = walk(fx(L))
                if o is None:
                    panic(NIL_DEREF)
                return o
            if is_agg(ft):
                ai = assign_into(ft)
                return prep_field, (lambda o, v: ai(o.f[last], v)), (lambda o: o.f[last])

            def store_field(o: Any, v: Any) -> None:
                o.f[last] = v
            return prep_field, store_field, (lambda o: o.f[last])
        if isinstance(x, S.Index):
            xt = self.tof(x.x)
            u = underlying(xt)
            fx = self.expr(x.x)
            if isinstance(u, Map):
                return self.map_lvalue(x, u, fx)
            fi = self.expr(x.indices[0])
            et = self.tof(x)
            ai = assign_into(et) if is_agg(et) else None
            if isinstance(u, Slice):
                def prep_slice(L: list) -> tuple:
                    return fx(L), fi(L)

                def store_slice(loc: tuple, v: Any) -> None:
                    s, i = loc
                    if s is None or not 0 <= i < s.len:
                        panic(index_msg(i, s.len if s is not None else 0))
                    if ai is not None:
                        ai(s.a[s.off + i], v)
                    else:
                        s.a[s.off + i] = v

                def load_slice(loc: tuple) -> Any:
                    s, i = loc
                    if s is None or not 0 <= i < s.len:
                        panic(index_msg(i, s.len if s is not None else 0))
                    return s.a[s.off + i]
                return prep_slice, store_slice, load_slice

            def prep_arr(L: list) -> tuple:
                a = fx(L)
                if a is None:
                    panic(NIL_DEREF)
                return a, fi(L)

            def store_arr(loc: tuple, v: Any) -> None:
                a, i = loc
                if not 0 <= i < len(a):
                    panic(index_msg(i, len(a)))
                if ai is not None:
                    ai(a[i], v)
                else:
                    a[i] = v

            def load_arr(loc: tuple) -> Any:
                a, i = loc
                if not 0 <= i < len(a):
                    panic(index_msg(i, len(a)))
                return a[i]
            return prep_arr, store_arr, load_arr
        if isinstance(x, S.Unary) and x.op == "*":
            pt = underlying(self.tof(x.x))
            fp = self.expr(x.x)

            def prep_ptr(L: list) -> Any:
                p = fp(L)
                if p is None:
                    panic(NIL_DEREF)
                return p
            if isinstance(pt, Pointer) and is_agg(pt.elem):
                ai2 = assign_into(pt.elem)
                return prep_ptr, ai2, (lambda p: p)

            def store_ptr(p: Any, v: Any) -> None:
                p.c[p.i] = v
            return prep_ptr, store_ptr, (lambda p: p.c[p.i])
        raise InternalError("cannot assign to this expression")

    def map_lvalue(self: "Comp", x: S.Index, u: Map, fx: Callable) -> tuple[Callable, Callable, Callable]:
        fk = self.val_to(x.indices[0], u.key)
        hk = hkey_fn(u.key)
        z = zero_fn(u.elem)

        def prep_map(L: list) -> tuple:
            return fx(L), fk(L)

        def store_map(loc: tuple, v: Any) -> None:
            m, k = loc
            if m is None:
                panic("assignment to entry in nil map")
            if hk is not None:
                h = hk(k)
                m.d[h] = v
                m.kd[h] = k
            else:
                m.d[k] = v

        def load_map(loc: tuple) -> Any:
            m, k = loc
            if m is None:
                return z()
            v = m.d.get(hk(k) if hk is not None else k, MISSING)
            return z() if v is MISSING else v
        return prep_map, store_map, load_map

    def multi(self: "Comp", rhs: S.Expr, targets: list[Type | None]) -> Callable[[list], list]:
        """The values of one multi-valued right-hand side, converted for the targets."""
        rtv = self.tv(rhs)
        rtype = rtv.type
        f = self.expr(rhs)
        n = len(targets)
        if isinstance(rtype, Tuple):
            convs = [store_conv(self.rt(t), targets[i] if i < n else None) for i, t in enumerate(rtype.types)]
            if all(c is None for c in convs):
                return lambda L: list(f(L))
            return lambda L: [c(v) if c is not None else v for c, v in zip(convs, f(L))]
        if isinstance(rtype, ErrorUnion):
            T = self.rt(rtype.elem)
            z = zero_fn(T)
            c0 = store_conv(T, targets[0])

            def destructure(L: list) -> list:
                v = f(L)
                if type(v) is Failure:
                    return [z(), v.err]
                return [c0(v) if c0 is not None else v, None]
            return destructure
        inner = S.unparen(rhs)
        if isinstance(inner, S.Index):
            u = underlying(self.tof(inner.x))
            if isinstance(u, Map):
                fm = self.expr(inner.x)
                fk = self.val_to(inner.indices[0], u.key)
                hk = hkey_fn(u.key)
                z = zero_fn(u.elem)
                c0 = store_conv(self.rt(u.elem), targets[0])

                def comma_ok_map(L: list) -> list:
                    m = fm(L)
                    k = fk(L)
                    if hk is not None:
                        k = hk(k)
                    if m is None:
                        return [z(), False]
                    v = m.d.get(k, MISSING)
                    if v is MISSING:
                        return [z(), False]
                    return [c0(v) if c0 is not None else v, True]
                return comma_ok_map
        if isinstance(inner, S.TypeAssert):
            test, take, T = self.assertion(inner)
            fx = self.expr(inner.x)
            z = zero_fn(T)
            c0 = store_conv(T, targets[0])

            def comma_ok_assert(L: list) -> list:
                v = fx(L)
                if test(v):
                    r = take(v)
                    return [c0(r) if c0 is not None else r, True]
                return [z(), False]
            return comma_ok_assert
        if isinstance(inner, S.Unary) and inner.op == "<-":
            return self.not_comptime("channel operations cannot run at compile time", inner)
        raise InternalError("multi-valued expression")

    # ---- statements ----------------------------------------------------------------------------
    def s_assign(self: "Comp", s: S.AssignStmt) -> Callable:
        if s.op == ":=":
            return self.s_define(s)
        if s.op == "=":
            return self.s_plain_assign(s)
        return self.s_op_assign(s)

    def target_type(self: "Comp", e: S.Expr) -> Type | None:
        x = S.unparen(e)
        if isinstance(x, S.Ident):
            if x.name == "_":
                return None
            var = self.uses.get(x.id) or self.defs.get(x.id)
            return self.rt(var.type) if isinstance(var, Var) else None
        tv = self.types.get(x.id)
        return self.rt(tv.type) if tv is not None else None

    def s_define(self: "Comp", s: S.AssignStmt) -> Callable:
        lhs = s.lhs
        targets: list[Type | None] = []
        kinds: list[tuple[str, Any]] = []
        for e in lhs:
            x = S.unparen(e)
            assert isinstance(x, S.Ident)
            if x.name == "_":
                targets.append(None)
                kinds.append(("blank", None))
                continue
            d = self.defs.get(x.id)
            if isinstance(d, Var):
                targets.append(self.rt(d.type))
                kinds.append(("new", d))
            else:
                u = self.uses.get(x.id)
                targets.append(self.rt(u.type) if isinstance(u, Var) else None)
                kinds.append(("old", x))
        if len(s.rhs) == len(lhs):
            vals = [self.val_to(r, t) for r, t in zip(s.rhs, targets)]
            multi = None
        else:
            vals = None
            multi = self.multi(s.rhs[0], targets)
        stores: list[Callable | None] = []
        for kind, obj in kinds:
            if kind == "blank":
                stores.append(None)
            elif kind == "new":
                stores.append(self.var_store(obj))
            else:
                prep, store, _ = self.lvalue(obj)
                stores.append(lambda L, v, p=prep, st=store: st(p(L), v))
        if vals is not None and len(vals) == 1:
            f0 = vals[0]
            st0 = stores[0]
            if st0 is None:
                return lambda L: (f0(L), None)[1]
            kind0, obj0 = kinds[0]
            if kind0 == "new" and not self.is_boxed(obj0):
                slot = self.slots[id(obj0)]

                def define1(L: list) -> None:
                    L[slot] = f0(L)
                return define1

            def define_one(L: list) -> None:
                st0(L, f0(L))
            return define_one
        pairs = list(zip(stores, range(len(stores))))
        if vals is not None:
            fvals = vals

            def define_n(L: list) -> None:
                vs = [f(L) for f in fvals]
                for st, i in pairs:
                    if st is not None:
                        st(L, vs[i])
            return define_n
        assert multi is not None
        mf = multi

        def define_multi(L: list) -> None:
            vs = mf(L)
            for st, i in pairs:
                if st is not None:
                    st(L, vs[i])
        return define_multi

    def s_plain_assign(self: "Comp", s: S.AssignStmt) -> Callable:
        lhs = s.lhs
        targets = [self.target_type(e) for e in lhs]
        if len(lhs) == 1 and len(s.rhs) == 1:
            f = self.val_to(s.rhs[0], targets[0])
            x = S.unparen(lhs[0])
            if isinstance(x, S.Ident):
                if x.name == "_":
                    return lambda L: (f(L), None)[1]
                var = self.uses.get(x.id) or self.defs.get(x.id)
                if isinstance(var, Var) and not self.is_boxed(var) and not is_agg(self.rt(var.type)):
                    slot = self.slot_of(var)
                    if slot is not None:
                        def assign_slot(L: list) -> None:
                            L[slot] = f(L)
                        return assign_slot
            prep, store, _ = self.lvalue(lhs[0])

            def assign1(L: list) -> None:
                loc = prep(L)
                store(loc, f(L))
            return assign1
        lvs = [self.lvalue(e) for e in lhs]
        preps = [lv[0] for lv in lvs]
        stores = [lv[1] for lv in lvs]
        if len(s.rhs) == len(lhs):
            fvals = [self.val_to(r, t) for r, t in zip(s.rhs, targets)]

            def assign_n(L: list) -> None:
                locs = [p(L) for p in preps]
                vs = [f(L) for f in fvals]
                for st, loc, v in zip(stores, locs, vs):
                    st(loc, v)
            return assign_n
        mf = self.multi(s.rhs[0], targets)

        def assign_multi(L: list) -> None:
            locs = [p(L) for p in preps]
            vs = mf(L)
            for st, loc, v in zip(stores, locs, vs):
                st(loc, v)
        return assign_multi

    def s_op_assign(self: "Comp", s: S.AssignStmt) -> Callable:
        op = s.op[:-1]
        t = self.tof(s.lhs[0])
        fn = self.binop_fn(op, t)
        fr = self.expr(s.rhs[0])
        x = S.unparen(s.lhs[0])
        if isinstance(x, S.Ident):
            var = self.uses.get(x.id) or self.defs.get(x.id)
            if isinstance(var, Var) and not self.is_boxed(var):
                slot = self.slot_of(var)
                if slot is not None:
                    k = basic_kind(t)
                    if k in INT_BITS and op in ("+", "-"):
                        lo, hi = int_range(k)
                        w = wrapper(k)
                        if op == "+":
                            def add_assign(L: list) -> None:
                                r = L[slot] + fr(L)
                                L[slot] = r if lo <= r <= hi else w(r)
                            return add_assign

                        def sub_assign(L: list) -> None:
                            r = L[slot] - fr(L)
                            L[slot] = r if lo <= r <= hi else w(r)
                        return sub_assign

                    def op_slot(L: list) -> None:
                        L[slot] = fn(L[slot], fr(L))
                    return op_slot
        prep, store, load = self.lvalue(s.lhs[0])

        def op_assign(L: list) -> None:
            loc = prep(L)
            a = load(loc)
            store(loc, fn(a, fr(L)))
        return op_assign

    def s_incdec(self: "Comp", s: S.IncDecStmt) -> Callable:
        t = self.tof(s.x)
        k = basic_kind(t)
        delta = 1 if s.op == "++" else -1
        if k in FLOAT_KINDS:
            if k == Kind.FLOAT32:
                step = lambda v: f32(v + delta)  # noqa: E731
            else:
                step = lambda v: v + delta  # noqa: E731
        else:
            assert k is not None
            lo, hi = int_range(k)
            w = wrapper(k)
            step = lambda v: r if lo <= (r := v + delta) <= hi else w(r)  # noqa: E731
        x = S.unparen(s.x)
        if isinstance(x, S.Ident):
            var = self.uses.get(x.id) or self.defs.get(x.id)
            if isinstance(var, Var) and not self.is_boxed(var):
                slot = self.slot_of(var)
                if slot is not None:
                    if k in INT_BITS:
                        lo, hi = int_range(k)
                        w = wrapper(k)

                        def inc_slot(L: list) -> None:
                            r = L[slot] + delta
                            L[slot] = r if lo <= r <= hi else w(r)
                        return inc_slot

                    def step_slot(L: list) -> None:
                        L[slot] = step(L[slot])
                    return step_slot
        prep, store, load = self.lvalue(s.x)

        def incdec(L: list) -> None:
            loc = prep(L)
            store(loc, step(load(loc)))
        return incdec

    def s_decl(self: "Comp", s: S.DeclStmt) -> Callable:
        d = s.decl
        if not isinstance(d, S.GenDecl) or d.keyword != "var":
            return lambda L: None
        parts: list[Callable] = []
        for spec in d.specs:
            assert isinstance(spec, S.ValueSpec)
            vars_ = [self.defs.get(n.id) for n in spec.names]
            t = self.texpr(spec.type) if spec.type is not None else None
            targets = [t if t is not None else (self.rt(v.type) if isinstance(v, Var) else None) for v in vars_]
            if not spec.values:
                for v, n in zip(vars_, spec.names):
                    if not isinstance(v, Var) or n.name == "_":
                        continue
                    z = zero_fn(t if t is not None else self.rt(v.type))
                    st = self.var_store(v)
                    parts.append(lambda L, z=z, st=st: st(L, z()))
                continue
            if len(spec.values) == len(spec.names):
                fvals = [self.val_to(val, tt) for val, tt in zip(spec.values, targets)]
                stores = [self.var_store(v) if isinstance(v, Var) and n.name != "_" else None
                          for v, n in zip(vars_, spec.names)]

                def declare_vals(L: list, fvals: list = fvals, stores: list = stores) -> None:
                    vs = [f(L) for f in fvals]
                    for st, v in zip(stores, vs):
                        if st is not None:
                            st(L, v)
                parts.append(declare_vals)
            else:
                mf = self.multi(spec.values[0], targets)
                stores = [self.var_store(v) if isinstance(v, Var) and n.name != "_" else None
                          for v, n in zip(vars_, spec.names)]

                def declare_multi(L: list, mf: Callable = mf, stores: list = stores) -> None:
                    vs = mf(L)
                    for st, v in zip(stores, vs):
                        if st is not None:
                            st(L, v)
                parts.append(declare_multi)
        if len(parts) == 1:
            p0 = parts[0]

            def decl1(L: list) -> None:
                p0(L)
            return decl1

        def decl(L: list) -> None:
            for p in parts:
                p(L)
        return decl
