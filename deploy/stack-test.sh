#!/usr/bin/env bash
# deploy/stack-test.sh — brings the stack of deploy/stack.sh up and checks
# what an operator relies on: HAProxy spreads requests over all three
# processes, a login made through one process works through the others, a
# process killed with kill -9 is taken out within seconds (counting the
# requests that failed meanwhile), and is taken back once restarted. Then
# the stack goes down. About a minute.
#
# Needs what deploy/stack.sh needs (Go, haproxy, postgresql-client, curl;
# installed when missing) and the same GERAI_STACK_* variables. Sweeps and
# settlements running exactly once across processes are tested in Go, not
# here: TestUnpaidOrdersExpireOnceAndReleaseStock (internal/api, two
# sweepers at once), TestOutboxDeliversOnceThroughSMTP (internal/notify) and
# TestCrashDuringSettlementSettlesOnce (cmd/gerai, a process killed mid-settlement).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STACK=$ROOT/deploy/stack.sh
RUN=${GERAI_STACK_RUN:-/tmp/gerai-stack}
DB=${GERAI_STACK_DB:-postgres://postgres@127.0.0.1:5432/gerai_stack?sslmode=disable}
LB=http://127.0.0.1:18080
PORTS=(18081 18082 18083)
VICTIM=18082
WORK=$(mktemp -d)
LOOP_PIDS=()

cleanup() {
	[[ $BASHPID == "$$" ]] || return 0 # the clients' subshells leave the stack alone
	for pid in "${LOOP_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
	"$STACK" down || true
	rm -rf "$WORK"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# served PORT ROUTE: requests the process on PORT answered on ROUTE, from its /metrics.
served() {
	curl -fsS --max-time 5 "http://127.0.0.1:$1/metrics" |
		awk -v route="$2" 'index($0, "gerai_http_requests_total{") == 1 && index($0, "route=\"" route "\"") { n += $NF } END { print n + 0 }'
}

state_of() { # state_of gerai2: UP, DOWN, … as HAProxy sees it
	curl -fsS --max-time 2 "http://127.0.0.1:18089/;csv" | awk -F, -v s="$1" '$1 == "gerai" && $2 == s { print $18 }'
}

"$STACK" up
start=$SECONDS

# 1. Requests through HAProxy reach every process (round robin).
for _ in $(seq 30); do curl -fsS -o /dev/null "$LB/api/v1/regions/provinces"; done
spread=()
for port in "${PORTS[@]}"; do
	n=$(served "$port" "GET /api/v1/regions/provinces")
	((n > 0)) || fail "process $port served none of 30 requests through HAProxy"
	spread+=("$port:$n")
done
echo "spread: 30 requests through HAProxy answered by ${spread[*]}"

# 2. A login made through one process works through the others: the session is in the database.
email="stack-$(date +%s)-$RANDOM@contoh.id"
echo "rahasia-123" | "$RUN/gerai" user create --db "$DB" --email "$email" --role buyer --password-stdin >/dev/null
token=$(curl -fsS -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"rahasia-123\"}" \
	"http://127.0.0.1:${PORTS[0]}/api/v1/sessions" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[[ -n $token ]] || fail "no session token from ${PORTS[0]}"
for port in "${PORTS[@]:1}"; do
	curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/me" | grep -q "\"$email\"" ||
		fail "the session made on ${PORTS[0]} is unknown to $port"
done
echo "session: logged in on ${PORTS[0]}, recognised on ${PORTS[*]:1}"

# 3. kill -9 one process while four clients keep asking through HAProxy.
client() { # client FILE: one status code a line until killed
	while :; do
		curl -s -o /dev/null --max-time 5 -w '%{http_code}\n' "$LB/api/v1/products?limit=5" >>"$1" || true
	done
}
for i in 1 2 3 4; do
	client "$WORK/codes-$i" &
	LOOP_PIDS+=($!)
done
sleep 3
victim_pid=$(cat "$RUN/gerai-$VICTIM.pid")
kill -9 "$victim_pid"
killed_at=$SECONDS
before_kill=$(cat "$WORK"/codes-* | wc -l)
until [[ $(state_of gerai2) == DOWN* ]]; do
	((SECONDS - killed_at < 15)) || fail "HAProxy still sends to the killed process after 15 s"
	sleep 0.2
done
down_after=$((SECONDS - killed_at))
sleep 3 # requests keep flowing to the two left
"$STACK" start "$VICTIM" >/dev/null
until [[ $(state_of gerai2) == UP ]]; do
	((SECONDS - killed_at < 60)) || fail "the restarted process is not back in HAProxy after 60 s"
	sleep 0.2
done
back_after=$((SECONDS - killed_at))
sleep 3 # and to all three again
for pid in "${LOOP_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
wait 2>/dev/null || true
LOOP_PIDS=()
total=$(cat "$WORK"/codes-* | wc -l)
failed=$(grep -vc '^200$' <(cat "$WORK"/codes-*) || true)
after_restart=$(served "$VICTIM" "GET /api/v1/products")
((after_restart > 0)) || fail "the restarted process got no requests once back"
echo "kill -9: gerai on $VICTIM killed after $before_kill requests; HAProxy marked it down within ${down_after} s;" \
	"restarted, back in ${back_after} s after the kill, then answered $after_restart requests"
echo "kill -9: $failed of $total requests failed ($(grep -v '^200$' <(cat "$WORK"/codes-*) | sort | uniq -c | tr -s ' ' | tr '\n' ',' | sed 's/,$//'))"

echo "summary: spread over 3 processes ok; shared session ok; $failed/$total requests failed around a kill -9; took $((SECONDS - start)) s"
