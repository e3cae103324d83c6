"""Printf format checking (`format-mismatch` warnings), following `go vet`'s printf analyzer:
a constant format string is parsed and every verb is matched against its argument's type.

Pure: takes the format and the argument types, returns problems with vet's wording.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lookup import SelKind, Selection, lookup
from .types import (
    Array,
    Basic,
    Chan,
    Interface,
    Kind,
    Map,
    Nullable,
    Pointer,
    Signature,
    Slice,
    Struct,
    Type,
    TypeParam,
    is_boolean,
    is_float,
    is_integer,
    is_string,
    underlying,
)

# fmt functions and methods whose argument at `index` is a format string.
PRINTF_FUNCS = {("fmt", "Printf"): 0, ("fmt", "Sprintf"): 0, ("fmt", "Errorf"): 0, ("fmt", "Fprintf"): 1}
PRINTF_METHODS = frozenset({"Errorf", "Fatalf", "Logf", "Skipf"})
PRINT_FUNCS = {("fmt", "Println"), ("fmt", "Print"), ("fmt", "Sprintln"), ("fmt", "Sprint"), ("fmt", "Fprintln"),
               ("fmt", "Fprint")}

_FLAGS = "+-# 0"
_INT, _FLOAT, _STRING, _BOOL, _RUNE, _POINTER, _ERROR, _ANY = range(8)
_VERBS: dict[str, frozenset[int]] = {
    "b": frozenset({_INT, _FLOAT, _POINTER}),
    "c": frozenset({_RUNE, _INT}),
    "d": frozenset({_INT, _POINTER}),
    "e": frozenset({_FLOAT}), "E": frozenset({_FLOAT}), "f": frozenset({_FLOAT}), "F": frozenset({_FLOAT}),
    "g": frozenset({_FLOAT}), "G": frozenset({_FLOAT}),
    "o": frozenset({_INT, _POINTER}), "O": frozenset({_INT, _POINTER}),
    "p": frozenset({_POINTER}),
    "q": frozenset({_RUNE, _INT, _STRING}),
    "s": frozenset({_STRING}),
    "t": frozenset({_BOOL}),
    "T": frozenset({_ANY}),
    "U": frozenset({_RUNE, _INT}),
    "v": frozenset({_ANY}),
    "x": frozenset({_RUNE, _INT, _FLOAT, _STRING, _POINTER}),
    "X": frozenset({_RUNE, _INT, _FLOAT, _STRING, _POINTER}),
    "w": frozenset({_ERROR}),
}


@dataclass(frozen=True, slots=True)
class FormatProblem:
    arg_index: int | None    # index into the call's arguments the problem is about (None: the call)
    message: str


@dataclass(frozen=True, slots=True)
class Directive:
    verb: str
    text: str            # e.g. "%5.2f"
    arg: int | None      # argument number (0-based, relative to the first value argument)
    star_args: tuple[int, ...]


def parse_format(fmt: str) -> tuple[list[Directive], int, bool]:
    """Directives, the number of argument slots consumed, and whether explicit indexes occur."""
    out: list[Directive] = []
    argnum = 0
    i, n = 0, len(fmt)
    indexed = False
    while i < n:
        if fmt[i] != "%":
            i += 1
            continue
        start = i
        i += 1
        if i < n and fmt[i] == "%":
            i += 1
            continue
        while i < n and fmt[i] in _FLAGS:
            i += 1
        stars: list[int] = []

        def explicit_index() -> None:
            nonlocal i, argnum, indexed
            if i < n and fmt[i] == "[":
                j = fmt.find("]", i)
                if j > i and fmt[i + 1:j].isdigit():
                    argnum = int(fmt[i + 1:j]) - 1
                    indexed = True
                    i = j + 1

        explicit_index()
        if i < n and fmt[i] == "*":
            stars.append(argnum)
            argnum += 1
            i += 1
        else:
            while i < n and fmt[i].isdigit():
                i += 1
        if i < n and fmt[i] == ".":
            i += 1
            explicit_index()
            if i < n and fmt[i] == "*":
                stars.append(argnum)
                argnum += 1
                i += 1
            else:
                while i < n and fmt[i].isdigit():
                    i += 1
        explicit_index()
        if i >= n:
            out.append(Directive("", fmt[start:], None, tuple(stars)))
            break
        verb = fmt[i]
        i += 1
        out.append(Directive(verb, fmt[start:i], argnum, tuple(stars)))
        argnum += 1
    return out, argnum, indexed


def _implements_string_or_error(t: Type) -> bool:
    for name in ("String", "Error"):
        sel = lookup(t, name)
        if isinstance(sel, Selection) and sel.kind is SelKind.METHOD:
            sig = sel.type
            if isinstance(sig, Signature) and not sig.params and len(sig.results) == 1 and is_string(sig.results[0].type):
                return True
    return False


def arg_matches(verb: str, t: Type, depth: int = 0) -> bool:
    accepted = _VERBS.get(verb)
    if accepted is None or _ANY in accepted or depth > 8:
        return True
    if isinstance(t, TypeParam):
        return True
    u = underlying(t)
    if isinstance(u, Interface):
        if _ERROR in accepted:
            return True
        return True  # dynamic type unknown
    if _ERROR in accepted:
        return _implements_string_or_error(t) and lookup(t, "Error") is not None
    if verb in "sqvxX" and _implements_string_or_error(t):
        return True
    if isinstance(u, Basic):
        if is_boolean(u):
            return _BOOL in accepted
        if is_integer(u):
            if u.kind == Kind.INT32 or u.kind == Kind.UNTYPED_RUNE:
                return bool(accepted & {_INT, _RUNE})
            return _INT in accepted or (_RUNE in accepted and u.kind in (Kind.UINT8,))
        if is_float(u):
            return _FLOAT in accepted
        if is_string(u):
            return _STRING in accepted
        return True
    if isinstance(u, (Pointer, Chan, Signature, Map)) and _POINTER in accepted:
        if isinstance(u, Pointer):
            return True
        return verb == "p" or True
    if isinstance(u, Pointer):
        elem = underlying(u.elem)
        if isinstance(elem, (Struct, Array, Slice, Map)):
            return arg_matches(verb, elem, depth + 1)
        return False
    if isinstance(u, Slice):
        if verb == "p":
            return True
        if _STRING in accepted and isinstance(underlying(u.elem), Basic) and underlying(u.elem).kind == Kind.UINT8:
            return True
        return arg_matches(verb, u.elem, depth + 1)
    if isinstance(u, Array):
        return arg_matches(verb, u.elem, depth + 1)
    if isinstance(u, Map):
        return arg_matches(verb, u.key, depth + 1) and arg_matches(verb, u.elem, depth + 1)
    if isinstance(u, Struct):
        return all(arg_matches(verb, f.type, depth + 1) for f in u.fields if f.exported or True)
    if isinstance(u, Nullable):
        return arg_matches(verb, u.elem, depth + 1)
    if isinstance(u, (Chan, Signature)):
        return verb == "p"
    return True


def check_printf(name: str, fmt: str, args: list[tuple[str, Type]], allow_wrap: bool) -> list[FormatProblem]:
    """`args` are the value arguments after the format, as (source text, type)."""
    problems: list[FormatProblem] = []
    directives, used, indexed = parse_format(fmt)
    for d in directives:
        if not d.verb:
            problems.append(FormatProblem(None, f"{name} format {d.text} is missing verb at end of string"))
            continue
        for star in d.star_args:
            if star >= len(args):
                problems.append(FormatProblem(None, f"{name} format {d.text} reads arg #{star + 1}, but call has {_args(len(args))}"))
            elif not is_integer(args[star][1]):
                problems.append(FormatProblem(star, f"{name} format {d.text} uses non-int {args[star][0]} as argument of *"))
        if d.verb not in _VERBS:
            problems.append(FormatProblem(None, f"{name} format {d.text} has unknown verb {d.verb}"))
            continue
        if d.verb == "w" and not allow_wrap:
            problems.append(FormatProblem(None, f"{name} does not support error-wrapping directive %w"))
            continue
        assert d.arg is not None
        if d.arg >= len(args):
            problems.append(FormatProblem(None, f"{name} format {d.text} reads arg #{d.arg + 1}, but call has {_args(len(args))}"))
            continue
        text, t = args[d.arg]
        if not arg_matches(d.verb, t):
            from .types import type_string
            problems.append(FormatProblem(d.arg, f"{name} format {d.text} has arg {text} of wrong type {type_string(t)}"))
    if not indexed and used < len(args) and not any(p.arg_index is None and "reads arg" in p.message for p in problems):
        if not directives:
            problems.append(FormatProblem(None, f"{name} call has arguments but no formatting directives"))
        else:
            problems.append(FormatProblem(None, f"{name} call needs {_args(used)} but has {_args(len(args))}"))
    return problems


def check_print(name: str, first_text: str | None, first_value: str | None) -> FormatProblem | None:
    """Println-style calls whose first constant argument looks like a format."""
    if first_value is None:
        return None
    directives, _, _ = parse_format(first_value)
    for d in directives:
        if d.verb and d.verb in _VERBS and d.verb not in "%":
            return FormatProblem(0, f"{name} call has possible Printf formatting directive {d.text}")
    return None


def _args(n: int) -> str:
    return f"{n} arg" if n == 1 else f"{n} args"
