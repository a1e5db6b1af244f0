#!/usr/bin/env bash
# A local PostgreSQL 15 primary and streaming replica managed by Patroni, with
# one etcd member as the consensus store, all on loopback (issue 14 §3):
#   etcd             client 127.0.0.1:12379, peer 12380
#   node1, node2     PostgreSQL 127.0.0.1:15432 / 15433, Patroni REST 18008 / 18009
# under a run directory (GERAI_HA_DIR, default /tmp/gerai-ha), with a `gerai`
# database on the primary. The system cluster (15/main on 5432) is never touched.
#
#   deploy/ha/cluster.sh up             start etcd and both nodes, wait for a primary and a streaming replica
#   deploy/ha/cluster.sh down           stop everything and remove the run directory
#   deploy/ha/cluster.sh status         patronictl list
#   deploy/ha/cluster.sh kill-primary   kill -9 the primary's postmaster (Patroni then fails over)
#   deploy/ha/cluster.sh wait-replica NODE   wait until NODE streams from the primary
#   deploy/ha/cluster.sh sync on|off    synchronous_mode on or off (patronictl edit-config)
#   deploy/ha/cluster.sh dsn [stale]    the multi-host DSN Gerai uses (stale: prefer-standby)
#
# Needs Debian's postgresql-15, patroni and etcd-server (installed if missing;
# run as root, or as postgres with them installed). PostgreSQL runs as the
# postgres user. GERAI_HA_PASSWORD sets the superuser's and replicator's password.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
run=${GERAI_HA_DIR:-/tmp/gerai-ha}
password=${GERAI_HA_PASSWORD:-gerai-ha-local}
nodes="node1 node2"
declare -A pgport=([node1]=15432 [node2]=15433) apiport=([node1]=18008 [node2]=18009)

as_postgres() {
  # setpriv execs the command itself, so $! is the process to signal.
  if [ "$(id -u)" = 0 ]; then
    HOME=/var/lib/postgresql setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
  else "$@"; fi
}

setsid_postgres() { # setsid_postgres PIDFILE CMD…: as_postgres in a session of its own
  # setsid may fork, so the process writes its own pid before it execs CMD.
  local pidfile=$1; shift
  local as=()
  [ "$(id -u)" = 0 ] && as=(env HOME=/var/lib/postgresql setpriv --reuid=postgres --regid=postgres --init-groups --)
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "${as[@]}" "$@"
}

install_missing() {
  local missing=()
  command -v patroni >/dev/null || missing+=(patroni)
  command -v etcd >/dev/null || missing+=(etcd-server)
  [ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql-15)
  command -v curl >/dev/null || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    # policy-rc.d or not, Debian's etcd service would listen on 2379: we start our own.
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# wait_for SECONDS COMMAND…: poll COMMAND every 0.5 s until it succeeds.
wait_for() {
  local seconds=$1; shift
  for _ in $(seq 1 $((seconds * 2))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  return 1
}

# role NODE prints primary, replica or nothing (Patroni's REST health endpoints).
role() {
  local port=${apiport[$1]}
  if curl -fs -o /dev/null "http://127.0.0.1:$port/primary"; then echo primary
  elif curl -fs -o /dev/null "http://127.0.0.1:$port/replica"; then echo replica
  fi
}

primary() {
  for n in $nodes; do [ "$(role "$n")" = primary ] && { echo "$n"; return 0; }; done
  return 1
}

streaming() { # streaming NODE: NODE is a replica and its WAL receiver is streaming
  [ "$(role "$1")" = replica ] &&
    [ "$(psql_node "$1" -Atc "SELECT status FROM pg_stat_wal_receiver")" = streaming ]
}

psql_node() { # psql_node NODE ARGS…: psql as the superuser on NODE's port
  local n=$1; shift
  PGPASSWORD=$password psql -X -h 127.0.0.1 -p "${pgport[$n]}" -U postgres -d postgres "$@"
}

start_etcd() {
  as_postgres mkdir -p "$run/etcd"
  # setsid: a Ctrl-C in the terminal that ran `up` does not reach the cluster.
  setsid_postgres "$run/etcd/pid" etcd --name gerai-ha --data-dir "$run/etcd/data" \
    --listen-client-urls http://127.0.0.1:12379 --advertise-client-urls http://127.0.0.1:12379 \
    --listen-peer-urls http://127.0.0.1:12380 --initial-advertise-peer-urls http://127.0.0.1:12380 \
    --initial-cluster gerai-ha=http://127.0.0.1:12380 --initial-cluster-state new \
    --listen-metrics-urls '' >"$run/etcd/etcd.log" 2>&1 &
  wait_for 30 curl -fs http://127.0.0.1:12379/health || { tail -20 "$run/etcd/etcd.log"; exit 1; }
}

start_node() { # start_node NODE: Patroni (which starts and supervises PostgreSQL)
  local n=$1
  as_postgres mkdir -p "$run/$n"
  chmod 700 "$run/$n"
  sed -e "s|@RUN@|$run|g" -e "s|@PASSWORD@|$password|g" "$here/$n.yml" >"$run/$n/patroni.yml"
  chown postgres: "$run/$n/patroni.yml" 2>/dev/null || true
  chmod 600 "$run/$n/patroni.yml"
  setsid_postgres "$run/$n/pid" patroni "$run/$n/patroni.yml" >>"$run/$n/patroni.out" 2>&1 &
}

up() {
  install_missing
  if [ -e "$run/etcd/pid" ] && kill -0 "$(cat "$run/etcd/pid")" 2>/dev/null; then
    echo "already running under $run (cluster.sh down first)" >&2; exit 1
  fi
  rm -rf "$run"
  mkdir -p "$run"
  chown postgres: "$run" 2>/dev/null || true
  chmod 700 "$run"
  start_etcd
  start_node node1
  # node2 starts once node1 holds the lock, so that node1 bootstraps and node2 clones it.
  wait_for 90 primary || { tail -30 "$run/node1/patroni.out"; exit 1; }
  start_node node2
  wait_for 120 streaming node2 || { tail -30 "$run/node2/patroni.out"; exit 1; }
  local p; p=$(primary)
  psql_node "$p" -qc 'CREATE DATABASE gerai'
  # In synchronous mode Patroni names node2 the synchronous standby shortly after it streams.
  wait_for 30 sync_standby_named || true
  status
  echo "DSN: $(dsn)"
}

sync_standby_named() {
  [ -n "$(psql_node "$(primary)" -Atc "SELECT application_name FROM pg_stat_replication WHERE sync_state = 'sync'")" ]
}

stop_pid_file() { # stop_pid_file FILE: TERM the process, KILL it if it lingers
  local f=$1 pid
  [ -e "$f" ] || return 0
  pid=$(cat "$f")
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
}

down() {
  for n in $nodes; do stop_pid_file "$run/$n/pid"; done
  # A postmaster whose Patroni was killed keeps running: stop it (pg_ctl waits).
  for n in $nodes; do
    if [ -s "$run/$n/data/postmaster.pid" ]; then
      as_postgres /usr/lib/postgresql/15/bin/pg_ctl stop -s -m immediate -D "$run/$n/data" 2>/dev/null || true
    fi
  done
  stop_pid_file "$run/etcd/pid"
  rm -rf "$run"
}

status() {
  as_postgres patronictl -c "$run/node1/patroni.yml" list
}

kill_primary() {
  local p pid
  p=$(primary) || { echo "no primary" >&2; exit 1; }
  pid=$(head -1 "$run/$p/data/postmaster.pid")
  kill -9 "$pid"
  echo "killed -9 the postmaster of $p (pid $pid, port ${pgport[$p]})"
}

set_sync() {
  local value
  case ${1:-} in on) value=true ;; off) value=false ;; *) echo "sync on|off" >&2; exit 2 ;; esac
  as_postgres patronictl -c "$run/node1/patroni.yml" edit-config --force --quiet \
    --set "synchronous_mode=$value" >/dev/null
  # Patroni applies it on its next loop; wait until the primary reports it.
  if [ "$value" = true ]; then wait_for 30 sync_standby_named; else
    wait_for 30 bash -c "[ -z \"\$(PGPASSWORD=$password psql -X -h 127.0.0.1 -p ${pgport[$(primary)]} -U postgres -d postgres -Atc 'SHOW synchronous_standby_names')\" ]"
  fi
  echo "synchronous_mode=$value"
}

dsn() {
  local attrs=read-write
  [ "${1:-}" = stale ] && attrs=prefer-standby
  echo "postgres://postgres:$password@127.0.0.1:15432,127.0.0.1:15433/gerai?sslmode=disable&connect_timeout=2&target_session_attrs=$attrs"
}

case ${1:-} in
  up) up ;;
  down) down ;;
  status) status ;;
  kill-primary) kill_primary ;;
  wait-replica) wait_for "${3:-120}" streaming "$2" ;;
  primary) primary ;;
  sync) set_sync "${2:-}" ;;
  dsn) dsn "${2:-}" ;;
  *) sed -n '2,20p' "$0"; exit 2 ;;
esac
