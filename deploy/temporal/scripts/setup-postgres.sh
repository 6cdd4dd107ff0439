#!/bin/sh
# Creates Temporal's persistence and visibility databases in PostgreSQL and
# brings both schemas to the version of this admin-tools image, which is the
# version of the server next to it. Safe on every start: an existing database
# is kept, and only missing schema updates are applied.
#
# Runs in temporalio/admin-tools. temporal-sql-tool reads the connection from
# SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER and SQL_PASSWORD.
set -eu

# setup DATABASE SCHEMA: SCHEMA names a schema embedded in temporal-sql-tool.
setup() {
  echo "database $1: schema $2"
  temporal-sql-tool --db "$1" create
  temporal-sql-tool --db "$1" setup-schema -v 0.0
  temporal-sql-tool --db "$1" update-schema --schema-name "$2"
}

setup "${DBNAME:-temporal}" postgresql/v12/temporal
setup "${VISIBILITY_DBNAME:-temporal_visibility}" postgresql/v12/visibility
echo "Temporal schema is up to date"
