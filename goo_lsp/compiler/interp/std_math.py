"""Native implementations of package math for the compile-time interpreter.

Invariant: every function gives Go's IEEE-754 result — NaN, ±Inf and signed zeros where Go
gives them — never a Python exception (`_f` wraps the plain ones).
"""

from __future__ import annotations

import math
import struct
from fractions import Fraction
from typing import Callable

from .arith import INF, NAN


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


def math_natives() -> dict[str, Callable]:
    """The functions of package math, by name."""
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
    return m
