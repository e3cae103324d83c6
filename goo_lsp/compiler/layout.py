"""Token-level context rules between the scanner and the LALR parser (spec §3.7, §12.3).

Two passes over the tokens of one top-level chunk:

1. `repair_delimiters` makes brackets balance. A closer that does not match the innermost
   opener, a newline (inserted `;`) directly inside `(`/`[` whose closer never comes, or the end
   of the chunk with openers left, is reported once as `unclosed-delimiter` just after the last
   token before the mismatch, and repaired by inserting zero-width closers there. A closer that
   matches no opener is a syntax error and is dropped.
2. `classify` retypes tokens the grammar cannot tell apart with one token of lookahead:
   - `{` that opens the body of if/for/switch/select/match becomes BODY_LBRACE (the body-brace
     rule: a `{` at header depth 0 is a literal brace after a complete array/slice/map/struct
     type, a function-body brace when a `func` waits for its body, a type brace after
     struct/interface/enum, a catch-block brace after `catch name`, else the body brace);
   - `Name{...}` followed by `{` in a header is `composite-literal-in-header` (reported, and
     treated as a literal so parsing continues);
   - the `:` of a match pattern `case name: T:` becomes BIND_COLON;
   - a keyword directly followed by `:=`, `=`, `op=`, `++` or `--` is `keyword-as-identifier`
     and is retyped as a NAME.

Invariant: after both passes the brackets of the token list balance, so the parser's recovery
never has to invent or drop a bracket.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .diagnostics import DiagnosticSink, Fix, Note
from .source import Span
from .tokens import (
    BIND_COLON,
    BODY_LBRACE,
    CLOSER_TEXT,
    GOO_KEYWORDS,
    KEYWORD_KINDS,
    OPENER_TEXT,
    OPENERS,
    VALUE_ENDERS,
    Token,
)

_HEADER_KEYWORDS = frozenset({"IF", "FOR", "SWITCH", "SELECT", "MATCH"})
_ASSIGNING = frozenset({"DEFINE", "ASSIGN", "ASSIGN_OP", "INC", "DEC"})
# Literal keywords (`true`, `nil`) may not be assigned either, but `x = nil` style right-hand
# sides are values; only a keyword *before* an assignment operator is a misuse.
_RETYPABLE = KEYWORD_KINDS
_EXPR_START = frozenset({"NAME", "INT", "FLOAT", "IMAG", "RUNE", "STRING", "TRUE", "FALSE", "NIL", "LPAREN",
                         "LBRACK", "PLUS", "MINUS", "NOT", "CARET", "TILDE", "STAR", "AMP", "ARROW", "FUNC", "MAP",
                         "CHAN", "STRUCT", "INTERFACE", "TRY", "MSGKIND"})
# What may follow each Goo keyword; anything else means the word was meant as a name.
_GOO_FOLLOWERS = {
    "TRY": _EXPR_START, "MATCH": _EXPR_START, "CATCH": frozenset({"NAME", "FATARROW"}),
    "LET": frozenset({"NAME"}), "ENUM": frozenset({"LBRACE"}), "CONCEPT": frozenset({"NAME"}),
    "ARENA": frozenset({"LBRACE"}), "COMPTIME": frozenset({"CONST", "FUNC", "LBRACE", "NAME"}),
}
# Goo keywords that never follow a complete operand (so `x.match`, `func (p P) match()`,
# `f() try` are names).
_NOT_AFTER_OPERAND = frozenset({"TRY", "MATCH", "LET", "ARENA", "COMPTIME", "CONCEPT"})


def repair_delimiters(tokens: list[Token], sink: DiagnosticSink) -> list[Token]:
    out: list[Token] = []
    stack: list[int] = []  # indices in `out` of open delimiters
    last_stray = -1        # index in `out` after which a stray closer was last reported

    def last_real_end(upto: int | None = None) -> int:
        items = out if upto is None else out[:upto]
        for tok in reversed(items):
            if not tok.inserted and tok.text != "":
                return tok.end
        return items[-1].end if items else 0

    def close_one(pos: int, report: bool, report_at_brace: bool = False) -> None:
        """Close the innermost opener: before a line-ending `{` directly inside an unclosed
        `(` or `[` when there is one (`if (x > 0 {`), else at `pos`. The report goes to `pos`
        (spec §12.3: after the last token before the mismatch) unless the mismatch is the end
        of the declaration, where the brace is the better place."""
        index = stack.pop()
        opener = out[index]
        closer = OPENERS[opener.kind]
        at = _brace_inside(out, index) if opener.kind in ("LPAREN", "LBRACK") else None
        if at is not None:
            where = last_real_end(at)
            if report:
                _report_unclosed(sink, opener, where if report_at_brace else pos)
            out.insert(at, Token(closer, "", where, where))
            return
        if report:
            _report_unclosed(sink, opener, pos)
        out.append(Token(closer, "", pos, pos))

    def close_until(pos: int, stop: Callable[[str], bool], at_end: bool = False) -> None:
        """Report the innermost open delimiter once and close openers until `stop` says the
        opener on top may stay open."""
        reported = False
        while stack and not stop(out[stack[-1]].kind):
            close_one(pos, not reported, at_end)
            reported = True

    for i, tok in enumerate(tokens):
        kind = tok.kind
        if kind in OPENERS:
            stack.append(len(out))
            out.append(tok)
        elif kind in CLOSER_TEXT:
            if stack and OPENERS[out[stack[-1]].kind] == kind:
                stack.pop()
                out.append(tok)
            elif any(OPENERS[out[j].kind] == kind for j in stack):
                close_until(last_real_end(), lambda opener: OPENERS[opener] == kind)
                stack.pop()
                out.append(tok)
            elif stack and _wrong_closer_for(out[stack[-1]], tok, text_lines_between(out, stack[-1])):
                # a closer of the wrong kind where one was expected: `f("a"]`, `[]int{1, 2)`
                close_one(last_real_end(), True)
            else:
                if not any(t.kind == "SEMI" for t in out[last_stray + 1:]) and last_stray >= 0:
                    pass  # one report per statement
                else:
                    sink.report("syntax-error", Span(tok.start, tok.end), f"unexpected {tok.text}")
                last_stray = len(out) - 1
        elif kind == "SEMI" and tok.inserted and stack and out[stack[-1]].kind in ("LPAREN", "LBRACK"):
            if not _closes_later(tokens, i + 1, out[stack[-1]].kind):
                close_until(last_real_end(), lambda opener: opener not in ("LPAREN", "LBRACK"), at_end=True)
            out.append(tok)  # else `f(a` newline `+ b)`: a plain syntax error for the parser
        else:
            out.append(tok)
    if stack:
        pos = last_real_end()
        tail: list[Token] = []  # closers go before the trailing inserted semicolons
        while out and out[-1].inserted:
            tail.append(out.pop())
        close_until(pos, lambda opener: False, at_end=True)
        out.extend(reversed(tail))
    return out


def text_lines_between(out: list[Token], opener_index: int) -> bool:
    """Does a newline occur between the opener at `opener_index` and the end of `out`?"""
    return any(t.nl_before for t in out[opener_index + 1:]) or (len(out) > opener_index + 1 and False)


def _wrong_closer_for(opener: Token, closer: Token, crossed_lines: bool) -> bool:
    """Is `closer` (matching no open delimiter) most likely a mistyped closer of `opener`?
    Yes for `(` and `[`; for `{` only when the literal was opened on the same line."""
    if closer.nl_before:
        return False
    if opener.kind in ("LPAREN", "LBRACK"):
        return True
    return opener.kind == "LBRACE" and not crossed_lines


def _brace_inside(out: list[Token], opener_index: int) -> int | None:
    """Index of a `{` directly inside the unclosed opener at `opener_index` that ends its line
    and does not follow `)`, `}` or a type keyword — the place a missing `)` belongs in
    `func f(a int {` or `if (x > 0 {`."""
    depth = 0
    for k in range(opener_index + 1, len(out)):
        tok = out[k]
        if tok.kind in OPENERS:
            if depth == 0 and tok.kind in ("LBRACE", BODY_LBRACE):
                prev = out[k - 1].kind
                nxt = out[k + 1] if k + 1 < len(out) else None
                if prev not in ("RPAREN", "RBRACE", "STRUCT", "INTERFACE", "ENUM", "LPAREN", "COMMA") and (
                        nxt is None or nxt.nl_before or nxt.kind == "RBRACE"):
                    return k
            depth += 1
        elif tok.kind in CLOSER_TEXT:
            depth -= 1
            if depth < 0:
                return None
    return None


def _report_unclosed(sink: DiagnosticSink, opener: Token, pos: int) -> None:
    closer = CLOSER_TEXT[OPENERS[opener.kind]]
    sink.report(
        "unclosed-delimiter",
        Span(pos, pos),
        f"missing '{closer}' to close '{OPENER_TEXT[opener.kind]}' at {{at}}",
        notes=(Note(Span(opener.start, opener.end), f"'{OPENER_TEXT[opener.kind]}' opened here"),),
    )


def _closes_later(tokens: list[Token], start: int, opener_kind: str) -> bool:
    """Does a closer for an opener of `opener_kind` (open at `start`) come before an unmatched
    closer of another kind or the end of the chunk?"""
    depth = 0
    want = OPENERS[opener_kind]
    for j in range(start, len(tokens)):
        kind = tokens[j].kind
        if kind in OPENERS:
            depth += 1
        elif kind in CLOSER_TEXT:
            if depth == 0:
                return kind == want
            depth -= 1
    return False


@dataclass(slots=True)
class _Header:
    base: int             # bracket depth at the header keyword
    keyword: str          # IF FOR SWITCH SELECT MATCH, or GUARD for `case P if g:`
    func_pending: bool = False


def classify(tokens: list[Token], text: str, sink: DiagnosticSink, base: int = 0) -> None:
    """Retype tokens in place (see module docstring). `text` is the chunk text and `base` the
    offset of its first character in token coordinates (tokens are chunk-relative: base 0)."""
    headers: list[_Header] = []
    match_body_depths: set[int] = set()   # depths of `{` that open a match body
    depth = 0
    n = len(tokens)
    prev_kind = ""
    for i in range(n):
        tok = tokens[i]
        kind = tok.kind
        if kind in _RETYPABLE and _used_as_name(tokens, i, prev_kind):
            _keyword_as_name(tok, sink)
            kind = "NAME"
        elif kind == "UNSAFE" and i + 1 < n and tokens[i + 1].kind == "DOT":
            end = tokens[i + 2].end if i + 2 < n and tokens[i + 2].kind == "NAME" else tok.end
            sink.report("unsupported-feature", Span(tok.start, end),
                        f"{text[tok.start - base:end - base]} is not supported: Goo has no unsafe package")
            tok.kind = kind = "NAME"
        if kind in _HEADER_KEYWORDS:
            if kind == "IF" and prev_kind in VALUE_ENDERS:
                headers.append(_Header(depth, "GUARD"))
            else:
                headers.append(_Header(depth, kind))
        elif kind == "FUNC":
            if headers and headers[-1].base == depth:
                headers[-1].func_pending = True
        elif kind == "LBRACE":
            top = headers[-1] if headers and headers[-1].base == depth else None
            if top is not None:
                if _literal_type_ends_at(tokens, i - 1):
                    pass
                elif top.func_pending:
                    top.func_pending = False
                elif prev_kind in ("STRUCT", "INTERFACE", "ENUM"):
                    pass
                elif prev_kind == "NAME" and i >= 2 and tokens[i - 2].kind == "CATCH":
                    pass
                elif _composite_literal_in_header(tokens, i, top, text, base, sink):
                    pass
                elif top.keyword != "GUARD":
                    tok.kind = BODY_LBRACE
                    headers.pop()
                    if top.keyword == "MATCH":
                        match_body_depths.add(depth + 1)
            depth += 1
        elif kind in ("LPAREN", "LBRACK"):
            depth += 1
        elif kind in CLOSER_TEXT:
            if kind == "RBRACE":
                match_body_depths.discard(depth)
            depth -= 1
            while headers and headers[-1].base > depth:
                headers.pop()
        elif kind == "COLON":
            if headers and headers[-1].keyword == "GUARD" and headers[-1].base == depth:
                headers.pop()
        elif kind == "CASE" and depth in match_body_depths:
            _mark_bind_colon(tokens, i)
        prev_kind = kind


def _used_as_name(tokens: list[Token], i: int, prev_kind: str) -> bool:
    kind = tokens[i].kind
    nxt = tokens[i + 1].kind if i + 1 < len(tokens) else ""
    if nxt in _ASSIGNING:
        return True
    if kind not in _GOO_FOLLOWERS:
        return False
    if prev_kind == "DOT" or prev_kind == "FUNC":
        return True
    if kind in _NOT_AFTER_OPERAND and (prev_kind in VALUE_ENDERS and prev_kind not in ("RBRACE",) or prev_kind == "RPAREN"):
        return True
    return nxt not in _GOO_FOLLOWERS[kind]


def _keyword_as_name(tok: Token, sink: DiagnosticSink) -> None:
    sink.report(
        "keyword-as-identifier",
        Span(tok.start, tok.end),
        f"'{tok.text}' is a keyword in Goo and cannot be used as a name",
    )
    tok.kind = "NAME"


def _mark_bind_colon(tokens: list[Token], case_index: int) -> None:
    """`case name: T:` — the first colon binds when a second colon at the same depth follows on
    the clause line."""
    i = case_index
    if i + 2 >= len(tokens) or tokens[i + 1].kind != "NAME" or tokens[i + 2].kind != "COLON":
        return
    depth = 0
    for j in range(i + 3, len(tokens)):
        kind = tokens[j].kind
        if kind in OPENERS:
            depth += 1
        elif kind in CLOSER_TEXT:
            if depth == 0:
                return
            depth -= 1
        elif depth == 0 and kind in ("SEMI", "CASE", "DEFAULT"):
            return
        elif depth == 0 and kind == "COLON":
            tokens[i + 2].kind = BIND_COLON
            return


_TYPE_PREFIX_ENDERS = frozenset({"NAME", "INT", "FLOAT", "IMAG", "RUNE", "STRING", "TRUE", "FALSE", "NIL", "RPAREN"})


def _matching_open(tokens: list[Token], close_index: int) -> int:
    depth = 0
    for j in range(close_index, -1, -1):
        kind = tokens[j].kind
        if kind in CLOSER_TEXT:
            depth += 1
        elif kind in OPENERS:
            depth -= 1
            if depth == 0:
                return j
    return -1


def _literal_type_ends_at(tokens: list[Token], j: int) -> bool:
    """Does a complete array, slice, map or struct type end at token `j` (rule 1 of §3.7)?"""
    if j < 0:
        return False
    saw_container = False
    kind = tokens[j].kind
    # the element type: a (qualified) name, or a struct/interface type
    if kind == "NAME":
        j -= 1
        if j >= 1 and tokens[j].kind == "DOT" and tokens[j - 1].kind == "NAME":
            j -= 2
    elif kind == "RBRACE":
        k = _matching_open(tokens, j)
        if k < 1 or tokens[k - 1].kind not in ("STRUCT", "INTERFACE"):
            return False
        saw_container = tokens[k - 1].kind == "STRUCT"
        j = k - 2
    else:
        return False
    # prefixes: * [..] map[..] chan <-
    while j >= 0:
        kind = tokens[j].kind
        if kind == "STAR" or kind == "CHAN" or kind == "MSGKIND":
            j -= 1
        elif kind == "ARROW" and ((j >= 1 and tokens[j - 1].kind == "CHAN")
                                  or (j + 1 < len(tokens) and tokens[j + 1].kind == "CHAN")):
            j -= 1
        elif kind == "RBRACK":
            k = _matching_open(tokens, j)
            if k < 0:
                return False
            if k >= 1 and tokens[k - 1].kind == "MAP":
                saw_container = True
                j = k - 2
                continue
            if k >= 1 and tokens[k - 1].kind in _TYPE_PREFIX_ENDERS:
                return False  # an index expression such as x[i]
            saw_container = True
            j = k - 1
        else:
            break
    return saw_container


_BINARY_OPS = frozenset({"OROR", "ANDAND", "EQ", "NE", "LT", "LE", "GT", "GE", "PLUS", "MINUS", "PIPE", "CARET",
                         "STAR", "SLASH", "PERCENT", "SHL", "SHR", "AMP", "ANDNOT"})


def _header_continues(tokens: list[Token], j: int, for_clause: bool = False) -> bool:
    """After `if p := T{...};`: does the header go on to a body brace on the same line (as in
    `p.X > 0 {`), rather than the `;` ending a whole statement (`for ... { }; return s`)?"""
    depth = 0
    for k in range(j, len(tokens)):
        tok = tokens[k]
        if tok.nl_before or (tok.kind == "SEMI" and depth == 0 and (tok.inserted or not for_clause)):
            return False
        if tok.kind in ("RETURN", "BREAK", "CONTINUE", "GOTO", "FALLTHROUGH", "DEFER", "GO", "VAR", "CONST",
                        "TYPE") and depth == 0:
            return False
        if tok.kind in OPENERS:
            if tok.kind == "LBRACE" and depth == 0:
                return True
            depth += 1
        elif tok.kind in CLOSER_TEXT:
            depth -= 1
            if depth < 0:
                return False
    return False


def _composite_literal_in_header(tokens: list[Token], i: int, header: _Header, text: str,
                                 base: int, sink: DiagnosticSink) -> bool:
    """`if p == Point{1, 2} {`: a `{` after a (qualified) name whose matching `}` is followed on
    the same line by another `{`. Reports and returns True (the `{` stays a literal brace)."""
    if i < 1 or tokens[i - 1].kind != "NAME":
        return False
    depth = 0
    close = -1
    for j in range(i, len(tokens)):
        kind = tokens[j].kind
        if kind in OPENERS:
            depth += 1
        elif kind in CLOSER_TEXT:
            depth -= 1
            if depth == 0:
                close = j
                break
    if close < 0 or close + 1 >= len(tokens):
        return False
    after = tokens[close + 1]
    explicit_semi = (after.kind == "SEMI" and not after.inserted and header.keyword in ("IF", "FOR", "SWITCH")
                     and _header_continues(tokens, close + 2, header.keyword == "FOR"))
    continues = after.kind in ("DOT", "LBRACK", "RPAREN", "COMMA") or after.kind in _BINARY_OPS or after.kind == "COLON"
    if header.keyword == "GUARD":
        if not continues and after.kind != "LBRACE":
            return False
    elif not explicit_semi and (after.kind != "LBRACE" or after.nl_before):
        return False
    start_index = i - 1
    if start_index >= 2 and tokens[start_index - 1].kind == "DOT" and tokens[start_index - 2].kind == "NAME":
        start_index -= 2
    lit_start, lit_end = tokens[start_index].start, tokens[close].end
    literal = " ".join(text[lit_start - base:lit_end - base].split())
    where = {"IF": "if", "FOR": "for", "SWITCH": "switch", "SELECT": "select", "MATCH": "match",
             "GUARD": "match guard"}[header.keyword]
    sink.report(
        "composite-literal-in-header",
        Span(lit_start, lit_end),
        f"composite literal in {where} header must be parenthesised: ({literal})",
        fixes=(Fix("Parenthesise the composite literal", Span(lit_start, lit_end), f"({literal})"),),
    )
    return True
