# caravan: the two commands are `make run` and `make test`.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CONFIG ?= etc/caravan.yaml
DEMO_PORT ?= 18088

.PHONY: deps configure build run test demo bench bench-extract bench-crawl bench-freshness bench-dedup bench-store fuzz clean

deps:
	./scripts/install-deps.sh

configure: deps
	@if [ ! -f $(BUILD_DIR)/build.ninja ]; then \
	  cmake -G Ninja -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo; fi

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Crawl the bundled real sources; data in ./data, gRPC on 127.0.0.1:7070,
# status page on http://127.0.0.1:7071/.
run: build
	$(BUILD_DIR)/bin/caravand --config $(CONFIG)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 300

# The daemon against the bundled fixture site on loopback: no internet
# needed. Prints the documents as they arrive; Ctrl-C stops both.
demo: build
	./scripts/demo.sh $(BUILD_DIR) $(DEMO_PORT)

SHARED ?= ../shared

bench: bench-extract bench-crawl

# Main-text extraction on the shared evaluation set, caravan beside
# readability-lxml in the same run, one core each; then publication dates;
# then the speed of both on the shared date and article page sets; then
# both on the article set's text (token F1, standfirst counted as text).
bench-extract: build
	./scripts/install-deps.sh --bench
	@test -d $(SHARED)/bench/extraction || { echo "bench-extract: $(SHARED)/bench/extraction not found"; exit 1; }
	python3 $(SHARED)/bench/extraction/run.py --one-core \
	  --cmd "$(BUILD_DIR)/bin/caravanctl extract --batch" \
	  --cmd "/usr/bin/python3 $(SHARED)/bench/extraction/baselines/readability_lxml.py"
	$(BUILD_DIR)/tests/extract/extract_test --gtest_filter='Conformance.HtmldateDates'
	/usr/bin/python3 bench/extract/other_sets.py --shared $(SHARED) \
	  --cmd "$(BUILD_DIR)/bin/caravanctl extract --batch" \
	  --cmd "/usr/bin/python3 $(SHARED)/bench/extraction/baselines/readability_lxml.py"
	/usr/bin/python3 bench/extract/articles_f1.py --shared $(SHARED) \
	  --cmd "$(BUILD_DIR)/bin/caravanctl extract --batch" \
	  --cmd "/usr/bin/python3 $(SHARED)/bench/extraction/baselines/readability_lxml.py"

BENCH_SITES ?= 200
BENCH_PAGES ?= 100

# The frontier with a million URLs (time, peak RSS); then caravand and
# Scrapy crawling the same generated web of BENCH_SITES sites (127.0.1.x)
# x BENCH_PAGES articles on loopback, one after the other: pages/s into the
# store, peak RSS, CPU.
bench-crawl: build
	./scripts/install-deps.sh --bench
	$(BUILD_DIR)/bin/frontier_bench
	/usr/bin/python3 bench/crawl/run.py --build-dir $(BUILD_DIR) --sites $(BENCH_SITES) --pages $(BENCH_PAGES)

DEDUP_DOCS ?= 10000 100000 1000000
DEDUP_DIR ?= $(CURDIR)/data-bench-dedup

# Near-duplicate lookups as the store grows: for each of DEDUP_DOCS, stores
# that many generated articles (in DEDUP_DIR, emptied first and removed
# after; 1M takes about 3 GB and a few minutes), then times lookups of
# edited copies and of new articles. A sublinear index shows as flat times.
bench-dedup: build
	for n in $(DEDUP_DOCS); do $(BUILD_DIR)/bin/near_lookup_bench --docs $$n --dir $(DEDUP_DIR) || exit 1; done

STORE_DOCS ?= 1000000
STORE_DIR ?= $(CURDIR)/data-bench-store
# More bench/store/store_bench options, e.g. --queries 2000 --events 500000.
STORE_FLAGS ?=

# The store and the consumer API at STORE_DOCS generated documents (2-20 KB
# of text in en, ru, tr, kk, zh; 200 sources; in STORE_DIR, emptied first
# and removed after): ingest through DocumentStore::Put, search indexing
# through the feeder, then over loopback gRPC Subscribe with and without
# text, Get, filtered List pages and Search (p50, p99), bytes on disk per
# document and peak RSS, each beside its target. Prints figures, asserts no
# times. 1M takes over an hour (ingest about 45 min, search indexing more)
# and about 20 GB; STORE_DOCS=20000 a few minutes.
bench-store: build
	rm -rf $(STORE_DIR)
	$(BUILD_DIR)/bin/store_bench --docs $(STORE_DOCS) --dir $(STORE_DIR) $(STORE_FLAGS); \
	  rc=$$?; rm -rf $(STORE_DIR); exit $$rc

FRESH_SITES ?= 40
FRESH_ARCHIVE ?= 1000
FRESH_NEW ?= 5
FRESH_WINDOW ?= 120
FRESH_DELAY ?= 250ms
# More bench/freshness/run.py options, e.g. --legacy-config for a caravand
# without revisit_share, revisit_pages and politeness_key.
FRESH_FLAGS ?=

# How fast new publications reach the store: caravand crawls a generated
# web of FRESH_SITES sites (127.0.1.x) x FRESH_ARCHIVE archived articles on
# loopback; once the archive is stored and revisits run, FRESH_NEW new
# articles per site come out over FRESH_WINDOW seconds. Prints
# publish-to-stored latency, revisit share, per-host request rate and gaps,
# peak RSS, and the targets. About 10 minutes with the defaults.
bench-freshness: build
	/usr/bin/python3 bench/freshness/run.py --build-dir $(BUILD_DIR) --sites $(FRESH_SITES) \
	  --archive $(FRESH_ARCHIVE) --new-per-site $(FRESH_NEW) --new-window $(FRESH_WINDOW) \
	  --delay $(FRESH_DELAY) $(FRESH_FLAGS)

FUZZ_SECONDS ?= 300

# libFuzzer targets of fuzz/, built with clang in build-fuzz, each run for
# FUZZ_SECONDS (FUZZ_TARGETS="html pdf" picks some); prints execs, corpus
# size and crashes per target. See scripts/fuzz.sh.
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) ./scripts/fuzz.sh

clean:
	rm -rf $(BUILD_DIR)
