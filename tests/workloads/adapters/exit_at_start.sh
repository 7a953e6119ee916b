#!/usr/bin/env bash
# Exits before reading anything, as a script with a bad argument would.
echo "exit_at_start: no database given" >&2
exit 2
