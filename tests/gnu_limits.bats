#!/usr/bin/env bats
# GNU parallel's command-line limits: --show-limits, the default and the
# -s budget, and how -X/-m spread the last inputs over the job slots with
# -n, -N and -j, each compared with GNU parallel (tests/gnudiff.bash).

load helper
load gnudiff
bats_require_minimum_version 1.5.0

# in_env: GNU_PARALLEL and PARX as wrappers that run each under the same
# small environment, with a fresh home (GNU parallel keeps no cached
# figure there from another environment).
in_env() {
	mkdir -p "$T/home"
	printf '#!/bin/sh\nexec env -i PATH=/usr/bin:/bin HOME=%s %s "$@"\n' \
		"$T/home" "$GNU_PARALLEL" > "$T/gnu.sh"
	printf '#!/bin/sh\nexec env -i PATH=/usr/bin:/bin HOME=%s %s "$@"\n' \
		"$T/home" "$PARX" > "$T/parx.sh"
	chmod +x "$T/gnu.sh" "$T/parx.sh"
	GNU_PARALLEL=$T/gnu.sh PARX=$T/parx.sh
}

@test "gnu: --show-limits prints the limits on stdout, then runs the jobs" {
	in_env
	gnu_same --show-limits
	gnu_same --showlimits -k echo ::: 'a b' "it's" '' -n ü
	gnu_same_input $'echo hi\necho "x y"\n' --show-limits -k
	gnu_same_input $'1\n2\n3\n' --show-limits -k -j2 echo
	gnu_same --show-limits -X -k -j2 echo ::: 1 2 3
	gnu_same --show-limits -m -N2 -k echo ::: 1 2 3
	gnu_same --show-limits --dry-run echo ::: a
	gnu_same --show-limits false ::: a
}

@test "gnu: --show-limits with -s: the value given, or a warning over the usable length" {
	in_env
	gnu_same --show-limits -s 1000 echo ::: a
	gnu_same --show-limits -s 64 -X echo ::: a
	gnu_same --show-limits -s 63664 echo ::: a
	gnu_same --show-limits -s 63665 echo ::: a
	gnu_same --show-limits -s 1M -m echo ::: a
	run -0 --separate-stderr "$PARX" --show-limits -s 99999999 echo ::: a
	[[ "$stderr" =~ ^"parx: Warning: Value for option -s should be < "[0-9]+\.$ ]]
	[ "${lines[0]}" = "Maximal size of command: ${lines[0]##*: }" ]
	[ "${lines[4]}" = "press CTRL-D or CTRL-C" ]
	[ "${lines[5]}" = a ]
}

@test "gnu: --show-limits: -s 0 is the default; bad input is an error, nothing printed" {
	in_env
	gnu_same --show-limits -s 0 echo ::: a
	gnu_same -s 0 -X -k -j2 echo ::: 'a b' c
	run -255 --separate-stderr "$PARX" --show-limits --no-such-option echo ::: a
	expect ""
}

@test "gnu: -s over the usable length warns and packs -X to that length" {
	gnu_same -s 100000 -k echo ::: 'a b'
	gnu_same_input "$(seq 30000)"$'\n' -j1 -kX -s 70000 echo
	run -0 --separate-stderr "$PARX" -j1 -X echo < <(seq 100000)
	[ "${#lines[@]}" -gt 4 ]
	for l in "${lines[@]}"; do [ "${#l}" -le 63664 ]; done
}

# spread_grid MODE COUNTS JOBS TEMPLATE...: for every number of inputs
# from 0 to 12 (awkward values), every -n/-N in COUNTS and -j in JOBS, the
# same jobs as GNU parallel, in order with -k and sorted without (so the
# command must end its output with a newline: not `echo -n`).
spread_grid() {
	local mode=$1 counts=$2 jobs=$3 n c j k
	local vals=('a b' "it's" '' -n ü '"q"' $'t\tb' x '$y' '*' 1 22 333)
	shift 3
	for c in $counts; do for j in $jobs; do for n in $(seq 0 12); do
		for k in -k ""; do
			gnu_run_both /dev/null $mode $c -j$j $k "$@" ::: "${vals[@]:0:n}"
			if [ -z "$k" ]; then
				sort "$T/.gnu.out" > "$T/.s" && mv "$T/.s" "$T/.gnu.out"
				sort "$T/.parx.out" > "$T/.s" && mv "$T/.s" "$T/.parx.out"
			fi
			gnu_compare $mode $c -j$j $k "$@" ::: "${vals[@]:0:n}" || return 1
		done
	done; done; done
}

@test "gnu: -X -N spreads the last inputs over the slots, even when they fill -N" {
	gnu_same -k -X -N2 -j3 echo ::: 1 2 3 4 5 6
	gnu_same -k -X -N4 -j3 echo ::: 1 2 3 4
	gnu_same -k -X -N3 -j2 echo ::: 1 2 3 4 5 6
	spread_grid -X "-N2 -N3" "2 3" echo x
}

@test "gnu: -m -n and -X -n spread as GNU parallel does" {
	spread_grid -m "-n2 -N3" "3 5" echo x
	spread_grid -X "-n4" "2 4" echo 'x{}y'
}

@test "gnu: -X/-m spread with one slot and without -n/-N" {
	spread_grid -X "-N1 -n5" "1" echo x
	spread_grid -m "" "1 3" echo '<{}>'
}

@test "gnu: -X/-m with -j0 spread the last inputs one to a job" {
	gnu_same -k -X -j0 echo ::: 1 'a b' "it's" '' -n ü 7 8
	gnu_same -k -m -j0 -N3 echo x ::: 1 'a b' "it's" '' -n ü 7 8 9 10
}

@test "gnu: -X -N on stdin spreads the last inputs, read ahead to the end" {
	gnu_same_input $'1\n2\n3\n4\n' -k -X -N2 -j3 echo
	gnu_same_input $'a b\n\nc\n-n\n' -k -m -n2 -j2 echo
	gnu_same_input $'1\n2\n3\n4\n5\n6\n' -k -X -N3 -j2 echo a{}b
	gnu_same_input $'1\n2\n3\n4\n5\n6\n' -k -X -N2 -j3 echo {1}-{2} ::: - ::: x
}

@test "gnu: -X and -m count a command's length as GNU parallel: quoted as for a shell" {
	local vals=() i
	for i in $(seq 30); do vals+=("v$i" "a b$i" "it's" "ü$i" '$x' '"q"' '' -n); done
	for s in 100 101 102 150 333; do
		gnu_same -X -s $s -j1 -k echo x ::: "${vals[@]}"
		gnu_same -m -s $s -j1 -k echo x a{}b ::: "${vals[@]}"
		gnu_same -X -s $s -j1 -k echo x {} {} ::: "${vals[@]}"
		gnu_same -X -s $s -j1 -k echo 'x  y' '<{}>' ::: "${vals[@]}"
		gnu_same -m -s $s -j1 -k 'echo x {} | cat' ::: "${vals[@]}"
		gnu_same -X -s $s -j1 -k --dry-run echo 'a{}b{}c' ::: "${vals[@]}"
	done
	gnu_same_input "$(seq 100000)"$'\n' -X -j1 -k echo
	gnu_same_input "$(seq 30000)"$'\n' -m -j3 -k echo a{}b
}
