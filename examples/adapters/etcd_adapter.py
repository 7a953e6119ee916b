#!/usr/bin/env python3
"""A faultline adapter for etcd (docs/adapter-protocol.md), standard library only.

Talks to etcd's v3 HTTP/JSON gateway at $FAULTLINE_ENDPOINT (host:port; else
$FAULTLINE_ADDRESS:2379) and runs the register workload's ops:

  read        POST /v3/kv/range  {key}                         ok with the value, null if absent
  write       POST /v3/kv/put    {key, value}                  ok
  cas [a, b]  POST /v3/kv/txn    if value == a then put b      ok when it ran, fail when not

Keys and values travel base64; values are stored as decimal text ("42").

How an op ends when etcd does not say yes: a read changes nothing, so a read
that did not complete is a fail. A write or cas that may have reached etcd (a
timeout, a lost connection, a 5xx, a 408, an answer we cannot read) is info;
one that was never sent (connection refused) or that etcd refused (another
4xx) is fail.

Options (environment): ETCD_ADAPTER_SERIALIZABLE=1 makes reads serializable
(a member answers from its own state; stale reads become possible).
"""
import base64
import http.client
import json
import os
import socket
import sys
import urllib.error
import urllib.request


def b64(text):
    return base64.b64encode(text.encode()).decode()


def value_text(value):
    """A register value as etcd stores it: integers as decimal text, else JSON."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value)


def value_from_text(text):
    try:
        return int(text)
    except ValueError:
        return text


class NotSent(Exception):
    """The request certainly never reached etcd."""


class Refused(Exception):
    """etcd answered that it did not do it."""


class Unknown(Exception):
    """The request may or may not have taken effect."""


class Etcd:
    def __init__(self, endpoint, serializable):
        self.base = "http://" + endpoint
        self.serializable = serializable

    def post(self, path, body, timeout):
        request = urllib.request.Request(
            self.base + path, data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                return json.loads(answer.read())
        except urllib.error.HTTPError as error:
            message = "etcd answered HTTP %d: %s" % (error.code, error.read()[:200].decode(errors="replace"))
            if 400 <= error.code < 500 and error.code != 408:
                raise Refused(message)
            raise Unknown(message)
        except urllib.error.URLError as error:
            if isinstance(error.reason, ConnectionRefusedError):
                raise NotSent("connection refused by etcd at " + self.base)
            if isinstance(error.reason, (socket.timeout, TimeoutError)):
                raise Unknown("timeout")
            raise Unknown("no answer from etcd at %s: %s" % (self.base, error.reason))
        except (socket.timeout, TimeoutError):
            raise Unknown("timeout")
        except (OSError, http.client.HTTPException, ValueError) as error:
            raise Unknown("no answer from etcd at %s: %s" % (self.base, error))

    def read(self, key, timeout):
        body = {"key": b64(key)}
        if self.serializable:
            body["serializable"] = True
        kvs = self.post("/v3/kv/range", body, timeout).get("kvs", [])  # absent key: no kvs
        if not kvs:
            return None
        return value_from_text(base64.b64decode(kvs[0].get("value", "")).decode())

    def write(self, key, value, timeout):
        self.post("/v3/kv/put", {"key": b64(key), "value": b64(value_text(value))}, timeout)

    def cas(self, key, old, new, timeout):
        compare = {"key": b64(key), "target": "VALUE", "result": "EQUAL",
                   "value": b64(value_text(old))}
        put = {"request_put": {"key": b64(key), "value": b64(value_text(new))}}
        answer = self.post("/v3/kv/txn", {"compare": [compare], "success": [put]}, timeout)
        return answer.get("succeeded", False)  # left out when false


def run(etcd, op):
    f, key, value = op["f"], op["key"], op.get("value")
    # Answer a little before faultline's deadline, so it need not kill us.
    timeout = max(op.get("timeout_ms", 5000) - 100, 50) / 1000
    try:
        if f == "read":
            return {"type": "ok", "value": etcd.read(key, timeout)}
        if f == "write":
            etcd.write(key, value, timeout)
            return {"type": "ok", "value": value}
        if f == "cas":
            if etcd.cas(key, value[0], value[1], timeout):
                return {"type": "ok", "value": value}
            return {"type": "fail", "error": "precondition failed", "value": value}
        return {"type": "fail", "error": "this adapter knows read, write and cas, not " + f}
    except (NotSent, Refused) as error:
        return {"type": "fail", "error": str(error)}
    except Unknown as error:
        # A read that did not complete changed nothing.
        return {"type": "fail" if f == "read" else "info", "error": str(error)}


def main():
    endpoint = os.environ.get("FAULTLINE_ENDPOINT") or (
        os.environ.get("FAULTLINE_ADDRESS", "127.0.0.1") + ":2379")
    etcd = Etcd(endpoint, os.environ.get("ETCD_ADAPTER_SERIALIZABLE") == "1")
    print("etcd adapter for worker %s: etcd at %s" % (os.environ.get("FAULTLINE_WORKER"), endpoint),
          file=sys.stderr, flush=True)
    for line in sys.stdin:
        print(json.dumps(run(etcd, json.loads(line))), flush=True)


if __name__ == "__main__":
    main()
