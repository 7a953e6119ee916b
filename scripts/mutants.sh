#!/usr/bin/env bash
# Mutation testing by hand-picked, realistic bugs: plants each mutation of
# scripts/mutants/mutations.txt alone, rebuilds (build-mutants/, the dev
# preset), runs the unit tests, and prints which mutations no test caught.
# Not part of CI (a rebuild per mutation): run it after changing tests.
#   bash scripts/mutants.sh            # every mutation
#   bash scripts/mutants.sh 3 7        # only these (1-based)
# A flaky test must not pass for a caught mutant: the unmutated tests must
# pass first, and a mutant counts as caught only when the tests that failed
# fail again when run a second time.
set -euo pipefail
cd "$(dirname "$0")/.."
list=scripts/mutants/mutations.txt
build=build-mutants

if ! git diff --quiet; then
  echo "mutants: commit or stash your changes first (each mutation is undone with git checkout)" >&2
  exit 2
fi
started=$SECONDS
# ccache makes each rebuild recompile only the mutated file (and what includes it).
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFAULTLINE_BENCH=OFF \
  "${launcher[@]}" >/dev/null
cmake --build "$build" -j2 >/dev/null
# Only the unit tests run per mutation: rebuild only their programs (and the
# CLI they run), as ctest names them.
mapfile -t unit_targets < <(cd "$build" && ctest -L unit --show-only=json-v1 | python3 -c '
import json, os, sys
tests = json.load(sys.stdin)["tests"]
print("\n".join(sorted({os.path.basename(t["command"][0]) for t in tests if t.get("command")} | {"faultline"})))')
unit_tests() { (cd "$build" && ctest -L unit -j2 --timeout 300 "$@" >/dev/null 2>&1); }
if ! unit_tests; then
  echo "mutants: the unit tests fail without any mutation (see $build/Testing/Temporary/LastTest.log)" >&2
  exit 2
fi

# One mutation per block: file, find, replace.
python3 - "$list" > "$build/mutations.tsv" <<'PY'
import sys
text = open(sys.argv[1]).read()
blocks = [b for b in text.split("---\n")]
for b in blocks:
    lines = [l for l in b.split("\n") if not l.startswith("#") and l != ""]
    if len(lines) != 3:
        continue
    print("\t".join(lines))
PY

wanted=("$@")
planted=""
# An interrupted run must not leave a mutation planted.
trap 'if [[ -n $planted ]]; then git checkout -- "$planted"; fi' EXIT
total=0; caught=0; missed=(); broken=()
i=0
while IFS=$'\t' read -r -u 3 file find replace; do
  i=$((i + 1))
  if ((${#wanted[@]})) && [[ ! " ${wanted[*]} " =~ " $i " ]]; then continue; fi
  total=$((total + 1))
  python3 - "$file" "$find" "$replace" <<'PY' || { echo "mutant $i: '$find' is not once in $file: update the list" >&2; exit 2; }
import sys
path, find, replace = sys.argv[1:4]
text = open(path).read()
if text.count(find + "\n") != 1:
    sys.exit(1)
open(path, "w").write(text.replace(find + "\n", "" if replace == "<delete>" else replace + "\n"))
PY
  planted=$file
  mutant_started=$SECONDS
  result=caught
  if ! cmake --build "$build" -j2 --target "${unit_targets[@]}" >/dev/null 2>&1; then
    result="DOES NOT BUILD (fix the list: a mutation must compile)"
  elif unit_tests || unit_tests --rerun-failed; then
    result=MISSED
  fi
  by=""
  if [[ $result == caught ]]; then
    by=$(sed -n 's/^[0-9]*:\(.*\)/\1/p' "$build/Testing/Temporary/LastTestsFailed.log" | head -3 | paste -sd' ')
  fi
  git checkout -- "$file"
  planted=""
  case $result in
    caught) caught=$((caught + 1)) ;;
    MISSED) missed+=("$i $file: $find") ;;
    *) broken+=("$i $file: $find") ;;
  esac
  printf 'mutant %2d %-40s %s (%d s)%s\n' "$i" "$file" "$result" $((SECONDS - mutant_started)) \
    "${by:+  by $by}"
done 3< "$build/mutations.tsv"
cmake --build "$build" -j2 >/dev/null
echo "mutation score: $caught of $total caught ($((SECONDS - started)) s)"
for m in "${missed[@]}"; do echo "  missed: $m"; done
for m in "${broken[@]}"; do echo "  does not build: $m"; done
((${#missed[@]} == 0 && ${#broken[@]} == 0))
