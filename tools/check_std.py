"""Check the Goo sources of standard packages, bodies included: `python tools/check_std.py [PKG...]`.

Prints `file:line:col: severity: message [code]` for every diagnostic (parse, declarations and
function bodies) and exits 1 if any is an error. Without arguments, checks every package.
"""

from __future__ import annotations

import sys

from goo_lsp.compiler.diagnostics import Severity
from goo_lsp.compiler.importer import Importer
from goo_lsp.compiler.source import LineIndex
from goo_lsp.compiler.stdlib_index import STD_PACKAGES


def main(argv: list[str]) -> int:
    paths = argv or list(STD_PACKAGES)
    importer = Importer()
    errors = 0
    for path in paths:
        fc = importer.std_bodies(path)
        if fc is None:
            print(f"{path}: not found")
            errors += 1
            continue
        index = LineIndex(fc.parsed.text)
        for i, chunk in enumerate(fc.parsed.chunks):
            for d in list(chunk.diagnostics) + fc.chunk_diagnostics(i):
                if d.code == "missing-function-body":
                    continue
                pos = index.position(chunk.start + d.span.start)
                line, col = pos.line, pos.column
                sev = d.severity.name.lower()
                print(f"{fc.path}:{line + 1}:{col + 1}: {sev}: {d.message} [{d.code}]")
                errors += d.severity == Severity.ERROR
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
