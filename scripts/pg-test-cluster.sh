#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A throwaway PostgreSQL 15 cluster for the store's tests and benchmarks (docs/store.md).
#
#   pg-test-cluster.sh start DIR PORT   initdb a fresh cluster in DIR (removing any old one),
#                                       start it on 127.0.0.1:PORT (socket in DIR) with
#                                       fsync=on, and create the database tandem_test
#   pg-test-cluster.sh stop DIR PORT    stop it (fast shutdown) and remove DIR
#
# initdb and postgres refuse to run as root: as root, the cluster belongs to the `postgres`
# user the Debian package creates; as anyone else, to that user. Exits 0 without doing
# anything when the PostgreSQL 15 binaries are absent (the tests then skip with the reason).
set -euo pipefail
cmd=${1:-}
dir=${2:-}
port=${3:-}
if [[ -z $cmd || -z $dir || -z $port ]]; then
  echo "usage: $0 start|stop DIR PORT" >&2
  exit 2
fi
bin=${TANDEM_PG_BIN:-/usr/lib/postgresql/15/bin}
if [[ ! -x $bin/initdb || ! -x $bin/pg_ctl ]]; then
  echo "pg-test-cluster: no PostgreSQL 15 binaries in $bin (Debian package postgresql): skipped"
  exit 0
fi
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
stop_cluster() {
  if [[ -f $dir/PG_VERSION ]]; then
    as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
  fi
}
case $cmd in
  start)
    stop_cluster
    rm -rf "$dir"
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; fi
    chmod 700 "$dir"
    as_owner "$bin/initdb" -D "$dir" -A trust -U postgres --no-sync >"$dir.initdb.log" 2>&1 ||
      { cat "$dir.initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir" -w -l "$dir/server.log" \
      -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null ||
      { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres tandem_test
    echo "pg-test-cluster: postgresql://postgres@127.0.0.1:$port/tandem_test ($dir)"
    ;;
  stop)
    stop_cluster
    rm -rf "$dir" "$dir.initdb.log"
    ;;
  *)
    echo "usage: $0 start|stop DIR PORT" >&2
    exit 2
    ;;
esac
