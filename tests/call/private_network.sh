# The call tests run in a network namespace of their own whose only interface is the loopback (sourced).
# baresip binds its RTP and DNS sockets to 0.0.0.0 whatever sip_listen says; in this namespace 0.0.0.0 is
# 127.0.0.1 alone, so nothing the softphones open is reachable from outside, and they reach nothing outside.
# The sound server and alfabravod talk over Unix sockets, which the namespace does not affect.

# enter_private_network ARGS...: re-runs the calling script inside the namespace (unless it already is there).
enter_private_network() {
  if [[ ${ALFABRAVO_PRIVATE_NETWORK:-} != yes ]]; then
    local namespaces=(--net)
    # As root, the network namespace alone; otherwise a user namespace too, where unprivileged ones are allowed.
    [[ $(id -u) == 0 ]] || namespaces=(--map-root-user --net)
    unshare "${namespaces[@]}" true 2>/dev/null ||
      skip_or_fail "cannot create a private network namespace (unshare ${namespaces[*]})"
    ALFABRAVO_PRIVATE_NETWORK=yes exec unshare "${namespaces[@]}" bash "$0" "$@"
  fi
  ip link set lo up
}

# Fails unless the loopback is the namespace's only interface (then no socket can face a network).
expect_loopback_only() {
  local interfaces
  interfaces=$(ip -o link show | awk -F': ' '{print $2}')
  [[ $interfaces == lo ]] || fail "the network namespace has more than the loopback: $interfaces"
}
