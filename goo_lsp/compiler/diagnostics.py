"""Diagnostics: the records for user mistakes, and the registry of stable codes (spec §12.2).

Invariants:
- User errors are *data*: every phase appends `Diagnostic`s to a `DiagnosticSink` and carries on.
  Only internal bugs raise.
- Every diagnostic has a code from `CODES`; a code never changes meaning. The default severity of
  a code is the one in the spec's table; a few codes (`invalid-branch`) are used with two
  severities, so the severity is stored on each diagnostic.
- Messages are one line, lower-case first letter, no final period, in Go's wording where Go has one.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from .source import Span


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Note:
    """A related location with a short text ("first declared here"). With `decl_id` set, the
    span is relative to that declaration's chunk instead of the diagnostic's own."""

    span: Span
    message: str
    decl_id: int = 0


@dataclass(frozen=True, slots=True)
class Fix:
    """A suggested textual replacement (used by code actions and the CLI's `--json`)."""

    title: str
    span: Span
    replacement: str


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    span: Span
    code: str
    message: str
    notes: tuple[Note, ...] = ()
    fixes: tuple[Fix, ...] = ()

    def shifted(self, delta: int) -> "Diagnostic":
        if delta == 0:
            return self
        return Diagnostic(
            self.severity,
            self.span.shifted(delta),
            self.code,
            self.message,
            tuple(n if n.decl_id else Note(n.span.shifted(delta), n.message) for n in self.notes),
            tuple(Fix(f.title, f.span.shifted(delta), f.replacement) for f in self.fixes),
        )


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    severity: Severity
    group: str
    example: str


def _codes(*rows: tuple[str, Severity, str, str]) -> dict[str, CodeInfo]:
    return {code: CodeInfo(code, sev, group, example) for code, sev, group, example in rows}


E, W = Severity.ERROR, Severity.WARNING

CODES: dict[str, CodeInfo] = _codes(
    # Lexical and syntax
    ("invalid-character", E, "syntax", "invalid character U+0023 '#'"),
    ("attribute-not-supported", E, "syntax", "attributes such as '@inline' are not supported in Goo"),
    ("unterminated-literal", E, "syntax", "string literal not terminated"),
    ("invalid-escape", E, "syntax", "unknown escape sequence '\\q'"),
    ("invalid-literal", E, "syntax", "invalid digit '8' in octal literal"),
    ("syntax-error", E, "syntax", "unexpected newline, expected ')'"),
    ("unclosed-delimiter", E, "syntax", "missing ')' to close '(' at 17:13"),
    ("keyword-as-identifier", E, "syntax", "'match' is a keyword in Goo and cannot be used as a name"),
    ("composite-literal-in-header", E, "syntax",
     "composite literal in if header must be parenthesised: (Point{1, 2})"),
    ("unsupported-feature", E, "syntax",
     "recover() is not supported: panics end the program; return an error union instead"),
    # Names and declarations
    ("undefined-name", E, "names", "undefined: cnt"),
    ("redeclared", E, "names", "x redeclared in this block"),
    ("no-new-variables", E, "names", "no new variables on left side of :="),
    ("unused-variable", W, "names", "declared and not used: tmp"),
    ("unused-import", W, "names", "\"os\" imported and not used"),
    ("import-not-found", E, "names", "package \"util/strs\" not found"),
    ("unexported-name", E, "names", "name helper is not exported by package util"),
    ("missing-main", E, "names", "function main is undeclared in the main package"),
    ("invalid-branch", E, "names", "break is not in a loop, switch, select or match"),
    # Types and expressions
    ("type-mismatch", E, "types", "cannot use \"8080\" (untyped string constant) as int value in send"),
    ("invalid-operation", E, "types",
     "invalid operation: operator + not defined on ok (variable of type bool)"),
    ("not-a-type", E, "types", "fmt.Println is not a type"),
    ("not-a-value", E, "types", "int (type) is not an expression"),
    ("argument-count", E, "types", "not enough arguments in call to f: have (int), want (int, string)"),
    ("count-mismatch", E, "types", "assignment mismatch: 3 variables but f returns 2 values"),
    ("missing-return", E, "types", "missing return"),
    ("constant-overflow", E, "types",
     "cannot use 300 (untyped int constant) as int8 value in assignment (overflows)"),
    ("invalid-conversion", E, "types", "cannot convert s (variable of type string) to type int"),
    ("unknown-field-or-method", E, "types", "p.z undefined (type Point has no field or method z)"),
    ("missing-method", E, "types", "Circle does not implement Shape (missing method Area)"),
    ("invalid-channel-direction", E, "types",
     "invalid operation: cannot send to receive-only channel in (variable of type <-chan int)"),
    ("invalid-range", E, "types", "range over ch permits only one iteration variable"),
    ("duplicate-case", E, "types", "duplicate case 1 in switch"),
    ("unused-value", E, "types", "x + 1 (value of type int) is not used"),
    ("cannot-assign", E, "types", "cannot assign to s[0] (neither addressable nor a map index expression)"),
    ("format-mismatch", W, "types", "fmt.Printf format %d has arg name of wrong type string"),
    ("sync-copy", W, "types", "call of worker copies lock value: sync.WaitGroup; pass a pointer"),
    # Goo extensions
    ("unhandled-error-union", E, "goo",
     "error union !int returned by parsePort must be handled: use try, catch, or v, err := destructuring"),
    ("try-outside-error-function", E, "goo", "try in main, which returns neither an error union nor an error"),
    ("invalid-error-union", E, "goo", "!T is only allowed as a function result type"),
    ("nullable-not-unwrapped", E, "goo",
     "cannot use x (variable of type ?int) as int value; unwrap it with if let"),
    ("nullable-misuse", E, "goo", "invalid operation: ordered comparison of nullable values"),
    ("invalid-pattern", E, "goo", "pattern Rect{w} binds 1 field but variant Rect has 2"),
    ("non-exhaustive-match", W, "goo", "match on Shape does not handle variant Empty"),
    ("comptime-not-constant", E, "goo", "comptime argument n must be a constant expression"),
    ("comptime-eval-failed", E, "goo",
     "compile-time evaluation of FIB panicked: index out of range [5] with length 3"),
    ("type-inference-failed", E, "goo", "cannot infer T in call to Map"),
    ("constraint-not-satisfied", E, "goo", "[]int does not satisfy comparable"),
    ("no-effect", W, "goo", "'msg_pub' has no effect: the channel behaves as a plain chan"),
    ("lanes-ownership", E, "goo", "data was moved into lanes.Partition and cannot be used afterwards"),
)

# Codes the language server tags as `Unnecessary` (faded) — spec §12.1.
UNNECESSARY_CODES = frozenset({"unused-variable", "unused-import", "no-effect"})


@dataclass(slots=True)
class DiagnosticSink:
    """Collects diagnostics of one phase. Never raises for user errors."""

    items: list[Diagnostic] = field(default_factory=list)

    def report(
        self,
        code: str,
        span: Span,
        message: str,
        *,
        severity: Severity | None = None,
        notes: tuple[Note, ...] = (),
        fixes: tuple[Fix, ...] = (),
    ) -> Diagnostic:
        info = CODES[code]  # KeyError here is an internal bug: unknown code
        diag = Diagnostic(severity or info.severity, span, code, message, notes, fixes)
        self.items.append(diag)
        return diag

    def extend(self, diags: "list[Diagnostic] | tuple[Diagnostic, ...]") -> None:
        self.items.extend(diags)

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)


def sort_key(d: Diagnostic) -> tuple[int, int, str]:
    return (d.span.start, d.span.end, d.code)
