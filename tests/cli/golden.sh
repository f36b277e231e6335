#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Golden-output check of the `tandem` command: runs the cases of golden/cases.txt and compares
# each one's stdout, stderr, exit code and written files with golden/NAME.out, byte for byte.
# It proves that a refactor changes no printed output.
#
#   golden.sh TANDEM SOURCE_DIR NAME|all            check (exit 1 and a diff on a difference)
#   golden.sh TANDEM SOURCE_DIR NAME|all --update   record (only when a change is intended)
#
# Normalised before comparing, and nothing else: the source and scratch folders (@SRC@,
# @WORK@), the cover MIP's wall-clock seconds in `tandem schedule` output (@SECONDS@), and the
# body of the demo's schedule stage (its solve stops on a wall-clock limit, so the schedule
# found varies run to run; the schedule_* cases check the same code with a node limit).
set -u
T=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
S=$(cd "$2" && pwd)
NAME=$3
MODE=${4:-check}
DIR=$S/tests/cli/golden
CASES=$DIR/cases.txt

normalise() {
  sed -e "s|$S|@SRC@|g" -e "s|$W|@WORK@|g" \
      -e 's/, [0-9.]* s, \([0-9]* columns\)/, @SECONDS@ s, \1/' \
      -e 's/"seconds": [0-9.e+-]*/"seconds": @SECONDS@/' |
  awk '
    /^== 4\. Schedule/ { print; held = 1; n = 0; next }
    held && /^== 5\./ { print "@SCHEDULE STAGE: wall-clock bound, not compared@"; print ""; held = 0 }
    held { kept[++n] = $0; next }
    { print }
    END { if (held) for (i = 1; i <= n; ++i) print kept[i] }'
}

# Runs one case; prints its normalised record.
run_case() {
  W=$(mktemp -d)
  (
    cd "$W" || exit 3
    export T S W
    sh -c "$1" </dev/null >"$W.stdout" 2>"$W.stderr"
    echo $? >"$W.code"
  )
  {
    # A stdout over 256 KiB is kept as its head and checksum, so the golden files stay small.
    if [ "$(wc -c <"$W.stdout")" -gt 262144 ]; then
      head -n 20 "$W.stdout"
      echo "--- stdout: $(wc -c <"$W.stdout") bytes, $(wc -l <"$W.stdout") lines," \
        "sha256 $(sha256sum <"$W.stdout" | cut -d' ' -f1) ---"
    else
      cat "$W.stdout"
    fi
    echo "--- stderr ---"
    cat "$W.stderr"
    echo "--- files ---"
    (cd "$W" && find . -type f | LC_ALL=C sort | while read -r f; do
      sha256sum "$f"
    done)
    echo "--- exit $(cat "$W.code") ---"
  } | normalise
  rm -rf "$W" "$W.stdout" "$W.stderr" "$W.code"
}

failed=0
found=0
while read -r name label command; do
  case "$name" in '' | '#'*) continue ;; esac
  [ "$NAME" = all ] || [ "$NAME" = "$name" ] || continue
  found=1
  expected=$DIR/$name.out
  if [ "$MODE" = --update ]; then
    run_case "$command" >"$expected"
    echo "recorded $name ($label)"
    continue
  fi
  actual=$(mktemp)
  run_case "$command" >"$actual"
  if ! cmp -s "$expected" "$actual"; then
    echo "golden $name: output differs from $expected ($command)"
    diff -u "$expected" "$actual" | head -n 200
    failed=1
  fi
  rm -f "$actual"
done <"$CASES"
if [ $found -eq 0 ]; then
  echo "golden: no case named $NAME in $CASES"
  exit 2
fi
exit $failed
