"""Go's arithmetic on the interpreter's numbers, and strconv.FormatFloat.

Integers are Python ints kept within the range of their static kind: `wrapper(kind)` wraps a
result two's-complement style, `int_range(kind)` gives the range that needs no wrapping.
float32 values are Python floats rounded through `f32`. Division follows Go: integer division
truncates and panics on zero, float division by zero gives ±Inf or NaN.
"""

from __future__ import annotations

import math
import struct
from typing import Callable

from ..types import INT_BITS, UNSIGNED_KINDS, Kind
from .errors import panic

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


# ---------------------------------------------------------------------------------- formatting
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
