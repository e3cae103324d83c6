"""Goo types as LLVM types (textual IR, opaque pointers), their sizes and alignments on x86-64,
and Go's spelling of types for `%T` and panic messages.

Representation (the ABI every back-end module shares):
- bool i1; int/uint/uintptr i64; intN/uintN iN; float32 float; float64 double
- string {ptr, i64}; slice {ptr, i64, i64}; interface {ptr itab-or-descriptor, ptr data}
- pointer, map, chan, func: ptr (a func value points to a closure object whose first word is
  the code pointer; every Goo function takes (ptr ctx, ptr env, params...))
- array [N x T]; struct {fields}; tuple and error union `!T` {T, error}; nullable `?T` {T, i1}
- enum {i64 tag, every variant's payload fields in declaration order}

Invariant: `size_align` agrees with LLVM's data layout for the emitted types (checked by tests
against llvmlite's ABI size).
"""

from __future__ import annotations

import struct as _struct
from functools import lru_cache

from .objects import ERROR_TYPE
from .types import (
    Array,
    Basic,
    Chan,
    ChanDir,
    Enum,
    ErrorUnion,
    Interface,
    Kind,
    Map,
    Named,
    Nullable,
    Pointer,
    Signature,
    Slice,
    Struct,
    Tuple,
    Type,
    TypeParam,
    underlying,
)

STRING_T = "{ ptr, i64 }"
SLICE_T = "{ ptr, i64, i64 }"
IFACE_T = "{ ptr, ptr }"

_BASIC = {
    Kind.BOOL: "i1", Kind.INT: "i64", Kind.UINT: "i64", Kind.UINTPTR: "i64",
    Kind.INT8: "i8", Kind.UINT8: "i8", Kind.INT16: "i16", Kind.UINT16: "i16",
    Kind.INT32: "i32", Kind.UINT32: "i32", Kind.INT64: "i64", Kind.UINT64: "i64",
    Kind.FLOAT32: "float", Kind.FLOAT64: "double", Kind.STRING: STRING_T,
    Kind.UNTYPED_BOOL: "i1", Kind.UNTYPED_INT: "i64", Kind.UNTYPED_RUNE: "i32",
    Kind.UNTYPED_FLOAT: "double", Kind.UNTYPED_STRING: STRING_T, Kind.UNTYPED_NIL: "ptr",
}

SIGNED_KINDS = {Kind.INT, Kind.INT8, Kind.INT16, Kind.INT32, Kind.INT64, Kind.UNTYPED_INT, Kind.UNTYPED_RUNE}
UNSIGNED_KINDS = {Kind.UINT, Kind.UINT8, Kind.UINT16, Kind.UINT32, Kind.UINT64, Kind.UINTPTR}
FLOAT_KINDS = {Kind.FLOAT32, Kind.FLOAT64, Kind.UNTYPED_FLOAT}


def enum_fields(e: Enum) -> list[tuple[int, int, Type]]:
    """(variant index, field index, type) of every payload field, in layout order."""
    return [(v.index, i, f.type) for v in e.variants for i, f in enumerate(v.fields)]


def enum_slot(e: Enum, variant: int, field: int) -> int:
    """The struct index of a payload field in the enum's LLVM struct (tag is index 0)."""
    k = 1
    for v in e.variants:
        for i, _ in enumerate(v.fields):
            if v.index == variant and i == field:
                return k
            k += 1
    raise KeyError((variant, field))


def ltype(t: Type | None) -> str:
    """The LLVM type of values of Goo type t ("void" for no value)."""
    if t is None:
        return "void"
    return _ltype(t)


@lru_cache(maxsize=None)
def _ltype_cached(key: int, t: Type) -> str:
    return _compute(t)


def _ltype(t: Type) -> str:
    try:
        return _ltype_cached(id(t), t)
    except TypeError:  # unhashable type objects
        return _compute(t)


def _compute(t: Type) -> str:
    u = underlying(t)
    match u:
        case Basic():
            return _BASIC.get(u.kind, "i64")
        case Pointer() | Map() | Chan() | Signature():
            return "ptr"
        case Slice():
            return SLICE_T
        case Interface():
            return IFACE_T
        case Array():
            return f"[{u.length} x {_ltype(u.elem)}]"
        case Struct():
            return "{ " + ", ".join(_ltype(f.type) for f in u.fields) + " }" if u.fields else "{}"
        case Tuple():
            return "{ " + ", ".join(_ltype(x) for x in u.types) + " }" if u.types else "{}"
        case ErrorUnion():
            return "{ " + _ltype(u.elem) + ", " + IFACE_T + " }"
        case Nullable():
            return "{ " + _ltype(u.elem) + ", i1 }"
        case Enum():
            parts = ["i64"] + [_ltype(ft) for _, _, ft in enum_fields(u)]
            return "{ " + ", ".join(parts) + " }"
    raise TypeError(f"no LLVM type for {t!r}")


def size_align(t: Type) -> tuple[int, int]:
    u = underlying(t)
    match u:
        case Basic():
            k = u.kind
            if k in (Kind.STRING, Kind.UNTYPED_STRING):
                return 16, 8
            lt = _BASIC.get(k, "i64")
            return {"i1": (1, 1), "i8": (1, 1), "i16": (2, 2), "i32": (4, 4), "i64": (8, 8),
                    "float": (4, 4), "double": (8, 8), "ptr": (8, 8)}[lt]
        case Pointer() | Map() | Chan() | Signature():
            return 8, 8
        case Slice():
            return 24, 8
        case Interface():
            return 16, 8
        case Array():
            s, a = size_align(u.elem)
            return s * u.length, a
        case Struct():
            return _struct_layout([f.type for f in u.fields])[:2]
        case Tuple():
            return _struct_layout(list(u.types))[:2]
        case ErrorUnion():
            return _struct_layout([u.elem, ERROR_TYPE])[:2]
        case Nullable():
            return _struct_layout([u.elem, Basic(Kind.BOOL, "bool")])[:2]
        case Enum():
            return _struct_layout([Basic(Kind.INT, "int")] + [ft for _, _, ft in enum_fields(u)])[:2]
    raise TypeError(f"no layout for {t!r}")


def _struct_layout(types: list[Type]) -> tuple[int, int, list[int]]:
    offset = 0
    align = 1
    offsets = []
    for ft in types:
        s, a = size_align(ft)
        offset = (offset + a - 1) // a * a
        offsets.append(offset)
        offset += s
        align = max(align, a)
    size = (offset + align - 1) // align * align
    return size, align, offsets


def field_offsets(t: Type) -> list[int]:
    u = underlying(t)
    if isinstance(u, Struct):
        return _struct_layout([f.type for f in u.fields])[2]
    if isinstance(u, Enum):
        return _struct_layout([Basic(Kind.INT, "int")] + [ft for _, _, ft in enum_fields(u)])[2]
    if isinstance(u, Tuple):
        return _struct_layout(list(u.types))[2]
    raise TypeError(t)


def is_pointer_shaped(t: Type) -> bool:
    """Values stored directly in an interface's data word (others are boxed)."""
    return isinstance(underlying(t), (Pointer, Map, Chan, Signature))


def is_signed(t: Type) -> bool:
    u = underlying(t)
    return isinstance(u, Basic) and u.kind in SIGNED_KINDS


def is_float(t: Type) -> bool:
    u = underlying(t)
    return isinstance(u, Basic) and u.kind in FLOAT_KINDS


def is_integer(t: Type) -> bool:
    u = underlying(t)
    return isinstance(u, Basic) and (u.kind in SIGNED_KINDS or u.kind in UNSIGNED_KINDS)


def is_string(t: Type) -> bool:
    u = underlying(t)
    return isinstance(u, Basic) and u.kind in (Kind.STRING, Kind.UNTYPED_STRING)


def int_bits(t: Type) -> int:
    lt = ltype(t)
    return {"i1": 1, "i8": 8, "i16": 16, "i32": 32, "i64": 64}.get(lt, 64)


# ---- constants ------------------------------------------------------------------------------------
def float_literal(value: float, single: bool) -> str:
    """LLVM's exact hexadecimal form of a double (float constants must be exactly
    representable as float, so single precision rounds first)."""
    if single:
        value = _struct.unpack("<f", _struct.pack("<f", value))[0] if abs(value) < 3.5e38 or value != value else value
    return "0x%016X" % _struct.unpack("<Q", _struct.pack("<d", value))[0]


# ---- Go's names of types ----------------------------------------------------------------------------
def go_type_name(t: Type) -> str:
    """The type as %T prints it: int, main.Point, []string, map[string]int, *main.Node, ?int."""
    match t:
        case Named():
            pkg = t.obj.pkg or "main"
            if t.obj.name in ("error",) and t.obj.pkg is None:
                return "error"
            return f"{pkg}.{t.obj.name}"
        case Basic():
            return {"byte": "uint8", "rune": "int32"}.get(t.name, t.name)
        case Pointer():
            return "*" + go_type_name(t.elem)
        case Slice():
            return "[]" + go_type_name(t.elem)
        case Array():
            return f"[{t.length}]" + go_type_name(t.elem)
        case Map():
            return f"map[{go_type_name(t.key)}]{go_type_name(t.elem)}"
        case Chan():
            match t.dir:
                case ChanDir.SEND:
                    return "chan<- " + go_type_name(t.elem)
                case ChanDir.RECV:
                    return "<-chan " + go_type_name(t.elem)
            return "chan " + go_type_name(t.elem)
        case Nullable():
            return "?" + go_type_name(t.elem)
        case ErrorUnion():
            return "!" + go_type_name(t.elem)
        case Signature():
            params = ", ".join(("..." + go_type_name(p.type.elem)) if t.variadic and i == len(t.params) - 1 and isinstance(p.type, Slice)
                               else go_type_name(p.type) for i, p in enumerate(t.params))
            res = [go_type_name(r.type) for r in t.results]
            out = f"func({params})"
            if len(res) == 1:
                out += " " + res[0]
            elif res:
                out += " (" + ", ".join(res) + ")"
            return out
        case Struct():
            if not t.fields:
                return "struct {}"
            parts = []
            for f in t.fields:
                parts.append(go_type_name(f.type) if f.embedded else f"{f.name} {go_type_name(f.type)}")
            return "struct { " + "; ".join(parts) + " }"
        case Interface():
            ms = t.all_methods()
            if not ms and not t.embedded:
                return "interface {}"
            return "interface { " + "; ".join(m.name + go_type_name(m.sig)[4:] for m in ms) + " }"
        case Tuple():
            return "(" + ", ".join(go_type_name(x) for x in t.types) + ")"
        case Enum():
            return "enum"
        case TypeParam():
            return t.name
    return str(t)


__all__ = ["ltype", "size_align", "field_offsets", "is_pointer_shaped", "go_type_name", "float_literal",
           "enum_slot", "enum_fields", "STRING_T", "SLICE_T", "IFACE_T"]
