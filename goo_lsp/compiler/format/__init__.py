"""`goo fmt`: a gofmt-like formatter for Goo source text.

API: `format_source(text) -> FormatResult(text, error)`; `text` is None when the file was refused.

Approach: token-preserving. Every real token of the input is kept, in order; the formatter only
recomputes the whitespace between tokens (spaces, line breaks, indentation, alignment padding).
The syntax tree is the oracle where spacing depends on structure, following go/printer:
- binary operators: `binaryExpr`/`cutoff`/`diffPrec` and the expression depth rules (a call with
  several arguments, an index, a multi-value assignment compacts), so `a*b + c`, `x[i+1]`,
  `f(a + b)`, `f(a+b, c)`, `a - -b`; slice colons get blanks as in `s[i+1 : j]`;
- unary versus binary `* & - + ^ <-`, `chan<- T` versus `<-chan T`, send statements, `!T`, `?T`;
- composite-literal braces (`T{a, b}`) versus block braces (`{ return x }`), method receivers
  (`func (r T) M()`), parenthesised result lists, `key: value`, `name: T` fields;
- indentation with tabs through a stack of brackets: statement bodies, `case`/`default` at the
  level of their switch/select/match, labels one level out, continuation lines one level in (one
  more per nested binary expression broken after its operator, as go/printer does), comments
  indented like the token that follows them (a comment before `case` stays in the previous
  clause unless it is aligned with the `case`);
- alignment with a port of text/tabwriter (padding 1, DiscardEmptyColumns): trailing comments on
  consecutive lines, struct field names / types / tags (gofmt's cell layout), `=` in const/var
  groups (keepTypeColumn), type groups, values of keyed elements in multi-line composite literals
  (exprList's key-size ratio rule starts new sections), consecutive one-line function bodies.
  Alignment sections end at blank lines, indentation changes and after multi-line constructs.

Line breaks are kept as written (blank lines collapse to one; none after an opening or before a
closing bracket; none at the start or end of the file), except:
- one-line statement blocks are expanded (`if x { return }`, `for {}` -> `for {\n}`, not
  `select {}`); a one-line function body (declaration or literal) stays on one line when it has
  at most 5 statements and fits in 100 columns with its header (gofmt's rule), else it is
  expanded; a one-line struct/interface/concept/enum body stays only with a single element of at
  most 30 columns; catch blocks and enum variant field lists stay as written;
- `case x:`/`default:`/`label:` end their line; grouped declarations get one spec per line;
  statements, specs and fields sharing a line in a multi-line block are split (`a; b`);
- top-level declarations get one per line and a blank line between declarations of different
  kinds or before a doc comment (go/printer declList).
Token rewrites that keep the syntax tree (Goo's semicolon exceptions in gofmt's form):
- a `,` is added after the last element of a multi-line call, parameter list or composite literal
  whose closer stands on its own line; a `,` directly before a closer on the same line goes;
- `}` newline `else` becomes `} else`; a `...` starting a line joins the previous one;
- a `;` is dropped where a line break or another separator ends the element anyway (and empty
  statements go); struct field commas followed by a line break are dropped.
Deliberately left as written: parentheses (gofmt strips some), literal spellings, import order,
the inside of multi-line block comments and raw strings, `;`-separated statements inside a
one-line function body, line breaks that gofmt would also keep (inside expressions and lists).

Invariants:
- `format_source` never raises; a file with any syntax-group diagnostic is refused.
- The output parses without syntax errors to a tree equal to the input's (modulo ids and spans).
  This is checked on every call: if a rewrite would change the tree, the file is formatted again
  without token rewrites, statement splits and one-line type expansions; if that still differs,
  the file is refused (never silently changed).
- Idempotent: format(format(x)) == format(x). Decisions depend only on kept tokens and on line
  breaks that formatting preserves.

Modules
- driver.py: `format_source`: refusal of files with syntax errors, the tree-equality check and
  the retry without rewrites;
- formatter.py: `Formatter`, one class assembled from mixins, and the order of its passes;
- base.py: the token and comment items of the file, bracket matching, the brace roles;
- annotate.py: what the syntax tree tells about each token (roles, colons, alignment cells);
- spacing.py: the space between two tokens on a line (go/printer's rules);
- breaks.py: which line breaks to add or remove, and the token rewrites;
- layout.py: the output lines, their indentation and alignment cells;
- render.py, tabwriter.py: alignment sections and the port of text/tabwriter.
"""

from .driver import FormatResult, format_source, same_tree
from .formatter import Formatter

_Formatter = Formatter      # the name under which the tests patch its passes

__all__ = ["FormatResult", "format_source", "same_tree"]
