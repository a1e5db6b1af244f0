#!/usr/bin/env bash
# deploy/stack.sh up|down|status — Gerai as the country runs it, on one machine:
# HAProxy on 127.0.0.1:18080 in front of three `gerai serve` processes on
# 127.0.0.1:18081–18083, all on one PostgreSQL database. Loopback only.
#
# Needs: Go (to build gerai), Debian's haproxy and postgresql-client (both
# installed with apt-get if missing), and a PostgreSQL to run on:
#   GERAI_STACK_DB   the DSN (default: database gerai_stack on the local
#                    cluster 127.0.0.1:5432, created if missing). A multi-host
#                    DSN works as gerai takes it. sqlite: is refused: one
#                    SQLite file belongs to one process.
#   GERAI_STACK_RUN  the run directory: pids, logs, config (default /tmp/gerai-stack)
#   GERAI_STACK_DEMO=1  load the demo data (once; the first process loads it)
# Other GERAI_* variables (GERAI_SIMULATOR=1, GERAI_SWEEP_INTERVAL, …) pass
# through to the three processes.
#
# `up` leaves the stack running and returns; `down` stops it (the database
# and the logs stay); `status` shows each process and what HAProxy thinks of
# it; `start PORT` starts one process again (after it crashed or was killed).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN=${GERAI_STACK_RUN:-/tmp/gerai-stack}
DEFAULT_DB=postgres://postgres@127.0.0.1:5432/gerai_stack?sslmode=disable
DB=${GERAI_STACK_DB:-$DEFAULT_DB}
LB_ADDR=127.0.0.1:18080
STATS_ADDR=127.0.0.1:18089
PORTS=(18081 18082 18083)

say() { echo "stack: $*" >&2; }
die() { say "$*"; exit 1; }

need() { # need COMMAND PACKAGE: install the Debian package when the command is missing
	command -v "$1" >/dev/null && return
	say "installing $2"
	apt-get install -y -qq "$2" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

healthy() { # healthy PORT: its /healthz answers 200
	curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$1/healthz" 2>/dev/null
}

wait_healthy() { # wait_healthy PORT SECONDS PID
	local port=$1 deadline=$((SECONDS + $2)) pid=$3
	until healthy "$port"; do
		kill -0 "$pid" 2>/dev/null || { tail -n 20 "$RUN/gerai-$port.log" >&2; die "gerai on $port exited"; }
		((SECONDS < deadline)) || { tail -n 20 "$RUN/gerai-$port.log" >&2; die "gerai on $port not healthy after $2 s"; }
		sleep 0.3
	done
}

# backend_states prints "name status" for each server as HAProxy sees it.
backend_states() {
	curl -fsS --max-time 2 "http://$STATS_ADDR/;csv" 2>/dev/null | awk -F, '$1 == "gerai" && $2 ~ /^gerai[0-9]/ { print $2, $18 }'
}

# start_gerai PORT [ARGS…]: one `gerai serve` in the background; pid in the run directory.
start_gerai() {
	local port=$1
	shift
	GERAI_DB=$DB GERAI_ADDR=127.0.0.1:$port GERAI_TRUST_PROXY=1 GERAI_MEDIA_DIR=$RUN/media \
		GERAI_PUBLIC_URL=${GERAI_PUBLIC_URL:-http://$LB_ADDR} \
		setsid "$RUN/gerai" serve "$@" >>"$RUN/gerai-$port.log" 2>&1 </dev/null &
	echo $! >"$RUN/gerai-$port.pid"
}

create_default_db() {
	need psql postgresql-client
	local admin=postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable
	if [[ $(psql "$admin" -tAc "SELECT 1 FROM pg_database WHERE datname = 'gerai_stack'") != 1 ]]; then
		say "creating database gerai_stack on 127.0.0.1:5432"
		psql "$admin" -qc "CREATE DATABASE gerai_stack" >/dev/null
	fi
}

up() {
	case $DB in
	postgres://* | postgresql://*) ;;
	*) die "GERAI_STACK_DB must be a PostgreSQL DSN (postgres://…): one SQLite file is one process, not three" ;;
	esac
	[[ -f $RUN/haproxy.pid ]] && kill -0 "$(cat "$RUN/haproxy.pid")" 2>/dev/null && die "already up (run directory $RUN); 'down' first"
	for port in "${LB_ADDR##*:}" "${STATS_ADDR##*:}" "${PORTS[@]}"; do
		listening "$port" && die "port $port is in use by another program"
	done
	need haproxy haproxy
	need curl curl
	[[ $DB == "$DEFAULT_DB" ]] && create_default_db
	mkdir -p "$RUN/media"
	UP_DONE=0
	trap '[[ $UP_DONE == 1 ]] || { say "up failed: stopping what started"; down; }' EXIT
	say "building gerai"
	(cd "$ROOT" && go build -o "$RUN/gerai" ./cmd/gerai)

	# The first process migrates (and loads the demo) alone, so the others
	# start on a ready database instead of queueing on the migration lock.
	local demo=()
	[[ ${GERAI_STACK_DEMO:-} == 1 ]] && demo=(--demo)
	start_gerai "${PORTS[0]}" "${demo[@]}"
	wait_healthy "${PORTS[0]}" 600 "$(cat "$RUN/gerai-${PORTS[0]}.pid")"
	for port in "${PORTS[@]:1}"; do start_gerai "$port"; done
	for port in "${PORTS[@]:1}"; do wait_healthy "$port" 120 "$(cat "$RUN/gerai-$port.pid")"; done

	local servers="" i=1
	for port in "${PORTS[@]}"; do
		servers+="    server gerai$i 127.0.0.1:$port check"$'\n'
		i=$((i + 1))
	done
	awk -v run="$RUN" -v lb="$LB_ADDR" -v stats="$STATS_ADDR" -v servers="${servers%$'\n'}" \
		'{ gsub("@RUN@", run); gsub("@LB_ADDR@", lb); gsub("@STATS_ADDR@", stats); sub("@SERVERS@", servers); print }' \
		"$ROOT/deploy/haproxy.cfg" >"$RUN/haproxy.cfg"
	haproxy -c -q -f "$RUN/haproxy.cfg"
	setsid haproxy -f "$RUN/haproxy.cfg" >>"$RUN/haproxy.log" 2>&1 </dev/null &
	echo $! >"$RUN/haproxy.pid"
	local deadline=$((SECONDS + 30))
	until [[ $(backend_states | grep -c ' UP$' || true) == "${#PORTS[@]}" ]]; do
		((SECONDS < deadline)) || { backend_states >&2; die "HAProxy does not see all processes up"; }
		sleep 0.5
	done
	UP_DONE=1
	say "up: http://$LB_ADDR (processes on ${PORTS[*]}, HAProxy stats on http://$STATS_ADDR, run directory $RUN)"
}

stop_pid() { # stop_pid FILE: TERM, then KILL after 10 s
	local file=$1 pid
	[[ -f $file ]] || return 0
	pid=$(cat "$file")
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$file"
}

down() {
	stop_pid "$RUN/haproxy.pid"
	for port in "${PORTS[@]}"; do stop_pid "$RUN/gerai-$port.pid"; done
	rm -f "$RUN/haproxy.sock" "$RUN/gerai"
	say "down (logs kept in $RUN)"
}

status() {
	local port pid state
	for port in "${PORTS[@]}"; do
		pid=$(cat "$RUN/gerai-$port.pid" 2>/dev/null || echo -)
		state="stopped"
		[[ $pid != - ]] && kill -0 "$pid" 2>/dev/null && state="running"
		printf '127.0.0.1:%s  pid %-8s %-8s %s\n' "$port" "$pid" "$state" \
			"$(curl -fsS --max-time 2 "http://127.0.0.1:$port/healthz" 2>/dev/null || echo 'no answer')"
	done
	if states=$(backend_states) && [[ -n $states ]]; then
		echo "HAProxy on $LB_ADDR sees:"
		sed 's/^/  /' <<<"$states"
	else
		echo "HAProxy on $LB_ADDR: not running"
	fi
}

# start_one PORT starts again one process of a running stack (after a crash).
start_one() {
	local port=${1:-}
	[[ " ${PORTS[*]} " == *" $port "* ]] || die "start PORT: PORT is one of ${PORTS[*]}"
	[[ -x $RUN/gerai ]] || die "the stack is not up (no $RUN/gerai)"
	if [[ -f $RUN/gerai-$port.pid ]] && kill -0 "$(cat "$RUN/gerai-$port.pid")" 2>/dev/null; then
		die "gerai on $port is running"
	fi
	start_gerai "$port"
	wait_healthy "$port" 120 "$(cat "$RUN/gerai-$port.pid")"
	say "gerai on $port started"
}

case ${1:-} in
up) up ;;
down) down ;;
status) status ;;
start) start_one "${2:-}" ;;
*) die "usage: deploy/stack.sh up|down|status, or start PORT (one process again)" ;;
esac
