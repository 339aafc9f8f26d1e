"""Write the example notebooks of this folder with nbformat (outputs empty).

Run ``python notebooks/make_notebooks.py`` after editing a cell here; the
notebooks are generated, never edited by hand, so their JSON stays tidy and
their outputs stay out of git. ``tests/test_notebooks.py`` executes them.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent


def md(text: str):
    """A Markdown cell (leading/trailing blank lines dropped)."""
    return new_markdown_cell(text.strip("\n"))


def code(text: str):
    """A code cell (leading/trailing blank lines dropped)."""
    return new_code_cell(text.strip("\n"))


QUICKSTART = [
    md("""
# Quickstart: one meeting report

Read the example report shipped with the package into segments, labels and
directives, look at the JSON, and see the labeled segments in displaCy's span
view. Everything runs offline.
"""),
    code("""
import json

from IPython.display import HTML, display

import nlp

text = nlp.example_text()
print(text[:400], "…")
"""),
    md("""
`nlp.extract` reads one report. The default model is the one shipped in
`models/`; before a model is shipped it falls back to the cue baseline, and
`report.model` says which one was used.
"""),
    code("""
report = nlp.extract(text, doc_id="example")
print("model:", report.model)
for i, seg in enumerate(report.segments):
    print(f"{i:>2} {seg.kind:<9} {seg.label:<10} {seg.confidence:.2f}  {seg.text[:70]}")
"""),
    md("""
## JSON

`report.to_dict()` follows `nlp/schema/report.schema.json`. Offsets are
indices into the text you passed: `text[start:end] == segment.text`.
"""),
    code("""
out = report.to_dict()
assert all(text[s["start"]:s["end"]] == s["text"] for s in out["segments"])
print(json.dumps(out["meeting"], ensure_ascii=False, indent=1))
print(json.dumps(out["directives"], ensure_ascii=False, indent=1))
"""),
    md("""
## Directives

One record per task: who issued it, who must act, what, and by when (the
deadline as written and as an ISO-8601 interval).
"""),
    code("""
for d in report.tasks:
    issuer = d.issuer and ", ".join(x for x in (d.issuer.name, d.issuer.title) if x)
    print("issuer:   ", issuer)
    print("assignees:", "; ".join(a.text for a in d.assignees))
    print("action:   ", d.action and d.action.text)
    print("deadline: ", d.deadline and (d.deadline.text, d.deadline.interval))
    print()
"""),
    md("""
## displaCy view

The spaCy pipeline runs the same reader and puts the segments in
`doc.spans["segments"]`; `nlp.spacy_components.render` draws them with
displaCy's span style.
"""),
    code("""
from nlp.spacy_components import render

vi = nlp.spacy_pipeline()
doc = vi(text)
assert doc._.report.to_dict()["segments"] == out["segments"]
display(HTML(render(doc, jupyter=False)))
"""),
    md("""
The same view for a whole batch, with directives and charts, is one static
HTML page: `vn-directives report reports/ -o report.html` (or
`nlp.html_report.render_html(reports)` from Python).
"""),
]


BULK = [
    md("""
# Bulk analysis: many reports into pandas

Read the test split of the corpus as if it were a batch of news articles,
turn the reports into two flat tables, and count tasks by assignee and by
deadline period.
"""),
    code("""
import matplotlib.pyplot as plt
import pandas as pd

import nlp
from nlp.corpus import load_corpus

docs = load_corpus(split="test")
records = [{"id": d.id, "text": d.text} for d in docs]
print(len(records), "reports")
"""),
    md("""
`nlp.extract_many` reads records in order and never raises for a bad one
(its report gets `.error` instead); `nlp.to_frames` makes one row per
segment and one row per directive.
"""),
    code("""
reports = list(nlp.extract_many(records))
segments, directives = nlp.to_frames(reports)
print("model:", reports[0].model, "| errors:", sum(r.error is not None for r in reports))
print(segments.shape, directives.shape)
directives.head()
"""),
    md("## Labels and confidence"),
    code("""
segments.groupby("label")["confidence"].agg(["count", "mean", "min"]).round(3)
"""),
    code("""
low = segments[segments["confidence"] < 0.6]
print(f"{len(low)} of {len(segments)} segments below confidence 0.6 (worth a look)")
low[["doc_id", "segment", "kind", "label", "confidence", "text"]].head(10)
"""),
    md("""
## Tasks by assignee and by issuer

A task may name several assignees (joined by `' | '`); `explode` gives one
row per assignee.
"""),
    code("""
tasks = directives[directives["type"] == "task"].copy()
by_assignee = (
    tasks.assign(assignee=tasks["assignees"].fillna("(not stated)").str.split(" | ", regex=False))
    .explode("assignee")
    .groupby("assignee").size().sort_values(ascending=False)
)
by_issuer = tasks["issuer_title"].fillna("(not stated)").value_counts()

fig, axes = plt.subplots(1, 2, figsize=(13, 5), layout="constrained")
by_assignee.head(15)[::-1].plot.barh(ax=axes[0], color="#2f6fce", title="Tasks by assignee (top 15)")
by_issuer.head(15)[::-1].plot.barh(ax=axes[1], color="#2f6fce", title="Tasks by issuer (top 15)")
for ax in axes:
    ax.set_xlabel("tasks")
plt.show()
"""),
    md("""
## Tasks by deadline period

`deadline_end` is the last day of the resolved interval; tasks whose
deadline has no known year have none.
"""),
    code("""
tasks["deadline_end"] = pd.to_datetime(tasks["deadline_end"], errors="coerce")
dated = tasks.dropna(subset=["deadline_end"])
print(f"{len(dated)} of {len(tasks)} tasks have a resolved deadline")
per_quarter = dated["deadline_end"].dt.to_period("Q").value_counts().sort_index()

ax = per_quarter.plot.bar(figsize=(10, 3.5), color="#2f6fce", title="Tasks by deadline quarter")
ax.set_xlabel("quarter of the last day")
ax.set_ylabel("tasks")
plt.show()
"""),
    code("""
pd.crosstab(directives["meeting_type"].fillna("-"), directives["type"]).sort_values("task", ascending=False)
"""),
]


CORPUS_MODEL = [
    md("""
# The corpus and the model

Count the labeled corpus, train a small labeler on part of the train split
(under a minute), and measure it on the test split: per-label scores, the
confusion matrix and calibration. `vn-directives train` trains the full
model; `vn-directives evaluate` prints the same figures for it.
"""),
    code("""
import time

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from nlp.corpus import load_corpus, to_frame
from nlp.corpus.stats import corpus_stats

docs = load_corpus()
st = corpus_stats(docs)
print(st["documents"], "documents,", st["segments"], "segments,", st["directives"], "directives")
pd.DataFrame(st["splits"]).T.fillna(0).astype(int)
"""),
    code("""
gold = to_frame(docs)
fig, axes = plt.subplots(1, 2, figsize=(12, 3.5), layout="constrained")
pd.Series(st["labels"]).plot.bar(ax=axes[0], color="#2f6fce", title="Gold segments per label")
gold.groupby("doc_id").size().plot.hist(ax=axes[1], bins=20, color="#8a8a8a", title="Segments per document")
plt.show()
pd.Series(st["meeting_types"], name="documents").to_frame().head(10)
"""),
    md("""
## A small training run

60 documents of the train split, without the stacked second pass, keep
this under a minute; the shipped model uses the whole split and stacking.
"""),
    code("""
from nlp.train import corpus_matrix, train

train_docs = load_corpus(split="train")[:60]
t0 = time.perf_counter()
model = train(train_docs, seed=0, stacked=False)
print(f"trained on {sum(len(d.segments) for d in train_docs)} segments in {time.perf_counter() - t0:.1f} s")
"""),
    md("""
## Evaluation on the test split

Gold segments of the test split, labeled by the small model and by the cue
baseline (`nlp.evaluate.label_report`).
"""),
    code("""
from nlp.evaluate import calibration, format_label_table, label_report
from nlp.model import load_labeler

test_docs = load_corpus(split="test")
X, y = corpus_matrix(test_docs)
proba = model.predict_proba(X)
pred = model.classes_[proba.argmax(axis=1)]
small = label_report(y, pred)

baseline, _ = load_labeler("baseline")
base = label_report(y, baseline.predict(X))
print(format_label_table({"small": small, "baseline": base}))
"""),
    code("""
labels = small["confusion"]["labels"]
matrix = np.array(small["confusion"]["matrix"])
fig, ax = plt.subplots(figsize=(5.5, 4.5), layout="constrained")
im = ax.imshow(matrix, cmap="Blues")
ax.set_xticks(range(len(labels)), labels, rotation=30)
ax.set_yticks(range(len(labels)), labels)
ax.set_xlabel("predicted")
ax.set_ylabel("gold")
for i in range(len(labels)):
    for j in range(len(labels)):
        ax.text(j, i, matrix[i, j], ha="center", va="center",
                color="white" if matrix[i, j] > matrix.max() / 2 else "black")
ax.set_title(f"Confusion matrix (macro-F1 {small['macro_f1']:.3f})")
fig.colorbar(im, ax=ax)
plt.show()
"""),
    md("""
## Calibration

Is a confidence of 0.8 right 80% of the time? The reliability diagram puts
the mean confidence of each bin against its accuracy; the expected
calibration error (ECE) is their weighted gap. `train` softens the
probabilities with the temperature tuned for news articles
(`nlp.train.NEWS_TEMPERATURE`), so on our written test split the points sit
above the diagonal: the model is right more often than it says. On news it
is calibrated (models/README.md, "Calibration").
"""),
    code("""
cal = calibration(proba, model.classes_, y)
table = pd.DataFrame(cal["reliability"])
fig, ax = plt.subplots(figsize=(5, 4.5), layout="constrained")
ax.plot([0, 1], [0, 1], "--", color="#999", label="perfect")
ax.plot(table["confidence"], table["accuracy"], "o-", color="#2f6fce", label="small model")
for _, row in table.iterrows():
    ax.annotate(int(row["n"]), (row["confidence"], row["accuracy"]), textcoords="offset points",
                xytext=(4, -10), fontsize=8)
ax.set_xlim(0, 1)
ax.set_ylim(0, 1.02)
ax.set_xlabel("mean confidence of the bin")
ax.set_ylabel("accuracy")
ax.set_title(f"Reliability (ECE {cal['ece']:.3f}; labels: segments per bin)")
ax.legend(loc="upper left")
plt.show()
table
"""),
]


NOTEBOOKS = {
    "01_quickstart.ipynb": QUICKSTART,
    "02_bulk_analysis.ipynb": BULK,
    "03_corpus_and_model.ipynb": CORPUS_MODEL,
}


def build(name: str, cells) -> nbformat.NotebookNode:
    """A notebook of ``cells`` with a python3 kernel and no outputs."""
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    # Cell ids are random by default: derive them from the position so regenerating changes nothing.
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{Path(name).stem[:2]}-{i:02d}"
    nbformat.validate(nb)
    return nb


def main() -> None:
    """Write every notebook of `NOTEBOOKS` beside this script."""
    for name, cells in NOTEBOOKS.items():
        nbformat.write(build(name, cells), HERE / name)
        print("wrote", HERE / name)


if __name__ == "__main__":
    main()
