#!/usr/bin/env bash
# Issue 14's failover test, one command from a fresh clone:
#   deploy/failover-test.sh
# starts the Patroni cluster (deploy/ha/cluster.sh up), the stack of three
# `gerai serve` processes behind HAProxy on its multi-host DSN
# (deploy/stack.sh up), and bench/failover: a flash
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
cleanup() {
  [ -d "$work/stack" ] && deploy/stack.sh down || true
  deploy/ha/cluster.sh down || true
  rm -rf "$work"
}
trap cleanup EXIT
command -v haproxy >/dev/null || apt-get install -y -qq haproxy >/dev/null

go build -o "$work/gerai" ./cmd/gerai
go build -o "$work/failover" ./bench/failover
deploy/ha/cluster.sh up
dsn=$(deploy/ha/cluster.sh dsn)

# The stack of issue 14 §2 (deploy/stack.sh) on the cluster's multi-host DSN.
export GERAI_STACK_DB=$dsn GERAI_STACK_RUN=$work/stack
deploy/stack.sh up
echo rahasia-admin | "$work/gerai" user create --db "$dsn" --email admin@bench.id --role admin --password-stdin >/dev/null

deploy/ha/cluster.sh status
before=$(deploy/ha/cluster.sh primary)
"$work/failover" -url http://127.0.0.1:18080 -db "$dsn" -kill "deploy/ha/cluster.sh kill-primary" | tee "$work/result.txt"
# What the 5xx answers during the failover were (the server logs only 500s).
n500=$(cat "$work"/stack/gerai-*.log | grep -c "level=ERROR" || true)
echo "gerai logged $n500 errors during the run"
grep -h "level=ERROR" "$work"/stack/gerai-*.log | grep -o 'msg="[^"]*' | sort | uniq -c | sort -rn | head -5 || true
after=$(deploy/ha/cluster.sh primary)
echo "primary before: $before, after: $after"
[ "$before" != "$after" ] || { echo "no failover happened" >&2; exit 1; }

# The old primary's Patroni restarts it as a replica of the new one
# (pg_rewind when its timeline diverged).
deploy/ha/cluster.sh wait-replica "$before" 120
deploy/ha/cluster.sh status
grep -hE "pg_rewind|rewind|crash recovery|following a different leader" "${GERAI_HA_DIR:-/tmp/gerai-ha}/$before/patroni.out" | tail -3 || true
echo "$before is back as a streaming replica of $after"
