"""Exact compile-time constant values and their arithmetic (spec §6.3, Go's constant rules).

Representation: bool; `int` for integer and rune constants (arbitrary precision); `Fraction`
for floating-point constants (exact, as Go's untyped floats); `bytes` for strings (Goo strings
are byte sequences).

Invariants: operations never raise on user input — a division by zero or an impossible
operation returns a `ConstError` carrying Go's message; callers report it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Union

from .types import FLOAT_KINDS, INT_BITS, UNSIGNED_KINDS, Basic, Kind

Value = Union[bool, int, Fraction, bytes]


@dataclass(frozen=True, slots=True)
class ConstError:
    message: str


MAX_FLOAT64 = Fraction(2) ** 1023 * (2 - Fraction(1, 2 ** 52))
MAX_FLOAT32 = Fraction(2) ** 127 * (2 - Fraction(1, 2 ** 23))


def int_range(kind: Kind) -> tuple[int, int]:
    bits = INT_BITS[kind]
    if kind in UNSIGNED_KINDS:
        return 0, (1 << bits) - 1
    return -(1 << (bits - 1)), (1 << (bits - 1)) - 1


def to_fraction(v: Value) -> Fraction:
    if isinstance(v, bool):
        raise TypeError("bool")
    if isinstance(v, Fraction):
        return v
    return Fraction(v)  # type: ignore[arg-type]


def round_float(v: Fraction, kind: Kind) -> Fraction | None:
    """Round an exact value to float64/float32; None if it overflows."""
    limit = MAX_FLOAT32 if kind == Kind.FLOAT32 else MAX_FLOAT64
    if abs(v) > limit:
        return None
    try:
        f = float(v)
    except OverflowError:
        return None
    if kind == Kind.FLOAT32:
        import struct
        try:
            f = struct.unpack("f", struct.pack("f", f))[0]
        except OverflowError:
            return None
    if math.isinf(f):
        return None
    return Fraction(f)


def representable(v: Value, t: Basic) -> tuple[bool, Value, str]:
    """Can constant `v` be represented by basic type `t`? Returns (ok, rounded value, reason)
    where reason is "overflows" or "truncated" when not ok."""
    kind = t.kind
    if kind in (Kind.BOOL, Kind.UNTYPED_BOOL):
        return isinstance(v, bool), v, ""
    if kind in (Kind.STRING, Kind.UNTYPED_STRING):
        return isinstance(v, bytes), v, ""
    if isinstance(v, (bool, bytes)):
        return False, v, ""
    if kind in INT_BITS:
        if isinstance(v, Fraction):
            if v.denominator != 1:
                return False, v, "truncated"
            v = int(v)
        lo, hi = int_range(kind)
        if lo <= v <= hi:
            return True, v, ""
        return False, v, "overflows"
    if kind in (Kind.UNTYPED_INT, Kind.UNTYPED_RUNE):
        if isinstance(v, Fraction):
            if v.denominator != 1:
                return False, v, "truncated"
            return True, int(v), ""
        return True, v, ""
    if kind in FLOAT_KINDS:
        if kind == Kind.UNTYPED_FLOAT:
            return True, to_fraction(v), ""
        rounded = round_float(to_fraction(v), kind)
        if rounded is None:
            return False, v, "overflows"
        return True, rounded, ""
    return False, v, ""


def format_value(v: Value) -> str:
    """Go's spelling of a constant value in messages."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, bytes):
        return quote_bytes(v)
    if v.denominator == 1 and abs(v.numerator) < 10 ** 21:
        return str(v.numerator)
    try:
        f = float(v)
    except OverflowError:
        return "1e+309"
    text = repr(f)
    if "e" in text:
        mant, exp = text.split("e")
        sign = "-" if exp.startswith("-") else "+"
        digits = exp.lstrip("+-").lstrip("0") or "0"
        return f"{mant}e{sign}{digits.zfill(2)}"
    return text


def quote_bytes(b: bytes) -> str:
    out = ['"']
    text = b.decode("utf-8", "replace")
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif not ch.isprintable():
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x80 else (f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def unary(op: str, v: Value, t: Basic | None) -> Value | ConstError:
    if op == "+":
        return v
    if op == "-":
        if isinstance(v, (bool, bytes)):
            return ConstError("invalid operation")
        return -v
    if op == "!":
        return not v if isinstance(v, bool) else ConstError("invalid operation")
    if op in ("^", "~"):
        if not isinstance(v, int) or isinstance(v, bool):
            return ConstError("invalid operation")
        if t is not None and t.kind in UNSIGNED_KINDS:
            return v ^ ((1 << INT_BITS[t.kind]) - 1)
        return ~v
    return ConstError(f"invalid operation: operator {op} not defined on constants")


def binary(op: str, x: Value, y: Value, integer: bool) -> Value | ConstError:
    """Apply a binary operator to two constants of compatible kinds. `integer` says whether the
    operands are of integer type (so `/` truncates)."""
    if op in ("==", "!=", "<", "<=", ">", ">="):
        try:
            if isinstance(x, bool) or isinstance(y, bool):
                if op == "==":
                    return x == y
                if op == "!=":
                    return x != y
                return ConstError("invalid comparison")
            if isinstance(x, bytes) != isinstance(y, bytes):
                return ConstError("mismatched constants")
            return {"==": x == y, "!=": x != y, "<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]  # type: ignore[operator]
        except TypeError:
            return ConstError("mismatched constants")
    if op in ("&&", "||"):
        if not (isinstance(x, bool) and isinstance(y, bool)):
            return ConstError("invalid operation")
        return (x and y) if op == "&&" else (x or y)
    if isinstance(x, bytes) and isinstance(y, bytes):
        if op == "+":
            return x + y
        return ConstError(f"invalid operation: operator {op} not defined on strings")
    if isinstance(x, (bool, bytes)) or isinstance(y, (bool, bytes)):
        return ConstError("invalid operation")
    if op in ("<<", ">>"):
        if not isinstance(y, int) and not (isinstance(y, Fraction) and y.denominator == 1):
            return ConstError("invalid shift count")
        count = int(y)
        if count < 0:
            return ConstError(f"invalid shift count {count} (negative)")
        if isinstance(x, Fraction):
            if x.denominator != 1:
                return ConstError("invalid shift of non-integer constant")
            x = int(x)
        if count > 10000:
            return ConstError(f"shift count {count} too large")
        return x << count if op == "<<" else x >> count
    if op in ("%", "&", "|", "^", "&^"):
        if isinstance(x, Fraction) or isinstance(y, Fraction):
            if isinstance(x, Fraction) and x.denominator == 1:
                x = int(x)
            if isinstance(y, Fraction) and y.denominator == 1:
                y = int(y)
            if isinstance(x, Fraction) or isinstance(y, Fraction):
                return ConstError(f"invalid operation: operator {op} not defined on untyped float")
        if op == "%":
            if y == 0:
                return ConstError("invalid operation: division by zero")
            return _trunc_mod(x, y)
        if op == "&":
            return x & y
        if op == "|":
            return x | y
        if op == "^":
            return x ^ y
        return x & ~y
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    if op == "/":
        if y == 0:
            return ConstError("invalid operation: division by zero")
        if integer and isinstance(x, int) and isinstance(y, int):
            return _trunc_div(x, y)
        return Fraction(x) / Fraction(y)
    return ConstError(f"invalid operation: operator {op}")


def _trunc_div(x: int, y: int) -> int:
    q = abs(x) // abs(y)
    return q if (x >= 0) == (y >= 0) else -q


def _trunc_mod(x: int, y: int) -> int:
    return x - _trunc_div(x, y) * y


def convert(v: Value, to: Basic) -> Value | ConstError:
    """Constant conversion T(v) for basic T (representability is checked by the caller)."""
    kind = to.kind
    if kind in (Kind.STRING, Kind.UNTYPED_STRING):
        if isinstance(v, bytes):
            return v
        if isinstance(v, int) and not isinstance(v, bool):
            if 0 <= v <= 0x10FFFF and not (0xD800 <= v <= 0xDFFF):
                return chr(v).encode("utf-8")
            return "\ufffd".encode("utf-8")
        return ConstError("cannot convert")
    if kind in FLOAT_KINDS:
        if isinstance(v, (int, Fraction)) and not isinstance(v, bool):
            f = to_fraction(v)
            if kind == Kind.UNTYPED_FLOAT:
                return f
            r = round_float(f, kind)
            return r if r is not None else ConstError("overflows")
        return ConstError("cannot convert")
    if kind in INT_BITS or kind in (Kind.UNTYPED_INT, Kind.UNTYPED_RUNE):
        if isinstance(v, Fraction):
            if v.denominator != 1:
                return ConstError("truncated")
            return int(v)
        if isinstance(v, int) and not isinstance(v, bool):
            return v
        return ConstError("cannot convert")
    if kind in (Kind.BOOL, Kind.UNTYPED_BOOL):
        return v if isinstance(v, bool) else ConstError("cannot convert")
    return ConstError("cannot convert")


def wrap_int(v: int, kind: Kind) -> int:
    """Two's-complement wrap of `v` to the width of integer kind `kind`."""
    bits = INT_BITS.get(kind, 64)
    mask = (1 << bits) - 1
    v &= mask
    if kind not in UNSIGNED_KINDS and v >> (bits - 1):
        v -= 1 << bits
    return v
