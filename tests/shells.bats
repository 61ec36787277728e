#!/usr/bin/env bats
# The tripwire tests (tests/tripwire.bats) with parx started from each
# shell: its jobs that need a shell run in that shell, and values must
# still arrive literally.

load helper

tripwire_from() {
	TRIPWIRE_SHELL=$1 run bats "$BATS_TEST_DIRNAME/tripwire.bats"
	[ "$status" = 0 ] || { printf '%s\n' "$output" >&2; return 1; }
}

@test "tripwire, parx started from bash" { tripwire_from bash; }
@test "tripwire, parx started from dash" { tripwire_from dash; }
@test "tripwire, parx started from zsh" { tripwire_from zsh; }
@test "tripwire, parx started from ksh" { tripwire_from ksh; }
