#!/usr/bin/env bats
# --joblog, --resume, --resume-failed.
bats_require_minimum_version 1.5.0
load helper

@test "the joblog has GNU parallel's header and one line per job" {
	run --separate-stderr "$PARX" -j1 --joblog jl 'echo {}; exit {}' ::: 0 3
	expect_status 1
	run head -1 jl
	expect "$(printf 'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand')"
	run awk -F'\t' 'NR > 1 { print $1, $2, $5, $6, $7, $8, $9 }' jl
	expect "$(printf '1 : 0 2 0 0 echo 0; exit 0\n2 : 0 2 3 0 echo 3; exit 3')"
}

@test "joblog times: Starttime with 3 decimals, JobRuntime measured" {
	run "$PARX" --joblog jl 'sleep 0.3; : {}' ::: x
	expect_status 0
	run awk -F'\t' 'NR == 2 { print ($3 ~ /^[0-9]+\.[0-9][0-9][0-9]$/), ($4 >= 0.25 && $4 < 5) }' jl
	expect "1 1"
}

@test "a job killed by a signal logs Exitval -1 and the signal" {
	run "$PARX" --joblog jl 'kill -9 $$' ::: x
	expect_status 1
	run awk -F'\t' 'NR == 2 { print $7, $8 }' jl
	expect "-1 9"
}

@test "a job that is not found logs 127" {
	run --separate-stderr "$PARX" --joblog jl no-such-command-xyz ::: x
	expect_status 1
	[[ "$stderr" == *"no-such-command-xyz: command not found"* ]]
	run awk -F'\t' 'NR == 2 { print $7, $8 }' jl
	expect "127 0"
}

@test "the joblog is replaced, and +FILE appends" {
	"$PARX" --joblog jl echo ::: a b
	"$PARX" --joblog jl echo ::: c
	run wc -l < jl
	expect 2
	"$PARX" --joblog +jl echo ::: d
	run wc -l < jl
	expect 3
	run grep -c '^Seq' jl
	expect 1
}

@test "--resume skips jobs already logged" {
	"$PARX" -j1 --joblog jl --halt now,fail=1 'echo {}; [ {} != 3 ]' ::: 1 2 3 4 5 > /dev/null 2>&1 || true
	run --separate-stderr "$PARX" -j1 -k --joblog jl --resume 'echo {}' ::: 1 2 3 4 5
	expect_status 0
	expect "$(printf '4\n5')"
	run awk -F'\t' 'NR > 1 { print $1 }' jl
	expect "$(printf '1\n2\n3\n4\n5')"
}

@test "--resume-failed re-runs failed jobs and those never run" {
	"$PARX" -j1 --joblog jl --halt now,fail=1 'echo {}; [ {} != 3 ]' ::: 1 2 3 4 5 > /dev/null 2>&1 || true
	run --separate-stderr "$PARX" -j1 -k --joblog jl --resume-failed 'echo {}' ::: 1 2 3 4 5
	expect_status 0
	expect "$(printf '3\n4\n5')"
}

@test "--resume after an interrupted run runs the rest" {
	"$PARX" -j1 --joblog jl 'echo {}; [ {} = 2 ] && kill -INT $PPID; sleep 0.2' ::: 1 2 3 4 > /dev/null 2>&1 || true
	run --separate-stderr "$PARX" -j1 -k --joblog jl --resume 'echo {}' ::: 1 2 3 4
	expect_status 0
	expect "$(printf '3\n4')"
}

@test "--resume without --joblog is a usage error" {
	run --separate-stderr "$PARX" --resume echo ::: a
	expect_status 255
	[[ "$stderr" == *"--resume needs --joblog"* ]]
}

@test "an unwritable joblog is an error before any job runs" {
	run --separate-stderr "$PARX" --joblog /nonexistent/dir/jl 'touch ran' ::: a
	expect_status 255
	[[ "$stderr" == "parx: --joblog /nonexistent/dir/jl: No such file or directory" ]]
	[ ! -e ran ]
}
