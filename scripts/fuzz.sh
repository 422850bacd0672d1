#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets of fuzz/ with clang in
# $BUILD_DIR (default build-fuzz) and runs each for $FUZZ_SECONDS seconds.
# Working corpora live in $BUILD_DIR/corpus/<target>, seeded from
# fuzz/regressions/<target>, the test fixtures, and ../shared when present
# (copied into $BUILD_DIR, never into the repository). Crash, timeout and
# OOM reproducers land in $BUILD_DIR/artifacts/<target>/; the exit status
# is 1 when any target found one.
#
#   FUZZ_SECONDS   seconds per target (default 300)
#   FUZZ_TARGETS   targets to run (default: all, in the order below)
#   FUZZ_SKIP_BUILD=1  run the binaries already built
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-300}
FUZZ_TARGETS=${FUZZ_TARGETS:-html pdf charset metadata robots url feed sitemap}
SHARED=${SHARED:-../shared}

if [ "${FUZZ_SKIP_BUILD:-}" != 1 ]; then
  ./scripts/install-deps.sh --fuzz
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    CC=clang CXX=clang++ cmake -G Ninja -S . -B "$BUILD_DIR" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCARAVAN_FUZZ=ON
  fi
  cmake --build "$BUILD_DIR"
fi

# Large pages make every execution slow; their first bytes carry most of
# what a mutation can use.
max_len() {
  case "$1" in
    html|charset) echo 65536 ;;
    # Head-sized: JSON-LD, meta tags and dates come early, and a smaller
    # input lets the date and JSON-LD parsers see many more mutations.
    metadata) echo 16384 ;;
    pdf) echo 262144 ;;
    *) echo 32768 ;;
  esac
}

# copy_seeds DIR FILES...: gunzips .gz pages (sitemaps keep theirs, gzip
# is a sitemap format) and cuts every file to the target's max_len.
copy_seeds() {
  local dir=$1 limit=$2
  shift 2
  local f name
  for f in "$@"; do
    [ -f "$f" ] || continue
    name=$(printf '%s' "$f" | md5sum | cut -c1-16)
    if [[ $f == *.gz && $dir != */sitemap ]]; then
      gzip -dc "$f" 2>/dev/null | head -c "$limit" > "$dir/$name" || true
    else
      head -c "$limit" "$f" > "$dir/$name"
    fi
  done
}

# jsonl_seeds DIR KEY[+KEY2] FILES...: one seed per JSON line, the value of
# KEY (and, NUL-separated, of KEY2, as the url target reads its input).
jsonl_seeds() {
  local dir=$1 keys=$2
  shift 2
  python3 - "$dir" "$keys" "$@" <<'PY'
import hashlib, json, os, sys
out, keys, files = sys.argv[1], sys.argv[2].split('+'), sys.argv[3:]
for path in files:
    for line in open(path, encoding='utf-8'):
        try:
            case = json.loads(line)
        except ValueError:
            continue
        vals = [case.get(k) for k in keys]
        if not isinstance(vals[0], str):
            continue
        data = '\0'.join(v for v in vals if isinstance(v, str)).encode('utf-8', 'surrogatepass')
        with open(os.path.join(out, hashlib.md5(data).hexdigest()[:16]), 'wb') as f:
            f.write(data)
PY
}

seed() {
  local t=$1 dir=$BUILD_DIR/seeds/$1 limit
  limit=$(max_len "$t")
  [ -d "$dir" ] && return
  mkdir -p "$dir"
  shopt -s nullglob globstar
  local html=(tests/extract/fixtures/* tests/fixtures/site/**/*.html)
  local pages=("$SHARED"/bench/extraction/data/pages/* "$SHARED"/testdata/articles/pages/**/*
               "$SHARED"/testdata/dates/pages/*)
  case "$t" in
    html|charset) copy_seeds "$dir" "$limit" "${html[@]}" "${pages[@]}" ;;
    metadata)
      copy_seeds "$dir" "$limit" "${html[@]}" "$SHARED"/testdata/dates/pages/*
      [ -d "$SHARED/testdata/feeds" ] && jsonl_seeds "$dir" input "$SHARED"/testdata/feeds/dates.jsonl ;;
    pdf) copy_seeds "$dir" "$limit" tests/**/*.pdf "$SHARED"/**/*.pdf ;;
    robots)
      copy_seeds "$dir" "$limit" tests/fixtures/site/robots.txt "$SHARED"/testdata/robots/files/**/*
      [ -d "$SHARED/testdata/robots" ] && jsonl_seeds "$dir" robots_txt "$SHARED"/testdata/robots/*.jsonl ;;
    url)
      [ -d "$SHARED/testdata/url" ] && jsonl_seeds "$dir" input+base "$SHARED"/testdata/url/*.jsonl ;;
    feed)
      copy_seeds "$dir" "$limit" tests/crawler/feed_fixtures/* tests/fixtures/site/feed/**/* \
        "$SHARED"/testdata/feeds/files/**/* ;;
    sitemap)
      copy_seeds "$dir" "$limit" tests/crawler/sitemap_fixtures/* tests/fixtures/site/sitemap.xml \
        "$SHARED"/testdata/sitemaps/files/**/* ;;
  esac
  shopt -u nullglob globstar
  return 0
}

# Reports inside uninstrumented system libraries that are known and
# harmless are listed, with why, in fuzz/asan.supp.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}suppressions=$PWD/fuzz/asan.supp"

found=0
summary=()
for t in $FUZZ_TARGETS; do
  bin=$BUILD_DIR/fuzz/${t}_fuzzer
  [ -x "$bin" ] || { echo "fuzz: no target $t ($bin)"; exit 1; }
  seed "$t"
  corpus=$BUILD_DIR/corpus/$t
  artifacts=$BUILD_DIR/artifacts/$t
  log=$BUILD_DIR/logs/$t.log
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  echo "fuzz: $t for ${FUZZ_SECONDS}s (log $log)"
  start=$BUILD_DIR/logs/$t.start
  touch "$start"
  began=$SECONDS
  # New inputs go to the first directory; the seeds are only read.
  nice -n 19 "$bin" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
    -max_len="$(max_len "$t")" -print_final_stats=1 -artifact_prefix="$artifacts/" \
    "$corpus" fuzz/regressions/"$t" "$BUILD_DIR/seeds/$t" > "$log" 2>&1 || true
  # A target that crashes on its first input prints no corpus line.
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  corp=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' "$log" | tail -1 || true)
  crashes=$(find "$artifacts" -type f -newer "$start" | wc -l)
  [ "$crashes" -gt 0 ] && found=1
  summary+=("$(printf '%-9s %5ss  execs %-10s corpus %-6s (%s) crashes %s' "$t" "$((SECONDS - began))" \
    "${execs:-?}" "$(find "$corpus" -type f | wc -l)" "${corp:-?}" "$crashes")")
done

echo
printf '%s\n' "${summary[@]}"
if [ "$found" = 1 ]; then
  echo "fuzz: reproducers in $BUILD_DIR/artifacts/; minimize with <target>_fuzzer -minimize_crash=1 FILE"
fi
exit "$found"
