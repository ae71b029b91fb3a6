#!/usr/bin/env python3
"""Seeds the demo tenant of `make run` through the public API, via the gateway only.

    scripts/demo/seed.py [--gateway http://localhost:8080]

The tenant "demo" with an admin, an agent, a customer and the AI agent user the autoresponder
replies as; a support group the bot hands over to (round-robin); the knowledge base of
scripts/demo/articles (published, public) once kb-service has embedded every article; AI settings
with the autoresponder on (auto); a chat widget channel. Idempotent: what exists is found and kept,
so a second run creates nothing. Finally it signs in as each demo person through the gateway and
asks the AI a question from the knowledge base, and prints the URLs and credentials.
Only the Python standard library is used.
"""
import argparse
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ARTICLES = Path(__file__).resolve().parent / "articles"
SLUG = "demo"
DOMAIN = "demo.example.com"
# Demo credentials: printed by `make run`, meant for a laptop and nothing else.
PEOPLE = {
    "admin": {"name": "Ada Admin", "email": f"admin@{DOMAIN}", "password": "demo-admin-passphrase"},
    "agent": {"name": "Alex Agent", "email": f"agent@{DOMAIN}", "password": "demo-agent-passphrase"},
    "customer": {"name": "Casey Customer", "email": f"customer@{DOMAIN}", "password": "demo-customer-passphrase"},
}
BOT = {"name": "FlowSupport AI", "email": f"ai-agent@{DOMAIN}"}
GROUP = "Support"
WIDGET = "Website chat"
EMBED_TIMEOUT = 600


class ApiError(Exception):
    pass


class Api:
    """JSON over HTTP to the gateway, with a bearer token once signed in."""

    def __init__(self, base, token=None):
        self.base = base.rstrip("/")
        self.token = token

    def call(self, method, path, body=None, expect=(200, 201, 204)):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", "Bearer " + self.token)
        for attempt in range(5):
            retry_after = None
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    status, text = response.status, response.read().decode()
            except urllib.error.HTTPError as error:
                status, text, retry_after = error.code, error.read().decode(), error.headers.get("Retry-After")
            if status == 429 and attempt < 4:
                time.sleep(int(retry_after or "2"))
                continue
            break
        if status not in expect:
            raise ApiError(f"{method} {path} answered {status}: {text[:400]}")
        return status, (json.loads(text) if text.strip() else None)

    def get(self, path):
        return self.call("GET", path)[1]

    def post(self, path, body):
        return self.call("POST", path, body)[1]

    def items(self, path):
        """Every item of a cursor-paginated list."""
        found, cursor = [], None
        while True:
            separator = "&" if "?" in path else "?"
            page = self.get(path + separator + "limit=100" + (f"&cursor={cursor}" if cursor else ""))
            found.extend(page["items"])
            cursor = page.get("nextCursor")
            if not cursor:
                return found


def step(message):
    print(f"  {message}", flush=True)


def login(gateway, person):
    status, answer = Api(gateway).call("POST", "/api/v1/auth/login",
                                       {"tenantSlug": SLUG, "email": person["email"], "password": person["password"]},
                                       expect=(200, 401))
    return Api(gateway, answer["accessToken"]) if status == 200 else None


def tenant_admin(gateway):
    admin = PEOPLE["admin"]
    signed_in = login(gateway, admin)
    if signed_in:
        step(f"tenant '{SLUG}' exists")
        return signed_in
    status, answer = Api(gateway).call("POST", "/api/v1/auth/signup", {
        "tenantName": "Demo Company", "tenantSlug": SLUG, "adminName": admin["name"],
        "adminEmail": admin["email"], "adminPassword": admin["password"]}, expect=(201, 409))
    if status == 409:
        raise ApiError(f"tenant '{SLUG}' exists, but {admin['email']} cannot sign in with the demo password; "
                       "reset the demo with: make stop; dropdb flowsupport; make run")
    step(f"tenant '{SLUG}' created")
    return Api(gateway, answer["accessToken"])


def user(api, role, person):
    existing = api.get(f"/api/v1/users?email={urllib.parse.quote(person['email'])}")["items"]
    if existing:
        return existing[0]["id"]
    body = {"email": person["email"], "name": person["name"], "role": role}
    if "password" in person:
        body["password"] = person["password"]
    created = api.post("/api/v1/users", body)
    step(f"{role} {person['email']} created")
    return created["id"]


def support_group(api, agent_id):
    group = next((g for g in api.items("/api/v1/groups") if g["name"] == GROUP), None)
    if group is None:
        group = api.post("/api/v1/groups", {"name": GROUP})
        step(f"group '{GROUP}' created")
    api.call("PUT", f"/api/v1/groups/{group['id']}/members/{agent_id}")
    api.call("PUT", f"/api/v1/routing/groups/{group['id']}", {"mode": "round_robin"})
    return group["id"]


def read_article(path):
    """A Markdown file with front matter (title, category, tags) as the import API takes it."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    meta = {}
    for line in front.strip().splitlines():
        key, value = line.split(":", 1)
        meta[key.strip()] = value.strip()
    tags = [t.strip() for t in meta.get("tags", "[]").strip("[]").split(",") if t.strip()]
    return {"title": meta["title"], "slug": path.stem, "body": body.strip() + "\n", "locale": "en",
            "visibility": "public", "status": "published", "tags": tags}, meta["category"]


def knowledge_base(api):
    articles = [read_article(path) for path in sorted(ARTICLES.glob("*.md"))]
    categories = {c["name"]: c["id"] for c in api.items("/api/v1/kb/categories")}
    for name in dict.fromkeys(category for _, category in articles):
        if name not in categories:
            categories[name] = api.post("/api/v1/kb/categories", {"name": name})["id"]
    existing = {a["slug"] for a in api.items("/api/v1/kb/articles")}
    missing = [dict(article, categoryId=categories[category])
               for article, category in articles if article["slug"] not in existing]
    if missing:
        report = api.post("/api/v1/kb/imports", {"articles": missing})
        if report["failed"]:
            refused = [item for item in report["items"] if not item["ok"]]
            raise ApiError(f"the knowledge base import refused {report['failed']} articles: {refused[:2]}")
        step(f"{len(missing)} articles imported into {len(categories)} categories")
    else:
        step(f"knowledge base has its {len(articles)} articles")
    ids = [a["id"] for a in api.items("/api/v1/kb/articles") if a["slug"] in {x["slug"] for x, _ in articles}]
    wait_until_embedded(api, ids)


def wait_until_embedded(api, ids):
    pending, started, shown = set(ids), time.monotonic(), None
    while pending:
        for article_id in list(pending):
            index = api.get(f"/api/v1/kb/articles/{article_id}")["index"]
            if index["status"] == "indexed":
                pending.discard(article_id)
            elif index["status"] == "failed":
                raise ApiError(f"kb-service could not embed article {article_id}: {index.get('error')}")
        done = len(ids) - len(pending)
        if done != shown:
            step(f"embedded {done}/{len(ids)} articles ({time.monotonic() - started:.0f}s)")
            shown = done
        if pending:
            if time.monotonic() - started > EMBED_TIMEOUT:
                raise ApiError(f"{len(pending)} articles not embedded after {EMBED_TIMEOUT}s; see .run/logs/kb-service.log")
            time.sleep(2)


def ai_settings(api, bot_id, group_id):
    api.call("PATCH", "/api/v1/ai/settings", {"mode": "auto", "agentUserId": bot_id, "handoverGroupId": group_id})
    step("AI autoresponder on (auto), handing over to the Support group")


def widget(api, gateway):
    channel = next((c for c in api.items("/api/v1/channels") if c["type"] == "widget" and c["name"] == WIDGET), None)
    if channel is None:
        channel = api.post("/api/v1/channels", {
            "type": "widget", "provider": "widget", "name": WIDGET, "botEnabled": True,
            "config": {"allowedOrigins": [gateway], "title": "Demo Company support",
                       "greeting": "Hi! Ask me anything about Demo Company's help center."}})
        step(f"widget channel '{WIDGET}' created")
    return channel


def verify(gateway):
    for role, person in PEOPLE.items():
        signed_in = login(gateway, person)
        if signed_in is None:
            raise ApiError(f"the demo {role} cannot sign in through the gateway")
        me = signed_in.get("/api/v1/users/me")
        step(f"signed in through the gateway as {role} {me['email']}")
    customer = login(gateway, PEOPLE["customer"])
    answer = customer.post("/api/v1/ai/answer", {"question": "How do I reset my password?"})
    cited = ", ".join(c["title"] for c in answer["citations"]) or "none"
    step(f"AI answer to 'How do I reset my password?': confidence {answer['confidence']:.2f}, cites: {cited}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gateway", default="http://localhost:8080")
    parser.add_argument("--summary", help="write the credentials and URLs to this file instead of printing them")
    arguments = parser.parse_args()
    gateway = arguments.gateway
    try:
        admin = tenant_admin(gateway)
        agent_id = user(admin, "agent", PEOPLE["agent"])
        user(admin, "customer", PEOPLE["customer"])
        bot_id = user(admin, "agent", BOT)
        group_id = support_group(admin, agent_id)
        knowledge_base(admin)
        ai_settings(admin, bot_id, group_id)
        channel = widget(admin, gateway)
        verify(gateway)
    except (ApiError, urllib.error.URLError, KeyError) as error:
        print(f"seed: {error}", file=sys.stderr)
        return 1
    summary = f"""
Demo tenant '{SLUG}' (sign in with tenantSlug "{SLUG}"):
  admin      {PEOPLE['admin']['email']:<28} {PEOPLE['admin']['password']}
  agent      {PEOPLE['agent']['email']:<28} {PEOPLE['agent']['password']}
  customer   {PEOPLE['customer']['email']:<28} {PEOPLE['customer']['password']}
  Help center       {gateway}/api/v1/help/{SLUG}/articles   (search: {gateway}/api/v1/help/{SLUG}/search?q=reset+password)
  Widget test page  {gateway}/widget/demo/{channel['widgetKey']}
  Widget embed      {channel['embedSnippet']}
"""
    if arguments.summary:
        Path(arguments.summary).write_text(summary, encoding="utf-8")
    else:
        print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
