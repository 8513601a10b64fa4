"""Train the sentence quad-class model shipped as src/diplomap/nlp/data/quadclass.npz (``make train``).

Reads ConfliBERT's labelled sentences (default ../shared/gold/conflibert_cameo_class_train.tsv),
codes each with the current pipeline (the model reads the coded events too), holds out the
fold chosen by ``held_out`` (never trained on), picks the regularisation by 5-fold cross-validation
on the rest, fits, checks that the NumPy re-implementation gives sklearn's probabilities, and writes
the weights and a JSON card with the scores. Deterministic: same data and pipeline, same model.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from diplomap.evaluate.gold import read_conflibert_class
from diplomap.nlp.events import quadclass
from diplomap.nlp.pipeline import annotate, load_pipeline, pipeline_fingerprint
from diplomap.nlp.records import DocumentContext

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "diplomap" / "nlp" / "data"
NGRAMS = (1, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--gold", default=str(ROOT.parent / "shared" / "gold" / "conflibert_cameo_class_train.tsv")
    )
    args = parser.parse_args()
    gold = read_conflibert_class(args.gold)
    nlp = load_pipeline("auto", components=("diplomap_actors_v1", "diplomap_events_v1"))
    contexts = ((g.text, DocumentContext(document_id=f"line {g.line}", text=g.text)) for g in gold)
    texts = [
        quadclass.quad_features(g.text, found.events)
        for g, found in zip(gold, annotate(nlp, contexts, batch_size=64), strict=True)
    ]
    labels = [g.label for g in gold]
    test = [quadclass.held_out(g.text) for g in gold]
    train_x = [t for t, h in zip(texts, test, strict=True) if not h]
    train_y = [y for y, h in zip(labels, test, strict=True) if not h]
    test_x = [t for t, h in zip(texts, test, strict=True) if h]
    test_y = [y for y, h in zip(labels, test, strict=True) if h]

    def model(c: float) -> tuple[TfidfVectorizer, LogisticRegression]:
        vectorizer = TfidfVectorizer(
            ngram_range=NGRAMS, min_df=2, sublinear_tf=True, token_pattern=r"(?u)\b\w[\w_]*\b"
        )
        return vectorizer, LogisticRegression(C=c, max_iter=5000, class_weight="balanced")

    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    cv_scores = {}
    for c in (1.0, 3.0, 10.0, 30.0):
        vectorizer, classifier = model(c)
        features = vectorizer.fit_transform(train_x)
        predicted = cross_val_predict(classifier, features, train_y, cv=folds)
        cv_scores[c] = f1_score(train_y, predicted, average="macro")
    best = max(cv_scores, key=lambda c: cv_scores[c])
    vectorizer, classifier = model(best)
    classifier.fit(vectorizer.fit_transform(train_x), train_y)
    predicted = classifier.predict(vectorizer.transform(test_x))

    terms = vectorizer.get_feature_names_out()
    np.savez_compressed(
        DATA / "quadclass.npz",
        vocabulary=np.array(terms, dtype=str),
        idf=vectorizer.idf_,
        coef=classifier.coef_,
        intercept=classifier.intercept_,
        classes=classifier.classes_,
        ngrams=np.array(NGRAMS),
    )
    card = {
        "trained_on": Path(args.gold).name,
        "sha256": hashlib.sha256(Path(args.gold).read_bytes()).hexdigest(),
        "held_out": "sha256(sentence) % 5 == 0",
        "train_sentences": len(train_x),
        "held_out_sentences": len(test_x),
        "C": best,
        "cv_macro_f1": round(cv_scores[best], 4),
        "held_out_macro_f1": round(f1_score(test_y, predicted, average="macro"), 4),
        "held_out_accuracy": round(accuracy_score(test_y, predicted), 4),
        "pipeline": pipeline_fingerprint(nlp),
    }
    (DATA / "quadclass.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")

    quadclass.load_quad_classifier.cache_clear()
    shipped = quadclass.load_quad_classifier()
    assert shipped is not None
    reference = classifier.predict_proba(vectorizer.transform(test_x[:50]))
    for text, row in zip(test_x[:50], reference, strict=True):
        ours = shipped.score(text)  # already in quad_features form
        assert np.allclose([ours[c] for c in shipped.classes], row, atol=1e-6), (text, ours, row)
    print(json.dumps(card, indent=2))


if __name__ == "__main__":
    main()
