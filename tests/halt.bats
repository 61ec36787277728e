#!/usr/bin/env bats
# --halt and --retries.
bats_require_minimum_version 1.5.0
load helper
# the failure summary (only on a terminal by default) is asserted here
export PARALLEL=--summary

@test "--halt now,fail=1 stops at the first failure with its exit value" {
	run --separate-stderr "$PARX" -j1 --halt now,fail=1 'echo {}; exit {}' ::: 0 3 0
	expect_status 3
	expect "$(printf '0\n3')"
}

@test "--halt now,fail=1 terminates the running jobs" {
	start=$(date +%s)
	run --separate-stderr "$PARX" -j2 --halt now,fail=1 'sleep {}; exit 4' ::: 0.2 81
	end=$(date +%s)
	expect_status 4
	[ $((end - start)) -lt 20 ]
	no_procs "sleep 81"
}

@test "--halt soon,fail=2 lets running jobs finish and starts no more" {
	run --separate-stderr "$PARX" -j1 --halt soon,fail=2 'echo {}; exit {}' ::: 0 3 4 0 5
	expect_status 4
	expect "$(printf '0\n3\n4')"
}

@test "--halt soon,fail waits for the running job" {
	run --separate-stderr "$PARX" -j2 --halt soon,fail=1 \
		'if [ {} = a ]; then exit 2; else sleep 1; echo {}; fi' ::: a b
	expect_status 2
	expect b
}

@test "--halt now,success=1 stops at the first success with status 0" {
	run --separate-stderr "$PARX" -j1 --halt now,success=1 'echo {}; exit {}' ::: 3 0 4
	expect_status 0
	expect "$(printf '3\n0')"
}

@test "--halt now,done=2 stops after two jobs" {
	run --separate-stderr "$PARX" -j1 --halt now,done=2 'echo {}; exit {}' ::: 3 0 4
	expect_status 1
	expect "$(printf '3\n0')"
}

@test "--halt soon,fail=50% stops when half the jobs failed" {
	run --separate-stderr "$PARX" -j1 --halt soon,fail=50% 'echo {}; exit {}' ::: 1 2 0 0
	expect_status 2
	expect "$(printf '1\n2')"
}

@test "--halt never runs everything" {
	run --separate-stderr "$PARX" -j1 --halt never 'exit {}' ::: 1 2 0
	expect_status 2
}

@test "a bad --halt is a usage error" {
	run --separate-stderr "$PARX" --halt sometimes true ::: a
	expect_status 255
	[[ "$stderr" == *"--halt: invalid value 'sometimes'"* ]]
}

@test "--retries runs a failing job again until it succeeds" {
	run --separate-stderr "$PARX" --joblog jl --retries 3 \
		'echo try >> tries; [ $(wc -l < tries) -ge 3 ] && echo ok {}' ::: x
	expect_status 0
	expect "ok x"
	run cat tries
	expect "$(printf 'try\ntry\ntry')"
	run awk -F'\t' 'NR > 1 { print $1, $7 }' jl
	expect "1 0"
}

@test "--retries gives up after N tries in all" {
	run --separate-stderr "$PARX" --retries 2 'echo try >> tries; exit 5' ::: x
	expect_status 1
	run wc -l < tries
	expect 2
}

@test "only the last try's output is printed" {
	run --separate-stderr "$PARX" --retries 3 \
		'echo try >> tries; n=$(wc -l < tries); echo attempt $n {}; [ $n -ge 2 ]' ::: x
	expect_status 0
	expect "attempt 2 x"
}
