"""The Goo type model (spec §6): Go's types plus enums, error unions `!T` and nullables `?T`.

Invariants:
- Structural types (`Slice`, `Map`, `Signature`, ...) compare by structure (frozen dataclasses);
  `Named`, `TypeParam` and `Enum` compare by identity: two declarations are two types.
- A `Named` type's underlying type is set once, when its declaration is resolved; before that it
  is None and `underlying()` returns `INVALID` (only seen while resolving recursive types).
- `type_string` prints types as Go does (`[]string`, `map[string]int`, `chan<- int`,
  `func(int) string`, `main.Point`), and Goo types as `!int`, `?string`. Named types of the
  package given as `relative_to` print without their package name (as in go/types messages).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Optional

if TYPE_CHECKING:  # pragma: no cover
    from .objects import Func, TypeName, Var


class Type:
    """Base of all types."""

    __slots__ = ()

    def __str__(self) -> str:
        return type_string(self)


# ------------------------------------------------------------------------------- basic types
class Kind(enum.IntEnum):
    INVALID = 0
    BOOL = 1
    INT = 2
    INT8 = 3
    INT16 = 4
    INT32 = 5
    INT64 = 6
    UINT = 7
    UINT8 = 8
    UINT16 = 9
    UINT32 = 10
    UINT64 = 11
    UINTPTR = 12
    FLOAT32 = 13
    FLOAT64 = 14
    STRING = 15
    UNTYPED_BOOL = 20
    UNTYPED_INT = 21
    UNTYPED_RUNE = 22
    UNTYPED_FLOAT = 23
    UNTYPED_STRING = 24
    UNTYPED_NIL = 25


@dataclass(frozen=True, slots=True, eq=False)
class Basic(Type):
    kind: Kind
    name: str

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Basic) and other.kind == self.kind

    def __hash__(self) -> int:
        return hash(("basic", int(self.kind)))


INVALID = Basic(Kind.INVALID, "invalid type")
BOOL = Basic(Kind.BOOL, "bool")
INT = Basic(Kind.INT, "int")
INT8 = Basic(Kind.INT8, "int8")
INT16 = Basic(Kind.INT16, "int16")
INT32 = Basic(Kind.INT32, "int32")
INT64 = Basic(Kind.INT64, "int64")
UINT = Basic(Kind.UINT, "uint")
UINT8 = Basic(Kind.UINT8, "uint8")
UINT16 = Basic(Kind.UINT16, "uint16")
UINT32 = Basic(Kind.UINT32, "uint32")
UINT64 = Basic(Kind.UINT64, "uint64")
UINTPTR = Basic(Kind.UINTPTR, "uintptr")
FLOAT32 = Basic(Kind.FLOAT32, "float32")
FLOAT64 = Basic(Kind.FLOAT64, "float64")
STRING = Basic(Kind.STRING, "string")
BYTE = Basic(Kind.UINT8, "byte")
RUNE = Basic(Kind.INT32, "rune")
UNTYPED_BOOL = Basic(Kind.UNTYPED_BOOL, "untyped bool")
UNTYPED_INT = Basic(Kind.UNTYPED_INT, "untyped int")
UNTYPED_RUNE = Basic(Kind.UNTYPED_RUNE, "untyped rune")
UNTYPED_FLOAT = Basic(Kind.UNTYPED_FLOAT, "untyped float")
UNTYPED_STRING = Basic(Kind.UNTYPED_STRING, "untyped string")
UNTYPED_NIL = Basic(Kind.UNTYPED_NIL, "untyped nil")

BASIC_BY_NAME: dict[str, Basic] = {
    t.name: t for t in (BOOL, INT, INT8, INT16, INT32, INT64, UINT, UINT8, UINT16, UINT32, UINT64,
                        UINTPTR, FLOAT32, FLOAT64, STRING, BYTE, RUNE)
}

INTEGER_KINDS = frozenset({Kind.INT, Kind.INT8, Kind.INT16, Kind.INT32, Kind.INT64, Kind.UINT, Kind.UINT8,
                           Kind.UINT16, Kind.UINT32, Kind.UINT64, Kind.UINTPTR, Kind.UNTYPED_INT,
                           Kind.UNTYPED_RUNE})
UNSIGNED_KINDS = frozenset({Kind.UINT, Kind.UINT8, Kind.UINT16, Kind.UINT32, Kind.UINT64, Kind.UINTPTR})
FLOAT_KINDS = frozenset({Kind.FLOAT32, Kind.FLOAT64, Kind.UNTYPED_FLOAT})
UNTYPED_KINDS = frozenset({Kind.UNTYPED_BOOL, Kind.UNTYPED_INT, Kind.UNTYPED_RUNE, Kind.UNTYPED_FLOAT,
                           Kind.UNTYPED_STRING, Kind.UNTYPED_NIL})

INT_BITS = {Kind.INT: 64, Kind.INT8: 8, Kind.INT16: 16, Kind.INT32: 32, Kind.INT64: 64, Kind.UINT: 64,
            Kind.UINT8: 8, Kind.UINT16: 16, Kind.UINT32: 32, Kind.UINT64: 64, Kind.UINTPTR: 64}


# ------------------------------------------------------------------------------- composite types
@dataclass(frozen=True, slots=True)
class Pointer(Type):
    elem: Type


@dataclass(frozen=True, slots=True)
class Slice(Type):
    elem: Type


@dataclass(frozen=True, slots=True)
class Array(Type):
    length: int
    elem: Type


@dataclass(frozen=True, slots=True)
class Map(Type):
    key: Type
    elem: Type


class ChanDir(enum.Enum):
    BOTH = "both"
    SEND = "send"
    RECV = "recv"


@dataclass(frozen=True, slots=True)
class Chan(Type):
    dir: ChanDir
    elem: Type


@dataclass(frozen=True, slots=True)
class Tuple(Type):
    """The type of a multi-valued call; never the type of a variable."""

    types: tuple[Type, ...]


@dataclass(frozen=True, slots=True)
class Param:
    """A parameter or result of a signature (names matter for hovers, not for identity)."""

    name: str
    type: Type
    comptime: bool = False

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Param) and self.type == other.type and self.comptime == other.comptime

    def __hash__(self) -> int:
        return hash(self.type)


@dataclass(frozen=True, slots=True)
class Signature(Type):
    params: tuple[Param, ...]
    results: tuple[Param, ...]
    variadic: bool = False
    type_params: tuple["TypeParam", ...] = ()

    @property
    def param_types(self) -> tuple[Type, ...]:
        return tuple(p.type for p in self.params)

    @property
    def result_types(self) -> tuple[Type, ...]:
        return tuple(p.type for p in self.results)

    @property
    def has_comptime(self) -> bool:
        return any(p.comptime for p in self.params)


@dataclass(frozen=True, slots=True)
class StructField:
    name: str
    type: Type
    embedded: bool = False
    tag: str = ""
    exported: bool = True
    obj: Optional["Var"] = field(default=None, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class Struct(Type):
    fields: tuple[StructField, ...]

    def field_index(self, name: str) -> int:
        for i, f in enumerate(self.fields):
            if f.name == name:
                return i
        return -1


@dataclass(frozen=True, slots=True)
class Method:
    """An interface method."""

    name: str
    sig: Signature
    obj: Optional["Func"] = field(default=None, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class Term:
    tilde: bool
    type: Type


@dataclass(frozen=True, slots=True)
class Interface(Type):
    """An interface: explicit methods, embedded types, and (for constraints) type-set terms."""

    methods: tuple[Method, ...]
    embedded: tuple[Type, ...] = ()
    terms: tuple[tuple[Term, ...], ...] = ()   # each tuple is one union line
    comparable: bool = False                  # the `comparable` constraint

    def all_methods(self) -> tuple[Method, ...]:
        seen: dict[str, Method] = {}
        for m in self.methods:
            seen.setdefault(m.name, m)
        for e in self.embedded:
            u = underlying(e)
            if isinstance(u, Interface):
                for m in u.all_methods():
                    seen.setdefault(m.name, m)
        return tuple(sorted(seen.values(), key=lambda m: m.name))

    def is_constraint_only(self) -> bool:
        if self.terms or self.comparable:
            return True
        for e in self.embedded:
            u = underlying(e)
            if isinstance(u, Interface) and u.is_constraint_only():
                return True
        return False

    def type_set_terms(self) -> tuple[tuple[Term, ...], ...]:
        lines = list(self.terms)
        for e in self.embedded:
            u = underlying(e)
            if isinstance(u, Interface):
                lines.extend(u.type_set_terms())
        return tuple(lines)

    def is_comparable_constraint(self) -> bool:
        if self.comparable:
            return True
        return any(isinstance(underlying(e), Interface) and underlying(e).is_comparable_constraint()
                   for e in self.embedded)


EMPTY_INTERFACE = Interface(())


@dataclass(frozen=True, slots=True)
class ErrorUnion(Type):
    elem: Type


@dataclass(frozen=True, slots=True)
class Nullable(Type):
    elem: Type


class Variant:
    """One variant of an enum: its name, payload fields and index (declaration order)."""

    __slots__ = ("name", "fields", "index", "enum", "obj")

    def __init__(self, name: str, fields: tuple[StructField, ...], index: int, enum: "Enum"):
        self.name = name
        self.fields = fields
        self.index = index
        self.enum = enum
        self.obj = None


class Enum(Type):
    """The underlying type of `type Shape enum {...}`; identity-compared."""

    __slots__ = ("variants", "named")

    def __init__(self) -> None:
        self.variants: list[Variant] = []
        self.named: Optional["Named"] = None

    def variant(self, name: str) -> Variant | None:
        for v in self.variants:
            if v.name == name:
                return v
        return None

    def zero_variant(self) -> Variant | None:
        for v in self.variants:
            if not v.fields:
                return v
        return self.variants[0] if self.variants else None


class Named(Type):
    """A defined type. Methods are attached while the package is collected."""

    __slots__ = ("obj", "underlying_type", "methods", "type_args", "origin", "_method_cache")

    def __init__(self, obj: "TypeName", underlying_type: Type | None = None):
        self.obj = obj
        self.underlying_type = underlying_type
        self.methods: list["Func"] = []
        self.type_args: tuple[Type, ...] = ()
        self.origin: Named | None = None
        self._method_cache: dict[str, "Func"] | None = None

    def method(self, name: str) -> Optional["Func"]:
        cache = self._method_cache
        if cache is None or len(cache) != len(self.methods):
            cache = {m.name: m for m in reversed(self.methods)}
            self._method_cache = cache
        return cache.get(name)

    def __repr__(self) -> str:
        return f"Named({self.obj.name})"


class TypeParam(Type):
    """A type parameter of a generic function; `constraint` is an interface."""

    __slots__ = ("name", "index", "constraint", "obj", "constraint_text")

    def __init__(self, name: str, index: int, constraint: Type | None = None):
        self.name = name
        self.index = index
        self.constraint: Type = constraint if constraint is not None else EMPTY_INTERFACE
        self.obj = None
        self.constraint_text = ""   # the constraint as written, for messages

    def __repr__(self) -> str:
        return f"TypeParam({self.name})"


class PackageType(Type):
    """Marker type of a package name used as a value (always an error)."""

    __slots__ = ()


# ------------------------------------------------------------------------------- queries
def underlying(t: Type) -> Type:
    while isinstance(t, Named):
        u = t.underlying_type
        if u is None:
            return INVALID
        t = u
    return t


def core_type(t: Type) -> Type:
    """Underlying type, and for a type parameter the single underlying type of its type set
    (or the constraint interface itself when it has no terms)."""
    u = underlying(t)
    if isinstance(u, TypeParam):
        c = underlying(u.constraint)
        if isinstance(c, Interface):
            lines = c.type_set_terms()
            if len(lines) == 1 and len(lines[0]) >= 1:
                cores = {underlying(term.type) for term in lines[0]}
                if len(cores) == 1:
                    return next(iter(cores))
        return u
    return u


def is_basic(t: Type, kinds: frozenset[Kind] | set[Kind]) -> bool:
    u = underlying(t)
    return isinstance(u, Basic) and u.kind in kinds


def _tp_all(t: Type, pred: Callable[[Type], bool]) -> bool | None:
    """For a type parameter with terms: does `pred` hold for every term? None if not a type
    parameter with a type set."""
    u = underlying(t)
    if not isinstance(u, TypeParam):
        return None
    c = underlying(u.constraint)
    if not isinstance(c, Interface):
        return False
    lines = c.type_set_terms()
    if not lines:
        return False
    return all(all(pred(term.type) for term in line) for line in lines)


def is_integer(t: Type) -> bool:
    r = _tp_all(t, is_integer)
    return r if r is not None else is_basic(t, INTEGER_KINDS)


def is_unsigned(t: Type) -> bool:
    r = _tp_all(t, is_unsigned)
    return r if r is not None else is_basic(t, UNSIGNED_KINDS)


def is_float(t: Type) -> bool:
    r = _tp_all(t, is_float)
    return r if r is not None else is_basic(t, FLOAT_KINDS)


def is_numeric(t: Type) -> bool:
    r = _tp_all(t, is_numeric)
    return r if r is not None else is_basic(t, INTEGER_KINDS | FLOAT_KINDS)


def is_string(t: Type) -> bool:
    r = _tp_all(t, is_string)
    return r if r is not None else is_basic(t, {Kind.STRING, Kind.UNTYPED_STRING})


def is_boolean(t: Type) -> bool:
    r = _tp_all(t, is_boolean)
    return r if r is not None else is_basic(t, {Kind.BOOL, Kind.UNTYPED_BOOL})


def is_ordered(t: Type) -> bool:
    r = _tp_all(t, is_ordered)
    return r if r is not None else (is_numeric(t) or is_string(t))


def is_untyped(t: Type) -> bool:
    return isinstance(t, Basic) and t.kind in UNTYPED_KINDS


def is_interface(t: Type) -> bool:
    return isinstance(underlying(t), Interface) and not isinstance(t, TypeParam)


def is_type_param(t: Type) -> bool:
    return isinstance(t, TypeParam)


def has_nil(t: Type) -> bool:
    """Can the zero value of t be written `nil`?"""
    u = underlying(t)
    if isinstance(u, TypeParam):
        return False
    return isinstance(u, (Pointer, Slice, Map, Chan, Signature, Interface, Nullable)) or (
        isinstance(u, Basic) and u.kind == Kind.UNTYPED_NIL)


def default_type(t: Type) -> Type:
    if isinstance(t, Basic):
        return {
            Kind.UNTYPED_BOOL: BOOL, Kind.UNTYPED_INT: INT, Kind.UNTYPED_RUNE: RUNE,
            Kind.UNTYPED_FLOAT: FLOAT64, Kind.UNTYPED_STRING: STRING,
        }.get(t.kind, t)
    return t


def comparable(t: Type, seen: set[int] | None = None) -> bool:
    """Go's comparability (== and map keys)."""
    u = underlying(t)
    if isinstance(u, TypeParam):
        c = underlying(u.constraint)
        return isinstance(c, Interface) and (c.is_comparable_constraint() or bool(c.type_set_terms()) and
                                             all(comparable(term.type) for line in c.type_set_terms() for term in line))
    if isinstance(u, Basic):
        return u.kind != Kind.UNTYPED_NIL
    if isinstance(u, (Pointer, Chan, Interface)):
        return True
    if isinstance(u, Nullable):
        return comparable(u.elem)
    if isinstance(u, Struct):
        return all(comparable(f.type) for f in u.fields)
    if isinstance(u, Array):
        return comparable(u.elem)
    if isinstance(u, Enum):
        seen = seen or set()
        if id(u) in seen:
            return True
        seen.add(id(u))
        return all(comparable(f.type, seen) for v in u.variants for f in v.fields)
    return False


def identical(a: Type, b: Type) -> bool:
    if a is b:
        return True
    if isinstance(a, Named) or isinstance(b, Named):
        if isinstance(a, Named) and isinstance(b, Named) and a.origin is not None and a.origin is b.origin:
            return all(identical(x, y) for x, y in zip(a.type_args, b.type_args))
        return False
    if isinstance(a, Signature) and isinstance(b, Signature):
        return (a.variadic == b.variadic and len(a.params) == len(b.params) and len(a.results) == len(b.results)
                and all(identical(x.type, y.type) for x, y in zip(a.params, b.params))
                and all(identical(x.type, y.type) for x, y in zip(a.results, b.results)))
    if isinstance(a, Interface) and isinstance(b, Interface):
        am, bm = a.all_methods(), b.all_methods()
        return (len(am) == len(bm) and all(x.name == y.name and identical(x.sig, y.sig) for x, y in zip(am, bm))
                and a.type_set_terms() == b.type_set_terms() and a.is_comparable_constraint() == b.is_comparable_constraint())
    if isinstance(a, Struct) and isinstance(b, Struct):
        return len(a.fields) == len(b.fields) and all(
            x.name == y.name and x.embedded == y.embedded and identical(x.type, y.type)
            for x, y in zip(a.fields, b.fields))
    return a == b


# ------------------------------------------------------------------------------- printing
def type_string(t: Type, relative_to: str | None = None) -> str:
    """Go's spelling of a type. `relative_to` is the current package's name: its named types
    print unqualified."""
    return _TypePrinter(relative_to).print(t)


class _TypePrinter:
    def __init__(self, relative_to: str | None):
        self.relative_to = relative_to
        self.depth = 0

    def print(self, t: Type) -> str:
        self.depth += 1
        try:
            if self.depth > 40:
                return "..."
            return self._print(t)
        finally:
            self.depth -= 1

    def _print(self, t: Type) -> str:
        p = self.print
        match t:
            case Basic():
                return t.name
            case Named():
                pkg = t.obj.pkg
                name = t.obj.name
                if t.type_args:
                    name += "[" + ", ".join(p(a) for a in t.type_args) + "]"
                if pkg is None or pkg == "" or pkg == self.relative_to:
                    return name
                return f"{pkg}.{name}"
            case TypeParam():
                return t.name
            case Pointer():
                return "*" + p(t.elem)
            case Slice():
                return "[]" + p(t.elem)
            case Array():
                return f"[{t.length}]" + p(t.elem)
            case Map():
                return f"map[{p(t.key)}]{p(t.elem)}"
            case Chan():
                if t.dir is ChanDir.SEND:
                    return "chan<- " + p(t.elem)
                if t.dir is ChanDir.RECV:
                    return "<-chan " + p(t.elem)
                inner = p(t.elem)
                if isinstance(t.elem, Chan) and t.elem.dir is ChanDir.RECV:
                    inner = f"({inner})"
                return "chan " + inner
            case Tuple():
                return "(" + ", ".join(p(x) for x in t.types) + ")"
            case Signature():
                return "func" + self.signature(t)
            case Struct():
                if not t.fields:
                    return "struct{}"
                parts = []
                for f in t.fields:
                    parts.append(p(f.type) if f.embedded else f"{f.name} {p(f.type)}")
                return "struct{" + "; ".join(parts) + "}"
            case Interface():
                if t.comparable and not t.methods and not t.embedded and not t.terms:
                    return "comparable"
                if not t.methods and not t.embedded and not t.terms:
                    return "any"
                parts = [m.name + self.signature(m.sig) for m in t.methods]
                parts += [p(e) for e in t.embedded]
                parts += [" | ".join(("~" if term.tilde else "") + p(term.type) for term in line) for line in t.terms]
                return "interface {" + "; ".join(parts) + "}"
            case ErrorUnion():
                return "!" + p(t.elem)
            case Nullable():
                return "?" + p(t.elem)
            case Enum():
                if t.named is not None:
                    return p(t.named)
                return "enum{" + "; ".join(v.name for v in t.variants) + "}"
            case PackageType():
                return "package"
        return "invalid type"

    def signature(self, sig: Signature) -> str:
        params = []
        for i, prm in enumerate(sig.params):
            s = self.print(prm.type)
            if sig.variadic and i == len(sig.params) - 1 and isinstance(prm.type, Slice):
                s = "..." + self.print(prm.type.elem)
            params.append(s)
        out = "(" + ", ".join(params) + ")"
        if len(sig.results) == 1:
            out += " " + self.print(sig.results[0].type)
        elif sig.results:
            out += " (" + ", ".join(self.print(r.type) for r in sig.results) + ")"
        return out
