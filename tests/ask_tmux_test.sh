#!/bin/sh
# spotcheck ask in a real terminal, as a person uses it: tmux runs it in a pane (a real
# pseudo-terminal, so the prompts, the echo of typing and the colours are those a person
# sees), send-keys types the answers, capture-pane reads the screen. Covers a list (the
# danger signs screen), why, none, back, a number that is an emergency, and the result.
# usage: ask_tmux_test.sh SPOTCHECK_BINARY      (exit 77 = skipped: no tmux)
set -eu
bin=${1:?usage: ask_tmux_test.sh SPOTCHECK_BINARY}
if ! command -v tmux >/dev/null 2>&1; then
  echo "ask_tmux_test: tmux is not installed (cmake/install-deps.sh installs it); skipping"
  exit 77
fi

# A server of our own (-L), so that no other tmux session is touched or seen.
server="spotcheck-ask-test-$$"
dir=$(mktemp -d "${TMPDIR:-/tmp}/spotcheck-tmux.XXXXXX")
t() { tmux -L "$server" "$@"; }
trap 't kill-server 2>/dev/null || true; rm -rf "$dir"' EXIT INT TERM

screen() { t capture-pane -p -J -S -500 -t ask; }

# Waits until the screen shows $1 (a fixed string), or fails showing the screen.
wait_for() {
  i=0
  while [ $i -lt 100 ]; do
    if screen | grep -qF -- "$1"; then return 0; fi
    sleep 0.1
    i=$((i + 1))
  done
  echo "ask_tmux_test: FAIL: the screen never showed: $1"
  echo "---- screen ----"
  screen
  exit 1
}

# The pane stays open after spotcheck ends, so that the end can be read.
t new-session -d -s ask -x 110 -y 60 \
  "TERM=xterm-256color NO_COLOR= '$bin' ask --age 30 --no-blanching; echo \"exit status \$?\"; sleep 60"

wait_for "1. Does any of these apply now?"
wait_for "[1-10, none, ?]"
t send-keys -t ask "why" Enter
wait_for "Why this question:"
wait_for "A yes to 1 ('feeling very unwell, or getting worse quickly') would make the advice EMERGENCY."
t send-keys -t ask "none" Enter
wait_for "2. "
t send-keys -t ask "back" Enter
wait_for "Back to the previous question."
# The first question is asked again (a second "1."), and a yes there is an emergency.
[ "$(screen | grep -c '^1\. Does any of these apply now?')" -ge 2 ] || {
  echo "ask_tmux_test: FAIL: back did not ask the first question again"
  screen
  exit 1
}
t send-keys -t ask "1" Enter
wait_for "exit status 0"
out=$(screen)
for expected in \
  "EMERGENCY: Call the emergency number" \
  "No more questions." \
  " EMERGENCY " \
  "The same result again: spotcheck query --age 30 --no-blanching" \
  "Yes to 1; no to the others." \
  "Educational information, not a diagnosis."; do
  printf '%s\n' "$out" | grep -qF -- "$expected" || {
    echo "ask_tmux_test: FAIL: missing: $expected"
    printf '%s\n' "$out"
    exit 1
  }
done
# On a terminal, colour is on: the level's label is drawn in colour (escape codes in the
# pane, seen with capture-pane -e).
t capture-pane -p -e -S -500 -t ask | grep -q "$(printf '\033')\[" || {
  echo "ask_tmux_test: FAIL: no colour on a terminal"
  exit 1
}
echo "ask_tmux_test: ok"
