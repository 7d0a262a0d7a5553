#!/usr/bin/env bash
# Starts a local PostgreSQL cluster for the storage tests and prints a connection string for the
# role/database iotesim/iotesim on stdout (nothing else goes to stdout). Run as root on Debian.
# Exit status is non-zero when no PostgreSQL server can be started.
set -uo pipefail
[ "$(id -u)" = 0 ] || { echo "pg-test-setup: needs root" >&2; exit 1; }
command -v pg_lsclusters >/dev/null || { echo "pg-test-setup: postgresql not installed" >&2; exit 1; }

cluster=$(pg_lsclusters -h 2>/dev/null | head -n1)
if [ -z "$cluster" ]; then
  ver=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n1)
  [ -n "$ver" ] || { echo "pg-test-setup: no server version found" >&2; exit 1; }
  pg_createcluster "$ver" main >/dev/null 2>&1 || { echo "pg-test-setup: pg_createcluster failed" >&2; exit 1; }
  cluster=$(pg_lsclusters -h | head -n1)
fi
read -r ver name port status _ <<<"$cluster"
if [ "$status" != online ]; then
  pg_ctlcluster "$ver" "$name" start >/dev/null 2>&1 || service postgresql start >/dev/null 2>&1 \
    || { echo "pg-test-setup: could not start cluster $ver/$name" >&2; exit 1; }
fi
for _ in $(seq 1 30); do
  su postgres -c "psql -p $port -qtAc 'select 1'" >/dev/null 2>&1 && break
  sleep 0.5
done

psql_admin() { su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -qtAc \"$1\""; }
if [ "$(psql_admin "select 1 from pg_roles where rolname='iotesim'")" != 1 ]; then
  psql_admin "create role iotesim login password 'iotesim'" >/dev/null || exit 1
fi
if [ "$(psql_admin "select 1 from pg_database where datname='iotesim'")" != 1 ]; then
  psql_admin "create database iotesim owner iotesim" >/dev/null || exit 1
fi
echo "Host=127.0.0.1;Port=$port;Username=iotesim;Password=iotesim;Database=iotesim"
