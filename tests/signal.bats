#!/usr/bin/env bats
# Signals to parx, EPIPE on stdout, parent death.
bats_require_minimum_version 1.5.0
load helper

# wait_status N: the background parx ended with status N.  (bats' run
# reports 255 for a process killed by SIGHUP, so wait directly.)
wait_status() {
	local st=0
	wait "$PID" || st=$?
	if [ "$st" != "$1" ]; then
		echo "expected status $1, got $st" >&2
		cat err >&2
		return 1
	fi
}

# start parx in the background with its stdout in a file; sets PID.
# job_children PID: the children of parx that are jobs (the keeper is
# forked from parx, so for a moment a child that is parx itself is there)
job_children() {
	local c me
	me=$(basename "$PARX" | cut -c1-15)
	for c in $(pgrep -P "$1"); do
		[ "$(cat "/proc/$c/comm" 2>/dev/null)" != "$me" ] && echo "$c"
	done
	return 0
}

start_bg() {
	"$PARX" "$@" > out 2> err &
	PID=$!
	# wait until its jobs run
	for _ in $(seq 50); do
		[ -n "$(job_children "$PID")" ] && return 0
		sleep 0.1
	done
}

@test "SIGINT terminates every job and parx exits 130" {
	start_bg 'sleep 71; echo never' ::: 1 2
	kill -INT "$PID"
	wait_status 130
	no_procs "sleep 71"
	[ ! -s out ]
}

@test "SIGTERM terminates every job and parx exits 143" {
	start_bg 'sleep 72' ::: 1 2 3
	kill -TERM "$PID"
	wait_status 143
	no_procs "sleep 72"
}

@test "SIGINT prints what already finished" {
	start_bg -j2 'if [ {} = 1 ]; then echo fast; else sleep 73; fi' ::: 1 2
	sleep 0.5
	kill -INT "$PID"
	wait_status 130
	run cat out
	expect fast
}

@test "a second SIGINT kills the jobs at once" {
	cat > stubborn <<'SH'
#!/bin/sh
trap '' TERM INT
sleep 74
SH
	chmod +x stubborn
	start_bg --kill-after 60 ./stubborn ::: 1
	kill -INT "$PID"
	sleep 0.3
	kill -INT "$PID"
	wait_status 130
	no_procs "sleep 74"
}

@test "SIGKILL to parx leaves no job leader running" {
	start_bg 'sleep 75' ::: 1 2
	kill -KILL "$PID"
	wait "$PID" || true
	no_procs "sleep 75"
}

@test "SIGHUP lets the running job finish, starts no other, and parx exits normally" {
	start_bg -j1 'sleep 1; echo {}' ::: 1 2 3
	sleep 0.3
	kill -HUP "$PID"
	wait_status 0
	run cat out
	expect 1
}

@test "SIGTSTP and SIGCONT reach the jobs" {
	start_bg -j1 'for i in 1 2 3 4 5 6 7 8 9 10; do echo $i; sleep 0.2; done # {}' ::: x
	sleep 0.3
	kill -TSTP "$PID"
	sleep 0.3
	job=$(job_children "$PID")
	state=$(ps -o stat= -p "$job")
	[[ "$state" == T* ]]
	kill -CONT "$PID"
	wait_status 0
	run cat out
	expect "$(seq 10)"
}

@test "stdout closed by the reader ends the run quickly with no job left" {
	start=$(date +%s)
	run bash -c '"$PARX" "yes {}" ::: a b | head -1'
	end=$(date +%s)
	[ $((end - start)) -lt 10 ]
	[[ "$output" == a || "$output" == b ]]
	no_procs "^yes [ab]$"
}

@test "EPIPE with keep-order output is quiet" {
	run --separate-stderr bash -c '"$PARX" -k "seq 100000 # {}" ::: 1 2 3 | head -2'
	expect "$(printf '1\n2')"
	[ -z "$stderr" ]
}

@test "started under nohup, SIGHUP is ignored by parx and its jobs" {
	PID=
	bash -c 'trap "" HUP; exec "$0" -j1 "sleep 0.5; echo {}" ::: 1 2' "$PARX" > out 2> err &
	PID=$!
	sleep 0.2
	kill -HUP "$PID"
	wait_status 0
	run cat out
	expect "$(printf '1\n2')"
}
