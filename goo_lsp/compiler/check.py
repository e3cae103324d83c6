"""Type checker façade: `check_file` checks one parsed file as a package and returns its
semantic side tables, reusing the previous result per declaration.

Reuse (spec'd by issue "per-declaration reuse"): the package env (all headers) is rebuilt only
when some declaration's header key changes; otherwise it is shared, and each function body is
re-checked only if its chunk was re-parsed. A re-parsed function whose header text is unchanged
gets fresh header tables (its node ids changed) without touching the env's objects.

Invariants:
- `FileCheck.diagnostics()` gives the same result as a cold check of the same text.
- Within a declaration that has syntax errors, semantic diagnostics are suppressed (the syntax
  errors explain them); the tables are still filled for editor queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import syntax as S
from .check_base import CheckerBase, Info, Unit
from .check_call import CallMixin
from .check_decl import LocalDeclMixin, PackageEnv
from .check_expr import ExprMixin
from .check_goo import GooMixin
from .check_stmt import StmtMixin
from .check_types import TypeMixin
from .chunks import Chunk, ParsedFile
from .diagnostics import CODES, Diagnostic, Note, Severity
from .objects import Func, Scope, ScopeKind, TypeName
from .importer import Importer, default_importer
from .source import SourceFile
from .types import INVALID, Named, Pointer, Signature, Type

SYNTAX_CODES = frozenset(code for code, info in CODES.items() if info.group == "syntax")


class Checker(TypeMixin, ExprMixin, CallMixin, StmtMixin, GooMixin, LocalDeclMixin, CheckerBase):
    def __init__(self, env: PackageEnv, unit: Unit, info: Info, scope: Scope) -> None:
        super().__init__(env, unit, info, scope)
        self._label_stack: list[tuple[str, str | None]] = []
        self._pending_label: dict[int, str] = {}
        self._fallthrough_ok = False
        self._in_final_case = False
        self._in_type_switch = 0
        self._comptime_scopes: set = set()
        self.lhs_context = False


def make_checker(env: PackageEnv, unit: Unit, info: Info, scope: Scope) -> Checker:
    return Checker(env, unit, info, scope)


def build_env(path: str, parsed: ParsedFile, importer: Importer, *, is_stub: bool = False) -> PackageEnv:
    return PackageEnv(path, parsed.chunks, importer, is_stub=is_stub, make_checker=make_checker)


@dataclass(slots=True)
class FileCheck:
    """Semantic result for one file (a single-file package)."""

    path: str
    parsed: ParsedFile
    env: PackageEnv
    header_tables: list[Info]           # per chunk: tables for queries (may be refreshed copies)
    body_infos: list[Info | None]       # per chunk: function body tables
    file_diags: list[tuple[int, Diagnostic]] = field(default_factory=list)   # (chunk, relative)
    rechecked_bodies: int = 0

    def decl_chunk_ids(self) -> dict[int, int]:
        """Every declaration id an object may carry -> chunk index (env ids and current ids)."""
        out = {c.decl.id: i for i, c in enumerate(self.parsed.chunks)}
        for i, did in enumerate(self.env.chunk_decl_ids):
            out.setdefault(did, i)
        return out

    def chunk_diagnostics(self, i: int) -> list[Diagnostic]:
        """Semantic diagnostics of chunk i (relative spans), without the cascades of its syntax
        errors: nothing inside a statement that has a syntax error, and no `undefined` /
        `declared and not used` for a name that occurs in such a statement."""
        chunk = self.parsed.chunks[i]
        out = list(self.env.header_infos[i].diagnostics)
        body = self.body_infos[i]
        if body is not None:
            out.extend(body.diagnostics)
        out.extend(d for k, d in self.file_diags if k == i)
        regions = chunk.error_regions
        if not regions:
            return out
        words = _region_words(chunk.text, regions)
        kept = []
        for d in out:
            if any(r.start <= d.span.start <= r.end or d.span.overlaps(r) for r in regions):
                continue
            if d.code in ("undefined-name", "unused-variable", "unused-import") and _subject(d.message) in words:
                continue
            kept.append(d)
        return kept

    def infos(self, i: int) -> list[Info]:
        out = [self.header_tables[i]]
        if self.body_infos[i] is not None:
            out.append(self.body_infos[i])  # type: ignore[arg-type]
        return out


def check_file(path: str, parsed: ParsedFile, previous: FileCheck | None = None,
               importer: Importer | None = None) -> FileCheck:
    importer = importer or default_importer()
    keys = None
    env: PackageEnv | None = None
    if previous is not None and _comptime_depends_on_change(parsed, previous):
        previous = None   # comptime values depend on function bodies: check cold
    if previous is not None and previous.path == path:
        from .check_decl import header_key
        keys = tuple(header_key(c) for c in parsed.chunks)
        if keys == previous.env.key:
            env = previous.env
    if env is None:
        env = build_env(path, parsed, importer)
    chunks = parsed.chunks
    header_tables: list[Info] = []
    body_infos: list[Info | None] = []
    funcs = {i: fn for i, fn in env.funcs}
    rechecked = 0
    for i, chunk in enumerate(chunks):
        same_decl = chunk.decl.id == env.chunk_decl_ids[i]
        header_tables.append(env.header_infos[i] if same_decl else _refresh_header(env, i, chunk, funcs.get(i)))
        decl = chunk.decl
        if not isinstance(decl, S.FuncDecl) or decl.body is None or i not in funcs:
            body_infos.append(None)
            continue
        if (previous is not None and previous.env is env and i < len(previous.body_infos)
                and previous.parsed.chunks[i].decl is decl and previous.body_infos[i] is not None):
            body_infos.append(previous.body_infos[i])
            continue
        body_infos.append(_check_body(env, i, chunk, funcs[i]))
        rechecked += 1
    result = FileCheck(path, parsed, env, header_tables, body_infos, [], rechecked)
    result.file_diags = _file_level(result)
    return result


def _comptime_depends_on_change(parsed: ParsedFile, previous: FileCheck) -> bool:
    """A comptime constant (package-level or local) is computed by running function bodies, so
    its value may change when any declaration changes, even where header keys do not."""
    if not any("comptime" in c.text for c in parsed.chunks):
        return False
    old = previous.parsed.chunks
    return len(old) != len(parsed.chunks) or any(a.decl is not b.decl for a, b in zip(old, parsed.chunks))


def check_bodies(env: PackageEnv, parsed: ParsedFile) -> FileCheck:
    """Check every function body of `parsed` against an existing env (std packages: their
    headers were checked at import; the back end needs their bodies too)."""
    funcs = {i: fn for i, fn in env.funcs}
    bodies: list[Info | None] = []
    for i, chunk in enumerate(parsed.chunks):
        decl = chunk.decl
        if isinstance(decl, S.FuncDecl) and decl.body is not None and i in funcs:
            bodies.append(_check_body(env, i, chunk, funcs[i]))
        else:
            bodies.append(None)
    return FileCheck(env.path, parsed, env, list(env.header_infos), bodies, [], len(funcs))


def _receiver_type(fn: Func) -> Type:
    if fn.recv_named is None:
        return INVALID
    return Pointer(fn.recv_named) if fn.pointer_recv else fn.recv_named


def _check_body(env: PackageEnv, i: int, chunk, fn: Func) -> Info:
    decl = chunk.decl
    info = Info()
    ck = make_checker(env, Unit(env.path, decl, chunk.text), info, env.file_scope)
    sig = fn.type if isinstance(fn.type, Signature) else Signature((), ())
    try:
        ck.check_func_body(decl.type, sig, decl.body, name=decl.name.name, node=decl, recv=decl.recv,
                           recv_type=_receiver_type(fn), tparam_names=_tparam_idents(decl))
    except RecursionError:
        info.diagnostics.append(Diagnostic(Severity.ERROR, decl.name.span, "invalid-operation",
                                           f"function {decl.name.name} is nested too deeply to check"))
    return info


def _tparam_idents(decl: S.FuncDecl) -> tuple[S.Ident, ...]:
    return tuple(name for tp in decl.type.type_params for name in tp.names)


def _refresh_header(env: PackageEnv, i: int, chunk, fn: Func | None) -> Info:
    """Tables for a re-parsed chunk whose header is unchanged: resolve its signature again
    against the env's objects (nothing new is declared; diagnostics are the env's)."""
    info = Info()
    decl = chunk.decl
    if not isinstance(decl, S.FuncDecl) or fn is None:
        return info
    ck = make_checker(env, Unit(env.path, decl, chunk.text), info, env.file_scope)
    ck.record_def(decl.name, fn)
    scope = Scope(env.file_scope, ScopeKind.FUNC, decl.span, decl.id)
    sig = fn.type if isinstance(fn.type, Signature) else None
    if sig is not None:
        for ident, tp in zip(_tparam_idents(decl), sig.type_params):
            tn = tp.obj if isinstance(tp.obj, TypeName) else TypeName(tp.name, tp, ck.unit.loc(ident.span), env.pkg_name)
            scope.names[ident.name] = tn
            ck.record_def(ident, tn)
    ck.scope = scope
    if decl.recv is not None:
        ck.type_expr(decl.recv.type)
    for f in decl.type.params:
        ck.type_expr(f.type)
    for f in decl.type.results:
        ck.type_expr(f.type, allow_union=True)
    info.diagnostics.clear()
    return info


def _region_words(text: str, regions: tuple) -> set[str]:
    import re
    words: set[str] = set()
    for r in regions:
        words.update(re.findall(r"[^\W\d]\w*", text[r.start:r.end]))
    return words


def _subject(message: str) -> str:
    """The name a message is about: `undefined: x`, `declared and not used: x`, `"os" imported ...`."""
    if message.startswith('"'):
        return message.split('"')[1].rsplit("/", 1)[-1]
    tail = message.rsplit(": ", 1)[-1]
    return tail.split(" ", 1)[0]


def _file_level(fc: FileCheck) -> list[tuple[int, Diagnostic]]:
    env = fc.env
    out: list[tuple[int, Diagnostic]] = []
    if env.is_stub:
        return out
    used: set[str] = set()
    for info in fc.header_tables:
        used |= info.used_pkgs
    for info in env.header_infos:
        used |= info.used_pkgs
    for info in fc.body_infos:
        if info is not None:
            used |= info.used_pkgs
    error_words: set[str] = set()
    for chunk in fc.parsed.chunks:
        if chunk.error_regions:
            error_words |= _region_words(chunk.text, chunk.error_regions)
    for i, obj, spec in env.imports:
        if obj.name == ".":
            continue  # dot imports are already reported as unsupported
        if obj.name not in used and obj.name not in error_words:
            alias = f" as {obj.name}" if spec.name is not None and obj.name != obj.path.rsplit("/", 1)[-1] else ""
            out.append((i, Diagnostic(Severity.WARNING, spec.span, "unused-import", f"\"{obj.path}\" imported{alias} and not used")))
    if env.pkg_name == "main" and env.main_func is None and not fc.path.endswith(("_test.goo", "_test.go")):
        for i, chunk in enumerate(fc.parsed.chunks):
            if isinstance(chunk.decl, S.PackageClause):
                out.append((i, Diagnostic(Severity.ERROR, chunk.decl.name.span, "missing-main",
                                          "function main is undeclared in the main package")))
                break
    return out


__all__ = ["Checker", "FileCheck", "check_file", "build_env", "make_checker", "Named"]


# ---- diagnostics of a whole file ---------------------------------------------------------------
def absolute_diagnostics(source: SourceFile, parsed: ParsedFile, checked: FileCheck) -> tuple[Diagnostic, ...]:
    """Every diagnostic of the file (syntax and semantic), with absolute spans, sorted, deduplicated."""
    out: list[Diagnostic] = []
    bases = {did: parsed.chunks[i].start for did, i in checked.decl_chunk_ids().items()}
    for i, chunk in enumerate(parsed.chunks):
        for d in chunk.diagnostics:
            out.append(_absolute(source, chunk, d))
        for d in checked.chunk_diagnostics(i):
            out.append(_absolute(source, chunk, d, bases))
    out.sort(key=lambda d: (d.span.start, d.span.end, d.code, d.message))
    return tuple(_dedupe(out))


def _absolute(source: SourceFile, chunk: Chunk, d: Diagnostic, bases: dict[int, int] | None = None) -> Diagnostic:
    shifted = d.shifted(chunk.start)
    if bases is not None and any(n.decl_id for n in shifted.notes):
        notes = tuple(Note(n.span.shifted(bases[n.decl_id]), n.message) if n.decl_id in bases else n
                      for n in shifted.notes if not n.decl_id or n.decl_id in bases)
        shifted = Diagnostic(shifted.severity, shifted.span, shifted.code, shifted.message, notes, shifted.fixes)
    if "{at}" in shifted.message and shifted.notes:
        pos = source.position(shifted.notes[0].span.start)
        shifted = Diagnostic(shifted.severity, shifted.span, shifted.code,
                             shifted.message.replace("{at}", f"{pos.line + 1}:{pos.column + 1}"),
                             shifted.notes, shifted.fixes)
    return shifted


def _dedupe(diags: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple] = set()
    out = []
    for d in diags:
        key = (d.span.start, d.span.end, d.code, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


