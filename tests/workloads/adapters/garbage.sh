#!/usr/bin/env bash
# Answers every op with a line that is not JSON.
while read -r line; do
  echo "hello there, this is not a completion"
done
