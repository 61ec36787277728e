#!/usr/bin/env bats
# Exit status and the failure summary: 0, the number of failed jobs, 101,
# 255; what counts as a failure; commands that cannot start.

bats_require_minimum_version 1.5.0
load helper
# the failure summary (only on a terminal by default) is asserted here
export PARALLEL=--summary

# lines: the number of lines in $stderr.
lines() { [ -z "$stderr" ] && echo 0 || printf '%s\n' "$stderr" | wc -l; }

@test "all jobs succeeding exits 0 with nothing on stderr" {
	run --separate-stderr parx -k 'echo {}; exit 0' ::: a b
	expect_status 0
	expect $'a\nb'
	[ "$stderr" = "" ]
}

@test "the exit status is the number of failed jobs" {
	run --separate-stderr parx -j1 'exit {}' ::: 0 1 2 3
	expect_status 3
	expect ""
	[ "$stderr" = "parx: 3 of 4 jobs failed: #2 exit 1 (exit 1); #3 exit 2 (exit 2); #4 exit 3 (exit 3)" ]
}

@test "one failed job exits 1 and says so on one line" {
	run --separate-stderr parx -k 'echo {}; exit 3' ::: a
	expect_status 1
	expect "a"
	[ "$stderr" = "parx: 1 of 1 job failed: #1 exit 3 (echo a; exit 3)" ]
}

@test "the summary shows the first 40 bytes of a failed command, then ..." {
	local a31 a32
	a31=$(printf 'a%.0s' $(seq 31))
	a32=${a31}a
	# "exit 1 # " and 31 bytes: 40 in all, shown whole; one more is cut
	run --separate-stderr parx -k 'exit 1 # {}' ::: "$a31" "$a32"
	expect_status 2
	[ "$stderr" = "parx: 2 of 2 jobs failed: #1 exit 1 (exit 1 # $a31); #2 exit 1 (exit 1 # $a31...)" ]
}

@test "a job exiting 255 counts as one failure" {
	run --separate-stderr parx 'exit 255 # {}' ::: a
	expect_status 1
	[ "$stderr" = "parx: 1 of 1 job failed: #1 exit 255 (exit 255 # a)" ]
}

@test "100 failed jobs exit 100" {
	run --separate-stderr parx 'exit 1 # {}' ::: $(seq 100)
	expect_status 100
	[ "$(lines)" -eq 1 ]
	[[ "$stderr" == "parx: 100 of 100 jobs failed: "* ]]
}

@test "101 failed jobs exit 101" {
	run --separate-stderr parx 'exit 1 # {}' ::: $(seq 101)
	expect_status 101
	[[ "$stderr" == "parx: 101 of 101 jobs failed: "* ]]
}

@test "150 failed jobs exit 101" {
	run --separate-stderr parx 'exit 1 # {}' ::: $(seq 150)
	expect_status 101
	[[ "$stderr" == "parx: 150 of 150 jobs failed: "* ]]
}

@test "the summary names at most ten failed jobs" {
	run --separate-stderr parx -j1 'exit 1 # {}' ::: $(seq 12)
	expect_status 12
	[ "$(lines)" -eq 1 ]
	[[ "$stderr" == "parx: 12 of 12 jobs failed: #1 exit 1 (exit 1 # 1); #2 exit 1 (exit 1 # 2); "* ]]
	[ "$(printf %s "$stderr" | grep -o '#[0-9]* exit' | wc -l)" -eq 10 ]
}

@test "the summary counts only the failed jobs" {
	run --separate-stderr parx -j1 '[ {} -ne 2 ]' ::: 1 2 3
	expect_status 1
	[ "$stderr" = "parx: 1 of 3 jobs failed: #2 exit 1 ([ 2 -ne 2 ])" ]
}

@test "a job killed by a signal fails and the summary names the signal" {
	run --separate-stderr parx -k 'echo {}; kill -9 $$' ::: a
	expect_status 1
	expect "a"
	[ "$stderr" = 'parx: 1 of 1 job failed: #1 signal 9 (echo a; kill -9 $$)' ]
}

@test "a job killed by SIGTERM fails with signal 15" {
	run --separate-stderr parx 'kill -TERM $$ # {}' ::: a
	expect_status 1
	[ "$stderr" = 'parx: 1 of 1 job failed: #1 signal 15 (kill -TERM $$ # a)' ]
}

@test "a command that is not found fails and is named" {
	run --separate-stderr parx -j1 nosuchcmd-parx ::: a b
	expect_status 2
	expect ""
	[ "$stderr" = "parx: nosuchcmd-parx: command not found
parx: nosuchcmd-parx: command not found
parx: 2 of 2 jobs failed: #1 not found (nosuchcmd-parx a); #2 not found (nosuchcmd-parx b)" ]
}

@test "a command that is not found fails with the summary 'not found'" {
	run --separate-stderr parx -j1 ./nosuchcmd ::: a
	expect_status 1
	expect ""
	[ "$stderr" = "parx: ./nosuchcmd: command not found
parx: 1 of 1 job failed: #1 not found (./nosuchcmd a)" ]
}

@test "a command that is not executable fails and is named" {
	printf '#!/bin/sh\necho ran\n' > noexec
	chmod 644 noexec
	run --separate-stderr parx -j1 ./noexec ::: a
	expect_status 1
	expect ""
	[ "$stderr" = "parx: ./noexec: permission denied
parx: 1 of 1 job failed: #1 not executable (./noexec a)" ]
}

@test "a command not found through the shell exits 127 and fails" {
	run --separate-stderr parx 'nosuchcmd-parx {} | true; nosuchcmd-parx' ::: a
	expect_status 1
	expect ""
	[[ "$stderr" == *"nosuchcmd-parx: "*"not found"* ]]
	[[ "${stderr##*$'\n'}" == "parx: 1 of 1 job failed: #1 "* ]]
}

@test "jobs that cannot start do not stop the others" {
	run --separate-stderr parx -k ::: 'echo a' ./nosuchcmd 'echo b'
	expect_status 1
	expect $'a\nb'
}

@test "a shell builtin as the command works" {
	run --separate-stderr parx -j1 exit ::: 0 3
	expect_status 1
	[ "$stderr" = "parx: 1 of 2 jobs failed: #2 exit 3 (exit 3)" ]
}

@test "the summary goes to stderr, never stdout" {
	run --separate-stderr parx 'exit 1 # {}' ::: a
	expect_status 1
	expect ""
	[ "$(lines)" -eq 1 ]
}

@test "a missing input file exits 255 without running jobs" {
	run --separate-stderr parx echo ran ::: a :::: nosuchfile
	expect_status 255
	expect ""
	[ "$stderr" = "parx: nosuchfile: No such file or directory" ]
}

@test "a directory as input file exits 255" {
	run --separate-stderr parx echo ran :::: /
	expect_status 255
	expect ""
	[ "$stderr" = "parx: /: Is a directory" ]
}

@test "an unknown option exits 255 without running anything" {
	run --separate-stderr parx --no-such-option echo ran ::: a
	expect_status 255
	expect ""
}
