"""Generic functions (spec §10.4): substitution of type parameters, type inference by
unification (Go's function argument type inference), and constraint satisfaction.

Pure functions on types; the checker turns the returned reasons into diagnostics.
"""

from __future__ import annotations

from .lookup import missing_method, satisfies_type_set
from .types import (
    Array,
    Chan,
    ErrorUnion,
    Interface,
    Map,
    Method,
    Named,
    Nullable,
    Param,
    Pointer,
    Signature,
    Slice,
    Struct,
    StructField,
    Term,
    Tuple,
    Type,
    TypeParam,
    comparable,
    identical,
    underlying,
)

Subst = dict[TypeParam, Type]


def subst(t: Type, m: Subst) -> Type:
    if not m:
        return t
    match t:
        case TypeParam():
            return m.get(t, t)
        case Pointer():
            return Pointer(subst(t.elem, m))
        case Slice():
            return Slice(subst(t.elem, m))
        case Array():
            return Array(t.length, subst(t.elem, m))
        case Map():
            return Map(subst(t.key, m), subst(t.elem, m))
        case Chan():
            return Chan(t.dir, subst(t.elem, m))
        case ErrorUnion():
            return ErrorUnion(subst(t.elem, m))
        case Nullable():
            return Nullable(subst(t.elem, m))
        case Tuple():
            return Tuple(tuple(subst(x, m) for x in t.types))
        case Signature():
            return Signature(tuple(Param(p.name, subst(p.type, m), p.comptime) for p in t.params),
                             tuple(Param(p.name, subst(p.type, m)) for p in t.results), t.variadic,
                             tuple(tp for tp in t.type_params if tp not in m))
        case Struct():
            return Struct(tuple(StructField(f.name, subst(f.type, m), f.embedded, f.tag, f.exported, f.obj) for f in t.fields))
        case Interface():
            return Interface(tuple(Method(x.name, subst(x.sig, m), x.obj) for x in t.methods),  # type: ignore[arg-type]
                             tuple(subst(x, m) for x in t.embedded),
                             tuple(tuple(Term(term.tilde, subst(term.type, m)) for term in line) for line in t.terms),
                             t.comparable)
    return t


def unify(param: Type, arg: Type, bindings: Subst, tparams: tuple[TypeParam, ...]) -> bool:
    """Extend `bindings` so that subst(param) is identical to arg (or arg's underlying type
    where Go allows inexact unification of a named type against a type literal)."""
    if isinstance(param, TypeParam) and param in tparams:
        bound = bindings.get(param)
        if bound is None:
            bindings[param] = arg
            return True
        return identical(bound, arg) or identical(underlying(bound), underlying(arg)) and not (
            isinstance(bound, Named) and isinstance(arg, Named))
    if isinstance(arg, Named) and not isinstance(param, Named):
        arg_u = underlying(arg)
        if type(arg_u) is type(param) and not isinstance(param, TypeParam):
            return unify(param, arg_u, bindings, tparams)
    match param:
        case Pointer() if isinstance(arg, Pointer):
            return unify(param.elem, arg.elem, bindings, tparams)
        case Slice() if isinstance(arg, Slice):
            return unify(param.elem, arg.elem, bindings, tparams)
        case Array() if isinstance(arg, Array):
            return (param.length == arg.length or param.length < 0 or arg.length < 0) and unify(param.elem, arg.elem, bindings, tparams)
        case Map() if isinstance(arg, Map):
            return unify(param.key, arg.key, bindings, tparams) and unify(param.elem, arg.elem, bindings, tparams)
        case Chan() if isinstance(arg, Chan):
            return unify(param.elem, arg.elem, bindings, tparams)
        case Nullable() if isinstance(arg, Nullable):
            return unify(param.elem, arg.elem, bindings, tparams)
        case Signature() if isinstance(arg, Signature):
            if len(param.params) != len(arg.params) or len(param.results) != len(arg.results) or param.variadic != arg.variadic:
                return False
            return all(unify(p.type, a.type, bindings, tparams) for p, a in zip(param.params, arg.params)) and all(
                unify(p.type, a.type, bindings, tparams) for p, a in zip(param.results, arg.results))
        case Struct() if isinstance(arg, Struct):
            return len(param.fields) == len(arg.fields) and all(
                p.name == a.name and unify(p.type, a.type, bindings, tparams) for p, a in zip(param.fields, arg.fields))
    if mentions(param, tparams):
        return False
    return identical(param, arg) or identical(underlying(param), underlying(arg)) and not (
        isinstance(param, Named) and isinstance(arg, Named))


def mentions(t: Type, tparams: tuple[TypeParam, ...], depth: int = 0) -> bool:
    if depth > 30:
        return False
    match t:
        case TypeParam():
            return t in tparams
        case Pointer() | Slice() | Array() | Chan() | Nullable() | ErrorUnion():
            return mentions(t.elem, tparams, depth + 1)
        case Map():
            return mentions(t.key, tparams, depth + 1) or mentions(t.elem, tparams, depth + 1)
        case Signature():
            return any(mentions(p.type, tparams, depth + 1) for p in t.params + t.results)
        case Struct():
            return any(mentions(f.type, tparams, depth + 1) for f in t.fields)
        case Tuple():
            return any(mentions(x, tparams, depth + 1) for x in t.types)
    return False


def unsatisfied(arg: Type, constraint: Type) -> str | None:
    """Why `arg` does not satisfy `constraint` (None if it does)."""
    c = underlying(constraint)
    if not isinstance(c, Interface):
        return "constraint is not an interface"
    if c.is_comparable_constraint() and not comparable(arg):
        return "comparable"
    if c.type_set_terms() and not satisfies_type_set(arg, c):
        return "type set"
    if c.all_methods():
        miss = missing_method(arg, c)
        if miss is not None:
            if miss.pointer_receiver:
                return f"method {miss.name} has pointer receiver"
            if miss.wrong_type:
                return f"wrong type for method {miss.name}"
            return f"missing method {miss.name}"
    return None
