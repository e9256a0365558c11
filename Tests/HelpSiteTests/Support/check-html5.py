#!/usr/bin/env python3
"""Checks that HTML files are well-formed HTML5 with html5lib (the WHATWG parsing algorithm): every
parse error it reports fails the file (the errors its strict mode raises on, all of them listed
instead of the first), and so does an id attribute used twice in a page.

Usage: check-html5.py FILE...   Prints one line per problem; exit status 1 when there is any."""
import sys

import html5lib
from html5lib.constants import E


def check(path):
    with open(path, "rb") as handle:
        data = handle.read()
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    document = parser.parse(data)
    problems = []
    for (line, column), code, params in parser.errors:
        message = E.get(code, code)
        try:
            message = message % params
        except (TypeError, KeyError):
            pass
        problems.append(f"{path}:{line}:{column}: {message}")
    seen = set()
    for element in document.iter():
        element_id = element.get("id") if hasattr(element, "get") else None
        if element_id is None:
            continue
        if element_id in seen:
            problems.append(f"{path}: the id \"{element_id}\" is used twice")
        seen.add(element_id)
    return problems


def main(paths):
    problems = [problem for path in paths for problem in check(path)]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
