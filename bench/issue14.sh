#!/usr/bin/env bash
# Issue 14 §1 in one run: search, product page and flash sale on SQLite and on PostgreSQL 15, the latter with its
# stock configuration and with the one of docs/postgresql.md, on the same seeded data, side by side.
#
#   bench/issue14.sh                       # 1M products, 20k UMKM (about 25 min on a quiet 2-core machine)
#   PRODUCTS=100000 SECS=10 bench/issue14.sh   # a quick look (about 6 min)
#
# Needs: go, curl, and the Debian packages postgresql-15 and postgresql-15-rum (installed if missing; root).
# It starts its own PostgreSQL cluster (initdb into a temporary folder, 127.0.0.1:${PGPORT:-15442}), never the
# machine's own, and removes everything it made when it ends. It prints `uptime` beside every figure: figures
# measured while other work loads the machine are lower bounds of what the code can do.
set -euo pipefail
cd "$(dirname "$0")/.."
PRODUCTS=${PRODUCTS:-1000000}; UMKM=${UMKM:-$((PRODUCTS / 50))}; SECS=${SECS:-20}; PGPORT=${PGPORT:-15442}
PGBIN=/usr/lib/postgresql/15/bin
need=""
[ -x "$PGBIN/initdb" ] || need="$need postgresql-15"
[ -f /usr/share/postgresql/15/extension/rum.control ] || need="$need postgresql-15-rum"
command -v curl >/dev/null || need="$need curl"
if [ -n "$need" ]; then apt-get install -y -qq $need >/dev/null; fi

work=$(mktemp -d /tmp/gerai-issue14.XXXX); chmod 755 "$work" # the postgres user reaches its cluster inside
pids=()
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/pg/data/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$work/pg/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "building…"
go build -o "$work/gerai" ./cmd/gerai
go build -o "$work/loadgen" ./bench/loadgen
go build -o "$work/flashsale" ./bench/flashsale
load() { uptime | sed 's/.*load average: /load /'; }

# The cluster: stock settings, or (tuned) the ones of docs/postgresql.md, read from that page so that the script
# measures what the page ships.
mkdir -p "$work/pg"; [ "$(id -u)" = 0 ] && chown postgres "$work/pg"
as_pg "$PGBIN/initdb" -D "$work/pg/data" -A trust -U postgres >/dev/null
cat >>"$work/pg/data/postgresql.conf" <<EOF
port = $PGPORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$work/pg'
include_if_exists = '$work/pg/tuned.conf'
EOF
pg_start() { as_pg "$PGBIN/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w start >/dev/null; }
pg_stop() { as_pg "$PGBIN/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null; }
pg_config() { # stock | tuned
  if [ "$1" = tuned ]; then
    sed -n '/^    shared_buffers/,/^    max_wal_size/p' docs/postgresql.md | sed 's/^    //; s/ *#.*//' >"$work/pg/tuned.conf"
  else
    : >"$work/pg/tuned.conf"
  fi
  [ "$(id -u)" = 0 ] && chown postgres "$work/pg/tuned.conf"
  pg_stop 2>/dev/null || true; pg_start
}
pg_config stock
pgurl="postgres://postgres@127.0.0.1:$PGPORT"
psql -q "$pgurl/postgres" -c 'CREATE DATABASE gerai' -c 'CREATE DATABASE gerai_flash'

echo "seeding $PRODUCTS products, $UMKM UMKM, on both databases…  ($(load))"
for db in "sqlite:$work/gerai.db" "$pgurl/gerai?sslmode=disable"; do
  start=$(date +%s)
  "$work/gerai" seed --db "$db" --umkm "$UMKM" --products "$PRODUCTS" --seed 1 >/dev/null 2>&1
  echo "  ${db%%:*}: $(( $(date +%s) - start )) s"
done
psql -q "$pgurl/gerai" -c 'VACUUM ANALYZE'

port=18780
http() { # label dsn
  port=$((port + 1))
  "$work/gerai" serve --db "$2" --addr 127.0.0.1:$port --media "$work/media" >/dev/null 2>&1 & local pid=$!; pids+=("$pid")
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  "$work/loadgen" -url "http://127.0.0.1:$port" -scenario search -clients 16 -duration 5s >/dev/null 2>&1 || true # warm
  for sc in search product; do
    printf '%-22s %-8s %s   (%s)\n' "$1" "$sc" \
      "$("$work/loadgen" -url "http://127.0.0.1:$port" -scenario $sc -clients 16 -duration "${SECS}s" 2>&1 | tail -1 | sed 's/^[a-z]* *//')" "$(load)"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
flash() { # label dsn processes
  local urls="" fp=()
  echo rahasia-admin | "$work/gerai" user create --db "$2" --email admin@bench.id --role admin --password-stdin >/dev/null
  for i in $(seq 1 "$3"); do
    port=$((port + 1))
    "$work/gerai" serve --db "$2" --addr 127.0.0.1:$port --media "$work/media-f" >/dev/null 2>&1 & fp+=($!); pids+=($!)
    urls="$urls,http://127.0.0.1:$port"
    for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  done
  printf '%-22s flash    %s   (%s)\n' "$1" \
    "$("$work/flashsale" -url "${urls#,}" -requests 2000 -stock 500 -buyers 200 2>&1 | grep -E 'orders/s while selling|exact' | tr '\n' ' ')" "$(load)"
  kill "${fp[@]}"; wait "${fp[@]}" 2>/dev/null || true
}
fresh_flash_pg() { psql -q "$pgurl/postgres" -c 'DROP DATABASE gerai_flash' -c 'CREATE DATABASE gerai_flash'; }

echo "--- $PRODUCTS products, 16 clients, ${SECS}s each; $(nproc) cores"
http "sqlite" "sqlite:$work/gerai.db"
http "postgres stock" "$pgurl/gerai?sslmode=disable"
pg_config tuned
http "postgres tuned" "$pgurl/gerai?sslmode=disable"
rm -f "$work"/flash.db*
flash "sqlite" "sqlite:$work/flash.db" 1
flash "postgres tuned, 1 proc" "$pgurl/gerai_flash?sslmode=disable" 1
fresh_flash_pg
flash "postgres tuned, 3 proc" "$pgurl/gerai_flash?sslmode=disable" 3
pg_config stock; fresh_flash_pg
flash "postgres stock, 1 proc" "$pgurl/gerai_flash?sslmode=disable" 1
