"""The entry point of `goo fmt`: `format_source(text) -> FormatResult`.

Invariants:
- `format_source` never raises: a file with any syntax-group diagnostic, a file nested too
  deeply and an internal error all give a `FormatResult` with `text` None and the reason.
- The output is returned only if it is the input, or parses without syntax errors to a tree
  equal to the input's (`same_tree`: modulo node ids and positions). Otherwise the file is
  formatted again in safe mode (no token rewrites, statement splits or one-line type
  expansions); if that still changes the tree, the file is refused, never silently changed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields as _dc_fields

from .. import syntax as S
from ..chunks import ParsedFile, parse_file
from ..diagnostics import CODES
from ..source import LineIndex, Span
from .formatter import Formatter


@dataclass(frozen=True)
class FormatResult:
    text: str | None            # formatted text, or None when the file was refused
    error: str | None           # why it was refused


def format_source(text: str) -> FormatResult:
    """Format a whole Goo file. Never raises."""
    try:
        return _format(text)
    except RecursionError:
        return FormatResult(None, "file is nested too deeply to format")
    except Exception as exc:  # noqa: BLE001 - user input must never make the formatter raise
        return FormatResult(None, f"internal formatter error ({type(exc).__name__}: {exc})")


def _format(text: str) -> FormatResult:
    parsed = parse_file(text)
    error = _syntax_error(parsed)
    if error is not None:
        return FormatResult(None, error)
    for safe in (False, True):
        out = Formatter(text, parsed, safe).run()
        if out == text:
            return FormatResult(out, None)
        check = parse_file(out)
        if _syntax_error(check) is None and _same_chunks(parsed, check):
            return FormatResult(out, None)
    return FormatResult(None, "internal formatter error: the formatted text would not parse to the same syntax tree")


def _syntax_error(parsed: ParsedFile) -> str | None:
    first = None
    count = 0
    for chunk in parsed.chunks:
        for diag in chunk.diagnostics:
            info = CODES.get(diag.code)
            if info is not None and info.group != "syntax":
                continue
            count += 1
            pos = chunk.start + diag.span.start
            if first is None or pos < first[0]:
                first = (pos, diag)
    if first is None:
        return None
    where = LineIndex(parsed.text).position(first[0])
    more = f" (and {count - 1} more)" if count > 1 else ""
    return f"file has syntax errors: {where.line + 1}:{where.column + 1}: {first[1].message}{more}"


# ---------------------------------------------------------------------------------- tree equality
_IGNORED_FIELDS = frozenset({"id", "span", "lparen", "rparen", "colon", "lbrace", "catch_span", "op_span"})
_COMPARED: dict[type, tuple[str, ...]] = {}


def _compared_fields(cls: type) -> tuple[str, ...]:
    names = _COMPARED.get(cls)
    if names is None:
        names = tuple(f.name for f in _dc_fields(cls) if f.name not in _IGNORED_FIELDS and not f.name.endswith("span"))
        _COMPARED[cls] = names
    return names


def same_tree(a: object, b: object) -> bool:
    """Structural equality of two syntax trees, ignoring node ids and positions (iterative)."""
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        if x is y:
            continue
        if type(x) is not type(y):
            return False
        if isinstance(x, S.Node):
            for name in _compared_fields(type(x)):
                stack.append((getattr(x, name), getattr(y, name)))
        elif isinstance(x, tuple):
            if len(x) != len(y):
                return False
            stack.extend(zip(x, y))
        elif isinstance(x, Span):
            continue
        elif x != y:
            return False
    return True


def _same_chunks(a: ParsedFile, b: ParsedFile) -> bool:
    da = [c.decl for c in a.chunks if not (isinstance(c.decl, S.BadDecl) and not c.text.strip())]
    db = [c.decl for c in b.chunks if not (isinstance(c.decl, S.BadDecl) and not c.text.strip())]
    return len(da) == len(db) and all(same_tree(x, y) for x, y in zip(da, db))
