#!/usr/bin/env bash
# The client loads no library that only --print's local spelling needs (ICU, toml++): the dynamic loader would
# map and relocate them on every start, and most starts only send a request to the daemon. --print runs them in
# its helper program instead (client/print_helper.hpp).
# Usage: client_libraries_test.sh ALFABRAVO
set -euo pipefail
client=$1

needed=$(readelf --dynamic --wide "$client" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
# A client that needs nothing would be a failed read, not a pass.
if ! grep -q '^libc\.so' <<<"$needed"; then
  echo "FAILED: no libc among the libraries $client needs; readelf said:" >&2
  readelf --dynamic --wide "$client" >&2
  exit 1
fi
if unwanted=$(grep -E '^lib(icu|tomlplusplus)' <<<"$needed"); then
  echo "FAILED: $client loads what only --print needs:" >&2
  echo "$unwanted" >&2
  exit 1
fi
echo "$client needs only:" $needed
