#!/usr/bin/env python3
"""A faultline adapter for lossy-kv (examples/lossy-kv/lossy_kv.py), standard
library only (docs/adapter-protocol.md).

Every worker talks to the primary: the first address of $FAULTLINE_PEERS, port
$LOSSY_KV_PORT (default 7070). A request that was never sent (connection
refused) fails; a read that did not complete fails; a write or cas that may have
reached the server (a timeout, a lost connection) is info.
"""
import json
import os
import socket
import sys

PORT = int(os.environ.get("LOSSY_KV_PORT", "7070"))
PRIMARY = os.environ.get("FAULTLINE_PEERS", "127.0.0.1").split(",")[0]


class Connection:
    def __init__(self):
        self.sock = None
        self.reader = None

    def close(self):
        if self.sock:
            self.sock.close()
        self.sock = self.reader = None

    def request(self, op, timeout):
        """The server's answer, or a completion saying why there is none."""
        sent = False
        try:
            if self.sock is None:
                self.sock = socket.create_connection((PRIMARY, PORT), timeout=timeout)
                self.reader = self.sock.makefile("rb")
            self.sock.settimeout(timeout)
            self.sock.sendall((json.dumps(op) + "\n").encode())
            sent = True
            line = self.reader.readline()
            if not line:
                raise ConnectionError("the server closed the connection")
            return json.loads(line)
        except (OSError, ValueError) as e:
            self.close()
            maybe_applied = sent and op["f"] != "read"
            return {"type": "info" if maybe_applied else "fail", "error": str(e)}


def main():
    connection = Connection()
    for line in sys.stdin:
        op = json.loads(line)
        timeout = max(0.05, op.get("timeout_ms", 1000) / 1000.0 - 0.1)
        request = {"f": op["f"], "key": op.get("key"), "value": op.get("value")}
        answer = connection.request(request, timeout)
        print(json.dumps(answer), flush=True)
    connection.close()


if __name__ == "__main__":
    main()
