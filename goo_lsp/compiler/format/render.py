"""Formatter mixin: rendering the lines into text, aligning the cells of each section.

A section is a run of consecutive lines with the same indentation; it ends at a blank line, a
line that is not aligned (`noalign`: it holds a multi-line token), after a closer, and where
layout started a new one (`sect`). Each section's cells go through the tabwriter port.

Invariant: the output has no trailing blanks (except inside raw strings), no blank lines at the
end, and ends with exactly one newline (an empty file stays empty).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .layout import Line
from .tabwriter import tabwrite

if TYPE_CHECKING:  # pragma: no cover
    from .formatter import Formatter


class RenderMixin:
    def render(self: "Formatter", lines: list[Line]) -> str:
        out: list[str] = []
        section: list[Line] = []

        def flush() -> None:
            if not section:
                return
            if all(len(ln.cells) == 1 for ln in section):
                rows = [ln.cells[0] for ln in section]
            else:
                rows = tabwrite([ln.cells for ln in section])
            for ln, row in zip(section, rows):
                out.append(_finish(ln, row))
            section.clear()

        prev: Line | None = None
        for ln in lines:
            if ln.noalign:
                flush()
                out.append(_finish(ln, ln.cells[0] + "".join(" " + c for c in ln.cells[1:] if c)))
                prev = ln
                continue
            if prev is None or prev.noalign or ln.sect or ln.indent != prev.indent or prev.closer or (
                    len(ln.cells) == 1 and ln.cells[0] == ""):
                flush()
            section.append(ln)
            prev = ln
        flush()
        while out and out[-1] == "":
            out.pop()
        return "\n".join(out) + "\n" if out else ""


def _finish(line: Line, row: str) -> str:
    if line.verbatim:
        return row if line.keep_ws else row.rstrip()
    body = row if line.keep_ws else row.rstrip()
    if not body:
        return ""
    return "\t" * line.indent + body
