"""The compile-time interpreter for `comptime const` initialisers (spec §10.5).

It executes ordinary Goo with run-time semantics (spec §8): wrapping integer arithmetic at the
static type's width, float64/float32 arithmetic, strings as byte sequences, arrays and structs
with value semantics, slices with Go's append growth, maps, pointers, closures, enums and
`match`, error unions (`try`, `catch`, destructuring), generic functions, comptime parameters,
and the pure functions of math, strings, strconv, unicode/utf8 and errors (std*.py).

Design
- Every function body is *compiled once* (per instance: type arguments and comptime argument
  values) into a tree of Python closures `f(L)`, where `L` is the frame: a list with one slot
  per local variable. Static types come from the checker's tables (`Info.types`, `uses`,
  `defs`, `selections`, `instances`); a callee's body is type-checked on demand with a fresh
  checker, so its tables are complete. Statement closures return None, or a signal for
  break/continue/goto/fallthrough/return.
- Values: int (wrapped to the static width), float (float32 rounded), bool, bytes (strings),
  `list` (arrays), `StructV` (structs), `SliceV`, `MapV`, `EnumV`, `IfaceV` (an interface
  value with its dynamic type), Python callables (functions), None (every nil, and an absent
  nullable). Arrays and structs are copied when stored and assigned *in place*, so a pointer
  to an array or struct is the array/struct object itself; a pointer to anything else is a
  `Ref` (a list and an index; a variable whose address is taken or that a closure captures
  lives in a one-element list, its "box").
- A function returning `!T` returns the value, or a `Failure` holding the error.
- Forbidden operations (goroutines, channels, select, defer, printing, time, os, sync, other
  std functions, package-level variables) raise `NotComptime` when they are *executed*.
- Panics, more than `max_steps` steps (loop iterations, calls, gotos, and bulk work such as
  building big strings) and recursion deeper than `max_depth` raise `ComptimeError`. The
  evaluation runs on a short-lived thread with a large stack and a high recursion limit, so
  deep recursion ends with the depth error, never with a crash.

Modules
- errors.py, signals.py: how evaluation fails (exceptions, limits) and how statements signal
  break/continue/goto/fallthrough/return;
- values.py, arith.py, text.py, conversions.py: the value model and Go's run-time semantics of
  values (copying, equality, hashing, arithmetic, UTF-8, conversions);
- interpreter.py: `Interpreter` (entry point, limits, compiling and calling functions, dynamic
  dispatch);
- comp.py: `Comp`, the compiler of one body, assembled from comp_base.py and the mixins
  expressions.py, literals.py, calls.py, builtins.py, operators.py, assign.py, statements.py,
  control_flow.py and goo.py;
- std.py, std_math.py, std_strings.py, std_strconv.py: the native std functions.
"""

from .arith import f32, format_float
from .errors import MAX_DEPTH, MAX_STEPS, ComptimeError, GooPanic, NotComptime
from .interpreter import Interpreter
from .text import decode_rune, decode_runes, encode_rune, go_quote, rune_count, runes_with_pos

__all__ = [
    "MAX_DEPTH",
    "MAX_STEPS",
    "ComptimeError",
    "GooPanic",
    "Interpreter",
    "NotComptime",
    "decode_rune",
    "decode_runes",
    "encode_rune",
    "f32",
    "format_float",
    "go_quote",
    "rune_count",
    "runes_with_pos",
]
