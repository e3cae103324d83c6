"""End-to-end LSP tests run the real `goo-lsp --stdio` server under pytest-lsp."""

from __future__ import annotations

import sys
from pathlib import Path

WS = Path(__file__).resolve().parent / "ws"


def server_command() -> list[str]:
    script = Path(sys.executable).parent / "goo-lsp"
    if script.exists():
        return [str(script), "--stdio"]
    return [sys.executable, "-m", "goo_lsp.server_main", "--stdio"]
