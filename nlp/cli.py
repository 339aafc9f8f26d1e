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

import click

from .about import __version__
from .errors import VnDirectivesError
from .types import Report


def _fail(message: str) -> None:
    raise click.ClickException(message)


def _records(inputs, input_jsonl, id_field, text_field, example) -> Iterator:
    from .io import read_inputs

    if example:
        from . import example_text

        yield "example", example_text()
    if input_jsonl:
        yield from read_inputs([input_jsonl], id_field=id_field, text_field=text_field, jsonl=True)
    if inputs:
        yield from read_inputs(list(inputs), id_field=id_field, text_field=text_field)
    elif not example and not input_jsonl:
        if sys.stdin.isatty():
            _fail("no input: give files, --input FILE.jsonl, --example, or pipe text to stdin")
        yield from read_inputs(["-"], id_field=id_field, text_field=text_field)


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
        head = f"{i:>3} {s.kind:<9} {s.label or '-':<10} {s.confidence or 0:.2f}  "
        body = textwrap.wrap(s.text.replace("\n", " "), 100 - len(head)) or [""]
        lines.append(head + body[0])
        lines += [" " * len(head) + b for b in body[1:]]
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


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--input", "input_jsonl", type=click.Path(allow_dash=True),
              help="A JSONL file of records ('-' for stdin).")
@click.option("--id-field", default="id", show_default=True, help="JSONL field holding the record id.")
@click.option("--text-field", default="text", show_default=True, help="JSONL field holding the text.")
@click.option("-o", "--output", type=click.Path(allow_dash=True), default="-",
              help="Write JSONL here (default: stdout).")
@click.option("--example", is_flag=True, help="Read the example report shipped with the package.")
@click.option("--pretty", is_flag=True, help="Print reports for people instead of JSONL.")
@click.option("--model", default="default", show_default=True,
              help="'default' (shipped model), 'baseline' (cue rules) or a .skops path.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes, each loading the model once.")
def extract(inputs, input_jsonl, id_field, text_field, output, example, pretty, model, workers):
    """Read reports from FILES, --input JSONL or stdin; write one JSON line per record.

    \b
    Examples:
      vn-directives extract --example --pretty
      vn-directives extract report.txt -o out.jsonl
      vn-directives extract --input articles.jsonl --text-field body -o out.jsonl
      cat report.txt | vn-directives extract
    """
    from . import extract_many

    records = _records(inputs, input_jsonl, id_field, text_field, example)
    failed = 0
    out = click.open_file(output, "w", encoding="utf-8")
    try:
        for report in extract_many(records, model=model, n_process=workers):
            failed += report.error is not None
            if pretty:
                out.write(format_pretty(report) + "\n\n")
            else:
                out.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
    except VnDirectivesError as exc:
        _fail(str(exc))
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
        return
    finally:
        if output != "-":
            out.close()
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


def _corpus_root(root):
    from .corpus import CORPUS_DIR

    return root or CORPUS_DIR


@corpus.command("build")
@_root_option
def corpus_build(root) -> None:
    """Rebuild documents.jsonl and annotations.jsonl from corpus/source/*.txt."""
    from .corpus.build import build

    n, errs = build(_corpus_root(root))
    for e in errs:
        click.echo(e, err=True)
    if errs:
        _fail(f"{len(errs)} error(s) in the sources; nothing was written")
    click.echo(f"built {n} documents")


@corpus.command("validate")
@_root_option
@click.option("--real/--no-real", default=True, help="Also check the real-text labels when ../shared is here.")
def corpus_validate(root, real) -> None:
    """Check offsets, coverage, labels and list structure of the corpus."""
    from .corpus import load_corpus, load_real
    from .corpus.validate import validate_corpus

    docs = load_corpus(_corpus_root(root))
    if real:
        docs += load_real(_corpus_root(root))
    errs = validate_corpus(docs)
    for e in errs:
        click.echo(e, err=True)
    if errs:
        _fail(f"{len(errs)} problem(s) in {len(docs)} documents")
    click.echo(f"{len(docs)} documents valid")


@corpus.command("stats")
@_root_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of Markdown.")
@click.option("--update-readme", is_flag=True, help="Write the tables into corpus/README.md.")
def corpus_stats_cmd(root, as_json, update_readme) -> None:
    """Print corpus statistics (the datasheet's tables come from here)."""
    from pathlib import Path

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
