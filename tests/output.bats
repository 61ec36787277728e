#!/usr/bin/env bats
# Output: grouping in completion order, -k, --line-buffer, -u, --tag,
# --tagstring, stdout apart from stderr, spilling, jobs that fill a pipe.
#
# Jobs synchronise through files instead of sleeps: "wait_file F" in a job
# waits for ./F, "wait_line L F" for the line L in ./F (at most 30 s each),
# so every expected output is deterministic.

bats_require_minimum_version 1.5.0
load helper

W='wait_file() { i=0; until [ -e "$1" ] || [ $i -ge 600 ]; do sleep 0.05; i=$((i+1)); done; }; wait_line() { i=0; until grep -qx "$1" "$2" || [ $i -ge 600 ]; do sleep 0.05; i=$((i+1)); done; };'

# await_file F: wait (at most 30 s) until ./F exists.
await_file() {
	local i
	for i in $(seq 600); do
		[ -e "$1" ] && return 0
		sleep 0.05
	done
	echo "timed out waiting for $1" >&2
	return 1
}

# await_line LINE: wait (at most 30 s) until ./out holds the line LINE.
await_line() {
	local i
	for i in $(seq 600); do
		grep -qxF -- "$1" out 2>/dev/null && return 0
		sleep 0.05
	done
	echo "timed out waiting for line $1 in out" >&2
	return 1
}

# same_file CONTENT: ./out must hold exactly CONTENT.
same_file() {
	output=$(cat out)
	expect "$1"
}

# --- grouping --------------------------------------------------------------

@test "a job's output is one block even when another job prints meanwhile" {
	"$PARX" -j2 ::: "$W echo a1; wait_line b1 out; echo a2" "echo b1" > out
	same_file $'b1\na1\na2'
}

@test "--group is the default grouping" {
	"$PARX" --group -j2 ::: "$W echo a1; wait_line b1 out; echo a2" "echo b1" > out
	same_file $'b1\na1\na2'
}

@test "groups come in completion order" {
	"$PARX" -j3 ::: "$W wait_line 2 out; echo 1" "$W wait_line 3 out; echo 2" \
		"echo 3" > out
	same_file $'3\n2\n1'
}

@test "stderr is grouped per job too" {
	"$PARX" -j2 ::: "$W echo a1 >&2; wait_line b1 err; echo a2 >&2" \
		"echo b1 >&2" 2> err > out
	same_file ""
	output=$(cat err)
	expect $'b1\na1\na2'
}

@test "output without a final newline is kept as it is" {
	run parx -k 'printf {}' ::: a b
	expect_status 0
	expect "ab"
}

@test "the output of a failed job is printed" {
	run --separate-stderr parx -k 'echo {}; exit 2' ::: a
	expect_status 1
	expect "a"
}

@test "large outputs of concurrent jobs stay whole" {
	run parx -j4 'head -c 300000 /dev/zero | tr "\0" {}' ::: a b c d
	expect_status 0
	[ "${#output}" -eq 1200000 ]
	[ "$(printf %s "$output" | tr -s abcd | fold -w1 | sort | tr -d '\n')" = abcd ]
}

# --- -k --------------------------------------------------------------------

@test "-k prints in input order" {
	run parx -k -j2 ::: "$W echo a1; wait_file b-done; echo a2" \
		"$W echo b1; touch b-done"
	expect_status 0
	expect $'a1\na2\nb1'
}

@test "--keep-order prints in input order" {
	run parx --keep-order -j3 ::: "$W wait_file 2; echo 1" \
		"$W wait_file 3; echo 2; touch 2" "echo 3; touch 3"
	expect_status 0
	expect $'1\n2\n3'
}

@test "-k streams the oldest job live while later ones wait" {
	"$PARX" -k -j2 ::: "$W echo a1; wait_file go; echo a2" \
		"$W echo b1; touch b-done" > out &
	local pid=$!
	await_file b-done
	await_line a1
	sleep 0.3
	same_file "a1"
	touch go
	wait "$pid"
	same_file $'a1\na2\nb1'
}

@test "-k keeps stderr in input order as well" {
	run --separate-stderr parx -k -j2 ::: "$W echo a1 >&2; wait_file b-done; echo a2 >&2" \
		"$W echo b1 >&2; touch b-done"
	expect_status 0
	[ "$stderr" = $'a1\na2\nb1' ]
}

# --- --line-buffer -----------------------------------------------------------

@test "--line-buffer prints each line of any job as soon as it is complete" {
	"$PARX" --line-buffer -j2 ::: "$W echo a1; wait_file go; echo a2" \
		'until grep -q a1 out; do sleep 0.05; done; echo b1; touch b-done' > out &
	local pid=$!
	await_file b-done
	await_line b1
	same_file $'a1\nb1'
	touch go
	wait "$pid"
	same_file $'a1\nb1\na2'
}

@test "--lb never prints a partial line" {
	"$PARX" --lb -j2 ::: "$W printf par; touch a-half; wait_file go; echo tial" \
		"$W wait_file a-half; echo whole; touch b-done" > out &
	local pid=$!
	await_file b-done
	await_line whole
	sleep 0.3
	same_file "whole"
	touch go
	wait "$pid"
	same_file $'whole\npartial'
}

@test "--lb with -k streams the oldest job and holds the others' lines" {
	"$PARX" --lb -k -j2 ::: "$W echo a1; wait_file go; echo a2" \
		"$W echo b1; touch b-done" > out &
	local pid=$!
	await_file b-done
	await_line a1
	sleep 0.3
	same_file "a1"
	touch go
	wait "$pid"
	same_file $'a1\na2\nb1'
}

@test "--lb prints a last line without newline when the job ends" {
	run parx --lb -k 'printf {}' ::: a b
	expect_status 0
	expect "ab"
}

# --- -u ----------------------------------------------------------------------

@test "-u lets jobs write straight through, interleaved" {
	run parx -u -j2 ::: "$W printf par; touch a-half; wait_file b-done; echo tial" \
		"$W wait_file a-half; echo whole; touch b-done"
	expect_status 0
	expect $'parwhole\ntial'
}

@test "--ungroup is -u" {
	run parx --ungroup -j2 ::: "$W printf par; touch a-half; wait_file b-done; echo tial" \
		"$W wait_file a-half; echo whole; touch b-done"
	expect_status 0
	expect $'parwhole\ntial'
}

# --- --tag, --tagstring ------------------------------------------------------

@test "--tag prefixes each line with the input and a TAB" {
	run parx -k --tag 'echo {}; echo x' ::: a b
	expect_status 0
	expect $'a\ta\na\tx\nb\tb\nb\tx'
}

@test "--tag with two sources uses both values" {
	run parx -k --tag echo ::: a b ::: 1
	expect_status 0
	expect $'a 1\ta 1\nb 1\tb 1'
}

@test "--tag prefixes stderr lines too" {
	run --separate-stderr parx -k --tag 'echo out; echo err >&2 # {}' ::: a
	expect_status 0
	expect $'a\tout'
	[ "$stderr" = $'a\terr' ]
}

@test "--tag prefixes a last line without newline" {
	run parx -k --tag 'printf "x\ny"' ::: a
	expect_status 0
	expect $'a\tx\na\ty'
}

@test "--tag with -n uses the chunk's inputs" {
	run parx -k --tag -n 2 echo ::: a b c
	expect_status 0
	expect $'a b\ta b\nc\tc'
}

@test "--tag works with --line-buffer" {
	run parx --lb -k --tag echo ::: a b
	expect_status 0
	expect $'a\ta\nb\tb'
}

@test "--tagstring prefixes with the expanded string and a TAB" {
	run parx -k --tagstring '{}-{#}' echo ::: a b
	expect_status 0
	expect $'a-1\ta\nb-2\tb'
}

@test "--tagstring takes positional replacement strings" {
	run parx -k --tagstring '{2}:' echo ::: a ::: 1
	expect_status 0
	expect $'1:\ta 1'
}

# --- stdout and stderr apart -------------------------------------------------

@test "stdout and stderr are never merged, in any output mode" {
	local mode
	for mode in --group -k --lb '--lb -k' -u; do
		run --separate-stderr parx $mode -j1 'echo out{}; echo err{} >&2' ::: 1 2
		expect_status 0
		expect $'out1\nout2'
		[ "$stderr" = $'err1\nerr2' ] || { echo "mode $mode: $stderr" >&2; return 1; }
	done
}

@test "30 concurrent jobs alternating 3 MB runs on stdout and stderr do not mix" {
	printf '#!/bin/sh\nfor i in 1 2; do\n  head -c 3000000 /dev/zero | tr "\\0" "$1"\n  head -c 3000000 /dev/zero | tr "\\0" "$1" >&2\ndone\n' > alt
	chmod +x alt
	local letters
	letters=$(printf '%s\n' A B C D E F G H I J K L M N O P Q R S T U V W X Y Z a b c d)
	timeout 300 "$PARX" -j30 ./alt ::: $letters > out 2> err
	[ "$(wc -c < out)" -eq 180000000 ]
	[ "$(wc -c < err)" -eq 180000000 ]
	# squeezing runs must leave each letter exactly once
	[ "$(tr -s A-Za-d < out | fold -w1 | sort | tr -d '\n')" = "$(printf %s $letters | sort | tr -d '\n')" ]
	[ "$(tr -s A-Za-d < err | fold -w1 | sort | tr -d '\n')" = "$(printf %s $letters | sort | tr -d '\n')" ]
}

# --- memory, spilling, full pipes --------------------------------------------

@test "a held job's output spills to an unlinked file in \$TMPDIR" {
	# -k holds job 2's output while job 1 waits
	"$PARX" -k -j2 ::: "$W wait_file go; echo b" \
		"head -c 20000000 /dev/zero; touch a-done" > out &
	local pid=$!
	await_file a-done
	local i
	for i in $(seq 100); do
		ls -l /proc/$pid/fd 2>/dev/null | grep -q "$TMPDIR/.*(deleted)" && break
		sleep 0.1
	done
	ls -l /proc/$pid/fd | grep -q "$TMPDIR/.*(deleted)"
	[ -z "$(ls -A "$TMPDIR")" ]
	touch go
	wait "$pid"
	[ "$(wc -c < out)" -eq 20000002 ]
	[ -z "$(ls -A "$TMPDIR")" ]
}

@test "a grouped job printing 200 MB keeps parx under 64 MB" {
	rss_run "$PARX" 'head -c 200000000 /dev/zero # {}' ::: a > out
	[ "$(wc -c < out)" -eq 200000000 ]
	echo "RSS ${RSS_KB} KB" >&2
	[ "$RSS_KB" -lt "$(rss_limit 65536)" ]
	[ -z "$(ls -A "$TMPDIR")" ]
}

@test "a job printing 4 GB with no newline through -k keeps parx under 64 MB" {
	mkfifo pipe
	wc -c < pipe > count &
	rss_run "$PARX" -k 'head -c 4000000000 /dev/zero # {}' ::: a > pipe
	wait
	[ "$(cat count)" -eq 4000000000 ]
	echo "RSS ${RSS_KB} KB" >&2
	[ "$RSS_KB" -lt "$(rss_limit 65536)" ]
}

@test "a later job that fills its pipe under -k does not stall the oldest" {
	run timeout 60 "$PARX" -k -j2 ::: "$W wait_file b-done; echo a" \
		'head -c 1000000 /dev/zero | tr "\0" b; touch b-done'
	expect_status 0
	[ "${#output}" -eq 1000002 ]
	[ "${output:0:2}" = $'a\n' ]
}

@test "a running job that fills its pipe does not stall the others" {
	timeout 60 "$PARX" -j2 ::: \
		'head -c 1000000 /dev/zero | tr "\0" a; touch a-done; '"$W"' wait_line b out' \
		"$W wait_file a-done; echo b" > out
	[ "$(wc -c < out)" -eq 1000002 ]
	[ "$(head -n 1 out)" = b ]
}

@test "a job filling both stdout and stderr pipes does not stall" {
	run --separate-stderr timeout 60 "$PARX" -k ::: \
		'head -c 1000000 /dev/zero | tr "\0" o & head -c 1000000 /dev/zero | tr "\0" e >&2; wait'
	expect_status 0
	[ "${#output}" -eq 1000000 ]
	[ "${#stderr}" -eq 1000000 ]
}

# --- pipe capacity ---------------------------------------------------------
# F_GETPIPE_SZ is 1032 on Linux.  cap.py reads stdin to EOF, then prints
# how many bytes came and the capacity of the pipe they came through.
cap_reader() {
	cat > cap.py <<'PY'
import fcntl, sys
n = len(sys.stdin.buffer.read())
print(n, fcntl.fcntl(0, 1032))
PY
}

@test "a pipe on stdout is raised to 1 MiB and the output is unchanged" {
	cap_reader
	head -c 3000000 /dev/zero | tr '\0' x > big
	run bash -c '"$PARX" -j2 cat ::: big big | python3 cap.py'
	expect_status 0
	expect "6000000 1048576"
	run bash -c '"$PARX" -u true ::: a | python3 cap.py'
	expect "0 1048576"
}

@test "the pipe of a job streaming live grows to 1 MiB; a buffered one keeps its size" {
	cat > job.py <<'PY'
import fcntl, sys
sys.stdout.buffer.write(b"x" * int(sys.argv[1]))
sys.stdout.flush()
print(sys.argv[1], fcntl.fcntl(1, 1032), file=sys.stderr)
PY
	run --separate-stderr "$PARX" -j1 python3 job.py ::: 3000000 100
	expect_status 0
	[ "${#output}" -eq 3000100 ]
	[ "$stderr" = $'3000000 1048576\n100 65536' ]
}

# Output of a try that failed and is retried never reaches parx's output,
# in any buffering mode.  (Needs the pool to hold an entry whose job may
# still be retried: output_hold(out, e, tries < retries) before each try.)
# FLAKY_BIG prints SIZE bytes of the try's number (1, 2 or 3), then a line,
# and fails on its first two tries.
FLAKY_BIG='n=$(cat c 2>/dev/null || echo 0); n=$((n + 1)); echo $n > c; head -c {} /dev/zero | tr "\0" $n; echo; echo err $n >&2; [ $n -ge 3 ]'

@test "--retries with -k: only the last try's output, stdout and stderr" {
	run --separate-stderr "$PARX" -k --retries 3 "$FLAKY_BIG" ::: 10
	expect_status 0
	expect "3333333333"
	[ "$stderr" = "err 3" ]
}

@test "--retries with --lb: lines of a failed try are not printed" {
	run --separate-stderr "$PARX" --lb --retries 3 "$FLAKY_BIG" ::: 10
	expect_status 0
	expect "3333333333"
	[ "$stderr" = "err 3" ]
}

@test "--retries with -k --lb: lines of a failed try are not printed" {
	run --separate-stderr "$PARX" -k --lb --retries 3 "$FLAKY_BIG" ::: 10
	expect_status 0
	expect "3333333333"
}

@test "--retries in group mode: a failed try past 1 MiB is not streamed" {
	run --separate-stderr "$PARX" --retries 3 "$FLAKY_BIG" ::: 3000000
	expect_status 0
	[ "$stderr" = "err 3" ]
	# 3 000 000 threes and a newline, nothing else
	[ "${#output}" = 3000000 ] && [ -z "$(tr -d 3 <<<"$output")" ]
}

@test "--retries with -k: a later job's output waits behind a retried head" {
	run --separate-stderr "$PARX" -k -j2 --retries 3 '[ {} = b ] && { echo b; exit 0; }; '"${FLAKY_BIG//\{\}/5}" ::: a b
	expect_status 0
	expect "$(printf '33333\nb')"
}
