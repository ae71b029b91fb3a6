#!/usr/bin/env python3
"""Replays kb-service's article fusion offline from the candidates `make eval` records
(eval/kb/target/candidates.jsonl: every chunk each leg found, with its rank and score), so that
other fusion settings are measured in seconds instead of a run of the evaluation each. It follows
Fusion.java: each leg ranks articles by their best chunk; score fusion scales a leg's scores to its
best candidate (the vector leg's over its candidates' range) and adds an article's further chunks
in the vector leg, each `further` times the one before; RRF adds weight / (k + rank).

    replay.py eval/kb/target/candidates.jsonl                        # the defaults
    replay.py eval/kb/target/candidates.jsonl --further 0.3 --vector 2
    replay.py eval/kb/target/candidates.jsonl --fusion rrf
    replay.py eval/kb/target/candidates.jsonl --centroid 1 --title 0.5   # article-level signals

An article-level signal (the cosine of the question's vector, read from embeddings.bin, to the
article's title vector or to the mean of its chunks' vectors, from articles.jsonl) is scaled over
the fused articles' range and added with its weight: not in the service, a way to measure one.

Prints recall@1, recall@5 and MRR@10 by article over the answerable questions; with the settings
the evaluation ran, they are the report's "fused (default)" row.
"""
import argparse
import hashlib
import json

import numpy as np

LEGS = ("text", "typo", "vector")

QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: "


def question_vectors(path, questions):
    """The model's vectors of the questions, from the evaluation's cache (SHA-256 of the text, 384 floats)."""
    wanted = {hashlib.sha256((QUERY_INSTRUCTION + q).encode()).digest(): q for q in questions}
    vectors, size = {}, 32 + 384 * 4
    with open(path, "rb") as cache:
        data = cache.read()
    for offset in range(0, len(data) - size + 1, size):
        question = wanted.get(data[offset:offset + 32])
        if question is not None:
            vector = np.frombuffer(data[offset + 32:offset + size], dtype=">f4").astype(np.float32)
            vectors[question] = vector / np.linalg.norm(vector)
    return vectors


def article_vectors(path):
    """Each article's title vector and the mean of its chunks' vectors, normalised."""
    articles = {}
    with open(path) as lines:
        for line in lines:
            a = json.loads(line)
            title, centroid = np.array(a["titleVector"], np.float32), np.array(json.loads(a["centroid"]), np.float32)
            articles[a["article"]] = {"title": title / np.linalg.norm(title), "centroid": centroid / np.linalg.norm(centroid)}
    return articles


def per_article(question, leg, further_max):
    """The leg's articles in order of their best chunk, with the scores of further chunks."""
    hits = sorted((c["legs"][leg][0], c["legs"][leg][1], c["article"]) for c in question["chunks"] if leg in c["legs"])
    best, further = {}, {}
    for _, score, article in hits:
        if article not in best:
            best[article], further[article] = score, []
        elif len(further[article]) < further_max:
            further[article].append(score)
    return [(article, score, further[article]) for article, score in best.items()]


def fuse(question, s):
    fused = {}
    for leg in LEGS:
        hits = per_article(question, leg, s.further_passages)
        if not hits:
            continue
        best, worst = max(hits[0][1], 1e-9), hits[-1][1]

        def scaled(score):
            if leg != "vector":
                return score / best
            return 1 if best - worst < 1e-9 else (score - worst) / (best - worst)

        for rank, (article, score, further) in enumerate(hits, 1):
            if s.fusion == "rrf":
                contribution = getattr(s, leg) / (s.rrf_k + rank)
            else:
                contribution = scaled(score)
                if leg == "vector":
                    share = 1
                    for more in further:
                        share *= s.further
                        contribution += share * max(0, scaled(more))
                contribution *= getattr(s, leg)
            fused[article] = fused.get(article, 0) + contribution
    for signal in ("title", "centroid"):
        weight = getattr(s, signal)
        if weight and fused:
            values = {a: float(s.questions[question["question"]] @ s.articles[a][signal]) for a in fused}
            low, high = min(values.values()), max(values.values())
            for article, value in values.items():
                fused[article] += weight * (1 if high - low < 1e-9 else (value - low) / (high - low))
    return sorted(fused, key=lambda article: -fused[article])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("candidates")
    parser.add_argument("--fusion", choices=("score", "rrf"), default="score")
    parser.add_argument("--text", type=float, default=0.6)
    parser.add_argument("--typo", type=float, default=0.4)
    parser.add_argument("--vector", type=float, default=3.0)
    parser.add_argument("--further", type=float, default=0.5, help="further-passage weight")
    parser.add_argument("--further-passages", type=int, default=2)
    parser.add_argument("--rrf-k", type=int, default=60)
    parser.add_argument("--title", type=float, default=0, help="weight of the title vector's similarity")
    parser.add_argument("--centroid", type=float, default=0, help="weight of the chunks' mean vector's similarity")
    parser.add_argument("--articles", default="eval/kb/target/articles.jsonl")
    parser.add_argument("--embeddings", default="eval/kb/target/embeddings.bin")
    s = parser.parse_args()
    with open(s.candidates) as lines:
        questions = [json.loads(line) for line in lines if line.strip()]
    if s.title or s.centroid:
        s.articles = article_vectors(s.articles)
        s.questions = question_vectors(s.embeddings, [q["question"] for q in questions])
    n = recall1 = recall5 = mrr = 0
    for question in questions:
        if not question["expected"]:
            continue
        n += 1
        ranking = fuse(question, s)[:10]
        first = next((i for i, article in enumerate(ranking) if article in question["expected"]), -1)
        recall1 += first == 0
        recall5 += 0 <= first < 5
        mrr += 1 / (first + 1) if first >= 0 else 0
    print("%d answerable questions: recall@1 %.3f, recall@5 %.3f, MRR@10 %.3f" % (n, recall1 / n, recall5 / n, mrr / n))


if __name__ == "__main__":
    main()
