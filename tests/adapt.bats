#!/usr/bin/env bats
# The adaptive pool under real pressure: --memfree and --memsuspend in a
# memory cgroup of the test's own (cgroup v1 memory.limit_in_bytes, or v2
# memory.max where the memory controller is on cgroup2), --load with busy
# loops holding the CPUs, SIGUSR1/SIGUSR2 and -j FILE changing the slots
# while parx runs, --limit, --delay auto, --retry-delay, and bad input.
# Needs root (CI runs as root): a cgroup that cannot be made fails.

bats_require_minimum_version 1.5.0
load helper

# the helper's teardown, run after the cgroups are gone
eval "helper_$(declare -f teardown)"

setup_file() {
	cc -O2 -o "$BATS_FILE_TMPDIR/hog" "$BATS_TEST_DIRNAME/adapt/hog.c"
}

teardown() {
	rmcg
	helper_teardown
}

HOG() { echo "$BATS_FILE_TMPDIR/hog"; }

# The mount point of the cgroup file system holding the memory
# controller (v1 "cgroup ... memory"), or of cgroup2 with $1 = v2.
cgmount() {
	awk -v want="$1" '{
		for (i = 1; i <= NF && $i != "-"; i++) ;
		if (want == "v1" && $(i + 1) == "cgroup" && $(i + 3) ~ /(^|,)memory(,|$)/) { print $5; exit }
		if (want == "v2" && $(i + 1) == "cgroup2") { print $5; exit }
	}' /proc/self/mountinfo
}

# mkcg BYTES: a memory cgroup of the test's own limited to BYTES, under
# the one parx's shell is in; its directory in $CG.  Fails (the test
# fails) when it cannot be made.
mkcg() {
	local mnt rel
	mnt=$(cgmount v1)
	if [ -n "$mnt" ]; then
		rel=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ { print $3; exit }' /proc/self/cgroup)
		CG=$mnt${rel%/}/parx-adapt.$$.$BATS_TEST_NUMBER
		mkdir "$CG" || return 1
		echo "$1" > "$CG/memory.limit_in_bytes" || return 1
		if [ -e "$CG/memory.memsw.limit_in_bytes" ]; then
			echo "$1" > "$CG/memory.memsw.limit_in_bytes" || return 1
		fi
	else
		mnt=$(cgmount v2)
		[ -n "$mnt" ] && grep -qw memory "$mnt/cgroup.controllers" || {
			echo "no memory controller on cgroup v1 or v2" >&2
			return 1
		}
		grep -qw memory "$mnt/cgroup.subtree_control" ||
			echo +memory > "$mnt/cgroup.subtree_control" || return 1
		CG=$mnt/parx-adapt.$$.$BATS_TEST_NUMBER
		mkdir "$CG" || return 1
		echo "$1" > "$CG/memory.max" || return 1
		if [ -e "$CG/memory.swap.max" ]; then
			echo 0 > "$CG/memory.swap.max" || return 1
		fi
	fi
}

# rmcg: remove the test's cgroup once its processes are gone.
rmcg() {
	local i
	[ -n "${CG:-}" ] && [ -d "$CG" ] || return 0
	for i in $(seq 50); do
		rmdir "$CG" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "cannot remove $CG" >&2
	return 1
}

# incg CMD...: run CMD inside the test's cgroup (only CMD moves there).
incg() {
	(echo "$BASHPID" > "$CG/cgroup.procs" && exec "$@")
}

# most_at_once [FILE]: the most jobs running at once in a log of "+" and
# "-" lines (default ./log).
most_at_once() {
	awk '$1 == "+" { if (++n > m) m = n } $1 == "-" { n-- } END { print m + 0 }' "${1:-log}"
}

# span SECS: a job that logs its start and end around a sleep.
span() { echo "echo + {} >> log; sleep $1; echo - {} >> log"; }

# state PID: the state letter of PID in /proc/PID/stat.
state() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1; }

@test "--memfree: in a 256M cgroup with 100M kept free, never more than two 80M jobs at once" {
	mkcg $((256 << 20))
	run incg "$PARX" -j 6 --memfree 100M "$(HOG)" 80 1 "$T/log" {} ::: 1 2 3 4 5 6
	expect_status 0
	expect ""
	# each job ran once (none was ended for memory) and ended
	[ "$(grep -c '^+' log)" = 6 ]
	[ "$(grep -c '^-' log)" = 6 ]
	[ "$(most_at_once)" = 2 ]
}

@test "--memfree: below SIZE/2 the youngest job is ended and run again later" {
	mkcg $((300 << 20))
	# job 1 takes 150M for 3s; job 2 then takes 125M: less than 30M left
	run incg "$PARX" -j 2 --memfree 60M "$(HOG)" {1} {2} "$T/log" {#} \
		::: 150 125 :::+ 3 1
	expect_status 0
	expect ""
	# job 2 started twice: ended once for memory, then again after job 1
	[ "$(grep -c '^+ 2 ' log)" = 2 ]
	[ "$(grep -c '^- 2 ' log)" = 1 ]
	[ "$(grep -c '^- 1 ' log)" = 1 ]
	[ "$(sed -n 's/^\([+-] [12]\) .*/\1/p' log | tail -n 2 | tr '\n' ' ')" = "+ 2 - 2 " ]
	grep -q '^- 1 ' <(sed -n '/^+ 2 /,$p' log | tail -n +2)
}

@test "--memsuspend: the youngest job is stopped (state T) while memory is short, then resumed" {
	mkcg $((256 << 20))
	incg "$PARX" -j 2 --memsuspend 60M "$(HOG)" 100 {1} "$T/log" {#} ::: 3 1 \
		> out 2> err &
	local ppid=$! pid="" seen="" i
	for i in $(seq 100); do
		pid=$(awk '$1 == "+" && $2 == 2 { print $3 }' log 2>/dev/null || true)
		if [ -n "$pid" ] && [ "$(state "$pid")" = T ]; then
			seen=T
			break
		fi
		sleep 0.1
	done
	wait "$ppid"
	[ "$seen" = T ]
	[ ! -s out ] && [ ! -s err ]
	# job 2 (1s of work) ends only after job 1 (3s): it waited stopped
	[ "$(awk '$1 == "-" { printf "%s ", $2 }' log)" = "1 2 " ]
}

@test "--memsuspend: a stopped job that parx ends is continued so that its SIGTERM handler runs" {
	mkcg $((256 << 20))
	# job 1 ignores SIGTERM and keeps its memory until SIGKILL; job 2
	# handles SIGTERM: while stopped it could not, until job 1 is gone
	cat > job.sh <<EOF
#!/bin/bash
if [ "\$2" = 1 ]; then trap '' TERM; else trap 'echo "T \$2 \$SECONDS" >> "\$1"; exit 1' TERM; fi
"$(HOG)" 100 30 "\$1" "\$2" & wait
EOF
	chmod +x job.sh
	run incg "$PARX" -j 2 --memsuspend 60M --timeout 2 --kill-after 8 \
		./job.sh "$T/log" {#} ::: 1 2
	expect_status 2
	# job 2 was stopped, and ran its handler soon after 2s, not after 10s
	grep -q '^+ 2 ' log
	[ "$(awk '$1 == "T" && $2 == 2 && $3 < 6 { print "soon" }' log)" = soon ]
}

@test "--load: no job starts while busy loops hold the CPUs, one does when they stop" {
	cat > loadtest.sh <<EOF
for i in 1 2 3 4; do (while :; do :; done) & done
"$PARX" --load 2 'echo run {} >> $T/ran' ::: 1 &
sleep 2
if [ -e $T/ran ]; then echo started-under-load; else echo held; fi
kill %1 %2 %3 %4
wait %5
cat $T/ran
EOF
	# a PID namespace of its own: the load counted is only the test's
	run unshare -pf --mount-proc bash loadtest.sh
	expect_status 0
	expect "held
run 1"
}

@test "SIGUSR1 adds a slot, SIGUSR2 removes one, never ending a running job" {
	"$PARX" -v -j 1 "$(span 0.6)" ::: $(seq 12) > out 2> err &
	local ppid=$!
	# two of one signal sent at once may arrive as one: space them
	sleep 0.3
	kill -USR1 $ppid
	sleep 0.1
	kill -USR1 $ppid
	sleep 1.5
	kill -USR2 $ppid
	sleep 0.1
	kill -USR2 $ppid
	sleep 0.3
	echo S >> log
	wait $ppid
	[ "$(most_at_once)" = 3 ]
	# every job ran to its end
	[ "$(grep -c '^+' log)" = 12 ] && [ "$(grep -c '^-' log)" = 12 ]
	# after the two SIGUSR2s a job starts only when none runs
	[ "$(awk '$1 == "S" { s = 1 } $1 == "+" { if (s && n) bad = 1; n++ } $1 == "-" { n-- } END { print bad + 0 }' log)" = 0 ]
	# -v: the commands (on stdout, as GNU parallel prints them), and each
	# new count once on stderr
	[ "$(grep -c '^echo' out)" = 12 ]
	[ "$(cat err)" = "parx: 2 job slots
parx: 3 job slots
parx: 2 job slots
parx: 1 job slot" ]
}

@test "SIGUSR1: the new slot count shows in --progress" {
	"$PARX" --progress -j 1 'sleep 0.4' ::: 1 2 3 > out 2> err &
	local ppid=$!
	sleep 0.2
	kill -USR1 $ppid
	wait $ppid
	[ "$(tail -n 1 err)" = "parx: 3/3 jobs 100%  0 running  2 slots" ]
}

@test "-j FILE: read again as jobs end; garbage keeps the last good value, said once" {
	echo 1 > jf
	"$PARX" -j jf "$(span 0.5)" ::: $(seq 9) > out 2> err &
	local ppid=$!
	sleep 0.2
	echo 3 > jf
	sleep 1.6
	echo 'three please' > jf
	wait $ppid
	[ "$(most_at_once)" = 3 ]
	[ "$(grep -c '^-' log)" = 9 ]
	[ "$(cat err)" = "parx: -j jf: not N, N%, +N or -N; keeping 3 job slots" ]
	# the first job ran alone
	[ "$(head -n 2 log | cut -c1)" = "+
-" ]
}

@test "--limit: exit 1 holds the starts, exit 0 lets them go" {
	"$PARX" --limit 'test -e go' 'echo {} >> log' ::: a b > out 2> err &
	local ppid=$!
	sleep 1
	[ ! -e log ]
	touch go
	wait $ppid
	[ "$(sort log)" = "a
b" ]
	[ ! -s err ]
}

@test "--limit: exit 2 ends the youngest job, which runs again later" {
	"$PARX" -j 2 --limit 'if [ -e kill ]; then rm kill; exit 2; fi; exit 0' \
		"$(span 1.5)" ::: 1 2 > out 2> err &
	local ppid=$!
	sleep 0.5
	touch kill
	wait $ppid
	[ "$(grep -c '^+ 2' log)" = 2 ] && [ "$(grep -c '^- 2' log)" = 1 ]
	[ "$(grep -c '^+ 1' log)" = 1 ] && [ "$(grep -c '^- 1' log)" = 1 ]
	[ ! -s err ]
}

@test "--limit: a command that cannot run is said once; every job still runs" {
	run --separate-stderr "$PARX" -k --limit 'exit 7' echo ::: a b c
	expect_status 0
	expect "a
b
c"
	[ "$stderr" = "parx: --limit 'exit 7': exit 7, not 0, 1 or 2; no longer asked" ]
	run --separate-stderr "$PARX" -k --limit ./no-such-limit-command echo ::: a b
	expect_status 0
	expect "a
b"
	[ "${stderr##*$'\n'}" = "parx: --limit './no-such-limit-command': exit 127, not 0, 1 or 2; no longer asked" ]
}

@test "--delay auto: failures lengthen the delay between starts" {
	run "$PARX" -j 5 --delay 0.3auto 'date +%s.%N >> t; exit 1' ::: 1 2 3 4 5
	expect_status 5
	# 0.3 0.39 0.51 0.66: the last gap well above the first
	run awk 'NR > 1 { g[NR - 1] = $1 - p } { p = $1 } END { print (g[4] > 1.5 * g[1]) ? "longer" : "same " g[1] " " g[4] }' t
	expect "longer"
}

@test "--retry-delay: retries wait DUR, doubling, up to MAX" {
	run "$PARX" --retries 5 --retry-delay 0.1,0.4 'date +%s.%N >> t; exit 1' ::: x
	expect_status 1
	[ "$(wc -l < t)" = 5 ]
	# gaps 0.1 0.2 0.4 0.4 (0.8 without the cap)
	run awk 'NR > 1 { g[NR - 1] = $1 - p } { p = $1 } END {
		print (g[1] >= 0.09 && g[2] >= 0.19 && g[3] >= 0.39 && g[4] >= 0.39 && g[4] < 0.7) ? "ok" : "bad " g[1] " " g[2] " " g[3] " " g[4] }' t
	expect "ok"
}

@test "--noswap: jobs run while the machine does not swap" {
	run "$PARX" -k --noswap echo ::: a b
	expect_status 0
	expect "a
b"
}

@test "bad --memfree, --memsuspend, --load, --retry-delay and -j values are usage errors" {
	run "$PARX" --memfree 12Q echo ::: a
	expect_status 255
	expect "parx: --memfree: invalid value '12Q' (a size such as 500M, 2G)
parx: try 'parx --help' for more information"
	run "$PARX" --memsuspend '' echo ::: a
	expect_status 255
	expect "parx: --memsuspend: invalid value '' (a size such as 500M, 2G)
parx: try 'parx --help' for more information"
	run "$PARX" --load lots echo ::: a
	expect_status 255
	expect "parx: --load: invalid value 'lots' (a load such as 4, 1.5, 80%, +1 or -1)
parx: try 'parx --help' for more information"
	run "$PARX" --retry-delay 2s,1s echo ::: a
	expect_status 255
	expect "parx: --retry-delay: invalid value '2s,1s' (DUR or DUR,MAX such as 1s,1m)
parx: try 'parx --help' for more information"
	run "$PARX" -j no-such-file echo ::: a
	expect_status 255
	expect "parx: -j: invalid value 'no-such-file' (N, N%, +N, -N or 0)
parx: try 'parx --help' for more information"
	echo junk > jf
	run "$PARX" -j jf echo ::: a
	expect_status 255
	expect "parx: -j: invalid value 'jf' (a file that holds N, N%, +N, -N or 0)
parx: try 'parx --help' for more information"
}
