"""Compiler mixin: the address operator, unary and binary operators, comparisons.

Invariants:
- Integer results wrap at the static type's width (the common `+ - *` are spelled out, and
  wrap only when the result leaves the range); shifts by at least the width give 0 (or -1),
  negative shifts and division by zero panic; float32 results are rounded to float32.
- `==` follows Go: interface values compare dynamic types first and panic on uncomparable
  dynamic types; a `?T` compared with a `T` is equal when present and equal.
- Building a long string charges steps in proportion to its length.
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Any, Callable

from .. import syntax as S
from ..check_base import Mode
from ..objects import Var
from ..types import (
    FLOAT_KINDS,
    INT_BITS,
    UNSIGNED_KINDS,
    Basic,
    Kind,
    Nullable,
    Pointer,
    Slice,
    Type,
    type_string,
    underlying,
)
from .arith import f32, fdiv, int_range, trunc_div, trunc_mod, wrapper
from .conversions import path_walker, store_conv
from .errors import NIL_DEREF, InternalError, index_msg, panic
from .values import Ref, basic_kind, eq_basic, eq_fn, eq_iface, is_agg, is_iface

if TYPE_CHECKING:  # pragma: no cover
    from .comp import Comp


class OperatorMixin:
    def addr(self: "Comp", e: S.Expr) -> Callable:
        """A closure producing a pointer to the addressable expression e."""
        x = S.unparen(e)
        t = self.tof(x)
        agg = is_agg(t)
        if isinstance(x, S.CompositeLit):
            f = self.expr(x)
            if agg:
                return f
            return lambda L: Ref([f(L)], 0)
        if isinstance(x, S.Ident):
            var = self.uses.get(x.id) or self.defs.get(x.id)
            if not isinstance(var, Var):
                raise InternalError(f"cannot take the address of {x.name}")
            if agg:
                return self.read_var(var, x)
            s = self.slot_of(var)
            if s is None:
                return self.not_comptime(self.var_message(var), x)
            if not self.is_boxed(var):
                raise InternalError(f"address of unboxed variable {x.name}")
            return lambda L: Ref(L[s], 0)
        if isinstance(x, S.Selector):
            sel = self.selection(x)
            fx = self.expr(x.x)
            walk, _ = path_walker(self.tof(x.x), sel.path[:-1])
            last = sel.path[-1]

            def field_addr(L: list) -> Any:
                o = walk(fx(L))
                if o is None:
                    panic(NIL_DEREF)
                return o.f[last] if agg else Ref(o.f, last)
            return field_addr
        if isinstance(x, S.Index):
            u = underlying(self.tof(x.x))
            fx = self.expr(x.x)
            fi = self.expr(x.indices[0])
            if isinstance(u, Slice):
                def elem_addr(L: list) -> Any:
                    s = fx(L)
                    i = fi(L)
                    if s is None or not 0 <= i < s.len:
                        panic(index_msg(i, s.len if s is not None else 0))
                    return s.a[s.off + i] if agg else Ref(s.a, s.off + i)
                return elem_addr

            def arr_addr(L: list) -> Any:
                a = fx(L)
                i = fi(L)
                if a is None:
                    panic(NIL_DEREF)
                if not 0 <= i < len(a):
                    panic(index_msg(i, len(a)))
                return a[i] if agg else Ref(a, i)
            return arr_addr
        if isinstance(x, S.Unary) and x.op == "*":
            return self.expr(x.x)
        raise InternalError("cannot take this address")

    def x_unary(self: "Comp", e: S.Unary) -> Callable:
        op = e.op
        if op == "&":
            return self.addr(e.x)
        if op == "<-":
            return self.not_comptime("channel operations cannot run at compile time", e)
        if op == "*":
            pt = underlying(self.tof(e.x))
            fp = self.expr(e.x)
            if isinstance(pt, Pointer) and is_agg(pt.elem):
                def deref_agg(L: list) -> Any:
                    p = fp(L)
                    if p is None:
                        panic(NIL_DEREF)
                    return p
                return deref_agg

            def deref(L: list) -> Any:
                p = fp(L)
                if p is None:
                    panic(NIL_DEREF)
                return p.c[p.i]
            return deref
        f = self.expr(e.x)
        t = self.tof(e)
        k = basic_kind(t)
        if op == "+":
            return f
        if op == "!":
            return lambda L: not f(L)
        if op == "-":
            if k in FLOAT_KINDS:
                return lambda L: -f(L)
            assert k is not None
            w = wrapper(k)
            lo, hi = int_range(k)

            def neg(L: list) -> int:
                r = -f(L)
                return r if lo <= r <= hi else w(r)
            return neg
        if op in ("^", "~"):
            assert k is not None
            if k in UNSIGNED_KINDS:
                mask = (1 << INT_BITS[k]) - 1
                return lambda L: f(L) ^ mask
            return lambda L: ~f(L)
        raise InternalError(f"unary operator {op}")

    def binop_fn(self: "Comp", op: str, t: Type) -> Callable[[Any, Any], Any]:
        """The function computing `a op b` for operands of type t (not && || or comparisons)."""
        k = basic_kind(t)
        if k is None:
            raise InternalError(f"operator {op} on {type_string(t)}")
        I = self.I
        if k == Kind.STRING:
            def concat(a: bytes, b: bytes) -> bytes:
                r = a + b
                if len(r) > 4096:
                    I.charge(len(r) >> 12)
                return r
            return concat
        if k in FLOAT_KINDS:
            base = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": fdiv}[op]
            if k == Kind.FLOAT32:
                return lambda a, b: f32(base(a, b))
            return base
        lo, hi = int_range(k)
        w = wrapper(k)
        bits = INT_BITS[k]
        if op == "+":
            return lambda a, b: r if lo <= (r := a + b) <= hi else w(r)
        if op == "-":
            return lambda a, b: r if lo <= (r := a - b) <= hi else w(r)
        if op == "*":
            return lambda a, b: r if lo <= (r := a * b) <= hi else w(r)
        if op == "/":
            return lambda a, b: w(trunc_div(a, b))
        if op == "%":
            return trunc_mod
        if op == "&":
            return operator.and_
        if op == "|":
            return operator.or_
        if op == "^":
            return operator.xor
        if op == "&^":
            return lambda a, b: a & ~b
        if op == "<<":
            def shl(a: int, b: int) -> int:
                if b < 0:
                    panic("negative shift amount")
                if b >= bits:
                    return 0
                return w(a << b)
            return shl
        if op == ">>":
            def shr(a: int, b: int) -> int:
                if b < 0:
                    panic("negative shift amount")
                if b >= bits:
                    return -1 if a < 0 else 0
                return a >> b
            return shr
        raise InternalError(f"operator {op}")

    def x_binary(self: "Comp", e: S.Binary) -> Callable:
        op = e.op
        if op == "&&":
            fx, fy = self.expr(e.x), self.expr(e.y)
            return lambda L: fx(L) and fy(L)
        if op == "||":
            fx, fy = self.expr(e.x), self.expr(e.y)
            return lambda L: fx(L) or fy(L)
        if op in ("==", "!=", "<", "<=", ">", ">="):
            return self.comparison(e)
        t = self.tof(e)
        fx = self.expr(e.x)
        ytv = self.types.get(e.y.id)
        const_y = ytv is not None and ytv.mode == Mode.CONSTANT and ytv.value is not None
        k = basic_kind(t)
        if k in INT_BITS and op in ("+", "-", "*"):
            lo, hi = int_range(k)
            w = wrapper(k)
            if const_y:
                c = self.const_rt(ytv.value, self.tof(e.y))
                if op == "+":
                    def add_c(L: list) -> int:
                        r = fx(L) + c
                        return r if lo <= r <= hi else w(r)
                    return add_c
                if op == "-":
                    def sub_c(L: list) -> int:
                        r = fx(L) - c
                        return r if lo <= r <= hi else w(r)
                    return sub_c

                def mul_c(L: list) -> int:
                    r = fx(L) * c
                    return r if lo <= r <= hi else w(r)
                return mul_c
            fy = self.expr(e.y)
            if op == "+":
                def add(L: list) -> int:
                    r = fx(L) + fy(L)
                    return r if lo <= r <= hi else w(r)
                return add
            if op == "-":
                def sub(L: list) -> int:
                    r = fx(L) - fy(L)
                    return r if lo <= r <= hi else w(r)
                return sub

            def mul(L: list) -> int:
                r = fx(L) * fy(L)
                return r if lo <= r <= hi else w(r)
            return mul
        fn = self.binop_fn(op, t)
        fy = self.expr(e.y)
        return lambda L: fn(fx(L), fy(L))

    def comparison(self: "Comp", e: S.Binary) -> Callable:
        op = e.op
        xt, yt = self.tof(e.x), self.tof(e.y)
        fx, fy = self.expr(e.x), self.expr(e.y)
        xn, yn = isinstance(underlying(xt), Nullable), isinstance(underlying(yt), Nullable)
        if op in ("==", "!="):
            if xn != yn:
                # ?T compared with a T: equal when present and equal
                nt = xt if xn else yt
                inner = eq_fn(underlying(nt).elem)
                if xn:
                    fn = lambda a, b: a is not None and inner(a, b)  # noqa: E731
                else:
                    fn = lambda a, b: b is not None and inner(b, a)  # noqa: E731
            else:
                xi, yi = is_iface(xt), is_iface(yt)
                if xi and not yi and not (isinstance(yt, Basic) and yt.kind == Kind.UNTYPED_NIL):
                    c = store_conv(yt, xt)
                    if c is not None:
                        fy0 = fy
                        fy = lambda L: c(fy0(L))  # noqa: E731
                    fn = eq_iface
                elif yi and not xi and not (isinstance(xt, Basic) and xt.kind == Kind.UNTYPED_NIL):
                    c = store_conv(xt, yt)
                    if c is not None:
                        fx0 = fx
                        fx = lambda L: c(fx0(L))  # noqa: E731
                    fn = eq_iface
                else:
                    fn = eq_fn(xt)
            if fn is eq_basic:
                ytv = self.types.get(e.y.id)
                if ytv is not None and ytv.mode == Mode.CONSTANT and ytv.value is not None:
                    c0 = self.const_rt(ytv.value, yt)
                    if op == "==":
                        return lambda L: fx(L) == c0
                    return lambda L: fx(L) != c0
                if op == "==":
                    return lambda L: fx(L) == fy(L)
                return lambda L: fx(L) != fy(L)
            if op == "==":
                return lambda L: fn(fx(L), fy(L))
            return lambda L: not fn(fx(L), fy(L))
        ytv = self.types.get(e.y.id)
        if ytv is not None and ytv.mode == Mode.CONSTANT and ytv.value is not None:
            c1 = self.const_rt(ytv.value, yt)
            if op == "<":
                return lambda L: fx(L) < c1
            if op == "<=":
                return lambda L: fx(L) <= c1
            if op == ">":
                return lambda L: fx(L) > c1
            return lambda L: fx(L) >= c1
        if op == "<":
            return lambda L: fx(L) < fy(L)
        if op == "<=":
            return lambda L: fx(L) <= fy(L)
        if op == ">":
            return lambda L: fx(L) > fy(L)
        return lambda L: fx(L) >= fy(L)
