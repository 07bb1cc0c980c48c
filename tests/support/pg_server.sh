#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for tests, listening on loopback only.
#
#   tests/support/pg_server.sh start [DIR] [--owner-pid PID]
#       Creates DIR (a fresh mktemp -d folder under ${TMPDIR:-/tmp} when DIR is not given; its
#       name then goes to stderr),
#       initdb's DIR/data (trust auth, superuser "postgres", UTF8), starts the server on a free
#       127.0.0.1 port with its socket in DIR and its log in DIR/log, writes DIR/uri and prints
#       postgresql://postgres@127.0.0.1:PORT/postgres. Fails if a server already runs in DIR.
#       With --owner-pid, a watchdog stops the server (and removes DIR) once PID has exited, so
#       a test runner that dies does not leave a server behind.
#   tests/support/pg_server.sh stop DIR
#       Stops the server (pg_ctl stop -m fast) and removes DIR. Succeeds when nothing runs.
#
# As root (CI), the server and its files belong to the "postgres" user (runuser); otherwise
# they belong to the caller. Environment: PG_BINDIR (default /usr/lib/postgresql/15/bin).
set -euo pipefail

PG_BINDIR=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
MARKER=.peeringd-pg-server   # only a folder with this file is ever removed by stop
self=$(readlink -f "${BASH_SOURCE[0]}")

die() { echo "pg_server.sh: $*" >&2; exit 1; }
usage() { die "usage: pg_server.sh start [DIR] [--owner-pid PID] | pg_server.sh stop DIR"; }

as_pg() {
    # Run from DIR: the caller's working directory may be unreadable to the postgres user.
    if [[ $(id -u) -eq 0 ]]; then
        (cd "$dir" && runuser -u postgres -- "$@")
    else
        (cd "$dir" && "$@")
    fi
}

running() { [[ -f "$dir/data/PG_VERSION" ]] && as_pg "$PG_BINDIR/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; }

free_port() {
    python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
    local owner_pid=""
    dir=""
    while [[ $# -gt 0 ]]; do
        case $1 in
            --owner-pid) [[ $# -ge 2 ]] || usage; owner_pid=$2; shift 2 ;;
            -*) usage ;;
            *) [[ -z $dir ]] || usage; dir=$1; shift ;;
        esac
    done
    [[ -x "$PG_BINDIR/initdb" && -x "$PG_BINDIR/pg_ctl" ]] ||
        die "no PostgreSQL server binaries in $PG_BINDIR (apt-get install postgresql-15)"
    if [[ $(id -u) -eq 0 ]]; then id postgres >/dev/null 2>&1 || die "no 'postgres' user"; fi

    if [[ -z $dir ]]; then
        dir=$(mktemp -d "${TMPDIR:-/tmp}/peeringd-pg-XXXXXX")
        echo "pg_server.sh: DIR=$dir (pg_server.sh stop $dir)" >&2
    elif [[ ! -d $dir ]]; then
        mkdir -p "$dir"
    fi
    dir=$(readlink -f "$dir")
    [[ ! -e "$dir/$MARKER" ]] || ! running || die "a server already runs in $dir ($(cat "$dir/uri" 2>/dev/null))"
    [[ -e "$dir/$MARKER" || -z $(ls -A "$dir") ]] || die "$dir is not empty and was not made by pg_server.sh"
    touch "$dir/$MARKER"
    chmod 700 "$dir"
    # The server socket lives in DIR: sun_path holds at most 107 bytes.
    (( ${#dir} + 20 <= 107 )) || die "$dir is too long for a Unix socket path; use a shorter DIR"
    if [[ $(id -u) -eq 0 ]]; then
        chown -R postgres:postgres "$dir"
        runuser -u postgres -- test -x "$dir" ||
            die "the postgres user cannot reach $dir (a parent folder is not searchable); use a DIR under /tmp"
    fi

    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
        local locale=(--no-locale)
        if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale=(--locale=C.UTF-8); fi
        as_pg "$PG_BINDIR/initdb" -D "$dir/data" --auth=trust --username=postgres \
            --encoding=UTF8 "${locale[@]}" >"$dir/initdb.log" 2>&1 ||
            die "initdb failed, see $dir/initdb.log: $(tail -5 "$dir/initdb.log")"
    fi

    # The port is free when picked but may be taken before the server binds it: retry.
    local port attempt
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        if as_pg "$PG_BINDIR/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 -o \
            "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=on -c synchronous_commit=on -c max_connections=300 -c shared_buffers=128MB" \
            start >/dev/null; then
            echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$dir/uri"
            [[ $(id -u) -ne 0 ]] || chown postgres:postgres "$dir/uri"
            if [[ -n $owner_pid ]]; then
                # Detached from our stdout/stderr so that $(pg_server.sh start) returns.
                nohup setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 2; done; exec "$2" stop "$3"' \
                    watchdog "$owner_pid" "$self" "$dir" </dev/null >/dev/null 2>&1 &
                echo $! >"$dir/watchdog.pid"
            fi
            cat "$dir/uri"
            return 0
        fi
        running && break  # started but pg_ctl gave up waiting: not a port clash
        grep -q "could not bind\|Address already in use" "$dir/log" 2>/dev/null || break
    done
    die "the server did not start, see $dir/log: $(tail -5 "$dir/log" 2>/dev/null)"
}

stop() {
    [[ $# -eq 1 ]] || usage
    dir=$1
    [[ -d $dir ]] || return 0
    dir=$(readlink -f "$dir")
    if [[ ! -e "$dir/$MARKER" ]]; then
        echo "pg_server.sh: $dir was not made by pg_server.sh; left in place" >&2
        return 0
    fi
    if [[ -f "$dir/watchdog.pid" ]]; then
        local watchdog
        watchdog=$(cat "$dir/watchdog.pid")
        # Not when the watchdog itself is stopping the server.
        if [[ $watchdog != "$$" && $watchdog != "$PPID" ]]; then kill "$watchdog" 2>/dev/null || true; fi
    fi
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        as_pg "$PG_BINDIR/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
        # Still there (pg_ctl timed out or failed): end this server's postmaster, by its pid.
        if [[ -f "$dir/data/postmaster.pid" ]]; then
            local pid
            pid=$(head -1 "$dir/data/postmaster.pid")
            if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
                kill -QUIT "$pid" 2>/dev/null || true
                for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
                if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
            fi
        fi
    fi
    rm -rf -- "$dir"
}

[[ $# -ge 1 ]] || usage
command=$1
shift
case $command in
    start) start "$@" ;;
    stop) stop "$@" ;;
    *) usage ;;
esac
