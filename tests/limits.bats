#!/usr/bin/env bats
# Resource limits: fd and process limits, commands over the length limit,
# a full disk while spilling or writing stdout, EPIPE, closed descriptors.
# Needs root (tmpfs mounts; an unprivileged user for the process limit,
# which does not bind root).

load helper
# the failure summary (only on a terminal by default) is asserted here
export PARALLEL=--summary
bats_require_minimum_version 1.5.0

setup_file_extra() { export T; }

# as_nobody CMD: run shell command CMD as user nobody in $T/nb (owned by
# nobody), with its own copy of parx as ./parx.
as_nobody() {
	chmod 755 "$T"
	mkdir -p "$T/nb"
	cp "$PARX" "$T/nb/parx"
	chown -R nobody:nogroup "$T/nb"
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		bash -c "cd '$T/nb' && $1"
}

# small_tmpfs DIR: a 1 MiB tmpfs at DIR.
small_tmpfs() {
	mkdir -p "$1"
	mount -t tmpfs -o size=1m tmpfs "$1"
}

# check_slots FILE: FILE holds the {%} of 200 jobs; the one warning on
# stderr says "using N" and N is the highest slot used.
check_slots() {
	local n
	[ "$(wc -l < "$1")" -eq 200 ]
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	[[ "$stderr" =~ ^"parx: ".*"using "([0-9]+) ]]
	n=${BASH_REMATCH[1]}
	[ "$(sort -n "$1" | tail -n 1)" -eq "$n" ]
}

# --- fd and process limits ---------------------------------------------

@test "-j 5000 under ulimit -n 64: slots lowered with one warning, every job runs" {
	run --separate-stderr bash -c 'ulimit -n 64
		seq 200 | "$PARX" -j 5000 "echo {%} >> slots; echo {}"'
	expect_status 0
	[ "$(sort -n <<<"$output")" = "$(seq 200)" ]
	[[ "$stderr" == *"open file limit of 64"* ]]
	check_slots slots
}

@test "-j 0 under ulimit -n 64 runs every job within the fd limit" {
	run --separate-stderr bash -c 'ulimit -n 64
		seq 200 | "$PARX" -j 0 "echo {%} >> slots; sleep 0.05; echo {}"'
	expect_status 0
	[ "$(sort -n <<<"$output")" = "$(seq 200)" ]
	# at most one warning, and more than one slot but no more than fit
	[ "$(printf '%s' "$stderr" | grep -c .)" -le 1 ]
	[[ -z "$stderr" || "$stderr" == "parx: "* ]]
	max=$(sort -n slots | tail -n 1)
	[ "$max" -gt 1 ] && [ "$max" -lt 32 ]
}

@test "-j N under ulimit -u 40 (unprivileged): one warning, every job runs" {
	# as many slots as the fd limit holds, up to 2000: only -u binds
	j=$(( ($(ulimit -Hn) - 32) / 8 ))
	[ "$j" -le 2000 ] || j=2000
	[ "$j" -gt 100 ]
	ulimit -n "$(ulimit -Hn)"
	run --separate-stderr as_nobody "ulimit -u 40
		seq 200 | ./parx -j $j 'echo {%}; exec sleep 0.5' > slots"
	expect_status 0
	check_slots "$T/nb/slots"
}

@test "-j 5000 under low fd and process limits: the one warning gives the slots used" {
	ulimit -n 1024		# 124 slots fit; the process limit allows ~38
	run --separate-stderr as_nobody 'ulimit -u 40
		seq 200 | ./parx -j 5000 "echo {%}; exec sleep 0.5" > slots'
	expect_status 0
	check_slots "$T/nb/slots"
}

@test "-j 0 under ulimit -u 40 (unprivileged) runs jobs side by side" {
	run --separate-stderr as_nobody 'ulimit -u 40
		seq 40 | timeout 120 ./parx -j 0 "echo {%}; exec sleep 0.3" > slots'
	expect_status 0
	[ "$(wc -l < "$T/nb/slots")" -eq 40 ]
	[ "$(printf '%s' "$stderr" | grep -c .)" -le 1 ]
	# 39 processes are allowed besides parx: far more than one slot
	[ "$(sort -n "$T/nb/slots" | tail -n 1)" -ge 10 ]
}

# --- commands over the length limit ------------------------------------

@test "an input longer than the kernel's per-word limit (E2BIG) fails that job only" {
	{ echo a; head -c 200000 /dev/zero | tr '\0' x; echo; echo c; } > in
	run --separate-stderr "$PARX" -k echo < in
	expect_status 1
	expect $'a\nc'
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 2 ]
	[[ "$stderr" == "parx: job 2: command too long (a word of 200001 bytes, limit 131072)"$'\n'* ]]
	[[ "${stderr##*$'\n'}" == "parx: 1 of 3 jobs failed: #2 too long (echo xxx"* ]]
}

@test "one input over the usable length runs; with -s it fails alone" {
	head -c 100000 /dev/zero | tr '\0' x > in
	run --separate-stderr "$PARX" -k 'printf %s {} | wc -c' < in
	expect_status 0
	expect 100000
	run --separate-stderr "$PARX" -k -s 1000 'printf %s {} | wc -c' < in
	expect_status 1
	[[ "${stderr%%$'\n'*}" =~ ^"parx: job 1: command too long (100"[0-9]{3}" bytes, limit 1000)"$ ]]
}

@test "-s over the usable length is lowered to it, with a warning; the long input fails alone" {
	{ echo a; head -c 200000 /dev/zero | tr '\0' x; echo; echo c; } > in
	run --separate-stderr "$PARX" -k -s 1000000 echo < in
	expect_status 1
	expect $'a\nc'
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 3 ]
	[[ "$stderr" =~ ^"parx: Warning: Value for option -s should be < "([0-9]+)".
parx: job 2: command too long (200006 bytes, limit "([0-9]+)")" ]]
	[ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ]
	[ "${BASH_REMATCH[1]}" -lt 65536 ]
	[[ "${stderr##*$'\n'}" == "parx: 1 of 3 jobs failed: #2 "* ]]
}

# --- a full disk ---------------------------------------------------------

@test "ENOSPC while spilling output: that job fails, the others' output is whole" {
	small_tmpfs "$T/small"
	printf '%s\n' 'sleep 2; echo first' 'head -c 3000000 /dev/zero; echo' \
		'echo third' > cmds
	run --separate-stderr env TMPDIR="$T/small" "$PARX" -k -j 3 < cmds
	expect_status 1
	[ "${output%%$'\n'*}" = first ]
	[ "${output##*$'\n'}" = third ]
	# job 2 kept what fitted, and no more than it printed
	[ "${#output}" -lt 3000014 ]
	expect_err=$'parx: job 2: cannot store its output: No space left on device\nparx: 1 of 3 jobs failed: #2 output lost (head -c 3000000 /dev/zero; echo)'
	[ "$stderr" = "$expect_err" ]
	[ -z "$(ls -A "$T/small")" ]
}

@test "ENOSPC while spilling stderr: that job fails" {
	small_tmpfs "$T/small"
	printf '%s\n' 'sleep 2; echo first' \
		'head -c 3000000 /dev/zero | tr "\0" x >&2; echo second' 'echo third' > cmds
	run bash -c 'TMPDIR=$T/small "$PARX" -k -j 3 < cmds 2> err'
	expect_status 1
	expect $'first\nsecond\nthird'
	# job 2's stderr, cut short, then why
	[ "$(grep -o 'parx: job 2: cannot store its output: No space left on device' err)" = \
		'parx: job 2: cannot store its output: No space left on device' ]
	[[ "$(tail -n 1 err)" == *"parx: 1 of 3 jobs failed: #2 output lost (head -c "* ]]
	[ "$(grep -c '^parx: ' err)" -eq 1 ]	# the other is after job 2's x's
}

@test "stdout on a full tmpfs: an error message and a non-zero exit" {
	small_tmpfs "$T/full"
	head -c 2000000 /dev/zero > "$T/full/fill" || true
	run --separate-stderr bash -c '"$PARX" -k echo ::: a b c > "$T/full/out"'
	expect_status 255
	[[ "$stderr" == *"parx: write error: No space left on device" ]]
}

@test "stdout filling a tmpfs mid-run: an error message and a non-zero exit" {
	small_tmpfs "$T/full"
	run --separate-stderr bash -c '"$PARX" -k "head -c 300000 /dev/zero #" ::: 1 2 3 4 5 6 \
		> "$T/full/out"'
	expect_status 255
	[[ "${stderr##*$'\n'}" == "parx: write error: No space left on device" ]]
	no_procs "head -c 300000"
}

# --- EPIPE ---------------------------------------------------------------

# epipe ARGS...: seq 100000 | parx ARGS | head -1; sets $status to parx's.
epipe() {
	run --separate-stderr bash -c 'seq 100000 | timeout 60 "$PARX" "$@" | head -n 1
		exit "${PIPESTATUS[1]}"' epipe "$@"
}

@test "EPIPE on stdout (group output): a quick, quiet exit" {
	SECONDS=0
	epipe -j 4 echo
	[ "$SECONDS" -lt 20 ]
	expect_status 141
	[[ "$output" =~ ^[0-9]+$ ]]
	[ -z "$stderr" ]
}

@test "EPIPE on stdout with -k, --lb, -u, --tag: quick and quiet" {
	for mode in -k --lb -u --tag; do
		SECONDS=0
		epipe -j 4 "$mode" echo
		[ "$SECONDS" -lt 20 ]
		expect_status 141
		[ -z "$stderr" ]
	done
}

@test "EPIPE while jobs print without end: no job left behind" {
	run --separate-stderr bash -c 'timeout 60 "$PARX" -j 3 "yes {}" ::: p q r | head -n 1
		exit "${PIPESTATUS[0]}"'
	expect_status 141
	[[ "$output" =~ ^[pqr]$ ]]
	[ -z "$stderr" ]
	no_procs "^yes [pqr]$"
}

# --- closed standard descriptors -------------------------------------------

@test "stdin a closed descriptor: a clear error, exit 255" {
	run --separate-stderr bash -c 'timeout 10 "$PARX" echo <&-'
	expect_status 255
	[ -z "$output" ]
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	[[ "$stderr" =~ ^"parx: ".*("stdin"|"standard input"|"Bad file descriptor") ]]
}

@test "stdin closed with :::: - and in no-command mode: exit 255" {
	run --separate-stderr bash -c 'timeout 10 "$PARX" echo :::: - <&-'
	expect_status 255
	[[ "$stderr" == "parx: "* ]]
	run --separate-stderr bash -c 'timeout 10 "$PARX" <&-'
	expect_status 255
	[[ "$stderr" == "parx: "* ]]
}

@test "stdin closed does not matter when the inputs are ::: words" {
	run bash -c 'timeout 10 "$PARX" -k echo ::: a b <&-'
	expect_status 0
	expect $'a\nb'
}

@test "stdout a closed descriptor: an error, exit 255" {
	run --separate-stderr bash -c 'timeout 10 "$PARX" echo ::: a >&-'
	expect_status 255
	[ "$stderr" = "parx: write error: Bad file descriptor" ]
}
