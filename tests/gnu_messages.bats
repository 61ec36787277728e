#!/usr/bin/env bats
# Messages as GNU parallel prints them (tests/gnudiff.bash): -v, -t, and no
# failure summary unless asked for or on a terminal.

load helper
load gnudiff
bats_require_minimum_version 1.5.0

@test "gnu: -v prints each command on stdout in its job's output" {
	gnu_same -v -k echo ::: a 'b c' "it's" '' '-n' 'ü'
	gnu_same -v -k 'echo {}; echo err {} >&2' ::: 'x y' '$HOME'
	gnu_same_input $'a\nb\n' -v -k -j2 echo
}

@test "gnu: -v with --tag tags the command line too" {
	gnu_same -v --tag -k echo ::: a 'b c' "it's"
	gnu_same -v --tagstring '<{}>' -k 'echo {} | cat' ::: 'x  y'
}

@test "gnu: -v with -u prints the command on stdout" {
	gnu_same -v -u -j1 echo ::: a 'b c'
}

@test "gnu: -t and --verbose print the command on stderr" {
	gnu_same -t -k -j1 echo ::: a 'b c' "it's"
	gnu_same --verbose -j1 echo ::: '$x'
}

@test "gnu: failed jobs print no summary when stderr is not a terminal" {
	gnu_same -k false ::: 1 'a b'
	gnu_same -k sh -c 'exit {}' ::: 0 3 4
	gnu_same -k 'echo {}; exit 2' ::: x "it's"
}

@test "--summary prints the failure summary when stderr is not a terminal" {
	run --separate-stderr "$PARX" --summary -k false ::: 1 'a b'
	expect_status 2
	[ "$stderr" = "parx: 2 of 2 jobs failed: #1 exit 1 (false 1); #2 exit 1 (false 'a b')" ]
}

@test "the failure summary is printed when stderr is a terminal" {
	command -v script >/dev/null
	run script -qec "'$PARX' -k false ::: 1 >/dev/null" /dev/null
	[[ "$output" == *"parx: 1 of 1 job failed: #1 exit 1 (false 1)"* ]]
}

@test "gnu: --dry-run with --tag or --tagstring tags the printed commands" {
	gnu_same --dry-run --tag -k echo ::: a 'b c' "it's" ''
	gnu_same --dry-run --tagstring '<{}>' -k 'echo {} | cat' ::: 'x y' '-n'
}
