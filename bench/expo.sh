#!/usr/bin/env bash
# Issue 5: 200 expo cashiers sync 500 offline sales each at once; the report of 100,000 sales.
#   bench/expo.sh sqlite
#   bench/expo.sh postgres [PROCESSES]   (database gerai_expo on 127.0.0.1; PROCESSES gerai serve processes, default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-sqlite}; procs=${2:-1}
work=$(mktemp -d /tmp/gerai-expo.XXXX)
go build -o "$work/gerai" ./cmd/gerai
go build -o "$work/expo" ./bench/expo
if [ "$db" = postgres ]; then
  psql 'postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable' -qc 'DROP DATABASE IF EXISTS gerai_expo' -c 'CREATE DATABASE gerai_expo'
  dsn='postgres://postgres@127.0.0.1:5432/gerai_expo?sslmode=disable'
else
  dsn="sqlite:$work/gerai.db"; procs=1
fi
echo rahasia-admin | "$work/gerai" user create --db "$dsn" --email admin@bench.id --role admin --password-stdin >/dev/null
urls=""; pids=""
for i in $(seq 1 "$procs"); do
  port=$((18800 + i))
  GERAI_SIMULATOR=1 "$work/gerai" serve --db "$dsn" --addr 127.0.0.1:$port --media "$work/media" 2>>"$work/serve.log" &
  pids="$pids $!"; urls="$urls,http://127.0.0.1:$port"
done
trap 'kill $pids 2>/dev/null || true' EXIT
for i in $(seq 1 "$procs"); do
  for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$((18800 + i))/healthz" >/dev/null && break; sleep 0.2; done
done
"$work/expo" -url "${urls#,}" -db "$dsn" -cashiers "${CASHIERS:-200}" -sales "${SALES:-500}"
