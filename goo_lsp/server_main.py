"""Entry point of the `goo-lsp` console script (the server itself lives in server.py)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from .server import run
    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
