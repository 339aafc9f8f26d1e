"""Bulk throughput and memory: 1 and 2 workers, a Dask LocalCluster, word_tokenize alone.

Run by hand (Linux: memory is read from /proc):

    python tests/benchmarks/bench_bulk.py [--articles 400] [--model default]

An archive of N articles is generated from the corpus documents (cycled,
each record with its own id), written as JSONL, and read by the real CLI in
a subprocess per configuration. Peak RSS is sampled over the process tree:
the largest single process (per worker) and the sum. The archive is then
made 10 times larger to check that memory does not grow with the input.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for t in Path(f"/proc/{p}/task").iterdir():
                children = (t / "children").read_text().split()
                todo += [int(c) for c in children]
        except OSError:
            pass
    return out


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_measured(cmd: list[str]) -> dict:
    """Run ``cmd``; return seconds, peak RSS of the largest process and of the whole tree (MB)."""
    peak_one = peak_sum = 0
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stop = threading.Event()

    def sample():
        nonlocal peak_one, peak_sum
        while not stop.is_set():
            sizes = [_rss_kb(p) for p in _tree(proc.pid)]
            peak_one = max(peak_one, max(sizes, default=0))
            peak_sum = max(peak_sum, sum(sizes))
            time.sleep(0.05)

    t0 = time.perf_counter()
    th = threading.Thread(target=sample, daemon=True)
    th.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - t0
    stop.set()
    th.join()
    if proc.returncode not in (0, 1):
        raise RuntimeError(err.decode()[-2000:])
    return {"seconds": seconds, "peak_mb": peak_one / 1024, "tree_mb": peak_sum / 1024}


def make_archive(path: Path, n: int) -> tuple[int, int]:
    """Write n articles; return (records, bytes)."""
    import nlp
    from nlp.corpus import CORPUS_DIR, load_corpus

    texts = [d.text for d in load_corpus()] if (CORPUS_DIR / "documents.jsonl").exists() else [nlp.example_text()]
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"a{i}", "text": texts[i % len(texts)]}, ensure_ascii=False) + "\n")
    return n, path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--model", default="default")
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp())
    archive = tmp / "archive.jsonl"
    n, size = make_archive(archive, args.articles)
    base = [sys.executable, "-m", "nlp", "extract", "--input", str(archive), "-o", str(tmp / "out.jsonl"),
            "--model", args.model, "-q"]

    wt_script = (
        "import json,sys; from underthesea import word_tokenize\n"
        f"for line in open({str(archive)!r}, encoding='utf-8'): word_tokenize(json.loads(line)['text'])\n"
    )
    results = {"word_tokenize alone": run_measured([sys.executable, "-c", wt_script])}
    results["1 worker"] = run_measured(base)
    results["2 workers"] = run_measured(base + ["--workers", "2"])
    if not args.no_dask:
        results["dask LocalCluster x2"] = run_measured(base + ["--engine", "dask", "--workers", "2"])

    print(f"{n} articles, {size / 1e6:.2f} MB of JSONL, model {args.model!r}")
    print(f"{'configuration':<24}{'seconds':>9}{'rec/s':>9}{'MB/s':>8}{'peak MB/proc':>14}{'tree MB':>9}")
    for name, r in results.items():
        print(f"{name:<24}{r['seconds']:>9.2f}{n / r['seconds']:>9.1f}{size / 1e6 / r['seconds']:>8.3f}"
              f"{r['peak_mb']:>14.0f}{r['tree_mb']:>9.0f}")
    one, two, wt = results["1 worker"], results["2 workers"], results["word_tokenize alone"]
    print(f"speed-up 2 workers / 1 worker: {one['seconds'] / two['seconds']:.2f}x")
    print(f"1 worker time / word_tokenize alone: {one['seconds'] / wt['seconds']:.2f}x")

    big = tmp / "archive10.jsonl"
    make_archive(big, 10 * n)
    r10 = run_measured([*base[:5], str(big), *base[6:]])
    print(f"peak RSS 1x input: {one['peak_mb']:.0f} MB; 10x input: {r10['peak_mb']:.0f} MB "
          f"({(r10['peak_mb'] / one['peak_mb'] - 1):+.1%})")


if __name__ == "__main__":
    main()
