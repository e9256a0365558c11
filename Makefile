# otplink: `make run` and `make test` are all a fresh machine needs.
SHELL := /bin/bash
SWIFT ?= swift
BIN := .build/debug

# Debian packages the build needs (headers and pkg-config files for the C libraries).
BUILD_DEBS := pkg-config libcmark-dev libsqlite3-dev

.PHONY: all deps build site run test clean

all: build

deps:
	@scripts/ensure-debs $(BUILD_DEBS)

build: deps
	$(SWIFT) build

site: build
	$(BIN)/helpgen build

run: build
	$(BIN)/helpgen build --base-url http://127.0.0.1:8080
	@scripts/run-demo

test: deps
	$(SWIFT) test
	@$(MAKE) --no-print-directory test-browser

clean:
	rm -rf .build public var

# --- Browser tests (issue 4): Chromium headless through WebDriver against the real server ---
# The suite (tests/browser/) builds the site for the server's origin, starts `otplink-api serve
# --public` on a free 127.0.0.1 port with a temporary data folder, seeds it through the admin API
# and stops it at the end. Screenshots of every step land in test-artifacts/browser/.
# fonts-nanum: Korean glyphs, so the ko page's screenshots are legible.
BROWSER_DEBS := chromium chromium-driver python3-selenium python3-pytest fonts-nanum
# Debian's python3 (where python3-selenium lives), not the first python3 on PATH.
SYSTEM_PYTHON := /usr/bin/python3

.PHONY: browser-deps test-browser readme-screenshots

browser-deps:
	@scripts/ensure-debs $(BROWSER_DEBS)

test-browser: deps browser-deps
	$(SWIFT) build
	OTPLINK_API_BIN=$(BIN)/otplink-api HELPGEN_BIN=$(BIN)/helpgen \
	  $(SYSTEM_PYTHON) -m pytest tests/browser -p no:cacheprovider -q -rfE

# README's pictures (docs/link-*.png) of the real page against the real server, 390 px wide.
readme-screenshots: deps browser-deps
	$(SWIFT) build
	OTPLINK_API_BIN=$(BIN)/otplink-api HELPGEN_BIN=$(BIN)/helpgen $(SYSTEM_PYTHON) tests/browser/readme_screenshots.py
