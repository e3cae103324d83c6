"""Moving a value from one static type to another: storing it in a location of another type
(boxing into an interface, copying an aggregate), numeric and string conversions, and reaching
a method's receiver through embedded fields.

Invariant: every function returns None when the value needs no conversion, so that the
compiled closures skip the call.
"""

from __future__ import annotations

from typing import Any, Callable

from ..types import FLOAT_KINDS, INT_BITS, Basic, ErrorUnion, Kind, Nullable, Pointer, Struct, Tuple, Type, underlying
from .arith import f32, float_to_int, int_range, wrapper
from .errors import NIL_DEREF, InternalError, panic
from .text import encode_rune
from .values import IfaceV, basic_kind, copier, is_agg, is_iface


def store_conv(src: Type, dst: Type | None, fresh: bool = False) -> Callable[[Any], Any] | None:
    """The conversion a value of static type src needs to be stored in a dst location:
    boxing into an interface, copying an array or struct. None: none needed."""
    if dst is None or isinstance(src, (Tuple, ErrorUnion)):
        return None
    if isinstance(src, Basic) and src.kind == Kind.UNTYPED_NIL:
        return None
    target = dst
    du = underlying(dst)
    if isinstance(du, Nullable) and not isinstance(underlying(src), Nullable):
        target = du.elem
    if is_iface(target) and not is_iface(src) and not isinstance(underlying(src), Nullable):
        cp = None if fresh else copier(src)
        if cp is not None:
            return lambda v: IfaceV(src, cp(v))
        return lambda v: IfaceV(src, v)
    if fresh:
        return None
    return copier(src)


def num_conv(src: Type, dst: Type) -> Callable[[Any], Any] | None:
    """Conversion between basic types (numbers, strings from integers)."""
    sk, dk = basic_kind(src), basic_kind(dst)
    if sk is None or dk is None:
        return None
    if dk in INT_BITS:
        if sk in INT_BITS:
            slo, shi = int_range(sk)
            dlo, dhi = int_range(dk)
            if dlo <= slo and shi <= dhi:
                return None
            return wrapper(dk)
        if sk in FLOAT_KINDS:
            return lambda v: float_to_int(v, dk)
        return None
    if dk in FLOAT_KINDS:
        if sk in INT_BITS:
            if dk == Kind.FLOAT32:
                return lambda v: f32(float(v))
            return float
        if sk in FLOAT_KINDS:
            return f32 if dk == Kind.FLOAT32 and sk != Kind.FLOAT32 else None
        return None
    if dk == Kind.STRING and sk in INT_BITS:
        return encode_rune
    return None


def path_walker(t: Type, path: tuple[int, ...]) -> tuple[Callable[[Any], Any], Type]:
    """Follow embedded fields `path` from a value of type t: (walker, type reached)."""
    cur = t
    for idx in path:
        u = underlying(cur)
        if isinstance(u, Pointer):
            u = underlying(u.elem)
        assert isinstance(u, Struct)
        cur = u.fields[idx].type
    if not path:
        return (lambda v: v), cur
    steps = tuple(path)

    def walk(v: Any) -> Any:
        for i in steps:
            if v is None:
                panic(NIL_DEREF)
            v = v.f[i]
        return v
    return walk, cur


def receiver_adapter(final_t: Type, pointer_recv: bool) -> Callable[[Any], Any]:
    """Turn a value of type final_t into the receiver a method expects."""
    fu = underlying(final_t)
    if pointer_recv:
        if isinstance(fu, Pointer) or is_agg(final_t):
            return lambda v: v
        raise InternalError("pointer method on an unaddressable value")
    if isinstance(fu, Pointer):
        if is_agg(fu.elem):
            cp = copier(fu.elem)

            def deref_copy(v: Any) -> Any:
                if v is None:
                    panic(NIL_DEREF)
                return cp(v)
            return deref_copy

        def deref(v: Any) -> Any:
            if v is None:
                panic(NIL_DEREF)
            return v.c[v.i]
        return deref
    cp = copier(final_t)
    return cp if cp is not None else (lambda v: v)
