#!/usr/bin/env bash
# Issue 3's flash sale: 2,000 concurrent checkouts of a product with 500 in stock.
#   bench/flashsale.sh sqlite
#   bench/flashsale.sh postgres [PROCESSES]   (database gerai_flash on 127.0.0.1; PROCESSES gerai serve processes, default 1)
#   GERAI_FLASH_PG="$(deploy/ha/cluster.sh dsn | sed 's|/gerai?.*||')" bench/flashsale.sh postgres   (the Patroni cluster)
# PAY=1 pays each order right after its checkout (the payment simulator), so
# every sale writes what a paid order writes, the dashboards' note included;
# GERAI_BENCH_SKIP_SALES_NOTES=1 leaves that note out (issue 13: what the
# roll-ups cost the flash sale).
# PROFILE=FILE writes a CPU profile of the first process during the burst
# (go tool pprof -top FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-sqlite}; procs=${2:-1}
work=$(mktemp -d /tmp/gerai-flash.XXXX)
go build -o "$work/gerai" ./cmd/gerai
go build -o "$work/flashsale" ./bench/flashsale
if [ "$db" = postgres ]; then
  # GERAI_FLASH_PG: another server (or a multi-host cluster, deploy/ha), as
  # postgres://USER:PASS@HOST:PORT[,HOST:PORT] with no database or query.
  pg=${GERAI_FLASH_PG:-postgres://postgres@127.0.0.1:5432}
  psql "$pg/postgres?sslmode=disable&target_session_attrs=read-write" -qc 'DROP DATABASE IF EXISTS gerai_flash' -c 'CREATE DATABASE gerai_flash'
  dsn="$pg/gerai_flash?sslmode=disable"
else
  dsn="sqlite:$work/gerai.db"; procs=1
fi
echo rahasia-admin | "$work/gerai" user create --db "$dsn" --email admin@bench.id --role admin --password-stdin >/dev/null
urls=""; pids=""
for i in $(seq 1 "$procs"); do
  port=$((18600 + i))
  pprof=""; [ -n "${PROFILE:-}" ] && [ "$i" = 1 ] && pprof=127.0.0.1:18699
  GERAI_PPROF_ADDR=$pprof GERAI_SIMULATOR=${PAY:+1} "$work/gerai" serve --db "$dsn" --addr 127.0.0.1:$port --media "$work/media" 2>>"$work/serve.log" &
  pids="$pids $!"; urls="$urls,http://127.0.0.1:$port"
done
trap 'kill $pids 2>/dev/null || true' EXIT
for i in $(seq 1 "$procs"); do
  for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$((18600 + i))/healthz" >/dev/null && break; sleep 0.2; done
done
profile=(); [ -n "${PROFILE:-}" ] && profile=(-pprof 127.0.0.1:18699 -cpuprofile "$PROFILE")
"$work/flashsale" -url "${urls#,}" -requests 2000 -stock 500 -buyers 200 ${PAY:+-pay} "${profile[@]}"
