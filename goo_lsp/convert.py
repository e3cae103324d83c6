"""Protocol conversions: the only place where character offsets meet LSP positions.

LSP positions count code units within a line — UTF-16 by default, or UTF-8/UTF-32 when the
client and server negotiate that (`positionEncoding`); the compiler counts characters (code
points). A line is the text between `\\n` characters (a `\\r` before `\\n` stays in the line's
text, after every position a client can address). Conversions clamp out-of-range positions to
the document instead of failing.

Everything else here turns façade records (Diagnostic, Location, HoverInfo, ...) into
lsprotocol types.
"""

from __future__ import annotations

import bisect

from lsprotocol import types as T

from .compiler.diagnostics import UNNECESSARY_CODES, Diagnostic, Severity
from .compiler.source import Span

_SEVERITY = {Severity.ERROR: T.DiagnosticSeverity.Error, Severity.WARNING: T.DiagnosticSeverity.Warning,
             Severity.INFO: T.DiagnosticSeverity.Information}


def utf16_len(s: str) -> int:
    if s.isascii():
        return len(s)
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def utf8_len(s: str) -> int:
    if s.isascii():
        return len(s)
    return len(s.encode("utf-8", "surrogatepass"))


def _char_units(ch: str, encoding: str) -> int:
    if encoding == "utf-32":
        return 1
    if encoding == "utf-8":
        return len(ch.encode("utf-8", "surrogatepass"))
    return 2 if ord(ch) > 0xFFFF else 1


class PositionMapper:
    """Offset <-> LSP Position for one text (built once per document version)."""

    __slots__ = ("text", "starts", "encoding", "_units")

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.encoding = encoding
        self._units = {"utf-8": utf8_len, "utf-32": len}.get(encoding, utf16_len)
        starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self.starts = starts

    def position(self, offset: int) -> T.Position:
        line, char = self.line_char(offset)
        return T.Position(line=line, character=char)

    def line_char(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        return line, self._units(self.text[start:offset])

    def offset(self, pos: T.Position) -> int:
        line = pos.line
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[line]
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
        segment = self.text[start:end]
        want = max(0, pos.character)
        if segment.isascii():
            return start + min(want, len(segment))
        units = 0
        encoding = self.encoding
        for i, ch in enumerate(segment):
            if units >= want:
                return start + i
            units += _char_units(ch, encoding)
        return end

    def range(self, span: Span) -> T.Range:
        return T.Range(start=self.position(span.start), end=self.position(span.end))

    def span(self, rng: T.Range) -> Span:
        a, b = self.offset(rng.start), self.offset(rng.end)
        return Span(min(a, b), max(a, b))


def diagnostic(mapper: PositionMapper, d: Diagnostic, uri: str) -> T.Diagnostic:
    tags = [T.DiagnosticTag.Unnecessary] if d.code in UNNECESSARY_CODES else None
    related = [T.DiagnosticRelatedInformation(location=T.Location(uri=uri, range=mapper.range(n.span)), message=n.message)
               for n in d.notes] or None
    rng = mapper.range(d.span)
    if d.span.start == d.span.end:
        # a zero-width range is easy to miss in editors: cover the next character on the line
        line, char = mapper.line_char(d.span.start)
        end_line, _ = mapper.line_char(d.span.start + 1)
        if d.span.start < len(mapper.text) and end_line == line and mapper.text[d.span.start] != "\n":
            rng = T.Range(start=rng.start, end=T.Position(line=line, character=char + mapper._units(mapper.text[d.span.start])))
    return T.Diagnostic(range=rng, message=d.message, severity=_SEVERITY[d.severity], code=d.code, source="goo",
                        tags=tags, related_information=related)


def text_edit(mapper: PositionMapper, span: Span, new_text: str) -> T.TextEdit:
    return T.TextEdit(range=mapper.range(span), new_text=new_text)


def minimal_edit(old: str, new: str) -> tuple[Span, str] | None:
    """One edit turning old into new, trimmed to the changed middle (None if equal)."""
    if old == new:
        return None
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return Span(start, end_old), new[start:end_new]
