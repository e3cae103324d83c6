"""Front-end speed: cold parse+check of a generated ~10,000-line Goo file, and re-analysis
after a one-character edit inside one function (p50/p95 over 50 edits), with their ratio.

Goals (issue "Foundation"): cold <= 2 s; one-character edit <= 20 ms at p95.
Run: python bench/frontend.py [--lines N] [--edits N] [--json]
Exit status 0 always: timings are machine-dependent and reported, not asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from goo_lsp.analysis import analyze  # noqa: E402
from goo_lsp.compiler.source import SourceFile  # noqa: E402

FUNC_TEMPLATE = """// f{i} mixes loops, maps, channels, closures and an error union.
func f{i}(xs []int, p *Point) !int {{
	total := 0
	for i, v := range xs {{
		if v%2 == 0 {{
			total += v * i
		}} else {{
			total -= p.x + {i}
		}}
	}}
	m := map[string]int{{"a": 1, "b": {i}}}
	for k, v := range m {{
		if len(k) > v {{
			return error("too long")
		}}
	}}
	ch := make(chan int, 4)
	ch <- total
	add := func(a int) int {{ return a + p.y }}
	return add(<-ch + len(xs))
}}
"""

HEADER = """package main

import (
	"fmt"
	"strings"
)

type Point struct {
	x int
	y int
}

func (p *Point) String() string { return fmt.Sprintf("(%d, %d)", p.x, p.y) }
"""

FOOTER = """
func main() {
	p := &Point{1, 2}
	n := f0([]int{1, 2, 3}, p) catch => -1
	fmt.Println(n, strings.ToUpper(p.String()))
}
"""


def generate(lines: int) -> str:
    per_func = FUNC_TEMPLATE.count("\n") + 1
    count = max(1, (lines - HEADER.count("\n") - FOOTER.count("\n")) // per_func)
    return HEADER + "\n".join(FUNC_TEMPLATE.format(i=i) for i in range(count)) + FOOTER


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--lines", type=int, default=10_000)
    ap.add_argument("--edits", type=int, default=50)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    text = generate(args.lines)
    nlines = text.count("\n") + 1
    # warm-up: grammar table, std packages (not part of a cold *file* analysis in the server)
    analyze(SourceFile("warm.goo", 'package main\nimport "fmt"\nfunc main() { fmt.Println(1) }\n'))

    t0 = time.perf_counter()
    base = analyze(SourceFile("big.goo", text))
    cold = time.perf_counter() - t0
    errors = [d for d in base.diagnostics if d.severity.value == "error"]
    assert not errors, f"generated program has errors: {errors[:3]}"

    times: list[float] = []
    previous = base
    marker = "total -= p.x + "
    positions = []
    start = 0
    while True:
        i = text.find(marker, start)
        if i < 0:
            break
        positions.append(i + len("total -= p."))
        start = i + 1
    step = max(1, len(positions) // args.edits)
    current = text
    for k in range(args.edits):
        pos = positions[(k * step) % len(positions)]
        ch = "y" if current[pos] == "x" else "x"
        current = current[:pos] + ch + current[pos + 1:]
        t0 = time.perf_counter()
        previous = analyze(SourceFile("big.goo", current), previous)
        times.append(time.perf_counter() - t0)
    times.sort()
    p50 = statistics.median(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    result = {
        "lines": nlines, "cold_s": round(cold, 4), "edit_p50_ms": round(p50 * 1000, 2),
        "edit_p95_ms": round(p95 * 1000, 2), "cold_over_edit_p50": round(cold / p50, 1),
        "goal_cold_s": 2.0, "goal_edit_p95_ms": 20.0,
        "cold_within_goal": cold <= 2.0, "edit_within_goal": p95 * 1000 <= 20.0,
        "last_edit_stats": {k: v for k, v in previous.stats.items() if not k.startswith("_")},
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"generated file: {nlines} lines")
        print(f"cold parse+check:           {cold:8.3f} s   (goal <= 2 s)")
        print(f"one-char edit, p50:         {p50 * 1000:8.2f} ms")
        print(f"one-char edit, p95:         {p95 * 1000:8.2f} ms  (goal <= 20 ms)")
        print(f"ratio cold / edit p50:      {cold / p50:8.1f}x")
        print(f"last edit: {result['last_edit_stats']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
