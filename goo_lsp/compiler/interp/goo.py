"""Compiler mixin: Goo's extensions to Go — error unions (`try`, `catch`, the failure return of
a `!T` function), nullables (`if let`) and `match` (enum variants, types, constants, guards).

Invariants:
- A `!T` value is the value or a `Failure`; a Go-style `(T, error)` pair or a bare `error`
  works with `try` and `catch` as well.
- `try` and a `catch` block that ends the function or a loop leave the expression by raising
  `SignalEscape`; `needs_signal_guard` tells which statements must turn it back into a signal.
- A `catch` block whose last statement is the value of the `catch` (the checker records it in
  `Info.goo`) yields that value; without one the result is the zero value.
- `match` tries the clauses in order; a binder is bound before the guard is evaluated, and an
  unlabeled `break` ends the match.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from .. import syntax as S
from ..objects import Var
from ..types import Enum, ErrorUnion, Tuple, identical, underlying
from .errors import InternalError
from .signals import RetSig, SignalEscape, switch_signal
from .values import Failure, copier, eq_fn, is_iface, zero_fn

if TYPE_CHECKING:  # pragma: no cover
    from .comp import Comp


def needs_signal_guard(s: S.Stmt) -> bool:
    """Does the statement's own code (not nested blocks or function literals) contain a `try`
    or `catch` that may end the function or a loop from inside an expression?"""
    stack: list[S.Node] = [s]
    first = True
    while stack:
        n = stack.pop()
        if isinstance(n, (S.TryExpr, S.CatchExpr)):
            return True
        if isinstance(n, S.FuncLit) or (isinstance(n, S.Block) and not first):
            continue
        first = False
        stack.extend(S.children(n))
    return False


class GooMixin:
    # ---- error unions ----------------------------------------------------------------------
    def fail_return(self: "Comp") -> Callable[[Any], Any]:
        sig = self.sig
        if sig is None:
            raise InternalError("try outside a function")
        res = sig.results
        if len(res) == 1 and isinstance(res[0].type, ErrorUnion):
            return lambda err: RetSig(Failure(err))
        zs = [zero_fn(r.type) for r in res[:-1]]
        if not zs:
            return lambda err: RetSig(err)
        return lambda err: RetSig(tuple([z() for z in zs] + [err]))

    def x_try(self: "Comp", e: S.TryExpr) -> Callable:
        f = self.expr(e.x)
        xt = self.tv(e.x).type
        failret = self.fail_return()
        if isinstance(xt, ErrorUnion):
            def try_union(L: list) -> Any:
                v = f(L)
                if type(v) is Failure:
                    raise SignalEscape(failret(v.err))
                return v
            return try_union
        if isinstance(xt, Tuple):
            def try_pair(L: list) -> Any:
                v, err = f(L)
                if err is not None:
                    raise SignalEscape(failret(err))
                return v
            return try_pair

        def try_error(L: list) -> None:
            err = f(L)
            if err is not None:
                raise SignalEscape(failret(err))
        return try_error

    def x_catch(self: "Comp", e: S.CatchExpr) -> Callable:
        f = self.expr(e.x)
        xt = self.tv(e.x).type
        rtype = self.tv(e).type
        has_value = not isinstance(rtype, Tuple)
        T = self.tof(e) if has_value else None
        kind = 0 if isinstance(xt, ErrorUnion) else 1 if isinstance(xt, Tuple) else 2
        fb = self.val_to(e.fallback, T) if e.fallback is not None else None
        slot = None
        boxed = False
        pre = None
        valf = None
        if e.block is not None:
            if e.binder is not None and e.binder.name != "_":
                var = self.defs.get(e.binder.id)
                if isinstance(var, Var):
                    slot = self.declare(var)
                    boxed = self.is_boxed(var)
            inst = self.info.goo.get(e.id)
            value_id = inst[1] if isinstance(inst, tuple) and len(inst) == 2 and inst[0] == "catch" else None
            stmts = e.block.stmts
            if value_id is not None and stmts and stmts[-1].id == value_id and has_value:
                last = stmts[-1]
                assert isinstance(last, S.ExprStmt)
                pre = self.block(stmts[:-1])
                valf = self.val_to(last.x, T)
            else:
                pre = self.block(stmts)
        z = zero_fn(T) if T is not None else (lambda: None)

        def catch(L: list) -> Any:
            v = f(L)
            if kind == 0:
                if type(v) is not Failure:
                    return v
                err = v.err
            elif kind == 1:
                val, err = v
                if err is None:
                    return val
            else:
                err = v
                if err is None:
                    return None
            if fb is not None:
                return fb(L)
            if slot is not None:
                L[slot] = [err] if boxed else err
            if pre is not None:
                r = pre(L)
                if r is not None:
                    raise SignalEscape(r)
            if valf is not None:
                return valf(L)
            return z()
        return catch

    # ---- nullables -------------------------------------------------------------------------
    def s_iflet(self: "Comp", s: S.IfLetStmt) -> Callable:
        fv = self.expr(s.value)
        var = self.defs.get(s.binder.id)
        st = None
        if isinstance(var, Var) and s.binder.name != "_":
            st = self.var_store(var)
            cp = copier(self.rt(var.type))
            if cp is not None:
                st0 = st
                st = lambda L, v: st0(L, cp(v))  # noqa: E731
        body = self.block(s.body.stmts)
        els = self.stmt(s.else_) if s.else_ is not None else None

        def if_let(L: list) -> Any:
            v = fv(L)
            if v is not None:
                if st is not None:
                    st(L, v)
                return body(L)
            if els is not None:
                return els(L)
            return None
        return if_let

    # ---- match ----------------------------------------------------------------------------
    def s_match(self: "Comp", s: S.MatchStmt) -> Callable:
        label = self.labels.get(s.id)
        st_ = self.tof(s.subject)
        su = underlying(st_)
        fx = self.expr(s.subject)
        I = self.I
        clauses = []
        default = None
        for c in s.clauses:
            p = c.pattern
            test: Callable[[Any], bool]
            bind: Callable[[list, Any], None] | None = None
            if p is None:
                body = self.block(c.body)
                default = body
                continue
            if isinstance(su, Enum) and isinstance(p, S.VariantPattern):
                vobj = self.variant_of(p.type)
                variant = vobj.variant if vobj is not None else None
                if variant is None:
                    raise InternalError("unknown variant in pattern")
                test = (lambda v, variant=variant: v.v is variant)
                binders = []
                for j, b in enumerate(p.binders or ()):
                    var = self.defs.get(b.id)
                    if isinstance(var, Var) and b.name != "_" and j < len(variant.fields):
                        binders.append((j, self.var_store(var), copier(variant.fields[j].type)))
                if binders:
                    def bind(L: list, v: Any, binders: list = binders) -> None:
                        for j, store, cp in binders:
                            x = v.f[j]
                            store(L, cp(x) if cp is not None else x)
            elif isinstance(p, S.TypePattern):
                T = self.texpr(p.type)
                if is_iface(T):
                    test = (lambda v, T=T: v is not None and I.implements(v.t, T))
                    take = lambda v: v  # noqa: E731
                else:
                    test = (lambda v, T=T: v is not None and identical(v.t, T))
                    cpT = copier(T)
                    take = (lambda v, cpT=cpT: cpT(v.v)) if cpT is not None else (lambda v: v.v)
                var = self.defs.get(p.binder.id)
                if isinstance(var, Var) and p.binder.name != "_":
                    store = self.var_store(var)
                    bind = (lambda L, v, store=store, take=take: store(L, take(v)))
            elif isinstance(p, S.LiteralPattern) and isinstance(p.value, S.KeywordLit) and p.value.word == "nil":
                test = lambda v: v is None  # noqa: E731
            else:
                ce = p.value if isinstance(p, S.LiteralPattern) else p.type
                tv = self.types.get(ce.id)
                if tv is None or tv.value is None:
                    raise InternalError("pattern is not a constant")
                cv = self.const_rt(tv.value, st_)
                eq = eq_fn(st_)
                test = (lambda v, cv=cv, eq=eq: eq(v, cv))
            guard = self.expr(c.guard) if c.guard is not None else None
            body = self.block(c.body)
            clauses.append((test, bind, guard, body))

        def match(L: list) -> Any:
            v = fx(L)
            for test, bind, guard, body in clauses:
                if test(v):
                    if bind is not None:
                        bind(L, v)
                    if guard is None or guard(L):
                        return switch_signal(body(L), label)
            if default is not None:
                return switch_signal(default(L), label)
            return None
        return match
