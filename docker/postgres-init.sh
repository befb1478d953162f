#!/bin/sh
# Run once by the postgres image, at the first start of an empty volume (docker-entrypoint-initdb.d),
# as the superuser. Three roles, none of them a superuser at run time:
#   theqa_owner        owns the database and its schema; runs the migrations (DATABASE_MIGRATION_URL)
#   theqa_application  the rights of the running platform: read and write, but the audit log only grows
#                      (granted by the owner after every migration run; see libs/persistence/src/roles)
#   theqa_app          the platform's login (DATABASE_URL), a member of theqa_application
set -eu
: "${THEQA_DB_OWNER_PASSWORD:?set THEQA_DB_OWNER_PASSWORD}"
: "${THEQA_DB_APP_PASSWORD:?set THEQA_DB_APP_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$THEQA_DB_OWNER_PASSWORD" -v app_password="$THEQA_DB_APP_PASSWORD" <<'SQL'
CREATE ROLE theqa_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE theqa_application NOLOGIN;
CREATE ROLE theqa_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE IN ROLE theqa_application PASSWORD :'app_password';
CREATE DATABASE theqa OWNER theqa_owner;
\connect theqa
ALTER SCHEMA public OWNER TO theqa_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO theqa_application;
SQL
