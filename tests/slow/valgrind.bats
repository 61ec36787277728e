#!/usr/bin/env bats
# parx under valgrind (memcheck): a representative set of runs must show
# no invalid access, no use of uninitialised memory and no leak.  Jobs are
# not traced (only parx itself), nor is the keeper, a fork of parx that
# ends with _exit and so never frees its copy of parx's memory.  Needs
# valgrind.

load ../helper
bats_require_minimum_version 1.5.0

# vg ARGS...: run parx ARGS under memcheck; its report goes to $T/vg.log.
# A memcheck error makes the status 99.
vg() {
	valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible --track-fds=no \
		--child-silent-after-fork=yes \
		--error-exitcode=99 --log-file="$T/vg.log" "$PARX" "$@"
}

# clean: the memcheck report is empty (-q prints only problems).
clean() {
	if [ -s "$T/vg.log" ]; then
		cat "$T/vg.log" >&2
		return 1
	fi
}

@test "valgrind: -k with spilled output" {
	run vg -k 'head -c 300000 /dev/zero | tr "\0" {}; echo' ::: a b c
	expect_status 0
	[ "${#output}" -eq $((3 * 300001 - 1)) ]
	clean
}

@test "valgrind: --tag and --tagstring" {
	run vg -k --tag echo ::: a 'b c'
	expect_status 0
	expect $'a\ta\nb c\tb c'
	clean
	run vg -k --tagstring '{#}-{/}' echo ::: x/y
	expect_status 0
	expect $'1-y\tx/y'
	clean
}

@test "valgrind: -n and -X from stdin" {
	seq 7 > nums
	run vg -k -n 3 echo < nums
	expect_status 0
	expect $'1 2 3\n4 5 6\n7'
	clean
	seq 1000 > nums
	run vg -k -X -s 2000 echo 'pre{}post' < nums
	expect_status 0
	[ "$(wc -w <<<"$output")" -eq 1000 ]
	[ "$(wc -l <<<"$output")" -gt 1 ]
	clean
}

@test "valgrind: --joblog, then --resume-failed" {
	run vg -k --joblog jl 'exit {}' ::: 0 1 0 2
	expect_status 2
	clean
	run vg -k --resume-failed --joblog jl echo ::: 0 1 0 2
	expect_status 0
	expect $'1\n2'
	clean
}

@test "valgrind: --results DIR and FILE.jsonl" {
	run vg -k --results res echo ::: a b
	expect_status 0
	[ "$(cat res/1/b/stdout)" = b ]	# GNU parallel's layout
	clean
	run vg -k --results r.jsonl echo ::: a b
	expect_status 0
	[ "$(wc -l < r.jsonl)" -eq 2 ]
	clean
}

@test "valgrind: failures, --halt, --timeout and the summary" {
	run vg -k --timeout 0.5 --halt soon,fail=2 eval ::: 'exit 3' 'sleep 5' true 'exit 4'
	[ "$status" -ne 99 ]
	[ "$status" -ne 0 ]
	clean
}

@test "valgrind: --colsep, two sources, -0 input, --pipe" {
	run vg -k --colsep , echo {2} {1} ::: a,b c,d
	expect_status 0
	expect $'b a\nd c'
	clean
	run vg -k echo {1}{2} ::: a b :::+ 1 2
	expect_status 0
	expect $'a1\nb2'
	clean
	printf 'x\0y z\0' > in0
	run vg -0 -k -a in0 echo
	expect_status 0
	expect $'x\ny z'
	clean
	seq 1000 > nums
	run vg --pipe --block 1k -k wc -l < nums
	expect_status 0
	[ "$(awk '{ s += $1 } END { print s }' <<<"$output")" -eq 1000 ]
	clean
}

@test "valgrind: no-command mode and --dry-run" {
	printf '%s\n' 'echo one' 'echo "two  words"' > cmds
	run vg -k < cmds
	expect_status 0
	expect $'one\ntwo  words'
	clean
	run vg --dry-run echo {} ::: "it's"
	expect_status 0
	expect "echo 'it'\"'\"'s'"
	clean
}
