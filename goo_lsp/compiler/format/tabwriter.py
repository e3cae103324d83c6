"""A port of Go's text/tabwriter column algorithm, as gofmt configures it: minwidth 0,
padding 1, padchar ' ', DiscardEmptyColumns.

Invariant: only cells followed by another cell on their line form columns; a column's cells
are padded to the widest cell of the block of consecutive lines that all have that column.
"""

from __future__ import annotations


def tabwrite(rows: list[list[str]]) -> list[str]:
    """Go's text/tabwriter column algorithm (minwidth 0, padding 1, padchar ' ',
    DiscardEmptyColumns): cells of one column are aligned across a block of consecutive lines
    that all have that column terminated; the last cell of each line is not part of a column."""
    n = len(rows)
    out = [""] * n
    widths: list[int] = []

    def write_lines(l0: int, l1: int) -> None:
        for i in range(l0, l1):
            row = rows[i]
            parts = []
            last = len(row) - 1
            for j, c in enumerate(row):
                parts.append(c)
                if j < len(widths) and j < last:
                    pad = widths[j] - len(c)
                    if pad > 0:
                        parts.append(" " * pad)
            out[i] = "".join(parts)

    def fmt(l0: int, l1: int) -> None:
        column = len(widths)
        this = l0
        while this < l1:
            if column >= len(rows[this]) - 1:
                this += 1
                continue
            write_lines(l0, this)
            l0 = this
            width = 0
            discardable = True
            while this < l1:
                row = rows[this]
                if column >= len(row) - 1:
                    break
                w = len(row[column]) + 1
                if w > width:
                    width = w
                if row[column]:
                    discardable = False
                this += 1
            if discardable:
                width = 0
            widths.append(width)
            fmt(l0, this)
            widths.pop()
            l0 = this
        write_lines(l0, l1)

    fmt(0, n)
    return out
