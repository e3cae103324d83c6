"""Files as sequences of top-level declaration chunks, parsed independently and reused.

A *chunk* is the text from one top-level keyword (`package`, `import`, `const`, `var`, `type`,
`func`, `concept`, `comptime const|func`, `own_* var`) at bracket depth 0 after a semicolon, up to
the next one. Chunk 0 starts at offset 0 (leading comments belong to it). When a chunk's brackets
never balance (an unclosed `{` swallows the rest of the file), it is split again at every such
keyword in column 0, so one unclosed brace does not lose the declarations after it.

Invariants:
- Everything inside a chunk (tokens, comments, diagnostics, syntax nodes) is positioned
  relative to the chunk's start; `Chunk.start` is the absolute offset. Moving a chunk is O(1).
- A chunk's parse depends only on its text, so parses are cached by text and reused across
  versions; two chunks with the same text in one file never share nodes (ids stay unique).
- `parse_file(text, previous)` gives exactly the chunks a cold parse of `text` gives: it rescans
  only the chunks an edit touched when the scanner state at both ends of that region is clean,
  and otherwise rescans the whole file.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from .diagnostics import Diagnostic, DiagnosticSink
from .lexer import Comment, scan
from .parser import chunk_parser
from .source import Span
from .syntax import Decl
from .tokens import CLOSER_TEXT, OPENERS, Token

_DECL_KEYWORDS = frozenset({"PACKAGE", "IMPORT", "CONST", "VAR", "TYPE", "FUNC", "CONCEPT"})
_FORCED_SPLIT = frozenset({"PACKAGE", "IMPORT", "CONST", "VAR", "TYPE", "FUNC", "CONCEPT"})


@dataclass(frozen=True, slots=True)
class Chunk:
    start: int
    text: str
    decl: Decl
    comments: tuple[Comment, ...]
    diagnostics: tuple[Diagnostic, ...]
    balanced: bool
    starts_with_keyword: bool   # first token starts a declaration
    ends_with_semicolon: bool   # last token is `;` (so the next keyword can start a chunk)
    has_tokens: bool = True
    error_regions: tuple[Span, ...] = ()   # statements with lexical/syntax errors (relative)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def moved(self, start: int) -> "Chunk":
        return self if start == self.start else replace(self, start=start)


@dataclass(frozen=True, slots=True)
class ParsedFile:
    text: str
    chunks: tuple[Chunk, ...]
    reparsed: int = 0        # chunks parsed for this version (the rest were reused)

    def chunk_at(self, offset: int) -> int:
        """Index of the chunk containing `offset` (the last chunk for offsets at the end)."""
        starts = [c.start for c in self.chunks]
        return max(0, bisect.bisect_right(starts, offset) - 1)

    @property
    def balanced(self) -> bool:
        return all(c.balanced for c in self.chunks)


@dataclass(slots=True)
class _RawChunk:
    start: int                  # absolute
    end: int
    tokens: list[Token]         # absolute positions until made relative
    balanced: bool


def _is_split_point(tokens: list[Token], i: int) -> bool:
    kind = tokens[i].kind
    if kind in _DECL_KEYWORDS:
        return True
    if kind == "COMPTIME":
        return i + 1 < len(tokens) and tokens[i + 1].kind in ("CONST", "FUNC")
    if kind == "OWN":
        return i + 1 < len(tokens) and tokens[i + 1].kind == "VAR"
    return False


def _split(text: str, tokens: list[Token], region_start: int, region_end: int) -> list[_RawChunk]:
    bounds: list[int] = [0]
    depth = 0
    for i, tok in enumerate(tokens):
        kind = tok.kind
        if kind in OPENERS:
            depth += 1
        elif kind in CLOSER_TEXT:
            depth = max(0, depth - 1)
        elif i > 0 and depth == 0 and tokens[i - 1].kind == "SEMI" and _is_split_point(tokens, i):
            bounds.append(i)
    raw: list[_RawChunk] = []
    for k, first in enumerate(bounds):
        last = bounds[k + 1] if k + 1 < len(bounds) else len(tokens)
        toks = tokens[first:last]
        start = region_start if k == 0 else toks[0].start
        raw.append(_RawChunk(start, 0, toks, _balanced(toks)))
    for k in range(len(raw) - 1):
        raw[k].end = raw[k + 1].start
    if raw:
        raw[-1].end = region_end
    else:
        raw.append(_RawChunk(region_start, region_end, [], True))
    out: list[_RawChunk] = []
    for chunk in raw:
        out.extend(_force_split(text, chunk))
    return out


def _balanced(tokens: list[Token]) -> bool:
    depth = 0
    for tok in tokens:
        if tok.kind in OPENERS:
            depth += 1
        elif tok.kind in CLOSER_TEXT:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _force_split(text: str, chunk: _RawChunk) -> list[_RawChunk]:
    if chunk.balanced:
        return [chunk]
    toks = chunk.tokens
    cuts = [i for i in range(1, len(toks))
            if toks[i].kind in _FORCED_SPLIT and (toks[i].start == 0 or text[toks[i].start - 1] == "\n")]
    if not cuts:
        return [chunk]
    pieces: list[_RawChunk] = []
    edges = [0] + cuts + [len(toks)]
    for k in range(len(edges) - 1):
        part = toks[edges[k]:edges[k + 1]]
        start = chunk.start if k == 0 else part[0].start
        pieces.append(_RawChunk(start, 0, part, False))
    for k in range(len(pieces) - 1):
        pieces[k].end = pieces[k + 1].start
    pieces[-1].end = chunk.end
    return pieces


class _Reuse:
    """Parses by chunk text, reusing earlier parses; never hands out one parse twice per file."""

    def __init__(self, previous: ParsedFile | None) -> None:
        self.by_text: dict[str, list[Chunk]] = {}
        if previous is not None:
            for chunk in previous.chunks:
                self.by_text.setdefault(chunk.text, []).append(chunk)
        self.parsed = 0

    def take(self, text: str) -> Chunk | None:
        bucket = self.by_text.get(text)
        if bucket:
            return bucket.pop(0)
        return None

    def build(self, text: str, raw: _RawChunk, scan_diags: list[Diagnostic], comments: list[Comment]) -> Chunk:
        chunk_text = text[raw.start:raw.end]
        cached = self.take(chunk_text)
        if cached is not None and cached.balanced == raw.balanced:
            return cached.moved(raw.start)
        self.parsed += 1
        base = raw.start
        toks = raw.tokens
        starts_kw = bool(toks) and _is_split_point(toks, 0)
        ends_semi = not toks or toks[-1].kind == "SEMI"
        for tok in raw.tokens:
            tok.start -= base
            tok.end -= base
        lexical = tuple(d.span.start - base for d in scan_diags if d.severity.value == "error")
        parsed = chunk_parser().parse_chunk(raw.tokens, chunk_text, lexical)
        rel_comments = tuple(Comment(c.span.shifted(-base), c.text) for c in comments)
        diags = tuple(d.shifted(-base) for d in scan_diags) + parsed.diagnostics
        return Chunk(base, chunk_text, parsed.decl, rel_comments, diags, raw.balanced, starts_kw, ends_semi,
                     bool(toks), parsed.error_regions)


def _assemble(text: str, region_start: int, region_end: int, reuse: _Reuse) -> tuple[list[Chunk], bool]:
    """Scan and parse `text[region_start:region_end]`. Returns the chunks and whether the
    scanner ended the region cleanly (no literal or comment left open)."""
    sink = DiagnosticSink()
    tokens, comments = scan(text, sink, region_start, region_end)
    clean = not any(d.code == "unterminated-literal" and d.span.end >= region_end for d in sink.items)
    raws = _split(text, tokens, region_start, region_end)
    starts = [r.start for r in raws]
    diag_buckets: list[list[Diagnostic]] = [[] for _ in raws]
    comment_buckets: list[list[Comment]] = [[] for _ in raws]
    for d in sink.items:
        diag_buckets[max(0, bisect.bisect_right(starts, d.span.start) - 1)].append(d)
    for c in comments:
        comment_buckets[max(0, bisect.bisect_right(starts, c.span.start) - 1)].append(c)
    chunks = [reuse.build(text, raw, diag_buckets[k], comment_buckets[k]) for k, raw in enumerate(raws)]
    return chunks, clean


def parse_file(text: str, previous: ParsedFile | None = None) -> ParsedFile:
    if previous is not None and previous.text == text:
        return ParsedFile(text, previous.chunks, 0)
    reuse = _Reuse(previous)
    if previous is not None and previous.balanced and previous.chunks:
        incremental = _parse_incremental(text, previous, reuse)
        if incremental is not None:
            return incremental
        reuse = _Reuse(previous)
    chunks, _ = _assemble(text, 0, len(text), reuse)
    return ParsedFile(text, tuple(chunks), reuse.parsed)


def _common_affixes(old: str, new: str) -> tuple[int, int]:
    limit = min(len(old), len(new))
    lo, hi = 0, limit
    while lo < hi:  # binary search on the common prefix (slice compares run in C)
        mid = (lo + hi + 1) // 2
        if old[:mid] == new[:mid]:
            lo = mid
        else:
            hi = mid - 1
    prefix = lo
    lo, hi = 0, limit - prefix
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[len(old) - mid:] == new[len(new) - mid:]:
            lo = mid
        else:
            hi = mid - 1
    return prefix, lo


def _parse_incremental(text: str, previous: ParsedFile, reuse: _Reuse) -> ParsedFile | None:
    old = previous.text
    prefix, suffix = _common_affixes(old, text)
    delta = len(text) - len(old)
    old_lo, old_hi = prefix, len(old) - suffix
    chunks = previous.chunks
    a = previous.chunk_at(max(old_lo - 1, 0))
    b = previous.chunk_at(old_hi) if old_hi < len(old) else len(chunks) - 1
    b = max(a, b)
    region_start = chunks[a].start
    region_end = chunks[b].end + delta
    if region_end < region_start:
        return None
    new_chunks, clean = _assemble(text, region_start, region_end, reuse)
    if not clean or not all(c.balanced for c in new_chunks):
        return None
    if any(not c.has_tokens for c in new_chunks) and len(chunks) > 1:
        return None   # comment-only text merges into a neighbouring chunk in a cold parse
    if a > 0 and not new_chunks[0].starts_with_keyword:
        return None   # the region would merge into the chunk before it
    if b + 1 < len(chunks) and not new_chunks[-1].ends_with_semicolon:
        return None   # the next chunk's keyword would not start a declaration
    tail = tuple(c.moved(c.start + delta) for c in chunks[b + 1:])
    return ParsedFile(text, chunks[:a] + tuple(new_chunks) + tail, reuse.parsed)
