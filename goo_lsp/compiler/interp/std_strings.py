"""Native implementations of packages strings (with strings.Builder) and unicode/utf8 for the
compile-time interpreter.

Invariants:
- Strings are `bytes` and are processed rune by rune with Go's decoding (invalid bytes are
  U+FFFD one at a time); ASCII-only inputs take Python's byte-string fast paths, which give the
  same results.
- Functions that build big strings or slices charge steps in proportion to their size.
- A `strings.Builder` is its struct value; its one field holds a bytearray once written to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from .errors import panic
from .text import RUNE_ERROR, decode_rune, decode_runes, encode_rune, rune_count, runes_with_pos
from .values import SliceV, StructV, grow_cap, new_slice, slice_items

if TYPE_CHECKING:  # pragma: no cover
    from .interpreter import Interpreter


# ---------------------------------------------------------------------------------- unicode helpers
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


# ---------------------------------------------------------------------------------- strings
def strings_natives(I: "Interpreter") -> dict[str, Callable]:
    """The functions of package strings, by name."""
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
    return sfuncs


def builder_natives(I: "Interpreter") -> dict[str, Callable]:
    """The methods of strings.Builder, by name (the receiver is the Builder struct; its one field
    holds a bytearray)."""
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
    return bmethods


# ---------------------------------------------------------------------------------- unicode/utf8
def utf8_natives() -> dict[str, Callable]:
    """The functions of package unicode/utf8, by name."""
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
    return u8
