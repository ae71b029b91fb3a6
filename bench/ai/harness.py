#!/usr/bin/env python3
"""What bench.py needs to run the services on their own: a throwaway RS256 token issuer serving its
key as JWKS from a loopback port, free ports, psql and JSON POST helpers. Connection settings from
PGHOST/PGPORT/PGUSER/PGPASSWORD."""
import base64
import http.server
import json
import os
import socket
import subprocess
import threading
import time
import urllib.request
import uuid

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

ISSUER = "https://identity.flowsupport.bench"


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def uint(n):
    return b64(n.to_bytes((n.bit_length() + 7) // 8, "big"))


class Issuer:

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "bench-" + uuid.uuid4().hex
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
