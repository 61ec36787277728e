#!/usr/bin/env bats
# Semaphores: parx --sem, --wait, --sem-timeout, and --sem-id in a run.

bats_require_minimum_version 1.5.0
load helper

# Each test gets its own state directory, and a probe that records how many
# of its runs overlap: it counts itself in, records the peak and the run,
# sleeps, and counts itself out, all under flock(1) on stats/lock.
setup_file_extra() {
	export XDG_RUNTIME_DIR="$T/run"
	mkdir -m 700 "$XDG_RUNTIME_DIR"
	mkdir "$T/stats"
	echo 0 >"$T/stats/count"
	echo 0 >"$T/stats/max"
	: >"$T/stats/runs"
	cat >"$T/probe" <<-'EOF'
	#!/bin/sh
	# probe [SECS] [ARG]: one counted run
	cd "$(dirname "$0")/stats" || exit 1
	flock lock sh -c 'c=$(($(cat count) + 1)); echo $c >count
		[ $c -gt $(cat max) ] && echo $c >max; echo run >>runs'
	sleep "${1:-0.2}"
	flock lock sh -c 'echo $(($(cat count) - 1)) >count'
	EOF
	chmod +x "$T/probe"
	PROBE="$T/probe"
}

# stats: the probe's peak concurrency and number of runs.
stats() {
	echo "max=$(cat "$T/stats/max") runs=$(wc -l <"$T/stats/runs")"
}

# ms: milliseconds of a monotonic-enough clock.
ms() {
	echo $(($(date +%s%N) / 1000000))
}

# wait_file FILE: wait up to 5 s for FILE to exist and be non-empty.
wait_file() {
	local i
	for i in $(seq 50); do
		[ -s "$1" ] && return 0
		sleep 0.1
	done
	echo "no $1" >&2
	return 1
}

# gone PID: wait up to 5 s for PID to die (a zombie waiting for its new
# parent to reap it counts as dead).
gone() {
	local i
	for i in $(seq 50); do
		kill -0 "$1" 2>/dev/null || return 0
		[[ "$(ps -o stat= -p "$1" 2>/dev/null)" == Z* ]] && return 0
		sleep 0.1
	done
	echo "process $1 still alive" >&2
	return 1
}

@test "--sem --fg returns the command's exit status" {
	run "$PARX" --sem --fg 'exit 7'
	expect_status 7
	expect ""
}

@test "--sem --fg joins the words with spaces and runs them with the shell" {
	run "$PARX" --sem --fg echo 'a  b' '$((1+2))'
	expect_status 0
	expect "a b 3"
}

@test "--semaphore --fg: a command killed by signal S gives 128+S" {
	run "$PARX" --semaphore --fg 'kill -9 $$'
	expect_status 137
	expect ""
}

@test "--sem --fg keeps stdin; the background command reads /dev/null" {
	run sh -c 'echo in | "$1" --sem --fg cat' sh "$PARX"
	expect_status 0
	expect "in"
	echo in | "$PARX" --sem 'cat >bg.out; echo done >>bg.out' 3>&-
	run "$PARX" --sem --wait
	expect_status 0
	run cat bg.out
	expect "done"
}

@test "the default semaphore is a mutex" {
	local i
	for i in 1 2 3 4 5 6; do
		"$PARX" --sem --fg "$PROBE" 0.15 3>&- &
	done
	wait
	run stats
	expect "max=1 runs=6"
}

@test "12 callers of --sem -j2 --fg never run more than 2 at once, and all run" {
	local i
	for i in $(seq 12); do
		"$PARX" --sem -j2 --fg "$PROBE" 0.2 3>&- &
	done
	wait
	run stats
	expect "max=2 runs=12"
}

@test "without --fg parx returns at once and --wait waits for the command" {
	local t0 t1
	t0=$(ms)
	"$PARX" --sem 'sleep 1.5; echo finished >done' >out 2>&1 3>&-
	t1=$(ms)
	[ $((t1 - t0)) -lt 1000 ] || { echo "took $((t1 - t0)) ms" >&2; false; }
	[ ! -e done ]
	run "$PARX" --sem --wait
	expect_status 0
	expect ""
	run cat done out
	expect "finished"
	[ $(($(ms) - t0)) -ge 1400 ]
}

@test "without --fg parx first waits for a slot, so a loop of callers is throttled" {
	local i t0
	t0=$(ms)
	for i in 1 2 3 4 5; do
		"$PARX" --sem -j2 "$PROBE" 0.4 >/dev/null 2>&1 3>&-
	done
	# the third call waited for one of the first two commands to end
	[ $(($(ms) - t0)) -ge 350 ]
	run "$PARX" --sem --wait -j2
	expect_status 0
	run stats
	expect "max=2 runs=5"
}

@test "--wait returns at once when nothing holds the semaphore" {
	"$PARX" --sem --id other 'echo $PPID >holder; exec sleep 30' 3>&-
	wait_file holder
	run timeout 3 "$PARX" --sem --wait --id never-used
	expect_status 0
	run timeout 3 "$PARX" --sem --wait
	expect_status 0
	"$PARX" --sem --fg true
	run timeout 3 "$PARX" --sem --wait
	expect_status 0
	expect ""
	kill -9 "$(cat holder)"
}

@test "--wait waits for every slot, whatever -j the holders used" {
	"$PARX" --sem -j3 'sleep 0.6; echo a >>done' 3>&-
	"$PARX" --sem -j3 'sleep 1.2; echo b >>done' 3>&-
	run "$PARX" --sem --wait
	expect_status 0
	run cat done
	expect "a
b"
}

@test "the number of slots belongs to each caller" {
	"$PARX" --sem -j1 'echo $PPID >holder; exec sleep 30' 3>&-
	wait_file holder
	run "$PARX" --sem -j2 --fg --sem-timeout 2 echo second slot
	expect_status 0
	expect "second slot"
	run "$PARX" --sem -j1 --fg --sem-timeout 0.3 echo first slot
	expect_status 75
	kill -9 "$(cat holder)"
}

@test "--sem-timeout gives up with 75 and a message" {
	"$PARX" --sem --id busy 'echo $PPID >holder; exec sleep 30' 3>&-
	wait_file holder
	run "$PARX" --sem --id busy --sem-timeout 0.5 --fg echo never
	expect_status 75
	expect "parx: semaphore 'busy': no slot free after 0.5s (--sem-timeout)"
	run "$PARX" --sem --id busy --sem-timeout 0.3 --wait
	expect_status 75
	expect "parx: semaphore 'busy': still in use after 0.3s (--sem-timeout)"
	run "$PARX" --sem --id busy --sem-timeout 300ms 'echo never'
	expect_status 75
	kill -9 "$(cat holder)"
}

@test "killing a background holder with SIGKILL frees its slot and ends the command" {
	"$PARX" --sem 'echo $PPID >holder; echo $$ >cmd; exec sleep 30' 3>&-
	wait_file holder
	wait_file cmd
	run "$PARX" --sem --sem-timeout 0.2 --fg true
	expect_status 75
	kill -9 "$(cat holder)"
	run "$PARX" --sem --sem-timeout 1 --fg echo free
	expect_status 0
	expect "free"
	gone "$(cat cmd)"
}

@test "killing a --fg holder with SIGKILL frees its slot and ends the command" {
	local pid
	"$PARX" --sem --fg 'echo $$ >cmd; exec sleep 30' 3>&- &
	pid=$!
	wait_file cmd
	run "$PARX" --sem --sem-timeout 0.2 --fg true
	expect_status 75
	kill -9 "$pid"
	run "$PARX" --sem --sem-timeout 1 --fg echo free
	expect_status 0
	expect "free"
	gone "$(cat cmd)"
}

@test "the command's children do not inherit the slot" {
	"$PARX" --sem --fg 'sleep 30 >/dev/null 2>&1 & echo $! >child' 3>&-
	wait_file child
	run "$PARX" --sem --sem-timeout 1 --fg echo free
	kill "$(cat child)"
	expect_status 0
	expect "free"
}

@test "--sem --fg passes SIGTERM on to the command" {
	local pid
	"$PARX" --sem --fg 'echo $$ >cmd; exec sleep 30' 3>&- &
	pid=$!
	wait_file cmd
	kill -TERM "$pid"
	status=0
	wait "$pid" || status=$?
	expect_status 143
	gone "$(cat cmd)"
}

@test "a background holder passes SIGTERM on to the command and frees its slot" {
	"$PARX" --sem 'echo $PPID >holder; trap "kill \$!; echo TERM >got; exit 0" TERM; sleep 30 & echo $$ >cmd; wait' 3>&-
	wait_file holder
	wait_file cmd
	kill -TERM "$(cat holder)"
	gone "$(cat cmd)"
	run cat got
	expect "TERM"
	run "$PARX" --sem --sem-timeout 5 --fg echo free
	expect_status 0
	expect "free"
}

@test "two runs with --sem-id x --sem-slots 2 -j3 peak at exactly 2 and run every job" {
	"$PARX" --sem-id x --sem-slots 2 -j3 "$PROBE" 0.3 ::: 1 2 3 4 5 6 >out1 2>&1 3>&- &
	"$PARX" --sem-id x --sem-slots 2 -j3 "$PROBE" 0.3 ::: 1 2 3 4 5 6 >out2 2>&1 3>&- &
	wait
	run stats
	expect "max=2 runs=12"
	run cat out1 out2
	expect ""
}

@test "--sem-id in a run shares the slots of parx --sem" {
	"$PARX" --sem --id shared -j2 'echo $PPID >holder; exec sleep 30' 3>&-
	wait_file holder
	run "$PARX" --sem-id shared --sem-slots 2 -j4 "$PROBE" 0.1 ::: 1 2 3 4
	expect_status 0
	run stats
	expect "max=1 runs=4"
	kill -9 "$(cat holder)"
}

@test "a retried job takes a semaphore slot again" {
	# each job fails its first try; with one slot, no two may overlap
	run "$PARX" --sem-id r -j2 --retries 2 \
		"$PROBE 0.2; [ -e tried.{} ] || { : >tried.{}; exit 1; }" ::: 1 2 3
	expect_status 0
	run stats
	expect "max=1 runs=6"
}

@test "names with / and .. stay inside the state directory" {
	run "$PARX" --sem --id ../../escape --fg echo one
	expect "one"
	run "$PARX" --sem --id 'a/b c' --fg echo two
	expect "two"
	run "$PARX" --sem --id .. -j2 --fg echo three
	expect "three"
	run "$PARX" --sem-id '/etc/x.y' true ::: 1
	expect_status 0
	run ls -A "$T/run/parx"
	expect "%2E%2E%2F%2E%2E%2Fescape.1
%2E%2E.1
%2Fetc%2Fx%2Ey.1
a%2Fb%20c.1"
	run ls -A "$T/run"
	expect "parx"
	[ ! -e "$T/escape.1" ] && [ ! -e "$T/escape" ]
}

@test "different names are different semaphores, however they are spelled" {
	"$PARX" --sem --id 'a/b' 'echo $PPID >holder; exec sleep 30' 3>&-
	wait_file holder
	run "$PARX" --sem --id 'a%2Fb' --sem-timeout 1 --fg echo free
	expect_status 0
	expect "free"
	run "$PARX" --sem --id 'a/b' --sem-timeout 0.2 --fg echo busy
	expect_status 75
	kill -9 "$(cat holder)"
}

@test "a long name works" {
	local name
	name=$(printf 'x/%.0s' $(seq 300))
	run "$PARX" --sem --id "$name" --fg echo ok
	expect_status 0
	expect "ok"
	run "$PARX" --sem --id "$name" --wait
	expect_status 0
}

@test "the state directory is created with mode 0700" {
	umask 0222
	run "$PARX" --sem --fg echo ok
	expect "ok"
	run stat -c %a "$T/run/parx"
	expect "700"
}

@test "without XDG_RUNTIME_DIR the state lives in \$TMPDIR/parx-UID" {
	unset XDG_RUNTIME_DIR
	run "$PARX" --sem --id t --fg echo ok
	expect "ok"
	run stat -c '%a %u' "$TMPDIR/parx-$(id -u)"
	expect "700 $(id -u)"
	run ls "$TMPDIR/parx-$(id -u)"
	expect "t.1"
}

@test "a state directory owned by another user is refused" {
	# needs root to give a directory away
	[ "$(id -u)" = 0 ] || { echo "this test must run as root" >&2; false; }
	mkdir -m 700 "$T/run/parx"
	chown nobody "$T/run/parx"
	run "$PARX" --sem --fg echo ran
	expect_status 255
	expect "parx: --sem: state directory $T/run/parx is owned by another user; refusing to use it"
	run "$PARX" --sem-id x echo ran ::: 1
	expect_status 255
	expect "parx: --sem-id x: state directory $T/run/parx is owned by another user; refusing to use it"
}

@test "a group- or world-writable state directory is refused" {
	mkdir "$T/run/parx"
	chmod 777 "$T/run/parx"
	run "$PARX" --sem --fg echo ran
	expect_status 255
	expect "parx: --sem: state directory $T/run/parx is writable by group or others; refusing to use it"
	chmod 770 "$T/run/parx"
	run "$PARX" --sem --wait
	expect_status 255
	expect "parx: --sem: state directory $T/run/parx is writable by group or others; refusing to use it"
}

@test "a symbolic link as state directory is refused" {
	mkdir -m 700 "$T/elsewhere"
	ln -s "$T/elsewhere" "$T/run/parx"
	run "$PARX" --sem --fg echo ran
	expect_status 255
	expect "parx: --sem: state directory $T/run/parx is not a directory; refusing to use it"
}

@test "--sem --wait takes no command" {
	run "$PARX" --sem --wait echo hi
	expect_status 255
	expect "parx: --sem --wait takes no command"
}

@test "--sem --fg runs the command in parx's process group, where SIGINT to the group ends it" {
	local pid
	setsid "$PARX" --sem --fg 'ps -o pgid= -p $$ >pgid; exec sleep 30' 3>&- &
	pid=$!
	wait_file pgid
	[ "$(tr -d ' ' <pgid)" = "$pid" ]
	kill -INT -- "-$pid"
	status=0
	wait "$pid" || status=$?
	expect_status 130
}

@test "--sem with a command that is not found: the shell says so and parx exits 127" {
	PARX_SHELL=dash run -127 "$PARX" --sem --fg nosuchcmd-parx a
	expect_status 127
	expect "$(command -v dash): 1: nosuchcmd-parx: not found"
}

@test "--sem with a shell that cannot run: one parx line, 127 or 126" {
	PARX_SHELL=/nonexistent/sh run -127 "$PARX" --sem --fg echo hi
	expect_status 127
	expect "parx: /nonexistent/sh: command not found"
	PARX_SHELL=/nonexistent/sh run -127 "$PARX" --sem echo hi
	expect_status 127
	expect "parx: /nonexistent/sh: command not found"
	printf '#!/nonexistent/interp\n' >badsh
	printf 'echo hi\n' >noshe
	chmod +x badsh noshe
	PARX_SHELL=./badsh run -127 "$PARX" --sem --fg echo hi
	expect_status 127
	expect "parx: ./badsh: interpreter not found"
	PARX_SHELL=./noshe run "$PARX" --sem --fg echo hi
	expect_status 126
	expect "parx: ./noshe: exec format error"
	chmod -x noshe
	PARX_SHELL=./noshe run "$PARX" --sem --fg echo hi
	expect_status 126
	expect "parx: ./noshe: permission denied"
}

@test "a background holder whose shell cannot run says so and frees its slot" {
	printf '#!/nonexistent/interp\n' >badsh
	chmod +x badsh
	PARX_SHELL=./badsh "$PARX" --sem echo hi 2>err 3>&-
	run "$PARX" --sem --wait
	expect_status 0
	run cat err
	expect "parx: ./badsh: interpreter not found"
}
