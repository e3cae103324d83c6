"""Strings as Go sees them: UTF-8 decoding and encoding with Go's rules for invalid input,
strconv.Quote, and the plain printing of values in panic messages.

Invariant: strings are `bytes`; invalid UTF-8 decodes as U+FFFD one byte at a time (like Go's
utf8.DecodeRune), and the fast paths for ASCII and valid UTF-8 give the same results.
"""

from __future__ import annotations

from typing import Any

from ..types import Array, Kind, Slice, Struct, Type, underlying
from .arith import format_float
from .values import EnumV, ErrStr, IfaceV, MapV, SliceV, StructV, basic_kind

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
