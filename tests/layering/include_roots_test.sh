#!/usr/bin/env bash
# Usage: include_roots_test.sh CMAKE BUILD_DIR CONTROL_PROBE PROBE=HEADER...
# Builds each probe: the control must compile; every other one must fail because HEADER is not found.
set -uo pipefail
cmake=$1 build=$2 control=$3
shift 3
status=0
if ! output=$("$cmake" --build "$build" --target "$control" 2>&1); then
  echo "FAIL: the control probe $control does not build:" >&2
  echo "$output" >&2
  exit 1
fi
for probe in "$@"; do
  name=${probe%%=*} header=${probe#*=}
  if output=$("$cmake" --build "$build" --target "$name" 2>&1); then
    echo "FAIL: $name includes $header, from a library it does not link" >&2
    status=1
  elif ! grep -qF "$header: No such file or directory" <<<"$output"; then
    echo "FAIL: $name failed for another reason than a missing $header:" >&2
    echo "$output" >&2
    status=1
  else
    echo "ok: $name cannot include $header"
  fi
done
exit "$status"
