"""Named entities (objects), scopes and the universe scope (spec §3.2, §5).

Invariants:
- An object's location is a `Loc`: the file, the id of the top-level declaration (chunk) that
  declares it, and a span *relative to that chunk*. The analysis maps chunk ids to absolute
  offsets, so objects stay valid when unchanged declarations move.
- Objects are built and completed (types resolved) by the checker; once a check is finished no
  object is mutated again, so results may be shared between document versions.
- Scopes nest universe -> package -> file -> function -> blocks; a block scope records its
  (chunk-relative) span so completion can find the scopes visible at an offset.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from .source import Span
from .types import (
    BASIC_BY_NAME,
    EMPTY_INTERFACE,
    STRING,
    Interface,
    Method,
    Named,
    Param,
    Signature,
    Type,
)

if TYPE_CHECKING:  # pragma: no cover
    from . import syntax as S
    from .constants import Value


@dataclass(frozen=True, slots=True)
class Loc:
    file: str          # path of the source file ("<universe>" for predeclared objects)
    decl_id: int       # id of the top-level declaration node whose chunk holds `span`
    span: Span         # chunk-relative span of the declaring identifier


UNIVERSE_LOC = Loc("<universe>", 0, Span(0, 0))


class ObjKind(enum.Enum):
    VAR = "var"
    CONST = "const"
    TYPE = "type"
    FUNC = "func"
    PKG = "package"
    BUILTIN = "builtin"
    NIL = "nil"
    LABEL = "label"
    VARIANT = "variant"
    CONCEPT = "concept"


class Obj:
    __slots__ = ("name", "kind", "type", "loc", "pkg", "doc")

    def __init__(self, name: str, kind: ObjKind, type_: Type | None, loc: Loc, pkg: str | None):
        self.name = name
        self.kind = kind
        self.type = type_
        self.loc = loc
        self.pkg = pkg
        self.doc = ""

    @property
    def exported(self) -> bool:
        return bool(self.name) and self.name[0].isupper()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name})"


class Var(Obj):
    __slots__ = ("is_param", "is_result", "is_field", "embedded", "comptime", "used", "scope_level")

    def __init__(self, name: str, type_: Type | None, loc: Loc, pkg: str | None, *, is_param: bool = False,
                 is_result: bool = False, is_field: bool = False, embedded: bool = False, comptime: bool = False):
        super().__init__(name, ObjKind.VAR, type_, loc, pkg)
        self.is_param = is_param
        self.is_result = is_result
        self.is_field = is_field
        self.embedded = embedded
        self.comptime = comptime
        self.used = False
        self.scope_level = 0   # 0: package level; >0 local


class Const(Obj):
    __slots__ = ("value", "comptime")

    def __init__(self, name: str, type_: Type | None, value: "Value | None", loc: Loc, pkg: str | None):
        super().__init__(name, ObjKind.CONST, type_, loc, pkg)
        self.value = value
        self.comptime = False


class TypeName(Obj):
    __slots__ = ("is_alias",)

    def __init__(self, name: str, type_: Type | None, loc: Loc, pkg: str | None, is_alias: bool = False):
        super().__init__(name, ObjKind.TYPE, type_, loc, pkg)
        self.is_alias = is_alias


class Func(Obj):
    __slots__ = ("recv_named", "pointer_recv", "decl", "has_body", "comptime_qualifier")

    def __init__(self, name: str, sig: Signature | None, loc: Loc, pkg: str | None):
        super().__init__(name, ObjKind.FUNC, sig, loc, pkg)
        self.recv_named: Named | None = None
        self.pointer_recv = False
        self.decl: Optional["S.FuncDecl"] = None
        self.has_body = True
        self.comptime_qualifier = False

    @property
    def sig(self) -> Signature | None:
        return self.type  # type: ignore[return-value]


class PkgName(Obj):
    __slots__ = ("package", "path")

    def __init__(self, name: str, package: "Package | None", path: str, loc: Loc):
        super().__init__(name, ObjKind.PKG, None, loc, None)
        self.package = package
        self.path = path


class Builtin(Obj):
    __slots__ = ()

    def __init__(self, name: str):
        super().__init__(name, ObjKind.BUILTIN, None, UNIVERSE_LOC, None)


class Nil(Obj):
    __slots__ = ()


class Label(Obj):
    __slots__ = ("used",)

    def __init__(self, name: str, loc: Loc):
        super().__init__(name, ObjKind.LABEL, None, loc, None)
        self.used = False


class VariantObj(Obj):
    """An enum variant's name in package scope; `type` is the enum's named type."""

    __slots__ = ("variant",)

    def __init__(self, name: str, loc: Loc, pkg: str | None):
        super().__init__(name, ObjKind.VARIANT, None, loc, pkg)
        self.variant = None


class ConceptObj(Obj):
    """`concept Name[P...] { ... }`: a named constraint, instantiated at each use."""

    __slots__ = ("params", "decl", "instances")

    def __init__(self, name: str, loc: Loc, pkg: str | None):
        super().__init__(name, ObjKind.CONCEPT, None, loc, pkg)
        self.params: tuple[str, ...] = ()
        self.decl: Optional["S.ConceptDecl"] = None
        self.instances: dict[tuple, Interface] = {}


class ScopeKind(enum.Enum):
    UNIVERSE = "universe"
    PACKAGE = "package"
    FILE = "file"
    FUNC = "func"
    BLOCK = "block"


class Scope:
    __slots__ = ("parent", "names", "kind", "span", "children", "decl_id")

    def __init__(self, parent: "Scope | None", kind: ScopeKind, span: Span | None = None, decl_id: int = 0):
        self.parent = parent
        self.names: dict[str, Obj] = {}
        self.kind = kind
        self.span = span
        self.children: list[Scope] = []
        self.decl_id = decl_id
        if parent is not None and kind in (ScopeKind.FUNC, ScopeKind.BLOCK):
            parent.children.append(self)

    def lookup_local(self, name: str) -> Obj | None:
        return self.names.get(name)

    def lookup(self, name: str) -> Obj | None:
        s: Scope | None = self
        while s is not None:
            obj = s.names.get(name)
            if obj is not None:
                return obj
            s = s.parent
        return None

    def lookup_with_scope(self, name: str) -> tuple[Obj | None, "Scope | None"]:
        s: Scope | None = self
        while s is not None:
            obj = s.names.get(name)
            if obj is not None:
                return obj, s
            s = s.parent
        return None, None

    def insert(self, obj: Obj) -> Obj | None:
        """Declare `obj`; returns the existing object of that name instead if there is one."""
        existing = self.names.get(obj.name)
        if existing is not None:
            return existing
        self.names[obj.name] = obj
        return None


class Package:
    """A checked package's exported view (std stubs and imported local packages)."""

    __slots__ = ("path", "name", "scope", "fake")

    def __init__(self, path: str, name: str, scope: Scope):
        self.path = path
        self.name = name
        self.scope = scope
        self.fake = False


# ------------------------------------------------------------------------------- universe
BUILTIN_FUNCS = ("append", "cap", "clear", "close", "copy", "delete", "len", "make", "make_chan", "max",
                 "min", "new", "panic", "print", "println", "recover", "complex", "real", "imag")


def _make_universe() -> tuple[Scope, Named, Named, TypeName]:
    scope = Scope(None, ScopeKind.UNIVERSE)
    for name, t in BASIC_BY_NAME.items():
        scope.insert(TypeName(name, t, UNIVERSE_LOC, None))
    error_obj = TypeName("error", None, UNIVERSE_LOC, None)
    error_sig = Signature((), (Param("", STRING),))
    error_named = Named(error_obj, Interface((Method("Error", error_sig),)))
    error_obj.type = error_named
    scope.insert(error_obj)
    any_obj = TypeName("any", EMPTY_INTERFACE, UNIVERSE_LOC, None, is_alias=True)
    scope.insert(any_obj)
    comparable_obj = TypeName("comparable", None, UNIVERSE_LOC, None)
    comparable_named = Named(comparable_obj, Interface((), comparable=True))
    comparable_obj.type = comparable_named
    scope.insert(comparable_obj)
    from .types import UNTYPED_INT
    iota = Const("iota", UNTYPED_INT, 0, UNIVERSE_LOC, None)
    scope.insert(iota)
    for name in BUILTIN_FUNCS:
        if name == "error":
            continue
        scope.insert(Builtin(name))
    return scope, error_named, comparable_named, any_obj


UNIVERSE, ERROR_TYPE, COMPARABLE_TYPE, ANY_OBJ = _make_universe()
