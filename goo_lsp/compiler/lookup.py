"""Pure relations between types: selector lookup, method sets, `implements`, assignability,
convertibility (Go's rules, spec §6.2 and §7.1, plus the Goo rules for `?T`).

Nothing here reports diagnostics; callers turn the returned reasons into messages.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .objects import Func, Var
from .types import (
    INT_BITS,
    Array,
    Basic,
    Chan,
    ChanDir,
    Enum,
    ErrorUnion,
    Interface,
    Kind,
    Map,
    Method,
    Named,
    Nullable,
    Pointer,
    Signature,
    Slice,
    Struct,
    StructField,
    Type,
    TypeParam,
    core_type,
    identical,
    is_boolean,
    is_float,
    is_integer,
    is_interface,
    is_numeric,
    is_string,
    is_untyped,
    underlying,
)


class SelKind(enum.Enum):
    FIELD = "field"
    METHOD = "method"


@dataclass(frozen=True, slots=True)
class Selection:
    kind: SelKind
    name: str
    type: Type                 # field type, or method signature (receiver bound)
    path: tuple[int, ...]      # embedded-field indexes walked (last is the field index for fields)
    indirect: bool             # a pointer was followed on the way
    func: Func | None = None   # method object (concrete methods)
    field: StructField | None = None
    pointer_recv: bool = False  # method needs an addressable / pointer receiver
    iface_method: Method | None = None


def _deref(t: Type) -> tuple[Type, bool]:
    u = underlying(t)
    if isinstance(u, Pointer):
        return u.elem, True
    return t, False


def lookup(t: Type, name: str) -> Selection | None | str:
    """Find field or method `name` of `t` (breadth-first through embedded fields, like Go).
    Returns None if absent, or the string "ambiguous" if two are found at the same depth."""
    if not name or name == "_":
        return None
    base, indirect = _deref(t)
    if isinstance(base, TypeParam) or isinstance(underlying(base), TypeParam):
        tp = base if isinstance(base, TypeParam) else underlying(base)
        c = underlying(tp.constraint)
        if isinstance(c, Interface):
            for m in c.all_methods():
                if m.name == name:
                    return Selection(SelKind.METHOD, name, m.sig, (), indirect, m.obj, iface_method=m)
        core = core_type(tp)
        if isinstance(core, Struct):
            i = core.field_index(name)
            if i >= 0:
                f = core.fields[i]
                return Selection(SelKind.FIELD, name, f.type, (i,), indirect, field=f)
        return None
    # interface methods
    u = underlying(base)
    if isinstance(u, Interface) and not indirect:
        for m in u.all_methods():
            if m.name == name:
                return Selection(SelKind.METHOD, name, m.sig, (), False, m.obj, iface_method=m)
        return None
    current: list[tuple[Type, tuple[int, ...], bool]] = [(base, (), indirect)]
    seen: set[int] = set()
    while current:
        found: list[Selection] = []
        nxt: list[tuple[Type, tuple[int, ...], bool]] = []
        for typ, path, ind in current:
            if isinstance(typ, Named):
                if id(typ) in seen:
                    continue
                seen.add(id(typ))
                m = typ.method(name)
                if m is not None:
                    found.append(Selection(SelKind.METHOD, name, m.type, path, ind, m,
                                           pointer_recv=m.pointer_recv))
                    continue
            ut = underlying(typ)
            if isinstance(ut, Struct):
                for i, f in enumerate(ut.fields):
                    if f.name == name:
                        found.append(Selection(SelKind.FIELD, name, f.type, path + (i,), ind, field=f))
                    if f.embedded:
                        et, eind = _deref(f.type)
                        nxt.append((et, path + (i,), ind or eind))
            elif isinstance(ut, Interface) and path:
                for m in ut.all_methods():
                    if m.name == name:
                        found.append(Selection(SelKind.METHOD, name, m.sig, path, ind, m.obj, iface_method=m))
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            return "ambiguous"
        current = nxt
    return None


def method_set_names(t: Type) -> dict[str, Selection]:
    """All methods callable on a value of type t (including through embedding), by name.
    Pointer-receiver methods are included; `Selection.pointer_recv` tells them apart."""
    out: dict[str, Selection] = {}
    base, _ = _deref(t)
    u = underlying(base)
    if isinstance(u, Interface):
        for m in u.all_methods():
            out[m.name] = Selection(SelKind.METHOD, m.name, m.sig, (), False, m.obj, iface_method=m)
        return out
    names: set[str] = set()
    stack: list[Type] = [base]
    seen: set[int] = set()
    depth = 0
    while stack and depth < 8:
        nxt: list[Type] = []
        for typ in stack:
            if isinstance(typ, Named):
                if id(typ) in seen:
                    continue
                seen.add(id(typ))
                names.update(m.name for m in typ.methods)
            ut = underlying(typ)
            if isinstance(ut, Struct):
                for f in ut.fields:
                    if f.embedded:
                        nxt.append(_deref(f.type)[0])
            elif isinstance(ut, Interface) and typ is not base:
                names.update(m.name for m in ut.all_methods())
        stack = nxt
        depth += 1
    for name in names:
        sel = lookup(t, name)
        if isinstance(sel, Selection) and sel.kind is SelKind.METHOD:
            out[name] = sel
    return out


@dataclass(frozen=True, slots=True)
class MissingMethod:
    name: str
    wrong_type: bool      # present with another signature
    pointer_receiver: bool  # present, but only on *T
    have: Type | None = None
    want: Type | None = None


def missing_method(t: Type, iface: Interface) -> MissingMethod | None:
    """Does `t` implement `iface`'s methods? Returns the first missing method (sorted by name)."""
    is_ptr = isinstance(underlying(t), Pointer)
    ut = underlying(t)
    for m in iface.all_methods():
        if isinstance(ut, Interface):
            have = next((x for x in ut.all_methods() if x.name == m.name), None)
            if have is None:
                return MissingMethod(m.name, False, False)
            if not identical(have.sig, m.sig):
                return MissingMethod(m.name, True, False, have.sig, m.sig)
            continue
        sel = lookup(t, m.name)
        if not isinstance(sel, Selection) or sel.kind is not SelKind.METHOD:
            return MissingMethod(m.name, False, False)
        sig = sel.type
        if not isinstance(sig, Signature) or not identical(sig, m.sig):
            return MissingMethod(m.name, True, False, sig, m.sig)
        if sel.pointer_recv and not is_ptr and not sel.indirect:
            return MissingMethod(m.name, False, True)
    return None


def satisfies_type_set(t: Type, iface: Interface) -> bool:
    """Is t in the type set of iface's terms (ignoring methods)?"""
    for line in iface.type_set_terms():
        ok = False
        for term in line:
            if term.tilde:
                if identical(underlying(t), underlying(term.type)):
                    ok = True
            elif identical(t, term.type):
                ok = True
        if not ok:
            return False
    return True


class AssignResult(enum.Enum):
    OK = "ok"
    NO = "no"
    NULLABLE = "nullable"          # ?T used where T is needed
    MISSING_METHOD = "missing"     # T is an interface V does not implement


def assignable(v: Type, t: Type) -> tuple[AssignResult, MissingMethod | None]:
    """Is a (non-constant) value of type v assignable to type t? Untyped constants are handled
    by the caller (representability)."""
    if identical(v, t):
        return AssignResult.OK, None
    vu, tu = underlying(v), underlying(t)
    if isinstance(v, Basic) and v.kind == Kind.UNTYPED_NIL:
        if isinstance(tu, (Pointer, Slice, Map, Chan, Signature, Interface, Nullable)) and not isinstance(t, TypeParam):
            return AssignResult.OK, None
        return AssignResult.NO, None
    if is_untyped(v):
        if isinstance(tu, Interface) and not isinstance(t, TypeParam):
            if not tu.all_methods():
                return AssignResult.OK, None
        if isinstance(tu, Nullable):
            return assignable(v, tu.elem)
        if isinstance(tu, Basic):
            if v.kind == Kind.UNTYPED_BOOL and is_boolean(tu):
                return AssignResult.OK, None
            if v.kind in (Kind.UNTYPED_INT, Kind.UNTYPED_RUNE, Kind.UNTYPED_FLOAT) and is_numeric(tu):
                return AssignResult.OK, None
            if v.kind == Kind.UNTYPED_STRING and is_string(tu):
                return AssignResult.OK, None
        if isinstance(t, TypeParam):
            c = underlying(t.constraint)
            if isinstance(c, Interface) and c.type_set_terms():
                if all(assignable(v, term.type)[0] is AssignResult.OK for line in c.type_set_terms() for term in line):
                    return AssignResult.OK, None
        return AssignResult.NO, None
    # identical underlying types, at least one not named
    if identical(vu, tu) and not (isinstance(v, (Named, TypeParam)) and isinstance(t, (Named, TypeParam))):
        if not isinstance(v, TypeParam) and not isinstance(t, TypeParam):
            return AssignResult.OK, None
    # interfaces
    if isinstance(tu, Interface) and not isinstance(t, TypeParam):
        if tu.is_constraint_only():
            return AssignResult.NO, None
        miss = missing_method(v, tu)
        if miss is None:
            return AssignResult.OK, None
        return AssignResult.MISSING_METHOD, miss
    # channels
    if isinstance(vu, Chan) and isinstance(tu, Chan) and vu.dir is ChanDir.BOTH and identical(vu.elem, tu.elem):
        if not (isinstance(v, Named) and isinstance(t, Named)):
            return AssignResult.OK, None
    # nullables
    if isinstance(tu, Nullable):
        if isinstance(vu, Nullable):
            return (AssignResult.OK, None) if identical(vu.elem, tu.elem) else (AssignResult.NO, None)
        r, miss = assignable(v, tu.elem)
        return (AssignResult.OK, None) if r is AssignResult.OK else (r, miss)
    if isinstance(vu, Nullable) and not isinstance(v, Named):
        if assignable(vu.elem, t)[0] is AssignResult.OK:
            return AssignResult.NULLABLE, None
    return AssignResult.NO, None


def convertible(v: Type, t: Type) -> bool:
    """Go's conversion rules for a non-constant value of type v to type t."""
    if assignable(v, t)[0] is AssignResult.OK:
        return True
    vu, tu = underlying(v), underlying(t)
    if isinstance(v, TypeParam) or isinstance(t, TypeParam):
        vc, tc = core_type(v), core_type(t)
        if isinstance(vc, TypeParam) or isinstance(tc, TypeParam):
            return isinstance(vc, TypeParam) and isinstance(tc, TypeParam) and vc is tc
        return convertible(vc, tc)
    if _ignore_tags_identical(vu, tu):
        return True
    if isinstance(vu, Pointer) and isinstance(tu, Pointer) and _ignore_tags_identical(underlying(vu.elem), underlying(tu.elem)):
        return True
    if is_numeric(vu) and is_numeric(tu):
        return True
    if is_string(tu):
        if is_integer(vu):
            return True
        if isinstance(vu, Slice) and is_basic_kind(vu.elem, (Kind.UINT8, Kind.INT32)):
            return True
    if is_string(vu) and isinstance(tu, Slice) and is_basic_kind(tu.elem, (Kind.UINT8, Kind.INT32)):
        return True
    if isinstance(vu, Slice) and isinstance(tu, (Array, Pointer)):
        target = tu if isinstance(tu, Array) else underlying(tu.elem)
        return isinstance(target, Array) and identical(vu.elem, target.elem)
    if isinstance(tu, Nullable):
        return convertible(v, tu.elem)
    return False


def is_basic_kind(t: Type, kinds: tuple[Kind, ...]) -> bool:
    u = underlying(t)
    return isinstance(u, Basic) and u.kind in kinds


def _ignore_tags_identical(a: Type, b: Type) -> bool:
    if isinstance(a, Struct) and isinstance(b, Struct):
        return len(a.fields) == len(b.fields) and all(
            x.name == y.name and x.embedded == y.embedded and identical(x.type, y.type)
            for x, y in zip(a.fields, b.fields))
    return identical(a, b)


def contains_lock(t: Type, seen: set[int] | None = None) -> str | None:
    """Name of a sync lock type contained by value in t (for the `sync-copy` warning)."""
    seen = seen or set()
    if isinstance(t, Named):
        if id(t) in seen:
            return None
        seen.add(id(t))
        if t.obj.pkg == "sync" and t.obj.name in ("Mutex", "RWMutex", "WaitGroup", "Once", "Cond"):
            return f"sync.{t.obj.name}"
        if t.obj.pkg == "atomic" and t.obj.name in ("Int64", "Int32", "Bool", "Uint64", "Uint32"):
            return f"atomic.{t.obj.name}"
    u = underlying(t)
    if isinstance(u, Struct):
        for f in u.fields:
            found = contains_lock(f.type, seen)
            if found:
                return found
    if isinstance(u, Array):
        return contains_lock(u.elem, seen)
    return None


__all__ = [
    "SelKind", "Selection", "lookup", "method_set_names", "MissingMethod", "missing_method",
    "satisfies_type_set", "AssignResult", "assignable", "convertible", "contains_lock", "Var", "INT_BITS",
    "Enum", "ErrorUnion", "is_float", "is_interface",
]
