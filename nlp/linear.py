"""The trained labeler's arithmetic in numpy alone, for fast start-up.

The model is trained and saved with scikit-learn and skops
(`nlp.classifier`, `nlp.train`). Importing scikit-learn and skops costs
2-3 s on our machines (scikit-learn pulls in scipy.stats and pandas; skops
imports every estimator module to list its trusted types), ten times the
rest of the pipeline's start-up. A fitted `SegmentClassifier` is only
hashed n-grams, TF-IDF weights, one-hot codes, a scaler, a linear SVM and
a logistic regression, so `export` writes those numbers to a JSON file and
`LinearLabeler` applies them with numpy and `mmh3` (the MurmurHash3 that
scikit-learn's `HashingVectorizer` uses). The exported file holds numbers
and strings only: nothing in it can run code.

Columns a model never saw in training have a zero coefficient and the
largest idf, so only the others are stored; the result is the same model,
and a test checks that both give the same probabilities on the corpus.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Sequence
from operator import itemgetter
from pathlib import Path

import mmh3
import numpy as np

#: Written into every exported file; `load_weights` refuses other formats.
#: Version 2: the first pass gives margins, the second pass (always there) probabilities.
FORMAT = "vn-directives-linear/2"

_NO_HASHES = np.zeros(0, dtype=np.int64)


def context_matrix(scores: np.ndarray, docs: np.ndarray, parents: np.ndarray) -> np.ndarray:
    """Own, previous, next and lead-in scores of each segment, side by side.

    The second pass's input. ``docs`` numbers the document of each row,
    ``parents`` holds the row of the governing lead-in (or -1). Neighbours
    never cross documents. A missing neighbour is zeros plus a flag saying
    so, as a zero margin is itself a score.
    """
    n, k = scores.shape
    rows = np.arange(n)
    docs, parents = np.asarray(docs), np.asarray(parents)
    prev_row = np.where((rows > 0) & (docs == np.roll(docs, 1)), rows - 1, -1)
    next_row = np.where((rows < n - 1) & (docs == np.roll(docs, -1)), rows + 1, -1)
    padded = np.vstack([scores, np.zeros(k)])  # row -1: the missing neighbour
    flags = np.column_stack([prev_row >= 0, next_row >= 0, parents >= 0]).astype(float)
    return np.hstack([scores, padded[prev_row], padded[next_row], padded[parents], flags])


def _softmax(z: np.ndarray) -> np.ndarray:
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def _array(a: np.ndarray) -> dict:
    """A numpy array as JSON: little-endian bytes in base64 (exact, and 4x smaller than decimals)."""
    a = np.ascontiguousarray(a)
    dtype = a.dtype.newbyteorder("<")
    return {"dtype": dtype.str, "shape": list(a.shape), "b64": base64.b64encode(a.astype(dtype).tobytes()).decode()}


def _from_array(d: dict) -> np.ndarray:
    if d.get("dtype") not in ("<f8", "<i4"):
        raise ValueError(f"unsupported array type {d.get('dtype')!r}")
    return np.frombuffer(base64.b64decode(d["b64"]), dtype=d["dtype"]).reshape(d["shape"]).copy()


# -- export (needs the fitted scikit-learn objects) ------------------------------------------------


def export(model) -> dict:
    """The numbers of a fitted `nlp.classifier.SegmentClassifier`, as a JSON-able dict."""
    first = model.first_
    features, clf = first.named_steps["features"], first.named_steps["clf"]
    coef = clf.coef_
    bags, onehot, scaler, keep = [], None, None, []
    if features.remainder != "drop":
        raise ValueError("the feature union passes columns through; export cannot follow it")
    weights = features.transformer_weights or {}
    for name, transformer, columns in features.transformers_:
        if name == "remainder":
            continue
        # A block's weight multiplies its features; folded into its coefficients here.
        block = coef[:, features.output_indices_[name]] * weights.get(name, 1.0)
        if name == "cat":
            onehot = {"columns": list(columns), "categories": [[str(c) for c in cats] for cats in transformer.categories_]}
            keep.append(block)
        elif name == "num":
            scaler = {"columns": list(columns), "mean": _array(transformer.mean_), "scale": _array(transformer.scale_)}
            keep.append(block)
        else:
            hashing, tfidf = transformer.named_steps["hash"], transformer.named_steps["tfidf"]
            idf = tfidf.idf_
            unseen = idf.max()
            # Columns with the largest idf (never seen) and no weight add nothing but their norm.
            stored = np.flatnonzero((idf != unseen) | (block != 0).any(axis=0)).astype(np.int32)
            bags.append({
                "name": name,
                "column": columns,
                "analyzer": hashing.analyzer,
                "ngram_range": list(hashing.ngram_range),
                "lowercase": hashing.lowercase,
                "token_pattern": hashing.token_pattern,
                "n_features": hashing.n_features,
                "sublinear_tf": tfidf.sublinear_tf,
                "columns": _array(stored),
                "idf": _array(idf[stored]),
                "idf_unseen": float(unseen),
            })
            keep.append(block[:, stored])
    out = {
        "format": FORMAT,
        "classes": [str(c) for c in model.classes_],
        "bags": bags,
        "onehot": onehot,
        "scaler": scaler,
        "first": {"coef": _array(np.hstack(keep).T), "intercept": _array(clf.intercept_)},
        "second": {
            "coef": _array(model.second_.coef_),
            "intercept": _array(model.second_.intercept_),
            "context": bool(model.stacked),
            "temperature": float(model.temperature),
        },
    }
    return out


def write_weights(model, path: str | Path) -> None:
    """Write `export(model)` to ``path`` (deterministic bytes: same model, same file)."""
    Path(path).write_text(json.dumps(export(model), separators=(",", ":")) + "\n", encoding="utf-8")


# -- inference (numpy and mmh3 only) ---------------------------------------------------------------


def _word_ngrams(tokens: list[str], lo: int, hi: int) -> list[str]:
    grams = list(tokens) if lo == 1 else []
    for n in range(max(lo, 2), min(hi, len(tokens)) + 1):
        # Shifted views zipped: the strings of joining each slice, without building the slices.
        grams += map(" ".join, zip(*(tokens[k:] for k in range(n))))
    return grams


def _words(text: str) -> list[str]:
    """The words scikit-learn's char_wb analyzer pads and cuts.

    scikit-learn first collapses runs of whitespace (``\\s\\s+``) to one space;
    ``split`` cuts at any run of the same characters, so that step changes nothing.
    """
    return text.split()


def _word_grams(word: str, lo: int, hi: int) -> list[str]:
    w = f" {word} "
    grams = []
    for n in range(lo, hi + 1):
        if n >= len(w):
            grams.append(w)  # a short word counts once, whatever n
            break
        grams += [w[i : i + n] for i in range(len(w) - n + 1)]
    return grams


def _hash_array(grams: list[str]) -> np.ndarray:
    return np.fromiter(map(mmh3.hash, grams), dtype=np.int64, count=len(grams))


#: Distinct words whose char_wb hashes a bag keeps between calls (a corpus of reports has ~15,000).
_WORD_CACHE_SIZE = 50_000


class _Bag:
    """One hashed n-gram bag: analyzer, hashing, sublinear TF-IDF and l2 norm."""

    def __init__(self, spec: dict, first_column: int):
        self.column = spec["column"]
        self.analyzer = spec["analyzer"]
        if self.analyzer not in ("word", "char_wb"):
            raise ValueError(f"unsupported analyzer {self.analyzer!r}")
        self.lo, self.hi = spec["ngram_range"]
        self.lowercase = spec["lowercase"]
        self.token_re = re.compile(spec["token_pattern"])
        self.n_features = spec["n_features"]
        self.sublinear = spec["sublinear_tf"]
        columns = _from_array(spec["columns"])
        # hashed column -> row of the coefficient matrix (-1: no weight)
        self.row = np.full(self.n_features, -1, dtype=np.int64)
        self.row[columns] = first_column + np.arange(len(columns))
        self.idf = np.full(self.n_features, spec["idf_unseen"])
        self.idf[columns] = _from_array(spec["idf"])
        self.size = len(columns)
        # Two bags with the same hashing give the same hashes for a text: the memo key.
        self.hashing = (self.analyzer, self.lo, self.hi, self.lowercase, self.token_re.pattern)
        self._word_cache: dict[str, np.ndarray] = {}
        self.split_tokens = self.token_re.pattern in (r"(?u)\S+", r"\S+")

    def _new_word(self, word: str) -> np.ndarray:
        """Hash the char_wb grams of a word not seen yet, and keep them."""
        if len(self._word_cache) >= _WORD_CACHE_SIZE:
            self._word_cache.clear()  # bounded: a stream of odd tokens must not grow it forever
        hashes = self._word_cache[word] = _hash_array(_word_grams(word, self.lo, self.hi))
        return hashes

    def _tokens(self, text: str) -> list[str]:
        """The word analyzer's tokens: ``str.split`` for ``\\S+`` (same whitespace as `re`, and faster)."""
        return text.split() if self.split_tokens else self.token_re.findall(text)

    def _hashes(self, text: str) -> np.ndarray:
        """The n-gram hashes of ``text`` (in no particular order: they are counted)."""
        if self.lowercase:
            text = text.lower()
        if self.analyzer == "char_wb":
            # Syllables repeat: each distinct one is hashed once (this halves the bag's time), and
            # kept as an array, so a text's hashes are joined by one concatenate.
            # `get`, not `in` then `[]`: another thread may clear the cache between the two.
            cache = self._word_cache
            parts = [h if (h := cache.get(w)) is not None else self._new_word(w) for w in _words(text)]
            return np.concatenate(parts) if parts else _NO_HASHES
        return _hash_array(_word_ngrams(self._tokens(text), self.lo, self.hi))

    def _hashes_of(self, texts: Sequence[str], memo: dict) -> list[np.ndarray]:
        """`_hashes` of each text, each distinct one hashed once (``memo`` is per call, shared by bags)."""
        out = []
        for text in map(str, texts):
            key = (self.hashing, text)
            if key not in memo:
                memo[key] = self._hashes(text)
            out.append(memo[key])
        return out

    def entries(self, texts: Sequence[str], memo: dict | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(record, coefficient row, weight)`` of every weighted feature of ``texts``.

        ``memo`` holds each distinct text's hashes for the call (a lead-in
        repeats for each of its items), shared by bags that hash alike.
        """
        per_text = self._hashes_of(texts, {} if memo is None else memo)
        sizes = np.fromiter(map(len, per_text), dtype=np.int64, count=len(per_text))
        h = np.concatenate(per_text) if per_text else _NO_HASHES
        # (record, column) keys fit in int32 for any batch of fewer than 2**31 / n_features records,
        # and int32 keys sort two to three times faster than int64 ones (the sort is most of this).
        key_type = np.int32 if len(per_text) * self.n_features < 2**31 else np.int64
        recs = np.repeat(np.arange(len(per_text), dtype=key_type), sizes)
        # scikit-learn's hashing: abs() of the signed hash, with the int32 minimum special-cased
        col = np.where(h == -(2**31), (2**31 - 1 - (self.n_features - 1)) % self.n_features, np.abs(h) % self.n_features)
        keys, counts = np.unique(recs * self.n_features + col.astype(key_type), return_counts=True)
        rec, col = keys // self.n_features, keys % self.n_features
        value = (np.log(counts) + 1.0 if self.sublinear else counts.astype(float)) * self.idf[col]
        norms = np.sqrt(np.bincount(rec, weights=value * value, minlength=len(texts)))
        value = value / norms[rec]
        weighted = self.row[col] >= 0
        return rec[weighted], self.row[col][weighted], value[weighted]


class LinearLabeler:
    """Label segment records with exported weights; see the module docstring.

    Same interface as the labelers the pipeline takes: ``classes_`` and
    ``predict_proba(records)``, where records come from
    `nlp.features.stack_documents` (``doc`` and ``parent_row`` keys tie
    segments to their document and lead-in).
    """

    def __init__(self, spec: dict):
        if spec.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} file (format {spec.get('format')!r})")
        self.classes_ = np.array(spec["classes"])
        self.bags, start = [], 0
        for b in spec["bags"]:
            self.bags.append(_Bag(b, start))
            start += self.bags[-1].size
        onehot, scaler = spec["onehot"], spec["scaler"]
        self.cat_columns = onehot["columns"]
        self.cat_rows = []
        for categories in onehot["categories"]:
            self.cat_rows.append({c: start + i for i, c in enumerate(categories)})
            start += len(categories)
        self.num_columns = scaler["columns"]
        self.mean, self.scale = _from_array(scaler["mean"]), _from_array(scaler["scale"])
        coef = _from_array(spec["first"]["coef"])  # one row per stored feature
        if coef.shape[0] != start + len(self.num_columns):
            raise ValueError("coefficients do not match the features")
        # Kept once, not also as stored: one contiguous row per class (gathering a class's weights
        # from it is 2.5x faster than coef[rows, k]), and the numeric columns' rows for one product.
        self.coef_by_class = np.ascontiguousarray(coef.T)
        self.num_coef = coef[start + np.arange(len(self.num_columns))]
        self.intercept = _from_array(spec["first"]["intercept"])
        second = spec["second"]
        # Dividing the weights once by the temperature divides every score by it.
        temperature = float(second.get("temperature", 1.0))
        self.second_coef = _from_array(second["coef"]) / temperature
        self.second_intercept = _from_array(second["intercept"]) / temperature
        self.context = bool(second["context"])

    def first_pass(self, records: Sequence[dict]) -> np.ndarray:
        """The first pass's margins (one column per class), one row per record."""
        n = len(records)
        z = np.tile(self.intercept, (n, 1))
        memo: dict = {}
        for bag in self.bags:
            rec, row, value = bag.entries([r[bag.column] for r in records], memo)
            for k, coef in enumerate(self.coef_by_class):
                z[:, k] += np.bincount(rec, weights=coef.take(row) * value, minlength=n)
        for column, rows in zip(self.cat_columns, self.cat_rows, strict=True):
            hits = [(i, rows[str(r[column])]) for i, r in enumerate(records) if str(r[column]) in rows]
            if hits:
                # One hit per record and column: the same additions as a loop over the hits.
                at, row = np.array(hits).T
                z[at] += self.coef_by_class[:, row].T
        z += ((self._numeric(records) - self.mean) / self.scale) @ self.num_coef
        return z

    def _numeric(self, records: Sequence[dict]) -> np.ndarray:
        """The numeric columns of ``records``, one row each."""
        columns = self.num_columns
        if len(columns) < 2:  # itemgetter returns a bare value for one key, and needs one
            rows = [[r[c] for c in columns] for r in records]
        else:
            rows = list(map(itemgetter(*columns), records))  # a record's columns in one call
        # numpy converts each value as float() does
        return np.array(rows, dtype=float).reshape(len(records), len(columns))

    def predict_proba(self, records: Sequence[dict]) -> np.ndarray:
        """Probability per class (``classes_`` order) for each record."""
        records = list(records)
        if not records:
            return np.zeros((0, len(self.classes_)))
        scores = self.first_pass(records)
        if self.context:
            docs = np.array([r.get("doc", 0) for r in records])
            parents = np.array([r.get("parent_row", -1) for r in records])
            scores = context_matrix(scores, docs, parents)
        return _softmax(scores @ self.second_coef.T + self.second_intercept)

    def predict(self, records: Sequence[dict]) -> np.ndarray:
        """The most probable label of each record."""
        return self.classes_[self.predict_proba(records).argmax(axis=1)]


def load_weights(path: str | Path) -> LinearLabeler:
    """A `LinearLabeler` from a file written by `write_weights`."""
    with open(path, encoding="utf-8") as f:
        return LinearLabeler(json.load(f))


__all__ = ["FORMAT", "LinearLabeler", "context_matrix", "export", "load_weights", "write_weights"]
