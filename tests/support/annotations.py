"""Annotated Goo test programs: parsing the annotations and comparing them with diagnostics.

Annotation forms (at the end of a source line, inside a `//` comment; several may follow each
other on one line):
    // ERROR "substring"              an error on this line whose message contains substring
    // ERROR code "substring"         ... and whose code is `code`
    // WARNING "substring"            the same for warnings (WARNING code "substring" too)
The substring may be written as a Go regexp-free literal; `\\"` stands for a quote.
A file with no ERROR/WARNING annotation must produce no errors and no warnings.

`// expect: TEXT` lines (program output) and `// want` / `// not` hint annotations are read
by other helpers; this one ignores them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from goo_lsp.analysis import Analysis, analyze
from goo_lsp.cli import read_source

_ANNOT = re.compile(r'\b(ERROR|WARNING)(?:\s+([a-z][a-z-]*[a-z]))?\s+"((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True)
class Expected:
    line: int            # 1-based
    severity: str        # "error" | "warning"
    code: str | None
    substring: str


def expected_diagnostics(text: str) -> list[Expected]:
    out: list[Expected] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        idx = _comment_start(line)
        if idx < 0:
            continue
        comment = line[idx:]
        for m in _ANNOT.finditer(comment):
            sub = m.group(3).replace('\\"', '"').replace("\\\\", "\\")
            out.append(Expected(lineno, m.group(1).lower(), m.group(2), sub))
    return out


def _comment_start(line: str) -> int:
    """Index of a `//` that starts a comment (not inside a string or rune literal)."""
    quote = None
    i = 0
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\" and quote != "`":
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in "\"'`":
            quote = ch
        elif line.startswith("//", i):
            return i
        i += 1
    return -1


def check_annotations(path: Path) -> tuple[Analysis, list[str]]:
    """Analyze `path` and return (analysis, problems). No problems means the diagnostics match
    the annotations exactly: every annotation matched once, no unexpected error or warning."""
    source = read_source(str(path))
    result = analyze(source)
    actual = [(source.position(d.span.start).line + 1, d) for d in result.diagnostics
              if d.severity.value in ("error", "warning")]
    remaining = list(actual)
    problems: list[str] = []
    for exp in expected_diagnostics(source.text):
        hit = next((a for a in remaining if a[0] == exp.line and a[1].severity.value == exp.severity
                    and exp.substring in a[1].message and (exp.code is None or exp.code == a[1].code)), None)
        if hit is None:
            near = [f"{ln}: {d.severity.value}: {d.message} [{d.code}]" for ln, d in actual if ln == exp.line]
            problems.append(f"line {exp.line}: missing {exp.severity} {exp.code or ''} containing {exp.substring!r}"
                            + (f"; on that line: {near}" if near else ""))
        else:
            remaining.remove(hit)
    for ln, d in remaining:
        problems.append(f"line {ln}: unexpected {d.severity.value}: {d.message} [{d.code}]")
    return result, problems
