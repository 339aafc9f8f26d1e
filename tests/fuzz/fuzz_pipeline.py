"""Long fuzz run of the pipeline, and timings of pathological inputs (GitHub issue 8, item 3).

Run by hand (pytest only imports this file for doctests):

    python tests/fuzz/fuzz_pipeline.py --inputs 100000 --workers 2

Input ``i`` is `build_report` (tests/test_properties.py) driven by
``random.Random(f"{seed}:{i}")``, so any failing input is reproduced alone
with ``--only i`` (all of them with ``--replay fuzz-failures.jsonl``); one input in 20 is a longer report (up to 40 lines). Every
input is checked for the properties of tests/test_properties.py (no error but
``EmptyText`` for blank text, offsets, schema, segments covering the
normalised text without overlap); every ``--determinism-every``-th input is
also read twice. Failures go to ``--failures`` (JSONL, one input per line).
The last line is the summary: inputs, failures, time, slowest input.

    python tests/fuzz/fuzz_pipeline.py --pathological [--sizes 25000,50000,100000]

times the full pipeline on long runs of one character or pattern at growing
sizes and flags the inputs whose time grows faster than their length.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import sys
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS.parent))  # the checkout's nlp, also without an editable install
sys.path.insert(0, str(TESTS))

_pipeline = None


def make_input(seed: int, i: int) -> str:
    """The ``i``-th fuzz input of ``seed``."""
    from test_properties import random_report

    rng = random.Random(f"{seed}:{i}")
    if i % 20 == 19:
        return random_report(rng, max_lines=40, max_tokens=60)
    return random_report(rng)


def _init(model: str, budget: float) -> None:
    global _pipeline
    import nlp
    from nlp.pipeline import Pipeline

    base = nlp.load(model)
    _pipeline = Pipeline(base.labeler, name=base.name, time_budget=budget)
    _pipeline.safe_call("Họp giao ban\nChủ tịch UBND tỉnh yêu cầu các sở rà soát.")  # warm up lazy imports


def _run_chunk(args: tuple[int, int, int, int]) -> dict:
    from test_properties import report_problems

    seed, lo, hi, det_every = args
    failures, slowest = [], (0.0, 0, -1)
    for i in range(lo, hi):
        text = make_input(seed, i)
        t0 = time.perf_counter()
        try:
            report = _pipeline.safe_call(text, doc_id=str(i))
            elapsed = time.perf_counter() - t0
            problems = report_problems(_pipeline, text, report, determinism=det_every > 0 and i % det_every == 0)
        except Exception as exc:  # noqa: BLE001 - safe_call must not raise; record it as a failure
            elapsed = time.perf_counter() - t0
            problems = [f"exception {type(exc).__name__}: {exc}"]
        if problems:
            failures.append({"i": i, "seed": seed, "problems": problems[:5], "text": text})
        if elapsed > slowest[0]:
            slowest = (elapsed, len(text), i)
    return {"n": hi - lo, "failures": failures, "slowest": slowest}


def fuzz(args) -> int:
    if args.replay:  # the inputs of an earlier failures file, one task each
        with open(args.replay, encoding="utf-8") as f:
            recs = [json.loads(line) for line in f if line.strip()]
        chunks = [(r["seed"], r["i"], r["i"] + 1, args.determinism_every) for r in recs]
        args.seed = ",".join(sorted({str(r["seed"]) for r in recs})) or args.seed
    else:
        first = args.only if args.only is not None else args.start
        last = first + (1 if args.only is not None else args.inputs)
        chunks = [(args.seed, lo, min(lo + args.chunk, last), args.determinism_every)
                  for lo in range(first, last, args.chunk)]
    total = sum(hi - lo for _, lo, hi, _ in chunks)
    print(f"[fuzz] {total:,} inputs, seed {args.seed}, model {args.model}, {args.workers} worker(s)", flush=True)
    t0 = time.time()
    done, failures, slowest, next_report = 0, [], (0.0, 0, -1), args.progress
    if args.workers > 1:
        pool = mp.get_context("fork" if hasattr(os, "fork") else "spawn").Pool(
            args.workers, initializer=_init, initargs=(args.model, args.budget))
        results = pool.imap_unordered(_run_chunk, chunks)
    else:
        pool = None
        _init(args.model, args.budget)
        results = map(_run_chunk, chunks)
    try:
        for res in results:
            done += res["n"]
            failures += res["failures"]
            slowest = max(slowest, res["slowest"])
            for f in res["failures"]:
                if len(failures) <= 5:
                    print(f"[fuzz] FAIL input {f['i']}: {f['problems'][0][:200]}  text={f['text'][:120]!r}", flush=True)
            if done >= next_report or done == total:
                el = time.time() - t0
                print(f"[fuzz] {done:,}/{total:,} inputs, {len(failures)} failure(s), {el:.0f} s, "
                      f"{done / max(el, 1e-9):.0f} inputs/s", flush=True)
                next_report += args.progress
    finally:
        if pool is not None:
            pool.terminate()
    if failures:
        with open(args.failures, "w", encoding="utf-8") as f:
            for rec in sorted(failures, key=lambda r: r["i"]):
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        print(f"[fuzz] failing inputs written to {args.failures}", flush=True)
    el = time.time() - t0
    print(f"fuzz summary: inputs={done} failures={len(failures)} time={el:.1f}s "
          f"slowest=input {slowest[2]} ({slowest[1]} chars) in {slowest[0]:.3f}s seed={args.seed}", flush=True)
    return 1 if failures else 0


#: Long runs of one character or pattern; ``n`` is the length in characters.
PATHOLOGICAL = {
    "a*n": lambda n: "a" * n,
    "'a '*n": lambda n: "a " * (n // 2),
    "digits": lambda n: "1" * n,
    "digits with spaces": lambda n: "1 " * (n // 2),
    "commas": lambda n: "," * n,
    "semicolons": lambda n: ";" * n,
    "colons": lambda n: ":" * n,
    "dots": lambda n: "." * n,
    "'a: b; '*n": lambda n: "a: b; " * (n // 6),
    "spaces around a word": lambda n: " " * (n // 2) + "a" + " " * (n // 2),
    "'<'*n": lambda n: "<" * n,
    "'<script>'*n (unclosed)": lambda n: "<script>" * (n // 8),
    "'<!--'*n (unclosed)": lambda n: "<!--" * (n // 4),
    "'<div '*n (unclosed)": lambda n: "<div " * (n // 5),
    "'&'*n": lambda n: "&" * n,
    "'&amp'*n": lambda n: "&amp" * (n // 4),
    "quotes": lambda n: '"' * n,
    "parentheses": lambda n: "(" * n,
    "dashes": lambda n: "-" * n,
    "combining marks": lambda n: "a" + "\u0301" * (n - 1),
    "zero-width": lambda n: "a\u200b" * (n // 2),
    "'a\\n'*n (one-word lines)": lambda n: "a\n" * (n // 2),
    "'- a\\n'*n (bullets)": lambda n: "- a\n" * (n // 4),
    "'1. a\\n'*n": lambda n: "1. a\n" * (n // 5),
    "'Ảnh: '*n (credits)": lambda n: "Ảnh: " * (n // 5),
    "'Toàn cảnh hội nghị.\\n'*n": lambda n: "Toàn cảnh hội nghị.\n" * (n // 20),
    "'quý I. '*n": lambda n: "quý I. " * (n // 7),
    "'a... '*n": lambda n: "a... " * (n // 5),
    "capitalised words": lambda n: "Sở " * (n // 3),
    "names": lambda n: "Nguyễn Văn " * (n // 11),
    "'trước ngày 30/6/2024 '*n": lambda n: "trước ngày 30/6/2024 " * (n // 21),
    "'1/'*n": lambda n: "1/" * (n // 2),
    "'tháng 1 '*n": lambda n: "tháng 1 " * (n // 8),
    "'năm '*n": lambda n: "năm " * (n // 4),
    "'các '*n": lambda n: "các " * (n // 4),
    "'yêu cầu '*n": lambda n: "yêu cầu " * (n // 8),
    "'đại biểu '*n": lambda n: "đại biểu " * (n // 9),
    "task sentences": lambda n: ("Ông Nguyễn Văn An yêu cầu Sở Y tế rà soát hồ sơ trước ngày 30/6/2024. " * (n // 70 + 1))[:n],
    "200k-char sentence": lambda n: ("chủ tịch yêu cầu các sở rà soát hồ sơ " * (n // 38 + 1))[:n],
}


def _stages(pipeline, text: str) -> dict[str, float]:
    """Seconds per stage (uses pipeline internals; best effort)."""
    from nlp.directives import extract_directives
    from nlp.features import segment_records
    from nlp.meeting import extract_meeting
    from nlp.normalize import normalize
    from nlp.pipeline import tokens_by_segment
    from nlp.segment import segment

    out, t = {}, time.perf_counter()

    def lap(name):
        nonlocal t
        now = time.perf_counter()
        out[name], t = round(now - t, 2), now

    n = normalize(text); lap("normalize")
    segs = segment(n.text); lap("segment")
    toks = tokens_by_segment(n.text, segs); lap("tokenize")
    recs = segment_records(segs, toks); lap("features")
    pipeline.label(segs, toks); lap("label")
    m = extract_meeting(n.text, segs); lap("meeting")
    extract_directives(n.text, segs, m); lap("directives")
    return out


def pathological(args) -> int:
    _init(args.model, args.budget)
    sizes = [int(s) for s in args.sizes.split(",")]
    _pipeline.safe_call("Khởi động.")
    print(f"{'input':34s} " + " ".join(f"{s // 1000:>6d}k" for s in sizes)
          + f"   s/100kB  growth (length x{sizes[-1] / sizes[0]:g})", flush=True)
    flagged = []
    names = [n for n in PATHOLOGICAL if not args.only_names or any(k in n for k in args.only_names)]
    for name in names:
        times = []
        for n in sizes:
            text = PATHOLOGICAL[name](n)
            t0 = time.perf_counter()
            r = _pipeline.safe_call(text, doc_id=name)
            times.append(time.perf_counter() - t0)
            if r.error and r.error.type != "EmptyText":
                times[-1] = float("inf") if r.error.type == "TimeBudgetExceeded" else times[-1]
                break
        per100k = times[-1] / (sizes[len(times) - 1] / 100_000)
        # Growth over the whole range of sizes: ~4x for 4x the length when linear, ~16x when quadratic.
        growth = times[-1] / times[0] if len(times) > 1 and times[0] > 0 else float("nan")
        step = sizes[len(times) - 1] / sizes[0]
        superlinear = times[-1] == float("inf") or (times[-1] > 1.0 and growth > 1.5 * step)
        cells = " ".join(f"{t:7.2f}" for t in times) + "        " * (len(sizes) - len(times))
        print(f"{name:34s} {cells}  {per100k:8.2f}  x{growth:4.1f}{'  SUPER-LINEAR' if superlinear else ''}",
              flush=True)
        if superlinear:
            flagged.append(name)
    if args.stages:
        for name in flagged:
            n = sizes[0]
            try:
                print(f"  stages of {name} at {n:,} chars: {_stages(_pipeline, PATHOLOGICAL[name](n))}", flush=True)
            except Exception as exc:  # noqa: BLE001 - internals may have moved
                print(f"  stages of {name}: not available ({exc})")
    print(f"pathological summary: {len(names)} inputs, {len(flagged)} super-linear: {', '.join(flagged) or '-'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--inputs", type=int, default=100_000)
    ap.add_argument("--start", type=int, default=0, help="first input index")
    ap.add_argument("--only", type=int, default=None, help="run input INDEX alone (reproduce a failure)")
    ap.add_argument("--replay", default=None, help="rerun the inputs of a --failures file")
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--model", default="default", help="'default' (the shipped model), 'baseline' or a model path")
    ap.add_argument("--budget", type=float, default=60.0, help="time budget per input (s)")
    ap.add_argument("--determinism-every", type=int, default=5, help="read every N-th input twice (0: never)")
    ap.add_argument("--chunk", type=int, default=250, help="inputs per worker task")
    ap.add_argument("--progress", type=int, default=5000, help="print progress every N inputs")
    ap.add_argument("--failures", default="fuzz-failures.jsonl", help="where failing inputs are written")
    ap.add_argument("--pathological", action="store_true", help="time pathological inputs instead")
    ap.add_argument("--sizes", default="25000,50000,100000", help="input lengths for --pathological")
    ap.add_argument("--stages", action="store_true", help="with --pathological: per-stage times of flagged inputs")
    ap.add_argument("only_names", nargs="*", help="with --pathological: only inputs whose name contains one of these")
    args = ap.parse_args(argv)
    return pathological(args) if args.pathological else fuzz(args)


if __name__ == "__main__":
    sys.exit(main())
