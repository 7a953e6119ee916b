#!/usr/bin/env bash
# Answers every op ok, naming the node that served it ("n3") and adding a
# field faultline does not read ("lag_ms").
while read -r line; do
  echo '{"type":"ok","value":1,"node":"n3","lag_ms":12}'
done
