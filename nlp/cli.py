"""The ``vn-directives`` command: a thin layer over the library.

User errors print one line with the fix and exit 1, never a traceback.
``extract`` exits 0 when every record was read, 1 when any record got an
error record (all records still get their output line).
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import click

from .about import __version__
from .errors import VnDirectivesError
from .types import Report


def _fail(message: str) -> None:
    raise click.ClickException(message)


def _records(inputs, input_jsonl, example, **fields) -> Iterator:
    from .io import read_inputs

    if example:
        from . import example_text

        yield "example", example_text()
    if input_jsonl:
        yield from read_inputs([input_jsonl], jsonl=True, **fields)
    if inputs:
        yield from read_inputs(list(inputs), **fields)
    elif not example and not input_jsonl:
        if sys.stdin.isatty():
            _fail("no input: give files or folders, --input FILE.jsonl, --example, or pipe text to stdin")
        yield from read_inputs(["-"], **fields)


def format_pretty(report: Report) -> str:
    """A report as text for people: meeting, labeled segments, directives."""
    lines = [f"Report {report.id}  (model: {report.model})"]
    if report.error:
        return "\n".join(lines + [f"ERROR {report.error.type}: {report.error.message}"])
    m = report.meeting
    speaker = ", ".join(x for x in (m.speaker.name, m.speaker.title) if x) if m.speaker else None
    for key, value in (
        ("type", m.type), ("title", m.title), ("date", m.date), ("period", m.period),
        ("location", m.location), ("speaker", speaker),
    ):
        if value:
            lines.append(f"  {key:<9}{value}")
    lines.append("")
    lines.append("Segments")
    for i, s in enumerate(report.segments):
        label = f"{s.label}*" if s.abstained else s.label or "-"
        head = f"{i:>3} {s.kind:<9} {label:<10} {s.confidence or 0:.2f}  "
        body = textwrap.wrap(s.text.replace("\n", " "), 100 - len(head)) or [""]
        lines.append(head + body[0])
        lines += [" " * len(head) + b for b in body[1:]]
    if any(s.abstained for s in report.segments):
        lines.append("  * abstained: the top probability (shown) is below the threshold")
    if report.directives:
        lines.append("")
        lines.append("Directives")
    for d in report.directives:
        who = d.issuer and ", ".join(x for x in (d.issuer.name, d.issuer.title) if x)
        lines.append(f"  [{d.segment}] {d.type}  issuer: {who or '-'}")
        lines.append(f"       assignees: {'; '.join(a.text for a in d.assignees) or '-'}")
        if d.deadline:
            lines.append(f"       deadline: {d.deadline.text} ({d.deadline.interval or 'unresolved'})")
        if d.action:
            lines.append("       action: " + textwrap.shorten(d.action.text, 90))
    return "\n".join(lines)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vn-directives")
def main() -> None:
    """Read Vietnamese meeting reports into labeled segments and directives."""


# Options shared by the commands that read reports (extract, report).
_model_option = click.option(
    "--model", default="default", show_default=True,
    help="'default' (shipped model), 'baseline' (cue rules), or a model path (.skops or .weights.json).",
)
_abstain_option = click.option(
    "--abstain-below", type=click.FloatRange(0, 1, min_open=True), default=None, metavar="P",
    help="Label segments whose top probability is below P 'other', flagged 'abstained' "
         "(see 'vn-directives evaluate' for coverage against precision).",
)
_workers_option = click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64),
    help="Worker processes, each loading the model once.",
)


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--input", "input_jsonl", type=click.Path(allow_dash=True),
              help="A JSONL file of records ('-' for stdin).")
@click.option("--id-field", default="id", show_default=True, help="Field/column holding the record id.")
@click.option("--text-field", default="text", show_default=True, help="Field/column holding the text.")
@click.option("--title-field", default=None, help="Column holding a title to put before the text (CSV, Parquet).")
@click.option("--glob", "pattern", default=None, help="Files to take from folders (default: known extensions).")
@click.option("-o", "--output", default="-", type=click.Path(allow_dash=True),
              help="Write here (default: stdout); .csv or .parquet write flat tables.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default=None,
              help="Output format (default: from the --output extension, else jsonl).")
@click.option("--table", type=click.Choice(["segments", "directives"]), default="segments", show_default=True,
              help="Which flat table CSV/Parquet output holds.")
@click.option("--resume", is_flag=True, help="Skip ids already complete in the JSONL --output; append the rest.")
@click.option("--example", is_flag=True, help="Read the example report shipped with the package.")
@click.option("--pretty", is_flag=True, help="Print reports for people instead of JSONL.")
@_model_option
@_abstain_option
@_workers_option
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", default="local", show_default=True,
              help="Dask scheduler address, or 'local' for a LocalCluster of --workers processes.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def extract(inputs, input_jsonl, id_field, text_field, title_field, pattern, output, fmt, table, resume,
            example, pretty, model, abstain_below, workers, engine, scheduler, quiet):
    """Read reports from FILES or folders, --input JSONL, or stdin; one output record per input.

    \b
    Examples:
      vn-directives extract --example --pretty
      vn-directives extract reports/ -o out.jsonl
      vn-directives extract --input articles.jsonl --text-field body -o out.jsonl --resume
      vn-directives extract articles.parquet -o segments.parquet --table segments --workers 2
      cat report.txt | vn-directives extract
    """
    from tqdm import tqdm

    from . import extract_many
    from .bulk import completed_ids, make_sink, skip_done

    records = _records(inputs, input_jsonl, example, id_field=id_field, text_field=text_field,
                       title_field=title_field, pattern=pattern)
    if resume:
        if output == "-":
            _fail("--resume needs --output FILE.jsonl")
        records = skip_done(records, completed_ids(output))
    if engine == "dask":
        from .distributed import extract_records_dask

        reports = extract_records_dask(records, scheduler=scheduler, n_workers=workers, model=model,
                                       abstain_below=abstain_below)
    else:
        reports = extract_many(records, model=model, n_process=workers, abstain_below=abstain_below)
    failed = 0
    sink = None
    complete = False
    try:
        sink = None if pretty else make_sink(output, fmt=fmt, table=table, append=resume)
        progress = tqdm(reports, unit=" rec", disable=quiet or not sys.stderr.isatty(), file=sys.stderr)
        for report in progress:
            failed += report.error is not None
            if pretty:
                click.echo(format_pretty(report) + "\n")
            else:
                sink.write(report)
        complete = True
    except VnDirectivesError as exc:
        _fail(str(exc))
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
        return
    finally:
        if sink is not None:
            sink.close(complete=complete)
    if failed:
        click.echo(f"{failed} record(s) could not be processed; see their 'error' fields", err=True)
        sys.exit(1)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the output records."""
    from .schema import schema_text

    click.echo(schema_text())


@main.group()
def corpus() -> None:
    """Build, check, count and export the labeled corpus in corpus/."""


_root_option = click.option(
    "--root", type=click.Path(file_okay=False), default=None,
    help="The corpus folder (default: corpus/ of this checkout).",
)


def _fail_on(problems: list[str], summary: str) -> None:
    """Print every problem on stderr, then fail with ``summary`` if there was any."""
    for p in problems:
        click.echo(p, err=True)
    if problems:
        _fail(summary)


def _corpus_root(root):
    from .corpus import CORPUS_DIR

    return root or CORPUS_DIR


@corpus.command("build")
@_root_option
def corpus_build(root) -> None:
    """Rebuild documents.jsonl and annotations.jsonl from corpus/source/*.txt."""
    from .corpus.build import build

    n, errs = build(_corpus_root(root))
    _fail_on(errs, f"{len(errs)} error(s) in the sources; nothing was written")
    click.echo(f"built {n} documents")


@corpus.command("validate")
@_root_option
@click.option("--real/--no-real", default=True, help="Also check the real-text labels when ../shared is here.")
def corpus_validate(root, real) -> None:
    """Check offsets, coverage, labels and list structure of the corpus."""
    from .corpus import REAL_HELDOUT, load_corpus, load_real
    from .corpus.validate import validate_corpus

    docs = load_corpus(_corpus_root(root))
    if real:
        docs += load_real(_corpus_root(root)) + load_real(_corpus_root(root), labels=REAL_HELDOUT)
    errs = validate_corpus(docs)
    _fail_on(errs, f"{len(errs)} problem(s) in {len(docs)} documents")
    click.echo(f"{len(docs)} documents valid")


@corpus.command("stats")
@_root_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of Markdown.")
@click.option("--update-readme", is_flag=True, help="Write the tables into corpus/README.md.")
def corpus_stats_cmd(root, as_json, update_readme) -> None:
    """Print corpus statistics (the datasheet's tables come from here)."""
    from .corpus import load_corpus
    from .corpus.stats import corpus_stats, stats_markdown, update_readme as update

    st = corpus_stats(load_corpus(_corpus_root(root)))
    if as_json:
        click.echo(json.dumps(st, ensure_ascii=False, indent=1))
        return
    md = stats_markdown(st)
    click.echo(md)
    if update_readme:
        update(Path(_corpus_root(root)) / "README.md", md)


@corpus.command("agreement")
@_root_option
@click.option("--update-readme", is_flag=True, help="Write the figures into corpus/README.md.")
def corpus_agreement(root, update_readme) -> None:
    """Cohen's kappa between the two annotation passes of corpus/agreement/."""
    from .corpus.agreement import END, START, agreement, agreement_markdown, held_out_agreement, real_agreement
    from .corpus.stats import update_readme as update

    root = _corpus_root(root)
    md = agreement_markdown(agreement(root), real_agreement(root), held_out_agreement(root))
    click.echo(md)
    if update_readme:
        update(Path(root) / "README.md", md, START, END)


_texts_option = click.option(
    "--texts", type=click.Path(dir_okay=False), default=None,
    help="The real articles (JSONL with id and text; default: ../shared/real/meetings.jsonl).",
)


def _real_texts(texts) -> dict[str, dict]:
    from .corpus import REAL_TEXTS, read_jsonl

    path = Path(texts or REAL_TEXTS)
    if not path.exists():
        _fail(f"{path}: no real articles here (pass --texts)")
    return {a["id"]: a for a in read_jsonl(path)}


@corpus.command("real-sheet")
@_root_option
@_texts_option
@click.argument("ids", nargs=-1)
@click.option("--draw", type=click.IntRange(1), default=None,
              help="Take the next N articles of the held-out draw (not labeled yet) instead of IDS.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The TSV sheet to write.")
def corpus_real_sheet(root, texts, ids, draw, output) -> None:
    """Write a labeling sheet for real articles: one row per segment, label left empty."""
    from .corpus import REAL_HELDOUT, REAL_LABELS, read_jsonl
    from .corpus.real_sheet import candidates, sheet_rows, write_sheet

    articles = _real_texts(texts)
    if draw:
        real = Path(_corpus_root(root)) / "real"
        labeled = [r["id"] for f in (REAL_LABELS, REAL_HELDOUT) if (real / f).exists() for r in read_jsonl(real / f)]
        ids = candidates(articles.values(), exclude=labeled)[:draw]
    missing = [i for i in ids if i not in articles]
    if missing or not ids:
        _fail(f"no such article: {', '.join(missing)}" if missing else "give article ids or --draw N")
    rows = [row for i in ids for row in sheet_rows(i, articles[i]["text"])]
    write_sheet(output, rows)
    click.echo(f"{len(ids)} articles, {len(rows)} segments -> {output}")


@corpus.command("real-import")
@_root_option
@_texts_option
@click.argument("sheets", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--into", type=click.Choice(["heldout", "annotations"]), default="heldout", show_default=True,
              help="The real-text label file to append to (real/heldout.jsonl or real/annotations.jsonl).")
def corpus_real_import(root, texts, sheets, into) -> None:
    """Append filled labeling sheets to a real-text label file (offsets and fingerprints, no text)."""
    from .corpus import REAL_HELDOUT, REAL_LABELS, read_jsonl, write_jsonl
    from .corpus.real_sheet import read_sheet, records_from_sheet

    articles = _real_texts(texts)
    try:
        records = records_from_sheet(
            [row for sheet in sheets for row in read_sheet(sheet)], {i: a["text"] for i, a in articles.items()}
        )
    except ValueError as e:
        _fail(str(e))
    path = Path(_corpus_root(root)) / "real" / {"heldout": REAL_HELDOUT, "annotations": REAL_LABELS}[into]
    old = list(read_jsonl(path)) if path.exists() else []
    clash = sorted({r["id"] for r in old} & {r["id"] for r in records})
    if clash:
        _fail(f"{path}: already labeled: {', '.join(clash)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_jsonl(path, old + records)
    click.echo(f"{len(records)} articles, {sum(len(r['segments']) for r in records)} segments -> {path}")


@corpus.command("export")
@_root_option
@click.option("--format", "fmt", type=click.Choice(["docbin", "doccano", "label-studio"]), required=True)
@click.option("--split", type=click.Choice(["train", "dev", "test"]), default=None)
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True)
def corpus_export(root, fmt, split, output) -> None:
    """Export the corpus (or one split) for spaCy, doccano or Label Studio."""
    from .corpus import load_corpus, write_jsonl
    from .corpus import export as ex

    docs = load_corpus(_corpus_root(root), split=split)
    if fmt == "docbin":
        ex.to_docbin(docs).to_disk(output)
    elif fmt == "doccano":
        write_jsonl(output, (ex.to_doccano(d) for d in docs))
    else:
        with open(output, "w", encoding="utf-8") as f:
            json.dump([ex.to_label_studio(d) for d in docs], f, ensure_ascii=False)
    click.echo(f"wrote {len(docs)} documents to {output}")


@corpus.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["docbin", "doccano", "label-studio"]), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-")
def corpus_import(path, fmt, output) -> None:
    """Read annotations back from a doccano, Label Studio or DocBin file as annotations JSONL."""
    from .corpus import read_jsonl
    from .corpus import export as ex

    if fmt == "docbin":
        from spacy.tokens import DocBin

        records = ex.from_docbin(DocBin().from_disk(path))
    elif fmt == "doccano":
        records = [ex.from_doccano(r) for r in read_jsonl(path)]
    else:
        with open(path, encoding="utf-8") as f:
            records = [ex.from_label_studio(t) for t in json.load(f)]
    with click.open_file(output, "w", encoding="utf-8") as out:
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")


@main.command()
@click.option("--corpus", "corpus_root", type=click.Path(file_okay=False), default=None,
              help="Corpus folder (default: corpus/ of this checkout).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Model file (default: models/segment-labeler.skops).")
@click.option("--seed", default=0, show_default=True, help="Seed of every random choice.")
@click.option("--stacked/--no-stacked", default=True, show_default=True,
              help="Let the second pass see neighbours' scores too.")
def train(corpus_root, output, seed, stacked) -> None:
    """Train the segment labeler on the corpus train split; save it with skops and as JSON weights."""
    import hashlib
    import sklearn

    from .corpus import load_corpus
    from .model import DEFAULT_MODEL_FILE, SOURCE_MODELS_DIR, weights_path
    from .train import save, train as fit

    root = _corpus_root(corpus_root)
    docs = load_corpus(root, split="train")
    if not docs:
        _fail(f"no training documents in {root}; run 'vn-directives corpus build' first")
    model = fit(docs, seed=seed, stacked=stacked)
    path = Path(output) if output else SOURCE_MODELS_DIR / DEFAULT_MODEL_FILE
    digest = hashlib.sha256((Path(root) / "annotations.jsonl").read_bytes()).hexdigest()[:16]
    meta = {"name": path.stem, "trained_on": "corpus train split", "documents": len(docs),
            "segments": sum(len(d.segments) for d in docs), "annotations_sha256": digest,
            "seed": seed, "stacked": stacked, "temperature": model.temperature,
            "scikit-learn": sklearn.__version__}
    save(model, path, meta)
    weights = weights_path(path)
    click.echo(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB) and {weights.name} "
               f"({weights.stat().st_size / 1e6:.1f} MB) from {meta['segments']} segments")


@main.command()
@click.option("--model", default="default", show_default=True, help="Model to evaluate beside the baseline.")
@click.option("--split", type=click.Choice(["train", "dev", "test"]), default="test", show_default=True)
@click.option("--corpus", "corpus_root", type=click.Path(file_okay=False), default=None)
@click.option("--json", "json_path", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="Also write every figure as JSON here.")
def evaluate(model, split, corpus_root, json_path) -> None:
    """Labels (model vs cue baseline), segmentation and directives against gold."""
    from .evaluate import run_evaluation

    results, text = run_evaluation(model, split, _corpus_root(corpus_root))
    click.echo(text)
    if json_path:
        with click.open_file(json_path, "w", encoding="utf-8") as f:
            json.dump(results, f, ensure_ascii=False, indent=1)


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--input", "input_jsonl", type=click.Path(allow_dash=True),
              help="A JSONL file of records ('-' for stdin).")
@click.option("--id-field", default="id", show_default=True, help="Field/column holding the record id.")
@click.option("--text-field", default="text", show_default=True, help="Field/column holding the text.")
@click.option("--example", is_flag=True, help="Add the example report shipped with the package.")
@click.option("-o", "--output", default="report.html", show_default=True,
              type=click.Path(dir_okay=False, allow_dash=True), help="The HTML page to write ('-' for stdout).")
@click.option("--title", default="vn-directives report", show_default=True, help="Heading of the page.")
@_model_option
@_abstain_option
@_workers_option
def report(inputs, input_jsonl, id_field, text_field, example, output, title, model, abstain_below, workers):
    """Read reports and write one static HTML page: highlighted segments, directives, overview charts.

    The page is self-contained (no script, nothing loaded from the network);
    open it in any browser. Exits 1 when any record could not be read (it is
    still listed on the page with its error).

    \b
    Examples:
      vn-directives report --example -o example.html
      vn-directives report reports/ -o report.html
      vn-directives report --input articles.jsonl --text-field body -o report.html
    """
    from . import extract_many
    from .html_report import render_html

    records = _records(inputs, input_jsonl, example, id_field=id_field, text_field=text_field)
    try:
        reports = list(extract_many(records, model=model, n_process=workers, abstain_below=abstain_below))
    except VnDirectivesError as exc:
        _fail(str(exc))
    if not reports:
        _fail("no records were read; give files, a folder, --input FILE.jsonl or --example")
    page = render_html(reports, title=title)
    with click.open_file(output, "w", encoding="utf-8") as f:
        f.write(page)
    failed = sum(r.error is not None for r in reports)
    if output != "-":
        click.echo(f"wrote {output}: {len(reports)} report(s), {failed} with errors", err=True)
    if failed:
        sys.exit(1)
