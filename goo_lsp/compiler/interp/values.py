"""The interpreter's value model, and the operations that follow a value's static type.

Representation of a value of static type T:
- booleans, integers (wrapped to T's width), floats (float32 rounded) and strings (`bytes`) are
  Python values; functions are Python callables; None is every nil and an absent nullable;
- an array is a `list`, a struct a `StructV`, a slice a `SliceV` (a window on a backing list),
  a map a `MapV`, an enum value an `EnumV`, an interface value an `IfaceV` (dynamic type and
  value); the error of `error("msg")` and `errors.New` is an `ErrStr` behind `ERRSTR_T`;
- a function returning `!T` returns the value, or a `Failure` holding the error.

Invariants:
- Arrays and structs have value semantics: they are copied when stored (`copier`) and assigned
  *in place* (`assign_into`), so a pointer to an array or struct is the object itself. A pointer
  to anything else is a `Ref` (a list and an index).
- `zero_fn`, `copier`, `assign_into`, `eq_fn` and `hkey_fn` are built once per type and cached;
  the caches are bounded, since each analysis creates its types anew.
- Map keys are the values themselves, or (when `hkey_fn(K)` is not None: floats, pointers to
  aggregates, arrays, structs, enums) a hashable key; `MapV.kd` then maps it back to the key.
"""

from __future__ import annotations

from typing import Any, Callable

from ..objects import UNIVERSE_LOC, TypeName
from ..types import (
    FLOAT_KINDS,
    Array,
    Basic,
    Chan,
    Enum,
    Interface,
    Kind,
    Map,
    Named,
    Nullable,
    Pointer,
    Signature,
    Slice,
    Struct,
    Type,
    TypeParam,
    default_type,
    identical,
    is_untyped,
    type_string,
    underlying,
)
from .errors import InternalError, panic


class StructV:
    __slots__ = ("f",)

    def __init__(self, f: list):
        self.f = f

    def __repr__(self) -> str:
        return f"StructV({self.f!r})"


class SliceV:
    __slots__ = ("a", "off", "len", "cap")

    def __init__(self, a: list, off: int, n: int, cap: int):
        self.a = a
        self.off = off
        self.len = n
        self.cap = cap

    def items(self) -> list:
        return self.a[self.off:self.off + self.len]

    def __repr__(self) -> str:
        return f"SliceV({self.items()!r}, cap={self.cap})"


def new_slice(items: list) -> SliceV:
    return SliceV(items, 0, len(items), len(items))


def slice_items(s: SliceV | None) -> list:
    if s is None:
        return []
    return s.a[s.off:s.off + s.len]


def grow_cap(oldcap: int, needed: int) -> int:
    double = oldcap + oldcap
    if needed > double:
        return needed
    if oldcap < 256:
        return double
    newcap = oldcap
    while newcap < needed:
        newcap += (newcap + 768) >> 2
    return newcap


class MapV:
    __slots__ = ("d", "kd")

    def __init__(self, keyed: bool = False):
        self.d: dict = {}
        self.kd: dict | None = {} if keyed else None

    def __repr__(self) -> str:
        return f"MapV({self.d!r})"


MISSING = object()      # the result of a lookup of a key a map does not hold


class EnumV:
    __slots__ = ("v", "f")

    def __init__(self, v: Any, f: tuple):
        self.v = v      # types.Variant
        self.f = f

    def __repr__(self) -> str:
        return f"{self.v.name}{{{', '.join(repr(x) for x in self.f)}}}"


class IfaceV:
    """A non-nil interface value: dynamic type and value."""

    __slots__ = ("t", "v")

    def __init__(self, t: Type, v: Any):
        self.t = t
        self.v = v

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, IfaceV):
            return False
        if not identical(self.t, other.t):
            return False
        return eq_fn(self.t, dynamic=True)(self.v, other.v)

    def __hash__(self) -> int:
        h = hkey_fn(self.t, dynamic=True)
        return hash(h(self.v) if h is not None else self.v)

    def __repr__(self) -> str:
        return f"IfaceV({type_string(self.t)}, {self.v!r})"


class Ref:
    """A pointer to a non-aggregate location: element `i` of list `c` (a variable's box, an
    array, a slice's backing array, or a struct's field list)."""

    __slots__ = ("c", "i")

    def __init__(self, c: list, i: int):
        self.c = c
        self.i = i

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ref) and other.c is self.c and other.i == self.i

    def __hash__(self) -> int:
        return hash((id(self.c), self.i))


class Failure:
    """The failure outcome of a call returning `!T`."""

    __slots__ = ("err",)

    def __init__(self, err: Any):
        self.err = err


class ErrStr:
    """The error made by `error("msg")`, `errors.New` and the std functions."""

    __slots__ = ("msg",)

    def __init__(self, msg: bytes):
        self.msg = msg


_ERRSTR_OBJ = TypeName("errorString", None, UNIVERSE_LOC, "errors")
ERRSTR_NAMED = Named(_ERRSTR_OBJ, Struct(()))
_ERRSTR_OBJ.type = ERRSTR_NAMED
ERRSTR_T = Pointer(ERRSTR_NAMED)


def new_error(msg: bytes | str) -> IfaceV:
    if isinstance(msg, str):
        msg = msg.encode("utf-8")
    return IfaceV(ERRSTR_T, ErrStr(msg))


# ---------------------------------------------------------------------------------- types
def is_agg(t: Type) -> bool:
    return isinstance(underlying(t), (Struct, Array))


def is_iface(t: Type) -> bool:
    return isinstance(underlying(t), Interface) and not isinstance(t, TypeParam)


def basic_kind(t: Type) -> Kind | None:
    u = underlying(t)
    if isinstance(u, Basic):
        return default_type(u).kind if is_untyped(u) else u.kind
    return None


def tstr(t: Type) -> str:
    u = t
    if isinstance(u, Interface) and not u.methods and not u.embedded:
        return "interface {}"
    return type_string(t)


# ---------------------------------------------------------------------------------- per-type operations
_CACHE_LIMIT = 4096     # the caches are keyed by types, which each analysis creates anew


def _remember(cache: dict, key: Any, value: Any) -> Any:
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value


_copier_cache: dict = {}


def copier(t: Type) -> Callable[[Any], Any] | None:
    """A deep copy of a value of type t (None: values of t need no copy)."""
    try:
        return _copier_cache[t]
    except KeyError:
        pass
    except TypeError:
        return _make_copier(t)
    return _remember(_copier_cache, t, _make_copier(t))


def _make_copier(t: Type) -> Callable[[Any], Any] | None:
    u = underlying(t)
    if isinstance(u, Array):
        ec = copier(u.elem)
        if ec is None:
            return list.copy
        return lambda v: [ec(x) for x in v]
    if isinstance(u, Struct):
        fcs = [copier(f.type) for f in u.fields]
        if all(c is None for c in fcs):
            return lambda v: StructV(v.f.copy())
        pairs = list(enumerate(fcs))

        def copy_struct(v: StructV) -> StructV:
            f = v.f.copy()
            for i, c in pairs:
                if c is not None:
                    f[i] = c(f[i])
            return StructV(f)
        return copy_struct
    return None


_assign_cache: dict = {}


def assign_into(t: Type) -> Callable[[Any, Any], None]:
    """Overwrite the array/struct object `cur` with the value `v`, in place and recursively, so
    that pointers into cur (which are the nested objects themselves) keep seeing its storage."""
    try:
        return _assign_cache[t]
    except KeyError:
        pass
    except TypeError:
        return _make_assign(t)
    return _remember(_assign_cache, t, _make_assign(t))


def _make_assign(t: Type) -> Callable[[Any, Any], None]:
    u = underlying(t)
    if isinstance(u, Array):
        if not is_agg(u.elem):
            def set_flat(cur: list, v: list) -> None:
                cur[:] = v
            return set_flat
        inner = assign_into(u.elem)

        def set_array(cur: list, v: list) -> None:
            if cur is v:
                return
            for x, y in zip(cur, v):
                inner(x, y)
        return set_array
    assert isinstance(u, Struct)
    nested = [(i, assign_into(f.type)) for i, f in enumerate(u.fields) if is_agg(f.type)]
    if not nested:
        def set_flat_struct(cur: StructV, v: StructV) -> None:
            cur.f[:] = v.f
        return set_flat_struct

    def set_struct(cur: StructV, v: StructV) -> None:
        if cur is v:
            return
        f, g = cur.f, v.f
        saved = [(i, f[i]) for i, _ in nested]
        f[:] = g
        for (i, ai), (_, old) in zip(nested, saved):
            f[i] = old
            ai(old, g[i])
    return set_struct


_zero_cache: dict = {}


def zero_fn(t: Type) -> Callable[[], Any]:
    """A function returning a fresh zero value of t."""
    try:
        return _zero_cache[t]
    except KeyError:
        pass
    except TypeError:
        return _make_zero(t)
    return _remember(_zero_cache, t, _make_zero(t))


def _const(v: Any) -> Callable[[], Any]:
    return lambda: v


def _make_zero(t: Type) -> Callable[[], Any]:
    u = underlying(t)
    if isinstance(u, Basic):
        k = u.kind
        if k in (Kind.BOOL, Kind.UNTYPED_BOOL):
            return _const(False)
        if k in (Kind.STRING, Kind.UNTYPED_STRING):
            return _const(b"")
        if k in FLOAT_KINDS:
            return _const(0.0)
        if k == Kind.UNTYPED_NIL:
            return _const(None)
        return _const(0)
    if isinstance(u, Array):
        if u.length < 0:
            raise InternalError("array length depends on a comptime parameter")
        n = u.length
        ez = zero_fn(u.elem)
        if is_agg(u.elem):
            return lambda: [ez() for _ in range(n)]
        zv = ez()
        return lambda: [zv] * n
    if isinstance(u, Struct):
        fzs = [zero_fn(f.type) for f in u.fields]
        if not any(is_agg(f.type) for f in u.fields):
            vals = [z() for z in fzs]
            return lambda: StructV(vals.copy())
        return lambda: StructV([z() for z in fzs])
    if isinstance(u, Enum):
        var = u.zero_variant()
        if var is None:
            return _const(None)
        if not var.fields:
            ev = EnumV(var, ())
            return _const(ev)
        fzs = [zero_fn(f.type) for f in var.fields]
        return lambda: EnumV(var, tuple(z() for z in fzs))
    return _const(None)


def eq_basic(a: Any, b: Any) -> bool:
    return a == b


def _eq_is(a: Any, b: Any) -> bool:
    return a is b


def _eq_ref(a: Any, b: Any) -> bool:
    return a is b or (a is not None and b is not None and a == b)


def eq_iface(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    if not identical(a.t, b.t):
        return False
    return eq_fn(a.t, dynamic=True)(a.v, b.v)


_eq_cache: dict = {}


def eq_fn(t: Type, dynamic: bool = False) -> Callable[[Any, Any], bool]:
    """Go's == for values of type t. `dynamic`: t is an interface value's dynamic type, so an
    uncomparable t panics instead of being a checker error."""
    key = (t, dynamic)
    try:
        return _eq_cache[key]
    except KeyError:
        pass
    except TypeError:
        return _make_eq(t, dynamic)
    return _remember(_eq_cache, key, _make_eq(t, dynamic))


def _uncomparable(t: Type) -> Callable[[Any, Any], bool]:
    name = tstr(t)

    def fail(a: Any, b: Any) -> bool:
        panic(f"comparing uncomparable type {name}")
        return False
    return fail


def _make_eq(t: Type, dynamic: bool) -> Callable[[Any, Any], bool]:
    u = underlying(t)
    if isinstance(u, Basic):
        return eq_basic
    if isinstance(u, Pointer):
        return _eq_is if is_agg(u.elem) or u == ERRSTR_T else _eq_ref
    if isinstance(u, Interface):
        return eq_iface
    if isinstance(u, Chan):
        return _eq_is
    if isinstance(u, (Slice, Map, Signature)):
        return _uncomparable(t) if dynamic else _eq_is
    if isinstance(u, Nullable):
        inner = eq_fn(u.elem, dynamic)
        return lambda a, b: (a is b) if (a is None or b is None) else inner(a, b)
    if isinstance(u, Array):
        ef = eq_fn(u.elem, dynamic)
        if ef is eq_basic:
            return lambda a, b: a == b
        return lambda a, b: all(ef(x, y) for x, y in zip(a, b))
    if isinstance(u, Struct):
        fs = [eq_fn(f.type, dynamic) for f in u.fields]
        if all(f is eq_basic for f in fs):
            return lambda a, b: a.f == b.f
        return lambda a, b: all(f(x, y) for f, x, y in zip(fs, a.f, b.f))
    if isinstance(u, Enum):
        def enum_eq(a: EnumV, b: EnumV) -> bool:
            if a.v is not b.v:
                return False
            return all(eq_fn(f.type, dynamic)(x, y) for f, x, y in zip(a.v.fields, a.f, b.f))
        return enum_eq
    return eq_basic


_hkey_cache: dict = {}


def hkey_fn(t: Type, dynamic: bool = False) -> Callable[[Any], Any] | None:
    """The function that makes a hashable map key of a t value (None: the value itself)."""
    key = (t, dynamic)
    try:
        return _hkey_cache[key]
    except KeyError:
        pass
    except TypeError:
        return _make_hkey(t)
    return _remember(_hkey_cache, key, _make_hkey(t))


def _make_hkey(t: Type) -> Callable[[Any], Any] | None:
    u = underlying(t)
    if isinstance(u, Basic):
        if u.kind in FLOAT_KINDS:
            return lambda v: ("f", v + 0.0) if v == v else ("nan", object())
        return None
    if isinstance(u, Pointer):
        if is_agg(u.elem):
            return lambda v: ("p", id(v)) if v is not None else None
        return None
    if isinstance(u, (Interface, Chan)):
        return None
    if isinstance(u, Nullable):
        inner = hkey_fn(u.elem)
        if inner is None:
            return None
        return lambda v: None if v is None else inner(v)
    if isinstance(u, Array):
        ef = hkey_fn(u.elem)
        if ef is None:
            return tuple
        return lambda v: tuple(ef(x) for x in v)
    if isinstance(u, Struct):
        fs = [hkey_fn(f.type) for f in u.fields]
        return lambda v: ("s",) + tuple(f(x) if f is not None else x for f, x in zip(fs, v.f))
    if isinstance(u, Enum):
        def enum_key(v: EnumV) -> tuple:
            out: list = ["e", v.v.index]
            for f, x in zip(v.v.fields, v.f):
                h = hkey_fn(f.type)
                out.append(h(x) if h is not None else x)
            return tuple(out)
        return enum_key
    name = tstr(t)

    def unhashable(v: Any) -> Any:
        panic(f"hash of unhashable type {name}")
    return unhashable


def needs_hkey(t: Type) -> bool:
    return hkey_fn(t) is not None
