#!/usr/bin/env bash
# The client loads no library that only --print's local spelling needs (ICU, toml++): the dynamic loader would
# map and relocate them on every start, and most starts only send a request to the daemon. --print runs them in
# its helper program instead (client/print_helper.hpp). With STATIC_LIBSTDCXX on (ALFABRAVO_CLIENT_STATIC_LIBSTDCXX),
# libstdc++ and libgcc_s are linked in, not loaded, either.
# Usage: client_libraries_test.sh ALFABRAVO [STATIC_LIBSTDCXX]
set -euo pipefail
client=$1 static_libstdcxx=${2:-OFF}

needed=$(readelf --dynamic --wide "$client" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
# A client that needs nothing would be a failed read, not a pass.
if ! grep -q '^libc\.so' <<<"$needed"; then
  echo "FAILED: no libc among the libraries $client needs; readelf said:" >&2
  readelf --dynamic --wide "$client" >&2
  exit 1
fi
unwanted_pattern='^lib(icu|tomlplusplus)'
[[ $static_libstdcxx =~ ^(ON|TRUE|YES|1)$ ]] && unwanted_pattern='^lib(icu|tomlplusplus|stdc\+\+|gcc_s)'
if unwanted=$(grep -E "$unwanted_pattern" <<<"$needed"); then
  echo "FAILED: $client loads libraries it must not (see the top of this script):" >&2
  echo "$unwanted" >&2
  exit 1
fi
echo "$client needs only:" $needed
