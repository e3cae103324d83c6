"""Native implementations of package strconv for the compile-time interpreter.

Invariant: parse errors are Go's `*NumError` messages ("strconv.Atoi: parsing \"x\": invalid
syntax"), returned as the failure of the `!T` result, never raised.
"""

from __future__ import annotations

import ast
import math
import re
from fractions import Fraction
from typing import Any, Callable

from .arith import INF, NAN, f32, format_float
from .errors import panic
from .text import encode_rune, go_quote
from .values import Failure, new_error


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


def strconv_natives() -> dict[str, Callable]:
    """The functions of package strconv, by name."""
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
    return conv
