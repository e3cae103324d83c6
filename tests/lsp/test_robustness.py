"""The running server under abuse: random incremental edits (inserted and deleted text, pasted
Goo fragments, non-ASCII), requests at random and out-of-range positions, unknown documents and
malformed params. Every request must be answered, the server must stay alive, and the final
diagnostics must equal a fresh analysis of the final text."""

from __future__ import annotations

import asyncio
import random
import sys

import pytest
import pytest_lsp
from lsprotocol import types as T
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from goo_lsp.analysis import analyze
from goo_lsp.compiler.source import SourceFile
from goo_lsp.convert import PositionMapper
from tests.lsp.conftest import WS, server_command

SAMPLE = (WS.parent.parent / "samples" / "08_supervisor_restart.goo").read_text()
FRAGMENTS = ["{", "}", "(", ")", "\n", "x := 1\n", "go func() {}()\n", "select {\n", "catch e {", "é", "😀", "世",
             "for i := range 3 {\n", "fmt.Println(", "match s {\ncase A:\n}", "return", "//c\n", '"str', "`raw", "@x"]


ENCODING = {"value": "utf-16"}


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=server_command()))
async def client(lsp_client: LanguageClient):
    result = await lsp_client.initialize_session(T.InitializeParams(capabilities=client_capabilities("neovim"), root_uri=WS.as_uri()))
    enc = result.capabilities.position_encoding
    ENCODING["value"] = str(getattr(enc, "value", enc) or "utf-16")
    yield
    await lsp_client.shutdown_session()


def mapper_for(text: str) -> PositionMapper:
    return PositionMapper(text, ENCODING["value"])


async def wait_version(client: LanguageClient, uri: str, version: int) -> T.PublishDiagnosticsParams:
    async def wait() -> T.PublishDiagnosticsParams:
        while True:
            p = await client.protocol.wait_for_notification_async(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            if p.uri == uri and p.version == version:
                return p
    return await asyncio.wait_for(wait(), 30)


def _key(diags) -> list[tuple]:
    return sorted((d.range.start.line, d.range.start.character, d.message) for d in diags)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.asyncio(loop_scope="module")
async def test_random_incremental_edits(client: LanguageClient, seed: int) -> None:
    rng = random.Random(seed)
    uri = f"{WS.as_uri()}/fuzz{seed}.goo"
    text = SAMPLE
    version = 1
    client.text_document_did_open(T.DidOpenTextDocumentParams(
        text_document=T.TextDocumentItem(uri=uri, language_id="goo", version=version, text=text)))
    td = T.TextDocumentIdentifier(uri=uri)
    for step in range(40):
        mapper = mapper_for(text)
        a = rng.randrange(len(text) + 1)
        b = min(len(text), a + rng.choice([0, 0, 1, 3, 10, 40]))
        insert = rng.choice(FRAGMENTS + ["", ""])
        change = T.TextDocumentContentChangePartial(range=T.Range(start=mapper.position(a), end=mapper.position(b)), text=insert)
        text = text[:a] + insert + text[b:]
        version += 1
        client.text_document_did_change(T.DidChangeTextDocumentParams(
            text_document=T.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[change]))
        if step % 4 == 0:
            pos = mapper_for(text).position(rng.randrange(len(text) + 1))
            await client.text_document_hover_async(T.HoverParams(text_document=td, position=pos))
            await client.text_document_completion_async(T.CompletionParams(text_document=td, position=pos))
            await client.text_document_definition_async(T.DefinitionParams(text_document=td, position=pos))
            await client.text_document_semantic_tokens_full_async(T.SemanticTokensParams(text_document=td))
            await client.text_document_document_symbol_async(T.DocumentSymbolParams(text_document=td))
            await client.text_document_folding_range_async(T.FoldingRangeParams(text_document=td))
    assert ENCODING["value"] in ("utf-8", "utf-16", "utf-32")
    final = await wait_version(client, uri, version)
    expected = analyze(SourceFile(f"{WS}/fuzz{seed}.goo", text))
    from goo_lsp.convert import diagnostic
    mapper = mapper_for(text)
    assert _key(final.diagnostics) == _key([diagnostic(mapper, d, uri) for d in expected.diagnostics])


@pytest.mark.asyncio(loop_scope="module")
async def test_unknown_document_and_out_of_range_positions(client: LanguageClient) -> None:
    td = T.TextDocumentIdentifier(uri=f"{WS.as_uri()}/never-opened.goo")
    assert await client.text_document_hover_async(T.HoverParams(text_document=td, position=T.Position(line=0, character=0))) is None
    refs = await client.text_document_references_async(T.ReferenceParams(
        text_document=td, position=T.Position(line=3, character=3), context=T.ReferenceContext(include_declaration=True)))
    assert not refs
    uri = f"{WS.as_uri()}/small.goo"
    client.text_document_did_open(T.DidOpenTextDocumentParams(
        text_document=T.TextDocumentItem(uri=uri, language_id="goo", version=1, text="package main\n\nfunc main() {}\n")))
    far = T.Position(line=500, character=900)
    small = T.TextDocumentIdentifier(uri=uri)
    await client.text_document_hover_async(T.HoverParams(text_document=small, position=far))
    await client.text_document_completion_async(T.CompletionParams(text_document=small, position=far))
    symbols = await client.text_document_document_symbol_async(T.DocumentSymbolParams(text_document=small))
    assert [s.name for s in symbols] == ["main", "main"]


@pytest.mark.asyncio(loop_scope="module")
async def test_configuration_change_is_applied(client: LanguageClient) -> None:
    client.workspace_did_change_configuration(T.DidChangeConfigurationParams(
        settings={"goo": {"semanticTokens": {"enabled": False}, "diagnostics": {"debounceMs": "fast"}}}))
    td = T.TextDocumentIdentifier(uri=f"{WS.as_uri()}/small.goo")
    for _ in range(50):
        tokens = await client.text_document_semantic_tokens_full_async(T.SemanticTokensParams(text_document=td))
        if tokens is not None and not tokens.data:
            break
        await asyncio.sleep(0.05)
    assert tokens is not None and list(tokens.data) == []
    assert any("debounceMs" in m.message for m in client.log_messages)
    client.workspace_did_change_configuration(T.DidChangeConfigurationParams(settings={"goo": {"semanticTokens": {"enabled": True}}}))
    for _ in range(50):
        tokens = await client.text_document_semantic_tokens_full_async(T.SemanticTokensParams(text_document=td))
        if tokens is not None and tokens.data:
            break
        await asyncio.sleep(0.05)
    assert tokens is not None and len(tokens.data) > 0


def test_version_and_tcp_flags() -> None:
    import subprocess
    out = subprocess.run(server_command()[:1] + ["--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.startswith("goo-lsp ")
    assert sys.executable


def _raw_session(messages: list[dict], until_id: int, timeout: float = 60) -> dict[int, dict]:
    """Speak JSON-RPC to the server directly (a real client refuses to send malformed params)."""
    import json
    import subprocess
    proc = subprocess.Popen(server_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdin is not None and proc.stdout is not None
    for msg in messages:
        body = json.dumps(msg).encode()
        proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()
    responses: dict[int, dict] = {}
    try:
        while until_id not in responses:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                chunk = proc.stdout.read(1)
                assert chunk, "server closed its output"
                header += chunk
            length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
            msg = json.loads(proc.stdout.read(length))
            if "id" in msg and ("result" in msg or "error" in msg):
                responses[msg["id"]] = msg
    finally:
        proc.kill()
        proc.wait(timeout=10)
    return responses


def test_malformed_params_get_an_error_and_the_server_survives() -> None:
    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "processId": None, "rootUri": None}}
    initialized = {"jsonrpc": "2.0", "method": "initialized", "params": {}}
    bad = {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": 42, "position": "x"}}
    unknown = {"jsonrpc": "2.0", "id": 3, "method": "textDocument/documentSymbol",
               "params": {"textDocument": {"uri": "file:///nowhere/x.goo"}}}
    nonsense = {"jsonrpc": "2.0", "id": 4, "method": "goo/noSuchMethod", "params": {}}
    symbols = {"jsonrpc": "2.0", "id": 5, "method": "textDocument/documentSymbol",
               "params": {"textDocument": {"uri": "file:///nowhere/x.goo"}}}
    responses = _raw_session([init, initialized, bad, unknown, nonsense, symbols], until_id=5)
    assert "error" in responses[2]
    assert responses[3].get("result") in ([], None)
    assert "error" in responses[4]
    assert responses[5].get("result") in ([], None)
