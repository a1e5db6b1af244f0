#!/usr/bin/env bash
# Restore drill for the embedded SQLite database (issue 14 §4), by hand what
# cmd/gerai's TestReplicaSurvivesLostDisk does:
#
#   deploy/backup/restore-drill-sqlite.sh
#
# 1. gerai serve --replicate file://$RUN/replika on a seeded database in
#    $RUN/disk, and checkouts through the API from four clients, each 201
#    noted with the time it arrived;
# 2. kill -9 in the middle of the load, and the whole of $RUN/disk deleted
#    (a lost disk: database, write-ahead log and litestream's staging);
# 3. gerai restore --from file://$RUN/replika (a second restore over it must be
#    refused without --force), gerai serve again, and every order acknowledged
#    more than 2 s (replica.MaxLag) before the kill read back through the API.
# Prints PASS or FAIL with the orders acknowledged, due and found, and the
# restore's seconds; removes $RUN (KEEP=1 keeps it).
#
# Needs: curl, python3 (to read JSON) and Go (to build gerai); curl and python3
# are installed with apt-get if missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUN=${RUN:-/tmp/gerai-drill-sqlite}
PORT=${PORT:-28433}
LOAD_SECONDS=${LOAD_SECONDS:-5}
MAX_LAG_MS=2000 # internal/replica.MaxLag
need=()
command -v curl >/dev/null || need+=(curl)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; fi

serve_pid=""; load_pids=""
cleanup() {
  set +e
  [ -n "$load_pids" ] && kill $load_pids 2>/dev/null
  [ -n "$serve_pid" ] && kill -9 "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
  if [ "${KEEP:-}" = 1 ]; then echo "kept $RUN"; else rm -rf "$RUN"; fi
}
trap cleanup EXIT
[ -e "$RUN" ] && { echo "$RUN exists (an earlier drill?): remove it first" >&2; exit 1; }
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then echo "port $PORT is in use" >&2; exit 1; fi
mkdir -p "$RUN/disk" "$RUN/acks"
go build -o "$RUN/gerai" ./cmd/gerai
G="$RUN/gerai"
DSN="sqlite:$RUN/disk/gerai.db"
REPLICA="file://$RUN/replika"
API="http://127.0.0.1:$PORT/api/v1"
now_ms() { date +%s%3N; }

start() {
  "$G" serve --db "$DSN" --addr "127.0.0.1:$PORT" --media "$RUN/disk/media" --replicate "$REPLICA" 2>>"$RUN/serve.log" &
  serve_pid=$!
  for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && return; sleep 0.2; done
  echo "FAIL: gerai serve did not start"; exit 1
}
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
post() { # post PATH TOKEN BODY -> the response body
  curl -fsS -X POST "$API$1" -H 'Content-Type: application/json' ${2:+-H "Authorization: Bearer $2"} -d "$3"
}
session() { post /sessions "" "{\"email\":\"$1\",\"password\":\"rahasia-drill\"}" | json '["token"]'; }
account() { post /accounts "" "{\"email\":\"$1\",\"password\":\"rahasia-drill\",\"name\":\"Drill\",\"role\":\"$2\"}" >/dev/null; }

echo "== seeded database, served with --replicate $REPLICA"
"$G" seed --db "$DSN" --umkm 50 --products 200 2>/dev/null
echo rahasia-drill | "$G" user create --db "$DSN" --email admin@drill.id --role admin --password-stdin >/dev/null
start
# A verified shop whose one product has stock for the whole load, and four buyers.
account siti@drill.id seller
seller=$(session siti@drill.id); admin=$(session admin@drill.id)
umkm=$(post /umkm "$seller" '{"name":"Kemplang Bu Siti","owner_name":"Siti","nib":"1671000000001","regency_code":"16.71",
  "category":"kuliner","whatsapp":"081234567890"}' | json '["id"]')
product=$(post /products "$seller" "{\"umkm_id\":$umkm,\"name\":\"Kemplang Panggang 250 g\",\"category\":\"kuliner\",
  \"price\":25000,\"stock\":1000000,\"weight_grams\":250}" | json '["id"]')
post "/umkm/$umkm/submit" "$seller" '' >/dev/null
post "/umkm/$umkm/verify" "$admin" '' >/dev/null
buyers=()
for b in 1 2 3 4; do
  account "pembeli$b@drill.id" buyer
  buyers+=("$(session "pembeli$b@drill.id")")
done

echo "== ${LOAD_SECONDS} s of checkouts from 4 clients, then kill -9"
for b in 0 1 2 3; do
  (
    n=0
    while :; do
      n=$((n + 1))
      body=$(curl -sS -X POST "$API/checkout" -H 'Content-Type: application/json' -H "Authorization: Bearer ${buyers[$b]}" \
        -H "Idempotency-Key: drill-$b-$n" -w '\n%{http_code}' \
        -d "{\"items\":[{\"product_id\":$product,\"quantity\":1}],\"delivery\":{\"method\":\"pickup\"},
          \"address\":{\"name\":\"Pembeli\",\"phone\":\"081234567890\",\"regency_code\":\"32.73\"},\"payment_provider\":\"transfer\"}" 2>/dev/null) || exit 0
      [ "${body##*$'\n'}" = 201 ] || continue
      # Read without a JSON tool: a process per checkout would slow the load.
      [[ $body =~ \"orders\":\[\{\"id\":([0-9]+) ]] || { echo "unexpected 201: $body" >&2; exit 1; }
      id=${BASH_REMATCH[1]}
      echo "$id $b $(date +%s%3N)" >>"$RUN/acks/$b"
    done
  ) &
  load_pids="$load_pids $!"
done
sleep "$LOAD_SECONDS"
killed_ms=$(now_ms)
kill -9 "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=""
wait $load_pids 2>/dev/null || true; load_pids=""

echo "== the disk is lost: rm -rf $RUN/disk; gerai restore --from $REPLICA"
rm -rf "$RUN/disk"
t0=$(now_ms)
"$G" restore --from "$REPLICA" --db "$DSN"
restore_ms=$(( $(now_ms) - t0 ))
fail=0
if "$G" restore --from "$REPLICA" --db "$DSN" 2>"$RUN/refused.txt"; then
  echo "   a second restore overwrote the database without --force"; fail=1
else
  echo "   a second restore is refused: $(cat "$RUN/refused.txt")"
fi
start

acked=0; due=0; due_found=0; late=0; late_found=0
while read -r id b at; do
  acked=$((acked + 1))
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer ${buyers[$b]}" "$API/orders/$id")
  if [ $((killed_ms - at)) -gt $MAX_LAG_MS ]; then
    due=$((due + 1)); [ "$status" = 200 ] && due_found=$((due_found + 1))
    [ "$status" = 200 ] || echo "   order $id, acknowledged $((killed_ms - at)) ms before the kill, is missing ($status)"
  else
    late=$((late + 1)); [ "$status" = 200 ] && late_found=$((late_found + 1))
  fi
done < <(cat "$RUN"/acks/* 2>/dev/null)

[ "$due" -gt 0 ] || { echo "   no order was acknowledged more than ${MAX_LAG_MS} ms before the kill: nothing checked"; fail=1; }
[ "$due_found" = "$due" ] || fail=1
figures="$acked orders acknowledged; $due_found of the $due acknowledged more than ${MAX_LAG_MS} ms before the kill are back, and $late_found of the last ${MAX_LAG_MS} ms's $late; restore $(python3 -c "print(f'{$restore_ms / 1000:.1f}')") s"
if [ $fail = 0 ]; then echo "PASS: $figures"; else echo "FAIL: $figures"; exit 1; fi
