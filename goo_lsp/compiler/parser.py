"""Parser: tokens of one top-level chunk -> a declaration node + syntax diagnostics.

lark builds the LALR(1) table from goo.lark (cached on disk); this module drives it itself so
that error recovery has full control of the parser stack.

Recovery (spec §12.3), in order, at an unexpected token:
1. a keyword where a name is acceptable is `keyword-as-identifier` and is read as a name;
2. the error is reported once — at most one per statement — with a message listing what was
   expected when that is short, or a targeted message for foreign shapes (`let`, `fn`,
   `for x in`, `parallel for`, `x!`, `x?`);
3. a one-token repair (insert a `;`, `,`, `:` or placeholder name; delete or replace the token)
   is taken when the next few tokens then parse;
4. otherwise panic mode: skip whole bracket groups up to the end of the statement and unwind the
   stack to the innermost state that can go on from there.
The layout pass has already balanced brackets, so no repair inserts or drops one.

Invariants: `parse_chunk` never raises on any token sequence; intact declarations come back
whole; every error is reported at the start of the unexpected token (an inserted `;` reports
"unexpected newline" at the end of the previous token).
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from importlib import resources

from lark import Lark
from lark.lexer import Lexer
from lark.parsers.lalr_analysis import Shift

from . import syntax as S
from .builder import TreeBuilder
from .diagnostics import Diagnostic, DiagnosticSink
from .layout import classify, repair_delimiters
from .source import Span
from .tokens import CLOSER_TEXT, KEYWORD_KINDS, OPENERS, VALUE_ENDERS, Token, describe_token

_DECL_START = frozenset({"PACKAGE", "IMPORT", "CONST", "VAR", "TYPE", "FUNC", "CONCEPT", "COMPTIME", "OWN"})
_TRIAL_LENGTH = 3
_INSERT_CANDIDATES = ("SEMI", "NAME", "COMMA", "COLON")
_REPLACE_CANDIDATES = ("SEMI", "NAME", "COMMA", "COLON", "ASSIGN", "DEFINE")
_EXPR_START = frozenset({"NAME", "INT", "LPAREN", "FUNC", "STRING"})


class _NoLexer(Lexer):
    """Tokens come from our scanner; lark only needs a lexer class to accept %declare."""

    def __init__(self, conf: object) -> None:
        pass

    def lex(self, data: object):  # pragma: no cover - never called
        return iter(())


@dataclass(frozen=True, slots=True)
class ParsedChunk:
    """One top-level declaration, with spans, comments and diagnostics relative to its chunk."""

    decl: S.Decl
    diagnostics: tuple[Diagnostic, ...]
    # Spans of the statements that have a lexical or syntax error: semantic diagnostics inside
    # them would be cascades and are dropped by the checker's façade.
    error_regions: tuple[Span, ...] = ()


class ChunkParser:
    def __init__(self) -> None:
        grammar = resources.files(__package__).joinpath("goo.lark").read_text(encoding="utf-8")
        self.builder = TreeBuilder()
        logging.getLogger("lark").setLevel(logging.ERROR)
        lark = Lark(grammar, parser="lalr", lexer=_NoLexer, start="chunk", maybe_placeholders=True,
                    transformer=self.builder, cache=True)
        inner = lark.parser.parser.parser
        table = inner.parse_table
        self.states: dict[int, dict[str, tuple]] = table.states
        self.start_state: int = table.start_states["chunk"]
        self.end_state: int = table.end_states["chunk"]
        self.callbacks = inner.callbacks
        self.terminals = sorted({t for acts in self.states.values() for t in acts if t.isupper()})

    # ---- public -------------------------------------------------------------------------
    def parse_chunk(self, tokens: list[Token], text: str, lexical_errors: tuple[int, ...] = ()) -> ParsedChunk:
        """Parse the tokens of one chunk (chunk-relative positions; `text` is the chunk text).
        `lexical_errors` are the offsets of the scanner's errors in this chunk: a statement that
        already has one gets no further syntax error (one report per statement)."""
        sink = DiagnosticSink()
        if not tokens:
            return ParsedChunk(S.BadDecl(S.new_id(), Span(0, 0)), ())
        first = tokens[0]
        if first.kind not in _DECL_START:
            self._report_stray_chunk(tokens, sink)
            whole = Span(first.start, tokens[-1].end)
            return ParsedChunk(S.BadDecl(S.new_id(), whole), tuple(sink.items), (whole,))
        lexical_regions = [statement_bounds(tokens, offset) for offset in lexical_errors]
        repair_sink = DiagnosticSink()
        tokens = repair_delimiters(tokens, repair_sink)
        for d in repair_sink.items:
            region = Span(d.notes[0].span.start, d.span.end) if d.notes else statement_bounds(tokens, d.span.start)
            if not any(r.overlaps(region) or r.start == region.start for r in lexical_regions):
                sink.items.append(d)
        classify(tokens, text, sink)
        shape_sink = DiagnosticSink()
        self.builder.sink = shape_sink
        run = _Run(self, tokens, sink, [(r.start, r.end) for r in lexical_regions])
        run.source_text = text
        try:
            decl = run.run()
        except RecursionError:
            sink.report("syntax-error", Span(tokens[0].start, tokens[0].end),
                        "declaration nested too deeply to parse")
            whole = Span(tokens[0].start, tokens[-1].end)
            return ParsedChunk(S.BadDecl(S.new_id(), whole), tuple(sink.items), (whole,))
        # shape errors inside a statement the parser already reported would be cascades
        for diag in shape_sink.items:
            if not any(lo <= diag.span.end and diag.span.start <= hi for lo, hi in run.error_regions):
                sink.items.append(diag)
        regions = [Span(lo, max(lo, hi)) for lo, hi in run.error_regions] + lexical_regions
        for d in sink.items:
            if d.severity.value == "error":
                if d.code == "unclosed-delimiter" and d.notes:
                    regions.append(Span(min(d.notes[0].span.start, d.span.start), max(d.notes[0].span.end, d.span.end)))
                else:
                    regions.append(statement_bounds(tokens, d.span.start))
        return ParsedChunk(decl, tuple(sink.items), tuple(sorted(set(regions))))

    # ---- internals ----------------------------------------------------------------------
    def _report_stray_chunk(self, tokens: list[Token], sink: DiagnosticSink) -> None:
        first = tokens[0]
        span = Span(first.start, first.end)
        if first.kind == "NAME" and first.text == "fn":
            sink.report("syntax-error", span, "unexpected name fn: Goo declares functions with func")
        elif first.kind == "LET":
            sink.report("syntax-error", span, "unexpected keyword let: declare variables with := or var")
        else:
            sink.report("syntax-error", span, "non-declaration statement outside function body")

    def trial(self, stack: list[int], tokens: list[Token] | tuple[str, ...], start: int = 0, limit: int = _TRIAL_LENGTH) -> int:
        """Simulate feeding up to `limit` tokens (kinds) from `start` on a copy of `stack`;
        returns how many were accepted (a trailing $END counts when accepted)."""
        states = self.states
        st = list(stack)
        count = 0
        end = min(len(tokens), start + limit)
        for idx in range(start, end):
            item = tokens[idx]
            kind = item if isinstance(item, str) else item.kind
            while True:
                action = states[st[-1]].get(kind)
                if action is None:
                    return count
                if action[0] is Shift:
                    st.append(action[1])
                    break
                rule = action[1]
                size = len(rule.expansion)
                if size:
                    del st[-size:]
                goto = states[st[-1]][rule.origin.name][1]
                if kind == "$END" and goto == self.end_state:
                    return count + 1
                st.append(goto)
            count += 1
        return count

    def expected(self, stack: list[int]) -> set[str]:
        return {t for t in self.states[stack[-1]] if t.isupper() and self.trial(stack, (t,), 0, 1) == 1}


@functools.lru_cache(maxsize=1)
def chunk_parser() -> ChunkParser:
    return ChunkParser()


def statement_bounds(tokens: list[Token], offset: int) -> Span:
    """The statement around `offset`: from after the previous `;`/`{`/`}` at the same depth to
    the next `;` (or the closer of the enclosing group)."""
    i = 0
    n = len(tokens)
    while i < n and tokens[i].end <= offset and not (tokens[i].start == offset):
        i += 1
    i = min(i, n - 1) if n else 0
    depth = 0
    start = tokens[0].start if n else 0
    for j in range(i - 1, -1, -1):
        kind = tokens[j].kind
        if kind in CLOSER_TEXT:
            depth += 1
        elif kind in OPENERS:
            if depth == 0:
                start = tokens[j + 1].start
                break
            depth -= 1
        elif kind == "SEMI" and depth == 0:
            start = tokens[j + 1].start
            break
    depth = 0
    end = tokens[-1].end if n else offset
    for j in range(i, n):
        kind = tokens[j].kind
        if kind in OPENERS:
            depth += 1
        elif kind in CLOSER_TEXT:
            if depth == 0:
                end = tokens[j].start
                break
            depth -= 1
        elif kind == "SEMI" and depth == 0:
            end = tokens[j].start
            break
    return Span(min(start, offset), max(end, offset))


class _Run:
    """One parse of one chunk: the LALR loop plus recovery state."""

    def __init__(self, parser: ChunkParser, tokens: list[Token], sink: DiagnosticSink,
                 lexical_regions: list[tuple[int, int]] | None = None):
        self.p = parser
        end = tokens[-1].end if tokens else 0
        self.toks = tokens + [Token("$END", "", end, end)]
        self.sink = sink
        self.state_stack: list[int] = [parser.start_state]
        self.value_stack: list = []
        self.quiet_until = -1   # errors at token indexes <= this are not reported
        self.error_regions: list[tuple[int, int]] = []   # offsets of statements with errors
        self.lexical_regions = lexical_regions or []
        self.source_text: str | None = None

    def run(self) -> S.Decl:
        p = self.p
        states, callbacks, end_state = p.states, p.callbacks, p.end_state
        state_stack, value_stack, toks = self.state_stack, self.value_stack, self.toks
        i = 0
        while True:
            tok = toks[i]
            kind = tok.kind
            action = states[state_stack[-1]].get(kind)
            if action is None:
                nxt = self._recover(i)
                if nxt is None:
                    return self._fallback()
                i = nxt
                continue
            if action[0] is Shift:
                state_stack.append(action[1])
                value_stack.append(tok)
                i += 1
                continue
            rule = action[1]
            size = len(rule.expansion)
            if size:
                children = value_stack[-size:]
                del state_stack[-size:]
                del value_stack[-size:]
            else:
                children = []
            value = callbacks[rule](children)
            goto = states[state_stack[-1]][rule.origin.name][1]
            state_stack.append(goto)
            value_stack.append(value)
            if kind == "$END" and goto == end_state:
                result = value_stack[-1]
                return result if isinstance(result, S.Decl) else self._fallback()

    def _fallback(self) -> S.Decl:
        for value in reversed(self.value_stack):
            if isinstance(value, S.Decl):
                return value
        toks = self.toks
        return S.BadDecl(S.new_id(), Span(toks[0].start, toks[-1].end))

    # ---- recovery -----------------------------------------------------------------------
    def _recover(self, i: int) -> int | None:
        p, toks, stack = self.p, self.toks, self.state_stack
        tok = toks[i]
        if tok.kind in KEYWORD_KINDS and p.trial(stack, ("NAME",), 0, 1) and not p.trial(stack, (tok.kind,), 0, 1):
            if p.trial(stack, ["NAME"] + [t.kind for t in toks[i + 1:i + 1 + _TRIAL_LENGTH]], 0, 1 + _TRIAL_LENGTH) >= 2:
                from .layout import _keyword_as_name  # shared message
                _keyword_as_name(tok, self.sink)
                return i
        if i > self.quiet_until:
            # an error right after a line break belongs to the statement the break ended too
            start = self._statement_start(i - 1 if i > 0 and self.toks[i - 1].inserted else i)
            self.quiet_until = self._statement_end(i)
            end_tok = self.toks[min(self.quiet_until, len(self.toks) - 1)]
            if not any(lo <= self.toks[i].start <= hi for lo, hi in self.lexical_regions):
                self._report(i)
            self.error_regions.append((start, end_tok.end))
        return self._repair(i)

    def _statement_start(self, i: int) -> int:
        depth = 0
        toks = self.toks
        for j in range(i - 1, -1, -1):
            kind = toks[j].kind
            if kind in CLOSER_TEXT:
                depth += 1
            elif kind in OPENERS:
                depth -= 1
                if depth < 0:
                    return toks[j + 1].start
            elif kind == "SEMI" and depth <= 0:
                return toks[j + 1].start   # the statement's first token (not the comments before it)
        return toks[0].start

    def _statement_end(self, i: int) -> int:
        depth = 0
        toks = self.toks
        first = i + 1 if toks[i].kind == "SEMI" else i   # an unexpected `;` belongs to the next statement too
        for j in range(first, len(toks)):
            kind = toks[j].kind
            if kind in OPENERS:
                depth += 1
            elif kind in CLOSER_TEXT:
                depth -= 1
                if depth < 0:
                    return j
            elif kind == "SEMI" and depth <= 0:
                return j
        return len(toks)

    def _report(self, i: int) -> None:
        toks = self.toks
        tok = toks[i]
        prev = toks[i - 1] if i > 0 else None
        if tok.inserted:
            span = Span(tok.start, tok.start)
        else:
            span = Span(tok.start, max(tok.end, tok.start))
        if (tok.kind == "LBRACE" and prev is not None and prev.inserted and toks[0].kind == "FUNC"
                and self.p.trial(self.state_stack, ("$END",), 0, 1) == 1):
            # `func f() int` newline `{`: the newline ended the declaration before its body
            self.sink.report("syntax-error", Span(prev.start, prev.start), "unexpected newline, expected {")
            return
        if tok.kind in ("INC", "DEC", "ARROW") and prev is not None and prev.kind in VALUE_ENDERS and not self._at_statement_level():
            operand = self._operand_text(i)
            if tok.kind == "ARROW":
                end = self._statement_end(i)
                rest = self.text_between(tok.end, self.toks[end].start if end < len(self.toks) else tok.end)
                self.sink.report("invalid-operation", span, f"invalid operation: {operand} <- {rest.strip()} (send statement) used as value")
            else:
                self.sink.report("invalid-operation", span, f"invalid operation: {operand}{tok.text} (statement) used as value")
            return
        message = self._targeted_message(i) or self._generic_message(tok)
        self.sink.report("syntax-error", span, message)

    def text_between(self, a: int, b: int) -> str:
        return self.source_text[a:b] if self.source_text is not None else ""

    def _operand_text(self, i: int) -> str:
        """Source text of the primary expression ending just before token i."""
        toks = self.toks
        j = i - 1
        depth = 0
        while j >= 0:
            kind = toks[j].kind
            if kind in CLOSER_TEXT:
                depth += 1
            elif kind in OPENERS:
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and kind not in ("NAME", "DOT", "INT", "FLOAT", "STRING", "RUNE"):
                break
            j -= 1
        first = toks[j + 1] if j + 1 < i else toks[i - 1]
        return " ".join(self.text_between(first.start, toks[i - 1].end).split())

    def _at_statement_level(self) -> bool:
        """Would the parser accept `;` after reducing what it has (i.e. is a statement
        complete here)? Used to tell `x++` in a value position from a misplaced one."""
        return self.p.trial(self.state_stack, ("INC", "SEMI"), 0, 2) == 2

    def _generic_message(self, tok: Token) -> str:
        expected = self.p.expected(self.state_stack)
        text = f"unexpected {describe_token(tok)}"
        shown = _describe_expected(expected)
        if shown:
            text += f", expected {shown}"
        return text

    def _targeted_message(self, i: int) -> str | None:
        toks = self.toks
        tok = toks[i]
        prev = toks[i - 1] if i > 0 else None
        prev2 = toks[i - 2] if i > 1 else None
        if tok.kind == "LET":
            return "unexpected keyword let: declare variables with := or var"
        if prev is not None and prev.kind == "ELSE" and tok.kind not in ("LBRACE", "IF"):
            return "else must be followed by if or statement block"
        if self.p.trial(self.state_stack, ("$END",), 0, 1) == 1 and tok.kind not in ("$END",):
            return "non-declaration statement outside function body"
        if tok.kind == "NAME" and tok.text == "in" and prev is not None and prev.kind == "NAME" and prev2 is not None and prev2.kind == "FOR":
            return f"unexpected name in: Goo has no for-in loop; use for _, {prev.text} := range ..."
        if tok.kind == "FOR" and prev is not None and prev.kind == "NAME" and prev.text == "parallel":
            return "unexpected keyword for after parallel: Goo has no parallel for; use goroutines or the lanes package"
        if tok.kind == "NAME" and tok.text == "fn" and (prev is None or prev.kind in ("SEMI", "LBRACE")):
            return "unexpected name fn: Goo declares functions with func"
        if tok.kind == "NOT" and prev is not None and prev.kind in VALUE_ENDERS:
            return "unexpected !: Goo has no postfix ! operator; unwrap a nullable with if let"
        if tok.kind == "QUESTION" and prev is not None and (prev.kind in VALUE_ENDERS or prev.kind == "QUESTION"):
            if i + 1 < len(toks) and toks[i + 1].kind == "QUESTION" or prev.kind == "QUESTION":
                return "unexpected ??: Goo has no ?? operator; unwrap a nullable with if let ... else"
            return "unexpected ?: Goo has no postfix ? operator; use try for error unions or if let for nullables"
        return None

    def _repair(self, i: int) -> int | None:
        p, toks, stack = self.p, self.toks, self.state_stack
        tok = toks[i]
        if i > 0 and toks[i - 1].kind == "ELSE" and tok.kind not in ("LBRACE", "IF") and len(stack) > 1:
            # `} else stmt`: drop the `else` and end the if there
            trial_stack = stack[:-1]
            if p.trial(trial_stack, ["SEMI", tok.kind], 0, 2) == 2:
                del stack[-1]
                del self.value_stack[-1]
                toks.insert(i, Token("SEMI", "", tok.start, tok.start))
                return i
        need = min(_TRIAL_LENGTH, len(toks) - i)
        kinds_after = [t.kind for t in toks[i:i + _TRIAL_LENGTH + 1]]
        # 3a: insert one token before toks[i]
        for cand in _INSERT_CANDIDATES:
            if p.trial(stack, [cand] + kinds_after[:need], 0, need + 1) == need + 1:
                toks.insert(i, Token(cand, "", tok.start, tok.start))
                return i
        is_bracket = tok.kind in OPENERS or tok.kind in CLOSER_TEXT or tok.kind == "$END"
        if not is_bracket:
            # 3b: delete toks[i]
            after = [t.kind for t in toks[i + 1:i + 1 + _TRIAL_LENGTH]]
            if after and p.trial(stack, after, 0, len(after)) == len(after):
                del toks[i]
                return i
            # 3c: replace toks[i]
            for cand in _REPLACE_CANDIDATES:
                rest = [cand] + after
                if p.trial(stack, rest, 0, len(rest)) == len(rest):
                    toks[i] = Token(cand, "", tok.start, tok.start)
                    return i
        return self._panic(i)

    def _panic(self, i: int) -> int | None:
        """Skip whole bracket groups from `i` to the end of the statement, unwinding the stack
        to the innermost state that can continue."""
        p, toks = self.p, self.toks
        stack, values = self.state_stack, self.value_stack
        j = i
        n = len(toks)
        while j < n:
            tok = toks[j]
            limit = min(_TRIAL_LENGTH, n - j)
            for k in range(len(stack), 0, -1):
                if p.trial(stack[:k], toks, j, limit) == limit:
                    del stack[k:]
                    del values[k - 1:]
                    return j
            kind = tok.kind
            if kind in OPENERS:
                j = _skip_group(toks, j)
            elif kind in CLOSER_TEXT or kind == "$END":
                return None if kind == "$END" else self._unwind_to_closer(j)
            else:
                j += 1
        return None

    def _unwind_to_closer(self, j: int) -> int | None:
        """A closer no state accepts as-is: pop states until one accepts it alone."""
        p = self.p
        stack, values = self.state_stack, self.value_stack
        for k in range(len(stack), 0, -1):
            if p.trial(stack[:k], self.toks, j, 1) == 1:
                del stack[k:]
                del values[k - 1:]
                return j
        return None


def _skip_group(toks: list[Token], j: int) -> int:
    depth = 0
    for k in range(j, len(toks)):
        kind = toks[k].kind
        if kind in OPENERS:
            depth += 1
        elif kind in CLOSER_TEXT:
            depth -= 1
            if depth == 0:
                return k + 1
    return len(toks) - 1


_QUOTED = {"$END": "end of file", "RPAREN": "')'", "RBRACK": "']'", "RBRACE": "'}'", "COMMA": "comma", "SEMI": "semicolon or newline",
           "COLON": "':'", "LBRACE": "'{'", "BODY_LBRACE": "'{'", "LPAREN": "'('", "NAME": "name",
           "ASSIGN": "'='", "DEFINE": "':='", "STRING": "string literal", "TYPE": "type"}


def _describe_expected(expected: set[str]) -> str:
    expected = expected - {"$END"}
    if not expected:
        return ""
    if _EXPR_START <= expected:
        rest = expected - _EXPR_START - {"INT", "FLOAT", "IMAG", "RUNE", "TRUE", "FALSE", "NIL", "LBRACK",
                                         "MAP", "CHAN", "STRUCT", "INTERFACE", "PLUS", "MINUS", "NOT",
                                         "CARET", "TILDE", "STAR", "AMP", "ARROW", "TRY", "MSGKIND"}
        if len(rest) <= 1:
            return "expression" + (f" or {_QUOTED.get(next(iter(rest)), next(iter(rest)).lower())}" if rest else "")
        return ""
    if len(expected) > 3:
        return ""
    names = sorted(_QUOTED.get(t, t.lower()) for t in expected)
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " or " + names[-1]
