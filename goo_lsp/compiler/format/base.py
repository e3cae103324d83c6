"""The formatter's view of the file: tokens and comments as one sequence of items, matched
brackets, and the tables the later passes fill in.

Items are the real tokens (no inserted semicolons) and the comments, in source order; tokens
are indexed `k`, items `i` (`tok_it[k]` is token k's item, `it_tok[i]` the item's token or -1
for a comment). `g[i]` is the number of newlines in the source before item i; the output keeps
them (at most one blank line) except where a pass decides otherwise.

Invariant (idempotence): every decision depends only on the kept tokens and on the line breaks
that formatting preserves, so formatting formatted text changes nothing.

Brace and bracket roles (`Formatter.role`, keyed by the opening token): `stmt`, `switch`,
`funcbody`, `funclit`, `catch` (blocks), `struct`, `interface`, `enum`, `concept`, `variant`
(type bodies), `lit`, `pattern`, `bare` (literals), `group` (grouped declarations), `call`,
`params`, `paren`, `index`, `slice`, `tparams`, `targs`, `type`, `mapkey`, `assert`.
"""

from __future__ import annotations

import bisect

from ..chunks import ParsedFile
from ..diagnostics import DiagnosticSink
from ..lexer import scan
from ..tokens import Token

OPEN = frozenset({"LPAREN", "LBRACK", "LBRACE"})
CLOSE = frozenset({"RPAREN", "RBRACK", "RBRACE"})
HEADER_KEYWORDS = frozenset({"IF", "FOR", "SWITCH", "SELECT", "MATCH"})

# brace roles
BODY_ROLES = frozenset({"stmt", "switch", "funcbody"})            # base = statement indentation
BLOCK_ROLES = frozenset({"stmt", "switch", "funcbody", "funclit", "catch"})
TYPE_ROLES = frozenset({"struct", "interface", "enum"})
BLOCKY_ROLES = BLOCK_ROLES | TYPE_ROLES | {"concept", "variant"}
LIT_ROLES = frozenset({"lit", "pattern", "variant"})
POSTFIX_BRACKETS = frozenset({"index", "slice", "tparams", "targs"})
COMMA_LISTS = frozenset({"call", "params", "lit"})
TRIM_COMMA_LISTS = frozenset({"call", "params", "lit", "pattern", "tparams", "targs"})
TOO_WIDE = 1 << 30         # the width of what cannot be printed on one line


class FormatterBase:
    """The items of one file and the tables that the passes fill in."""

    def __init__(self, text: str, parsed: ParsedFile, safe: bool):
        self.text = text
        self.parsed = parsed
        self.safe = safe
        tokens, comments = scan(text, DiagnosticSink())
        toks = [t for t in tokens if not t.inserted]
        self.toks: list[Token] = toks
        self.kinds = [t.kind for t in toks]
        self.starts = [t.start for t in toks]
        self.by_start = {t.start: k for k, t in enumerate(toks)}
        self.by_end = {t.end: k for k, t in enumerate(toks)}
        # items: tokens and comments in source order
        it_start: list[int] = []
        it_end: list[int] = []
        it_text: list[str] = []
        it_tok: list[int] = []
        ti = ci = 0
        nt, nc = len(toks), len(comments)
        while ti < nt or ci < nc:
            if ci >= nc or (ti < nt and toks[ti].start < comments[ci].span.start):
                t = toks[ti]
                it_start.append(t.start)
                it_end.append(t.end)
                it_text.append(t.text)
                it_tok.append(ti)
                ti += 1
            else:
                c = comments[ci]
                body = c.text
                if body.startswith("//"):
                    body = body.rstrip()
                else:
                    body = "\n".join(line.rstrip() for line in body.split("\n"))
                it_start.append(c.span.start)
                it_end.append(c.span.end)
                it_text.append(body)
                it_tok.append(-1)
                ci += 1
        self.it_start, self.it_end, self.it_text, self.it_tok = it_start, it_end, it_text, it_tok
        self.tok_it = [0] * nt
        for i, k in enumerate(it_tok):
            if k >= 0:
                self.tok_it[k] = i
        ni = len(it_tok)
        count = text.count
        self.g = [0] * ni                       # newlines in the source gap before each item
        self.src_line = [0] * ni
        line = 0
        prev_start = 0
        for i in range(ni):
            line += count("\n", prev_start, it_start[i])
            prev_start = it_start[i]
            self.src_line[i] = line
            if i > 0:
                self.g[i] = count("\n", it_end[i - 1], it_start[i])
        # bracket matching
        self.match = [-1] * nt
        stack: list[int] = []
        for k, kind in enumerate(self.kinds):
            if kind in OPEN:
                stack.append(k)
            elif kind in CLOSE:
                if not stack:
                    raise ValueError("unbalanced brackets")
                o = stack.pop()
                self.match[o] = k
                self.match[k] = o
        if stack:
            raise ValueError("unbalanced brackets")
        # annotations (token index keyed)
        self.binop: dict[int, bool] = {}
        self.role: dict[int, str] = {}
        self.colon: dict[int, str] = {}
        self.slice_spaced: dict[int, bool] = {}
        self.send: set[int] = set()
        self.chansend: set[int] = set()
        self.binranges: list[tuple[int, int]] = []          # binary operator token, last token
        self.method_func: set[int] = set()
        self.labels: set[int] = set()
        self.guard_if: set[int] = set()
        self.select_braces: set[int] = set()
        self.funcinfo: dict[int, tuple[int, int]] = {}       # body `{` -> (header first token, statements)
        self.type_elems: dict[int, tuple[str, tuple]] = {}   # type `{` -> (kind, elements)
        self.sepcomma: dict[int, int] = {}                   # struct field-separator comma -> struct `{`
        self.cells: dict[int, int] = {}                      # token -> cell breaks before it
        self.ctarget: dict[int, int] = {}                    # line's first token -> cells before comment
        self.sect: set[int] = set()                          # token starting a new alignment section
        self.lists: list[tuple[str, int, list[tuple[int, int, int]]]] = []
        self.param_lists: list[tuple[int, list[int]]] = []
        self.field_cells: dict[int, tuple] = {}              # struct/variant `{` -> fields (cells if multi-line)
        self.top: list[tuple[int, str]] = []                 # top-level declarations: (first token, kind)
        self.topfuncs: list[tuple[int, int]] = []
        # layout decisions
        self.oneline: set[int] = set()                       # blocky openers kept on one line
        self.forced = [False] * nt
        self.comma_after = [False] * nt
        self.drop = [False] * nt
        self.decided = False

    # ------------------------------------------------------------------------------ helpers
    def at(self, pos: int) -> int | None:
        return self.by_start.get(pos)

    def last(self, pos_end: int) -> int | None:
        return self.by_end.get(pos_end)

    def first_from(self, pos: int, kind: str) -> int | None:
        k = bisect.bisect_left(self.starts, pos)
        kinds = self.kinds
        n = len(kinds)
        while k < n and kinds[k] != kind:
            k += 1
        return k if k < n else None
