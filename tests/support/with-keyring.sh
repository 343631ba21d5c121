#!/usr/bin/env bash
# Runs a command with a real, unlocked Secret Service (gnome-keyring) on a private
# session bus, as a desktop session has: with-keyring.sh CMD... Never the user's own
# keyring: the bus and the keyring folder are new each run and gone after it.
set -euo pipefail
if [ -z "${RACKSMITH_PRIVATE_BUS:-}" ]; then
  export RACKSMITH_PRIVATE_BUS=1
  exec dbus-run-session -- "$0" "$@"
fi
keyring_home="$(mktemp -d)"
export XDG_DATA_HOME="$keyring_home"
# The keyring's password only guards this throwaway keyring folder.
printf 'racksmith-test-keyring' | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
keyring_pid=$!
trap 'kill "$keyring_pid" 2>/dev/null || true; rm -rf "$keyring_home"' EXIT
for _ in $(seq 1 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    break
  fi
  sleep 0.1
done
"$@"
