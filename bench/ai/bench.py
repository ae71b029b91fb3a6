#!/usr/bin/env python3
"""Answer latency of ai-rag-service with the extractive generator (no language model), end to end:
a customer's POST /api/v1/ai/answer, which retrieves through the real kb-service (hybrid search with
the in-process embedding model) and composes the cited answer or abstains.

Starts the packaged kb-service and ai-rag-service against a database of their own (dropped at exit),
behind a throwaway RS256 issuer, imports ARTICLES articles of the evaluation corpus (the PostgreSQL
manual) through kb-service's import API, waits until they are embedded, warms both services up,
then sends the customer-style questions of the evaluation at fixed RATES per second, SECONDS each
(open loop: each latency counts from when the request was due, so stalls are not hidden), and the
same questions to kb-service's retrieval alone, so the AI's own share shows; then each question
twice more one request at a time (service time, no queueing). kb-service runs with its cache off and
ai-rag-service has none, so every answer embeds its question and searches; the language model is off
(provider none) whatever the environment says.

    bench.py AI_JAR KB_JAR CORPUS_JSON QUESTIONS_JSONL OUT_DIR
"""
import concurrent.futures
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid

import harness

ARTICLES = int(os.environ.get("ARTICLES", "300"))
RATES = [float(rate) for rate in os.environ.get("RATES", "5 20").split()]
SECONDS = int(os.environ.get("SECONDS", "60"))
WARMUP = int(os.environ.get("WARMUP_SECONDS", "30"))
EMBED_TIMEOUT = int(os.environ.get("EMBED_TIMEOUT_SECONDS", "3600"))


def start(java, jar, name, http_port, management_port, jdbc, redis, prefix, issuer, out, extra):
    user, password = os.environ.get("PGUSER", "postgres"), os.environ.get("PGPASSWORD", "")
    log = open(os.path.join(out, name + ".log"), "w")
    return subprocess.Popen([java, "-Xmx1g", "-jar", jar, "--server.port=%d" % http_port,
                             "--management.server.port=%d" % management_port, "--spring.data.redis.url=" + redis,
                             "--flowsupport.redis.key-prefix=" + prefix,
                             "--flowsupport.security.jwt.jwk-set-uri=" + issuer.jwks_url,
                             "--flowsupport.security.jwt.issuer=" + harness.ISSUER, "--spring.datasource.url=" + jdbc,
                             "--flowsupport.db.bootstrap.enabled=true", "--flowsupport.db.bootstrap.admin-url=" + jdbc,
                             "--flowsupport.db.bootstrap.admin-username=" + user,
                             "--flowsupport.db.bootstrap.admin-password=" + password] + extra,
                            stdout=log, stderr=subprocess.STDOUT)


def ready(process, management_port, name):
    deadline = time.time() + 240
    while True:
        if process.poll() is not None:
            raise SystemExit(name + " exited during startup; see its log")
        try:
            urllib.request.urlopen("http://127.0.0.1:%d/actuator/health/readiness" % management_port, timeout=2)
            return
        except Exception:
            if time.time() > deadline:
                raise SystemExit(name + " not ready after 240 s")
            time.sleep(1)


def post(url, token, body):
    """Whether the call answered 200."""
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return response.status == 200
    except Exception:
        return False


def load(url, token, bodies, rate, seconds):
    """Open loop at a fixed rate; latencies in ms from when each request was due."""
    latencies, failures = [], 0
    interval = 1.0 / rate
    total = int(rate * seconds)
    begin = time.perf_counter() + 0.5

    def one(i):
        due = begin + i * interval
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        ok = post(url, token, bodies[i % len(bodies)])
        return (time.perf_counter() - due) * 1000, ok

    with concurrent.futures.ThreadPoolExecutor(max_workers=32) as pool:
        for latency, ok in pool.map(one, range(total)):
            latencies.append(latency)
            failures += 0 if ok else 1
    return latencies, failures


def sequential(url, token, bodies):
    """One request at a time: latencies in ms of each call alone."""
    latencies, failures = [], 0
    for body in bodies:
        start = time.perf_counter()
        ok = post(url, token, body)
        latencies.append((time.perf_counter() - start) * 1000)
        failures += 0 if ok else 1
    return latencies, failures


def percentile(values, p):
    """Nearest rank: the smallest value with at least p% of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, -(-len(ordered) * p // 100) - 1))]


def main(ai_jar, kb_jar, corpus_path, questions_path, out):
    questions = [json.loads(line)["question"] for line in open(questions_path) if line.strip()]
    corpus = json.load(open(corpus_path))
    # The articles the questions expect first, then others: a knowledge base where answers exist.
    wanted = {slug for line in open(questions_path) if line.strip() for slug in json.loads(line)["expected"]}
    articles = [a for a in corpus["articles"] if a.get("slug") in wanted]
    articles += [a for a in corpus["articles"] if a.get("slug") not in wanted][:max(0, ARTICLES - len(articles))]
    database = "flowsupport_aibench_%d" % int(time.time())
    host, port = os.environ.get("PGHOST", "localhost"), os.environ.get("PGPORT", "5432")
    harness.psql("postgres", "CREATE DATABASE %s" % database)
    jdbc = "jdbc:postgresql://%s:%s/%s" % (host, port, database)
    redis = "redis://%s:%s" % (os.environ.get("REDIS_HOST", "localhost"), os.environ.get("REDIS_PORT", "6379"))
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java")
    issuer = harness.Issuer()
    kb_port, kb_mgmt, ai_port, ai_mgmt = (harness.free_port() for _ in range(4))
    prefix = "flowsupport-aibench-%s:" % database
    kb = start(java, kb_jar, "kb-service", kb_port, kb_mgmt, jdbc, redis, prefix, issuer, out,
               ["--flowsupport.kb.cache.enabled=false"])
    ai = None
    try:
        ready(kb, kb_mgmt, "kb-service")
        ai = start(java, ai_jar, "ai-rag-service", ai_port, ai_mgmt, jdbc, redis, prefix, issuer, out,
                   ["--flowsupport.rag.kb-url=http://127.0.0.1:%d" % kb_port, "--flowsupport.rag.llm.provider=none"])
        tenant = str(uuid.uuid4())
        report = harness.call("http://127.0.0.1:%d/api/v1/kb/imports" % kb_port, issuer.token(tenant, "admin"),
                              {"articles": articles})
        imported = report.get("imported", 0)
        print("Imported %d articles (%d refused); embedding..." % (imported, report.get("failed", 0)), flush=True)
        started = time.time()
        while True:
            indexed = int(harness.psql(database, "SELECT count(*) FROM kb.article WHERE tenant_id = '%s' AND "
                                                 "index_status = 'indexed'" % tenant))
            if indexed >= imported:
                break
            if time.time() - started > EMBED_TIMEOUT:
                raise SystemExit("only %d of %d articles embedded after %d s" % (indexed, imported, EMBED_TIMEOUT))
            print("  %s embedded %d of %d articles" % (time.strftime("%H:%M:%S"), indexed, imported), flush=True)
            time.sleep(10)
        print("Embedded in %.0f s" % (time.time() - started), flush=True)
        chunks = harness.psql(database, "SELECT count(*) FROM kb.chunk WHERE tenant_id = '%s'" % tenant)
        ready(ai, ai_mgmt, "ai-rag-service")
        token = issuer.token(tenant, "customer")
        answer_url = "http://127.0.0.1:%d/api/v1/ai/answer" % ai_port
        retrieve_url = "http://127.0.0.1:%d/api/v1/kb/retrieve" % kb_port
        # The questions as customers wrote them: kb-service's cache is off, so a repeated question is
        # embedded and searched again, as a new one would be.
        def bodies(kind, count):
            repeated = (questions * (count // len(questions) + 1))[:count]
            if kind == "answer":
                return [{"question": q} for q in repeated]
            return [{"query": q, "k": 8} for q in repeated]
        print("Warming up for %d s" % WARMUP, flush=True)
        load(answer_url, token, bodies("answer", int(RATES[0] * WARMUP)), RATES[0], WARMUP)
        load(retrieve_url, token, bodies("retrieve", int(RATES[0] * WARMUP)), RATES[0], WARMUP)
        results = {}
        for rate in RATES:
            for name, url, kind in (("answer (ai-rag-service, extractive)", answer_url, "answer"),
                                    ("retrieval alone (kb-service)", retrieve_url, "retrieve")):
                print("%s: %g req/s for %d s" % (name, rate, SECONDS), flush=True)
                results["%s, %g req/s" % (name, rate)] = load(url, token, bodies(kind, int(rate * SECONDS)), rate,
                                                              SECONDS)
        for name, url, kind in (("answer (ai-rag-service, extractive)", answer_url, "answer"),
                                ("retrieval alone (kb-service)", retrieve_url, "retrieve")):
            print("%s: one at a time" % name, flush=True)
            results["%s, one at a time" % name] = sequential(url, token, bodies(kind, 2 * len(questions)))
        outcome = harness.psql(database, "SELECT string_agg(k || ' ' || n, ', ') FROM (SELECT CASE WHEN abstained"
                                         " THEN 'abstained (' || coalesce(reason, '?') || ')' ELSE 'answered by ' || generator"
                                         " END AS k, count(*) AS n FROM rag.answer GROUP BY 1 ORDER BY 1) s")
        lines = ["%d articles, %s chunks, %d distinct questions; open loop for %d s at the rate shown, then each"
                 " question twice one at a time" % (imported, chunks, len(questions), SECONDS),
                 "%-58s %8s %8s %8s %8s %8s %9s" % ("", "requests", "p50 ms", "p95 ms", "p99 ms", "max ms",
                                                    "failures")]
        for name, (latencies, failures) in results.items():
            lines.append("%-58s %8d %8.1f %8.1f %8.1f %8.1f %9d" % (name, len(latencies), statistics.median(latencies),
                                                                    percentile(latencies, 95),
                                                                    percentile(latencies, 99), max(latencies),
                                                                    failures))
        lines.append("Answers recorded by ai-rag-service (warm-up included): %s" % outcome)
        text = "\n".join(lines)
        print(text, flush=True)
        with open(os.path.join(out, "report.txt"), "w") as f:
            f.write(text + "\n")
    finally:
        for process in (ai, kb):
            if process is not None:
                process.terminate()
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
        issuer.server.shutdown()
        harness.psql("postgres", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % database)


if __name__ == "__main__":
    main(*sys.argv[1:6])
