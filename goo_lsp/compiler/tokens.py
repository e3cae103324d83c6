"""Token records and token kinds shared by the lexer, the layout pass and the parser.

Invariants:
- A token kind is the name of a terminal of goo.lark (so the LALR table can be indexed by it).
- `start`/`end` are absolute character offsets into the file text. An inserted semicolon has
  `start == end ==` the end of the previous token and `text == "\\n"`.
- `value` holds the decoded value of literals: int for INT and RUNE, `fractions.Fraction` for
  FLOAT, `bytes` for STRING (Goo strings are byte sequences), None otherwise.
"""

from __future__ import annotations

from typing import Any


class Token:
    __slots__ = ("kind", "text", "start", "end", "value", "nl_before")

    def __init__(self, kind: str, text: str, start: int, end: int, value: Any = None, nl_before: bool = False):
        self.kind = kind
        self.text = text
        self.start = start
        self.end = end
        self.value = value
        self.nl_before = nl_before

    # lark's parse-tree builder treats children generically; a `type` attribute keeps its
    # error paths (which read `token.type`) working with our tokens.
    @property
    def type(self) -> str:
        return self.kind

    @property
    def inserted(self) -> bool:
        return self.kind == "SEMI" and self.text == "\n"

    def __repr__(self) -> str:
        return f"Token({self.kind}, {self.text!r}, {self.start}:{self.end})"


GO_KEYWORDS = {
    "break": "BREAK", "case": "CASE", "chan": "CHAN", "const": "CONST", "continue": "CONTINUE",
    "default": "DEFAULT", "defer": "DEFER", "else": "ELSE", "fallthrough": "FALLTHROUGH",
    "for": "FOR", "func": "FUNC", "go": "GO", "goto": "GOTO", "if": "IF", "import": "IMPORT",
    "interface": "INTERFACE", "map": "MAP", "package": "PACKAGE", "range": "RANGE",
    "return": "RETURN", "select": "SELECT", "struct": "STRUCT", "switch": "SWITCH", "type": "TYPE",
    "var": "VAR",
}
LITERAL_KEYWORDS = {"true": "TRUE", "false": "FALSE", "nil": "NIL"}
GOO_KEYWORDS = {
    "enum": "ENUM", "comptime": "COMPTIME", "concept": "CONCEPT", "try": "TRY", "catch": "CATCH",
    "let": "LET", "match": "MATCH", "unsafe": "UNSAFE", "arena": "ARENA",
    "msg_pub": "MSGKIND", "msg_sub": "MSGKIND", "msg_req": "MSGKIND", "msg_rep": "MSGKIND",
    "msg_push": "MSGKIND", "msg_pull": "MSGKIND",
    "own_owned": "OWN", "own_borrowed": "OWN", "own_shared": "OWN",
}
KEYWORDS: dict[str, str] = {**GO_KEYWORDS, **LITERAL_KEYWORDS, **GOO_KEYWORDS}
KEYWORD_KINDS = frozenset(KEYWORDS.values())

OPERATORS: dict[str, str] = {
    "+": "PLUS", "-": "MINUS", "*": "STAR", "/": "SLASH", "%": "PERCENT",
    "&": "AMP", "|": "PIPE", "^": "CARET", "<<": "SHL", ">>": "SHR", "&^": "ANDNOT",
    "+=": "ASSIGN_OP", "-=": "ASSIGN_OP", "*=": "ASSIGN_OP", "/=": "ASSIGN_OP", "%=": "ASSIGN_OP",
    "&=": "ASSIGN_OP", "|=": "ASSIGN_OP", "^=": "ASSIGN_OP", "<<=": "ASSIGN_OP", ">>=": "ASSIGN_OP",
    "&^=": "ASSIGN_OP",
    "&&": "ANDAND", "||": "OROR", "<-": "ARROW", "++": "INC", "--": "DEC",
    "==": "EQ", "!=": "NE", "<": "LT", "<=": "LE", ">": "GT", ">=": "GE",
    "=": "ASSIGN", ":=": "DEFINE", "!": "NOT", "~": "TILDE", "?": "QUESTION", "=>": "FATARROW",
    "...": "ELLIPSIS", ".": "DOT", ",": "COMMA", ";": "SEMI", ":": "COLON",
    "(": "LPAREN", ")": "RPAREN", "[": "LBRACK", "]": "RBRACK", "{": "LBRACE", "}": "RBRACE",
}

# Kinds produced only by the layout pass (never by the scanner).
BODY_LBRACE = "BODY_LBRACE"  # `{` that opens the body of if/for/switch/select/match (spec §3.7)
BIND_COLON = "BIND_COLON"    # `:` of an interface pattern `case name: T:` in a match clause

# Spec §3.6: a value-ender before a newline inserts a semicolon.
VALUE_ENDERS = frozenset({
    "NAME", "INT", "FLOAT", "IMAG", "RUNE", "STRING", "TRUE", "FALSE", "NIL",
    "RPAREN", "RBRACK", "RBRACE", "INC", "DEC",
})
ALWAYS_SEMI_AFTER = frozenset({"RETURN", "BREAK", "CONTINUE", "FALLTHROUGH"})
NO_SEMI_BEFORE = frozenset({"RPAREN", "RBRACE", "ELLIPSIS", "ELSE"})

OPENERS = {"LPAREN": "RPAREN", "LBRACK": "RBRACK", "LBRACE": "RBRACE", BODY_LBRACE: "RBRACE"}
CLOSERS = frozenset({"RPAREN", "RBRACK", "RBRACE"})
CLOSER_TEXT = {"RPAREN": ")", "RBRACK": "]", "RBRACE": "}"}
OPENER_TEXT = {"LPAREN": "(", "LBRACK": "[", "LBRACE": "{", BODY_LBRACE: "{"}

# Human names used in syntax-error messages ("unexpected newline, expected ')'").
KIND_DESCRIPTIONS: dict[str, str] = {
    "NAME": "name", "INT": "literal", "FLOAT": "literal", "IMAG": "literal", "RUNE": "literal",
    "STRING": "literal", "$END": "EOF", BODY_LBRACE: "{", BIND_COLON: ":",
    **{kind: f"keyword {word}" for word, kind in KEYWORDS.items() if kind not in ("MSGKIND", "OWN")},
    "MSGKIND": "channel kind", "OWN": "ownership qualifier",
    **{kind: text for text, kind in OPERATORS.items() if kind != "ASSIGN_OP"},
    "ASSIGN_OP": "assignment operator",
}


def describe_token(tok: Token) -> str:
    if tok.inserted:
        return "newline"
    if tok.kind == "COMMA":
        return "comma"
    if tok.kind == "SEMI":
        return "semicolon"
    if tok.kind in ("NAME",):
        return f"name {tok.text}"
    if tok.kind in ("INT", "FLOAT", "IMAG", "RUNE", "STRING"):
        text = tok.text if len(tok.text) <= 20 else tok.text[:17] + "..."
        return f"literal {text}"
    if tok.kind in KEYWORD_KINDS:
        return f"keyword {tok.text}"
    return tok.text
