# lib.sh — what every shell test shares; sourced as `. tests/lib.sh` (run from the repository root).
#   ok NAME / bad NAME      count and print one result line ("ok   - NAME" / "FAIL - NAME")
#   check NAME 'SHELL'      ok if the shell condition holds, else bad
#   check_screen NAME 'SHELL'  the same for a condition on a tmux pane: a capture can fall inside a
#                           frame tmux is still drawing (half old, half new), so a condition that
#                           fails is looked at twice more, 0.5 s apart; a real defect fails all three
#   finish [PREFIX]         print "N passed, M failed" (the closing line CI reads); exit 1 on failure
# For tmux tests (set TM="tmux -L SOCKET -f /dev/null" first):
#   cap SESSION             the pane's text
#   wait_for SESSION RE S   until the pane matches the grep -E pattern RE, up to S seconds; on a
#                           time-out it prints the pane to stderr, so a failure explains itself
#   eventually S 'SHELL'    until the shell condition holds, up to S seconds (a screen being redrawn
#                           can show half of two frames to one capture)
#   idle SESSION            until the lesson player is neither training nor going back (it drops
#                           keys meanwhile, so a person, and a test, press a key once it is idle)
#   press SESSION KEY       idle, then the key
#   step_of SESSION         the training step the header shows
#   settle SESSION          until the lesson player is neither training nor going back and two
#                           captures 0.2 s apart are the same screen (a capture can fall inside a
#                           frame tmux is still drawing: new narration above, the old key bar below)
pass=0; fail=0
ok()  { pass=$((pass + 1)); echo "ok   - $1"; }
bad() { fail=$((fail + 1)); echo "FAIL - $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
check_screen() {
    if eval "$2" || { sleep 0.5; eval "$2"; } || { sleep 0.5; eval "$2"; }; then ok "$1"; else bad "$1"; fi
}
finish() {
    echo "${1:+$1: }$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
cap() { $TM capture-pane -t "$1" -p; }
wait_for() {
    i=0; while [ $i -lt $(($3 * 10)) ]; do
        if cap "$1" | grep -Eq -- "$2"; then return 0; fi
        sleep 0.1; i=$((i + 1)); done
    echo "--- waited $3 s for '$2'; the pane '$1' shows:" >&2
    cap "$1" | sed 's/^/    | /' >&2
    return 1
}
idle() {
    _ii=0; while cap "$1" | grep -Eq 'training\.\.\.|going back\.\.\.'; do
        sleep 0.1; _ii=$((_ii + 1)); [ $_ii -gt 600 ] && return 1; done
    return 0
}
press() { idle "$1"; $TM send-keys -t "$1" "$2"; }
step_of() { cap "$1" | sed -n 's/.* step \([0-9]*\) (.*/\1/p' | head -1; }
settle() {
    idle "$1" || return 1
    _sj=0; _sa=$(cap "$1"); sleep 0.2; _sb=$(cap "$1")
    while [ "$_sa" != "$_sb" ] || ! idle "$1"; do
        _sj=$((_sj + 1)); [ $_sj -gt 300 ] && return 1
        _sa=$_sb; sleep 0.2; _sb=$(cap "$1"); done
    return 0
}
eventually() {
    _ej=0; while [ $_ej -lt $(($1 * 5)) ]; do
        if eval "$2"; then return 0; fi
        sleep 0.2; _ej=$((_ej + 1)); done
    return 1
}
