#!/usr/bin/env python3
"""Records what kb-service retrieves for each question of a question set, so the answer
evaluation (AnswerEvaluation in ai-rag-service) can replay it as often as it likes.

Starts the packaged kb-service against a database of its own (created here, dropped at exit),
behind a throwaway RS256 issuer served from a loopback port, imports the corpus through the
import API as an admin, waits until every article is embedded, then asks POST /api/v1/kb/retrieve
as an anonymous visitor would be answered (audience public) and as a signed-in customer.

    capture.py KB_JAR CORPUS_JSON QUESTIONS_JSONL OUT_JSON

Connection settings from PGHOST/PGPORT/PGUSER/PGPASSWORD and REDIS_HOST/REDIS_PORT.
"""
import base64
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

ISSUER = "https://identity.flowsupport.eval"
K = 30


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def uint(n):
    return b64(n.to_bytes((n.bit_length() + 7) // 8, "big"))


class Issuer:

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "eval-" + uuid.uuid4().hex
        numbers = self.key.public_key().public_numbers()
        jwks = json.dumps({"keys": [{"kty": "RSA", "kid": self.kid, "alg": "RS256", "use": "sig",
                                     "n": uint(numbers.n), "e": uint(numbers.e)}]}).encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(jwks)))
                self.end_headers()
                self.wfile.write(jwks)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.jwks_url = "http://127.0.0.1:%d/.well-known/jwks.json" % self.server.server_port

    def token(self, tenant, role):
        now = int(time.time())
        header = {"alg": "RS256", "typ": "JWT", "kid": self.kid}
        claims = {"iss": ISSUER, "aud": ["flowsupport"], "sub": str(uuid.uuid4()), "iat": now, "exp": now + 3600,
                  "jti": str(uuid.uuid4()), "tenant_id": tenant, "app_role": role, "role": "authenticated"}
        signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
        signature = self.key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        return signing_input + "." + b64(signature)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(database, sql):
    return subprocess.run(["psql", "-h", os.environ.get("PGHOST", "localhost"), "-p", os.environ.get("PGPORT", "5432"),
                           "-U", os.environ.get("PGUSER", "postgres"), "-d", database, "-tAX", "-c", sql],
                          check=True, capture_output=True, text=True).stdout.strip()


def call(url, token, body, timeout=600):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def main(kb_jar, corpus_path, questions_path, out_path):
    questions = [json.loads(line) for line in open(questions_path) if line.strip()]
    corpus = json.load(open(corpus_path))
    database = "flowsupport_aieval_%d" % int(time.time())
    host, port = os.environ.get("PGHOST", "localhost"), os.environ.get("PGPORT", "5432")
    user, password = os.environ.get("PGUSER", "postgres"), os.environ.get("PGPASSWORD", "")
    psql("postgres", "CREATE DATABASE %s" % database)
    issuer = Issuer()
    http_port, management_port = free_port(), free_port()
    redis = "redis://%s:%s" % (os.environ.get("REDIS_HOST", "localhost"), os.environ.get("REDIS_PORT", "6379"))
    jdbc = "jdbc:postgresql://%s:%s/%s" % (host, port, database)
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java")
    log = open(os.path.join(os.path.dirname(out_path), "kb-service.log"), "w")
    kb = subprocess.Popen([java, "-Xmx1g", "-jar", kb_jar, "--server.port=%d" % http_port,
                           "--management.server.port=%d" % management_port, "--spring.data.redis.url=" + redis,
                           "--flowsupport.redis.key-prefix=flowsupport-aieval-%s:" % database,
                           "--flowsupport.security.jwt.jwk-set-uri=" + issuer.jwks_url,
                           "--flowsupport.security.jwt.issuer=" + ISSUER, "--spring.datasource.url=" + jdbc,
                           "--flowsupport.db.bootstrap.enabled=true", "--flowsupport.db.bootstrap.admin-url=" + jdbc,
                           "--flowsupport.db.bootstrap.admin-username=" + user,
                           "--flowsupport.db.bootstrap.admin-password=" + password],
                          stdout=log, stderr=subprocess.STDOUT)
    try:
        base = "http://127.0.0.1:%d" % http_port
        deadline = time.time() + 240
        while True:
            if kb.poll() is not None:
                raise SystemExit("kb-service exited during startup; see its log beside " + out_path)
            try:
                urllib.request.urlopen("http://127.0.0.1:%d/actuator/health/readiness" % management_port, timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                if time.time() > deadline:
                    raise SystemExit("kb-service not ready after 240 s")
                time.sleep(1)
        tenant = str(uuid.uuid4())
        started = time.time()
        report = call(base + "/api/v1/kb/imports", issuer.token(tenant, "admin"), corpus)
        imported = report.get("imported", 0)
        print("Imported %d articles (%d refused) in %.0f s" % (imported, report.get("failed", 0), time.time() - started),
              flush=True)
        started, last = time.time(), -1
        while True:
            indexed = int(psql(database, "SELECT count(*) FROM kb.article WHERE tenant_id = '%s' "
                                         "AND index_status = 'indexed'" % tenant))
            if indexed >= imported:
                break
            if indexed != last:
                print("  embedded %d of %d articles" % (indexed, imported), flush=True)
                last = indexed
            time.sleep(10)
        print("Embedded in %.0f s" % (time.time() - started), flush=True)
        slugs = dict(line.split("|", 1) for line in
                     psql(database, "SELECT id || '|' || slug FROM kb.article WHERE tenant_id = '%s'" % tenant).splitlines())
        customer = issuer.token(tenant, "customer")
        records = []
        for question in questions:
            retrieval = call(base + "/api/v1/kb/retrieve", customer, {"query": question["question"][:1000], "k": K})
            records.append(dict(question, retrieval=retrieval))
        with open(out_path, "w") as out:
            json.dump({"k": K, "slugs": slugs, "questions": records}, out)
        print("Recorded %d retrievals in %s" % (len(records), out_path), flush=True)
    finally:
        kb.terminate()
        try:
            kb.wait(30)
        except subprocess.TimeoutExpired:
            kb.kill()
        issuer.server.shutdown()
        psql("postgres", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % database)


if __name__ == "__main__":
    main(*sys.argv[1:5])
