# Sourced by the shell tests. skip_or_fail REASON: skip (exit 77, ctest's SKIP_RETURN_CODE) where a
# prerequisite is missing; in CI (CI=true) a missing prerequisite is a bug of scripts/deps, so fail (exit 1).
skip_or_fail() {
  if [[ ${CI:-} == true ]]; then
    echo "FAILED in CI: $1" >&2
    exit 1
  fi
  echo "$1: skipped" >&2
  exit 77
}
