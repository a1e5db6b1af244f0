#!/usr/bin/env bash
# Issue 14's failover test, one command from a fresh clone:
#   deploy/failover-test.sh
# starts the Patroni cluster (deploy/ha/cluster.sh up), three `gerai serve`
# processes on its multi-host DSN behind HAProxy, and bench/failover: a flash
# sale and a stream of ordinary checkouts through HAProxy, during which the
# primary's postmaster is killed -9. It prints the seconds until writes
# succeed again and checks, on the new primary, that no acknowledged order
# is lost or duplicated and that the flash sale's stock adds up; then it
# waits for the old primary to come back as a streaming replica.
# About 2–3 minutes. Needs Go, Debian's postgresql-15, patroni, etcd-server,
# haproxy and curl (installed if missing; run as root). Loopback only:
# HAProxy 127.0.0.1:18080, gerai 18081–18083, the cluster's ports (cluster.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/gerai-failover.XXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  deploy/ha/cluster.sh down || true
  rm -rf "$work"
}
trap cleanup EXIT
command -v haproxy >/dev/null || apt-get install -y -qq haproxy >/dev/null

go build -o "$work/gerai" ./cmd/gerai
go build -o "$work/failover" ./bench/failover
deploy/ha/cluster.sh up
dsn=$(deploy/ha/cluster.sh dsn)

# start_stack runs three gerai processes and HAProxy in front of them. It
# stands in for deploy/stack.sh (issue 14 §2) until that is on main.
start_stack() {
  echo rahasia-admin | "$work/gerai" user create --db "$dsn" --email admin@bench.id --role admin --password-stdin >/dev/null
  for port in 18081 18082 18083; do
    "$work/gerai" serve --db "$dsn" --addr 127.0.0.1:$port --media "$work/media" 2>>"$work/serve-$port.log" &
    pids+=($!)
  done
  cat >"$work/haproxy.cfg" <<EOF
global
  maxconn 2000
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  option redispatch
  retries 2
frontend gerai
  bind 127.0.0.1:18080
  default_backend gerai
backend gerai
  balance roundrobin
  option httpchk GET /healthz
  default-server inter 1s fall 2 rise 1
  server g1 127.0.0.1:18081 check
  server g2 127.0.0.1:18082 check
  server g3 127.0.0.1:18083 check
EOF
  haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
  pids+=($!)
  for port in 18081 18082 18083 18080; do
    for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  done
}
start_stack

deploy/ha/cluster.sh status
before=$(deploy/ha/cluster.sh primary)
"$work/failover" -url http://127.0.0.1:18080 -db "$dsn" -kill "deploy/ha/cluster.sh kill-primary" | tee "$work/result.txt"
# What the 5xx answers during the failover were (the server logs only 500s).
n500=$(cat "$work"/serve-*.log | grep -c "level=ERROR" || true)
echo "gerai logged $n500 errors during the run"
grep -h "level=ERROR" "$work"/serve-*.log | grep -o 'msg="[^"]*' | sort | uniq -c | sort -rn | head -5 || true
after=$(deploy/ha/cluster.sh primary)
echo "primary before: $before, after: $after"
[ "$before" != "$after" ] || { echo "no failover happened" >&2; exit 1; }

# The old primary's Patroni restarts it as a replica of the new one
# (pg_rewind when its timeline diverged).
deploy/ha/cluster.sh wait-replica "$before" 120
deploy/ha/cluster.sh status
grep -hE "pg_rewind|rewind|crash recovery|following a different leader" "${GERAI_HA_DIR:-/tmp/gerai-ha}/$before/patroni.out" | tail -3 || true
echo "$before is back as a streaming replica of $after"
