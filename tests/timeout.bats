#!/usr/bin/env bats
# --timeout, --kill-after, --termseq: terminating a job's whole process group.
bats_require_minimum_version 1.5.0
load helper
# the failure summary (only on a terminal by default) is asserted here
export PARALLEL=--summary

@test "a job over its timeout is terminated and counted as failed" {
	run --separate-stderr "$PARX" --timeout 0.5 'sleep {}; echo done {}' ::: 0 30
	expect_status 1
	expect "done 0"
	[[ "$stderr" == *"#2 timeout (sleep 30; echo done 30)"* ]]
}

@test "a job that ignores SIGTERM is killed with signal 9 after --kill-after" {
	start=$(date +%s)
	run --separate-stderr "$PARX" --joblog jl --timeout 0.5 --kill-after 1 \
		'trap "" TERM; sleep 30 # {}' ::: x
	end=$(date +%s)
	expect_status 1
	[ $((end - start)) -lt 10 ]
	run cut -f 7,8 jl
	expect "$(printf 'Exitval\tSignal\n-1\t9')"
}

@test "the default termination is SIGTERM: the joblog shows signal 15" {
	run "$PARX" --joblog jl --timeout 0.3 'sleep 30 # {}' ::: x
	expect_status 1
	run cut -f 7,8 jl
	expect "$(printf 'Exitval\tSignal\n-1\t15')"
}

@test "--timeout leaves no grandchild of a shell job behind" {
	run "$PARX" --timeout 0.5 'sh -c "sleep 61 & sleep 61; wait"' ::: x
	expect_status 1
	no_procs "sleep 61"
}

@test "--termseq sends the whole sequence to a job that ignores it" {
	cat > stubborn <<'SH'
#!/bin/sh
trap 'echo got-term' TERM
trap 'echo got-int' INT
while :; do sleep 0.05; done
SH
	chmod +x stubborn
	run --separate-stderr "$PARX" --timeout 0.3 --termseq INT,300,TERM,300,KILL,25 ./stubborn ::: x
	expect_status 1
	expect "$(printf 'got-int\ngot-term')"
}

@test "the output a job printed before its timeout is kept" {
	run --separate-stderr "$PARX" --timeout 0.5 'echo before; sleep 30; echo after' ::: x
	expect_status 1
	expect "before"
}

@test "--timeout N% terminates jobs far slower than the median" {
	run --separate-stderr "$PARX" -j1 --timeout 300% 'sleep {}; echo {}' ::: 0.1 0.1 0.1 0.1 5
	expect_status 1
	expect "$(printf '0.1\n0.1\n0.1\n0.1')"
	[[ "$stderr" == *"#5 timeout"* ]]
}

@test "bad durations are usage errors naming the value" {
	run --separate-stderr "$PARX" --timeout 1x true ::: a
	expect_status 255
	[[ "$stderr" == *"--timeout: invalid value '1x'"* ]]
	run --separate-stderr "$PARX" --kill-after -1 true ::: a
	expect_status 255
	run --separate-stderr "$PARX" --termseq TERM,abc true ::: a
	expect_status 255
	[[ "$stderr" == *"--termseq: invalid value 'TERM,abc'"* ]]
}

@test "durations take units ms s m" {
	run --separate-stderr "$PARX" --timeout 300ms 'sleep 5' ::: a
	expect_status 1
	run "$PARX" --timeout 1m 'echo ok # {}' ::: a
	expect_status 0
	expect ok
}
