# kefu — two commands: `make run` and `make test`.
GO      ?= go
BIN     := bin/kefu
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X github.com/kefuhq/kefu/internal/app.Version=$(VERSION)
ADDR    ?= 127.0.0.1:8080
SHELL   := bash

.PHONY: all build web run test test-go test-e2e fuzz vet clean

all: build

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund

# The console is built into web/dist and embedded in the binary.
web: web/node_modules/.package-lock.json
	cd web && npm run build

build: web
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/kefu

# Start on the embedded SQLite database under ./data with demo data; prints the admin login.
run: build
	./$(BIN) serve --demo --addr $(ADDR)

vet:
	$(GO) vet ./...

# Every test: Go (storage tests on SQLite, and on PostgreSQL when
# KEFU_TEST_POSTGRES_URL is set) and the browser tests in Chromium.
test: build vet test-go fuzz test-e2e

# The full log goes to bin/go-test.log; the console shows each package, each
# storage subtest per engine, and the whole log when something fails.
test-go:
	@mkdir -p bin
	@status=0; $(GO) test -count=1 -v ./... > bin/go-test.log 2>&1 || status=$$?; \
	grep -E '^(ok|FAIL|\?) ' bin/go-test.log; \
	echo "storage subtests passed: sqlite $$(grep -cE -- '--- PASS: \S+/sqlite' bin/go-test.log), postgres $$(grep -cE -- '--- PASS: \S+/postgres' bin/go-test.log)"; \
	if [ $$status -ne 0 ]; then grep -vE '^(=== (RUN|PAUSE|CONT))' bin/go-test.log | grep -vE -- '--- PASS' | tail -n 300; fi; \
	exit $$status

# Every fuzz target (found in the *_test.go files) fuzzed for FUZZTIME each;
# `make test` gives each a short pass, `make fuzz FUZZTIME=10m` a long one.
# The seeds alone already run in test-go. Go 1.26's fuzzer can end a run that
# reached its -fuzztime with a bare "context deadline exceeded" when a worker
# is busy at that moment (golang/go#75804, fixed in Go 1.27): that run found
# nothing and is not a failure. A real failure writes its input to testdata.
FUZZTIME ?= 2s
fuzz:
	@grep -rlE '^func Fuzz' --include='*_test.go' internal | sort | while read -r f; do \
	  for name in $$(grep -oE '^func Fuzz[A-Za-z0-9_]+' "$$f" | cut -c6-); do \
	    echo "fuzz $$name ./$$(dirname $$f) for $(FUZZTIME)"; \
	    $(GO) test -run '^$$' -fuzz "^$$name$$" -fuzztime $(FUZZTIME) ./$$(dirname $$f) > bin/fuzz.log 2>&1 || { \
	      if grep -qx '    context deadline exceeded' bin/fuzz.log && ! grep -q 'Failing input written' bin/fuzz.log; then \
	        echo "  ended by the fuzzer's own deadline (golang/go#75804), no failing input"; \
	      else tail -n 60 bin/fuzz.log; exit 1; fi; }; \
	  done; \
	done

e2e/node_modules/.package-lock.json: e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund

test-e2e: build e2e/node_modules/.package-lock.json
	cd e2e && KEFU_BIN=$(CURDIR)/$(BIN) npm test

clean:
	rm -rf bin web/dist e2e/screenshots
