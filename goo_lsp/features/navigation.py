"""Go to definition / type definition, references, document highlights and rename.

Invariants: results are absolute offsets (`Location`); rename never proposes an edit it cannot
prove safe — it refuses keywords, builtins, std-package objects, invalid identifiers, and new
names that would clash with (or be captured by) another declaration visible at any use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..analysis import Analysis
from ..compiler import syntax as S
from ..compiler.objects import UNIVERSE, Builtin, Func, Label, Obj, PkgName, Scope, TypeName, Var
from ..compiler.source import Span
from ..compiler.tokens import KEYWORDS
from .common import (
    Location,
    absolute,
    infos,
    named_of,
    object_at,
    object_location,
    occurrences,
    type_of,
    locate,
)

_IDENT_RE = re.compile(r"^[^\W\d]\w*$")


def definition(analysis: Analysis, offset: int) -> list[Location]:
    hit = object_at(analysis, offset)
    if hit is None:
        return []
    obj = hit[0]
    where = object_location(analysis, obj)
    return [where] if where is not None else []


def type_definition(analysis: Analysis, offset: int) -> list[Location]:
    hit = object_at(analysis, offset)
    t = None
    if hit is not None:
        obj = hit[0]
        t = obj.type if not isinstance(obj, TypeName) else obj.type
    else:
        loc = locate(analysis, offset)
        if loc is not None:
            for node in reversed(loc.path):
                tv = type_of(analysis, loc.index, node.id)
                if tv is not None:
                    t = tv.type
                    break
    named = named_of(t)
    if named is None:
        return []
    where = object_location(analysis, named.obj)
    return [where] if where is not None else []


@dataclass(frozen=True, slots=True)
class Reference:
    span: Span            # absolute
    is_definition: bool
    is_write: bool


def references(analysis: Analysis, offset: int, include_declaration: bool = True) -> list[Reference]:
    hit = object_at(analysis, offset)
    if hit is None:
        return []
    return references_of(analysis, hit[0], include_declaration)


def references_of(analysis: Analysis, obj: Obj, include_declaration: bool = True) -> list[Reference]:
    writes = _write_idents(analysis)
    out = []
    for i, ident, is_def in occurrences(analysis, obj):
        if is_def and not include_declaration:
            continue
        out.append(Reference(absolute(analysis, i, ident.span), is_def, is_def or ident.id in writes))
    out.sort(key=lambda r: r.span.start)
    return out


def _write_idents(analysis: Analysis) -> set[int]:
    cached = analysis.stats.get("_writes")
    if cached is not None:
        return cached
    out: set[int] = set()
    for chunk in analysis.parsed.chunks:
        for n in S.walk(chunk.decl):
            if isinstance(n, S.AssignStmt):
                out.update(x.id for x in n.lhs if isinstance(x, S.Ident))
            elif isinstance(n, S.IncDecStmt) and isinstance(n.x, S.Ident):
                out.add(n.x.id)
            elif isinstance(n, S.RangeStmt):
                out.update(x.id for x in (n.key, n.value) if isinstance(x, S.Ident))
    analysis.stats["_writes"] = out
    return out


def highlights(analysis: Analysis, offset: int) -> list[Reference]:
    return references(analysis, offset, include_declaration=True)


# ------------------------------------------------------------------------------- rename
@dataclass(frozen=True, slots=True)
class RenameError:
    message: str


def prepare_rename(analysis: Analysis, offset: int) -> Span | RenameError:
    hit = object_at(analysis, offset)
    if hit is None:
        return RenameError("no renameable symbol at this position")
    obj, loc, ident = hit
    refusal = _refuse(analysis, obj)
    if refusal is not None:
        return refusal
    return absolute(analysis, loc.index, ident.span)


def _refuse(analysis: Analysis, obj: Obj) -> RenameError | None:
    if isinstance(obj, Builtin) or obj.loc.file == "<universe>" or UNIVERSE.lookup_local(obj.name) is obj:
        return RenameError(f"{obj.name} is predeclared and cannot be renamed")
    if obj.loc.file != analysis.path:
        return RenameError(f"{obj.name} is declared in package {obj.pkg or 'std'}, outside this workspace")
    if obj.name == "main" and isinstance(obj, Func) and obj.recv_named is None:
        return RenameError("func main cannot be renamed: it is the program's entry point")
    if obj.name == "init" and isinstance(obj, Func):
        return RenameError("func init cannot be renamed")
    return None


def rename(analysis: Analysis, offset: int, new_name: str) -> list[tuple[Span, str]] | RenameError:
    hit = object_at(analysis, offset)
    if hit is None:
        return RenameError("no renameable symbol at this position")
    obj = hit[0]
    refusal = _refuse(analysis, obj)
    if refusal is not None:
        return refusal
    if new_name in KEYWORDS:
        return RenameError(f"{new_name} is a keyword")
    if not _IDENT_RE.match(new_name):
        return RenameError(f"{new_name!r} is not a valid identifier")
    if new_name == obj.name:
        return []
    clash = _clash(analysis, obj, new_name)
    if clash is not None:
        return clash
    edits = [(ref.span, new_name) for ref in references_of(analysis, obj, True)]
    return edits


def _clash(analysis: Analysis, obj: Obj, new_name: str) -> RenameError | None:
    """Would `new_name` collide with a declaration in the object's scope, or capture / be
    captured at any of its uses?"""
    decl_scope = _declaring_scope(analysis, obj)
    if decl_scope is not None:
        existing = decl_scope.lookup_local(new_name)
        if existing is not None and existing is not obj:
            return RenameError(f"renaming {obj.name} to {new_name} conflicts with {new_name} declared in the same scope")
    # at every use, the new name must resolve to obj, i.e. no scope between use and declaration has it
    for i, ident, is_def in occurrences(analysis, obj):
        scope = _scope_at(analysis, i, ident.span.start)
        s = scope
        while s is not None and s is not decl_scope:
            if new_name in s.names and s.names[new_name] is not obj:
                return RenameError(f"renaming {obj.name} to {new_name} would make a use refer to another {new_name}")
            s = s.parent
    # uses of an outer `new_name` inside the object's scope would be captured
    if decl_scope is not None:
        outer = decl_scope.parent.lookup(new_name) if decl_scope.parent is not None else None
        if outer is not None:
            for i, chunk in enumerate(analysis.parsed.chunks):
                for info in infos(analysis, i):
                    for node_id, used in info.uses.items():
                        if used is outer and _inside(analysis, i, node_id, decl_scope):
                            return RenameError(f"renaming {obj.name} to {new_name} would hide {new_name} used in its scope")
    return None


def _declaring_scope(analysis: Analysis, obj: Obj) -> Scope | None:
    env = analysis.check.env
    if env.scope.lookup_local(obj.name) is obj:
        return env.scope
    if env.file_scope.lookup_local(obj.name) is obj:
        return env.file_scope
    for i in range(len(analysis.parsed.chunks)):
        for info in infos(analysis, i):
            for root in info.scopes:
                found = _find_scope(root, obj)
                if found is not None:
                    return found
    return None


def _find_scope(scope: Scope, obj: Obj) -> Scope | None:
    if scope.names.get(obj.name) is obj:
        return scope
    for child in scope.children:
        found = _find_scope(child, obj)
        if found is not None:
            return found
    return None


def _scope_at(analysis: Analysis, index: int, rel: int) -> Scope:
    env = analysis.check.env
    best: Scope = env.file_scope
    for info in infos(analysis, index):
        for root in info.scopes:
            found = _innermost(root, rel)
            if found is not None:
                best = found
    return best


def _innermost(scope: Scope, rel: int) -> Scope | None:
    if scope.span is None or not (scope.span.start <= rel <= scope.span.end):
        return None
    for child in scope.children:
        found = _innermost(child, rel)
        if found is not None:
            return found
    return scope


def _inside(analysis: Analysis, index: int, node_id: int, scope: Scope) -> bool:
    """Is identifier `node_id` of chunk `index` inside `scope`?"""
    if scope.kind.value in ("package", "file"):
        return True
    chunk = analysis.parsed.chunks[index]
    if scope.decl_id != chunk.decl.id or scope.span is None:
        return False
    from .common import idents
    for ident in idents(chunk):
        if ident.id == node_id:
            return scope.span.start <= ident.span.start <= scope.span.end
    return False


__all__ = ["definition", "type_definition", "references", "references_of", "highlights", "prepare_rename",
           "rename", "RenameError", "Reference", "Var"]
