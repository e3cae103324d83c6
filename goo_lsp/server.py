"""`goo-lsp`: the language server (pygls 2.x).

Handlers are translators: LSP params -> offsets (convert.py) -> a façade/feature call on the
`Analysis` of the current document version -> LSP result. Every handler catches its own
exceptions, logs them (window/logMessage and the log file) and answers an empty result, so the
server never exits on bad input.

Invariants:
- Documents are analysed at most once per version; the previous version's analysis is passed
  in, so edits reuse work per declaration.
- Diagnostics are published for the current version only: a publish scheduled for version v is
  dropped if the document changed meanwhile (debounced per document by
  `goo.diagnostics.debounceMs`).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import logging
import sys
import traceback
from pathlib import Path
from typing import Any, Callable

from lsprotocol import types as T
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol

from . import __version__
from .analysis import Analysis, analyze
from .compiler.source import SourceFile, Span
from .convert import PositionMapper, diagnostic, minimal_edit, text_edit
from .documents import DocumentStore, uri_to_path
from .features import code_actions as actions_mod
from .features import completion as completion_mod
from .features import hover as hover_mod
from .features import navigation as nav
from .features import outline
from .features import semantic_tokens as sem
from .settings import Settings

log = logging.getLogger("goo-lsp")

_SYMBOL_KINDS = {
    outline.SymbolKind.PACKAGE: T.SymbolKind.Package, outline.SymbolKind.FUNCTION: T.SymbolKind.Function,
    outline.SymbolKind.METHOD: T.SymbolKind.Method, outline.SymbolKind.STRUCT: T.SymbolKind.Struct,
    outline.SymbolKind.INTERFACE: T.SymbolKind.Interface, outline.SymbolKind.ENUM: T.SymbolKind.Enum,
    outline.SymbolKind.ENUM_MEMBER: T.SymbolKind.EnumMember, outline.SymbolKind.FIELD: T.SymbolKind.Field,
    outline.SymbolKind.CONSTANT: T.SymbolKind.Constant, outline.SymbolKind.VARIABLE: T.SymbolKind.Variable,
    outline.SymbolKind.TYPE: T.SymbolKind.Class,
}
_COMPLETION_KINDS = {
    completion_mod.ItemKind.VARIABLE: T.CompletionItemKind.Variable, completion_mod.ItemKind.FIELD: T.CompletionItemKind.Field,
    completion_mod.ItemKind.FUNCTION: T.CompletionItemKind.Function, completion_mod.ItemKind.METHOD: T.CompletionItemKind.Method,
    completion_mod.ItemKind.TYPE: T.CompletionItemKind.Class, completion_mod.ItemKind.INTERFACE: T.CompletionItemKind.Interface,
    completion_mod.ItemKind.STRUCT: T.CompletionItemKind.Struct, completion_mod.ItemKind.CONSTANT: T.CompletionItemKind.Constant,
    completion_mod.ItemKind.MODULE: T.CompletionItemKind.Module, completion_mod.ItemKind.KEYWORD: T.CompletionItemKind.Keyword,
    completion_mod.ItemKind.SNIPPET: T.CompletionItemKind.Snippet, completion_mod.ItemKind.ENUM_MEMBER: T.CompletionItemKind.EnumMember,
    completion_mod.ItemKind.TYPE_PARAMETER: T.CompletionItemKind.TypeParameter,
}
_FOLD_KINDS = {outline.FoldKind.REGION: T.FoldingRangeKind.Region, outline.FoldKind.IMPORTS: T.FoldingRangeKind.Imports,
               outline.FoldKind.COMMENT: T.FoldingRangeKind.Comment}


class GooProtocol(LanguageServerProtocol):
    """pygls drops a request whose params fail to deserialise without answering it; JSON-RPC
    requires a response, so answer it with the error (InvalidParams) instead."""

    def structure_message(self, data: dict[str, Any]):
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if isinstance(data, dict) and "id" in data and "method" in data:
                self._send_response(data["id"], error=T.ResponseError(code=exc.code, message=f"invalid params for {data['method']}"))
            return {}


class GooLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("goo-lsp", __version__, text_document_sync_kind=T.TextDocumentSyncKind.Incremental,
                         protocol_cls=GooProtocol)
        self.docs = DocumentStore()
        self.analyses: dict[str, Analysis] = {}
        self.mappers: dict[str, tuple[int, PositionMapper]] = {}
        self.settings = Settings()
        self.root: Path | None = None
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self._workspace_cache: dict[str, tuple[float, Analysis]] = {}

    # ---- analyses -----------------------------------------------------------------------------
    def encoding(self) -> str:
        try:
            enc = self.workspace.position_encoding
        except Exception:  # workspace not initialised yet
            return "utf-16"
        return str(enc.value if hasattr(enc, "value") else enc or "utf-16")

    def analysis(self, uri: str) -> Analysis | None:
        doc = self.docs.get(uri)
        if doc is None:
            return None
        current = self.analyses.get(uri)
        if current is not None and current.version == doc.version and current.source.text == doc.text:
            return current
        result = analyze(SourceFile(doc.path, doc.text), current, doc.version)
        self.analyses[uri] = result
        return result

    def mapper(self, uri: str) -> PositionMapper | None:
        doc = self.docs.get(uri)
        if doc is None:
            return None
        cached = self.mappers.get(uri)
        if cached is not None and cached[0] == doc.version and cached[1].text is doc.text:
            return cached[1]
        m = PositionMapper(doc.text, self.encoding())
        self.mappers[uri] = (doc.version, m)
        return m

    def schedule_diagnostics(self, uri: str) -> None:
        doc = self.docs.get(uri)
        if doc is None:
            return
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()
        version = doc.version
        delay = self.settings.diagnostics_debounce_ms / 1000.0
        loop = asyncio.get_event_loop()
        self.pending[uri] = loop.call_later(delay, self.publish_diagnostics, uri, version)

    def publish_diagnostics(self, uri: str, version: int) -> None:
        self.pending.pop(uri, None)
        try:
            doc = self.docs.get(uri)
            if doc is None or doc.version != version:
                return  # stale: a newer version is scheduled
            result = self.analysis(uri)
            mapper = self.mapper(uri)
            if result is None or mapper is None or self.docs.get(uri) is None or self.docs.get(uri).version != version:
                return
            diags = [diagnostic(mapper, d, uri) for d in result.diagnostics]
            self.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri=uri, diagnostics=diags, version=version))
        except Exception:
            self.report_exception("publishDiagnostics")

    def report_exception(self, where: str) -> None:
        text = traceback.format_exc()
        log.error("%s failed:\n%s", where, text)
        try:
            self.window_log_message(T.LogMessageParams(type=T.MessageType.Error, message=f"goo-lsp: {where} failed: {text.splitlines()[-1]}"))
        except Exception:
            pass

    def apply_settings(self, raw: Any) -> None:
        self.settings, warnings = self.settings.updated(raw)
        for w in warnings:
            self.window_log_message(T.LogMessageParams(type=T.MessageType.Warning, message=f"goo-lsp: {w}"))

    # ---- workspace ----------------------------------------------------------------------------
    def workspace_files(self) -> list[Path]:
        if self.root is None or self.settings.workspace_max_files <= 0:
            return []
        out = []
        for path in sorted(self.root.rglob("*.goo")):
            if any(part.startswith(".") or part == "node_modules" for part in path.parts):
                continue
            out.append(path)
            if len(out) >= self.settings.workspace_max_files:
                break
        return out

    def workspace_analyses(self) -> list[tuple[str, Analysis]]:
        """Open documents, then workspace files that are not open (cached by mtime)."""
        out: list[tuple[str, Analysis]] = []
        open_paths = set()
        for doc in self.docs:
            a = self.analysis(doc.uri)
            if a is not None:
                out.append((doc.uri, a))
                open_paths.add(doc.path)
        for path in self.workspace_files():
            p = str(path)
            if p in open_paths:
                continue
            try:
                mtime = path.stat().st_mtime
                cached = self._workspace_cache.get(p)
                if cached is None or cached[0] != mtime:
                    from .cli import read_source
                    cached = (mtime, analyze(read_source(p)))
                    self._workspace_cache[p] = cached
                out.append((path.as_uri(), cached[1]))
            except OSError:
                continue
        return out


server = GooLanguageServer()


class RequestFailed(JsonRpcException):
    """LSP's RequestFailed (-32803): the request was valid but cannot be honoured."""

    CODE = -32803


def guarded(default: Any = None) -> Callable:
    """Catch, log and answer `default` for any exception in a handler."""
    def decorate(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def wrapper(ls: GooLanguageServer, params: Any) -> Any:
            try:
                return fn(ls, params)
            except JsonRpcException:
                raise  # a deliberate protocol error (e.g. a refused rename)
            except Exception:
                ls.report_exception(fn.__name__)
                return default() if callable(default) else default
        return wrapper
    return decorate


def _ctx(ls: GooLanguageServer, uri: str) -> tuple[Analysis, PositionMapper] | None:
    a = ls.analysis(uri)
    m = ls.mapper(uri)
    if a is None or m is None:
        return None
    return a, m


def _location(ls: GooLanguageServer, analysis: Analysis, uri: str, loc) -> T.Location:
    if loc.path == analysis.path:
        m = ls.mapper(uri)
        return T.Location(uri=uri, range=m.range(loc.span))
    text = loc.text if loc.text is not None else Path(loc.path).read_text(encoding="utf-8")
    m = PositionMapper(text, ls.encoding())
    return T.Location(uri=Path(loc.path).resolve().as_uri(), range=m.range(loc.span))


# ---- lifecycle ------------------------------------------------------------------------------------
@server.feature(T.INITIALIZE)
def on_initialize(ls: GooLanguageServer, params: T.InitializeParams) -> None:
    root = None
    if params.workspace_folders:
        root = uri_to_path(params.workspace_folders[0].uri)
    elif params.root_uri:
        root = uri_to_path(params.root_uri)
    elif params.root_path:
        root = params.root_path
    if root and Path(root).is_dir():
        ls.root = Path(root)
    if params.initialization_options is not None:
        ls.settings, _ = ls.settings.updated(params.initialization_options)


@server.feature(T.WORKSPACE_DID_CHANGE_CONFIGURATION)
@guarded()
def on_configuration(ls: GooLanguageServer, params: T.DidChangeConfigurationParams) -> None:
    if params.settings is not None:
        ls.apply_settings(params.settings)


# ---- document sync --------------------------------------------------------------------------------
@server.feature(T.TEXT_DOCUMENT_DID_OPEN)
@guarded()
def did_open(ls: GooLanguageServer, params: T.DidOpenTextDocumentParams) -> None:
    td = params.text_document
    ls.docs.open(td.uri, td.text, td.version, td.language_id)
    ls.schedule_diagnostics(td.uri)


@server.feature(T.TEXT_DOCUMENT_DID_CHANGE)
@guarded()
def did_change(ls: GooLanguageServer, params: T.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    doc = ls.docs.get(uri)
    if doc is None:
        return
    edits: list[tuple[Span | None, str]] = []
    text = doc.text
    for change in params.content_changes:
        if isinstance(change, T.TextDocumentContentChangePartial):
            mapper = PositionMapper(text, ls.encoding())
            span = mapper.span(change.range)
            text = text[:span.start] + change.text + text[span.end:]
        else:
            text = change.text
    edits.append((None, text))
    ls.docs.apply(uri, edits, params.text_document.version)
    ls.schedule_diagnostics(uri)


@server.feature(T.TEXT_DOCUMENT_DID_CLOSE)
@guarded()
def did_close(ls: GooLanguageServer, params: T.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.docs.close(uri)
    ls.analyses.pop(uri, None)
    ls.mappers.pop(uri, None)
    pending = ls.pending.pop(uri, None)
    if pending is not None:
        pending.cancel()
    ls.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(T.TEXT_DOCUMENT_DID_SAVE)
@guarded()
def did_save(ls: GooLanguageServer, params: T.DidSaveTextDocumentParams) -> None:
    ls._workspace_cache.pop(uri_to_path(params.text_document.uri), None)


# ---- navigation -----------------------------------------------------------------------------------
@server.feature(T.TEXT_DOCUMENT_HOVER)
@guarded()
def on_hover(ls: GooLanguageServer, params: T.HoverParams) -> T.Hover | None:
    ctx = _ctx(ls, params.text_document.uri)
    if ctx is None:
        return None
    a, m = ctx
    info = hover_mod.hover(a, m.offset(params.position))
    if info is None:
        return None
    return T.Hover(contents=T.MarkupContent(kind=T.MarkupKind.Markdown, value=info.markdown), range=m.range(info.span))


@server.feature(T.TEXT_DOCUMENT_DEFINITION)
@guarded(list)
def on_definition(ls: GooLanguageServer, params: T.DefinitionParams) -> list[T.Location]:
    ctx = _ctx(ls, params.text_document.uri)
    if ctx is None:
        return []
    a, m = ctx
    return [_location(ls, a, params.text_document.uri, loc) for loc in nav.definition(a, m.offset(params.position))]


@server.feature(T.TEXT_DOCUMENT_TYPE_DEFINITION)
@guarded(list)
def on_type_definition(ls: GooLanguageServer, params: T.TypeDefinitionParams) -> list[T.Location]:
    ctx = _ctx(ls, params.text_document.uri)
    if ctx is None:
        return []
    a, m = ctx
    return [_location(ls, a, params.text_document.uri, loc) for loc in nav.type_definition(a, m.offset(params.position))]


@server.feature(T.TEXT_DOCUMENT_REFERENCES)
@guarded(list)
def on_references(ls: GooLanguageServer, params: T.ReferenceParams) -> list[T.Location]:
    uri = params.text_document.uri
    ctx = _ctx(ls, uri)
    if ctx is None:
        return []
    a, m = ctx
    from .features.common import object_at
    hit = object_at(a, m.offset(params.position))
    if hit is None:
        return []
    obj = hit[0]
    include = params.context.include_declaration if params.context is not None else True
    out = [T.Location(uri=uri, range=m.range(r.span)) for r in nav.references_of(a, obj, include)]
    if obj.loc.file != a.path:  # a std object: also its uses in other open and workspace files
        for other_uri, other in ls.workspace_analyses():
            if other_uri == uri:
                continue
            refs = nav.references_of(other, obj, include)
            if refs:
                om = ls.mapper(other_uri) if ls.docs.get(other_uri) else PositionMapper(other.source.text, ls.encoding())
                out.extend(T.Location(uri=other_uri, range=om.range(r.span)) for r in refs)
    return out


@server.feature(T.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)
@guarded(list)
def on_highlight(ls: GooLanguageServer, params: T.DocumentHighlightParams) -> list[T.DocumentHighlight]:
    ctx = _ctx(ls, params.text_document.uri)
    if ctx is None:
        return []
    a, m = ctx
    return [T.DocumentHighlight(range=m.range(r.span), kind=T.DocumentHighlightKind.Write if r.is_write else T.DocumentHighlightKind.Read)
            for r in nav.highlights(a, m.offset(params.position))]


@server.feature(T.TEXT_DOCUMENT_PREPARE_RENAME)
@guarded()
def on_prepare_rename(ls: GooLanguageServer, params: T.PrepareRenameParams):
    ctx = _ctx(ls, params.text_document.uri)
    if ctx is None:
        return None
    a, m = ctx
    result = nav.prepare_rename(a, m.offset(params.position))
    if isinstance(result, nav.RenameError):
        raise RequestFailed(result.message)
    return m.range(result)


@server.feature(T.TEXT_DOCUMENT_RENAME)
@guarded()
def on_rename(ls: GooLanguageServer, params: T.RenameParams) -> T.WorkspaceEdit | None:
    uri = params.text_document.uri
    ctx = _ctx(ls, uri)
    if ctx is None:
        return None
    a, m = ctx
    result = nav.rename(a, m.offset(params.position), params.new_name)
    if isinstance(result, nav.RenameError):
        raise RequestFailed(result.message)
    return T.WorkspaceEdit(changes={uri: [text_edit(m, span, new) for span, new in result]})


# ---- structure ------------------------------------------------------------------------------------
def _doc_symbol(m: PositionMapper, s: outline.Symbol) -> T.DocumentSymbol:
    return T.DocumentSymbol(name=s.name, kind=_SYMBOL_KINDS[s.kind], range=m.range(s.span),
                            selection_range=m.range(s.selection), detail=s.detail or None,
                            children=[_doc_symbol(m, c) for c in s.children] or None)


@server.feature(T.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
@guarded(list)
def on_document_symbol(ls: GooLanguageServer, params: T.DocumentSymbolParams):
    ctx = _ctx(ls, params.text_document.uri)
    if ctx is None:
        return []
    a, m = ctx
    return [_doc_symbol(m, s) for s in outline.document_symbols(a)]


@server.feature(T.WORKSPACE_SYMBOL)
@guarded(list)
def on_workspace_symbol(ls: GooLanguageServer, params: T.WorkspaceSymbolParams) -> list[T.SymbolInformation]:
    query = params.query.lower()
    out: list[T.SymbolInformation] = []
    for uri, a in ls.workspace_analyses():
        m = ls.mapper(uri) if ls.docs.get(uri) else PositionMapper(a.source.text, ls.encoding())
        for sym, container in outline.flatten(outline.document_symbols(a)):
            if sym.kind is outline.SymbolKind.PACKAGE:
                continue
            if query and not _fuzzy(query, sym.name.lower()):
                continue
            out.append(T.SymbolInformation(name=sym.name, kind=_SYMBOL_KINDS[sym.kind],
                                           location=T.Location(uri=uri, range=m.range(sym.selection)),
                                           container_name=container or None))
            if len(out) >= 500:
                return out
    return out


def _fuzzy(query: str, name: str) -> bool:
    it = iter(name)
    return all(ch in it for ch in query)


@server.feature(T.TEXT_DOCUMENT_FOLDING_RANGE)
@guarded(list)
def on_folding(ls: GooLanguageServer, params: T.FoldingRangeParams) -> list[T.FoldingRange]:
    a = ls.analysis(params.text_document.uri)
    if a is None:
        return []
    return [T.FoldingRange(start_line=f.start_line, end_line=f.end_line, kind=_FOLD_KINDS[f.kind]) for f in outline.folding_ranges(a)]


LEGEND = T.SemanticTokensLegend(token_types=list(sem.TOKEN_TYPES), token_modifiers=list(sem.TOKEN_MODIFIERS))


def _semantic(ls: GooLanguageServer, uri: str, rng: T.Range | None) -> T.SemanticTokens:
    ctx = _ctx(ls, uri)
    if ctx is None or not ls.settings.semantic_tokens:
        return T.SemanticTokens(data=[])
    a, m = ctx
    if rng is None:
        tokens = sem.semantic_tokens(a)
    else:
        span = m.span(rng)
        tokens = sem.semantic_tokens(a, span.start, span.end)
    return T.SemanticTokens(data=sem.encode(a, tokens, m.line_char))


@server.feature(T.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, T.SemanticTokensRegistrationOptions(
    legend=LEGEND, full=True, range=True, document_selector=[T.TextDocumentFilterLanguage(language="goo")]))
@guarded(lambda: T.SemanticTokens(data=[]))
def on_semantic_full(ls: GooLanguageServer, params: T.SemanticTokensParams) -> T.SemanticTokens:
    return _semantic(ls, params.text_document.uri, None)


@server.feature(T.TEXT_DOCUMENT_SEMANTIC_TOKENS_RANGE)
@guarded(lambda: T.SemanticTokens(data=[]))
def on_semantic_range(ls: GooLanguageServer, params: T.SemanticTokensRangeParams) -> T.SemanticTokens:
    return _semantic(ls, params.text_document.uri, params.range)


# ---- editing --------------------------------------------------------------------------------------
@server.feature(T.TEXT_DOCUMENT_COMPLETION, T.CompletionOptions(trigger_characters=["."]))
@guarded(list)
def on_completion(ls: GooLanguageServer, params: T.CompletionParams) -> T.CompletionList:
    ctx = _ctx(ls, params.text_document.uri)
    if ctx is None:
        return T.CompletionList(is_incomplete=False, items=[])
    a, m = ctx
    items = []
    for item in completion_mod.completions(a, m.offset(params.position)):
        if item.snippet and not ls.settings.completion_snippets:
            continue
        items.append(T.CompletionItem(
            label=item.label, kind=_COMPLETION_KINDS[item.kind], detail=item.detail or None,
            insert_text=item.insert_text, sort_text=f"{item.sort}{item.label}",
            insert_text_format=T.InsertTextFormat.Snippet if item.snippet else None))
    return T.CompletionList(is_incomplete=False, items=items)


@server.feature(T.TEXT_DOCUMENT_SIGNATURE_HELP, T.SignatureHelpOptions(trigger_characters=["(", ","]))
@guarded()
def on_signature_help(ls: GooLanguageServer, params: T.SignatureHelpParams) -> T.SignatureHelp | None:
    ctx = _ctx(ls, params.text_document.uri)
    if ctx is None:
        return None
    a, m = ctx
    info = completion_mod.signature_help(a, m.offset(params.position))
    if info is None:
        return None
    params_info = [T.ParameterInformation(label=p) for p in info.parameters]
    doc = T.MarkupContent(kind=T.MarkupKind.Markdown, value=info.doc) if info.doc else None
    sig = T.SignatureInformation(label=info.label, documentation=doc, parameters=params_info,
                                 active_parameter=info.active_parameter)
    return T.SignatureHelp(signatures=[sig], active_signature=0, active_parameter=info.active_parameter)


@server.feature(T.TEXT_DOCUMENT_FORMATTING)
@guarded(list)
def on_formatting(ls: GooLanguageServer, params: T.DocumentFormattingParams) -> list[T.TextEdit]:
    uri = params.text_document.uri
    doc = ls.docs.get(uri)
    if doc is None or not ls.settings.format_enabled:
        return []
    from .compiler.format import format_source
    result = format_source(doc.text)
    if result.text is None:
        ls.window_log_message(T.LogMessageParams(type=T.MessageType.Info, message=f"goo fmt: {result.error}"))
        return []
    edit = minimal_edit(doc.text, result.text)
    if edit is None:
        return []
    m = ls.mapper(uri)
    return [text_edit(m, edit[0], edit[1])]


@server.feature(T.TEXT_DOCUMENT_CODE_ACTION, T.CodeActionOptions(code_action_kinds=[T.CodeActionKind.QuickFix]))
@guarded(list)
def on_code_action(ls: GooLanguageServer, params: T.CodeActionParams) -> list[T.CodeAction]:
    uri = params.text_document.uri
    ctx = _ctx(ls, uri)
    if ctx is None:
        return []
    a, m = ctx
    out = []
    for act in actions_mod.code_actions(a, m.span(params.range)):
        edits = [text_edit(m, span, new) for span, new in act.edits]
        diags = [diagnostic(m, act.diagnostic, uri)] if act.diagnostic is not None else None
        out.append(T.CodeAction(title=act.title, kind=T.CodeActionKind.QuickFix, diagnostics=diags,
                                is_preferred=act.preferred or None, edit=T.WorkspaceEdit(changes={uri: edits})))
    return out


# ---- entry point ------------------------------------------------------------------------------------
def run(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="goo-lsp", description="The Goo language server.")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--stdio", action="store_true", help="talk LSP over stdin/stdout (default)")
    mode.add_argument("--tcp", action="store_true", help="listen on a TCP port")
    ap.add_argument("--host", default="127.0.0.1", help="TCP host (default: loopback only)")
    ap.add_argument("--port", type=int, default=2087, help="TCP port (default 2087)")
    ap.add_argument("--log-file", help="append server logs to this file")
    ap.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    ap.add_argument("--version", action="version", version=f"goo-lsp {__version__}")
    args = ap.parse_args(argv)
    if args.log_file:
        logging.basicConfig(filename=args.log_file, level=getattr(logging, args.log_level),
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    else:
        logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    log.info("goo-lsp %s starting (%s)", __version__, "tcp" if args.tcp else "stdio")
    if args.tcp:
        server.start_tcp(args.host, args.port)
    else:
        server.start_io()
    return 0
