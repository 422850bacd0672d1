#!/usr/bin/env bash
# make demo: caravand on the bundled fixture site, then caravanctl against it.
set -euo pipefail
build=${1:-build}
port=${2:-18088}
rm -rf ./demo-data
"$build/bin/caravan-fixture-site" --root tests/fixtures/site --port "$port" &
site=$!
"$build/bin/caravand" --config etc/demo.yaml &
daemon=$!
trap 'kill $daemon $site 2>/dev/null; wait 2>/dev/null' EXIT INT TERM
start=$(date +%s%N)
for _ in $(seq 1 120); do
  n=$("$build/bin/caravanctl" docs list --format jsonl 2>/dev/null | wc -l || true)
  if [ "${n:-0}" -gt 0 ]; then
    echo "first document after $(( ($(date +%s%N) - start) / 1000000 )) ms"
    break
  fi
  sleep 0.5
done
sleep 5
echo
echo "\$ caravanctl docs list"
"$build/bin/caravanctl" docs list
echo
echo "\$ caravanctl status"
"$build/bin/caravanctl" status
echo
echo "caravand keeps crawling (status page: http://127.0.0.1:7071/). Try:"
echo "  $build/bin/caravanctl subscribe --omit-text"
echo "  $build/bin/caravanctl docs get <ID> --format text"
echo "Ctrl-C stops the demo."
wait $daemon
