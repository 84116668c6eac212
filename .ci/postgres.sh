# Sourced by .ci/run (bash): a throw-away PostgreSQL server on loopback for the hub's tests.
#
# start_test_postgres installs Debian's PostgreSQL when missing (as root), creates a fresh cluster
# in a temporary folder (its own initdb: the system's clusters are left alone), starts it on
# 127.0.0.1 and a free port with password authentication, creates the role and database
# `sohoa_hub_test` and exports HUB_TEST_DATABASE_URL. stop_test_postgres stops the server and
# removes the folder; .ci/run calls it from its EXIT trap. Both can run any number of times.

PG_TEST_DIR=""
PG_TEST_BIN=""
PG_TEST_OWNER=""

pg_test_find_bin() {
  local dir
  PG_TEST_BIN=""
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then PG_TEST_BIN="$dir"; fi
  done
  [ -n "$PG_TEST_BIN" ]
}

# Runs a PostgreSQL program as the cluster's owner (initdb refuses to run as root).
pg_test_as_owner() {
  # From the cluster's own folder: the caller's folder may be closed to that user.
  if [ "$(id -u)" = 0 ]; then
    (cd "$PG_TEST_DIR" && runuser -u "$PG_TEST_OWNER" -- "$@")
  else
    (cd "$PG_TEST_DIR" && "$@")
  fi
}

start_test_postgres() {
  # Called again: the previous server goes first.
  stop_test_postgres
  if ! pg_test_find_bin; then
    if [ "$(id -u)" != 0 ]; then
      echo "PostgreSQL is not installed and this is not root: install it (apt-get install postgresql)" >&2
      return 1
    fi
    echo "== installing Debian's PostgreSQL for the hub's tests"
    # No system cluster: the tests bring their own (a file in createcluster.d is read by
    # postgresql-common's pg_createcluster, which the package's postinst runs).
    mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/sohoa-ci.conf
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    pg_test_find_bin || {
      echo "PostgreSQL was installed but initdb was not found under /usr/lib/postgresql" >&2
      return 1
    }
  fi

  if [ "$(id -u)" = 0 ]; then PG_TEST_OWNER=postgres; else PG_TEST_OWNER="$(id -un)"; fi
  PG_TEST_DIR="$(mktemp -d /tmp/sohoa-ci-pg.XXXXXX)"
  local password port
  password="$(node -e "process.stdout.write(require('node:crypto').randomBytes(18).toString('hex'))")"
  port="$(node -e "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})")"
  printf '%s\n' "$password" >"$PG_TEST_DIR/pwfile"
  chmod 600 "$PG_TEST_DIR/pwfile"
  if [ "$(id -u)" = 0 ]; then chown -R "$PG_TEST_OWNER" "$PG_TEST_DIR"; fi
  chmod 700 "$PG_TEST_DIR"

  echo "== starting PostgreSQL ($("$PG_TEST_BIN/postgres" --version)) on 127.0.0.1:$port"
  pg_test_as_owner "$PG_TEST_BIN/initdb" -D "$PG_TEST_DIR/data" -U sohoa_hub_test --pwfile="$PG_TEST_DIR/pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_TEST_DIR/initdb.log" 2>&1 || {
    cat "$PG_TEST_DIR/initdb.log" >&2
    return 1
  }
  rm -f "$PG_TEST_DIR/pwfile"
  pg_test_as_owner "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TEST_DIR -c fsync=off -c max_connections=200" start >/dev/null || {
    cat "$PG_TEST_DIR/server.log" >&2
    return 1
  }
  PGPASSWORD="$password" "$PG_TEST_BIN/createdb" -h 127.0.0.1 -p "$port" -U sohoa_hub_test sohoa_hub_test
  export HUB_TEST_DATABASE_URL="postgres://sohoa_hub_test:$password@127.0.0.1:$port/sohoa_hub_test"
  PGPASSWORD="$password" "$PG_TEST_BIN/psql" -h 127.0.0.1 -p "$port" -U sohoa_hub_test -d sohoa_hub_test \
    -qAtc 'select version()' >/dev/null
}

stop_test_postgres() {
  if [ -n "$PG_TEST_DIR" ] && [ -d "$PG_TEST_DIR" ]; then
    if [ -f "$PG_TEST_DIR/data/postmaster.pid" ]; then
      pg_test_as_owner "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_TEST_DIR"
  fi
  PG_TEST_DIR=""
}
