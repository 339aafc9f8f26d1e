"""Bulk throughput and memory: 1 and 2 workers, a Dask LocalCluster, word_tokenize alone.

Run by hand (Linux: memory is read from /proc):

    python tests/benchmarks/bench_bulk.py [--articles 400] [--model default] [--repeat 3]

An archive of N articles is generated from the corpus documents (cycled,
each record with its own id), written as JSONL, and read by the real CLI in
a subprocess per configuration. Peak RSS is sampled over the process tree:
the largest single process (per worker) and the sum. The archive is then
made 10 times larger to check that memory does not grow with the input.
"""

from __future__ import annotations

import argparse
import json
import statistics
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
    parser.add_argument("--repeat", type=int, default=3, help="rounds; medians are reported")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp())
    archive = tmp / "archive.jsonl"
    n, size = make_archive(archive, args.articles)
    base = [sys.executable, "-m", "nlp", "extract", "--input", str(archive), "-o", str(tmp / "out.jsonl"),
            "--model", args.model, "-q"]

    def word_tokenize_cmd(path: Path) -> list[str]:
        script = ("import json,sys; from underthesea import word_tokenize\n"
                  f"for line in open({str(path)!r}, encoding='utf-8'): word_tokenize(json.loads(line)['text'])\n")
        return [sys.executable, "-c", script]

    def configs(path: Path) -> dict[str, list[str]]:
        cli = [*base[:5], str(path), *base[6:]]
        out = {"word_tokenize alone": word_tokenize_cmd(path), "1 worker": cli, "2 workers": cli + ["--workers", "2"]}
        if not args.no_dask:
            out["dask LocalCluster x2"] = cli + ["--engine", "dask", "--workers", "2"]
        return out

    # One record: the fixed cost of each configuration (imports, model load, worker start).
    one_record = tmp / "one.jsonl"
    make_archive(one_record, 1)
    # Rounds interleave the configurations, so a slow spell of a shared machine hits all of them
    # alike; ratios are taken within a round and their median reported.
    rounds: list[dict[str, dict]] = []
    for _ in range(args.repeat):
        startup = {name: run_measured(cmd)["seconds"] for name, cmd in configs(one_record).items()}
        rounds.append({name: run_measured(cmd) | {"startup": startup[name]} for name, cmd in configs(archive).items()})

    def median(values: list[float]) -> float:
        return statistics.median(values)

    print(f"{n} articles, {size / 1e6:.2f} MB of JSONL, model {args.model!r}, median of {args.repeat} round(s)")
    print(f"{'configuration':<24}{'seconds':>9}{'startup':>9}{'rec/s':>9}{'rec/s*':>9}{'MB/s':>8}"
          f"{'peak MB/proc':>14}{'tree MB':>9}")
    for name in rounds[0]:
        sec = median([r[name]["seconds"] for r in rounds])
        start = median([r[name]["startup"] for r in rounds])
        peak = max(r[name]["peak_mb"] for r in rounds)
        tree = max(r[name]["tree_mb"] for r in rounds)
        print(f"{name:<24}{sec:>9.2f}{start:>9.2f}{n / sec:>9.1f}{n / max(sec - start, 1e-9):>9.1f}"
              f"{size / 1e6 / sec:>8.3f}{peak:>14.0f}{tree:>9.0f}")
    print("rec/s* leaves out the startup (a one-record run of the same configuration)")

    def ratio(a: str, b: str, steady: bool = False) -> str:
        per_round = [(r[a]["seconds"] - steady * r[a]["startup"]) / (r[b]["seconds"] - steady * r[b]["startup"])
                     for r in rounds]
        return f"{median(per_round):.2f}x (rounds: {', '.join(f'{x:.2f}' for x in per_round)})"

    print(f"speed-up 2 workers / 1 worker: {ratio('1 worker', '2 workers')}; "
          f"without startup {ratio('1 worker', '2 workers', steady=True)}")
    print(f"1 worker time / word_tokenize alone: {ratio('1 worker', 'word_tokenize alone')}")
    one = {"peak_mb": max(r["1 worker"]["peak_mb"] for r in rounds)}

    big = tmp / "archive10.jsonl"
    make_archive(big, 10 * n)
    r10 = run_measured(configs(big)["1 worker"])
    print(f"peak RSS 1x input: {one['peak_mb']:.0f} MB; 10x input: {r10['peak_mb']:.0f} MB "
          f"({(r10['peak_mb'] / one['peak_mb'] - 1):+.1%})")


if __name__ == "__main__":
    main()
