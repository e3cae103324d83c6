"""Source text model: files, spans and line indexes.

Invariants:
- A `Span` is a half-open range `[start, end)` of *character* offsets (Python `str` indices,
  i.e. Unicode code points). Nothing inside the compiler knows about UTF-16 or bytes; the
  language server converts at the protocol boundary only.
- Lines end at `\\n`; `\\r\\n` counts as one line end (the `\\r` is the last character of the
  line's text); a lone `\\r` is ordinary whitespace (spec §3.1).
- `LineIndex` is built once per text and answers offset <-> (line, column) in O(log n).
  Lines and columns are 0-based here; `goo check` adds 1 when printing.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open range of character offsets."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"span start {self.start} after end {self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, offset: int) -> bool:
        """True when `offset` lies inside the span or touches its end (cursor semantics)."""
        return self.start <= offset <= self.end

    def covers(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def shifted(self, delta: int) -> "Span":
        return Span(self.start + delta, self.end + delta)

    def cover(self, other: "Span") -> "Span":
        return Span(min(self.start, other.start), max(self.end, other.end))

    @staticmethod
    def point(offset: int) -> "Span":
        return Span(offset, offset)


@dataclass(frozen=True, slots=True)
class Position:
    """0-based line and character column."""

    line: int
    column: int


class LineIndex:
    """Offset <-> (line, column) conversion for one text."""

    __slots__ = ("_starts", "_length")

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._starts = starts
        self._length = len(text)

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_start(self, line: int) -> int:
        if line < 0:
            return 0
        if line >= len(self._starts):
            return self._length
        return self._starts[line]

    def line_end(self, line: int, text: str) -> int:
        """Offset of the end of `line`'s content (before `\\n`)."""
        if line + 1 < len(self._starts):
            return self._starts[line + 1] - 1
        return len(text)

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, self._length))
        line = bisect.bisect_right(self._starts, offset) - 1
        return Position(line, offset - self._starts[line])

    def offset(self, line: int, column: int) -> int:
        """Offset of (line, column), clamped to the text (columns past the line end clamp there)."""
        if line < 0:
            return 0
        if line >= len(self._starts):
            return self._length
        start = self._starts[line]
        limit = self._starts[line + 1] - 1 if line + 1 < len(self._starts) else self._length
        return min(start + max(column, 0), limit)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A named source text. `path` is as given by the user (CLI) or derived from a URI."""

    path: str
    text: str
    line_index: LineIndex = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "line_index", LineIndex(self.text))

    def position(self, offset: int) -> Position:
        return self.line_index.position(offset)

    def offset(self, line: int, column: int) -> int:
        return self.line_index.offset(line, column)

    def line_text(self, line: int) -> str:
        start = self.line_index.line_start(line)
        end = self.line_index.line_end(line, self.text)
        return self.text[start:end].rstrip("\r")

    def slice(self, span: Span) -> str:
        return self.text[span.start:span.end]
