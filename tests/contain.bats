#!/usr/bin/env bats
# Containment: nothing a running job starts outlives parx (SIGKILL of parx
# included), a job's processes that left its process group (setsid) end
# with it, no cgroup directory or keeper is left behind, --kill-leftovers,
# and the quiet fallback where no cgroup is writable.  Processes are found
# by their exact command line (a sleep with a duration unique to the test)
# and ended by pid.
bats_require_minimum_version 1.5.0
load helper
load sshd

# A duration no other process uses: test number and shell pid.
uniq_sleep() { echo "42$BATS_TEST_NUMBER$1.$$"; }

# pids_of CMDLINE: the pids whose command line is exactly CMDLINE (its
# words joined by single spaces).
pids_of() {
	local p c a0
	for p in /proc/[0-9]*; do
		# the first word first: no fork for the others
		a0=
		{ IFS= read -r -d '' a0 < "$p/cmdline"; } 2>/dev/null
		[ "$a0" = "${1%% *}" ] || continue
		c=$( { tr '\0' ' ' < "$p/cmdline"; } 2>/dev/null) || continue
		[ "$c" = "$1 " ] && echo "${p#/proc/}"
	done
	return 0
}

# count_of CMDLINE: how many processes run CMDLINE.
count_of() { pids_of "$1" | wc -l | tr -d ' '; }

# wait_count CMDLINE N SECS: wait up to SECS for N of them; prints the
# count there is at the end.
wait_count() {
	local i n
	for ((i = 0; i < $3 * 20; i++)); do
		n=$(count_of "$1")
		[ "$n" = "$2" ] && break
		sleep 0.05
	done
	count_of "$1"
}

# end_all CMDLINE: kill every process running exactly CMDLINE, by pid.
end_all() {
	local p
	for p in $(pids_of "$1"); do kill -KILL "$p" 2>/dev/null || true; done
}

# The cgroup v2 mount, for the cgroup directories parx makes.
cg_root() { awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo; }

# no_leftovers PID: no parx-PID cgroup directory is left (waiting up to
# 2s for the keeper to remove it after a SIGKILL) and no keeper of it.
no_leftovers() {
	local i
	for ((i = 0; i < 40; i++)); do
		[ ! -e "$(cg_root)/parx-$1" ] && break
		sleep 0.05
	done
	[ ! -e "$(cg_root)/parx-$1" ]
}

teardown_file() { :; }

CLEAN=()
teardown() {
	local c
	for c in "${CLEAN[@]}"; do end_all "$c"; done
	if [ -n "${SSHD_DIR:-}" ]; then sshd_stop "$SSHD_DIR"; rm -rf "$SSHD_DIR"; fi
	cd / && rm -rf "$T"
}

# kill_parx_with CMDLINE N ARGS...: start parx ARGS in the background
# (stdin from $IN or /dev/null),
# wait for N processes running CMDLINE, SIGKILL parx; prints how many are
# left a second later, then whether parx left its cgroup behind.
kill_parx_with() {
	local want=$1 n=$2 pid left
	shift 2
	CLEAN+=("$want")
	"$@" < "${IN:-/dev/null}" >/dev/null 2>&1 &
	pid=$!
	[ "$(wait_count "$want" "$n" 5)" = "$n" ] || { echo "never started"; return 1; }
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null || true
	left=$(wait_count "$want" 0 1)
	echo "left $left"
	no_leftovers "$pid" && echo "clean"
}

@test "SIGKILL of parx ends a three-level shell job tree within a second" {
	S=$(uniq_sleep 1)
	run kill_parx_with "sleep $S" 2 "$PARX" -j2 "sh -c 'sh -c \"sleep $S; :\"; :'; : {}" ::: a b
	expect "$(printf 'left 0\nclean')"
}

@test "SIGKILL of parx ends both ends of a pipeline and a background process" {
	S=$(uniq_sleep 1)
	run kill_parx_with "sleep $S" 3 "$PARX" "sleep $S & sleep $S | sleep $S; wait; : {}" ::: a
	expect "$(printf 'left 0\nclean')"
}

@test "SIGKILL of parx --pipe ends the jobs' children" {
	S=$(uniq_sleep 1)
	seq 2 > in
	IN=in run kill_parx_with "sleep $S" 2 "$PARX" --pipe -N1 -j2 "cat >/dev/null; sleep $S; :"
	expect "$(printf 'left 0\nclean')"
}

@test "SIGKILL of parx --sem --fg ends the command's children" {
	export XDG_RUNTIME_DIR=$T
	S=$(uniq_sleep 1)
	run kill_parx_with "sleep $S" 1 "$PARX" --sem --fg --id c$$ "sh -c 'sleep $S; :'; :"
	expect "$(printf 'left 0\nclean')"
}

@test "SIGKILL of the --sem holder ends the command's children" {
	export XDG_RUNTIME_DIR=$T
	S=$(uniq_sleep 1)
	CLEAN+=("sleep $S")
	# the holder keeps stdout: nothing to read it
	"$PARX" --sem --id c$$ "sleep $S; :" >/dev/null 2>&1
	[ "$(wait_count "sleep $S" 1 5)" = 1 ]
	# the holder is the command's parent, a parx
	sp=$(pids_of "sleep $S")
	sh=$(awk '{ print $4 }' "/proc/$sp/stat")
	holder=$(awk '{ print $4 }' "/proc/$sh/stat")
	[ "$(tr '\0' ' ' < /proc/$holder/cmdline)" = "$PARX --sem --id c$$ sleep $S; : " ]
	kill -KILL "$holder"
	[ "$(wait_count "sleep $S" 0 1)" = 0 ]
	no_leftovers "$holder"
}

@test "SIGKILL of parx ends a remote job's command on the far side" {
	SSHD_DIR=$(mktemp -d /tmp/parx-sshd.XXXXXX)
	sshd_start "$SSHD_DIR"
	S=$(uniq_sleep 1)
	run kill_parx_with "sleep $S" 1 "$PARX" --ssh "ssh -F $SSHD_DIR/ssh_config" -S host1 "sleep $S; : {}" ::: a
	expect "$(printf 'left 0\nclean')"
}

@test "SIGKILL of parx ends a setsid child of a job" {
	S=$(uniq_sleep 1)
	run kill_parx_with "sleep $S" 1 "$PARX" "setsid sleep $S & wait; : {}" ::: a
	expect "$(printf 'left 0\nclean')"
}

@test "--timeout ends a job's setsid child too" {
	S=$(uniq_sleep 1)
	CLEAN+=("sleep $S")
	run --separate-stderr "$PARX" --timeout 0.5 "setsid sleep $S >/dev/null 2>&1 & sleep 30; : {}" ::: a
	expect_status 1
	[ "$(wait_count "sleep $S" 0 1)" = 0 ]
}

@test "Ctrl-C (SIGINT to parx) ends a job's setsid child too" {
	S=$(uniq_sleep 1)
	CLEAN+=("sleep $S")
	"$PARX" "setsid sleep $S >/dev/null 2>&1 & sleep 30; : {}" ::: a &
	pid=$!
	[ "$(wait_count "sleep $S" 1 5)" = 1 ]
	kill -INT "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" = 130 ]
	[ "$(wait_count "sleep $S" 0 1)" = 0 ]
	no_leftovers "$pid"
}

@test "each job runs in its slot's cgroup; none is left after the run, nor the keeper" {
	run --separate-stderr "$PARX" -j2 -k 'echo $PPID; sed -n "s/^0:://p" /proc/self/cgroup; : {}' ::: a b
	expect_status 0
	pid=$(head -n 1 <<<"$output")
	expect "$(printf '%s\n/parx-%s/1\n%s\n/parx-%s/2' "$pid" "$pid" "$pid" "$pid")"
	no_leftovers "$pid"
	[ "$(count_of "$PARX -j2 -k echo \$PPID; sed -n \"s/^0:://p\" /proc/self/cgroup; : {} ::: a b")" = 0 ]
}

@test "a finished job's detached process is left to the user, out of parx's cgroup" {
	S=$(uniq_sleep 1)
	CLEAN+=("sleep $S")
	run --separate-stderr "$PARX" "sleep $S >/dev/null 2>&1 & echo {}" ::: a
	expect_status 0
	expect a
	[ "$(count_of "sleep $S")" = 1 ]
	run sed -n 's/^0:://p' "/proc/$(pids_of "sleep $S")/cgroup"
	expect "$(sed -n 's/^0:://p' /proc/self/cgroup)"
}

@test "--kill-leftovers ends what a finished job left running" {
	S=$(uniq_sleep 1)
	CLEAN+=("sleep $S")
	run --separate-stderr "$PARX" --kill-leftovers -k -j2 "sleep $S >/dev/null 2>&1 & echo {}" ::: a b
	expect_status 0
	expect "$(printf 'a\nb')"
	[ "$(wait_count "sleep $S" 0 1)" = 0 ]
}

@test "no writable cgroup: process groups, one -t note, the run goes on" {
	cd /
	run --separate-stderr setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$PARX" -t 'sed -n "s/^0:://p" /proc/self/cgroup; : {}' ::: x
	expect_status 0
	expect "$(sed -n 's/^0:://p' /proc/self/cgroup)"
	[ "$stderr" = "$(printf 'parx: no writable cgroup v2, jobs are contained as process groups: Permission denied\nsed -n "s/^0:://p" /proc/self/cgroup; : x')" ]
	run --separate-stderr setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$PARX" 'echo {}' ::: x
	expect_status 0
	expect x
	[ "$stderr" = "" ]
}

@test "no writable cgroup: SIGKILL of parx still ends a shell job's children" {
	cd /
	S=$(uniq_sleep 1)
	run kill_parx_with "sleep $S" 2 setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$PARX" -j2 "sh -c 'sleep $S; :'; : {}" ::: a b
	expect "$(printf 'left 0\nclean')"
}

@test "--kill-leftovers without a writable cgroup ends the job's process group" {
	cd /
	S=$(uniq_sleep 1)
	CLEAN+=("sleep $S")
	run --separate-stderr setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$PARX" --kill-leftovers "sleep $S >/dev/null 2>&1 & echo {}" ::: a
	expect_status 0
	expect a
	[ "$(wait_count "sleep $S" 0 1)" = 0 ]
}
