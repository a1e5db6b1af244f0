#!/usr/bin/env bash
# End-to-end benchmark of issue 2: seed at scale, serve, load over HTTP.
#   bench/run.sh sqlite   [UMKM] [PRODUCTS]
#   bench/run.sh postgres [UMKM] [PRODUCTS]   (uses database gerai_bench on 127.0.0.1)
# REUSE=1 skips seeding: on PostgreSQL it loads the existing gerai_bench, on
# SQLite the file named by SQLITE_FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-sqlite}; umkm=${2:-20000}; products=${3:-1000000}
work=$(mktemp -d /tmp/gerai-bench.XXXX)
go build -o "$work/gerai" ./cmd/gerai
go build -o "$work/loadgen" ./bench/loadgen
if [ "$db" = postgres ]; then
  admin='postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable'
  [ -n "${REUSE:-}" ] || psql "$admin" -qc 'DROP DATABASE IF EXISTS gerai_bench' -c 'CREATE DATABASE gerai_bench'
  dsn="postgres://postgres@127.0.0.1:5432/gerai_bench?sslmode=disable${PGEXTRA:-}"
else
  dsn="sqlite:${SQLITE_FILE:-$work/gerai.db}"
fi
echo "== machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== seed $umkm UMKM, $products products on $db"
[ -n "${REUSE:-}" ] || /usr/bin/time -f "seed: %e s wall, %M KB max RSS" "$work/gerai" seed --db "$dsn" --umkm "$umkm" --products "$products" --seed 1
[ "$db" = sqlite ] && ls -lh "${SQLITE_FILE:-$work/gerai.db}" | awk '{print "sqlite file: " $5}'
addr=127.0.0.1:18080
"$work/gerai" serve --db "$dsn" --addr "$addr" --media "$work/media" 2>"$work/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fs "http://$addr/healthz" >/dev/null && break; sleep 0.2; done
echo "== warm-up"
"$work/loadgen" -url "http://$addr" -scenario search -clients 16 -duration 5s >/dev/null
echo "== load (16 clients)"
"$work/loadgen" -url "http://$addr" -scenario search -clients 16 -duration 20s
"$work/loadgen" -url "http://$addr" -scenario product -clients 16 -duration 20s
echo "server RSS: now $(awk '/VmRSS/{print $2/1024 " MB"}' /proc/$pid/status), peak $(awk '/VmHWM/{print $2/1024 " MB"}' /proc/$pid/status)"
