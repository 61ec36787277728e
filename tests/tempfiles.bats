#!/usr/bin/env bats
# Temp files: buffered output spills to unlinked files in $TMPDIR; none is
# ever left there, not even when parx is killed with SIGKILL, and any
# $TMPDIR name works.

load helper
# the failure summary (only on a terminal by default) is asserted here
export PARALLEL=--summary
bats_require_minimum_version 1.5.0

setup_file_extra() { export T; }

# spill_fds PID: how many of PID's descriptors are files in $TMPDIR.
spill_fds() {
	local n=0 f
	for f in /proc/"$1"/fd/*; do
		[[ "$(readlink "$f" 2>/dev/null)" == "$TMPDIR/"* ]] && n=$((n + 1))
	done
	echo "$n"
}

# wait_spills PID N: wait up to 20 s until PID holds N spill files.
wait_spills() {
	local i
	for i in $(seq 200); do
		[ "$(spill_fds "$1")" -ge "$2" ] && return 0
		sleep 0.1
	done
	echo "parx never held $2 spill files" >&2
	return 1
}

# big_tmpdir: a $TMPDIR named with spaces, quotes, backticks, $() and a
# newline.
big_tmpdir() {
	TMPDIR="$T/tmp/a b 'c' \"d\" \`touch pwned1\` \$(touch pwned2)"$'\n'"e"
	mkdir -p "$TMPDIR"
	export TMPDIR
}

@test "SIGKILL while jobs hold spilled output leaves no file in \$TMPDIR" {
	"$PARX" -k -j 3 'head -c 5000000 /dev/zero; exec sleep {}' ::: 61 62 63 \
		> out 2>&1 &
	pid=$!
	wait_spills "$pid" 2		# jobs 2 and 3 wait behind job 1
	kill -KILL "$pid"
	wait "$pid" || true
	[ -z "$(ls -A "$TMPDIR")" ]
	no_procs "^sleep 6[123]$"
}

@test "SIGKILL with stderr, --lb and --results FILE.jsonl spilling leaves no file" {
	"$PARX" -k -j 3 --lb --results r.jsonl \
		'head -c 3000000 /dev/zero >&2; head -c 3000000 /dev/zero; exec sleep {}' \
		::: 71 72 73 > out 2>&1 &
	pid=$!
	wait_spills "$pid" 6		# .jsonl copies and -k buffers
	kill -KILL "$pid"
	wait "$pid" || true
	[ -z "$(ls -A "$TMPDIR")" ]
	no_procs "^sleep 7[123]$"
}

@test "SIGTERM while jobs hold spilled output: exit 143, no file left" {
	"$PARX" -k -j 3 'head -c 5000000 /dev/zero; exec sleep {}' ::: 81 82 83 \
		> out 2> err &
	pid=$!
	wait_spills "$pid" 2
	kill -TERM "$pid"
	status=0
	wait "$pid" || status=$?
	expect_status 143
	[ -z "$(ls -A "$TMPDIR")" ]
	no_procs "^sleep 8[123]$"
}

@test "a run that spills leaves \$TMPDIR as it found it" {
	run "$PARX" -j 4 'head -c 2000000 /dev/zero | tr "\0" {}' ::: 1 2 3 4 5 6 7 8
	expect_status 0
	[ "${#output}" -eq 16000000 ]
	for c in 1 2 3 4 5 6 7 8; do
		[ "$(printf '%s' "$output" | tr -cd "$c" | wc -c)" -eq 2000000 ]
	done
	[ -z "$(ls -A "$TMPDIR")" ]
}

@test "\$TMPDIR named with spaces, quotes, backticks and a newline works" {
	big_tmpdir
	run "$PARX" -k -j 3 'head -c {} /dev/zero | tr "\0" x; echo' ::: 3000000 2000000 1000000
	expect_status 0
	[ "${#output}" -eq $((6000000 + 2)) ]
	[ "$(printf '%s' "$output" | tr -d x | wc -c)" -eq 2 ]
	[ -z "$(ls -A "$TMPDIR")" ]
	[ -z "$(find "$T" / -maxdepth 1 -name 'pwned*')" ]
}

@test "\$TMPDIR with a hostile name: SIGKILL still leaves nothing" {
	big_tmpdir
	"$PARX" -k -j 3 'head -c 5000000 /dev/zero; exec sleep {}' ::: 191 192 193 \
		> out 2>&1 &
	pid=$!
	wait_spills "$pid" 2
	kill -KILL "$pid"
	wait "$pid" || true
	[ -z "$(ls -A "$TMPDIR")" ]
	no_procs "^sleep 19[123]$"
	[ -z "$(find "$T" / -maxdepth 1 -name 'pwned*')" ]
}

@test "a \$TMPDIR that does not exist: a job that must spill fails and says why" {
	export TMPDIR=$T/none
	run --separate-stderr "$PARX" -k -j 2 \
		'sleep 0.{}; head -c 300000 /dev/zero | tr "\0" {}; echo' ::: 5 1
	expect_status 1
	# job 1 whole; job 2 no more than it printed
	[ "${output:0:300001}" = "$(head -c 300000 /dev/zero | tr '\0' 5)"$'\n' ]
	[ "$(printf '%s' "${output:300001}" | tr -d 1)" = "" ]
	[ "${#output}" -lt 600002 ]
	[[ "$stderr" == "parx: job 2: cannot store its output: No such file or directory
parx: 1 of 2 jobs failed: #2 output lost (sleep 0.1; head -c 300000 /dev/zero "* ]]
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 2 ]
}

@test "small outputs need no temp file: a missing \$TMPDIR does not matter" {
	export TMPDIR=$T/none
	run "$PARX" -k echo ::: a b c
	expect_status 0
	expect $'a\nb\nc'
}
