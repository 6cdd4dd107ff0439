#!/usr/bin/env bash
# Runs the README's commands against a real aslworker dev server, as a user
# would: the quickstart, the aslctl walkthrough, the worker against an
# existing cluster, and the load harness.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(mktemp -d)
DATA=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$BIN" "$DATA"' EXIT
go build -o "$BIN/aslworker" ./cmd/aslworker
go build -o "$BIN/aslctl" ./cmd/aslctl

echo "-- quickstart: aslworker dev --example --exit"
"$BIN/aslworker" dev --example --exit --db "$DATA/quick.db" --port 17233 --ui-port 18233 | tee "$DATA/quick.out"
grep -q "namespaces/default/workflows/" "$DATA/quick.out"

echo "-- aslworker dev in the background, then the aslctl walkthrough"
"$BIN/aslworker" dev --db "$DATA/dev.db" --port 17233 --ui-port 18233 > "$DATA/dev.log" 2>&1 &
export TEMPORAL_ADDRESS=127.0.0.1:17233
for i in $(seq 1 120); do
  if "$BIN/aslctl" list > /dev/null 2>&1; then break; fi
  sleep 1
done
"$BIN/aslctl" validate examples/hello.asl.json
"$BIN/aslctl" start examples/hello.asl.json --input-file examples/hello.input.json --name readme-1 --wait
"$BIN/aslctl" list
"$BIN/aslctl" describe readme-1
"$BIN/aslctl" history readme-1
echo '{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}' > "$DATA/long.asl.json"
"$BIN/aslctl" start "$DATA/long.asl.json" --name readme-2
"$BIN/aslctl" stop readme-2 --error Manual --cause "stopped by hand"
"$BIN/aslctl" describe -o json readme-2 | tee "$DATA/stopped.json"
grep -q ABORTED "$DATA/stopped.json"

echo "-- a second worker pointed at the running cluster (runs for a few seconds)"
status=0
timeout 5s "$BIN/aslworker" --address 127.0.0.1:17233 --namespace default --task-queue aslworker-readme || status=$?
[ "$status" = 124 ] || { echo "the worker exited early with $status"; exit 1; }

echo "-- load harness, briefly, on the running server"
go run ./cmd/aslload -address 127.0.0.1:17233 -executions 20 -concurrency 5 -sequential 3
