#!/usr/bin/env bats
# Remote execution over ssh (-S, --sshloginfile, --ssh, --transfer,
# --return, --cleanup, --trc, --workdir, --env) against two real OpenSSH
# servers on 127.0.0.1 (see sshd.bash); "down" is a port nobody listens on.
bats_require_minimum_version 1.5.0
load helper
# the failure summary (only on a terminal by default) is asserted here
export PARALLEL=--summary
load sshd

setup_file() {
	SSHD_DIR=$(mktemp -d /tmp/parx-sshd.XXXXXX)
	export SSHD_DIR
	sshd_start "$SSHD_DIR"
}

teardown_file() {
	sshd_stop "$SSHD_DIR"
}

# rparx ARGS...: parx with the test servers' ssh configuration.
rparx() { "$PARX" --ssh "ssh -F $SSHD_DIR/ssh_config" "$@"; }

HOSTILE="My brother's 12\" *** record  (costs \$\$\$).jpg"

@test "jobs spread over both hosts and the joblog names each job's host" {
	run --separate-stderr rparx -j1 -S host1,host2 --joblog jl 'echo {} $PARX_SEQ' ::: a b
	expect_status 0
	run sort <<<"$output"
	expect "$(printf 'a 1\nb 2')"
	run bash -c 'cut -f 1,2,7,9 jl | sort'
	expect "$(printf '1\thost1\t0\techo a $PARX_SEQ\n2\thost2\t0\techo b $PARX_SEQ\nSeq\tHost\tExitval\tCommand')"
}

@test "--sshloginfile: N/ slots, comments, own ssh command; -k keeps input order" {
	# each line brings its own ssh command: --ssh false is not used
	printf '# two hosts\n\n2/ssh -F %s host1\n  2/ssh -F %s host2   # second\n' \
		"$SSHD_DIR/ssh_config" "$SSHD_DIR/ssh_config" > hosts
	run --separate-stderr "$PARX" --ssh false -k --slf hosts --joblog jl \
		'sleep 0.$((5 - {})); echo {}' ::: 1 2 3 4
	expect_status 0
	expect "$(printf '1\n2\n3\n4')"
	run bash -c 'tail -n +2 jl | cut -f 2 | sort | uniq -c | tr -s " "'
	expect "$(printf ' 2 host1\n 2 host2')"
}

@test "the job's variables and --env values reach the far side quoted" {
	export FOO="a 'b' \$c  \"d\""
	run --separate-stderr rparx -j1 -S host1 --env FOO \
		'echo $PARX_SEQ $PARX_SLOT $PARALLEL_SEQ $PARALLEL_JOBSLOT {}; printf "%s\n" "$FOO"' ::: x y
	expect_status 0
	expect "$(printf '1 1 1 1 x\n%s\n2 1 2 1 y\n%s' "$FOO" "$FOO")"
}

@test "a hostile value stays one literal word on the far side" {
	run --separate-stderr rparx -S host1 -k 'printf "[%s]\n" {}' ::: "$HOSTILE" '$(touch pwned)' '-n'
	expect_status 0
	expect "$(printf '[%s]\n[$(touch pwned)]\n[-n]' "$HOSTILE")"
	[ ! -e "$SSHD_DIR/home/pwned" ] && [ ! -e pwned ]
}

@test "--trc round trip of files in subdirectories, remote copies cleaned up" {
	mkdir -p in/deep/er far
	printf 'one\n' > in/a.txt
	printf 'two\nlines\n' > in/deep/er/b.txt
	run --separate-stderr rparx -S host1,host2 --trc {.}.n --workdir "$T/far" \
		'wc -l < {} > {.}.n' ::: in/a.txt in/deep/er/b.txt
	expect_status 0
	expect ""
	[ "$(cat in/a.n)" = 1 ] && [ "$(cat in/deep/er/b.n)" = 2 ]
	run find far
	expect "far"
}

@test "--trc jobs sharing directories on one far side survive each other's cleanup" {
	# four jobs at a time into one work directory: one job's cleanup may
	# rmdir a directory another job's transfer has just made
	local i r
	mkdir far
	for i in $(seq 60); do
		mkdir -p in/d$((i % 3))/e
		echo "$i" > in/d$((i % 3))/e/f$i.txt
	done
	for r in 1 2 3; do
		run --separate-stderr rparx -S 2/host1,2/host2 --trc {.}.n \
			--workdir "$T/far" 'wc -l < {} > {.}.n' ::: in/d*/e/f*.txt
		expect_status 0
		[ "$stderr" = "" ] || { echo "$stderr" >&2; false; }
	done
	run bash -c 'cat in/d*/e/*.n | sort | uniq -c'
	expect "     60 1"
	run find far
	expect "far"
}

@test "--transfer of 850 files in one -X job lists them once for tar" {
	# the script, one word of at most 128 KiB, holds each name three times
	# (tar, the command, rm): 850 names of 45 bytes fit, not with a fourth
	local i name total
	mkdir far
	for i in $(seq 850); do
		printf -v name 'file-%040d' "$i"
		: > "$name"
		echo "$name"
	done > list
	run --separate-stderr rparx -j1 -S host1 -X --transfer --cleanup \
		--workdir "$T/far" 'ls | wc -l # {}' :::: list
	expect_status 0
	[ "$stderr" = "" ] || { echo "$stderr" >&2; false; }
	# one job, which saw all of them
	expect "850"
	run find far
	expect "far"
}

# make_files N: N empty files with names of 60 bytes, listed in ./list.
make_files() {
	local i name
	for i in $(seq "$1"); do
		printf -v name 'file-%055d' "$i"
		: > "$name"
		echo "$name"
	done > list
}

# tagged_jobs N: $output holds "TAG<TAB>COUNT" lines from -X --tag jobs that
# each counted their transferred files; each tag must name COUNT files, and
# the tags together must be ./list in order.  At least N jobs.
tagged_jobs() {
	local line tag words
	[ "${#lines[@]}" -ge "$1" ] || { echo "${#lines[@]} jobs" >&2; false; }
	for line in "${lines[@]}"; do
		tag=${line%$'\t'*}
		read -r -a words <<<"$tag"
		[ "${#words[@]}" -eq "${line##*$'\t'}" ] || { echo "$line" >&2; false; }
	done
	printf '%s\n' "${lines[@]}" | cut -f 1 | tr ' ' '\n' | cmp - list
}

@test "a remote -X job too long for its script halves until it fits, inputs in order" {
	# 4000 names of 60 bytes, three times in the script (tar, command,
	# rm): far over 128 KiB, though the command alone fits
	mkdir far
	make_files 4000
	run --separate-stderr rparx -j1 -S host1 -X --tag --transfer --cleanup \
		--workdir "$T/far" 'ls | wc -l # {}' :::: list
	expect_status 0
	[ "$stderr" = "" ] || { echo "$stderr" >&2; false; }
	tagged_jobs 4
	# the first job halved more than once
	[ "${lines[0]##*$'\t'}" -le 1000 ]
	run find far
	expect "far"
}

@test "inputs given back run after the input ended, however the next start waits" {
	# one slot and --delay 2: the first job ends before the next may start
	mkdir far
	make_files 1000
	run --separate-stderr rparx -j2 --delay 2 -S 1/host1 -X --tag --transfer \
		--cleanup --workdir "$T/far" 'ls | wc -l # {}' :::: list
	expect_status 0
	[ "$stderr" = "" ] || { echo "$stderr" >&2; false; }
	tagged_jobs 2
}

@test "with --joblog a remote -X job too long for its script fails, not split" {
	# --resume goes by job numbers: they must mean the same inputs each run
	make_files 1000
	# one slot: -X spreads its last inputs over the slots, as GNU does
	run --separate-stderr rparx -S 1/host1 -X --transfer --cleanup --joblog jl \
		'ls | wc -l # {}' :::: list
	expect_status 1
	expect ""
	[[ "$stderr" == "parx: job 1: command too long ("*$'\n'"parx: 1 of 1 job failed: #1 too long ("* ]]
}

@test "--transfer of a file that is not there: tar says so once, and the job runs and fails" {
	mkdir far
	run --separate-stderr rparx -S host1 --transfer --workdir "$T/far" 'cat {}' ::: nosuch
	expect_status 1
	expect ""
	[ "$(grep -c 'nosuch: Cannot stat' <<<"$stderr")" -eq 1 ]
	[[ "${stderr##*$'\n'}" == "parx: 1 of 1 job failed: #1 exit 1 (cat nosuch)" ]]
}

@test "a hostile file name through --transfer and --return" {
	printf 'hostile\n' > "$HOSTILE"
	mkdir far
	run --separate-stderr rparx -S host1 --transfer --return {}.out --cleanup \
		--workdir "$T/far" 'cat {}; tr a-z A-Z < {} > {}.out' ::: "$HOSTILE"
	expect_status 0
	expect hostile
	[ "$(cat "$HOSTILE.out")" = HOSTILE ]
	run find far
	expect far
}

@test "--workdir ... runs each job in a fresh directory that --cleanup removes" {
	run --separate-stderr rparx -S 2/host1 --workdir ... --cleanup 'pwd # {}' ::: 1 2
	expect_status 0
	[ "${#lines[@]}" = 2 ]
	[[ "${lines[0]}" == "$SSHD_DIR/home/.parx/tmp/"* ]]
	[ "${lines[0]}" != "${lines[1]}" ]
	run find "$SSHD_DIR/home/.parx/tmp" -mindepth 1
	expect ""
}

@test "--timeout ends the remote command, not only the local ssh" {
	run --separate-stderr rparx -S host1 --timeout 1 'sleep 91; echo {}' ::: never
	expect_status 1
	expect ""
	[[ "$stderr" == *"#1 timeout"* ]]
	no_procs '^sleep 91$'
}

@test "--halt now,fail=1 ends the other remote jobs" {
	run --separate-stderr rparx -S 2/host1 --halt now,fail=1 \
		'if [ {} = 1 ]; then sleep 1; exit 4; fi; sleep 92' ::: 1 2
	expect_status 4
	no_procs '^sleep 92$'
}

@test "SIGINT ends the remote commands and parx exits 130" {
	# not through rparx: $! must be parx itself
	"$PARX" --ssh "ssh -F $SSHD_DIR/ssh_config" -S 2/host1 'sleep 93; echo {}' ::: 1 2 > out 2> err &
	PID=$!
	for _ in $(seq 100); do
		[ "$(pgrep -c -f '^sleep 93$')" = 2 ] && break
		sleep 0.1
	done
	[ "$(pgrep -c -f '^sleep 93$')" = 2 ]
	kill -INT "$PID"
	st=0
	wait "$PID" || st=$?
	[ "$st" = 130 ] || { echo "status $st"; cat err; false; }
	[ ! -s out ]
	no_procs '^sleep 93$'
}

@test "a host that is down: its jobs move to the other host, said once" {
	run --separate-stderr rparx -S 1/down,1/host1 --joblog jl 'echo {}' ::: 1 2 3 4 5 6
	expect_status 0
	run sort <<<"$output"
	expect "$(printf '1\n2\n3\n4\n5\n6')"
	[ "$(grep -c 'set aside' <<<"$stderr")" = 1 ]
	[[ "$stderr" == *"parx: down: set aside after 3 failed connections"* ]]
	run cut -f 2 jl
	expect "$(printf 'Host\nhost1\nhost1\nhost1\nhost1\nhost1\nhost1')"
}

@test "when no host can be reached every job fails" {
	run --separate-stderr rparx -S down 'echo {}' ::: 1 2
	expect_status 2
	expect ""
	[[ "$stderr" == *"parx: down: set aside after 3 failed connections"* ]]
	[[ "$stderr" == *"parx: no host left to run jobs on"* ]]
}

@test "exit statuses come back; a command's own 255 is not a lost connection" {
	run --separate-stderr rparx -j1 -S host1 --joblog jl 'exit {}' ::: 0 3 255
	expect_status 2
	[[ "$stderr" != *"set aside"* ]]
	run cut -f 7 jl
	expect "$(printf 'Exitval\n0\n3\n255')"
}

@test ": runs jobs on this machine next to a remote host" {
	run --separate-stderr rparx -j1 -S :,host1 --joblog jl 'echo {} $HOME' ::: a b
	expect_status 0
	run sort <<<"$output"
	expect "$(printf 'a %s\nb %s' "$HOME" "$SSHD_DIR/home")"
	run cut -f 2 jl
	expect "$(printf 'Host\n:\nhost1')"
}

@test "connections are reused through a private directory that is removed" {
	run --separate-stderr rparx -j1 -S :,host1 \
		'if [ {} = local ]; then stat -c %a "$TMPDIR"/parx-ssh.*; ls "$TMPDIR"/parx-ssh.*; fi' ::: local remote
	expect_status 0
	expect "$(printf '700\n1-0')"
	run ls -A "$TMPDIR"
	expect ""
	no_procs "ControlPath=$TMPDIR"
}

@test "PARX_SSH_NO_REUSE=1 runs every job over its own connection" {
	export PARX_SSH_NO_REUSE=1
	run --separate-stderr rparx -S host1,host2 -k 'echo {}' ::: 1 2 3
	expect_status 0
	expect "$(printf '1\n2\n3')"
	run ls -A "$TMPDIR"
	expect ""
}

@test "--pipe feeds each block to a remote command's stdin" {
	run --separate-stderr bash -c 'seq 10 | "$0" --ssh "ssh -F $1" -S host1 --pipe -N 4 -k wc -l' "$PARX" "$SSHD_DIR/ssh_config"
	expect_status 0
	expect "$(printf '4\n4\n2')"
}

@test "a bad host list is a usage error" {
	run --separate-stderr rparx --slf missing echo ::: 1
	expect_status 255
	[[ "$stderr" == "parx: --sshloginfile missing: No such file or directory"* ]]
	run --separate-stderr rparx -S 0/host1 echo ::: 1
	expect_status 255
	[[ "$stderr" == *"the slot count must be at least 1"* ]]
}

@test "--dry-run prints the commands and connects to no host" {
	run --separate-stderr rparx --dry-run -S down 'echo {}' ::: a b
	expect_status 0
	expect "$(printf 'echo a\necho b')"
	[ -z "$stderr" ]
}

@test "SIGINT while connecting ends parx with 130 and leaves nothing behind" {
	printf '#!/bin/sh\nsleep 94\nexec ssh -F "%s/ssh_config" "$@"\n' "$SSHD_DIR" > slowssh
	chmod +x slowssh
	"$PARX" --ssh ./slowssh -S host1 'echo {}' ::: a > out 2> err &
	PID=$!
	for _ in $(seq 100); do
		pgrep -f '^sleep 94$' >/dev/null && break
		sleep 0.1
	done
	kill -INT "$PID"
	st=0
	wait "$PID" || st=$?
	[ "$st" = 130 ] || { echo "status $st"; cat err; false; }
	[ ! -s out ]
	run ls -A "$TMPDIR"
	expect ""
	no_procs '^sleep 94$'
}

@test "--results FILE.jsonl names the host each job ran on" {
	run --separate-stderr rparx -j1 -S :,host1 --results r.jsonl 'echo {}' ::: a b
	expect_status 0
	run python3 -c '
import json
print(" ".join(sorted(json.loads(l)["host"] for l in open("r.jsonl"))))'
	expect ": host1"
}

@test "an ssh command that cannot exec is reported as what it is, for the master and the job" {
	printf '#!/nonexistent/interp\n' >badssh
	chmod +x badssh
	run --separate-stderr "$PARX" --ssh ./badssh -S host1 --joblog jl echo ::: 1
	expect_status 1
	expect ""
	[ "$stderr" = "parx: ./badssh: interpreter not found
parx: ./badssh: interpreter not found
parx: 1 of 1 job failed: #1 not found (echo 1)" ]
	run cut -f 2,7 jl
	expect "Host	Exitval
host1	127"
}

@test "{host} and {sshlogin} on a remote host, and its PARALLEL_SSHHOST, as GNU parallel gives them" {
	load gnudiff
	unset PARALLEL	# --summary is parx's own
	local ssh="ssh -F $SSHD_DIR/ssh_config"
	gnu_same --ssh "$ssh" -S host1 -k --plus \
		echo '{host}' '{sshlogin}' '"[{agrp}]"' '"[{hgrp}]"' '"$PARALLEL_SSHHOST"' ::: a "it's"
	gnu_same --ssh "$ssh" -S 2/root@host1 -k --plus echo '{host}' '{sshlogin}' '$PARALLEL_SSHLOGIN' ::: a
	run --separate-stderr rparx -j1 -S :,root@host1 --plus 'echo {host} {sshlogin}' ::: a b c d
	expect_status 0
	run sort -u <<<"$output"
	expect ": :
host1 root@host1"
}
