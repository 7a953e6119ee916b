#!/usr/bin/env bash
# Reads an op and never answers; its child (a sleep in its process group)
# holds stdout open too, so only killing the group ends it.
read -r line
echo "hang: got $line, sleeping" >&2
sleep 1000
