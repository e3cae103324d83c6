"""The editor-neutral façade: `analyze(source, previous) -> Analysis` for one document version.

An `Analysis` is immutable and holds everything the CLI and the language server ask about one
version of a file: diagnostics (absolute, sorted), the syntax tree per declaration, and the
semantic tables. It reuses the previous version's work per top-level declaration (parse and
check), so an edit inside one function costs about one function.

Invariants: no LSP types and no I/O here; offsets are character offsets; the result for a text
never depends on which previous analysis (if any) was passed in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .compiler.check import FileCheck, absolute_diagnostics, check_file
from .compiler.chunks import Chunk, ParsedFile, parse_file
from .compiler.diagnostics import Diagnostic, Note
from .compiler.source import SourceFile, Span


@dataclass(frozen=True, slots=True)
class Analysis:
    source: SourceFile
    parsed: ParsedFile
    check: FileCheck
    diagnostics: tuple[Diagnostic, ...]
    version: int | None = None
    stats: dict = field(default_factory=dict, compare=False)

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def has_errors(self) -> bool:
        from .compiler.diagnostics import Severity
        return any(d.severity is Severity.ERROR for d in self.diagnostics)

    def chunk_base(self, decl_id: int) -> int | None:
        """Absolute offset of the chunk holding declaration `decl_id` (env or current id)."""
        index = self._decl_chunks().get(decl_id)
        if index is None:
            return None
        return self.parsed.chunks[index].start

    def _decl_chunks(self) -> dict[int, int]:
        cached = self.stats.get("_decl_chunks")
        if cached is None:
            cached = self.check.decl_chunk_ids()
            self.stats["_decl_chunks"] = cached
        return cached


def analyze(source: SourceFile, previous: Analysis | None = None, version: int | None = None) -> Analysis:
    prev_parsed = previous.parsed if previous is not None and previous.path == source.path else None
    parsed = parse_file(source.text, prev_parsed)
    prev_check = previous.check if previous is not None and previous.path == source.path else None
    checked = check_file(source.path, parsed, prev_check)
    diagnostics = absolute_diagnostics(source, parsed, checked)
    stats = {"reparsed_chunks": parsed.reparsed, "rechecked_bodies": checked.rechecked_bodies,
             "env_reused": prev_check is not None and prev_check.env is checked.env}
    return Analysis(source, parsed, checked, diagnostics, version, stats)


__all__ = ["Analysis", "analyze", "absolute_diagnostics", "Span", "Note"]
