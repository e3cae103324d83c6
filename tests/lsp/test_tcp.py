"""`goo-lsp --tcp --host 127.0.0.1 --port N` serves LSP over TCP (loopback by default)."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import time

from lsprotocol import types as T
from pygls.lsp.client import LanguageClient

from tests.lsp.conftest import server_command


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_tcp_session() -> None:
    port = _free_port()
    proc = subprocess.Popen(server_command()[:1] + ["--tcp", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        asyncio.run(_session(port))
    finally:
        proc.kill()
        proc.wait(timeout=10)


async def _session(port: int) -> None:
    client = LanguageClient("tcp-test", "1.0")
    got: asyncio.Future = asyncio.get_running_loop().create_future()

    @client.feature(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diags(params: T.PublishDiagnosticsParams) -> None:
        if not got.done():
            got.set_result(params)

    # the server handles one connection per process, so do not probe the port: retry the connect
    deadline = time.time() + 30
    while True:
        try:
            await client.start_tcp("127.0.0.1", port)
            break
        except OSError:
            if time.time() > deadline:
                raise
            await asyncio.sleep(0.1)
    result = await client.initialize_async(T.InitializeParams(capabilities=T.ClientCapabilities()))
    assert result.server_info is not None and result.server_info.name == "goo-lsp"
    client.initialized(T.InitializedParams())
    client.text_document_did_open(T.DidOpenTextDocumentParams(T.TextDocumentItem(
        uri="file:///tcp/x.goo", language_id="goo", version=1, text="package main\n\nfunc main() {\n\tx := 1\n}\n")))
    params = await asyncio.wait_for(got, 30)
    assert [d.message for d in params.diagnostics] == ["declared and not used: x"]
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
