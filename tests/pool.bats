#!/usr/bin/env bats
# The pool: job slots (-j N, N%, +N, -N, 0), process groups, stdin,
# the job environment, {%} slot reuse, --delay, --nice.

bats_require_minimum_version 1.5.0
load helper

# A job that logs its start and end around a sleep of $1 seconds.
span() { echo "echo + {} >> log; sleep $1; echo - {} >> log"; }

# most_at_once: the largest number of jobs running at once in ./log.
most_at_once() {
	awk '$1 == "+" { if (++n > m) m = n } $1 == "-" { n-- } END { print m + 0 }' log
}

# concurrency OPTION...: run parx OPTION... with more one-second jobs than
# 2 x CPUs + 1 slots, and print the most that ran at once.
concurrency() {
	rm -f log
	"$PARX" "$@" "$(span 1)" ::: $(seq $((2 * $(nproc) + 2))) || return 1
	most_at_once
}

# DEFAULT_SLOTS: how many jobs run at once without -j, measured once.
setup_file() {
	cd "$BATS_FILE_TMPDIR" || return 1
	DEFAULT_SLOTS=$(concurrency)
	export DEFAULT_SLOTS
}

@test "-j 3 runs three jobs at once, no more" {
	"$PARX" -j 3 "$(span 1)" ::: 1 2 3 4 5 6
	[ "$(most_at_once)" -eq 3 ]
}

@test "--jobs 2 runs two jobs at once" {
	"$PARX" --jobs 2 "$(span 1)" ::: 1 2 3 4
	[ "$(most_at_once)" -eq 2 ]
}

@test "-P 2 runs two jobs at once" {
	"$PARX" -P 2 "$(span 1)" ::: 1 2 3 4
	[ "$(most_at_once)" -eq 2 ]
}

@test "-j 1 runs the jobs one after another" {
	"$PARX" -j 1 "$(span 0.2)" ::: 1 2 3
	run cat log
	expect $'+ 1\n- 1\n+ 2\n- 2\n+ 3\n- 3'
}

@test "-j 0 runs 30 jobs at once" {
	"$PARX" -j 0 "$(span 3)" ::: $(seq 30)
	[ "$(most_at_once)" -eq 30 ]
}

@test "-j 100% is the default number of slots" {
	local d=$DEFAULT_SLOTS
	[ "$(concurrency -j 100%)" -eq "$d" ]
}

@test "-j 200% is twice the default number of slots" {
	local d=$DEFAULT_SLOTS
	[ "$(concurrency -j 200%)" -eq $((2 * d)) ]
}

@test "-j +1 is one slot more than the default" {
	local d=$DEFAULT_SLOTS
	[ "$(concurrency -j +1)" -eq $((d + 1)) ]
}

@test "-j -1 is one slot less than the default, at least one" {
	local d=$DEFAULT_SLOTS
	[ "$(concurrency -j -1)" -eq $((d > 1 ? d - 1 : 1)) ]
}

@test "the default number of slots is at most the CPUs available" {
	local d=$DEFAULT_SLOTS
	[ "$d" -ge 1 ]
	[ "$d" -le "$(nproc)" ]
}

@test "-j with a bad value is a usage error" {
	run --separate-stderr parx -j abc echo ::: a
	expect_status 255
	expect ""
	[ "${stderr%%$'\n'*}" = "parx: -j: invalid value 'abc' (N, N%, +N, -N or 0)" ]
}

@test "each job runs in its own process group" {
	run parx -k 'read -r pid comm state ppid pgrp rest < /proc/self/stat; [ "$pid" = "$pgrp" ] && echo own {}' ::: a b
	expect_status 0
	expect $'own a\nown b'
}

@test "a directly executed job leads its own process group" {
	printf '#!/bin/sh\nread -r pid comm state ppid pgrp rest < /proc/$$/stat\n[ "$$" = "$pgrp" ] && echo own "$1"\n' > pg
	chmod +x pg
	run parx -k ./pg ::: a b
	expect_status 0
	expect $'own a\nown b'
}

@test "a job's process group is not parx's" {
	run parx 'ps -o pgid= -p $PPID; ps -o pgid= -p $$ # {}' ::: a
	expect_status 0
	[ "$(printf '%s\n' "$output" | tr -d ' ' | sort -u | wc -l)" -eq 2 ]
}

@test "a job's stdin is /dev/null" {
	run parx readlink /proc/self/fd/{} ::: 0
	expect_status 0
	expect "/dev/null"
}

@test "a job does not read parx's stdin" {
	run parx -k 'cat; echo {}' < <(printf 'a\nb\n')
	expect_status 0
	expect $'a\nb'
}

@test "jobs see PARX_SEQ, PARX_SLOT, PARALLEL_SEQ, PARALLEL_JOBSLOT" {
	run parx -j1 -k 'echo $PARX_SEQ $PARX_SLOT $PARALLEL_SEQ $PARALLEL_JOBSLOT {}' ::: a b
	expect_status 0
	expect $'1 1 1 1 a\n2 1 2 1 b'
}

@test "a directly executed job sees PARX_SEQ and PARALLEL_SEQ" {
	printf '#!/bin/sh\necho "$PARX_SEQ $PARALLEL_SEQ $1"\n' > seqs
	chmod +x seqs
	run parx -k ./seqs ::: a b c
	expect_status 0
	expect $'1 1 a\n2 2 b\n3 3 c'
}

@test "PARX_SEQ and PARX_SLOT from parx's own environment are replaced" {
	PARX_SEQ=99 PARX_SLOT=99 PARALLEL_SEQ=99 PARALLEL_JOBSLOT=99 \
		run parx -j1 -k 'echo $PARX_SEQ $PARX_SLOT $PARALLEL_SEQ $PARALLEL_JOBSLOT' ::: a
	expect_status 0
	expect "1 1 1 1 a"
}

@test "PARX_SLOT is the job's {%} and PARX_SEQ its {#}" {
	run parx -j3 '[ "$PARX_SLOT" = {%} ] && [ "$PARX_SEQ" = {#} ] && echo ok' ::: 1 2 3 4 5 6
	expect_status 0
	expect $'ok\nok\nok\nok\nok\nok'
}

@test "{%} is reused only after its job ended" {
	run parx -j3 'echo + {%} >> log; sleep {}; echo - {%} >> log' \
		::: 0.5 0.1 0.3 0.2 0.4 0.1 0.3 0.1 0.2 0.5 0.1 0.2
	expect_status 0
	run awk '
		$1 == "+" { if (busy[$2]++) print "slot " $2 " reused while busy" }
		$1 == "-" { busy[$2]-- }
		$2 < 1 || $2 > 3 { print "slot " $2 " out of range" }' log
	expect ""
	[ "$(grep -c '^+' log)" -eq 12 ]
}

@test "--delay puts at least DUR between job starts" {
	run parx --delay 0.5 -j 4 'date +%s.%N >> log; echo {} >/dev/null' ::: 1 2 3 4
	expect_status 0
	run awk 'NR > 1 && $1 - prev < 0.45 { print "gap " $1 - prev } { prev = $1 }' log
	expect ""
	[ "$(wc -l < log)" -eq 4 ]
}

@test "--delay takes a unit" {
	run parx --delay 300ms -j 3 'date +%s.%N >> log; echo {} >/dev/null' ::: 1 2 3
	expect_status 0
	run awk 'NR > 1 && $1 - prev < 0.25 { print "gap " $1 - prev } { prev = $1 }' log
	expect ""
}

@test "--nice 5 runs jobs at niceness 5" {
	run parx --nice 5 'nice # {}' ::: a
	expect_status 0
	expect "5"
}

@test "--nice applies to directly executed jobs" {
	printf '#!/bin/sh\nnice\n' > nc
	chmod +x nc
	run parx --nice 7 ./nc ::: a
	expect_status 0
	expect "7"
}

@test "a job inherits no descriptor of parx's own" {
	# the same descriptors as a command run without parx (the test
	# runner's own included)
	want=$(ls /proc/self/fd)
	run "$PARX" 'ls /proc/self/fd # {}' ::: x
	expect_status 0
	expect "$want"
}
