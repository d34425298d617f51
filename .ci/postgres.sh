#!/usr/bin/env bash
# Starts a local PostgreSQL for the storage tests, as root on Debian: installs
# the Debian package if it is missing, starts (or creates) the "main" cluster,
# and makes the role "readouts" and the database "readouts_test".
# Safe to run again. Progress goes to stderr; the last line on stdout is the
# SQLAlchemy URL for READOUTS_TEST_POSTGRES_URL. It does not stop the server.
set -euo pipefail
cd /  # psql run as postgres would warn that it cannot enter root's directory

ROLE=readouts
PASSWORD=readouts
DATABASE=readouts_test
WAIT_SECONDS=60

say() { echo "postgres.sh: $*" >&2; }
die() { say "$*"; exit 1; }
trap 'say "failed at line $LINENO: $BASH_COMMAND"' ERR

[ "$(id -u)" -eq 0 ] || die "must run as root (it installs and starts PostgreSQL)"

# Prints nothing (and succeeds) when no server is installed.
newest_version() {
  local dir
  for dir in /usr/lib/postgresql/*/bin/postgres; do
    if [ -x "$dir" ]; then basename "$(dirname "$(dirname "$dir")")"; fi
  done | sort -V | tail -n1
}

version=$(newest_version)
if ! command -v pg_ctlcluster >/dev/null || [ -z "$version" ]; then
  say "installing PostgreSQL from Debian packages"
  log=$(mktemp)
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    die "apt-get could not install postgresql"
  fi
  rm -f "$log"
  version=$(newest_version)
  [ -n "$version" ] || die "postgresql installed but no server found in /usr/lib/postgresql"
fi

if [ ! -d "/etc/postgresql/$version/main" ]; then
  say "creating cluster $version/main"
  pg_createcluster "$version" main >/dev/null
fi

port=$(pg_conftool -s "$version" main show port 2>/dev/null || echo 5432)

# status exits 0 when running, 3 when down; start exits 2 if already running.
if ! pg_ctlcluster "$version" main status >/dev/null 2>&1; then
  say "starting cluster $version/main on port $port"
  pg_ctlcluster "$version" main start \
    || die "could not start the cluster; see /var/log/postgresql/postgresql-$version-main.log"
fi

for _ in $(seq "$WAIT_SECONDS"); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$port" \
  || die "server not accepting connections on 127.0.0.1:$port after ${WAIT_SECONDS}s"

# ALTER on every run so a role left over with another password or without
# CREATEDB is repaired; the tests create one database per test.
runuser -u postgres -- psql -p "$port" -X -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
  ELSE
    ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $DATABASE OWNER $ROLE'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DATABASE') \gexec
SQL

# Prove that the URL we print works: TCP on 127.0.0.1 with a password.
PGPASSWORD=$PASSWORD psql -h 127.0.0.1 -p "$port" -U "$ROLE" -d "$DATABASE" \
    -X -q -t -c 'SELECT 1' >/dev/null \
  || die "cannot log in as $ROLE over TCP; check pg_hba.conf allows scram-sha-256/md5 for 127.0.0.1"

say "PostgreSQL $version ready on 127.0.0.1:$port"
echo "postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$port/$DATABASE"
