#!/usr/bin/env python3
# A well-behaved test adapter: a register per key, in memory. Besides the
# register's read/write/cas it answers "whoami" with its pid and FAULTLINE_*
# environment, and "stderr" by writing the op's value to stderr first.
import json
import os
import sys

registers = {}
print("register_memory started for worker", os.environ.get("FAULTLINE_WORKER"),
      file=sys.stderr, flush=True)


def answer(op):
    f, key, value = op["f"], op["key"], op["value"]
    if f == "read":
        return {"type": "ok", "value": registers.get(key)}
    if f == "write":
        registers[key] = value
        return {"type": "ok"}
    if f == "cas":
        old, new = value
        if registers.get(key) != old:
            return {"type": "fail", "error": "precondition failed"}
        registers[key] = new
        return {"type": "ok"}
    if f == "whoami":
        env = {k: v for k, v in os.environ.items() if k.startswith("FAULTLINE_") or k == "EXTRA"}
        return {"type": "ok", "value": {"pid": os.getpid(), "env": env, "process": op["process"]}}
    if f == "stderr":
        print(value, file=sys.stderr, flush=True)
        return {"type": "ok", "value": None}
    return {"type": "fail", "error": "unknown f " + f}


for line in sys.stdin:
    print(json.dumps(answer(json.loads(line))), flush=True)
