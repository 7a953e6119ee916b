#!/usr/bin/env python3
"""A faultline adapter for Redis (docs/adapter-protocol.md), standard library
only: it speaks RESP over a socket itself.

Every worker talks to the primary, the first address of $FAULTLINE_PEERS, on
port `--port N` (else $REDIS_PORT, else 6379), so the history can be
linearizable. The register
workload's ops:

  read        GET key                            ok with the value, null if absent
  write       SET key value                      ok
  cas [a, b]  EVAL (GET key == a ? SET key b)    ok when it set b, fail when not

Values are stored as decimal text ("42").

How an op ends when Redis does not say yes: a read changes nothing, so a read
that did not complete is a fail. A request that was never sent (the connection
could not be made) is a fail. A write or cas that may have reached Redis (a
timeout, a lost connection, an answer we cannot read) is info. An error reply
(-ERR, -READONLY, -LOADING, ...) means Redis did not run the command: fail.
"""
import json
import os
import socket
import sys


def port_from(argv):
    if "--port" in argv[:-1]:
        return int(argv[argv.index("--port") + 1])
    return int(os.environ.get("REDIS_PORT", "6379"))


PORT = port_from(sys.argv)
PRIMARY = os.environ.get("FAULTLINE_PEERS", "127.0.0.1").split(",")[0]

# Compare-and-set in one step: Redis runs a script alone.
CAS_SCRIPT = (
    "if redis.call('GET', KEYS[1]) == ARGV[1] then "
    "redis.call('SET', KEYS[1], ARGV[2]) return 1 end return 0"
)


class NotSent(Exception):
    """The request certainly never reached Redis."""


class Unknown(Exception):
    """The request may or may not have taken effect."""


class ErrorReply(Exception):
    """Redis answered with an error: it did not run the command."""


def encode(args):
    """A command as a RESP array of bulk strings."""
    out = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = arg if isinstance(arg, bytes) else str(arg).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


def read_reply(reader):
    """One RESP reply: bytes, int, str (a status), a list, or None; raises
    ErrorReply for an error and ValueError for anything that is not RESP."""
    line = reader.readline()
    if not line:
        raise ConnectionError("Redis closed the connection")
    if not line.endswith(b"\r\n"):
        raise ValueError("a reply line without CRLF: %r" % line)
    kind, body = line[:1], line[1:-2]
    if kind == b"+":
        return body.decode()
    if kind == b"-":
        raise ErrorReply(body.decode(errors="replace"))
    if kind == b":":
        return int(body)
    if kind == b"$":
        size = int(body)
        if size < 0:
            return None
        data = reader.read(size + 2)
        if len(data) != size + 2:
            raise ConnectionError("Redis closed the connection inside a reply")
        return data[:-2]
    if kind == b"*":
        count = int(body)
        return None if count < 0 else [read_reply(reader) for _ in range(count)]
    raise ValueError("not a RESP reply: %r" % line)


class Connection:
    def __init__(self):
        self.sock = None
        self.reader = None

    def close(self):
        if self.sock:
            self.sock.close()
        self.sock = self.reader = None

    def call(self, args, timeout):
        """Redis's reply to one command, or NotSent, Unknown or ErrorReply."""
        try:
            if self.sock is None:
                self.sock = socket.create_connection((PRIMARY, PORT), timeout=timeout)
                self.reader = self.sock.makefile("rb")
        except OSError as e:
            self.close()
            raise NotSent(str(e)) from e
        try:
            self.sock.settimeout(timeout)
            self.sock.sendall(encode(args))
            return read_reply(self.reader)
        except ErrorReply:
            raise
        except (OSError, ValueError) as e:
            self.close()
            raise Unknown(str(e) or type(e).__name__) from e


def value_text(value):
    """A register value as Redis stores it: integers as decimal text, else JSON."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value)


def value_from_text(data):
    text = data.decode(errors="replace")
    try:
        return int(text)
    except ValueError:
        return text


def run(connection, op, timeout):
    """The completion of one op."""
    f, key, value = op["f"], op.get("key"), op.get("value")
    key = "register/%s" % key
    try:
        if f == "read":
            got = connection.call(["GET", key], timeout)
            return {"type": "ok", "value": None if got is None else value_from_text(got)}
        if f == "write":
            connection.call(["SET", key, value_text(value)], timeout)
            return {"type": "ok", "value": value}
        if f == "cas":
            old, new = value
            done = connection.call(
                ["EVAL", CAS_SCRIPT, "1", key, value_text(old), value_text(new)], timeout
            )
            if done == 1:
                return {"type": "ok", "value": value}
            return {"type": "fail", "error": "precondition failed", "value": value}
        return {"type": "fail", "error": "unsupported operation %s" % f}
    except NotSent as e:
        return {"type": "fail", "error": "not sent: %s" % e}
    except ErrorReply as e:
        return {"type": "fail", "error": str(e)}
    except Unknown as e:
        return {"type": "fail" if f == "read" else "info", "error": str(e)}


def main():
    print("redis adapter for worker %s: the primary at %s:%d"
          % (os.environ.get("FAULTLINE_WORKER"), PRIMARY, PORT), file=sys.stderr, flush=True)
    connection = Connection()
    for line in sys.stdin:
        op = json.loads(line)
        timeout = max(0.05, op.get("timeout_ms", 1000) / 1000.0 - 0.1)
        print(json.dumps(run(connection, op, timeout)), flush=True)
    connection.close()


if __name__ == "__main__":
    main()
