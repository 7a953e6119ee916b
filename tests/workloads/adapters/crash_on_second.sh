#!/usr/bin/env bash
# Answers its first op, then reads the second and crashes with status 3.
read -r line
echo '{"type":"ok","value":1}'
read -r line
echo "crash_on_second: giving up on $line" >&2
exit 3
