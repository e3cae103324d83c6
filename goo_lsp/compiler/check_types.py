"""Checker mixin: type expressions -> types (spec §6), signatures, struct/interface/enum types,
type parameters and constraints (spec §10.4, §10.8).

Invariants: a malformed type expression is reported once and yields INVALID, which every
later check accepts silently; `!T` is accepted only where `allow_union` says a result type is
being resolved (anything else is `invalid-error-union`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import syntax as S
from .check_base import Mode
from .constants import representable
from .diagnostics import Fix
from .objects import ConceptObj, Const, PkgName, TypeName, VariantObj
from .types import (
    EMPTY_INTERFACE,
    INT,
    INVALID,
    Array,
    Chan,
    ChanDir,
    Enum,
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
    Type,
    TypeParam,
    is_boolean,
    is_integer,
    is_numeric,
    is_string,
    underlying,
)

if TYPE_CHECKING:  # pragma: no cover
    from .check import Checker

RUST_NAMES = {"i8": "int8", "i16": "int16", "i32": "int32", "i64": "int64", "u8": "uint8", "u16": "uint16",
              "u32": "uint32", "u64": "uint64", "f32": "float32", "f64": "float64", "usize": "uint",
              "isize": "int", "char": "rune", "String": "string", "str": "string", "Vec": "[]T",
              "boolean": "bool", "Option": "?T", "Result": "!T", "HashMap": "map[K]V"}


class TypeMixin:
    # ---- entry points -------------------------------------------------------------------------
    def type_expr(self: "Checker", e: S.Expr, allow_union: bool = False) -> Type:
        t = self._type(e, allow_union)
        if t is not INVALID:
            self.info.types[e.id] = _tv_type(t)
        return t

    def _type(self: "Checker", e: S.Expr, allow_union: bool) -> Type:
        match e:
            case S.Ident():
                return self._type_name(e)
            case S.Selector():
                return self._qualified_type(e)
            case S.Paren():
                return self.type_expr(e.x, allow_union)
            case S.ArrayType():
                elem = self.type_expr(e.elem)
                if e.len is None:
                    self.error("invalid-operation", e, "invalid use of [...] array (outside a composite literal)")
                    return INVALID
                n = self.array_length(e.len)
                return Array(n, elem) if n is not None else INVALID
            case S.SliceType():
                return Slice(self.type_expr(e.elem))
            case S.MapType():
                key = self.type_expr(e.key)
                value = self.type_expr(e.value)
                from .types import comparable
                if key is not INVALID and not isinstance(key, TypeParam) and not comparable(key) and not _is_pending(key):
                    self.error("invalid-operation", e.key, f"invalid map key type {self.tstr(key)}")
                return Map(key, value)
            case S.ChanType():
                if e.kind is not None:
                    self.warn("no-effect", e.kind, f"'{e.kind.name}' has no effect: the channel behaves as a plain chan")
                elem = self.type_expr(e.elem)
                return Chan({"both": ChanDir.BOTH, "send": ChanDir.SEND, "recv": ChanDir.RECV}[e.dir], elem)
            case S.PointerType():
                return Pointer(self.type_expr(e.elem))
            case S.Unary(op="*"):
                return Pointer(self.type_expr(e.x))
            case S.Unary(op="<-") if isinstance(e.x, S.ChanType) and e.x.dir == "both":
                return Chan(ChanDir.RECV, self.type_expr(e.x.elem))
            case S.FuncType():
                return self.signature(e)
            case S.StructType():
                return self.struct_type(e)
            case S.InterfaceType():
                return self.interface_type(e)
            case S.EnumType():
                self.error("unsupported-feature", e, "an enum type must be declared with a type declaration: type Name enum { ... }")
                return INVALID
            case S.ErrorUnionType():
                inner = self.type_expr(e.elem, allow_union=True)
                if not allow_union:
                    self.error("invalid-error-union", e, "!T is only allowed as a function result type")
                    return inner
                if isinstance(inner, (ErrorUnion, Nullable)) or isinstance(e.elem, (S.ErrorUnionType, S.NullableType)):
                    self.error("invalid-error-union", e, f"invalid error union {self.text_of(e)}: the value type cannot be an error union or nullable")
                    return ErrorUnion(underlying_goo(inner))
                return ErrorUnion(inner)
            case S.NullableType():
                inner = self.type_expr(e.elem)
                if isinstance(e.elem, S.ErrorUnionType):
                    return Nullable(underlying_goo(inner))  # already reported as invalid-error-union
                if isinstance(inner, Nullable):
                    self.error("nullable-misuse", e, f"invalid nullable type {self.text_of(e)}: the value type cannot be nullable")
                    return inner
                return Nullable(inner)
            case S.RefType():
                self.error("unsupported-feature", e, "reference types &T are not supported: use a pointer *T")
                return Pointer(self.type_expr(e.elem))  # read as *T so uses do not cascade
            case S.GenericType() | S.Index():
                self.error("unsupported-feature", e, "generic types are not supported yet: only functions may have type parameters")
                return INVALID
            case S.BadExpr():
                return INVALID
        self.error("not-a-type", e, f"{self.text_of(e)} is not a type")
        return INVALID

    def _type_name(self: "Checker", e: S.Ident) -> Type:
        if e.name == "_":
            self.error("not-a-type", e, "cannot use _ as type")
            return INVALID
        obj = self.scope.lookup(e.name)
        if obj is None:
            self._undefined(e)
            return INVALID
        self.record_use(e, obj)
        if isinstance(obj, TypeName):
            t = self.env.type_of_typename(obj)
            return t if t is not None else INVALID
        if isinstance(obj, VariantObj):
            enum_t = obj.type
            self.error("not-a-type", e, f"{e.name} is a variant of {self.tstr(enum_t) if enum_t else 'an enum'}, not a type")
            return INVALID
        if isinstance(obj, ConceptObj):
            self.error("not-a-type", e, f"concept {e.name} can only be used as a type parameter constraint")
            return INVALID
        if isinstance(obj, PkgName):
            self.info.used_pkgs.add(obj.name)
            self.error("not-a-type", e, f"use of package {e.name} not in selector")
            return INVALID
        from .objects import Var as _Var
        if isinstance(obj, _Var):
            obj.used = True  # a mistaken use is still a use: no follow-up "declared and not used"
        self.error("not-a-type", e, f"{e.name} is not a type")
        return INVALID

    def _undefined(self: "Checker", e: S.Ident) -> None:
        if e.name == "unsafe":
            return  # `unsafe.X` was reported as unsupported by the parser
        if e.name in ("complex64", "complex128"):
            self.error("unsupported-feature", e, f"complex numbers are not supported: {e.name}")
            return
        suggestion = RUST_NAMES.get(e.name)
        if suggestion:
            fixes = () if "T" in suggestion or "K" in suggestion else (Fix(f"Replace with {suggestion}", e.span, suggestion),)
            self.error("undefined-name", e, f"undefined: {e.name} (did you mean {suggestion}?)", fixes=fixes)
        else:
            self.error("undefined-name", e, f"undefined: {e.name}")

    def _qualified_type(self: "Checker", e: S.Selector) -> Type:
        if not isinstance(e.x, S.Ident):
            self.error("not-a-type", e, f"{self.text_of(e)} is not a type")
            return INVALID
        obj = self.scope.lookup(e.x.name)
        if obj is None:
            self._undefined(e.x)
            return INVALID
        if not isinstance(obj, PkgName):
            self.record_use(e.x, obj)
            self.error("not-a-type", e, f"{self.text_of(e)} is not a type")
            return INVALID
        self.record_use(e.x, obj)
        self.info.used_pkgs.add(obj.name)
        if obj.package is None:
            return INVALID
        member = obj.package.scope.lookup_local(e.sel.name)
        if member is None:
            if e.sel.name[:1].islower():
                self.error("unexported-name", e.sel, f"name {e.sel.name} is not exported by package {obj.package.name}")
            else:
                self.error("undefined-name", e.sel, f"undefined: {e.x.name}.{e.sel.name}")
            return INVALID
        if not member.exported:
            self.error("unexported-name", e.sel, f"name {e.sel.name} is not exported by package {obj.package.name}")
            return INVALID
        self.record_use(e.sel, member)
        if isinstance(member, TypeName):
            return member.type if member.type is not None else INVALID
        self.error("not-a-type", e, f"{self.text_of(e)} is not a type")
        return INVALID

    def array_length(self: "Checker", e: S.Expr) -> int | None:
        x = self.expr(e)
        if x.invalid:
            return None
        if x.mode != Mode.CONSTANT:
            if x.mode == Mode.VARIABLE and getattr(x.obj, "comptime", False):
                return -1
            self.error("invalid-operation", e, f"array length {self.describe(x)} must be constant")
            return None
        if x.value is None:   # comptime parameter: known only per instance
            return -1
        if not is_integer(x.type) and not (isinstance(x.value, int) and not isinstance(x.value, bool)):
            from fractions import Fraction
            if not (isinstance(x.value, Fraction) and x.value.denominator == 1):
                self.error("type-mismatch", e, f"array length {self.describe(x)} must be integer")
                return None
        n = int(x.value)  # type: ignore[arg-type]
        if n < 0:
            self.error("invalid-operation", e, f"invalid array length {self.text_of(e)} (negative)")
            return None
        ok, _, _ = representable(n, INT)
        if not ok:
            self.error("constant-overflow", e, f"array length {self.text_of(e)} overflows int")
            return None
        return n

    # ---- signatures ---------------------------------------------------------------------------
    def signature(self: "Checker", ft: S.FuncType, type_params: tuple[TypeParam, ...] = ()) -> Signature:
        params: list[Param] = []
        variadic = False
        n = len(ft.params)
        for i, f in enumerate(ft.params):
            t = self.type_expr(f.type)
            if f.variadic:
                if i != n - 1 or len(f.names) > 1:
                    self.error("invalid-operation", f, "can only use ... with final parameter in list")
                else:
                    variadic = True
                t = Slice(t)
            if f.comptime:
                if t is not INVALID and not (is_boolean(t) or is_numeric(t) or is_string(t)):
                    self.error("comptime-not-constant", f.type,
                               f"comptime parameter of type {self.tstr(t)}: only boolean, numeric and string types can be comptime")
            if f.names:
                for name in f.names:
                    params.append(Param(name.name, t, f.comptime))
            else:
                params.append(Param("", t, f.comptime))
        results: list[Param] = []
        for f in ft.results:
            t = self.type_expr(f.type, allow_union=len(ft.results) == 1 and not f.names)
            if isinstance(f.type, S.ErrorUnionType) and (len(ft.results) != 1 or f.names):
                pass  # reported by type_expr: only a single unnamed result may be !T
            if f.names:
                for name in f.names:
                    results.append(Param(name.name, t))
            else:
                results.append(Param("", t))
        return Signature(tuple(params), tuple(results), variadic, type_params)

    # ---- struct / interface ------------------------------------------------------------------
    def struct_type(self: "Checker", st: S.StructType) -> Struct:
        fields: list[StructField] = []
        seen: dict[str, S.Node] = {}
        for f in st.fields:
            t = self.type_expr(f.type)
            tag = f.tag.value.decode("utf-8", "replace") if f.tag is not None and isinstance(f.tag.value, bytes) else ""
            if f.embedded or not f.names:
                name = _embedded_name(f.type)
                if name is None:
                    self.error("invalid-operation", f, "embedded field type must be a type name or a pointer to a type name")
                    continue
                if name in seen:
                    self.error("redeclared", f, f"{name} redeclared")
                seen[name] = f
                fields.append(StructField(name, t, True, tag, name[:1].isupper()))
                continue
            for ident in f.names:
                if ident.name in seen and ident.name != "_":
                    self.error("redeclared", ident, f"{ident.name} redeclared")
                seen[ident.name] = ident
                fields.append(StructField(ident.name, t, False, tag, ident.name[:1].isupper()))
        return Struct(tuple(fields))

    def interface_type(self: "Checker", it: S.InterfaceType | S.ConceptDecl) -> Interface:
        methods: list[Method] = []
        embedded: list[Type] = []
        terms: list[tuple[Term, ...]] = []
        names: set[str] = set()
        for elem in it.elems:
            if isinstance(elem, S.MethodSpec):
                sig = self.signature(elem.type)
                if elem.name.name in names:
                    self.error("redeclared", elem.name, f"duplicate method {elem.name.name}")
                    continue
                names.add(elem.name.name)
                methods.append(Method(elem.name.name, sig))
                continue
            line = []
            for term in elem.terms:
                t = self.constraint_type(term.type)
                if len(elem.terms) == 1 and not term.tilde and isinstance(underlying(t), Interface):
                    embedded.append(t)
                    line = []
                    break
                line.append(Term(term.tilde, t))
            if line:
                terms.append(tuple(line))
        return Interface(tuple(methods), tuple(embedded), tuple(terms))

    def constraint_type(self: "Checker", e: S.Expr) -> Type:
        """A type in constraint position: also accepts concepts (instantiated) and `comparable`."""
        if isinstance(e, (S.Ident, S.Index, S.GenericType)):
            base = e if isinstance(e, S.Ident) else (e.x if isinstance(e, S.Index) else e.base)
            args = () if isinstance(e, S.Ident) else (e.indices if isinstance(e, S.Index) else e.args)
            if isinstance(base, S.Ident):
                obj = self.scope.lookup(base.name)
                if isinstance(obj, ConceptObj):
                    self.record_use(base, obj)
                    return self.env.instantiate_concept(obj, tuple(self.type_expr(a) for a in args), self, e)
        return self.type_expr(e)

    def type_params(self: "Checker", tps: tuple[S.TypeParam, ...]) -> tuple[TypeParam, ...]:
        """Declare type parameters in the current scope and resolve their constraints."""
        out: list[TypeParam] = []
        pending: list[tuple[TypeParam, S.TypeParam]] = []
        for tp in tps:
            for name in tp.names:
                param = TypeParam(name.name, len(out))
                obj = TypeName(name.name, param, self.unit.loc(name.span), self.env.pkg_name)
                param.obj = obj
                self.declare(self.scope, name, obj)
                out.append(param)
                pending.append((param, tp))
        for param, tp in pending:
            param.constraint = self.constraint(tp.constraint)
            param.constraint_text = " | ".join(self.text_of(t) for t in tp.constraint)
        return tuple(out)

    def constraint(self: "Checker", terms: tuple[S.ConstraintTerm, ...]) -> Type:
        if len(terms) == 1 and not terms[0].tilde:
            t = self.constraint_type(terms[0].type)
            if isinstance(underlying(t), Interface):
                return t
            return Interface((), (), ((Term(False, t),),))
        line = tuple(Term(term.tilde, self.constraint_type(term.type)) for term in terms)
        return Interface((), (), (line,))

    def enum_type(self: "Checker", et: S.EnumType, named: Named) -> Enum:
        from .types import Variant
        enum = Enum()
        enum.named = named
        for i, v in enumerate(et.variants):
            st = self.struct_type(S.StructType(v.id, v.span, v.fields))
            enum.variants.append(Variant(v.name.name, st.fields, i, enum))
        return enum


def _embedded_name(t: S.Expr) -> str | None:
    match t:
        case S.Ident():
            return t.name
        case S.Selector():
            return t.sel.name
        case S.Unary(op="*"):
            return _embedded_name(t.x)
        case S.PointerType():
            return _embedded_name(t.elem)
    return None


def _is_pending(t: Type) -> bool:
    return isinstance(t, Named) and t.underlying_type is None


def underlying_goo(t: Type) -> Type:
    while isinstance(t, (ErrorUnion, Nullable)):
        t = t.elem
    return t


def _tv_type(t: Type):
    from .check_base import TypeAndValue
    return TypeAndValue(Mode.TYPEXPR, t)


__all__ = ["TypeMixin", "RUST_NAMES", "EMPTY_INTERFACE"]
