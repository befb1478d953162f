#!/usr/bin/env bash
# Runs a command against a throwaway real PostgreSQL: initdb as an unprivileged user in a temporary
# folder, listening on loopback only, on a free port; the server and its folder are removed afterwards
# whatever happens. The database has the roles of production (docker/postgres-init.sh), none of them a
# superuser: the command connects as the application's login (DATABASE_URL: theqa_app, a member of
# theqa_application, which cannot alter the audit log or disable its triggers) and migrates as the
# schema's owner (DATABASE_MIGRATION_URL: theqa_owner). The owner may also create databases here, for
# tests that need a whole scratch database to tamper with (@theqa/testing's ownerDatabaseUrl).
# WITH_POSTGRES_STATEMENTS=1 also preloads pg_stat_statements and lets the owner read and reset it (the
# login benchmark lists its statements per login that way).
#   tools/ci/with-postgres.sh npm test
set -euo pipefail

find_pg_bin() {
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

PG_BIN=$(find_pg_bin || true)
if [ -z "$PG_BIN" ]; then
  echo "with-postgres: no PostgreSQL server binaries; installing Debian's postgresql" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  PG_BIN=$(find_pg_bin)
fi

run_as=()
if [ "$(id -u)" = 0 ]; then run_as=(runuser -u nobody --); fi

work=$(mktemp -d /tmp/theqa-pg.XXXXXX)
chmod 755 "$work"
[ "$(id -u)" = 0 ] && chown nobody "$work"
preload=()
[ "${WITH_POSTGRES_STATEMENTS:-}" = 1 ] && preload=(-c shared_preload_libraries=pg_stat_statements)
port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")

cleanup() {
  "${run_as[@]}" "$PG_BIN/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

"${run_as[@]}" "$PG_BIN/initdb" -D "$work/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
"${run_as[@]}" "$PG_BIN/pg_ctl" -D "$work/data" -w -l "$work/postgres.log" \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $work -c fsync=off -c max_connections=200 ${preload[*]}" start >/dev/null
version=$("$PG_BIN/postgres" --version)
echo "with-postgres: $version on 127.0.0.1:$port" >&2

# As docker/postgres-init.sh (trust authentication on loopback: no passwords), plus CREATEDB for the owner.
psql=$(ls "$PG_BIN/psql" /usr/lib/postgresql/*/bin/psql 2>/dev/null | head -n 1 || true)
[ -n "$psql" ] || psql=$(command -v psql)
"$psql" -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres >/dev/null <<'SQL'
CREATE ROLE theqa_owner LOGIN NOSUPERUSER CREATEDB NOCREATEROLE;
CREATE ROLE theqa_application NOLOGIN;
CREATE ROLE theqa_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE IN ROLE theqa_application;
CREATE DATABASE theqa OWNER theqa_owner;
\connect theqa
ALTER SCHEMA public OWNER TO theqa_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO theqa_application;
SQL
if [ "${WITH_POSTGRES_STATEMENTS:-}" = 1 ]; then
  "$psql" -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d theqa >/dev/null <<'SQL'
CREATE EXTENSION pg_stat_statements;
GRANT pg_read_all_stats TO theqa_owner;
GRANT EXECUTE ON FUNCTION pg_stat_statements_reset(oid, oid, bigint) TO theqa_owner;
SQL
fi

export DATABASE_URL="postgres://theqa_app@127.0.0.1:$port/theqa"
export DATABASE_MIGRATION_URL="postgres://theqa_owner@127.0.0.1:$port/theqa"
"$@"
