"""The one rule about imports (ARCHITECTURE.md): arrows point one way.

- goo_lsp.compiler imports only the standard library, lark and llvmlite — never pygls,
  lsprotocol, or the layers above it (hints, profiling, analysis, server, cli);
- goo_lsp.hints never imports llvmlite, codegen or the server;
- only server.py and convert.py import pygls/lsprotocol.
Checked statically (every import statement of every module) and dynamically (importing the
compiler in a fresh interpreter loads no forbidden module).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "goo_lsp"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    package = ".".join(path.relative_to(PKG.parent).with_suffix("").parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _violations(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    out = []
    for path in sorted((PKG / folder).rglob("*.py")) if folder else sorted(PKG.glob("*.py")):
        for name in _imports(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                out.append(f"{path.relative_to(PKG.parent)} imports {name}")
    return out


def test_compiler_imports_no_upper_layer() -> None:
    forbidden = ("pygls", "lsprotocol", "goo_lsp.hints", "goo_lsp.profiling", "goo_lsp.server",
                 "goo_lsp.convert", "goo_lsp.analysis", "goo_lsp.cli", "goo_lsp.settings")
    assert _violations("compiler", forbidden) == []


def test_hints_import_no_codegen_or_server() -> None:
    forbidden = ("llvmlite", "goo_lsp.compiler.codegen", "goo_lsp.compiler.jit", "goo_lsp.server",
                 "goo_lsp.convert", "pygls", "lsprotocol", "goo_lsp.profiling")
    assert _violations("hints", forbidden) == []


def test_only_server_and_convert_import_pygls() -> None:
    allowed = {"server.py", "convert.py"}
    offenders = []
    for path in sorted(PKG.rglob("*.py")):
        if path.name in allowed and path.parent == PKG:
            continue
        for name in _imports(path):
            if name.split(".")[0] in ("pygls", "lsprotocol"):
                offenders.append(f"{path.relative_to(PKG.parent)} imports {name}")
    assert offenders == []


def test_importing_the_compiler_loads_no_forbidden_module() -> None:
    code = (
        "import sys\n"
        "import goo_lsp.compiler.check, goo_lsp.compiler.chunks, goo_lsp.compiler.importer\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')\n"
        "       or m.startswith(('goo_lsp.hints', 'goo_lsp.profiling', 'goo_lsp.server'))]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
