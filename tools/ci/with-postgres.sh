#!/usr/bin/env bash
# Runs a command against a throwaway real PostgreSQL: initdb as an unprivileged user in a temporary
# folder, listening on loopback only, on a free port; DATABASE_URL is set for the command; the server
# and its folder are removed afterwards whatever happens.
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
port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")

cleanup() {
  "${run_as[@]}" "$PG_BIN/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

"${run_as[@]}" "$PG_BIN/initdb" -D "$work/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
"${run_as[@]}" "$PG_BIN/pg_ctl" -D "$work/data" -w -l "$work/postgres.log" \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $work -c fsync=off -c max_connections=200" start >/dev/null
version=$("$PG_BIN/postgres" --version)
echo "with-postgres: $version on 127.0.0.1:$port" >&2

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
"$@"
