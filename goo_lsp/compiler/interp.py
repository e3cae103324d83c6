"""The compile-time interpreter for `comptime const` initialisers (spec §10.5).

It executes ordinary Goo with run-time semantics (spec §8): wrapping integer arithmetic at the
static type's width, float64/float32 arithmetic, strings as byte sequences, arrays and structs
with value semantics, slices with Go's append growth, maps, pointers, closures, enums and
`match`, error unions (`try`, `catch`, destructuring), generic functions, comptime parameters,
and the pure functions of math, strings, strconv and unicode/utf8 (interp_std.py).

Design
- Every function body is *compiled once* (per instance: type arguments and comptime argument
  values) into a tree of Python closures `f(L)`, where `L` is the frame: a list with one slot
  per local variable. Static types come from the checker's tables (`Info.types`, `uses`,
  `defs`, `selections`, `instances`); a callee's body is type-checked on demand with a fresh
  checker, so its tables are complete. Statement closures return None, or a signal for
  break/continue/goto/fallthrough/return.
- Values: int (wrapped to the static width), float (float32 rounded), bool, bytes (strings),
  `list` (arrays), `StructV` (structs), `SliceV`, `MapV`, `EnumV`, `IfaceV` (an interface
  value with its dynamic type), Python callables (functions), None (every nil, and an absent
  nullable). Arrays and structs are copied when stored and assigned *in place*, so a pointer
  to an array or struct is the array/struct object itself; a pointer to anything else is a
  `Ref` (a list and an index; a variable whose address is taken or that a closure captures
  lives in a one-element list, its "box").
- A function returning `!T` returns the value, or a `Failure` holding the error.
- Forbidden operations (goroutines, channels, select, defer, printing, time, os, sync, other
  std functions, package-level variables) raise `NotComptime` when they are *executed*.
- Panics, more than `max_steps` steps (loop iterations, calls, gotos, and bulk work such as
  building big strings) and recursion deeper than `max_depth` raise `ComptimeError`. The
  evaluation runs on a short-lived thread with a large stack and a high recursion limit, so
  deep recursion ends with the depth error, never with a crash.
"""

from __future__ import annotations

import math
import operator
import struct
import sys
import threading
from fractions import Fraction
from typing import Any, Callable

from . import syntax as S
from .check_base import Info, Mode
from .diagnostics import Severity
from .lookup import SelKind, Selection, lookup, missing_method
from .generics import subst
from .objects import ERROR_TYPE, UNIVERSE_LOC, Builtin, Const, Func, Nil, PkgName, TypeName, Var, VariantObj
from .types import (
    FLOAT_KINDS,
    INT,
    INT_BITS,
    UNSIGNED_KINDS,
    Array,
    Basic,
    Chan,
    Enum,
    ErrorUnion,
    Interface,
    Kind,
    Map,
    Named,
    Nullable,
    Pointer,
    Signature,
    Slice,
    Struct,
    Tuple,
    Type,
    TypeParam,
    default_type,
    identical,
    is_untyped,
    type_string,
    underlying,
)

MAX_STEPS = 10_000_000
MAX_DEPTH = 10_000


# ================================================================================ exceptions
class NotComptime(Exception):
    """The expression needs something that cannot run at compile time."""

    def __init__(self, message: str, node: S.Node | None = None):
        super().__init__(message)
        self.message = message
        self.node = node


class ComptimeError(Exception):
    """Evaluation failed: a panic, too many steps, too deep a recursion."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class GooPanic(Exception):
    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


class _Limit(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class _SigExc(Exception):
    """A control signal (return/break/...) raised from inside an expression (`try`, or a
    terminating `catch` block); the enclosing statement turns it back into a signal."""

    def __init__(self, sig: object):
        self.sig = sig


class _Internal(Exception):
    pass


class _Invalid(_Internal):
    """The checker recorded no type for an expression: it reported the code as invalid."""


def panic(text: str) -> None:
    raise GooPanic(text)


# ================================================================================ values
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


class MapV:
    __slots__ = ("d", "kd")

    def __init__(self, keyed: bool = False):
        self.d: dict = {}
        self.kd: dict | None = {} if keyed else None

    def __repr__(self) -> str:
        return f"MapV({self.d!r})"


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


# ================================================================================ signals
BREAK, CONTINUE, GOTO, FALL, RETURN = 1, 2, 3, 4, 5


class Sig:
    __slots__ = ("kind", "label")

    def __init__(self, kind: int, label: str | None = None):
        self.kind = kind
        self.label = label


class RetSig:
    __slots__ = ("value",)
    kind = RETURN

    def __init__(self, value: Any):
        self.value = value


BRK = Sig(BREAK)
CONT = Sig(CONTINUE)
FALLSIG = Sig(FALL)


# ================================================================================ type helpers
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
            raise _Internal("array length depends on a comptime parameter")
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


def _eq_basic(a: Any, b: Any) -> bool:
    return a == b


def _eq_is(a: Any, b: Any) -> bool:
    return a is b


def _eq_ref(a: Any, b: Any) -> bool:
    return a is b or (a is not None and b is not None and a == b)


def _eq_iface(a: Any, b: Any) -> bool:
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
        return _eq_basic
    if isinstance(u, Pointer):
        return _eq_is if is_agg(u.elem) or u == ERRSTR_T else _eq_ref
    if isinstance(u, Interface):
        return _eq_iface
    if isinstance(u, Chan):
        return _eq_is
    if isinstance(u, (Slice, Map, Signature)):
        return _uncomparable(t) if dynamic else _eq_is
    if isinstance(u, Nullable):
        inner = eq_fn(u.elem, dynamic)
        return lambda a, b: (a is b) if (a is None or b is None) else inner(a, b)
    if isinstance(u, Array):
        ef = eq_fn(u.elem, dynamic)
        if ef is _eq_basic:
            return lambda a, b: a == b
        return lambda a, b: all(ef(x, y) for x, y in zip(a, b))
    if isinstance(u, Struct):
        fs = [eq_fn(f.type, dynamic) for f in u.fields]
        if all(f is _eq_basic for f in fs):
            return lambda a, b: a.f == b.f
        return lambda a, b: all(f(x, y) for f, x, y in zip(fs, a.f, b.f))
    if isinstance(u, Enum):
        def enum_eq(a: EnumV, b: EnumV) -> bool:
            if a.v is not b.v:
                return False
            return all(eq_fn(f.type, dynamic)(x, y) for f, x, y in zip(a.v.fields, a.f, b.f))
        return enum_eq
    return _eq_basic


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


# ================================================================================ numbers
_F32 = struct.Struct("f")
INF = float("inf")
NAN = float("nan")


def f32(x: float) -> float:
    try:
        return _F32.unpack(_F32.pack(x))[0]
    except OverflowError:
        return math.copysign(INF, x)


def int_range(kind: Kind) -> tuple[int, int]:
    bits = INT_BITS[kind]
    if kind in UNSIGNED_KINDS:
        return 0, (1 << bits) - 1
    return -(1 << (bits - 1)), (1 << (bits - 1)) - 1


def wrapper(kind: Kind) -> Callable[[int], int]:
    bits = INT_BITS[kind]
    mask = (1 << bits) - 1
    if kind in UNSIGNED_KINDS:
        return lambda v: v & mask
    half = 1 << (bits - 1)
    full = 1 << bits

    def wrap(v: int) -> int:
        v &= mask
        return v - full if v >= half else v
    return wrap


def fdiv(a: float, b: float) -> float:
    try:
        return a / b
    except ZeroDivisionError:
        if a != a or a == 0:
            return NAN
        return INF if (a > 0) == (math.copysign(1.0, b) > 0) else -INF


def float_to_int(x: float, kind: Kind) -> int:
    if x != x or x in (INF, -INF):
        return wrapper(kind)(-(1 << 63))
    return wrapper(kind)(int(x))


def trunc_div(a: int, b: int) -> int:
    if b == 0:
        panic("integer divide by zero")
    q = a // b
    if q < 0 and q * b != a:
        q += 1
    return q


def trunc_mod(a: int, b: int) -> int:
    if b == 0:
        panic("integer divide by zero")
    r = abs(a) % abs(b)
    return -r if a < 0 else r


# ================================================================================ strings / UTF-8
RUNE_ERROR = 0xFFFD


def decode_rune(s: bytes, i: int) -> tuple[int, int]:
    """Go's utf8.DecodeRune at offset i: (rune, width); invalid input gives (U+FFFD, 1)."""
    n = len(s) - i
    if n < 1:
        return RUNE_ERROR, 0
    c0 = s[i]
    if c0 < 0x80:
        return c0, 1
    if 0xC2 <= c0 <= 0xDF:
        if n >= 2 and 0x80 <= s[i + 1] <= 0xBF:
            return ((c0 & 0x1F) << 6) | (s[i + 1] & 0x3F), 2
        return RUNE_ERROR, 1
    if 0xE0 <= c0 <= 0xEF:
        lo = 0xA0 if c0 == 0xE0 else 0x80
        hi = 0x9F if c0 == 0xED else 0xBF
        if n >= 3 and lo <= s[i + 1] <= hi and 0x80 <= s[i + 2] <= 0xBF:
            return ((c0 & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F), 3
        return RUNE_ERROR, 1
    if 0xF0 <= c0 <= 0xF4:
        lo = 0x90 if c0 == 0xF0 else 0x80
        hi = 0x8F if c0 == 0xF4 else 0xBF
        if n >= 4 and lo <= s[i + 1] <= hi and 0x80 <= s[i + 2] <= 0xBF and 0x80 <= s[i + 3] <= 0xBF:
            return (((c0 & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6)
                    | (s[i + 3] & 0x3F)), 4
        return RUNE_ERROR, 1
    return RUNE_ERROR, 1


def _width(cp: int) -> int:
    return 1 if cp < 0x80 else 2 if cp < 0x800 else 3 if cp < 0x10000 else 4


def runes_with_pos(s: bytes) -> list[tuple[int, int, int]]:
    """(byte offset, rune, width) for each rune of s, with Go's decoding."""
    if s.isascii():
        return [(i, b, 1) for i, b in enumerate(s)]
    try:
        text = s.decode("utf-8")
    except UnicodeDecodeError:
        out = []
        i = 0
        while i < len(s):
            r, w = decode_rune(s, i)
            out.append((i, r, w))
            i += w
        return out
    out = []
    i = 0
    for ch in text:
        cp = ord(ch)
        w = _width(cp)
        out.append((i, cp, w))
        i += w
    return out


def decode_runes(s: bytes) -> list[int]:
    if s.isascii():
        return list(s)
    try:
        return [ord(c) for c in s.decode("utf-8")]
    except UnicodeDecodeError:
        return [r for _, r, _ in runes_with_pos(s)]


def encode_rune(r: int) -> bytes:
    if r < 0 or r > 0x10FFFF or 0xD800 <= r <= 0xDFFF:
        r = RUNE_ERROR
    if r < 0x80:
        return bytes((r,))
    return chr(r).encode("utf-8")


def rune_count(s: bytes) -> int:
    if s.isascii():
        return len(s)
    try:
        return len(s.decode("utf-8"))
    except UnicodeDecodeError:
        return len(runes_with_pos(s))


# ================================================================================ formatting
def format_float(f: float, fmt: str = "g", prec: int = -1, bits: int = 64) -> str:
    """strconv.FormatFloat for the formats e, E, f, g, G (Go's algorithm)."""
    if f != f:
        return "NaN"
    if f == INF:
        return "+Inf"
    if f == -INF:
        return "-Inf"
    if prec >= 0:
        if fmt in "eEf":
            return f"%.{prec}{fmt}" % f
        return f"%.{max(prec, 1)}{fmt}" % f
    neg = math.copysign(1.0, f) < 0
    digits, dp = _shortest(abs(f), bits)     # value = 0.d1d2...dn * 10**dp
    if fmt in "eE":
        out = _exp_form(digits, dp, fmt)
    elif fmt == "f":
        out = _fixed_form(digits, dp)
    else:
        x = dp - 1
        if x < -4 or x >= 6:
            out = _exp_form(digits, dp, "e" if fmt == "g" else "E")
        else:
            out = _fixed_form(digits, dp)
    return ("-" if neg else "") + out


def _shortest(a: float, bits: int) -> tuple[str, int]:
    """Shortest decimal digits that read back as `a` (a >= 0) and the decimal point position."""
    if a == 0:
        return "0", 1
    if bits == 32:
        text = f"{a:.8e}"
        for p in range(1, 10):
            cand = f"{a:.{p - 1}e}"
            if f32(float(cand)) == a:
                text = cand
                break
    else:
        text = repr(a)
    if "e" in text:
        mant, _, e = text.partition("e")
        intpart, _, frac = mant.partition(".")
        digits = intpart + frac
        dp = int(e) + len(intpart)
        stripped = digits.lstrip("0")
        dp -= len(digits) - len(stripped)
        digits = stripped
    else:
        intpart, _, frac = text.partition(".")
        if intpart.strip("0"):
            intpart = intpart.lstrip("0")
            digits = intpart + frac
            dp = len(intpart)
        else:
            z = len(frac) - len(frac.lstrip("0"))
            digits = frac[z:]
            dp = -z
    digits = digits.rstrip("0") or "0"
    return digits, dp


def _exp_form(digits: str, dp: int, ch: str) -> str:
    x = dp - 1
    mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    sign = "-" if x < 0 else "+"
    return f"{mant}{ch}{sign}{abs(x):02d}"


def _fixed_form(digits: str, dp: int) -> str:
    if dp <= 0:
        return "0." + "0" * (-dp) + digits
    if dp >= len(digits):
        return digits + "0" * (dp - len(digits))
    return digits[:dp] + "." + digits[dp:]


def go_quote(s: bytes, ascii_only: bool = False) -> bytes:
    """strconv.Quote."""
    out = ['"']
    i = 0
    n = len(s)
    while i < n:
        r, w = decode_rune(s, i)
        if w == 1 and r == RUNE_ERROR:
            out.append(f"\\x{s[i]:02x}")
            i += 1
            continue
        i += w
        ch = chr(r)
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif r < 0x80 and ch.isprintable():
            out.append(ch)
        elif r >= 0x80 and not ascii_only and ch.isprintable():
            out.append(ch)
        elif ch in "\a\b\f\n\r\t\v":
            out.append({"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}[ch])
        elif r < 0x20 or r == 0x7F:
            out.append(f"\\x{r:02x}")
        elif r < 0x10000:
            out.append(f"\\u{r:04x}")
        else:
            out.append(f"\\U{r:08x}")
    out.append('"')
    return "".join(out).encode("utf-8")


def format_value(v: Any, t: Type | None) -> str:
    """The plain form of a value, for panic messages."""
    if isinstance(v, IfaceV):
        return format_value(v.v, v.t)
    if v is None:
        return "<nil>"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    if isinstance(v, float):
        return format_float(v, "g", -1, 32 if t is not None and basic_kind(t) == Kind.FLOAT32 else 64)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, ErrStr):
        return v.msg.decode("utf-8", "replace")
    if isinstance(v, list):
        et = underlying(t).elem if t is not None and isinstance(underlying(t), Array) else None
        return "[" + " ".join(format_value(x, et) for x in v) + "]"
    if isinstance(v, SliceV):
        et = underlying(t).elem if t is not None and isinstance(underlying(t), Slice) else None
        return "[" + " ".join(format_value(x, et) for x in v.items()) + "]"
    if isinstance(v, StructV):
        st = underlying(t) if t is not None else None
        fts = [f.type for f in st.fields] if isinstance(st, Struct) else [None] * len(v.f)
        return "{" + " ".join(format_value(x, ft) for x, ft in zip(v.f, fts)) + "}"
    if isinstance(v, EnumV):
        return v.v.name + "{" + " ".join(format_value(x, f.type) for x, f in zip(v.f, v.v.fields)) + "}"
    if isinstance(v, MapV):
        return "map[...]"
    return "?"


NIL_DEREF = "invalid memory address or nil pointer dereference"


def _unparen(e: S.Expr) -> S.Expr:
    while isinstance(e, S.Paren):
        e = e.x
    return e


def _has_open_array(t: Type, depth: int = 0) -> bool:
    if depth > 20:
        return False
    if isinstance(t, Array):
        return t.length < 0 or _has_open_array(t.elem, depth + 1)
    if isinstance(t, (Slice, Pointer, Chan, Nullable, ErrorUnion)):
        return _has_open_array(t.elem, depth + 1)
    if isinstance(t, Map):
        return _has_open_array(t.key, depth + 1) or _has_open_array(t.elem, depth + 1)
    return False


def _bind(g: Type, c: Type, tps: tuple, m: dict, depth: int = 0) -> None:
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
        _bind(g.elem, c.elem, tps, m, depth + 1)
    elif isinstance(g, Array):
        _bind(g.elem, c.elem, tps, m, depth + 1)
    elif isinstance(g, Map):
        _bind(g.key, c.key, tps, m, depth + 1)
        _bind(g.elem, c.elem, tps, m, depth + 1)
    elif isinstance(g, Tuple):
        for a, b in zip(g.types, c.types):
            _bind(a, b, tps, m, depth + 1)
    elif isinstance(g, Signature):
        for a, b in zip(g.params, c.params):
            _bind(a.type, b.type, tps, m, depth + 1)
        for a, b in zip(g.results, c.results):
            _bind(a.type, b.type, tps, m, depth + 1)
    elif isinstance(g, Struct):
        for a, b in zip(g.fields, c.fields):
            _bind(a.type, b.type, tps, m, depth + 1)


class Code:
    """One compiled function body (an instance: type arguments and comptime values fixed)."""

    __slots__ = ("name", "nslots", "nparams", "boxed_params", "result_inits", "fall", "body", "cap_slots")

    def __init__(self, name: str):
        self.name = name
        self.nslots = 0
        self.nparams = 0
        self.boxed_params: list[int] = []
        self.result_inits: list[tuple[int, Callable[[], Any], bool]] = []
        self.fall: Callable[[list], Any] | None = None
        self.body: Callable[[list], Any] = lambda L: None
        self.cap_slots: list[int] = []


_RECURSION_LOCK = threading.Lock()
_RECURSION_USERS = 0
_SAVED_LIMIT = 0


class Interpreter:
    """Evaluates comptime initialisers of one package env (one instance per evaluation)."""

    def __init__(self, env: Any, *, max_steps: int = MAX_STEPS, max_depth: int = MAX_DEPTH):
        self.env = env
        self.max_steps = max_steps
        self.max_depth = max_depth
        self.steps = 0
        self.depth = 0
        self.home_decl: S.Node | None = None
        self._infos: dict[int, tuple[Info, S.Node]] = {}
        self._callables: dict[tuple, Callable] = {}
        self._dyn: dict[tuple, Callable] = {}
        self._esc: dict[int, set[int]] = {}
        from . import interp_std
        self.std = interp_std.Natives(self)

    # ---- entry point ---------------------------------------------------------------------
    def eval_const_expr(self, ck: Any, expr: S.Expr) -> Any:
        """Evaluate `expr` (type-checked by `ck`) and return its exact constant value."""
        box: dict[str, Any] = {}

        def work() -> None:
            try:
                box["value"] = self._evaluate(ck, expr)
            except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
                box["error"] = exc

        old = threading.stack_size()
        started = False
        _enter_deep()
        try:
            for size in (512 << 20, 256 << 20, 64 << 20):
                try:
                    threading.stack_size(size)
                    thread = threading.Thread(target=work, name="goo-comptime", daemon=True)
                    thread.start()
                except (ValueError, RuntimeError, MemoryError):
                    continue
                finally:
                    threading.stack_size(old)
                started = True
                thread.join()
                break
        finally:
            _leave_deep()
        if not started:
            work()   # no thread available: the default recursion limit ends deep recursion
        if "error" in box:
            raise box["error"]
        return box.get("value")

    def _evaluate(self, ck: Any, expr: S.Expr) -> Any:
        self.home_decl = ck.unit.decl
        try:
            comp = Comp(self, ck.info, None, None, self.escapes(expr, ck.info), ck.unit.decl, None, {}, None)
            f = comp.expr(expr)
            L = [None] * comp.nslots
            v = f(L)
            t = comp.tof(expr)
        except GooPanic as p:
            raise ComptimeError(f"panicked: {p.text}") from None
        except _Limit as lim:
            raise ComptimeError(lim.message) from None
        except RecursionError:
            raise ComptimeError(f"exceeded recursion depth {self.max_depth}") from None
        except MemoryError:
            raise ComptimeError("ran out of memory") from None
        except (NotComptime, ComptimeError):
            raise
        except _Invalid:
            return None     # the checker has reported the invalid code
        except _Internal as exc:
            raise ComptimeError(f"failed: {exc}") from None
        except _SigExc:
            raise ComptimeError("failed: control flow left the expression") from None
        except Exception as exc:  # an interpreter bug must not take the checker down
            raise ComptimeError(f"failed: internal error ({type(exc).__name__}: {exc})") from None
        return self.to_constant(v, t)

    def to_constant(self, v: Any, t: Type) -> Any:
        if isinstance(t, ErrorUnion):
            # the checker already reported the unhandled error union
            if isinstance(v, Failure):
                return None
            t = t.elem
        if isinstance(v, Failure):
            msg = self.error_text(v.err)
            raise ComptimeError(f"failed with error: {msg}")
        if isinstance(v, IfaceV):
            t, v = v.t, v.v
        k = basic_kind(t)
        if k is None:
            raise ComptimeError(f"failed: the result of type {type_string(t)} is not a constant")
        if k in (Kind.BOOL,):
            return bool(v)
        if k == Kind.STRING:
            return bytes(v)
        if k in FLOAT_KINDS:
            if v != v or v in (INF, -INF):
                raise ComptimeError(f"failed: the result {format_float(v)} is not a finite number")
            return Fraction(v)
        return int(v)

    # ---- limits ---------------------------------------------------------------------------
    def charge(self, n: int) -> None:
        s = self.steps + n
        self.steps = s
        if s > self.max_steps:
            raise _Limit(f"exceeded {self.max_steps} steps")

    # ---- functions ---------------------------------------------------------------------------
    def func_info(self, fn: Func) -> tuple[Info, S.Node]:
        got = self._infos.get(id(fn))
        if got is not None:
            return got
        env = self.env
        env.resolve(fn)
        decl = fn.decl
        di = env.decls.get(id(fn))
        if decl is None or decl.body is None or di is None or not isinstance(fn.type, Signature):
            raise NotComptime(f"{fn.name} has no body and cannot be called at compile time")
        info = Info()
        unit = env.units[di.chunk]
        ck = env.make_checker(env, unit, info, env.file_scope)
        recv_type = None
        if fn.recv_named is not None:
            recv_type = Pointer(fn.recv_named) if fn.pointer_recv else fn.recv_named
        tparams = tuple(name for tp in decl.type.type_params for name in tp.names)
        ck.check_func_body(decl.type, fn.type, decl.body, name=decl.name.name, node=decl, recv=decl.recv,
                           recv_type=recv_type, tparam_names=tparams)
        if any(d.severity is Severity.ERROR for d in info.diagnostics):
            # the function's own check reports these errors
            raise _Invalid(f"{self.func_name(fn)} has errors")
        got = (info, unit.decl)
        self._infos[id(fn)] = got
        return got

    @staticmethod
    def func_name(fn: Func) -> str:
        if fn.recv_named is not None:
            return f"{fn.recv_named.obj.name}.{fn.name}"
        return fn.name

    def escapes(self, root: S.Node, info: Info) -> set[int]:
        """Variables whose address is taken or that a function literal captures."""
        esc: set[int] = set()
        uses, defs = info.uses, info.defs

        def var_of(ident: S.Node) -> Var | None:
            o = uses.get(ident.id) or defs.get(ident.id)
            return o if isinstance(o, Var) else None

        for n in S.walk(root):
            if isinstance(n, S.Unary) and n.op == "&":
                x = _unparen(n.x)
                if isinstance(x, S.Ident):
                    v = var_of(x)
                    if v is not None:
                        esc.add(id(v))
            elif isinstance(n, S.Selector):
                sel = info.selections.get(n.id)
                if isinstance(sel, Selection) and sel.kind is SelKind.METHOD and sel.pointer_recv:
                    x = _unparen(n.x)
                    if isinstance(x, S.Ident):
                        v = var_of(x)
                        if v is not None:
                            esc.add(id(v))
            elif isinstance(n, S.FuncLit):
                inside: set[int] = set()
                for m in S.walk(n):
                    if isinstance(m, S.Ident):
                        d = defs.get(m.id)
                        if isinstance(d, Var):
                            inside.add(id(d))
                    imp = info.implicits.get(m.id)
                    if isinstance(imp, Var):
                        inside.add(id(imp))
                for m in S.walk(n):
                    if isinstance(m, S.Ident):
                        u = uses.get(m.id)
                        if isinstance(u, Var) and id(u) not in inside:
                            esc.add(id(u))
        return esc

    def callable(self, fn: Func, tmap: dict | None = None) -> Callable:
        """The Python callable running `fn` (an instance for generic functions)."""
        self.env.resolve(fn)
        tkey = tuple(tmap[tp] for tp in fn.type.type_params) if tmap and isinstance(fn.type, Signature) else ()
        key = (id(fn), tkey)
        f = self._callables.get(key)
        if f is not None:
            return f
        if not fn.has_body or fn.decl is None or fn.decl.body is None:
            f = self.std.function(fn)
        else:
            sig = fn.type
            assert isinstance(sig, Signature)
            cidx = [i for i, p in enumerate(sig.params) if p.comptime]
            if cidx:
                f = self._comptime_dispatcher(fn, tmap, cidx)
            else:
                f = self.make_callable(self.compile_func(fn, tmap, {}))
        self._callables[key] = f
        return f

    def _comptime_dispatcher(self, fn: Func, tmap: dict | None, cidx: list[int]) -> Callable:
        instances: dict[tuple, Callable] = {}
        off = 1 if fn.recv_named is not None else 0

        def dispatch(*args: Any) -> Any:
            key = tuple(args[i + off] for i in cidx)
            f = instances.get(key)
            if f is None:
                f = self.make_callable(self.compile_func(fn, tmap, dict(zip(cidx, key))))
                instances[key] = f
            return f(*args)
        return dispatch

    def compile_func(self, fn: Func, tmap: dict | None, cvals_by_index: dict[int, Any]) -> Code:
        info, unit_decl = self.func_info(fn)
        decl = fn.decl
        assert decl is not None and decl.body is not None
        esc = self._esc.get(id(fn))
        if esc is None:
            esc = self._esc[id(fn)] = self.escapes(decl, info)
        sig = fn.type
        assert isinstance(sig, Signature)
        if tmap:
            sig = subst(sig, tmap)
            assert isinstance(sig, Signature)
            sig = Signature(sig.params, sig.results, sig.variadic, ())
        cvals: dict[int, Any] = {}
        if cvals_by_index:
            idents = [p for f in decl.type.params for p in (f.names or (None,))]
            for i, v in cvals_by_index.items():
                if i < len(idents) and idents[i] is not None:
                    var = info.defs.get(idents[i].id)
                    if var is not None:
                        cvals[id(var)] = v
        comp = Comp(self, info, tmap, None, esc, unit_decl, self.func_name(fn), cvals, sig)
        return comp.function(decl.type, decl.body, sig, decl.recv, self.func_name(fn))

    def make_callable(self, code: Code, captured: list | None = None) -> Callable:
        I = self
        maxd = self.max_depth
        maxs = self.max_steps
        body = code.body
        pad = [None] * (code.nslots - code.nparams)
        fall = code.fall
        boxed = code.boxed_params
        rinits = code.result_inits
        caps = list(zip(code.cap_slots, captured)) if captured else None
        if not boxed and not rinits and not caps:
            def fv(*args: Any) -> Any:
                d = I.depth + 1
                if d > maxd:
                    raise _Limit(f"exceeded recursion depth {maxd}")
                I.depth = d
                s = I.steps + 1
                I.steps = s
                if s > maxs:
                    raise _Limit(f"exceeded {maxs} steps")
                L = [*args, *pad]
                r = body(L)
                I.depth = d - 1
                if r is None:
                    return fall(L) if fall is not None else None
                return r.value
            return fv

        def fv_general(*args: Any) -> Any:
            d = I.depth + 1
            if d > maxd:
                raise _Limit(f"exceeded recursion depth {maxd}")
            I.depth = d
            s = I.steps + 1
            I.steps = s
            if s > maxs:
                raise _Limit(f"exceeded {maxs} steps")
            L = [*args, *pad]
            for i in boxed:
                L[i] = [L[i]]
            for i, z, bx in rinits:
                L[i] = [z()] if bx else z()
            if caps:
                for i, c in caps:
                    L[i] = c
            r = body(L)
            I.depth = d - 1
            if r is None:
                return fall(L) if fall is not None else None
            return r.value
        return fv_general

    # ---- interfaces ---------------------------------------------------------------------------
    def error_text(self, err: Any) -> str:
        if err is None:
            return "<nil>"
        try:
            r = self.call_dyn(err, "Error", ())
        except (GooPanic, NotComptime):
            return "?"
        return r.decode("utf-8", "replace") if isinstance(r, bytes) else str(r)

    def panic_text(self, v: Any) -> str:
        if isinstance(v, IfaceV):
            if isinstance(v.v, ErrStr):
                return v.v.msg.decode("utf-8", "replace")
            m = lookup(v.t, "Error")
            if isinstance(m, Selection) and m.kind is SelKind.METHOD:
                return self.error_text(v)
            m = lookup(v.t, "String")
            if isinstance(m, Selection) and m.kind is SelKind.METHOD and isinstance(m.type, Signature) and not m.type.params:
                r = self.call_dyn(v, "String", ())
                if isinstance(r, bytes):
                    return r.decode("utf-8", "replace")
            k = basic_kind(v.t)
            if k is not None:
                if isinstance(v.t, Named):
                    return f"{type_string(v.t)}({format_value(v.v, v.t)})" if k != Kind.STRING else \
                        f'{type_string(v.t)}({go_quote(v.v).decode()})'
                return format_value(v.v, v.t)
            return f"({type_string(v.t)}) {format_value(v.v, v.t)}"
        return format_value(v, None)

    def call_dyn(self, iv: Any, name: str, args: tuple) -> Any:
        if iv is None:
            panic(NIL_DEREF)
        t = iv.t
        key = (t, name)
        try:
            f = self._dyn[key]
        except KeyError:
            f = self._dyn[key] = self._dyn_method(t, name)
        except TypeError:
            f = self._dyn_method(t, name)
        return f(iv.v, *args)

    def _dyn_method(self, t: Type, name: str) -> Callable:
        if t == ERRSTR_T:
            if name == "Error":
                return lambda v: v.msg
            raise _Internal(f"no method {name} on error values")
        sel = lookup(t, name)
        if not isinstance(sel, Selection) or sel.kind is not SelKind.METHOD:
            raise _Internal(f"no method {name} on {type_string(t)}")
        walk, final_t = path_walker(t, sel.path)
        if sel.func is None or isinstance(underlying(final_t), Interface):
            I = self

            def via_embedded(v: Any, *args: Any) -> Any:
                return I.call_dyn(walk(v), name, args)
            return via_embedded
        fn = sel.func
        adapt = receiver_adapter(final_t, fn.pointer_recv)
        target = self.callable(fn)

        def call(v: Any, *args: Any) -> Any:
            return target(adapt(walk(v)), *args)
        return call

    def implements(self, t: Type, iface: Type) -> bool:
        u = underlying(iface)
        if not isinstance(u, Interface):
            return False
        if t == ERRSTR_T:
            names = {m.name for m in u.all_methods()}
            return names <= {"Error"}
        return missing_method(t, u) is None


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
        raise _Internal("pointer method on an unaddressable value")
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


def _enter_deep() -> None:
    global _RECURSION_USERS, _SAVED_LIMIT
    with _RECURSION_LOCK:
        if _RECURSION_USERS == 0:
            _SAVED_LIMIT = sys.getrecursionlimit()
            sys.setrecursionlimit(max(_SAVED_LIMIT, 1_000_000))
        _RECURSION_USERS += 1


def _leave_deep() -> None:
    global _RECURSION_USERS
    with _RECURSION_LOCK:
        _RECURSION_USERS -= 1
        if _RECURSION_USERS == 0:
            sys.setrecursionlimit(_SAVED_LIMIT)


# ================================================================================ the compiler
_MISSING = object()
_STOP = Sig(BREAK, "<stop>")
RET_NONE = RetSig(None)


def _loop_sig(r: Any, label: str | None) -> Any:
    """A loop body's signal: None to go on, _STOP to leave the loop, or a signal to pass up."""
    k = r.kind
    if k == BREAK:
        return _STOP if (r.label is None or r.label == label) else r
    if k == CONTINUE:
        return None if (r.label is None or r.label == label) else r
    return r


def _brk(r: Any, label: str | None) -> Any:
    """A switch/match body's signal: an unlabeled (or own-label) break ends the statement."""
    if r is not None and r.kind == BREAK and (r.label is None or r.label == label):
        return None
    return r


def _is_fresh(e: S.Expr) -> bool:
    e = _unparen(e)
    return isinstance(e, (S.CompositeLit, S.BareSliceLit))


def index_msg(i: int, n: int) -> str:
    if i < 0:
        return f"index out of range [{i}]"
    return f"index out of range [{i}] with length {n}"


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


class Comp:
    """Compiles one function body (or the comptime expression) into closures over a frame."""

    def __init__(self, I: Interpreter, info: Info, tmap: dict | None, parent: "Comp | None", esc: set[int],
                 decl: S.Node, fname: str | None, cvals: dict[int, Any], sig: Signature | None):
        self.I = I
        self.info = info
        self.types = info.types
        self.uses = info.uses
        self.defs = info.defs
        self.tmap = tmap or None
        self.parent = parent
        self.esc = esc
        self.decl = decl
        self.fname = fname
        self.cvals = cvals
        self.sig = sig
        self.slots: dict[int, int] = {}
        self.nslots = 0
        self.captures: list[tuple[int, int]] = []
        self.labels: dict[int, str] = {}
        self.goto_targets: set[str] = set()
        self.result_slots: list[tuple[int, bool]] | None = None
        self.fall: Callable[[list], Any] | None = None

    # ---- slots ---------------------------------------------------------------------------
    def new_slot(self) -> int:
        s = self.nslots
        self.nslots += 1
        return s

    def declare(self, var: Var) -> int:
        s = self.new_slot()
        self.slots[id(var)] = s
        return s

    def slot_of(self, var: Var) -> int | None:
        s = self.slots.get(id(var))
        if s is not None:
            return s
        if self.parent is None:
            return None
        ps = self.parent.slot_of(var)
        if ps is None:
            return None
        s = self.declare(var)
        self.captures.append((ps, s))
        return s

    def is_boxed(self, var: Var) -> bool:
        return id(var) in self.esc and not is_agg(var.type)

    # ---- errors --------------------------------------------------------------------------
    def not_comptime(self, message: str, node: S.Node | None) -> Callable:
        home = self.decl is self.I.home_decl
        nd = node if home else None
        msg = message if home or not self.fname else f"{message} (in {self.fname})"

        def fail(*_args: Any) -> Any:
            raise NotComptime(msg, nd)
        return fail

    def var_message(self, var: Var) -> str:
        env = self.I.env
        if var.pkg and var.pkg != env.pkg_name:
            return f"{var.pkg}.{var.name} cannot be used at compile time"
        if env.scope.lookup_local(var.name) is var:
            return f"package-level variable {var.name} cannot be used at compile time"
        if var.comptime:
            return f"comptime parameter {var.name} has no value here"
        return f"variable {var.name} is not known at compile time"

    # ---- types ---------------------------------------------------------------------------
    def rt(self, t: Type) -> Type:
        if self.tmap is not None and t is not None:
            return subst(t, self.tmap)
        return t

    def tv(self, e: S.Node) -> Any:
        tv = self.types.get(e.id)
        if tv is None:
            raise _Invalid(f"no type recorded for {type(e).__name__}")
        return tv

    def tof(self, e: S.Node) -> Type:
        t = self.rt(self.tv(e).type)
        if is_untyped(t):
            t = default_type(t)
        return t

    def texpr(self, e: S.Expr) -> Type:
        """The type a type expression denotes (array lengths of comptime parameters included)."""
        tv = self.types.get(e.id)
        t = self.rt(tv.type) if tv is not None else None
        if t is None or _has_open_array(t):
            return self.type_from_syntax(e)
        return t

    def type_from_syntax(self, e: S.Expr) -> Type:
        e = _unparen(e)
        if isinstance(e, S.ArrayType) and e.len is not None:
            return Array(self.static_int(e.len), self.texpr(e.elem))
        if isinstance(e, S.SliceType):
            return Slice(self.texpr(e.elem))
        if isinstance(e, S.PointerType):
            return Pointer(self.texpr(e.elem))
        if isinstance(e, S.Unary) and e.op == "*":
            return Pointer(self.texpr(e.x))
        if isinstance(e, S.MapType):
            return Map(self.texpr(e.key), self.texpr(e.value))
        tv = self.types.get(e.id)
        if tv is not None:
            return self.rt(tv.type)
        raise _Internal("unknown type")

    def static_int(self, e: S.Expr) -> int:
        tv = self.types.get(e.id)
        if tv is not None and tv.value is not None and not isinstance(tv.value, (bool, bytes)):
            return int(tv.value)
        e = _unparen(e)
        if isinstance(e, S.Ident):
            var = self.uses.get(e.id)
            if isinstance(var, Var) and id(var) in self.cvals:
                return int(self.cvals[id(var)])
        if isinstance(e, S.Binary):
            a, b = self.static_int(e.x), self.static_int(e.y)
            ops = {"+": operator.add, "-": operator.sub, "*": operator.mul, "<<": operator.lshift,
                   ">>": operator.rshift, "&": operator.and_, "|": operator.or_}
            if e.op in ops:
                return ops[e.op](a, b)
            if e.op in ("/", "%") and b != 0:
                return trunc_div(a, b) if e.op == "/" else trunc_mod(a, b)
        raise NotComptime("array length is not known at compile time", e if self.decl is self.I.home_decl else None)

    def const_rt(self, v: Any, t: Type) -> Any:
        k = basic_kind(t)
        if k is None:
            if isinstance(v, Fraction):
                return float(v)
            return v
        if k == Kind.BOOL:
            return bool(v)
        if k == Kind.STRING:
            if isinstance(v, bytes):
                return v
            return encode_rune(int(v))
        if k in FLOAT_KINDS:
            try:
                f = float(v)
            except OverflowError:
                f = INF if v > 0 else -INF
            return f32(f) if k == Kind.FLOAT32 else f
        if k == Kind.UNTYPED_NIL:
            return None
        return int(v)

    # ---- expressions -----------------------------------------------------------------------
    def expr(self, e: S.Expr) -> Callable[[list], Any]:
        tv = self.types.get(e.id)
        if tv is not None and tv.mode == Mode.CONSTANT and tv.value is not None:
            v = self.const_rt(tv.value, self.rt(tv.type))
            return lambda L: v
        h = _EXPR.get(type(e))
        if h is None:
            raise _Internal(f"cannot evaluate {type(e).__name__}")
        return h(self, e)

    def val_to(self, e: S.Expr, dst: Type | None) -> Callable[[list], Any]:
        f = self.expr(e)
        if dst is None:
            return f
        c = store_conv(self.tof(e), self.rt(dst), _is_fresh(e))
        if c is None:
            return f
        return lambda L: c(f(L))

    def x_paren(self, e: S.Paren) -> Callable:
        return self.expr(e.x)

    def x_keyword(self, e: S.KeywordLit) -> Callable:
        v = {"true": True, "false": False}.get(e.word)
        return lambda L: v

    def x_basic(self, e: S.BasicLit) -> Callable:
        v = self.const_rt(e.value, self.tof(e))
        return lambda L: v

    def x_bad(self, e: S.Node) -> Callable:
        raise _Internal("syntax error in the expression")

    def x_ident(self, e: S.Ident) -> Callable:
        obj = self.uses.get(e.id) or self.defs.get(e.id)
        if isinstance(obj, Var):
            return self.read_var(obj, e)
        if isinstance(obj, Const):
            if obj.value is None:
                raise _Internal(f"constant {obj.name} has no value")
            v = self.const_rt(obj.value, self.rt(obj.type))
            return lambda L: v
        if isinstance(obj, Func):
            return self.func_value(obj, e, None)
        if isinstance(obj, VariantObj):
            ev = EnumV(obj.variant, ())
            return lambda L: ev
        if isinstance(obj, Nil):
            return lambda L: None
        raise _Internal(f"cannot evaluate {e.name}")

    def read_var(self, var: Var, e: S.Node) -> Callable:
        s = self.slot_of(var)
        if s is None:
            return self.not_comptime(self.var_message(var), e)
        if self.is_boxed(var):
            return lambda L: L[s][0]
        return lambda L: L[s]

    def getter(self, fn: Func, tmap: dict | None = None) -> Callable[[], Callable]:
        I = self.I
        cell: list = []

        def get() -> Callable:
            if cell:
                return cell[0]
            f = I.callable(fn, tmap)
            cell.append(f)
            return f
        return get

    def func_value(self, fn: Func, node: S.Node, tmap: dict | None) -> Callable:
        if not fn.has_body or fn.decl is None or fn.decl.body is None:
            nat = self.I.std.lookup(fn)
            if nat is None:
                fail = self.not_comptime(self.I.std.forbidden_message(fn), node)
                return lambda L: fail
            return lambda L: nat
        get = self.getter(fn, tmap)
        return lambda L: get()

    def x_funclit(self, e: S.FuncLit) -> Callable:
        sig = self.tof(e)
        assert isinstance(sig, Signature)
        child = Comp(self.I, self.info, self.tmap, self, self.esc, self.decl, self.fname, self.cvals, sig)
        code = child.function(e.type, e.body, sig, None, "func literal")
        caps = child.captures
        I = self.I
        if not caps:
            fv = I.make_callable(code)
            return lambda L: fv
        outer = [ps for ps, _ in caps]

        def make(L: list) -> Callable:
            return I.make_callable(code, [L[p] for p in outer])
        return make

    # ---- selectors -----------------------------------------------------------------------------
    def selection(self, e: S.Selector) -> Selection:
        sel = self.info.selections.get(e.id)
        if self.tmap is not None or not isinstance(sel, Selection):
            s2 = lookup(self.tof(e.x), e.sel.name)
            if isinstance(s2, Selection):
                sel = s2
        if not isinstance(sel, Selection):
            raise _Internal(f"no selection for .{e.sel.name}")
        return sel

    def x_selector(self, e: S.Selector) -> Callable:
        x = _unparen(e.x)
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
            raise _Internal(f"cannot evaluate {pkg.name}.{e.sel.name}")
        xtv = self.tv(e.x)
        sel = self.selection(e)
        if xtv.mode == Mode.TYPEXPR:
            return self.method_expr(e, sel)
        if sel.kind is SelKind.FIELD:
            return self.field_read(e, sel)
        return self.method_value(e, sel)

    def field_read(self, e: S.Selector, sel: Selection) -> Callable:
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

    def method_parts(self, e: S.Selector, sel: Selection) -> tuple[Callable, Func | None]:
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

    def addr_path(self, x: S.Expr, path: tuple[int, ...]) -> Callable:
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

    def method_value(self, e: S.Selector, sel: Selection) -> Callable:
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

    def method_getter(self, fn: Func, node: S.Node) -> Callable[[], Callable]:
        if not fn.has_body or fn.decl is None or fn.decl.body is None:
            nat = self.I.std.lookup(fn)
            if nat is None:
                fail = self.not_comptime(self.I.std.forbidden_message(fn), node)
                return lambda: fail
            return lambda: nat
        return self.getter(fn)

    def method_expr(self, e: S.Selector, sel: Selection) -> Callable:
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
    def func_obj(self, e: S.Expr) -> Func | None:
        e = _unparen(e)
        if isinstance(e, S.Ident):
            o = self.uses.get(e.id)
        elif isinstance(e, S.Selector):
            o = self.uses.get(e.sel.id)
        else:
            o = None
        return o if isinstance(o, Func) else None

    def generic_tmap(self, fn: Func, inst: Any, explicit: tuple[S.Expr, ...] = (),
                     args: tuple[S.Expr, ...] = ()) -> dict:
        gsig = fn.type
        assert isinstance(gsig, Signature)
        tps = gsig.type_params
        m: dict = {}
        for tp, te in zip(tps, explicit):
            m[tp] = self.texpr(te)
        if isinstance(inst, Signature):
            _bind(gsig, self.rt(inst), tps, m)
        if len(m) < len(tps):
            for p, a in zip(gsig.params, args):
                try:
                    _bind(p.type, self.tof(a), tps, m)
                except _Internal:
                    pass
        if len(m) < len(tps):
            raise _Internal(f"cannot infer the type arguments of {fn.name}")
        return m

    def x_index(self, e: S.Index) -> Callable:
        btv = self.types.get(e.x.id)
        if btv is not None and btv.mode == Mode.VALUE and isinstance(btv.type, Signature) and btv.type.type_params:
            fn = self.func_obj(e.x)
            if fn is None:
                raise _Internal("generic function value")
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

    def map_read(self, e: S.Index, u: Map, fx: Callable) -> Callable:
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
            v = m.d.get(k, _MISSING)
            return z() if v is _MISSING else v
        return get_agg

    def x_slice(self, e: S.SliceExpr) -> Callable:
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

    def x_typeassert(self, e: S.TypeAssert) -> Callable:
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

    def assertion(self, e: S.TypeAssert) -> tuple[Callable, Callable, Type]:
        assert e.type is not None
        T = self.texpr(e.type)
        I = self.I
        if is_iface(T):
            return (lambda v: v is not None and I.implements(v.t, T)), (lambda v: v), T
        cp = copier(T)
        take = (lambda v: cp(v.v)) if cp is not None else (lambda v: v.v)
        return (lambda v: v is not None and identical(v.t, T)), take, T

    # ---- composite literals -------------------------------------------------------------------
    def variant_of(self, te: S.Expr) -> VariantObj | None:
        te = _unparen(te)
        if isinstance(te, S.Ident):
            o = self.uses.get(te.id)
        elif isinstance(te, S.Selector):
            o = self.uses.get(te.sel.id)
        else:
            return None
        return o if isinstance(o, VariantObj) else None

    def x_composite(self, e: S.CompositeLit) -> Callable:
        if e.type is not None:
            vobj = self.variant_of(e.type)
            if vobj is not None:
                return self.variant_lit(e, vobj)
        t = self.tof(e)
        if e.type is not None and _has_open_array(t):
            t = self.texpr(e.type)
        ptr = False
        u = underlying(t)
        if isinstance(u, Pointer) and e.type is None:
            ptr = True
            t = u.elem
            u = underlying(t)
        if isinstance(u, Struct):
            f = self.struct_lit(e, u)
        elif isinstance(u, Array):
            f = self.array_lit(e, u.elem, u.length, "array")
        elif isinstance(u, Slice):
            f = self.array_lit(e, u.elem, None, "slice")
        elif isinstance(u, Map):
            f = self.map_lit(e, u)
        else:
            raise _Internal(f"composite literal of type {type_string(t)}")
        if ptr and not is_agg(t):
            return lambda L: Ref([f(L)], 0)
        return f

    def struct_lit(self, e: S.CompositeLit, st: Struct) -> Callable:
        elems = e.value.elements
        fields = st.fields
        if elems and elems[0].key is None and len(elems) == len(fields):
            fvs = [self.val_to(el.value, f.type) for el, f in zip(elems, fields)]
            return lambda L: StructV([fv(L) for fv in fvs])
        setters: list[tuple[int, Callable]] = []
        for i, el in enumerate(elems):
            if el.key is not None:
                assert isinstance(el.key, S.Ident)
                idx = st.field_index(el.key.name)
            else:
                idx = i
            setters.append((idx, self.val_to(el.value, fields[idx].type)))
        zeros = [zero_fn(f.type) for f in fields]
        if not any(is_agg(f.type) for f in fields):
            base = [z() for z in zeros]

            def lit_plain(L: list) -> StructV:
                f = base.copy()
                for i, fv in setters:
                    f[i] = fv(L)
                return StructV(f)
            return lit_plain

        def lit(L: list) -> StructV:
            f = [z() for z in zeros]
            for i, fv in setters:
                f[i] = fv(L)
            return StructV(f)
        return lit

    def array_lit(self, e: S.CompositeLit, elem: Type, length: int | None, kind: str) -> Callable:
        setters: list[tuple[int, Callable]] = []
        index = 0
        top = 0
        for el in e.value.elements:
            if el.key is not None:
                index = self.static_int(el.key)
            setters.append((index, self.val_to(el.value, elem)))
            index += 1
            top = max(top, index)
        n = length if length is not None and length >= 0 else top
        z = zero_fn(elem)
        agg = is_agg(elem)
        dense = [i for i, _ in setters] == list(range(n))
        if dense:
            fvs = [fv for _, fv in setters]
            if kind == "slice":
                return lambda L: new_slice([fv(L) for fv in fvs])
            return lambda L: [fv(L) for fv in fvs]
        zv = None if agg else z()

        def lit(L: list) -> Any:
            a = [z() for _ in range(n)] if agg else [zv] * n
            for i, fv in setters:
                a[i] = fv(L)
            return new_slice(a) if kind == "slice" else a
        return lit

    def map_lit(self, e: S.CompositeLit, m: Map) -> Callable:
        pairs = []
        for el in e.value.elements:
            assert el.key is not None
            pairs.append((self.val_to(el.key, m.key), self.val_to(el.value, m.elem)))
        hk = hkey_fn(m.key)
        keyed = hk is not None

        def lit(L: list) -> MapV:
            mv = MapV(keyed)
            d = mv.d
            for fk, fv in pairs:
                k = fk(L)
                v = fv(L)
                if keyed:
                    h = hk(k)
                    d[h] = v
                    mv.kd[h] = k
                else:
                    d[k] = v
            return mv
        return lit

    def variant_lit(self, e: S.CompositeLit, vobj: VariantObj) -> Callable:
        variant = vobj.variant
        fields = variant.fields
        elems = e.value.elements
        vals: list[Callable | None] = [None] * len(fields)
        for i, el in enumerate(elems):
            if el.key is not None:
                assert isinstance(el.key, S.Ident)
                idx = next(j for j, f in enumerate(fields) if f.name == el.key.name)
            else:
                idx = i
            vals[idx] = self.val_to(el.value, fields[idx].type)
        makers = [v if v is not None else (lambda z: (lambda L: z()))(zero_fn(f.type)) for v, f in zip(vals, fields)]
        if not makers:
            ev = EnumV(variant, ())
            return lambda L: ev
        return lambda L: EnumV(variant, tuple(m(L) for m in makers))

    def x_bareslice(self, e: S.BareSliceLit) -> Callable:
        t = self.tof(e)
        u = underlying(t)
        if isinstance(u, Nullable):
            u = underlying(u.elem)
        assert isinstance(u, Slice)
        fvs = [self.val_to(x, u.elem) for x in e.elements]
        return lambda L: new_slice([fv(L) for fv in fvs])

    # ---- calls ---------------------------------------------------------------------------------
    def x_call(self, e: S.Call) -> Callable:
        fun = _unparen(e.fun)
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
                callee = _unparen(fun.x)
        fn: Func | None = None
        if isinstance(callee, S.Ident):
            o = self.uses.get(callee.id)
            fn = o if isinstance(o, Func) else None
        elif isinstance(callee, S.Selector):
            x = _unparen(callee.x)
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

    def call_sig(self, e: S.Call, fallback: Type) -> Signature:
        inst = self.info.instances.get(e.id)
        sig = self.rt(inst) if isinstance(inst, Signature) else self.rt(fallback)
        sig = underlying(sig)
        if not isinstance(sig, Signature):
            raise _Internal("call of a non-function")
        return sig

    def args(self, e: S.Call, sig: Signature) -> tuple[list[Callable] | None, Callable[[list], list] | None]:
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

    def invoke(self, getf: Callable[[], Callable], afs: list[Callable] | None, packer: Callable | None,
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

    def static_call(self, e: S.Call, fn: Func, explicit: tuple[S.Expr, ...]) -> Callable:
        self.I.env.resolve(fn)
        gsig = fn.type
        if not isinstance(gsig, Signature):
            raise _Internal(f"function {fn.name} has no signature")
        tmap = None
        if gsig.type_params:
            tmap = self.generic_tmap(fn, self.info.instances.get(e.id), explicit, e.args)
            sig = subst(gsig, tmap)
            assert isinstance(sig, Signature)
        else:
            sig = gsig
        afs, packer = self.args(e, sig)
        if not fn.has_body or fn.decl is None or fn.decl.body is None:
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

    def method_call(self, e: S.Call, fun: S.Selector, sel: Selection) -> Callable:
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

    def value_call(self, e: S.Call) -> Callable:
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

    # ---- conversions -------------------------------------------------------------------------
    def conversion(self, e: S.Call, fun: S.Expr) -> Callable:
        t = self.texpr(fun)
        arg = e.args[0]
        src = self.tof(arg)
        f = self.expr(arg)
        if t is ERROR_TYPE and basic_kind(src) == Kind.STRING:
            return lambda L: new_error(f(L))
        c = self.convert_fn(src, t, _is_fresh(arg))
        if c is None:
            return f
        return lambda L: c(f(L))

    def convert_fn(self, src: Type, dst: Type, fresh: bool) -> Callable[[Any], Any] | None:
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

    # ---- builtins ----------------------------------------------------------------------------
    def builtin(self, e: S.Call, name: str) -> Callable:
        h = getattr(self, f"b_{name}", None)
        if h is None:
            if name in ("print", "println"):
                return self.not_comptime(f"{name} cannot be called at compile time", e)
            if name in ("close", "make_chan"):
                return self.not_comptime("channel operations cannot run at compile time", e)
            return self.not_comptime(f"{name} cannot be called at compile time", e)
        return h(e)

    def b_len(self, e: S.Call) -> Callable:
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

    def b_cap(self, e: S.Call) -> Callable:
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

    def appender(self, et: Type) -> Callable[[Any, list], Any]:
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

    def b_append(self, e: S.Call) -> Callable:
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

    def b_make(self, e: S.Call) -> Callable:
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

    def b_new(self, e: S.Call) -> Callable:
        t = self.texpr(e.args[0])
        z = zero_fn(t)
        if is_agg(t):
            return lambda L: z()
        return lambda L: Ref([z()], 0)

    def b_copy(self, e: S.Call) -> Callable:
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

    def b_delete(self, e: S.Call) -> Callable:
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

    def b_panic(self, e: S.Call) -> Callable:
        from .types import EMPTY_INTERFACE
        f = self.val_to(e.args[0], EMPTY_INTERFACE)
        I = self.I

        def do_panic(L: list) -> None:
            v = f(L)
            if v is None:
                panic("panic called with nil argument")
            panic(I.panic_text(v))
        return do_panic

    def b_min(self, e: S.Call) -> Callable:
        return self._min_max(e, min)

    def b_max(self, e: S.Call) -> Callable:
        return self._min_max(e, max)

    def _min_max(self, e: S.Call, pick: Callable) -> Callable:
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

    def b_clear(self, e: S.Call) -> Callable:
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

    # ---- operators ---------------------------------------------------------------------------
    def addr(self, e: S.Expr) -> Callable:
        """A closure producing a pointer to the addressable expression e."""
        x = _unparen(e)
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
                raise _Internal(f"cannot take the address of {x.name}")
            if agg:
                return self.read_var(var, x)
            s = self.slot_of(var)
            if s is None:
                return self.not_comptime(self.var_message(var), x)
            if not self.is_boxed(var):
                raise _Internal(f"address of unboxed variable {x.name}")
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
        raise _Internal("cannot take this address")

    def x_unary(self, e: S.Unary) -> Callable:
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
        raise _Internal(f"unary operator {op}")

    def binop_fn(self, op: str, t: Type) -> Callable[[Any, Any], Any]:
        """The function computing `a op b` for operands of type t (not && || or comparisons)."""
        k = basic_kind(t)
        if k is None:
            raise _Internal(f"operator {op} on {type_string(t)}")
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
        raise _Internal(f"operator {op}")

    def x_binary(self, e: S.Binary) -> Callable:
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

    def comparison(self, e: S.Binary) -> Callable:
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
                    fn = _eq_iface
                elif yi and not xi and not (isinstance(xt, Basic) and xt.kind == Kind.UNTYPED_NIL):
                    c = store_conv(xt, yt)
                    if c is not None:
                        fx0 = fx
                        fx = lambda L: c(fx0(L))  # noqa: E731
                    fn = _eq_iface
                else:
                    fn = eq_fn(xt)
            if fn is _eq_basic:
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

    # ---- error unions ----------------------------------------------------------------------
    def fail_return(self) -> Callable[[Any], Any]:
        sig = self.sig
        if sig is None:
            raise _Internal("try outside a function")
        res = sig.results
        if len(res) == 1 and isinstance(res[0].type, ErrorUnion):
            return lambda err: RetSig(Failure(err))
        zs = [zero_fn(r.type) for r in res[:-1]]
        if not zs:
            return lambda err: RetSig(err)
        return lambda err: RetSig(tuple([z() for z in zs] + [err]))

    def x_try(self, e: S.TryExpr) -> Callable:
        f = self.expr(e.x)
        xt = self.tv(e.x).type
        failret = self.fail_return()
        if isinstance(xt, ErrorUnion):
            def try_union(L: list) -> Any:
                v = f(L)
                if type(v) is Failure:
                    raise _SigExc(failret(v.err))
                return v
            return try_union
        if isinstance(xt, Tuple):
            def try_pair(L: list) -> Any:
                v, err = f(L)
                if err is not None:
                    raise _SigExc(failret(err))
                return v
            return try_pair

        def try_error(L: list) -> None:
            err = f(L)
            if err is not None:
                raise _SigExc(failret(err))
        return try_error

    def x_catch(self, e: S.CatchExpr) -> Callable:
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
                    raise _SigExc(r)
            if valf is not None:
                return valf(L)
            return z()
        return catch

    # ---- function bodies -----------------------------------------------------------------------
    def function(self, ftype: S.FuncType, body: S.Block, sig: Signature, recv: S.Field | None, name: str) -> Code:
        code = Code(name)
        self.goto_targets = {n.label.name for n in S.walk_same_function(body)
                             if isinstance(n, S.BranchStmt) and n.keyword == "goto" and n.label is not None}
        idents: list[S.Ident | None] = []
        if recv is not None:
            idents.append(recv.names[0] if recv.names else None)
        for f in ftype.params:
            idents.extend(f.names if f.names else (None,))
        for ident in idents:
            var = self.defs.get(ident.id) if ident is not None and ident.name != "_" else None
            if isinstance(var, Var):
                s = self.declare(var)
                if self.is_boxed(var):
                    code.boxed_params.append(s)
            else:
                self.new_slot()
        code.nparams = len(idents)
        rnames = [nm for f in ftype.results for nm in f.names]
        if rnames:
            slots: list[tuple[int, bool]] = []
            for ident, res in zip(rnames, sig.results):
                var = self.defs.get(ident.id)
                if isinstance(var, Var) and ident.name != "_":
                    s = self.declare(var)
                    boxed = self.is_boxed(var)
                else:
                    s, boxed = self.new_slot(), False
                code.result_inits.append((s, zero_fn(self.rt(res.type)), boxed))
                slots.append((s, boxed))
            self.result_slots = slots
            if len(slots) == 1:
                s0, b0 = slots[0]
                self.fall = (lambda L: L[s0][0]) if b0 else (lambda L: L[s0])
            else:
                self.fall = lambda L: tuple(L[s][0] if b else L[s] for s, b in slots)
            code.fall = self.fall
        code.body = self.block(body.stmts)
        code.nslots = self.nslots
        code.cap_slots = [s for _, s in self.captures]
        return code

    # ---- statements --------------------------------------------------------------------------
    def block(self, stmts: tuple[S.Stmt, ...] | list[S.Stmt]) -> Callable:
        fs = []
        labels: dict[str, int] = {}
        for i, st in enumerate(stmts):
            inner = st
            while isinstance(inner, S.LabeledStmt):
                if inner.label.name in self.goto_targets:
                    labels[inner.label.name] = i
                inner = inner.stmt  # type: ignore[assignment]
            fs.append(self.stmt(st))
        if labels:
            I = self.I
            n = len(fs)

            def run_goto(L: list) -> Any:
                i = 0
                while i < n:
                    r = fs[i](L)
                    i += 1
                    if r is not None:
                        if r.kind == GOTO and r.label in labels:
                            i = labels[r.label]
                            I.charge(1)
                            continue
                        return r
                return None
            return run_goto
        if not fs:
            return lambda L: None
        if len(fs) == 1:
            return fs[0]
        if len(fs) == 2:
            f0, f1 = fs

            def run2(L: list) -> Any:
                r = f0(L)
                if r is not None:
                    return r
                return f1(L)
            return run2
        if len(fs) == 3:
            f0, f1, f2 = fs

            def run3(L: list) -> Any:
                r = f0(L)
                if r is not None:
                    return r
                r = f1(L)
                if r is not None:
                    return r
                return f2(L)
            return run3
        tfs = tuple(fs)

        def run(L: list) -> Any:
            for f in tfs:
                r = f(L)
                if r is not None:
                    return r
            return None
        return run

    def stmt(self, s: S.Stmt) -> Callable:
        h = _STMT.get(type(s))
        if h is None:
            raise _Internal(f"cannot execute {type(s).__name__}")
        f = h(self, s)
        if _needs_sig_guard(s):
            inner = f

            def guarded(L: list) -> Any:
                try:
                    return inner(L)
                except _SigExc as x:
                    return x.sig
            return guarded
        return f

    def s_bad(self, s: S.Stmt) -> Callable:
        raise _Internal("syntax error in the code")

    def s_expr(self, s: S.ExprStmt) -> Callable:
        f = self.expr(s.x)

        def run(L: list) -> None:
            f(L)
        return run

    def s_send(self, s: S.SendStmt) -> Callable:
        return self.not_comptime("channel operations cannot run at compile time", s)

    def s_go(self, s: S.GoStmt) -> Callable:
        return self.not_comptime("go statements cannot run at compile time", s)

    def s_defer(self, s: S.DeferStmt) -> Callable:
        return self.not_comptime("defer statements cannot run at compile time", s)

    def s_select(self, s: S.SelectStmt) -> Callable:
        return self.not_comptime("select statements cannot run at compile time", s)

    def s_nothing(self, s: S.Stmt) -> Callable:
        return lambda L: None

    def s_arena(self, s: S.ArenaBlock) -> Callable:
        return self.block(s.body.stmts)

    def s_unsafe(self, s: S.UnsafeBlock) -> Callable:
        return self.not_comptime("unsafe blocks cannot run at compile time", s)

    def s_block(self, s: S.Block) -> Callable:
        return self.block(s.stmts)

    def s_labeled(self, s: S.LabeledStmt) -> Callable:
        if s.stmt is None:
            return lambda L: None
        self.labels[s.stmt.id] = s.label.name
        return self.stmt(s.stmt)

    def s_branch(self, s: S.BranchStmt) -> Callable:
        label = s.label.name if s.label is not None else None
        if s.keyword == "break":
            sig = BRK if label is None else Sig(BREAK, label)
        elif s.keyword == "continue":
            sig = CONT if label is None else Sig(CONTINUE, label)
        elif s.keyword == "goto":
            sig = Sig(GOTO, label)
        else:
            sig = FALLSIG
        return lambda L: sig

    # ---- assignments -------------------------------------------------------------------------
    def var_store(self, var: Var) -> Callable[[list, Any], None]:
        """Store into a newly declared variable (its slot gets a fresh box if boxed)."""
        s = self.declare(var)
        if self.is_boxed(var):
            def store_box(L: list, v: Any) -> None:
                L[s] = [v]
            return store_box

        def store(L: list, v: Any) -> None:
            L[s] = v
        return store

    def lvalue(self, e: S.Expr) -> tuple[Callable, Callable, Callable]:
        """(prep(L) -> loc, store(loc, v), load(loc)) for an assignment target."""
        x = _unparen(e)
        if isinstance(x, S.Ident):
            if x.name == "_":
                return (lambda L: None), (lambda loc, v: None), (lambda loc: None)
            var = self.uses.get(x.id) or self.defs.get(x.id)
            if not isinstance(var, Var):
                raise _Internal(f"cannot assign to {x.name}")
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
        raise _Internal("cannot assign to this expression")

    def map_lvalue(self, x: S.Index, u: Map, fx: Callable) -> tuple[Callable, Callable, Callable]:
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
            v = m.d.get(hk(k) if hk is not None else k, _MISSING)
            return z() if v is _MISSING else v
        return prep_map, store_map, load_map

    def multi(self, rhs: S.Expr, targets: list[Type | None]) -> Callable[[list], list]:
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
        inner = _unparen(rhs)
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
                    v = m.d.get(k, _MISSING)
                    if v is _MISSING:
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
        raise _Internal("multi-valued expression")

    def s_assign(self, s: S.AssignStmt) -> Callable:
        if s.op == ":=":
            return self.s_define(s)
        if s.op == "=":
            return self.s_plain_assign(s)
        return self.s_op_assign(s)

    def target_type(self, e: S.Expr) -> Type | None:
        x = _unparen(e)
        if isinstance(x, S.Ident):
            if x.name == "_":
                return None
            var = self.uses.get(x.id) or self.defs.get(x.id)
            return self.rt(var.type) if isinstance(var, Var) else None
        tv = self.types.get(x.id)
        return self.rt(tv.type) if tv is not None else None

    def s_define(self, s: S.AssignStmt) -> Callable:
        lhs = s.lhs
        targets: list[Type | None] = []
        kinds: list[tuple[str, Any]] = []
        for e in lhs:
            x = _unparen(e)
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

    def s_plain_assign(self, s: S.AssignStmt) -> Callable:
        lhs = s.lhs
        targets = [self.target_type(e) for e in lhs]
        if len(lhs) == 1 and len(s.rhs) == 1:
            f = self.val_to(s.rhs[0], targets[0])
            x = _unparen(lhs[0])
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

    def s_op_assign(self, s: S.AssignStmt) -> Callable:
        op = s.op[:-1]
        t = self.tof(s.lhs[0])
        fn = self.binop_fn(op, t)
        fr = self.expr(s.rhs[0])
        x = _unparen(s.lhs[0])
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

    def s_incdec(self, s: S.IncDecStmt) -> Callable:
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
        x = _unparen(s.x)
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

    def s_decl(self, s: S.DeclStmt) -> Callable:
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

    # ---- return ----------------------------------------------------------------------------------
    def s_return(self, s: S.ReturnStmt) -> Callable:
        sig = self.sig
        if sig is None:
            raise _Internal("return outside a function")
        results = sig.results
        if not s.results:
            if self.fall is not None:
                fall = self.fall
                return lambda L: RetSig(fall(L))
            return lambda L: RET_NONE
        if len(results) == 1 and isinstance(results[0].type, ErrorUnion):
            T = results[0].type.elem
            r = s.results[0]
            rtype = self.tv(r).type
            if isinstance(rtype, ErrorUnion):
                f = self.expr(r)
                return lambda L: RetSig(f(L))
            if isinstance(rtype, Tuple):
                f = self.expr(r)
                c = store_conv(self.rt(rtype.types[0]), T)

                def forward_pair(L: list) -> RetSig:
                    v, err = f(L)
                    if err is not None:
                        return RetSig(Failure(err))
                    return RetSig(c(v) if c is not None else v)
                return forward_pair
            if self.info.goo.get(s.id) == "failure":
                fe = self.val_to(r, ERROR_TYPE)

                def fail(L: list) -> RetSig:
                    err = fe(L)
                    if err is None:
                        panic("nil error returned as failure of error union")
                    return RetSig(Failure(err))
                return fail
            fv = self.val_to(r, T)
            return lambda L: RetSig(fv(L))
        if len(s.results) == 1 and len(results) > 1:
            r = s.results[0]
            rtype = self.tv(r).type
            f = self.expr(r)
            if isinstance(rtype, ErrorUnion):
                z = zero_fn(results[0].type)
                c = store_conv(self.rt(rtype.elem), results[0].type)

                def split(L: list) -> RetSig:
                    v = f(L)
                    if type(v) is Failure:
                        return RetSig((z(), v.err))
                    return RetSig((c(v) if c is not None else v, None))
                return split
            assert isinstance(rtype, Tuple)
            convs = [store_conv(self.rt(t), res.type) for t, res in zip(rtype.types, results)]
            return lambda L: RetSig(tuple(c(v) if c is not None else v for c, v in zip(convs, f(L))))
        if len(s.results) == 1:
            f1 = self.val_to(s.results[0], results[0].type)
            return lambda L: RetSig(f1(L))
        fs = [self.val_to(r, res.type) for r, res in zip(s.results, results)]
        if len(fs) == 2:
            a0, a1 = fs
            return lambda L: RetSig((a0(L), a1(L)))
        return lambda L: RetSig(tuple(f(L) for f in fs))

    # ---- control flow ----------------------------------------------------------------------
    def s_if(self, s: S.IfStmt) -> Callable:
        init = self.stmt(s.init) if s.init is not None else None
        cond = self.expr(s.cond)
        body = self.block(s.body.stmts)
        els = self.stmt(s.else_) if s.else_ is not None else None
        if init is None:
            if els is None:
                def if_(L: list) -> Any:
                    if cond(L):
                        return body(L)
                    return None
                return if_

            def if_else(L: list) -> Any:
                if cond(L):
                    return body(L)
                return els(L)
            return if_else

        def if_init(L: list) -> Any:
            init(L)
            if cond(L):
                return body(L)
            if els is not None:
                return els(L)
            return None
        return if_init

    def s_iflet(self, s: S.IfLetStmt) -> Callable:
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

    def s_for(self, s: S.ForStmt) -> Callable:
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
                    r = _loop_sig(r, label)
                    if r is _STOP:
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
                    raise _Limit(f"exceeded {maxs} steps")
        return for_

    def range_setter(self, e: S.Expr | None, define: bool, elem: Type) -> Callable[[list, Any], None] | None:
        if e is None:
            return None
        x = _unparen(e)
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

    def s_range(self, s: S.RangeStmt) -> Callable:
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
            from .types import RUNE
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
                        r = _loop_sig(r, label)
                        if r is _STOP:
                            return None
                        if r is not None:
                            return r
                    i += 1
                    st = I.steps + 1
                    I.steps = st
                    if st > maxs:
                        raise _Limit(f"exceeded {maxs} steps")
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
                    r = _loop_sig(r, label)
                    if r is _STOP:
                        return None
                    if r is not None:
                        return r
                st = I.steps + 1
                I.steps = st
                if st > maxs:
                    raise _Limit(f"exceeded {maxs} steps")
            return None
        return range_

    def s_switch(self, s: S.SwitchStmt) -> Callable:
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
                        preds.append(lambda L, t, fc=fc, conv=conv: _eq_iface(t, conv(fc(L)) if conv else fc(L)))
                    elif is_iface(ct) and not is_iface(tt):
                        conv = store_conv(tt, ct)
                        preds.append(lambda L, t, fc=fc, conv=conv: _eq_iface(conv(t) if conv else t, fc(L)))
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
                return _brk(r, label)
        return switch

    def s_typeswitch(self, s: S.TypeSwitchStmt) -> Callable:
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
                    return _brk(body(L), label)
            if default is not None:
                st, body = default
                if st is not None:
                    st(L, v)
                return _brk(body(L), label)
            return None
        return type_switch

    def s_match(self, s: S.MatchStmt) -> Callable:
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
                    raise _Internal("unknown variant in pattern")
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
                    raise _Internal("pattern is not a constant")
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
                        return _brk(body(L), label)
            if default is not None:
                return _brk(default(L), label)
            return None
        return match


def _needs_sig_guard(s: S.Stmt) -> bool:
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


_EXPR: dict[type, Callable] = {
    S.Ident: Comp.x_ident,
    S.BasicLit: Comp.x_basic,
    S.KeywordLit: Comp.x_keyword,
    S.BadExpr: Comp.x_bad,
    S.Paren: Comp.x_paren,
    S.Selector: Comp.x_selector,
    S.Index: Comp.x_index,
    S.SliceExpr: Comp.x_slice,
    S.TypeAssert: Comp.x_typeassert,
    S.Call: Comp.x_call,
    S.Unary: Comp.x_unary,
    S.Binary: Comp.x_binary,
    S.TryExpr: Comp.x_try,
    S.CatchExpr: Comp.x_catch,
    S.CompositeLit: Comp.x_composite,
    S.BareSliceLit: Comp.x_bareslice,
    S.FuncLit: Comp.x_funclit,
}

_STMT: dict[type, Callable] = {
    S.Block: Comp.s_block,
    S.BadStmt: Comp.s_bad,
    S.ExprStmt: Comp.s_expr,
    S.SendStmt: Comp.s_send,
    S.IncDecStmt: Comp.s_incdec,
    S.AssignStmt: Comp.s_assign,
    S.DeclStmt: Comp.s_decl,
    S.LabeledStmt: Comp.s_labeled,
    S.GoStmt: Comp.s_go,
    S.DeferStmt: Comp.s_defer,
    S.ReturnStmt: Comp.s_return,
    S.BranchStmt: Comp.s_branch,
    S.IfStmt: Comp.s_if,
    S.IfLetStmt: Comp.s_iflet,
    S.SwitchStmt: Comp.s_switch,
    S.TypeSwitchStmt: Comp.s_typeswitch,
    S.SelectStmt: Comp.s_select,
    S.MatchStmt: Comp.s_match,
    S.ForStmt: Comp.s_for,
    S.RangeStmt: Comp.s_range,
    S.ComptimeBlock: Comp.s_nothing,
    S.ArenaBlock: Comp.s_arena,
    S.UnsafeBlock: Comp.s_unsafe,
}
