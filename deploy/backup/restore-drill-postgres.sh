#!/usr/bin/env bash
# Restore drill for PostgreSQL (issue 14 §4): continuous archiving with
# pgBackRest, then a point-in-time restore into a fresh cluster, checked
# against the source.
#
#   deploy/backup/restore-drill-postgres.sh            # target: a named restore point
#   TARGET_TYPE=time deploy/backup/restore-drill-postgres.sh   # target: a time
#
# What it does, all on loopback and under $RUN (default /tmp/gerai-drill):
#   1. a throw-away PostgreSQL 15 cluster (initdb into $RUN/src, port 25432) with
#      archive_mode=on and archive_command = pgbackrest archive-push, and a
#      pgBackRest repository in $RUN/repo;
#   2. Gerai loaded into it: gerai migrate, gerai seed --umkm 200 --products 2000
#      --order-lines 5000;
#   3. a full backup; then orders through the API (gerai serve, curl);
#   4. the target: counts and a fingerprint of every order (id, total, status)
#      noted, then a named restore point (or the time) taken;
#   5. after the target: three of those orders cancelled, more orders and an account;
#   6. the source stopped, and pgbackrest restore --type=name|time into a
#      FRESH cluster ($RUN/dst, port 25433), started and promoted;
#   7. checks: the counts of orders, order_items, users and products and the
#      orders' fingerprint equal the source's at the target, a sample of orders
#      is shown side by side (the cancelled ones unpaid again), and nothing written
#      after the target is there.
# Prints PASS or FAIL with the backup's size and the backup and restore seconds,
# and removes everything it made (KEEP=1 keeps $RUN to look at).
#
# Needs: Debian's postgresql-15 and pgbackrest, curl, python3 and Go (to build
# gerai); the missing Debian packages are installed with apt-get. It never
# touches the cluster on port 5432.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUN=${RUN:-/tmp/gerai-drill}
SRC_PORT=${SRC_PORT:-25432}
DST_PORT=${DST_PORT:-25433}
API_PORT=${API_PORT:-28432}
TARGET_TYPE=${TARGET_TYPE:-name}
PGBIN=/usr/lib/postgresql/15/bin
STANZA=gerai
case "$TARGET_TYPE" in name|time) ;; *) echo "TARGET_TYPE is name or time" >&2; exit 2 ;; esac

need=()
[ -x "$PGBIN/initdb" ] || need+=(postgresql-15)
command -v pgbackrest >/dev/null || need+=(pgbackrest)
command -v curl >/dev/null || need+=(curl)
command -v python3 >/dev/null || need+=(python3)
command -v psql >/dev/null || need+=(postgresql-client-15)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

# PostgreSQL refuses to run as root: as root, the clusters and pgBackRest run
# as the postgres account, which then owns $RUN.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PG_USER=$([ "$(id -u)" = 0 ] && echo postgres || id -un)

serve_pid=""
cleanup() {
  set +e
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
  for d in "$RUN/src" "$RUN/dst"; do
    [ -f "$d/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$d" -m immediate stop >/dev/null 2>&1
  done
  if [ "${KEEP:-}" = 1 ]; then echo "kept $RUN"; else rm -rf "$RUN"; fi
}
trap cleanup EXIT

for p in "$SRC_PORT" "$DST_PORT" "$API_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "port $p is in use" >&2; exit 1; fi
done
[ -e "$RUN" ] && { echo "$RUN exists (an earlier drill?): remove it first" >&2; exit 1; }
mkdir -p "$RUN"/{sock,repo,log,spool,lock}
go build -o "$RUN/gerai" ./cmd/gerai
[ "$(id -u)" = 0 ] && chown -R postgres: "$RUN"

conf="$RUN/pgbackrest.conf"
as_pg tee "$conf" >/dev/null <<EOF
[global]
repo1-path=$RUN/repo
repo1-retention-full=1
log-path=$RUN/log
lock-path=$RUN/lock
spool-path=$RUN/spool
log-level-console=warn
compress-type=lz4
start-fast=y
process-max=2

[$STANZA]
pg1-path=$RUN/src
pg1-port=$SRC_PORT
pg1-socket-path=$RUN/sock
pg1-user=$PG_USER
EOF
pgbr() { as_pg pgbackrest --config="$conf" --stanza="$STANZA" "$@"; }
sql() { psql "postgres://$PG_USER@127.0.0.1:$1/gerai?sslmode=disable" -XAtqc "$2"; }

echo "== source cluster on 127.0.0.1:$SRC_PORT, archiving to $RUN/repo"
as_pg "$PGBIN/initdb" -D "$RUN/src" -U "$PG_USER" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg tee -a "$RUN/src/postgresql.conf" >/dev/null <<EOF
port = $SRC_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$RUN/sock'
wal_level = replica
archive_mode = on
archive_command = 'pgbackrest --config=$conf --stanza=$STANZA archive-push %p'
max_wal_senders = 3
EOF
as_pg "$PGBIN/pg_ctl" -D "$RUN/src" -l "$RUN/src.log" -w start >/dev/null
pgbr stanza-create
pgbr check
psql "postgres://$PG_USER@127.0.0.1:$SRC_PORT/postgres?sslmode=disable" -XAtqc 'CREATE DATABASE gerai' >/dev/null
DSN="postgres://$PG_USER@127.0.0.1:$SRC_PORT/gerai?sslmode=disable"

echo "== Gerai: migrate and seed"
"$RUN/gerai" migrate --db "$DSN"
"$RUN/gerai" seed --db "$DSN" --umkm 200 --products 2000 --order-lines 5000 2>/dev/null

echo "== full backup"
t0=$(date +%s.%N)
pgbr --type=full backup
backup_s=$(python3 -c "print(f'{$(date +%s.%N) - $t0:.1f}')")
read -r backup_size db_size < <(pgbr info --output=json | python3 -c '
import json, sys
b = json.load(sys.stdin)[0]["backup"][-1]["info"]
print(b["repository"]["size"], b["size"])')

echo "== orders through the API"
echo rahasia-drill | "$RUN/gerai" user create --db "$DSN" --email admin@drill.id --role admin --password-stdin >/dev/null
"$RUN/gerai" serve --db "$DSN" --addr "127.0.0.1:$API_PORT" --media "$RUN/media" 2>>"$RUN/serve.log" &
serve_pid=$!
API="http://127.0.0.1:$API_PORT/api/v1"
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$API_PORT/healthz" >/dev/null && break; sleep 0.2; done
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
buyer() { # buyer EMAIL -> a session token
  curl -fsS -X POST "$API/accounts" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"rahasia-drill\",\"name\":\"Pembeli\",\"role\":\"buyer\"}" >/dev/null
  curl -fsS -X POST "$API/sessions" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"rahasia-drill\"}" | json '["token"]'
}
mapfile -t products < <(sql "$SRC_PORT" "SELECT p.id FROM products p JOIN umkm u ON u.id = p.umkm_id
  WHERE p.listed AND u.status = 'verified' AND p.stock >= 100 ORDER BY p.id LIMIT 20")
[ ${#products[@]} -gt 0 ] || { echo "FAIL: the seed has no product to order"; exit 1; }
checkouts() { # checkouts TOKEN N PREFIX -> the new orders' ids, one a line
  for i in $(seq 1 "$2"); do
    curl -fsS -X POST "$API/checkout" -H 'Content-Type: application/json' -H "Authorization: Bearer $1" \
      -H "Idempotency-Key: $3-$i" -d "{\"items\":[{\"product_id\":${products[$((i % ${#products[@]}))]},\"quantity\":$((1 + i % 3))}],
        \"delivery\":{\"method\":\"pickup\"},\"address\":{\"name\":\"Pembeli\",\"phone\":\"081234567890\",\"regency_code\":\"32.73\"},
        \"payment_provider\":\"transfer\"}" | json '["orders"][0]["id"]'
  done
}
token=$(buyer pembeli-a@drill.id)
checkouts "$token" 40 before >"$RUN/orders-before.txt"

# The state at the target: counts and a fingerprint of every order.
state() {
  sql "$1" "SELECT (SELECT COUNT(*) FROM orders) || ' ' || (SELECT COUNT(*) FROM order_items) || ' ' ||
    (SELECT COUNT(*) FROM users) || ' ' || (SELECT COUNT(*) FROM products) || ' ' ||
    (SELECT md5(string_agg(id || ':' || total || ':' || status, ',' ORDER BY id)) FROM orders)"
}
# The sample: five seeded orders and the first three made through the API,
# which are cancelled after the target.
cancelled=$(head -3 "$RUN/orders-before.txt")
sample_ids=$(sql "$SRC_PORT" "SELECT string_agg(id::text, ',') FROM (SELECT id FROM orders ORDER BY md5(id::text) LIMIT 5) s"),$(echo $cancelled | tr ' ' ,)
sample() { sql "$1" "SELECT id || ' ' || total || ' ' || status FROM orders WHERE id IN ($sample_ids) ORDER BY id"; }
want=$(state "$SRC_PORT")
sample "$SRC_PORT" >"$RUN/sample-src.txt"
if [ "$TARGET_TYPE" = name ]; then
  target=gerai-drill-$(date +%s)
  sql "$SRC_PORT" "SELECT pg_create_restore_point('$target')" >/dev/null
else
  target=$(sql "$SRC_PORT" "SELECT clock_timestamp()")
  sleep 1.1 # the next commit is clearly after the target
fi
echo "   target ($TARGET_TYPE): $target"

echo "== more orders and an account after the target"
for id in $cancelled; do
  curl -fsS -X POST "$API/orders/$id/transitions" -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
    -d '{"to":"dibatalkan","reason":"latihan pemulihan"}' >/dev/null
done
token=$(buyer pembeli-b@drill.id)
checkouts "$token" 20 after >"$RUN/orders-after.txt"
after_ids=$(paste -sd, "$RUN/orders-after.txt")
source_after=$(state "$SRC_PORT")
sample "$SRC_PORT" >"$RUN/sample-end.txt"
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=""
# check switches to a new WAL segment and waits until it is archived: the
# restore point and everything after it are in the repository.
pgbr check
as_pg "$PGBIN/pg_ctl" -D "$RUN/src" -m fast -w stop >/dev/null
echo "   source stopped"

echo "== restore into a fresh cluster on 127.0.0.1:$DST_PORT"
as_pg mkdir -m 0700 "$RUN/dst"
t0=$(date +%s.%N)
pgbr --pg1-path="$RUN/dst" --type="$TARGET_TYPE" --target="$target" --target-action=promote --archive-mode=off restore
restore_s=$(python3 -c "print(f'{$(date +%s.%N) - $t0:.1f}')")
as_pg "$PGBIN/pg_ctl" -D "$RUN/dst" -l "$RUN/dst.log" -o "-p $DST_PORT" -w start >/dev/null
for _ in $(seq 1 300); do
  [ "$(sql "$DST_PORT" 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ] && break
  sleep 0.2
done
recovered_s=$(python3 -c "print(f'{$(date +%s.%N) - $t0:.1f}')")
got=$(state "$DST_PORT")
sample "$DST_PORT" >"$RUN/sample-dst.txt"
late_orders=$(sql "$DST_PORT" "SELECT COUNT(*) FROM orders WHERE id IN ($after_ids)")
late_user=$(sql "$DST_PORT" "SELECT COUNT(*) FROM users WHERE email = 'pembeli-b@drill.id'")

echo "   orders order_items users products fingerprint"
echo "   source at the target:   $want"
echo "   source at the end:      $source_after"
echo "   restored:               $got"
echo "   sample of orders (id total status): source at the target | source at the end | restored"
paste -d'|' "$RUN/sample-src.txt" "$RUN/sample-end.txt" "$RUN/sample-dst.txt" | sed 's/^/     /'
fail=0
[ "$got" = "$want" ] || { echo "   counts or orders differ from the source at the target"; fail=1; }
cmp -s "$RUN/sample-src.txt" "$RUN/sample-dst.txt" || { echo "   the sample differs"; fail=1; }
[ "$late_orders" = 0 ] || { echo "   $late_orders of the orders made after the target are in the restore"; fail=1; }
[ "$late_user" = 0 ] || { echo "   the account made after the target is in the restore"; fail=1; }
[ "$source_after" != "$want" ] || { echo "   nothing was written after the target: the drill proves nothing"; fail=1; }
mb() { python3 -c "print(f'{$1 / 1048576:.1f} MB')"; }
figures="backup $(mb "$backup_size") in the repository (database $(mb "$db_size")), full backup ${backup_s} s, restore ${restore_s} s (to promoted ${recovered_s} s), target $TARGET_TYPE"
if [ $fail = 0 ]; then echo "PASS: $figures"; else echo "FAIL: $figures"; exit 1; fi
