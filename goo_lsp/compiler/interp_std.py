"""Native implementations of the pure standard functions the compile-time interpreter may call
(spec §10.5): math, strings (including strings.Builder), strconv, unicode/utf8, and
errors.New/Is/Unwrap. Everything else in the standard library is refused with
`comptime-not-constant` ("fmt.Println cannot be called at compile time").

Values follow interp.py's representation: strings are bytes, slices are SliceV (None when nil),
errors are IfaceV, functions returning `!T` return the value or a Failure.
"""

from __future__ import annotations

import math
import re
import struct
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Callable

from .objects import Func

if TYPE_CHECKING:  # pragma: no cover
    from .interp import Interpreter

from .interp import (
    INF,
    NAN,
    RUNE_ERROR,
    ErrStr,
    Failure,
    GooPanic,
    NotComptime,
    SliceV,
    StructV,
    decode_rune,
    decode_runes,
    encode_rune,
    f32,
    format_float,
    go_quote,
    new_error,
    new_slice,
    panic,
    rune_count,
    runes_with_pos,
    slice_items,
)


# ================================================================================ unicode helpers
_SPACES = frozenset((0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
                     0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
                     0x3000))
_ASCII_SPACE = b" \t\n\v\f\r"


def is_space(r: int) -> bool:
    return r in _SPACES


def to_upper_rune(r: int) -> int:
    if r < 0x80:
        return r - 32 if 0x61 <= r <= 0x7A else r
    if r > 0x10FFFF or 0xD800 <= r <= 0xDFFF:
        return r
    u = chr(r).upper()
    return ord(u) if len(u) == 1 else r


def to_lower_rune(r: int) -> int:
    if r < 0x80:
        return r + 32 if 0x41 <= r <= 0x5A else r
    if r > 0x10FFFF or 0xD800 <= r <= 0xDFFF:
        return r
    if r == 0x130:
        return 0x69
    low = chr(r).lower()
    return ord(low) if len(low) == 1 else r


def map_runes(s: bytes, fn: Callable[[int], int]) -> bytes:
    out = bytearray()
    for _, r, _ in runes_with_pos(s):
        m = fn(r)
        if m >= 0:
            out += encode_rune(m)
    return bytes(out)


def explode(s: bytes, n: int) -> list[bytes]:
    """Split s into UTF-8 sequences (invalid bytes one by one), at most n pieces (n < 0: all)."""
    pieces = [s[i:i + w] for i, _, w in runes_with_pos(s)]
    if 0 < n < len(pieces):
        pieces = pieces[:n - 1] + [b"".join(pieces[n - 1:])]
    return pieces


def bytes_arg(s: Any) -> bytes:
    return s if isinstance(s, bytes) else bytes(slice_items(s))


# ================================================================================ strconv helpers
class _NumErr(Exception):
    def __init__(self, why: str):
        self.why = why


def _num_error(fn: str, s: bytes, why: str) -> Failure:
    return Failure(new_error(f"strconv.{fn}: parsing {go_quote(s).decode('utf-8')}: {why}"))


def _underscore_ok(s: str) -> bool:
    saw = "^"
    i = 0
    if len(s) >= 1 and s[0] in "+-":
        s = s[1:]
    hexa = False
    if len(s) >= 2 and s[0] == "0" and s[1].lower() in "bxo":
        i = 2
        saw = "0"
        hexa = s[1].lower() == "x"
    while i < len(s):
        c = s[i]
        if c.isdigit() or (hexa and c.lower() in "abcdef"):
            saw = "0"
        elif c == "_":
            if saw != "0":
                return False
            saw = "_"
        else:
            if saw == "_":
                return False
            saw = "!"
        i += 1
    return saw != "_"


def parse_uint(s: str, base: int, bit_size: int, fn: str) -> int:
    if s == "":
        raise _NumErr("invalid syntax")
    base0 = base == 0
    if base == 0:
        base = 10
        if s[0] == "0":
            if len(s) >= 3 and s[1].lower() == "b":
                base, s = 2, s[2:]
            elif len(s) >= 3 and s[1].lower() == "o":
                base, s = 8, s[2:]
            elif len(s) >= 3 and s[1].lower() == "x":
                base, s = 16, s[2:]
            else:
                base, s = 8, s[1:]
    elif not 2 <= base <= 36:
        raise _NumErr("invalid base " + str(base))
    if bit_size == 0:
        bit_size = 64
    elif bit_size < 0 or bit_size > 64:
        raise _NumErr("invalid bit size " + str(bit_size))
    maxv = (1 << bit_size) - 1
    n = 0
    underscores = False
    if s == "":
        raise _NumErr("invalid syntax")
    for c in s:
        if c == "_" and base0:
            underscores = True
            continue
        if "0" <= c <= "9":
            d = ord(c) - 48
        elif "a" <= c.lower() <= "z":
            d = ord(c.lower()) - 87
        else:
            raise _NumErr("invalid syntax")
        if d >= base:
            raise _NumErr("invalid syntax")
        n = n * base + d
    if underscores and not _underscore_ok(s):
        raise _NumErr("invalid syntax")
    if n > maxv:
        raise _NumErr("value out of range")
    return n


def parse_int(s: str, base: int, bit_size: int, fn: str) -> int:
    if s == "":
        raise _NumErr("invalid syntax")
    neg = False
    body = s
    if s[0] in "+-":
        neg = s[0] == "-"
        body = s[1:]
    if bit_size == 0:
        bit_size = 64
    un = parse_uint(body, base, 64, fn) if body else None
    if un is None:
        raise _NumErr("invalid syntax")
    cutoff = 1 << (bit_size - 1)
    if not neg and un >= cutoff:
        raise _NumErr("value out of range")
    if neg and un > cutoff:
        raise _NumErr("value out of range")
    return -un if neg else un


_FLOAT_RE = re.compile(r"^[+-]?(?:(?:\d(?:_?\d)*)?\.?(?:\d(?:_?\d)*)?(?:[eE][+-]?\d(?:_?\d)*)?)$")
_HEXF_RE = re.compile(r"^[+-]?0[xX](?:[0-9a-fA-F_]*\.?[0-9a-fA-F_]*)[pP][+-]?\d+$")


def parse_float(s: str, bit_size: int) -> float:
    low = s.lower()
    body = low[1:] if low[:1] in ("+", "-") else low
    if body in ("inf", "infinity"):
        return -INF if low.startswith("-") else INF
    if low == "nan":
        return NAN
    if _HEXF_RE.match(s):
        text = s.replace("_", "")
        try:
            v = float.fromhex(text)
        except (ValueError, OverflowError):
            raise _NumErr("value out of range") from None
    else:
        if not s or not _FLOAT_RE.match(s) or not any(c.isdigit() for c in s) or s.strip("+-").startswith(("e", "E")):
            raise _NumErr("invalid syntax")
        if "_" in s:
            raise _NumErr("invalid syntax")
        try:
            exact = Fraction(s)
        except (ValueError, ZeroDivisionError):
            raise _NumErr("invalid syntax") from None
        try:
            v = float(exact)
        except OverflowError:
            raise _NumErr("value out of range") from None
    if bit_size == 32:
        r = f32(v)
        if math.isinf(r) and not math.isinf(v):
            raise _NumErr("value out of range")
        return r
    return v


def format_int(i: int, base: int) -> bytes:
    if not 2 <= base <= 36:
        panic("strconv: illegal AppendInt/FormatInt base")
    if i == 0:
        return b"0"
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    neg = i < 0
    n = -i if neg else i
    out = []
    while n:
        n, d = divmod(n, base)
        out.append(digits[d])
    if neg:
        out.append("-")
    return "".join(reversed(out)).encode()


# ================================================================================ math helpers
def _f(fn: Callable[..., float]) -> Callable[..., float]:
    """A math function with Go's IEEE results instead of Python's exceptions."""
    def wrapped(*args: float) -> float:
        try:
            return fn(*args)
        except ValueError:
            return NAN
        except OverflowError:
            return INF
    return wrapped


def m_sqrt(x: float) -> float:
    if x != x or x < 0:
        return NAN
    return math.sqrt(x)


def m_log(x: float) -> float:
    if x != x or x < 0:
        return NAN
    if x == 0:
        return -INF
    if x == INF:
        return INF
    return math.log(x)


def m_log2(x: float) -> float:
    if x != x or x < 0:
        return NAN
    if x == 0:
        return -INF
    if x == INF:
        return INF
    return math.log2(x)


def m_log10(x: float) -> float:
    if x != x or x < 0:
        return NAN
    if x == 0:
        return -INF
    if x == INF:
        return INF
    return math.log10(x)


def m_log1p(x: float) -> float:
    if x != x or x < -1:
        return NAN
    if x == -1:
        return -INF
    if x == INF:
        return INF
    return math.log1p(x)


def m_exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        return INF


def _is_odd_int(y: float) -> bool:
    if y != y or math.isinf(y) or y != math.floor(y):
        return False
    return abs(y) < 2 ** 53 and int(y) % 2 == 1


def m_pow(x: float, y: float) -> float:
    if y == 0:
        return 1.0
    if y == 1:
        return x
    if x != x or y != y:
        return NAN
    if x == 0:
        if y < 0:
            if _is_odd_int(y):
                return math.copysign(INF, x)
            return INF
        if _is_odd_int(y):
            return x
        return 0.0
    if math.isinf(y):
        if x == -1:
            return 1.0
        if (abs(x) < 1) == (y > 0):
            return 0.0
        return INF
    if math.isinf(x):
        if x < 0:
            return m_pow(1 / x, -y)
        return 0.0 if y < 0 else INF
    if x < 0 and y != math.floor(y):
        return NAN
    try:
        return math.pow(x, y)
    except OverflowError:
        return -INF if x < 0 and _is_odd_int(y) else INF
    except ValueError:
        return NAN


def m_mod(x: float, y: float) -> float:
    if y == 0 or math.isinf(x) or x != x or y != y:
        return NAN
    if math.isinf(y):
        return x
    return math.fmod(x, y)


def _keep_zero_sign(r: float, x: float) -> float:
    return math.copysign(0.0, x) if r == 0 else r


def m_floor(x: float) -> float:
    if x != x or math.isinf(x):
        return x
    return _keep_zero_sign(float(math.floor(x)), x)


def m_ceil(x: float) -> float:
    if x != x or math.isinf(x):
        return x
    return _keep_zero_sign(float(math.ceil(x)), x)


def m_trunc(x: float) -> float:
    if x != x or math.isinf(x):
        return x
    return _keep_zero_sign(float(math.trunc(x)), x)


def m_round(x: float) -> float:
    if x != x or math.isinf(x):
        return x
    t = math.trunc(x)
    if abs(x - t) >= 0.5:
        t += math.copysign(1.0, x)
    return _keep_zero_sign(float(t), x)


def m_round_even(x: float) -> float:
    if x != x or math.isinf(x):
        return x
    return _keep_zero_sign(float(round(x)), x)


def m_max(x: float, y: float) -> float:
    if math.isinf(x) and x > 0 or math.isinf(y) and y > 0:
        return INF
    if x != x or y != y:
        return NAN
    if x == 0 and y == 0:
        return x if math.copysign(1.0, x) > 0 else y
    return x if x > y else y


def m_min(x: float, y: float) -> float:
    if math.isinf(x) and x < 0 or math.isinf(y) and y < 0:
        return -INF
    if x != x or y != y:
        return NAN
    if x == 0 and y == 0:
        return x if math.copysign(1.0, x) < 0 else y
    return x if x < y else y


def m_is_inf(f: float, sign: int) -> bool:
    return (sign >= 0 and f == INF) or (sign <= 0 and f == -INF)


def m_cbrt(x: float) -> float:
    if x != x or math.isinf(x) or x == 0:
        return x
    return math.cbrt(x) if hasattr(math, "cbrt") else math.copysign(abs(x) ** (1 / 3), x)


def m_gamma(x: float) -> float:
    if x == 0:
        return math.copysign(INF, x)
    if x < 0 and x == math.floor(x) or x == -INF:
        return NAN
    if x == INF:
        return INF
    try:
        return math.gamma(x)
    except OverflowError:
        return INF
    except ValueError:
        return NAN


def m_ldexp(frac: float, exp: int) -> float:
    try:
        return math.ldexp(frac, exp)
    except OverflowError:
        return math.copysign(INF, frac)


def m_frexp(f: float) -> tuple[float, int]:
    if f == 0 or f != f or math.isinf(f):
        return f, 0
    m, e = math.frexp(f)
    return m, e


def m_modf(f: float) -> tuple[float, float]:
    if math.isinf(f):
        return f, NAN
    if f != f:
        return NAN, NAN
    i = m_trunc(f)
    frac = f - i
    return i, math.copysign(frac, f) if frac == 0 else frac


def m_fma(x: float, y: float, z: float) -> float:
    if any(v != v or math.isinf(v) for v in (x, y, z)):
        return x * y + z
    try:
        return float(Fraction(x) * Fraction(y) + Fraction(z))
    except OverflowError:
        return math.copysign(INF, x * y + z)


def m_remainder(x: float, y: float) -> float:
    if y == 0 or math.isinf(x) or x != x or y != y:
        return NAN
    if math.isinf(y):
        return x
    return math.remainder(x, y)


def m_pow10(n: int) -> float:
    if n < -323:
        return 0.0
    if n > 308:
        return INF
    return float(Fraction(10) ** n)


def m_float64bits(f: float) -> int:
    return struct.unpack("<Q", struct.pack("<d", f))[0]


def m_float64frombits(b: int) -> float:
    return struct.unpack("<d", struct.pack("<Q", b & ((1 << 64) - 1)))[0]


def m_float32bits(f: float) -> int:
    return struct.unpack("<I", struct.pack("<f", f))[0]


def m_float32frombits(b: int) -> float:
    return struct.unpack("<f", struct.pack("<I", b & 0xFFFFFFFF))[0]


def m_nextafter(x: float, y: float) -> float:
    return math.nextafter(x, y)


def m_logb(x: float) -> float:
    if x == 0:
        return -INF
    if math.isinf(x):
        return INF
    if x != x:
        return x
    return float(math.frexp(x)[1] - 1)


def m_ilogb(x: float) -> int:
    if x == 0:
        return -(1 << 31)
    if x != x:
        return (1 << 31) - 1
    if math.isinf(x):
        return (1 << 31) - 1
    return math.frexp(x)[1] - 1


# ================================================================================ the natives
class Natives:
    def __init__(self, I: "Interpreter"):
        self.I = I
        self.table: dict[str, Callable] = self._build()

    # ---- lookup -------------------------------------------------------------------------
    @staticmethod
    def key(fn: Func) -> str:
        if fn.recv_named is not None:
            return f"{fn.pkg}.{fn.recv_named.obj.name}.{fn.name}"
        return f"{fn.pkg}.{fn.name}"

    def lookup(self, fn: Func) -> Callable | None:
        return self.table.get(self.key(fn))

    def forbidden_message(self, fn: Func) -> str:
        return f"{self.key(fn)} cannot be called at compile time"

    def function(self, fn: Func) -> Callable:
        f = self.lookup(fn)
        if f is not None:
            return f
        msg = self.forbidden_message(fn)

        def refuse(*_args: Any) -> Any:
            raise NotComptime(msg, None)
        return refuse

    # ---- the table -------------------------------------------------------------------------
    def _build(self) -> dict[str, Callable]:
        I = self.I
        t: dict[str, Callable] = {}

        # math
        m = {
            "Sqrt": m_sqrt, "Abs": abs, "Floor": m_floor, "Ceil": m_ceil, "Trunc": m_trunc, "Round": m_round,
            "RoundToEven": m_round_even, "Max": m_max, "Min": m_min, "Pow": m_pow, "Log": m_log, "Log2": m_log2,
            "Log10": m_log10, "Log1p": m_log1p, "Exp": m_exp, "Exp2": _f(lambda x: 2.0 ** x),
            "Expm1": _f(math.expm1), "Mod": m_mod, "Remainder": m_remainder,
            "Sin": _f(math.sin), "Cos": _f(math.cos), "Tan": _f(math.tan), "Asin": _f(math.asin),
            "Acos": _f(math.acos), "Atan": _f(math.atan), "Atan2": _f(math.atan2), "Sinh": _f(math.sinh),
            "Cosh": _f(math.cosh), "Tanh": _f(math.tanh), "Asinh": _f(math.asinh), "Acosh": _f(math.acosh),
            "Atanh": _f(math.atanh), "Hypot": _f(math.hypot), "Cbrt": m_cbrt, "Erf": _f(math.erf),
            "Erfc": _f(math.erfc), "Gamma": m_gamma,
            "Inf": lambda sign: INF if sign >= 0 else -INF, "NaN": lambda: NAN,
            "IsNaN": lambda f: f != f, "IsInf": m_is_inf,
            "Signbit": lambda x: math.copysign(1.0, x) < 0, "Copysign": _f(math.copysign),
            "Dim": lambda x, y: NAN if x != x or y != y else (x - y if x - y > 0 else 0.0),
            "Float64bits": m_float64bits, "Float64frombits": m_float64frombits,
            "Float32bits": m_float32bits, "Float32frombits": m_float32frombits,
            "Ldexp": m_ldexp, "Frexp": m_frexp, "Modf": m_modf, "Pow10": m_pow10, "FMA": m_fma,
            "Nextafter": m_nextafter, "Logb": m_logb, "Ilogb": m_ilogb,
            "Sincos": lambda x: (_f(math.sin)(x), _f(math.cos)(x)),
        }
        for name, f in m.items():
            t[f"math.{name}"] = f

        # strings
        def contains(s: bytes, sub: bytes) -> bool:
            return sub in s

        def contains_rune(s: bytes, r: int) -> bool:
            return index_rune(s, r) >= 0

        def index_rune(s: bytes, r: int) -> int:
            for i, x, _ in runes_with_pos(s):
                if x == r:
                    return i
            return -1

        def index_any(s: bytes, chars: bytes) -> int:
            cs = set(decode_runes(chars))
            for i, x, _ in runes_with_pos(s):
                if x in cs:
                    return i
            return -1

        def last_index_any(s: bytes, chars: bytes) -> int:
            cs = set(decode_runes(chars))
            for i, x, _ in reversed(runes_with_pos(s)):
                if x in cs:
                    return i
            return -1

        def index_func(s: bytes, f: Callable) -> int:
            for i, x, _ in runes_with_pos(s):
                if f(x):
                    return i
            return -1

        def last_index_func(s: bytes, f: Callable) -> int:
            for i, x, _ in reversed(runes_with_pos(s)):
                if f(x):
                    return i
            return -1

        def count(s: bytes, sub: bytes) -> int:
            if not sub:
                return rune_count(s) + 1
            return s.count(sub)

        def split_n(s: bytes, sep: bytes, n: int, after: bool = False) -> SliceV | None:
            if n == 0:
                return None
            if not sep:
                return new_slice(explode(s, n))
            if n < 0:
                parts = s.split(sep)
            else:
                parts = s.split(sep, n - 1)
            if after:
                parts = [p + sep for p in parts[:-1]] + [parts[-1]]
            I.charge(len(parts) >> 4)
            return new_slice(parts)

        def fields(s: bytes) -> SliceV:
            if s.isascii():
                parts = s.split()
            else:
                parts = []
                cur = None
                for i, r, w in runes_with_pos(s):
                    if is_space(r):
                        if cur is not None:
                            parts.append(s[cur:i])
                            cur = None
                    elif cur is None:
                        cur = i
                if cur is not None:
                    parts.append(s[cur:])
            return new_slice(parts)

        def fields_func(s: bytes, f: Callable) -> SliceV:
            parts = []
            cur = None
            for i, r, w in runes_with_pos(s):
                if f(r):
                    if cur is not None:
                        parts.append(s[cur:i])
                        cur = None
                elif cur is None:
                    cur = i
            if cur is not None:
                parts.append(s[cur:])
            return new_slice(parts)

        def join(elems: SliceV | None, sep: bytes) -> bytes:
            items = slice_items(elems)
            r = sep.join(items)
            I.charge(len(r) >> 12)
            return r

        def repeat(s: bytes, n: int) -> bytes:
            if n < 0:
                panic("strings: negative Repeat count")
            if len(s) * n > (1 << 62):
                panic("strings: Repeat output length overflow")
            I.charge((len(s) * n) >> 4)
            return s * n

        def replace(s: bytes, old: bytes, new: bytes, n: int) -> bytes:
            if old == new or n == 0:
                return s
            if not old:
                pieces = explode(s, -1)
                limit = len(pieces) + 1 if n < 0 else n
                out = bytearray()
                done = 0
                for p in pieces:
                    if done < limit:
                        out += new
                        done += 1
                    out += p
                if done < limit:
                    out += new
                return bytes(out)
            r = s.replace(old, new, n if n >= 0 else -1)
            I.charge(len(r) >> 12)
            return r

        def to_upper(s: bytes) -> bytes:
            if s.isascii():
                return s.upper()
            return map_runes(s, to_upper_rune)

        def to_lower(s: bytes) -> bytes:
            if s.isascii():
                return s.lower()
            return map_runes(s, to_lower_rune)

        def trim_left_func(s: bytes, f: Callable) -> bytes:
            for i, r, _ in runes_with_pos(s):
                if not f(r):
                    return s[i:]
            return b""

        def trim_right_func(s: bytes, f: Callable) -> bytes:
            for i, r, w in reversed(runes_with_pos(s)):
                if not f(r):
                    return s[:i + w]
            return b""

        def trim_space(s: bytes) -> bytes:
            if s.isascii():
                return s.strip(_ASCII_SPACE)
            return trim_right_func(trim_left_func(s, is_space), is_space)

        def cutset_fn(cutset: bytes) -> Callable[[int], bool]:
            cs = set(decode_runes(cutset))
            return lambda r: r in cs

        def trim(s: bytes, cutset: bytes) -> bytes:
            if not s or not cutset:
                return s
            if cutset.isascii():
                return s.strip(cutset)
            f = cutset_fn(cutset)
            return trim_right_func(trim_left_func(s, f), f)

        def trim_left(s: bytes, cutset: bytes) -> bytes:
            if not s or not cutset:
                return s
            if cutset.isascii():
                return s.lstrip(cutset)
            return trim_left_func(s, cutset_fn(cutset))

        def trim_right(s: bytes, cutset: bytes) -> bytes:
            if not s or not cutset:
                return s
            if cutset.isascii():
                return s.rstrip(cutset)
            return trim_right_func(s, cutset_fn(cutset))

        def equal_fold(a: bytes, b: bytes) -> bool:
            ra, rb = decode_runes(a), decode_runes(b)
            if len(ra) != len(rb):
                return False
            for x, y in zip(ra, rb):
                if x == y:
                    continue
                if to_lower_rune(x) == to_lower_rune(y) or to_upper_rune(x) == to_upper_rune(y):
                    continue
                return False
            return True

        def compare(a: bytes, b: bytes) -> int:
            return (a > b) - (a < b)

        def cut(s: bytes, sep: bytes) -> tuple:
            i = s.find(sep)
            if i >= 0:
                return s[:i], s[i + len(sep):], True
            return s, b"", False

        def cut_prefix(s: bytes, p: bytes) -> tuple:
            return (s[len(p):], True) if s.startswith(p) else (s, False)

        def cut_suffix(s: bytes, p: bytes) -> tuple:
            return (s[:len(s) - len(p)], True) if p and s.endswith(p) else ((s, True) if not p else (s, False))

        def title(s: bytes) -> bytes:
            out = bytearray()
            prev = 0x20
            for _, r, _ in runes_with_pos(s):
                is_sep = not (chr(r).isalnum() or r == 0x5F) if r < 0x110000 else True
                prev_sep = not (chr(prev).isalnum() or prev == 0x5F) if prev < 0x110000 else True
                out += encode_rune(to_upper_rune(r) if prev_sep else r)
                prev = r
                del is_sep
            return bytes(out)

        def to_valid(s: bytes, rep: bytes) -> bytes:
            out = bytearray()
            invalid = False
            for i, r, w in runes_with_pos(s):
                if r == RUNE_ERROR and w == 1 and s[i:i + 3] != b"\xef\xbf\xbd":
                    if not invalid:
                        out += rep
                    invalid = True
                    continue
                invalid = False
                out += s[i:i + w]
            return bytes(out)

        sfuncs: dict[str, Callable] = {
            "Contains": contains, "ContainsRune": contains_rune,
            "ContainsAny": lambda s, chars: index_any(s, chars) >= 0,
            "ContainsFunc": lambda s, f: index_func(s, f) >= 0,
            "HasPrefix": lambda s, p: s.startswith(p), "HasSuffix": lambda s, p: s.endswith(p),
            "Index": lambda s, sub: s.find(sub), "LastIndex": lambda s, sub: s.rfind(sub),
            "IndexByte": lambda s, c: s.find(bytes((c,))), "LastIndexByte": lambda s, c: s.rfind(bytes((c,))),
            "IndexRune": index_rune, "IndexAny": index_any, "LastIndexAny": last_index_any,
            "IndexFunc": index_func, "LastIndexFunc": last_index_func,
            "Count": count, "Compare": compare, "EqualFold": equal_fold,
            "Split": lambda s, sep: split_n(s, sep, -1), "SplitN": lambda s, sep, n: split_n(s, sep, n),
            "SplitAfter": lambda s, sep: split_n(s, sep, -1, True),
            "SplitAfterN": lambda s, sep, n: split_n(s, sep, n, True),
            "Fields": fields, "FieldsFunc": fields_func, "Join": join, "Repeat": repeat,
            "Replace": replace, "ReplaceAll": lambda s, old, new: replace(s, old, new, -1),
            "ToUpper": to_upper, "ToLower": to_lower, "ToTitle": to_upper, "Title": title,
            "TrimSpace": trim_space, "Trim": trim, "TrimLeft": trim_left, "TrimRight": trim_right,
            "TrimPrefix": lambda s, p: s[len(p):] if s.startswith(p) else s,
            "TrimSuffix": lambda s, p: s[:len(s) - len(p)] if p and s.endswith(p) else s,
            "TrimFunc": lambda s, f: trim_right_func(trim_left_func(s, f), f),
            "TrimLeftFunc": trim_left_func, "TrimRightFunc": trim_right_func,
            "Cut": cut, "CutPrefix": cut_prefix, "CutSuffix": cut_suffix,
            "Map": lambda f, s: map_runes(s, f), "Clone": lambda s: s, "ToValidUTF8": to_valid,
        }
        for name, f in sfuncs.items():
            t[f"strings.{name}"] = f

        # strings.Builder (the receiver is the Builder struct; its one field holds a bytearray)
        def buf(b: StructV) -> bytearray:
            if b is None:
                panic("invalid memory address or nil pointer dereference")
            v = b.f[0]
            if not isinstance(v, bytearray):
                v = bytearray(slice_items(v)) if v is not None else bytearray()
                b.f[0] = v
            return v

        def write_string(b: StructV, s: bytes) -> tuple:
            buf(b).extend(s)
            if len(s) > 4096:
                I.charge(len(s) >> 12)
            return len(s), None

        def write_byte(b: StructV, c: int) -> None:
            buf(b).append(c)
            return None

        def write_rune(b: StructV, r: int) -> tuple:
            e = encode_rune(r)
            buf(b).extend(e)
            return len(e), None

        def write(b: StructV, p: SliceV | None) -> tuple:
            items = slice_items(p)
            buf(b).extend(items)
            return len(items), None

        def grow(b: StructV, n: int) -> None:
            if n < 0:
                panic("strings.Builder.Grow: negative count")
            buf(b)

        bmethods = {
            "WriteString": write_string, "WriteByte": write_byte, "WriteRune": write_rune, "Write": write,
            "String": lambda b: bytes(buf(b)), "Len": lambda b: len(buf(b)), "Cap": lambda b: len(buf(b)),
            "Reset": lambda b: (b.f.__setitem__(0, None) if b is not None else None, None)[1],
            "Grow": grow,
        }
        for name, f in bmethods.items():
            t[f"strings.Builder.{name}"] = f

        # strconv
        def atoi(s: bytes) -> Any:
            try:
                return parse_int(s.decode("latin-1"), 10, 0, "Atoi")
            except _NumErr as e:
                return _num_error("Atoi", s, e.why)

        def parse_int_(s: bytes, base: int, bits: int) -> Any:
            try:
                return parse_int(s.decode("latin-1"), base, bits, "ParseInt")
            except _NumErr as e:
                return _num_error("ParseInt", s, e.why)

        def parse_uint_(s: bytes, base: int, bits: int) -> Any:
            try:
                return parse_uint(s.decode("latin-1"), base, bits, "ParseUint")
            except _NumErr as e:
                return _num_error("ParseUint", s, e.why)

        def parse_float_(s: bytes, bits: int) -> Any:
            try:
                return parse_float(s.decode("latin-1"), bits)
            except _NumErr as e:
                return _num_error("ParseFloat", s, e.why)

        def parse_bool(s: bytes) -> Any:
            if s in (b"1", b"t", b"T", b"TRUE", b"true", b"True"):
                return True
            if s in (b"0", b"f", b"F", b"FALSE", b"false", b"False"):
                return False
            return _num_error("ParseBool", s, "invalid syntax")

        def format_float_(f: float, fmt: int, prec: int, bits: int) -> bytes:
            ch = chr(fmt)
            if ch not in "eEfgG":
                return b"%" + bytes((fmt,))
            if bits == 32:
                f = f32(f)
            return format_float(f, ch, prec, bits).encode()

        def quote_rune(r: int) -> bytes:
            body = go_quote(encode_rune(r))[1:-1]
            if body == b"'":
                body = b"\\'"
            elif body == b'\\"':
                body = b'"'
            return b"'" + body + b"'"

        def unquote(s: bytes) -> Any:
            text = s.decode("utf-8", "replace")
            if len(text) >= 2 and text[0] == text[-1] == "`":
                return text[1:-1].replace("\r", "").encode()
            if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
                import ast
                try:
                    v = ast.literal_eval("b" + text if text.isascii() else text)
                    return v if isinstance(v, bytes) else v.encode("utf-8")
                except (ValueError, SyntaxError):
                    pass
            return Failure(new_error("invalid syntax"))

        conv = {
            "Itoa": lambda i: str(i).encode(), "Atoi": atoi, "ParseInt": parse_int_, "ParseUint": parse_uint_,
            "ParseFloat": parse_float_, "ParseBool": parse_bool,
            "FormatInt": format_int, "FormatUint": format_int,
            "FormatBool": lambda b: b"true" if b else b"false",
            "FormatFloat": format_float_, "Quote": lambda s: go_quote(s),
            "QuoteToASCII": lambda s: go_quote(s, ascii_only=True), "QuoteRune": quote_rune,
            "Unquote": unquote,
        }
        for name, f in conv.items():
            t[f"strconv.{name}"] = f

        # unicode/utf8
        def valid(s: bytes) -> bool:
            try:
                s.decode("utf-8")
                return True
            except UnicodeDecodeError:
                return False

        def rune_len(r: int) -> int:
            if r < 0:
                return -1
            if r < 0x80:
                return 1
            if r < 0x800:
                return 2
            if 0xD800 <= r <= 0xDFFF:
                return -1
            if r < 0x10000:
                return 3
            if r <= 0x10FFFF:
                return 4
            return -1

        def decode_last(s: bytes) -> tuple:
            if not s:
                return RUNE_ERROR, 0
            start = len(s) - 1
            lim = max(len(s) - 4, 0)
            while start > lim and (s[start] & 0xC0) == 0x80:
                start -= 1
            r, w = decode_rune(s, start)
            if start + w != len(s):
                return RUNE_ERROR, 1
            return r, w

        def encode_into(p: SliceV | None, r: int) -> int:
            e = encode_rune(r)
            if p is None or p.len < len(e):
                panic(f"index out of range [{len(e) - 1}] with length {p.len if p is not None else 0}")
            for i, b in enumerate(e):
                p.a[p.off + i] = b
            return len(e)

        def full_rune(s: bytes) -> bool:
            if not s:
                return False
            r, w = decode_rune(s, 0)
            if w > 1 or r != RUNE_ERROR:
                return True
            c = s[0]
            need = 2 if 0xC2 <= c <= 0xDF else 3 if 0xE0 <= c <= 0xEF else 4 if 0xF0 <= c <= 0xF4 else 1
            if len(s) >= need:
                return True
            # a prefix of a valid sequence is not yet full
            for k in range(1, len(s)):
                if not 0x80 <= s[k] <= 0xBF:
                    return True
            return False

        def append_rune(p: SliceV | None, r: int) -> Any:
            from .interp import grow_cap
            e = list(encode_rune(r))
            items = slice_items(p)
            n = len(items) + len(e)
            if p is not None and n <= p.cap:
                p.a[p.off + p.len:p.off + n] = e
                return SliceV(p.a, p.off, n, p.cap)
            cap = grow_cap(p.cap if p is not None else 0, n)
            return SliceV(items + e + [0] * (cap - n), 0, n, cap)

        u8 = {
            "RuneCountInString": rune_count, "RuneCount": lambda p: rune_count(bytes_arg(p)),
            "RuneLen": rune_len, "ValidString": valid, "Valid": lambda p: valid(bytes_arg(p)),
            "ValidRune": lambda r: 0 <= r <= 0x10FFFF and not 0xD800 <= r <= 0xDFFF,
            "DecodeRuneInString": lambda s: decode_rune(s, 0), "DecodeRune": lambda p: decode_rune(bytes_arg(p), 0),
            "DecodeLastRuneInString": decode_last, "DecodeLastRune": lambda p: decode_last(bytes_arg(p)),
            "EncodeRune": encode_into, "AppendRune": append_rune,
            "RuneStart": lambda b: (b & 0xC0) != 0x80,
            "FullRune": lambda p: full_rune(bytes_arg(p)), "FullRuneInString": full_rune,
        }
        for name, f in u8.items():
            t[f"utf8.{name}"] = f

        # errors
        def unwrap(err: Any) -> Any:
            if err is None or isinstance(err.v, ErrStr):
                return None
            from .lookup import Selection, SelKind, lookup
            sel = lookup(err.t, "Unwrap")
            if isinstance(sel, Selection) and sel.kind is SelKind.METHOD and not sel.type.params and \
                    len(sel.type.results) == 1:
                return I.call_dyn(err, "Unwrap", ())
            return None

        def is_(err: Any, target: Any) -> bool:
            from .interp import _eq_iface
            seen = 0
            while err is not None and seen < 1000:
                try:
                    if _eq_iface(err, target):
                        return True
                except GooPanic:
                    pass
                err = unwrap(err)
                seen += 1
            return err is None and target is None

        t["errors.New"] = lambda text: new_error(text)
        t["errors.Is"] = is_
        t["errors.Unwrap"] = unwrap
        return t
