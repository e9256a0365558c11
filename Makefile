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

# --- Help center (helpgen) ---
# HelpSiteTests check every generated page with html5lib (/usr/bin/python3, Debian's package).
HELPSITE_TEST_DEBS := python3-html5lib
.PHONY: helpsite-test-deps
helpsite-test-deps:
	@scripts/ensure-debs $(HELPSITE_TEST_DEBS)
test: helpsite-test-deps

site: deps
	$(SWIFT) build --product helpgen
	$(BIN)/helpgen build --site site --templates templates --output public

run: site
	@echo "The help center is in $(CURDIR)/public/ (open public/index.html; the authentication page is public/en/link/)."

test: deps
	$(SWIFT) test

clean:
	rm -rf .build public var

# --- mail (LinkMail) --------------------------------------------------------------------------
# The SMTP tests talk to a real SMTP server on 127.0.0.1 (aiosmtpd, for /usr/bin/python3) and make a
# throwaway TLS certificate with openssl.
MAIL_TEST_DEBS := python3-aiosmtpd openssl

.PHONY: mail-test-deps
test: mail-test-deps
mail-test-deps:
	@scripts/ensure-debs $(MAIL_TEST_DEBS)

# --- otplink-api: the verification API (`make serve` runs it alone; `make run` builds the site first) ---
run: serve
API_HOST ?= 127.0.0.1
API_PORT ?= 8080
API_DATA ?= var

.PHONY: serve
serve: build
	@echo "Verification API: http://$(API_HOST):$(API_PORT)/api/v1/ (contract: /api/v1/openapi.yaml, data: $(API_DATA)/, site: public/, Ctrl-C stops)"
	$(BIN)/otplink-api serve --host $(API_HOST) --port $(API_PORT) --data $(API_DATA)

# --- bench: helpgen vs Hugo, the API under wrk, the static page vs nginx (not part of `make test`) ---
# Writes bench/results/latest.md and latest.json and prints the table; see README, "Performance".
# Settings: BENCH_SIZES, BENCH_RUNS, BENCH_REBUILD_RUNS, BENCH_SECONDS, BENCH_WARMUP, BENCH_SEED (bench/run.py).
BENCH_DEBS := hugo wrk nginx time
.PHONY: bench bench-deps
bench-deps:
	@scripts/ensure-debs $(BENCH_DEBS)
bench: deps bench-deps
	$(SWIFT) build -c release
	python3 bench/run.py
