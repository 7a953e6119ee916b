#!/usr/bin/env python3
"""A faultline adapter for PostgreSQL (docs/adapter-protocol.md): the
list-append or rw-register workload's txns (`--workload list-append`, the
default, or `rw-register`) on a table, at the isolation level the test file
sets (`--isolation serializable`, `repeatable-read` or `read-committed`; else
$PG_ISOLATION; default serializable).

Every worker connects to the database on the first node ($FAULTLINE_PEERS),
port 5432 (`--port N`), database `faultline`, user `postgres`. The tables:

  CREATE TABLE append (k bigint PRIMARY KEY, v text NOT NULL)     list-append
  CREATE TABLE register (k bigint PRIMARY KEY, v bigint NOT NULL)  rw-register

Micro-ops, in order, in one transaction:
  list-append
    ["r", k, null]     SELECT v FROM append WHERE k = k     the list, [] when absent
    ["append", k, x]   INSERT ... ON CONFLICT (k) DO UPDATE SET v = append.v || ',' || x
  rw-register
    ["r", k, null]     SELECT v FROM register WHERE k = k   the value, null when absent
    ["w", k, x]        INSERT ... ON CONFLICT (k) DO UPDATE SET v = x

How a txn ends: committed is ok. A serialization failure, a deadlock, or any
error before COMMIT was sent rolls the txn back: fail. No connection: fail
(nothing sent). A connection lost or a timeout while COMMIT was in flight:
info (it may have committed). The probe `read` and any other f: fail.
"""
import json
import os
import sys

import psycopg2
import psycopg2.errors
import psycopg2.extensions

LEVELS = {
    "serializable": psycopg2.extensions.ISOLATION_LEVEL_SERIALIZABLE,
    "repeatable-read": psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ,
    "read-committed": psycopg2.extensions.ISOLATION_LEVEL_READ_COMMITTED,
}


def option(name, default):
    if name in sys.argv[:-1]:
        return sys.argv[sys.argv.index(name) + 1]
    return default


ISOLATION = option("--isolation", os.environ.get("PG_ISOLATION", "serializable"))
WORKLOAD = option("--workload", "list-append")
PORT = int(option("--port", "5432"))
HOST = os.environ.get("FAULTLINE_PEERS", "127.0.0.1").split(",")[0]

if ISOLATION not in LEVELS:
    sys.stderr.write("unknown isolation level %r: use one of %s\n" % (ISOLATION, ", ".join(LEVELS)))
    sys.exit(2)
if WORKLOAD not in ("list-append", "rw-register"):
    sys.stderr.write("unknown workload %r: use list-append or rw-register\n" % WORKLOAD)
    sys.exit(2)


class Connection:
    """One connection, opened on demand and dropped after any trouble."""

    def __init__(self):
        self.conn = None

    def get(self, timeout_ms):
        if self.conn is None:
            self.conn = psycopg2.connect(
                host=HOST, port=PORT, dbname="faultline", user="postgres",
                connect_timeout=max(1, timeout_ms // 1000))
            self.conn.set_isolation_level(LEVELS[ISOLATION])
        return self.conn

    def drop(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:
                pass
        self.conn = None


def list_append_mop(cur, f, k, x):
    if f == "r":
        cur.execute("SELECT v FROM append WHERE k = %s", (k,))
        row = cur.fetchone()
        return ["r", k, [int(v) for v in row[0].split(",")] if row else []]
    if f == "append":
        cur.execute(
            "INSERT INTO append AS a (k, v) VALUES (%s, %s) "
            "ON CONFLICT (k) DO UPDATE SET v = a.v || ',' || EXCLUDED.v",
            (k, str(x)))
        return ["append", k, x]
    raise ValueError("list-append has no micro-op %r" % f)


def rw_register_mop(cur, f, k, x):
    if f == "r":
        cur.execute("SELECT v FROM register WHERE k = %s", (k,))
        row = cur.fetchone()
        return ["r", k, row[0] if row else None]
    if f == "w":
        cur.execute(
            "INSERT INTO register AS g (k, v) VALUES (%s, %s) "
            "ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v",
            (k, x))
        return ["w", k, x]
    raise ValueError("rw-register has no micro-op %r" % f)


MICRO_OP = list_append_mop if WORKLOAD == "list-append" else rw_register_mop


def run_txn(conn, micro_ops, timeout_ms):
    """The micro-ops in one txn, reads filled in; raises on any error."""
    with conn.cursor() as cur:
        cur.execute("SET LOCAL statement_timeout = %s", (max(1, timeout_ms),))
        return [MICRO_OP(cur, f, k, x) for f, k, x in micro_ops]


def answer(connection, request):
    if request.get("f") != "txn":
        return {"type": "fail", "error": "this adapter only runs txns, not %s" % request.get("f")}
    timeout_ms = int(request.get("timeout_ms", 5000))
    try:
        conn = connection.get(timeout_ms)
    except psycopg2.Error as e:
        connection.drop()
        return {"type": "fail", "error": "cannot connect: %s" % str(e).strip()}
    try:
        filled = run_txn(conn, request["value"], timeout_ms)
    except (psycopg2.errors.SerializationFailure, psycopg2.errors.DeadlockDetected) as e:
        conn.rollback()
        return {"type": "fail", "error": "%s: %s" % (type(e).__name__, str(e).strip())}
    except psycopg2.OperationalError as e:
        connection.drop()  # lost or cancelled before COMMIT: the txn rolled back
        return {"type": "fail", "error": str(e).strip()}
    except (psycopg2.Error, ValueError) as e:
        try:
            conn.rollback()
        except psycopg2.Error:
            connection.drop()
        return {"type": "fail", "error": str(e).strip()}
    try:
        conn.commit()
    except (psycopg2.errors.SerializationFailure, psycopg2.errors.DeadlockDetected) as e:
        return {"type": "fail", "error": "%s at commit: %s" % (type(e).__name__, str(e).strip())}
    except psycopg2.Error as e:
        connection.drop()  # COMMIT was sent: it may have happened
        return {"type": "info", "error": "commit: %s" % str(e).strip()}
    return {"type": "ok", "value": filled}


def main():
    connection = Connection()
    for line in sys.stdin:
        reply = answer(connection, json.loads(line))
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
