#!/usr/bin/env bats
# Differential tests (tests/gnudiff.bash): the shell jobs run in, against
# GNU parallel.

load helper
load gnudiff

setup_file_extra() {
	printf '#!/bin/sh\nfor a; do printf "<%%s>\\n" "$a"; done\n' > args
	chmod +x args
	unset PARX_SHELL PARALLEL_SHELL
}

@test "gnu: an exported bash function is run through bash" {
	f() { printf '[%s]\n' "$@"; }
	export -f f
	gnu_same -k f ::: 'a b' "it's" '' '-n' 'ü "q"'
	gnu_same -k 'f {} | cat' ::: 'a b' '$HOME' '`x`'
}

@test "gnu: templates that need a shell run in the calling shell, values quoted for it" {
	local sh
	for sh in bash dash zsh ksh mksh; do
		GNU_VIA=$sh gnu_same -k './args {} "$0" | sed "s:.*/::"' ::: 'a b' "it's" '' '-n' '!' 'ü$x' '{}'
	done
}

@test "gnu: fish and tcsh as the calling shell get values quoted for them" {
	local sh
	for sh in fish tcsh; do
		GNU_VIA=$sh gnu_same -k './args {} | cat' ::: 'a b' "it's" 'back\slash' '!x' '$HOME' '*'
	done
}

@test "gnu: \$PARALLEL_SHELL names the shell" {
	PARALLEL_SHELL=/bin/dash gnu_same -k './args {} $0' ::: 'a b' "it's"
	PARALLEL_SHELL=/bin/zsh gnu_same -k 'setopt | grep -c . >/dev/null; ./args {} $0' ::: x
}

@test "gnu: a plain command is not run through a shell" {
	printf '#!/bin/sh\ntr "\\0" " " < /proc/$PPID/cmdline | sed "s/ .*//; s:.*/::"; echo\n' > parent
	chmod +x parent
	run "$PARX" ./parent ::: x
	expect_status 0
	expect "${PARX##*/}"
}

@test "gnu: a command that is only {} runs each input as a command line" {
	gnu_same_input $'echo hi\nprintf "<%s>\\n" "a  b" \'\'\n' -k {}
}
