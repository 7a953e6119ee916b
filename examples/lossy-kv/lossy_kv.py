#!/usr/bin/env python3
"""lossy-kv: a small primary/replica key-value server that loses acknowledged
writes, on purpose. It is the database faultline's own tests use to prove that
a lost write is found (examples/lossy-kv.yaml; expected: INVALID).

What it does, like many real stores with persistence turned off:
  - the primary keeps every key in memory only and acknowledges a write as soon
    as it is in its memory;
  - replicas copy the primary's whole state every --sync-every seconds
    (asynchronous replication) and serve nothing to clients;
  - a primary that is killed and started again comes back empty: every write it
    acknowledged before is gone (and the replicas copy the empty state).

Protocol: one JSON object per line over TCP, one answer line per request.
  {"f": "read", "key": "k1"}              -> {"type": "ok", "value": 3} (null: absent)
  {"f": "write", "key": "k1", "value": 3} -> {"type": "ok"}
  {"f": "cas", "key": "k1", "value": [3, 4]} -> {"type": "ok"} or {"type": "fail", ...}
  {"f": "dump"}                           -> {"type": "ok", "value": {...every key...}}

  lossy_kv.py --listen 10.0.0.11:7070 [--replica-of 10.0.0.11:7070] [--sync-every 0.5]
Standard library only.
"""
import argparse
import json
import socket
import socketserver
import sys
import threading
import time


class Store:
    def __init__(self):
        self.lock = threading.Lock()
        self.data = {}

    def apply(self, request):
        f, key, value = request.get("f"), request.get("key"), request.get("value")
        with self.lock:
            if f == "read":
                return {"type": "ok", "value": self.data.get(key)}
            if f == "write":
                self.data[key] = value
                return {"type": "ok"}
            if f == "cas":
                old, new = value
                if self.data.get(key) != old:
                    return {"type": "fail", "error": "precondition failed"}
                self.data[key] = new
                return {"type": "ok"}
            if f == "dump":
                return {"type": "ok", "value": dict(self.data)}
        return {"type": "fail", "error": "unknown f %r" % f}

    def replace(self, data):
        with self.lock:
            self.data = data


def serve(store, host, port, primary):
    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            for line in self.rfile:
                try:
                    request = json.loads(line)
                    if primary or request.get("f") == "dump":
                        answer = store.apply(request)
                    else:
                        answer = {"type": "fail", "error": "a replica serves no clients"}
                except (ValueError, TypeError, AttributeError) as e:
                    answer = {"type": "fail", "error": "bad request: %s" % e}
                self.wfile.write((json.dumps(answer) + "\n").encode())
                self.wfile.flush()

    class Server(socketserver.ThreadingTCPServer):
        allow_reuse_address = True
        daemon_threads = True

    with Server((host, port), Handler) as server:
        server.serve_forever()


def replicate(store, primary, every):
    """Copies the primary's whole state every `every` seconds, forever."""
    host, port = primary.rsplit(":", 1)
    while True:
        time.sleep(every)
        try:
            with socket.create_connection((host, int(port)), timeout=2) as s:
                s.sendall(b'{"f": "dump"}\n')
                answer = json.loads(s.makefile().readline())
                store.replace(answer["value"])
        except (OSError, ValueError, KeyError) as e:
            print("replication from %s failed: %s" % (primary, e), file=sys.stderr, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listen", required=True, help="HOST:PORT")
    parser.add_argument("--replica-of", help="the primary's HOST:PORT (this one is a replica)")
    parser.add_argument("--sync-every", type=float, default=0.5)
    args = parser.parse_args()
    host, port = args.listen.rsplit(":", 1)
    store = Store()
    role = "replica of " + args.replica_of if args.replica_of else "primary"
    print("lossy-kv %s on %s, nothing on disk" % (role, args.listen), file=sys.stderr, flush=True)
    if args.replica_of:
        threading.Thread(target=replicate, args=(store, args.replica_of, args.sync_every),
                         daemon=True).start()
    serve(store, host, int(port), primary=not args.replica_of)


if __name__ == "__main__":
    main()
