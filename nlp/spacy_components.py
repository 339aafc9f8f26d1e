"""spaCy integration: an underthesea tokenizer and registered pipeline components.

>>> import spacy, nlp.spacy_components  # doctest: +SKIP
>>> vi = nlp.spacy_components.spacy_pipeline()  # doctest: +SKIP
>>> doc = vi(text)  # doctest: +SKIP
>>> doc.spans["segments"], doc._.directives, doc._.report.to_dict()  # doctest: +SKIP
>>> spacy.displacy.render(doc, style="span", options={"spans_key": "segments"})  # doctest: +SKIP

Results live where spaCy users look for them: ``doc.spans["segments"]``
(span label = segment label; kinds, scores and confidences in the group's
``attrs``), ``doc.spans["directive_parts"]`` (issuer, assignee, deadline,
action), and the extensions ``doc._.report``, ``doc._.directives`` and
``doc._.meeting``. The components call the same `nlp.pipeline.Pipeline`
as `nlp.extract`, so ``doc._.report.to_dict()`` is the JSON the library
gives for the same text.
"""

from __future__ import annotations

import re

import spacy
from spacy.language import Language
from spacy.tokens import Doc, SpanGroup
from spacy.util import get_words_and_spaces

from .normalize import normalize
from .tokenize import tokenize

for _name in ("report", "directives", "meeting"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class UnderthesesaTokenizer:
    """A spaCy tokenizer that keeps underthesea's words ("Tỉnh ủy", "Phạm Hoàng Sơn").

    ``doc.text`` is always the input and ``token.idx`` its offset there.
    """

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        # Tokenize the normalised text (NFC, no markup) and map each word back,
        # so NFD input or "&amp;" still give tokens that are slices of ``text``.
        n = normalize(text)
        words, pos = [], 0
        for t in tokenize(n.text):
            start, end = n.to_original(t.start, t.end)
            # What normalisation dropped (markup, zero-width marks) becomes tokens of its own.
            words += re.findall(r"\S+", text[pos:start])
            words.append(text[start:end])
            pos = end
        words += re.findall(r"\S+", text[pos:])
        words, spaces = get_words_and_spaces(words, text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def to_bytes(self, **kwargs) -> bytes:  # nothing to save: the model is underthesea's
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> UnderthesesaTokenizer:
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> UnderthesesaTokenizer:
        return self


@spacy.registry.tokenizers("vi_directives.UnderthesesaTokenizer.v1")
def create_tokenizer():
    """Registered tokenizer factory: ``[nlp.tokenizer] @tokenizers = "vi_directives.UnderthesesaTokenizer.v1"``."""

    def make(nlp_: Language) -> UnderthesesaTokenizer:
        return UnderthesesaTokenizer(nlp_.vocab)

    return make


def _span(doc: Doc, start: int, end: int, label: str):
    # A segment edge inside an underthesea word (rare): widen to whole tokens.
    return doc.char_span(start, end, label=label, alignment_mode="expand")


class _Stage:
    """Base of the components: the shared `Pipeline`, loaded once on first use."""

    def __init__(self, name: str, model: str, abstain_below: float | None = None):
        self.name = name
        self.model = model
        self.abstain_below = abstain_below
        self._pipeline = None

    @property
    def pipeline(self):
        if self._pipeline is None:
            import nlp

            self._pipeline = nlp.load(self.model, self.abstain_below)
        return self._pipeline


def _write_report(doc: Doc, report) -> Doc:
    """Put a finished report where spaCy users look: span groups and extensions."""
    doc._.report = report
    doc._.directives = report.directives
    doc._.meeting = report.meeting
    _write_segments(doc, report.segments)
    parts = []
    for d in report.directives:
        fields = [("assignee", a) for a in d.assignees] + [("deadline", d.deadline), ("action", d.action)]
        if d.issuer is not None and d.issuer.start is not None:
            fields.insert(0, ("issuer", d.issuer))
        for label, span in fields:
            if span is not None and span.start is not None:
                sp = _span(doc, span.start, span.end, label)
                if sp is not None:
                    parts.append(sp)
    doc.spans["directive_parts"] = parts
    return doc


def _write_segments(doc: Doc, segments, offsets=None) -> None:
    """``doc.spans["segments"]``: label = segment label (kind until labeled); attrs per span."""
    offsets = offsets or [(s.start, s.end) for s in segments]
    spans = [_span(doc, a, b, s.label or s.kind) for s, (a, b) in zip(segments, offsets)]
    keep = [i for i, sp in enumerate(spans) if sp is not None]
    group = SpanGroup(doc, name="segments", spans=[spans[i] for i in keep])
    group.attrs["kinds"] = [segments[i].kind for i in keep]
    group.attrs["confidences"] = [segments[i].confidence for i in keep]
    group.attrs["scores"] = [segments[i].scores for i in keep]
    group.attrs["abstained"] = [segments[i].abstained for i in keep]
    doc.spans["segments"] = group


_STATE = "vi_directives_state"  # doc.user_data key holding the report between components


class SegmenterComponent(_Stage):
    """Normalise, segment and tokenize: ``doc.spans["segments"]`` labeled by kind."""

    def __call__(self, doc: Doc) -> Doc:
        prepared = self.pipeline._prepare(doc.text)
        doc.user_data[_STATE] = prepared
        n = prepared.normalized
        _write_segments(doc, prepared.segments, [n.to_original(s.start, s.end) for s in prepared.segments])
        return doc


class ClassifierComponent(_Stage):
    """Label the segments the segmenter found (scores and confidence in the span attrs)."""

    def __call__(self, doc: Doc) -> Doc:
        prepared = doc.user_data.get(_STATE)
        if prepared is None:
            raise ValueError("vi_segment_classifier needs vi_segmenter before it in the pipeline")
        self.pipeline._label_batch([prepared])
        n = prepared.normalized
        _write_segments(doc, prepared.segments, [n.to_original(s.start, s.end) for s in prepared.segments])
        return doc


class ExtractorComponent(_Stage):
    """Extract meeting and directives from labeled segments; set the extensions."""

    def __call__(self, doc: Doc) -> Doc:
        prepared = doc.user_data.pop(_STATE, None)
        if prepared is None:
            raise ValueError("vi_directive_extractor needs vi_segmenter and vi_segment_classifier before it")
        return _write_report(doc, self.pipeline._finish(prepared, doc.text, None))


class DirectivesComponent(_Stage):
    """Segment, label and extract directives in one step; bad text gives an error report."""

    def __call__(self, doc: Doc) -> Doc:
        return _write_report(doc, self.pipeline.safe_call(doc.text))


_ASSIGNS = ["doc.spans", "doc._.report", "doc._.directives", "doc._.meeting"]


@Language.factory("vi_directives", assigns=_ASSIGNS, default_config={"model": "default", "abstain_below": None})
def make_directives(nlp: Language, name: str, model: str,  # noqa: ARG001 - spaCy passes nlp by name
                    abstain_below: float | None) -> DirectivesComponent:
    """The whole reader as one component (``model``: "default", "baseline" or a path).

    ``abstain_below``: segments less probable than this become ``other``, flagged
    in ``doc.spans["segments"].attrs["abstained"]`` (see `nlp.load`).
    """
    return DirectivesComponent(name, model, abstain_below)


@Language.factory("vi_segmenter", assigns=["doc.spans"], default_config={"model": "default"})
def make_segmenter(nlp: Language, name: str, model: str) -> SegmenterComponent:  # noqa: ARG001
    """Stage 1 of 3: segments (``doc.spans["segments"]``, labeled by kind)."""
    return SegmenterComponent(name, model)


@Language.factory("vi_segment_classifier", assigns=["doc.spans"],
                  default_config={"model": "default", "abstain_below": None})
def make_classifier(nlp: Language, name: str, model: str,  # noqa: ARG001
                    abstain_below: float | None) -> ClassifierComponent:
    """Stage 2 of 3: segment labels with probabilities (``abstain_below`` as in ``vi_directives``)."""
    return ClassifierComponent(name, model, abstain_below)


@Language.factory("vi_directive_extractor", assigns=_ASSIGNS, default_config={"model": "default"})
def make_extractor(nlp: Language, name: str, model: str) -> ExtractorComponent:  # noqa: ARG001
    """Stage 3 of 3: directives, meeting and the report extensions."""
    return ExtractorComponent(name, model)


def spacy_pipeline(model: str = "default", abstain_below: float | None = None) -> Language:
    """A blank multilingual ``Language`` with the underthesea tokenizer and ``vi_directives``."""
    vi = spacy.blank(
        "xx", config={"nlp": {"tokenizer": {"@tokenizers": "vi_directives.UnderthesesaTokenizer.v1"}}}
    )
    vi.add_pipe("vi_directives", config={"model": model, "abstain_below": abstain_below})
    return vi


def render(doc: Doc, **kwargs) -> str:
    """displaCy's span view of the labeled segments (HTML)."""
    from spacy import displacy

    options = {"spans_key": "segments", **kwargs.pop("options", {})}
    return displacy.render(doc, style="span", options=options, **kwargs)
