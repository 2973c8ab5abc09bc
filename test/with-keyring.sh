#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a fresh, unlocked gnome-keyring, so the keychain tests use a
# real Secret Service without touching (or being blocked by) the user's own login keyring. Where there is no
# gnome-keyring-daemon (macOS, Windows, a desktop that already has a keychain) the command runs as it is.
set -euo pipefail
if [ "${TOKENDESK_IN_KEYRING_SESSION:-}" = 1 ] || ! command -v gnome-keyring-daemon >/dev/null || ! command -v dbus-run-session >/dev/null; then
  exec "$@"
fi
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
# A fresh XDG_DATA_HOME matters: an existing login keyring with an unknown password stays locked.
XDG_DATA_HOME="$keyring_home" TOKENDESK_IN_KEYRING_SESSION=1 dbus-run-session -- sh -c '
  printf "tokendesk-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  exec "$@"' keyring-session "$@"
