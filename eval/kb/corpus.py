#!/usr/bin/env python3
"""Turns the PostgreSQL 15 manual as Debian ships it (postgresql-doc-15) into a knowledge-base
import: one article per HTML page, titled as the page, its text as Markdown with the page's
section headings. Navigation, tables of contents and release notes are left out.

    corpus.py /usr/share/doc/postgresql-doc-15/html > corpus.json
"""
import html
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

SKIP_PAGES = re.compile(r"^(release-.*|bookindex|index|legalnotice|biblio|acronyms|appendix-obsolete.*)\.html$")
SKIP_CLASSES = {"navheader", "navfooter", "toc", "list-of-tables", "list-of-examples", "list-of-figures"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
BLOCKS = {"p", "pre", "li", "dt", "dd", "tr", "div", "table", "blockquote", "h1", "h2", "h3", "h4", "h5"}
ADMONITIONS = {"Tip", "Note", "Warning", "Caution", "Important"}
NUMBERING = re.compile(r"^\s*([A-Z]?\.?[0-9]+(\.[0-9]+)*\.|[IVX]+\.|Chapter [0-9]+\.|Part [IVX]+\.|Appendix [A-Z]\.)\s*")


class Page(HTMLParser):

    def __init__(self, skip_classes=SKIP_CLASSES):
        super().__init__(convert_charrefs=True)
        self.skip_classes = skip_classes
        self.title = ""
        self.in_title = False
        self.skip_depth = 0
        self.stack = []
        self.lines = []
        self.current = []
        self.heading = None
        self.in_pre = False

    def handle_starttag(self, tag, attrs):
        classes = set((dict(attrs).get("class") or "").split())
        if tag in ("div", "table", "dl", "ul") or self.skip_depth:
            skipping = bool(classes & self.skip_classes) or self.skip_depth > 0
            self.stack.append((tag, skipping))
            if skipping:
                self.skip_depth += 1
        if tag == "title":
            self.in_title = True
        if self.skip_depth:
            return
        if tag in HEADINGS:
            self.flush()
            self.heading = HEADINGS[tag]
        elif tag in BLOCKS:
            self.flush()
            self.in_pre = tag == "pre"

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if self.stack and (tag in ("div", "table", "dl", "ul") or self.skip_depth) and self.stack[-1][0] == tag:
            _, skipping = self.stack.pop()
            if skipping:
                self.skip_depth -= 1
                return
        if self.skip_depth:
            return
        if tag in HEADINGS or tag in BLOCKS:
            self.flush()

    def handle_data(self, data):
        if self.in_title:
            self.title += data
            return
        if not self.skip_depth:
            self.current.append(data)

    def flush(self):
        text = "".join(self.current)
        self.current = []
        if self.in_pre:
            text = text.strip("\n")
        else:
            text = re.sub(r"\s+", " ", text).strip()
        if text:
            if self.heading and text in ADMONITIONS:
                self.lines.append("**" + text + ":**")
            elif self.heading:
                level = max(2, self.heading)
                self.lines.append("#" * level + " " + NUMBERING.sub("", text))
            elif self.in_pre:
                self.lines.append("```\n" + text + "\n```")
            else:
                self.lines.append(text)
        self.heading = None
        self.in_pre = False


def article(path, skip_classes=SKIP_CLASSES):
    page = Page(skip_classes)
    page.feed(path.read_text(encoding="utf-8"))
    page.flush()
    title = NUMBERING.sub("", re.sub(r"\s+", " ", html.unescape(page.title))).strip()
    lines = page.lines
    # The page's own title comes back as its first heading.
    if lines and lines[0].lstrip("# ").strip() == title:
        lines = lines[1:]
    body = "\n\n".join(lines)
    if not body and "toc" in skip_classes:
        # A chapter's landing page is only its table of contents: that is what it says.
        return article(path, SKIP_CLASSES - {"toc"})
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return {"title": title[:300], "body": body[:200000], "slug": slug, "status": "published",
            "visibility": "public", "tags": ["postgresql"]}


def main():
    root = Path(sys.argv[1])
    pages = sorted(p for p in root.glob("*.html") if not SKIP_PAGES.match(p.name))
    articles = [a for a in (article(p) for p in pages) if a["title"]]
    json.dump({"articles": articles}, sys.stdout)


if __name__ == "__main__":
    main()
