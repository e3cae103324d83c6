"""Language-server latency, measured through the real `goo-lsp --stdio`:

- didChange (a one-character edit inside one function of a 5,000-line file) -> the
  publishDiagnostics for that version: p50 / p95 over N edits;
- hover and completion requests on that file: p50 / p95;
- didOpen of a 10,000-line file -> its first publishDiagnostics.

Goals (issue "Language server core"): edit p50 <= 20 ms and p95 <= 50 ms; hover/completion
p95 <= 30 ms; initial diagnostics for 10,000 lines <= 2 s.
Run: python bench/lsp_latency.py [--edits N] [--json]. Prints; never fails on timings.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types as T
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.frontend import generate  # noqa: E402
from goo_lsp.convert import PositionMapper  # noqa: E402


def server_command() -> list[str]:
    script = Path(sys.executable).parent / "goo-lsp"
    return [str(script), "--stdio"] if script.exists() else [sys.executable, "-m", "goo_lsp.server_main", "--stdio"]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


async def run(edits: int) -> dict:
    client = LanguageClient("goo-bench", "1.0")
    waiters: dict[tuple[str, int], asyncio.Future] = {}

    @client.feature(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diags(params: T.PublishDiagnosticsParams) -> None:
        fut = waiters.pop((params.uri, params.version or 0), None)
        if fut is not None and not fut.done():
            fut.set_result(time.perf_counter())

    cmd = server_command()
    await client.start_io(cmd[0], *cmd[1:])
    await client.initialize_async(T.InitializeParams(capabilities=T.ClientCapabilities(), root_uri=None))
    client.initialized(T.InitializedParams())
    loop = asyncio.get_running_loop()

    async def open_doc(uri: str, text: str) -> float:
        fut = loop.create_future()
        waiters[(uri, 1)] = fut
        t0 = time.perf_counter()
        client.text_document_did_open(T.DidOpenTextDocumentParams(T.TextDocumentItem(uri=uri, language_id="goo", version=1, text=text)))
        return await asyncio.wait_for(fut, 60) - t0

    # warm-up (grammar tables, std packages) so measurements are per-document work
    await open_doc("file:///bench/warm.goo", 'package main\nimport "fmt"\nfunc main() { fmt.Println(1) }\n')

    big = generate(10_000)
    initial_10k = await open_doc("file:///bench/big10k.goo", big)

    text = generate(5_000)
    uri = "file:///bench/big5k.goo"
    await open_doc(uri, text)
    marker = "total -= p.x + "
    positions = []
    start = 0
    while (i := text.find(marker, start)) >= 0:
        positions.append(i + len("total -= p."))
        start = i + 1
    edit_times: list[float] = []
    version = 1
    step = max(1, len(positions) // edits)
    for k in range(edits):
        pos = positions[(k * step) % len(positions)]
        new_char = "y" if text[pos] == "x" else "x"
        mapper = PositionMapper(text)
        rng = T.Range(start=mapper.position(pos), end=mapper.position(pos + 1))
        text = text[:pos] + new_char + text[pos + 1:]
        version += 1
        fut = loop.create_future()
        waiters[(uri, version)] = fut
        t0 = time.perf_counter()
        client.text_document_did_change(T.DidChangeTextDocumentParams(
            text_document=T.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[T.TextDocumentContentChangePartial(range=rng, text=new_char)]))
        edit_times.append(await asyncio.wait_for(fut, 30) - t0)

    td = T.TextDocumentIdentifier(uri=uri)
    hover_times: list[float] = []
    completion_times: list[float] = []
    mapper = PositionMapper(text)
    for k in range(edits):
        pos = positions[(k * step) % len(positions)]
        p = mapper.position(pos - 2)  # on `p` in `p.x`
        t0 = time.perf_counter()
        await client.text_document_hover_async(T.HoverParams(text_document=td, position=p))
        hover_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        await client.text_document_completion_async(T.CompletionParams(text_document=td, position=mapper.position(pos)))
        completion_times.append(time.perf_counter() - t0)

    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    ms = 1000.0
    return {
        "edit_p50_ms": round(statistics.median(edit_times) * ms, 2), "edit_p95_ms": round(pct(edit_times, 0.95) * ms, 2),
        "hover_p50_ms": round(statistics.median(hover_times) * ms, 2), "hover_p95_ms": round(pct(hover_times, 0.95) * ms, 2),
        "completion_p50_ms": round(statistics.median(completion_times) * ms, 2),
        "completion_p95_ms": round(pct(completion_times, 0.95) * ms, 2),
        "initial_diagnostics_10k_s": round(initial_10k, 3), "edits": edits,
        "goals": {"edit_p50_ms": 20, "edit_p95_ms": 50, "hover_completion_p95_ms": 30, "initial_10k_s": 2.0},
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--edits", type=int, default=50)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    result = asyncio.run(run(args.edits))
    if args.json:
        print(json.dumps(result))
        return 0
    print("goo-lsp latency over stdio (5,000-line document)")
    print(f"  didChange -> publishDiagnostics  p50 {result['edit_p50_ms']:7.2f} ms   p95 {result['edit_p95_ms']:7.2f} ms   (goal 20 / 50 ms)")
    print(f"  hover                            p50 {result['hover_p50_ms']:7.2f} ms   p95 {result['hover_p95_ms']:7.2f} ms   (goal p95 30 ms)")
    print(f"  completion                       p50 {result['completion_p50_ms']:7.2f} ms   p95 {result['completion_p95_ms']:7.2f} ms   (goal p95 30 ms)")
    print(f"  initial diagnostics, 10,000 lines   {result['initial_diagnostics_10k_s']:7.3f} s    (goal 2 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
