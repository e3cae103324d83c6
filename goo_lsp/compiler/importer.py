"""Import resolution: standard packages from the bundled stubs (goo_lsp/compiler/std/*.goo).

Invariants: a standard package is parsed and checked once per process (its header view only;
stubs have no bodies) and then shared read-only by every analysis; access is serialised by a
lock because the language server analyses on worker threads. Unknown paths return None and
the caller reports `import-not-found`.
"""

from __future__ import annotations

import threading

from .chunks import ParsedFile, parse_file
from .objects import Package
from .stdlib_index import STD_PACKAGES


class Importer:
    def __init__(self) -> None:
        self._std: dict[str, Package | None] = {}
        self._stubs: dict[str, ParsedFile] = {}   # stub file path -> its parse (for locations)
        self._envs: dict[str, object] = {}        # import path -> PackageEnv
        self._bodies: dict[str, object] = {}      # import path -> FileCheck with function bodies
        self._lock = threading.RLock()

    def stub_file(self, path: str) -> ParsedFile | None:
        """The parse of a std stub file, for mapping object locations to offsets."""
        return self._stubs.get(path)

    def import_package(self, path: str, from_file: str) -> Package | None:
        if ".." in path.split("/"):
            return None
        entry = STD_PACKAGES.get(path)
        if entry is None:
            return None
        if entry.status == "internal" and self.path_of_file(from_file) is None:
            return None  # internal packages serve the standard packages only
        return self.std(path)

    def std(self, path: str) -> Package | None:
        with self._lock:
            if path in self._std:
                return self._std[path]
            self._std[path] = None  # guards against import cycles between stubs
            entry = STD_PACKAGES[path]
            stub = entry.stub_path
            text = stub.read_text(encoding="utf-8")
            from .check import build_env
            parsed = parse_file(text)
            self._stubs[str(stub)] = parsed
            env = build_env(str(stub), parsed, self, is_stub=True)
            self._envs[path] = env
            pkg = Package(path, env.pkg_name or entry.name, env.scope)
            self._std[path] = pkg
            return pkg


    def std_bodies(self, path: str):
        """The FileCheck (with function-body tables) of a standard package, for the compiler
        back end; checked once, on first use."""
        with self._lock:
            found = self._bodies.get(path)
            if found is not None:
                return found
            self.std(path)
            env = self._envs.get(path)
            if env is None:
                return None
            from .check import check_bodies
            parsed = self._stubs[str(STD_PACKAGES[path].stub_path)]
            found = check_bodies(env, parsed)
            self._bodies[path] = found
            return found

    def path_of_file(self, file: str) -> str | None:
        for path, entry in STD_PACKAGES.items():
            if str(entry.stub_path) == file:
                return path
        return None


_DEFAULT: Importer | None = None


def default_importer() -> Importer:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Importer()
    return _DEFAULT
