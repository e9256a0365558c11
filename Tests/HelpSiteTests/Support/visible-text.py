#!/usr/bin/env python3
"""Prints what a reader sees of a help page, as JSON {"text": ..., "cells": [[row cells], ...], "callouts": n}:
its text with whitespace normalised and the text of each table cell, read with html5lib (the WHATWG
parsing algorithm, as a browser reads it).

Usage: visible-text.py wordpress PAGE.json   the content.rendered of a WordPress REST page object
       visible-text.py built PAGE.html        the <article> of a page helpgen built, without its <h1>
                                              title, the callout titles and the list of child pages"""
import json
import re
import sys

import html5lib

BLOCKS = {"p", "div", "li", "ul", "ol", "td", "th", "tr", "table", "tbody", "thead", "h1", "h2", "h3", "h4",
          "h5", "h6", "br", "blockquote", "aside", "pre", "section", "article", "figure", "figcaption"}


def normalise(text):
    return re.sub(r"\s+", " ", text).strip()


def text_of(element, skip):
    parts = []

    def walk(node):
        if skip(node):
            return
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in BLOCKS:
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in BLOCKS:
            parts.append(" ")

    walk(element)
    return normalise("".join(parts))


def describe(root, skip):
    cells = [[text_of(cell, skip) for cell in row if cell.tag in ("td", "th")] for row in root.iter("tr")]
    callouts = sum(1 for node in root.iter() if "callout" in (node.get("class") or "").split())
    return {"text": text_of(root, skip), "cells": cells, "callouts": callouts}


def main(mode, path):
    if mode == "wordpress":
        with open(path, encoding="utf-8") as handle:
            page = json.load(handle)
        root = html5lib.parseFragment(page["content"]["rendered"], treebuilder="etree", namespaceHTMLElements=False)
        print(json.dumps(describe(root, lambda node: False)))
        return
    with open(path, "rb") as handle:
        document = html5lib.parse(handle.read(), treebuilder="etree", namespaceHTMLElements=False)
    article = document.find(".//article")
    title = article.find("h1")

    def skip(node):
        classes = (node.get("class") or "").split()
        return node is title or "callout-title" in classes or "child-pages" in classes

    print(json.dumps(describe(article, skip)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
