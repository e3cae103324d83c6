"""Goo IR: the mid-level representation between the checked syntax tree and LLVM.

A `Program` holds monomorphic `Function`s (one per generic/comptime instance) and `Global`s.
A function is a list of basic blocks of typed instructions. Local variables are explicit
memory cells (`Alloc`), read and written with `Load`/`Store`; LLVM's SROA turns cells that stay
on the stack into registers. The optimisation analyses read this IR, so everything they reason
about is first-class and carries a stable `site` id: allocation sites (`Alloc`, `MakeSlice`,
`MakeMap`, `MakeChan`, `MakeClosure`, `MakeInterface` boxing), channel operations and spawns.

Invariants:
- Types are Goo types with no type parameters left (instances are separate functions).
- Every instruction has `span`: absolute character offsets in `file`, for debug locations,
  profiles and hints.
- A block ends with exactly one terminator (`Jump`, `If`, `Return`, `Unreachable`); nothing
  follows a terminator.
- `Value.id` is unique within its function; `site` ids are unique within the program.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Iterator

from .source import Span
from .types import Type

_sites = itertools.count(1)


def new_site() -> int:
    return next(_sites)


class Value:
    """Anything an instruction can use."""

    __slots__ = ("type", "id")

    def __init__(self, type_: Type | None) -> None:
        self.type = type_
        self.id = 0


class Const(Value):
    """A constant: bool, int, float, bytes (string), or None for the zero value / nil."""

    __slots__ = ("value",)

    def __init__(self, type_: Type, value: object) -> None:
        super().__init__(type_)
        self.value = value

    def __repr__(self) -> str:
        return f"Const({self.value!r}: {self.type})"


class Param(Value):
    __slots__ = ("index", "name")

    def __init__(self, type_: Type, index: int, name: str) -> None:
        super().__init__(type_)
        self.index = index
        self.name = name


class FreeVar(Value):
    """A captured variable's cell pointer inside a closure (type is the cell's pointer type)."""

    __slots__ = ("index", "name")

    def __init__(self, type_: Type, index: int, name: str) -> None:
        super().__init__(type_)
        self.index = index
        self.name = name


class FuncRef(Value):
    """A top-level function used as a value (or called directly)."""

    __slots__ = ("func",)

    def __init__(self, type_: Type, func: "Function") -> None:
        super().__init__(type_)
        self.func = func


class GlobalRef(Value):
    """The address of a package-level variable (type: pointer to the variable's type)."""

    __slots__ = ("glob",)

    def __init__(self, type_: Type, glob: "Global") -> None:
        super().__init__(type_)
        self.glob = glob


class Instr(Value):
    __slots__ = ("span", "block")

    def __init__(self, type_: Type | None, span: Span) -> None:
        super().__init__(type_)
        self.span = span
        self.block: Block | None = None

    @property
    def operands(self) -> list[Value]:
        out = []
        for name in _operand_fields(type(self)):
            v = getattr(self, name)
            if isinstance(v, Value):
                out.append(v)
            elif isinstance(v, (list, tuple)):
                out.extend(x for x in v if isinstance(x, Value))
        return out

    def __repr__(self) -> str:
        return f"{type(self).__name__}#{self.id}"


_OPERANDS: dict[type, tuple[str, ...]] = {}


def _operand_fields(cls: type) -> tuple[str, ...]:
    names = _OPERANDS.get(cls)
    if names is None:
        names = tuple(n for c in reversed(cls.__mro__) for n in getattr(c, "__annotations__", {})
                      if n not in ("span", "block", "type", "id"))
        _OPERANDS[cls] = names
    return names


def _instr(cls):
    """Declare an instruction class: fields from annotations, in order, after (type, span)."""
    fields_ = [n for n in cls.__dict__.get("__annotations__", {})]

    def __init__(self, type_: Type | None, span: Span, *args, **kw) -> None:
        Instr.__init__(self, type_, span)
        values = dict(zip(fields_, args))
        values.update(kw)
        for n in fields_:
            setattr(self, n, values.get(n, getattr(cls, "_default_" + n, None)))

    cls.__init__ = __init__
    return cls


# ---------------------------------------------------------------------------------------- memory
@_instr
class Alloc(Instr):
    """A memory cell for one value of `elem`; type is *elem. `heap` is decided by escape
    analysis (the cell outlives its frame); `arena` routes it to the enclosing arena region."""
    elem: Type
    heap: bool
    site: int
    kind: str          # "var" (a local variable), "new", "composite" (&T{...}), "temp", "box"
    name: str
    arena: bool


@_instr
class Load(Instr):
    ptr: Value


@_instr
class Store(Instr):
    ptr: Value
    value: Value


@_instr
class FieldAddr(Instr):
    """&(*ptr).field[index] — nil-checked."""
    ptr: Value
    index: int


@_instr
class Field(Instr):
    """A field of a struct (or tuple) value."""
    value: Value
    index: int


@_instr
class IndexAddr(Instr):
    """&base[index] for base a *array or a slice — bounds-checked."""
    base: Value
    index: Value


@_instr
class StringIndex(Instr):
    """s[i] (a byte) — bounds-checked."""
    string: Value
    index: Value


@_instr
class SliceOp(Instr):
    """x[lo:hi(:max)] for a string, slice or *array."""
    x: Value
    lo: Value | None
    hi: Value | None
    max: Value | None


@_instr
class MakeStruct(Instr):
    """A struct (or tuple) value from its field values, in order."""
    fields: list


@_instr
class MakeSlice(Instr):
    elem: Type
    len: Value
    cap: Value
    site: int
    heap: bool


@_instr
class MakeMap(Instr):
    hint: Value | None
    site: int


@_instr
class MakeClosure(Instr):
    """A func value: `func` plus pointers to the cells it captures (by reference)."""
    func: "Function"
    bindings: list
    site: int
    heap: bool


# ---------------------------------------------------------------------------------------- operators
@_instr
class BinOp(Instr):
    """Arithmetic, bitwise, shifts, comparisons and string concatenation on two operands of
    one type (comparisons produce bool). Division checks for zero; shifts check their count."""
    op: str
    x: Value
    y: Value


@_instr
class UnOp(Instr):
    op: str            # "-", "!", "^"
    x: Value


@_instr
class Convert(Instr):
    """Numeric conversions, string <-> []byte / []rune, integer -> string, and changes of a
    named type (no representation change)."""
    x: Value


@_instr
class MakeInterface(Instr):
    """Box x (of concrete type) into interface `type`."""
    x: Value
    site: int


@_instr
class ChangeInterface(Instr):
    """Interface -> interface conversion (statically known to succeed)."""
    x: Value


@_instr
class TypeAssert(Instr):
    """x.(asserted): result asserted, or (asserted, bool) when comma_ok."""
    x: Value
    asserted: Type
    comma_ok: bool


@_instr
class TypeTest(Instr):
    """Does interface x hold a value of type `tested` (nil: is x nil)? For type switches."""
    x: Value
    tested: Type | None


# ---------------------------------------------------------------------------------------- calls
@_instr
class Call(Instr):
    """A call. `callee` is a FuncRef (static), or a func value (closure call); for interface
    method calls `callee` is the interface value and `method` names the method. The result type
    is the single result, a tuple struct for several, or None."""
    callee: Value
    args: list
    method: str | None


@_instr
class Builtin(Instr):
    """len cap append copy delete clear min max print println panic close error-new, and the
    runtime intrinsics of std packages."""
    name: str
    args: list


@_instr
class Defer(Instr):
    """Push a deferred call (callee + arguments evaluated now) on the goroutine's defer stack."""
    callee: Value
    args: list
    method: str | None


@_instr
class RunDefers(Instr):
    """Run this frame's deferred calls, innermost first (at every return)."""


@_instr
class Panic(Instr):
    value: Value


# ---------------------------------------------------------------------------------------- Goo values
@_instr
class WrapNullable(Instr):
    """T -> ?T (present)."""
    x: Value


@_instr
class NullablePresent(Instr):
    """Is the ?T value present?"""
    x: Value


@_instr
class UnwrapNullable(Instr):
    """The T inside a present ?T."""
    x: Value


@_instr
class MakeVariant(Instr):
    """An enum value: variant `tag` with its payload field values."""
    tag: int
    fields: list


@_instr
class VariantTag(Instr):
    x: Value


@_instr
class VariantField(Instr):
    """Payload field `index` of variant `tag` of enum value x."""
    x: Value
    tag: int
    index: int


# ---------------------------------------------------------------------------------------- maps
@_instr
class MapLookup(Instr):
    """m[k]: value (zero if absent), or (value, ok) when comma_ok."""
    map: Value
    key: Value
    comma_ok: bool


@_instr
class MapUpdate(Instr):
    map: Value
    key: Value
    value: Value


@_instr
class MapDelete(Instr):
    map: Value
    key: Value


@_instr
class MapIter(Instr):
    """Start iterating m (a random starting point, as in Go)."""
    map: Value


@_instr
class MapNext(Instr):
    """Advance a map iterator: (ok, key, value)."""
    iter: Value


# ---------------------------------------------------------------------------------------- arenas
@_instr
class ArenaEnter(Instr):
    site: int


@_instr
class ArenaLeave(Instr):
    site: int


# ---------------------------------------------------------------------------------------- control
@_instr
class Jump(Instr):
    target: "Block"


@_instr
class If(Instr):
    cond: Value
    then: "Block"
    else_: "Block"


@_instr
class Return(Instr):
    values: list


@_instr
class Unreachable(Instr):
    pass


TERMINATORS = (Jump, If, Return, Unreachable)


class Block:
    __slots__ = ("index", "name", "instrs", "func")

    def __init__(self, func: "Function", index: int, name: str) -> None:
        self.func = func
        self.index = index
        self.name = name
        self.instrs: list[Instr] = []

    @property
    def terminated(self) -> bool:
        return bool(self.instrs) and isinstance(self.instrs[-1], TERMINATORS)

    @property
    def successors(self) -> list["Block"]:
        if not self.instrs:
            return []
        last = self.instrs[-1]
        if isinstance(last, Jump):
            return [last.target]
        if isinstance(last, If):
            return [last.then, last.else_]
        return []

    def __repr__(self) -> str:
        return f"Block({self.name}{self.index})"


@dataclass(eq=False)
class Function:
    """A monomorphic function. `free_vars` are set for closures (function literals)."""

    name: str                      # unique symbol name
    sig: Type                      # a Signature without type parameters
    file: str
    span: Span                     # the declaration (absolute)
    params: list[Param] = field(default_factory=list)
    free_vars: list[FreeVar] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    source_name: str = ""          # as in the program: "main", "(*Stack).Push", "func literal"
    recv: Type | None = None       # a method's receiver type (its first parameter)
    is_closure: bool = False
    recover_results: list = field(default_factory=list)   # named result cells (returned after defers)
    has_defer: bool = False
    _next_id: int = 0

    def new_block(self, name: str = "b") -> Block:
        b = Block(self, len(self.blocks), name)
        self.blocks.append(b)
        return b

    def number(self, v: Value) -> Value:
        self._next_id += 1
        v.id = self._next_id
        return v

    def instructions(self) -> Iterator[Instr]:
        for b in self.blocks:
            yield from b.instrs


@dataclass(eq=False)
class Global:
    name: str                      # symbol
    type: Type                     # the variable's type
    source_name: str = ""


@dataclass(eq=False)
class Program:
    functions: list[Function] = field(default_factory=list)
    globals: list[Global] = field(default_factory=list)
    init_order: list[Function] = field(default_factory=list)   # package initialisers, then main.main
    main: Function | None = None
    files: dict[str, str] = field(default_factory=dict)        # path -> text (debug locations)
    # (type key, method name) -> (method function, selection) for every boxed type's method set
    methods: dict = field(default_factory=dict)
    runtime: dict = field(default_factory=dict)                # rt helper name -> Function


# ---------------------------------------------------------------------------------------- printing
def format_function(fn: Function) -> str:
    """A readable dump, for tests and `goo build --ir`."""
    from .types import type_string

    def name(v: Value) -> str:
        match v:
            case Const():
                return repr(v.value) if v.value is not None else "zero"
            case Param():
                return f"%{v.name}"
            case FreeVar():
                return f"^{v.name}"
            case FuncRef():
                return f"@{v.func.name}"
            case GlobalRef():
                return f"@{v.glob.name}"
            case Block():
                return v.name
        return f"t{v.id}"

    lines = [f"func {fn.name} {type_string(fn.sig)}"]
    for b in fn.blocks:
        lines.append(f"  {b.name}{b.index}:")
        for ins in b.instrs:
            parts = []
            for n in _operand_fields(type(ins)):
                val = getattr(ins, n)
                if isinstance(val, Value):
                    parts.append(name(val))
                elif isinstance(val, Block):
                    parts.append(f"{val.name}{val.index}")
                elif isinstance(val, list):
                    parts.append("[" + ", ".join(name(x) if isinstance(x, Value) else str(x) for x in val) + "]")
                elif isinstance(val, Function):
                    parts.append("@" + val.name)
                elif val is not None and not isinstance(val, bool) or val is True:
                    parts.append(f"{n}={type_string(val) if isinstance(val, Type) else val}")
            lhs = f"t{ins.id} = " if ins.type is not None else ""
            lines.append(f"    {lhs}{type(ins).__name__} {' '.join(parts)}")
    return "\n".join(lines)
