"""Index of the standard packages Goo programs may import (spec §11)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

STD_DIR = Path(__file__).with_name("std")


@dataclass(frozen=True, slots=True)
class StdPackage:
    path: str        # import path, e.g. "sync/atomic"
    name: str        # package name, e.g. "atomic"
    file: str        # stub file name in goo_lsp/compiler/std/, e.g. "atomic.goo"
    status: str      # "core" or "later" (spec §11 status of the package as a whole), or "internal"

    @property
    def stub_path(self) -> Path:
        """Absolute path of the package's stub file."""
        return STD_DIR / self.file


def _pkg(path: str, status: str, file: str | None = None) -> StdPackage:
    name = path.rsplit("/", 1)[-1]
    return StdPackage(path, name, file or f"{name}.goo", status)


STD_PACKAGES: dict[str, StdPackage] = {
    p.path: p
    for p in (
        _pkg("fmt", "core"),              # §11.2
        _pkg("time", "core"),             # §11.3
        _pkg("sync", "core"),             # §11.4
        _pkg("sync/atomic", "later"),     # §11.4
        _pkg("strings", "core"),          # §11.5
        _pkg("strconv", "core"),          # §11.6
        _pkg("math", "core"),             # §11.6
        _pkg("os", "core"),               # §11.6
        _pkg("errors", "core"),           # §11.6
        _pkg("unicode/utf8", "later"),    # §11.6
        _pkg("sort", "later"),            # §11.6
        _pkg("io", "later"),              # §11.6
        _pkg("runtime", "later"),         # §11.6
        _pkg("lanes", "later"),           # §11.7
        _pkg("testing", "later"),         # §11.8 (needed by `goo test` / `goo bench`)
        _pkg("internal/rt", "internal", "rt.goo"),  # the runtime interface of the std packages
    )
}


def is_std_import(path: str) -> bool:
    """Whether `path` names a standard package (spec §2: otherwise it is a project path)."""
    return path in STD_PACKAGES


def stub_source(path: str) -> str:
    """Text of the stub file for the standard package with import path `path`."""
    return STD_PACKAGES[path].stub_path.read_text(encoding="utf-8")
