"""The Goo scanner: text -> tokens, comments and lexical diagnostics (spec §3).

Invariants:
- Scanning never raises on user input; every problem is a diagnostic and the scanner moves on
  (bad characters are skipped, unterminated literals end at the line end or end of text).
- Automatic semicolon insertion (spec §3.6) happens here, so later passes never see newlines:
  at a newline (or a block comment containing one, or the end of the scanned region), if the
  last token P is return/break/continue/fallthrough, or a value-ender and the next token N is
  not `)`, `}`, `...` or `else`, a SEMI with text "\\n" is inserted at the end of P.
- `@name` is reported once (attribute-not-supported) and both tokens are dropped.
- A leading byte-order mark is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from .diagnostics import DiagnosticSink
from .source import Span
from .tokens import (
    ALWAYS_SEMI_AFTER,
    KEYWORDS,
    NO_SEMI_BEFORE,
    OPERATORS,
    VALUE_ENDERS,
    Token,
)


@dataclass(frozen=True, slots=True)
class Comment:
    span: Span
    text: str

    @property
    def is_line(self) -> bool:
        return self.text.startswith("//")


_OPS_SORTED = sorted(OPERATORS, key=len, reverse=True)
_TOKEN_RE = re.compile(
    r"""
     (?P<ws>[ \t\r\f\v\ufeff]+)
    |(?P<nl>\n)
    |(?P<lcomment>//[^\n]*)
    |(?P<bcomment>/\*(?:.|\n)*?\*/)
    |(?P<bcomment_open>/\*)
    |(?P<ident>[^\W\d]\w*)
    |(?P<number>(?:0[xX][0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?[0-9_]*)?
                 |0[bBoO][0-9a-zA-Z_]*
                 |(?:[0-9][0-9_]*(?:\.(?!\.)[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9_]*)?)i?)
    |(?P<rune>'(?:[^'\\\n]|\\[^\n])*'?)
    |(?P<string>"(?:[^"\\\n]|\\[^\n])*"?)
    |(?P<raw>`[^`]*`?)
    |(?P<dotdot>\.\.(?!\.))
    |(?P<op>"""
    + "|".join(re.escape(op) for op in _OPS_SORTED)
    + r""")
    |(?P<at>@\s*(?:[^\W\d]\w*)?)
    |(?P<bad>.)
    """,
    re.VERBOSE,
)

_SIMPLE_ESCAPES = {
    "a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92, "'": 39, '"': 34,
}


def _char_name(ch: str) -> str:
    return f"U+{ord(ch):04X} '{ch}'" if ch.isprintable() else f"U+{ord(ch):04X}"


class Scanner:
    """Scans `text[start:end]`, producing tokens with absolute offsets."""

    def __init__(self, text: str, sink: DiagnosticSink, start: int = 0, end: int | None = None):
        self.text = text
        self.sink = sink
        self.start = start
        self.end = len(text) if end is None else end
        self.tokens: list[Token] = []
        self.comments: list[Comment] = []

    # ---- public -------------------------------------------------------------------------
    def scan(self) -> list[Token]:
        text, sink = self.text, self.sink
        tokens = self.tokens
        append = tokens.append
        keywords, operators = KEYWORDS, OPERATORS
        value_enders, always_semi = VALUE_ENDERS, ALWAYS_SEMI_AFTER
        no_semi_before = NO_SEMI_BEFORE
        pending_nl = False
        last_kind = ""
        pos, end = self.start, self.end
        match = _TOKEN_RE.match
        while pos < end:
            m = match(text, pos, end)
            assert m is not None
            group = m.lastgroup
            tstart, pos = m.start(), m.end()
            if group == "ws":
                continue
            if group == "nl":
                pending_nl = True
                continue
            if group == "lcomment":
                self.comments.append(Comment(Span(tstart, pos), m.group()))
                continue
            if group == "bcomment" or group == "bcomment_open":
                body = m.group()
                if group == "bcomment_open":
                    sink.report("unterminated-literal", Span(tstart, end), "comment not terminated")
                    body = text[tstart:end]
                    pos = end
                self.comments.append(Comment(Span(tstart, pos), body))
                if "\n" in body:
                    pending_nl = True
                continue
            if group == "ident":
                word = m.group()
                kind = keywords.get(word, "NAME")
                tok = Token(kind, word, tstart, pos)
            elif group == "op":
                word = m.group()
                tok = Token(operators[word], word, tstart, pos)
            elif group == "number":
                tok = self._number(m.group(), tstart, pos)
            elif group == "string":
                tok = self._string(m.group(), tstart, pos)
            elif group == "raw":
                tok = self._raw(m.group(), tstart, pos)
            elif group == "rune":
                tok = self._rune(m.group(), tstart, pos)
            elif group == "at":
                word = m.group()
                name = word[1:].strip()
                if name:
                    sink.report("attribute-not-supported", Span(tstart, pos),
                                f"attributes such as '@{name}' are not supported in Goo")
                else:
                    sink.report("invalid-character", Span(tstart, tstart + 1), "invalid character U+0040 '@'")
                continue
            elif group == "dotdot":
                sink.report("invalid-character", Span(tstart, pos), "invalid character sequence '..'")
                continue
            else:  # bad
                ch = m.group()
                if ch == "\x00":
                    message = "invalid NUL character"
                elif "\ud800" <= ch <= "\udfff":
                    message = "invalid UTF-8 encoding"
                else:
                    message = f"invalid character {_char_name(ch)}"
                sink.report("invalid-character", Span(tstart, pos), message)
                continue
            # automatic semicolon insertion before `tok`
            if pending_nl:
                tok.nl_before = True
                if last_kind in always_semi or (last_kind in value_enders and tok.kind not in no_semi_before):
                    prev_end = tokens[-1].end
                    append(Token("SEMI", "\n", prev_end, prev_end))
                pending_nl = False
            append(tok)
            last_kind = tok.kind
        # end of the region acts like a newline followed by EOF (N is not an exception)
        if tokens and (last_kind in always_semi or last_kind in value_enders):
            prev_end = tokens[-1].end
            tokens.append(Token("SEMI", "\n", prev_end, prev_end))
        return tokens

    # ---- literals ------------------------------------------------------------------------
    def _number(self, word: str, start: int, end: int) -> Token:
        span = Span(start, end)
        if word.endswith("i"):
            return Token("IMAG", word, start, end, None)
        digits = word
        lower = digits.lower()
        is_hex = lower.startswith("0x")
        is_float = ("." in lower) or (("e" in lower) and not is_hex) or (is_hex and "p" in lower)
        if not self._underscores_ok(digits, is_hex):
            self.sink.report("invalid-literal", span, "'_' must separate successive digits")
            return Token("FLOAT" if is_float else "INT", word, start, end, Fraction(0) if is_float else 0)
        clean = digits.replace("_", "")
        lc = clean.lower()
        if is_float:
            try:
                if is_hex:
                    if "p" not in lc:
                        self.sink.report("invalid-literal", span, "hexadecimal mantissa requires a 'p' exponent")
                        return Token("FLOAT", word, start, end, Fraction(0))
                    value = Fraction(float.fromhex(clean))
                else:
                    if lc.endswith("e") or lc.endswith("e+") or lc.endswith("e-"):
                        self.sink.report("invalid-literal", span, "exponent has no digits")
                        return Token("FLOAT", word, start, end, Fraction(0))
                    value = Fraction(clean)
            except (ValueError, OverflowError, ZeroDivisionError):
                self.sink.report("invalid-literal", span, f"invalid floating-point literal {word}")
                value = Fraction(0)
            return Token("FLOAT", word, start, end, value)
        try:
            if lc.startswith("0x"):
                value = int(clean[2:], 16) if len(clean) > 2 else self._no_digits(span, "hexadecimal")
            elif lc.startswith("0b"):
                bad = next((c for c in clean[2:] if c not in "01"), None)
                if bad is not None:
                    self.sink.report("invalid-literal", span, f"invalid digit '{bad}' in binary literal")
                    value = 0
                else:
                    value = int(clean[2:], 2) if len(clean) > 2 else self._no_digits(span, "binary")
            elif lc.startswith("0o") or (len(clean) > 1 and clean[0] == "0"):
                body = clean[2:] if lc.startswith("0o") else clean[1:]
                bad = next((c for c in body if c not in "01234567"), None)
                if bad is not None:
                    self.sink.report("invalid-literal", span, f"invalid digit '{bad}' in octal literal")
                    value = 0
                else:
                    value = int(body, 8) if body else self._no_digits(span, "octal")
            else:
                value = int(clean, 10)
        except ValueError:
            self.sink.report("invalid-literal", span, f"invalid number literal {word}")
            value = 0
        return Token("INT", word, start, end, value)

    def _no_digits(self, span: Span, base: str) -> int:
        self.sink.report("invalid-literal", span, f"{base} literal has no digits")
        return 0

    @staticmethod
    def _underscores_ok(word: str, is_hex: bool) -> bool:
        if "_" not in word:
            return True
        low = word.lower()
        body = low[2:] if low[:2] in ("0x", "0b", "0o") else low
        if low[:2] in ("0x", "0b", "0o") and body.startswith("_"):
            body = body[1:]  # `_` directly after a base prefix is allowed
        digits = "0123456789abcdef" if is_hex else "0123456789"
        prev = ""
        for i, ch in enumerate(body):
            if ch == "_":
                nxt = body[i + 1] if i + 1 < len(body) else ""
                if prev not in digits or nxt not in digits or not prev or not nxt:
                    return False
            prev = ch
        return True

    def _decode(self, body: str, offset: int, quote: str) -> tuple[bytes, list[int]]:
        """Decode escapes of a quoted literal body. Returns (bytes, code points of plain chars)."""
        out = bytearray()
        points: list[int] = []
        i, n = 0, len(body)
        while i < n:
            ch = body[i]
            if ch != "\\":
                enc = ch.encode("utf-8", "surrogatepass")
                out += enc
                points.append(ord(ch))
                i += 1
                continue
            esc_start = offset + i
            if i + 1 >= n:
                self.sink.report("invalid-escape", Span(esc_start, esc_start + 1), "escape sequence not terminated")
                break
            c = body[i + 1]
            if c in _SIMPLE_ESCAPES and not (c == "'" and quote == '"' and False):
                if (c == '"' and quote == "'"):
                    self.sink.report("invalid-escape", Span(esc_start, esc_start + 2), "unknown escape sequence '\\\"'")
                    i += 2
                    continue
                out.append(_SIMPLE_ESCAPES[c])
                points.append(_SIMPLE_ESCAPES[c])
                i += 2
                continue
            if c in "01234567":
                digits = body[i + 1:i + 4]
                if len(digits) == 3 and all(d in "01234567" for d in digits):
                    v = int(digits, 8)
                    if v > 255:
                        self.sink.report("invalid-escape", Span(esc_start, esc_start + 4),
                                         f"octal escape value {v} > 255")
                        v = 0
                    out.append(v)
                    points.append(v)
                    i += 4
                    continue
                if c == "0" and not (i + 2 < n and body[i + 2] in "01234567"):
                    out.append(0)  # Goo's `\0`
                    points.append(0)
                    i += 2
                    continue
                self.sink.report("invalid-escape", Span(esc_start, esc_start + 1 + len(digits)),
                                 "invalid octal escape: need exactly three octal digits")
                i += 1 + len(digits)
                continue
            if c in "xuU":
                width = {"x": 2, "u": 4, "U": 8}[c]
                digits = body[i + 2:i + 2 + width]
                if len(digits) < width or any(d not in "0123456789abcdefABCDEF" for d in digits):
                    self.sink.report("invalid-escape", Span(esc_start, min(esc_start + 2 + width, offset + n)),
                                     f"invalid escape sequence '\\{c}{digits}': need exactly {width} hexadecimal digits")
                    i += 2 + len(digits)
                    continue
                v = int(digits, 16)
                if c == "x":
                    out.append(v)
                    points.append(v)
                else:
                    if 0xD800 <= v <= 0xDFFF or v > 0x10FFFF:
                        self.sink.report("invalid-escape", Span(esc_start, esc_start + 2 + width),
                                         f"escape sequence is invalid Unicode code point U+{v:04X}")
                        v = 0xFFFD
                    out += chr(v).encode("utf-8")
                    points.append(v)
                i += 2 + width
                continue
            self.sink.report("invalid-escape", Span(esc_start, esc_start + 2), f"unknown escape sequence '\\{c}'")
            i += 2
        return bytes(out), points

    def _string(self, word: str, start: int, end: int) -> Token:
        if len(word) < 2 or not word.endswith('"') or (word.endswith('\\"') and not _closed(word)):
            self.sink.report("unterminated-literal", Span(start, end), "string literal not terminated")
            body = word[1:]
        else:
            body = word[1:-1]
        value, _ = self._decode(body, start + 1, '"')
        return Token("STRING", word, start, end, value)

    def _raw(self, word: str, start: int, end: int) -> Token:
        if len(word) < 2 or not word.endswith("`"):
            self.sink.report("unterminated-literal", Span(start, end), "raw string literal not terminated")
            body = word[1:]
        else:
            body = word[1:-1]
        return Token("STRING", word, start, end, body.replace("\r", "").encode("utf-8", "surrogatepass"))

    def _rune(self, word: str, start: int, end: int) -> Token:
        span = Span(start, end)
        if len(word) < 2 or not word.endswith("'") or (word.endswith("\\'") and not _closed(word)):
            self.sink.report("unterminated-literal", span, "rune literal not terminated")
            return Token("RUNE", word, start, end, 0)
        body = word[1:-1]
        errors_before = len(self.sink.items)
        _, points = self._decode(body, start + 1, "'")
        if len(self.sink.items) != errors_before:
            return Token("RUNE", word, start, end, points[0] if points else 0)
        if not points:
            self.sink.report("invalid-literal", span, "empty rune literal or unescaped ' in rune literal")
            return Token("RUNE", word, start, end, 0)
        if len(points) > 1:
            self.sink.report("invalid-literal", span, "more than one character in rune literal")
        return Token("RUNE", word, start, end, points[0])


def _closed(word: str) -> bool:
    """True when the final quote of `word` is not escaped (an even run of backslashes before it)."""
    k = len(word) - 2
    run = 0
    while k >= 1 and word[k] == "\\":
        run += 1
        k -= 1
    return run % 2 == 0


def scan(text: str, sink: DiagnosticSink, start: int = 0, end: int | None = None) -> tuple[list[Token], list[Comment]]:
    scanner = Scanner(text, sink, start, end)
    tokens = scanner.scan()
    return tokens, scanner.comments
