#!/usr/bin/env bats
# Stress: many jobs, big and interleaved outputs, huge lines, a thousand
# concurrent jobs.  Run by `make check-slow`; needs root (a tmpfs for the
# gigabytes that spill), GNU time, and about 12 GB of free memory.

load ../helper
bats_require_minimum_version 1.5.0

setup_file_extra() { export T; }

# big_tmpdir SIZE: $TMPDIR becomes a tmpfs of SIZE, so that spilled
# gigabytes cost memory, not disk.
big_tmpdir() {
	mount -t tmpfs -o size="$1" tmpfs "$TMPDIR"
}

@test "100 000 short jobs with -j 64: every one run and logged" {
	run --separate-stderr bash -c 'seq 100000 | "$PARX" -j 64 --joblog jl true'
	expect_status 0
	[ -z "$stderr" ]
	[ "$(wc -l < jl)" -eq 100001 ]
	# each seq once, every exit value 0
	[ "$(tail -n +2 jl | cut -f 1 | sort -n | uniq | wc -l)" -eq 100000 ]
	[ "$(tail -n +2 jl | cut -f 1 | sort -n | tail -n 1)" -eq 100000 ]
	[ "$(tail -n +2 jl | cut -f 7,8 | sort -u)" = $'0\t0' ]
}

# The job of the next two tests: 30000 lines of about 100 bytes on stdout
# (ID N o...) and as many on stderr (ID N e...), alternating, flushed
# every 500 lines: 3 MB runs on each stream, interleaved.
interleaved='awk -v id={} "BEGIN { pad = sprintf(\"%90s\", \"\")
	for (i = 1; i <= 30000; i++) {
		printf \"%s %d o%s\n\", id, i, pad
		printf \"%s %d e%s\n\", id, i, pad > \"/dev/stderr\"
		if (i % 500 == 0) fflush()
	} }"'

# contiguous FILE KIND: FILE holds the 30 jobs' lines of kind o or e, each
# job's in one contiguous, complete, ordered run.
contiguous() {
	awk -v kind="$2" '
		$1 != cur { if (seen[$1]++) { print "job " $1 " split at line " NR; bad = 1; exit }
			    cur = $1; n = 0 }
		$2 != ++n || substr($3, 1, 1) != kind { print "bad line " NR ": " $1 " " $2; bad = 1; exit }
		{ count[$1]++ }
		END { if (bad) exit 1
		      for (id in count) { jobs++; if (count[id] != 30000) { print "job " id ": " count[id]; exit 1 } }
		      if (jobs != 30) { print jobs " jobs"; exit 1 } }' "$1"
}

@test "30 jobs interleaving 3 MB runs on stdout and stderr: no mixing" {
	big_tmpdir 1g
	run bash -c 'seq 30 | "$PARX" -j 30 "$0" > out 2> err' "$interleaved"
	expect_status 0
	contiguous out o
	contiguous err e
}

@test "30 interleaving jobs with -k: no mixing, input order" {
	big_tmpdir 1g
	run bash -c 'seq 30 | "$PARX" -k -j 30 "$0" > out 2> err' "$interleaved"
	expect_status 0
	contiguous out o
	contiguous err e
	[ "$(cut -d ' ' -f 1 out | uniq | tr '\n' ' ')" = "$(seq 30 | tr '\n' ' ')" ]
	[ "$(cut -d ' ' -f 1 err | uniq | tr '\n' ' ')" = "$(seq 30 | tr '\n' ' ')" ]
}

@test "4 jobs x 1 GB with -k: every byte, in order, RSS under 128 MB" {
	big_tmpdir 4g
	rss_run bash -c '"$PARX" -k -j 4 "head -c 1G /dev/zero | tr \"\\0\" {}" ::: 1 2 3 4 |
		tee >(wc -c > count) | tr -s 1234 > squeezed; wait $!'
	[ "$(cat count)" -eq 4294967296 ]
	[ "$(cat squeezed)" = 1234 ]
	echo "# peak RSS ${RSS_KB} KiB" >&3
	[ "$RSS_KB" -lt 131072 ]
	[ -z "$(ls -A "$TMPDIR")" ]
}

@test "a 5 GB output line, grouped: every byte, RSS under 128 MB" {
	big_tmpdir 6g
	rss_run bash -c '"$PARX" -j 2 "head -c {} /dev/zero" ::: 5G 1 | wc -c > count'
	[ "$(cat count)" -eq $((5 * 1024 * 1024 * 1024 + 1)) ]
	echo "# peak RSS ${RSS_KB} KiB" >&3
	[ "$RSS_KB" -lt 131072 ]
}

@test "a 5 GB output line with --lb is never split: RSS under 128 MB" {
	big_tmpdir 6g
	# the short job's line comes whole, before or after the 5 GB one
	printf '%s\n' 'head -c 5G /dev/zero | tr "\0" x; echo' 'sleep 1; echo short' > cmds
	rss_run bash -c '"$PARX" --lb -j 2 < cmds | tee >(wc -c > count) | tr -s x > squeezed
		wait $!'
	[ "$(cat count)" -eq $((5 * 1024 * 1024 * 1024 + 1 + 6)) ]
	[[ "$(cat squeezed)" == $'short\nx' || "$(cat squeezed)" == $'x\nshort' ]]
	echo "# peak RSS ${RSS_KB} KiB" >&3
	[ "$RSS_KB" -lt 131072 ]
}

@test "a 300 MB input line from a pipe: read in linear time, one job too long" {
	SECONDS=0
	run --separate-stderr bash -c '{ echo a; head -c 300000000 /dev/zero | tr "\0" x; echo
		echo c; } | "$PARX" -k echo'
	echo "# took $SECONDS s" >&3
	expect_status 1
	expect $'a\nc'
	[[ "$stderr" == "parx: job 2: command too long ("* ]]
	# 2 s here; 35 s when each read rescanned the whole line
	[ "$SECONDS" -lt 20 ]
}

@test "1000 concurrent sleep jobs with -j 0: all run at once, all reaped" {
	ulimit -n "$(ulimit -Hn)"
	[ "$(ulimit -n)" -ge 8100 ]	# 1000 slots fit
	run --separate-stderr bash -c 'seq 1000 | "$PARX" -j 0 --joblog jl sleep 10 0.00{}'
	expect_status 0
	[ -z "$stderr" ]
	[ "$(tail -n +2 jl | wc -l)" -eq 1000 ]
	[ "$(tail -n +2 jl | cut -f 7,8 | sort -u)" = $'0\t0' ]
	# the last one started before the first one ended
	last_start=$(tail -n +2 jl | cut -f 3 | sort -n | tail -n 1)
	first_end=$(tail -n +2 jl | awk -F '\t' '{ printf "%.3f\n", $3 + $4 }' | sort -n | head -n 1)
	awk -v a="$last_start" -v b="$first_end" 'BEGIN { exit !(a < b) }'
	no_procs "^sleep 10 0.00"
}
