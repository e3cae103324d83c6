"""The real server over stdio, under the client capability profiles of VS Code, Neovim and
Emacs (pytest-lsp), with LSP specification warnings turned into errors (pyproject.toml)."""

from __future__ import annotations

import asyncio

import pytest
import pytest_lsp
from lsprotocol import types as T
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tests.lsp.conftest import WS, server_command

URI = (WS / "main.goo").as_uri()
TEXT = """package main

import (
	"fmt"
	"os"
)

// Counter counts hits.
type Counter struct {
	name  string
	count int
}

func (c *Counter) Hit() { c.count++ }

func total(xs []int) int {
	sum := 0
	for _, x := range xs {
		sum += x
	}
	return sum
}

func main() {
	c := &Counter{name: "hits"}
	c.Hit()
	n := total([]int{1, 2, 3})
	var s string = n
	fmt.Println(c.name, s)
}
"""

PROFILES = ["visual-studio-code", "neovim", "emacs"]


@pytest_lsp.fixture(scope="module", params=PROFILES, config=ClientServerConfig(server_command=server_command()))
async def client(request, lsp_client: LanguageClient):
    await lsp_client.initialize_session(T.InitializeParams(
        capabilities=client_capabilities(request.param), root_uri=WS.as_uri(),
        workspace_folders=[T.WorkspaceFolder(uri=WS.as_uri(), name="ws")]))
    yield
    await lsp_client.shutdown_session()


async def diagnostics_for(client: LanguageClient, version: int, timeout: float = 20.0) -> T.PublishDiagnosticsParams:
    async def wait() -> T.PublishDiagnosticsParams:
        while True:
            params = await client.protocol.wait_for_notification_async(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            if params.uri == URI and params.version == version:
                return params
    return await asyncio.wait_for(wait(), timeout)


def pos(text: str, needle: str, delta: int = 0) -> T.Position:
    i = text.index(needle) + delta
    line = text.count("\n", 0, i)
    col = i - (text.rfind("\n", 0, i) + 1)
    return T.Position(line=line, character=col)


TD = T.TextDocumentIdentifier(uri=URI)


@pytest.mark.asyncio(loop_scope="module")
async def test_diagnostics_then_incremental_edit(client: LanguageClient) -> None:
    first = asyncio.ensure_future(diagnostics_for(client, 1))
    client.text_document_did_open(T.DidOpenTextDocumentParams(
        text_document=T.TextDocumentItem(uri=URI, language_id="goo", version=1, text=TEXT)))
    params = await first
    messages = sorted(d.message for d in params.diagnostics)
    assert messages == ['"os" imported and not used', "cannot use n (variable of type int) as string value in variable declaration"]
    assert all(d.source == "goo" for d in params.diagnostics)
    # incremental edit: `var s string = n` -> `var s int = n` fixes the type error
    start = pos(TEXT, "string = n")
    change = T.TextDocumentContentChangePartial(
        range=T.Range(start=start, end=T.Position(line=start.line, character=start.character + len("string"))), text="int")
    second = asyncio.ensure_future(diagnostics_for(client, 2))
    client.text_document_did_change(T.DidChangeTextDocumentParams(
        text_document=T.VersionedTextDocumentIdentifier(uri=URI, version=2), content_changes=[change]))
    params2 = await second
    assert [d.message for d in params2.diagnostics] == ['"os" imported and not used']


TEXT2 = TEXT.replace("var s string = n", "var s int = n")


@pytest.mark.asyncio(loop_scope="module")
async def test_hover_definition_references(client: LanguageClient) -> None:
    hover = await client.text_document_hover_async(T.HoverParams(text_document=TD, position=pos(TEXT2, "total([]", 1)))
    assert hover is not None and "func total(xs []int) int" in hover.contents.value
    defs = await client.text_document_definition_async(T.DefinitionParams(text_document=TD, position=pos(TEXT2, "c.Hit()", 3)))
    assert defs and defs[0].range.start == pos(TEXT2, "Hit() {")
    refs = await client.text_document_references_async(T.ReferenceParams(
        text_document=TD, position=pos(TEXT2, "sum := 0"), context=T.ReferenceContext(include_declaration=True)))
    assert len(refs) == 3


@pytest.mark.asyncio(loop_scope="module")
async def test_rename(client: LanguageClient) -> None:
    prep = await client.text_document_prepare_rename_async(T.PrepareRenameParams(text_document=TD, position=pos(TEXT2, "sum := 0")))
    assert prep is not None
    edit = await client.text_document_rename_async(T.RenameParams(text_document=TD, position=pos(TEXT2, "sum := 0"), new_name="acc"))
    assert edit is not None and len(edit.changes[URI]) == 3


@pytest.mark.asyncio(loop_scope="module")
async def test_symbols(client: LanguageClient) -> None:
    symbols = await client.text_document_document_symbol_async(T.DocumentSymbolParams(text_document=TD))
    names = [s.name for s in symbols]
    assert {"Counter", "total", "main"} <= set(names)
    counter = next(s for s in symbols if s.name == "Counter")
    assert [c.name for c in counter.children] == ["name", "count", "Hit"]
    ws = await client.workspace_symbol_async(T.WorkspaceSymbolParams(query="Helper"))
    assert any(s.name == "Helper" and s.location.uri.endswith("other.goo") for s in ws)


@pytest.mark.asyncio(loop_scope="module")
async def test_completion(client: LanguageClient) -> None:
    result = await client.text_document_completion_async(T.CompletionParams(text_document=TD, position=pos(TEXT2, "c.Hit()", 2)))
    items = result.items if isinstance(result, T.CompletionList) else result
    assert {"Hit", "name", "count"} <= {i.label for i in items}


@pytest.mark.asyncio(loop_scope="module")
async def test_semantic_tokens(client: LanguageClient) -> None:
    tokens = await client.text_document_semantic_tokens_full_async(T.SemanticTokensParams(text_document=TD))
    assert tokens is not None and len(tokens.data) > 50 and len(tokens.data) % 5 == 0


@pytest.mark.asyncio(loop_scope="module")
async def test_formatting(client: LanguageClient) -> None:
    edits = await client.text_document_formatting_async(T.DocumentFormattingParams(
        text_document=TD, options=T.FormattingOptions(tab_size=4, insert_spaces=False)))
    assert not edits  # the document is already gofmt-formatted
    uri = (WS / "messy.goo").as_uri()
    messy = "package main\nfunc main(){\nx:=1\n_ = x\n}\n"
    client.text_document_did_open(T.DidOpenTextDocumentParams(
        text_document=T.TextDocumentItem(uri=uri, language_id="goo", version=1, text=messy)))
    edits = await client.text_document_formatting_async(T.DocumentFormattingParams(
        text_document=T.TextDocumentIdentifier(uri=uri), options=T.FormattingOptions(tab_size=4, insert_spaces=False)))
    assert edits and len(edits) == 1
    lines = messy.split("\n")
    start = sum(len(x) + 1 for x in lines[:edits[0].range.start.line]) + edits[0].range.start.character
    end = sum(len(x) + 1 for x in lines[:edits[0].range.end.line]) + edits[0].range.end.character
    assert messy[:start] + edits[0].new_text + messy[end:] == "package main\n\nfunc main() {\n\tx := 1\n\t_ = x\n}\n"


@pytest.mark.asyncio(loop_scope="module")
async def test_code_action_removes_unused_import(client: LanguageClient) -> None:
    start = pos(TEXT2, '"os"')
    rng = T.Range(start=start, end=T.Position(line=start.line, character=start.character + 4))
    actions = await client.text_document_code_action_async(T.CodeActionParams(
        text_document=TD, range=rng, context=T.CodeActionContext(diagnostics=[])))
    titles = [a.title for a in actions]
    assert 'Remove unused import "os"' in titles
