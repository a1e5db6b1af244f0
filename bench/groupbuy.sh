#!/usr/bin/env bash
# Issue 4: 10,000 buyers join one beli-bareng campaign at once, pay, and it settles.
#   bench/groupbuy.sh sqlite
#   bench/groupbuy.sh postgres [PROCESSES]   (database gerai_groupbuy on 127.0.0.1; PROCESSES gerai serve processes, default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-sqlite}; procs=${2:-1}
work=$(mktemp -d /tmp/gerai-groupbuy.XXXX)
go build -o "$work/gerai" ./cmd/gerai
go build -o "$work/groupbuy" ./bench/groupbuy
if [ "$db" = postgres ]; then
  psql 'postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable' -qc 'DROP DATABASE IF EXISTS gerai_groupbuy' -c 'CREATE DATABASE gerai_groupbuy'
  dsn='postgres://postgres@127.0.0.1:5432/gerai_groupbuy?sslmode=disable'
else
  dsn="sqlite:$work/gerai.db"; procs=1
fi
echo rahasia-admin | "$work/gerai" user create --db "$dsn" --email admin@bench.id --role admin --password-stdin >/dev/null
urls=""; pids=""
for i in $(seq 1 "$procs"); do
  port=$((18700 + i))
  GERAI_SIMULATOR=1 "$work/gerai" serve --db "$dsn" --addr 127.0.0.1:$port --media "$work/media" 2>>"$work/serve.log" &
  pids="$pids $!"; urls="$urls,http://127.0.0.1:$port"
done
trap 'kill $pids 2>/dev/null || true' EXIT
for i in $(seq 1 "$procs"); do
  for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$((18700 + i))/healthz" >/dev/null && break; sleep 0.2; done
done
"$work/groupbuy" -url "${urls#,}" -db "$dsn" -buyers "${BUYERS:-10000}"
