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

run: site
	@echo "The help center is in public/ (open public/index.html)."

test: deps
	$(SWIFT) test

clean:
	rm -rf .build public var
