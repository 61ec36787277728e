#!/usr/bin/env bats
# Chunking: -n/--max-args/--chunksize, -X, -s/--max-chars, commands that
# cannot fit, and memory with many small chunks.

bats_require_minimum_version 1.5.0
load helper
# the failure summary (only on a terminal by default) is asserted here
export PARALLEL=--summary

# Twelve ten-letter words: 5 fit in "echo ..." under -s 70, as in xargs.
WORDS=(aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee ffffffffff
	gggggggggg hhhhhhhhhh iiiiiiiiii jjjjjjjjjj kkkkkkkkkk llllllllll)
FIVE_FIVE_TWO='aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee
ffffffffff gggggggggg hhhhhhhhhh iiiiiiiiii jjjjjjjjjj
kkkkkkkkkk llllllllll'

@test "without -n each job gets one input" {
	run parx -k echo ::: a b c
	expect_status 0
	expect $'a\nb\nc'
}

@test "-n 2 gives each job up to two inputs" {
	run parx -k -n 2 echo ::: a b c d e
	expect_status 0
	expect $'a b\nc d\ne'
}

@test "--max-args 2 gives each job up to two inputs" {
	run parx -k --max-args 2 echo ::: a b c
	expect_status 0
	expect $'a b\nc'
}

@test "--chunksize 2 gives each job up to two inputs" {
	run parx -k --chunksize 2 echo ::: a b c
	expect_status 0
	expect $'a b\nc'
}

@test "-n keeps each input of a chunk one word" {
	run parx -k -n 2 'printf "<%s>" {}; echo' ::: 'a b' 'c;d' '$x'
	expect_status 0
	expect $'<a b><c;d>\n<$x>'
}

@test "-n with stdin inputs" {
	run parx -k -n 3 echo < <(seq 7)
	expect_status 0
	expect $'1 2 3\n4 5 6\n7'
}

@test "-n 2 {} in a shell template is the whole chunk" {
	run parx -k -n 2 'echo {} | tr a-z A-Z' ::: a b c
	expect_status 0
	expect $'A B\nC'
}

@test "-X repeats the word holding {} once per input" {
	run parx -j1 -k -X echo x{}y ::: a b c
	expect_status 0
	expect "xay xby xcy"
}

@test "-X puts all inputs in one job when they fit" {
	run parx -j1 -k -X echo < <(seq 1000)
	expect_status 0
	expect "$(seq 1000 | paste -s -d ' ')"
}

@test "-X splits at the -s limit as GNU parallel and xargs do" {
	run parx -j1 -k -X -s 70 echo ::: "${WORDS[@]}"
	expect_status 0
	expect "$FIVE_FIVE_TWO"
}

@test "-X with context repeats the context within -s 70" {
	run parx -j1 -k -X -s 70 echo x{}y ::: "${WORDS[@]}"
	expect_status 0
	expect 'xaaaaaaaaaay xbbbbbbbbbby xccccccccccy xddddddddddy xeeeeeeeeeey
xffffffffffy xggggggggggy xhhhhhhhhhhy xiiiiiiiiiiy xjjjjjjjjjjy
xkkkkkkkkkky xlllllllllly'
}

@test "-X with -n 2 gives at most two inputs per job" {
	run parx -j1 -k -n 2 -X echo x{}y ::: a b c
	expect_status 0
	expect $'xay xby\nxcy'
}

@test "-n 100 -s 70 stops a chunk at the length limit" {
	run parx -j1 -k -n 100 -s 70 echo ::: "${WORDS[@]}"
	expect_status 0
	expect "$FIVE_FIVE_TWO"
}

@test "--max-chars is -s" {
	run parx -j1 -k -X --max-chars 70 echo ::: "${WORDS[@]}"
	expect_status 0
	expect "$FIVE_FIVE_TWO"
}

@test "a job whose command cannot fit -s fails, named, and the run goes on" {
	run --separate-stderr parx -k -s 100 echo ::: a "$(printf 'x%.0s' $(seq 200))" b
	expect_status 1
	expect $'a\nb'
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 2 ]
	[[ "$stderr" =~ ^"parx: job 2: command too long" ]]
	[[ "${stderr##*$'\n'}" =~ ^"parx: 1 of 3 jobs failed: #2 too long" ]]
}

@test "-X: an input that alone cannot fit fails and the others run" {
	run --separate-stderr parx -j1 -k -X -s 100 echo ::: a "$(printf 'x%.0s' $(seq 200))" b
	expect_status 1
	expect $'a\nb'
	[[ "$stderr" =~ ^"parx: job 2: command too long" ]]
	[[ "${stderr##*$'\n'}" =~ ^"parx: 1 of 3 jobs failed: #2 too long" ]]
}

@test "an input over the system's argument limit fails that job only" {
	{ echo a; head -c 300000 /dev/zero | tr '\0' y; echo; echo b; } > in
	run --separate-stderr parx -k echo < in
	expect_status 1
	expect $'a\nb'
	[[ "$stderr" =~ ^"parx: job 2: command too long" ]]
	[[ "${stderr##*$'\n'}" =~ ^"parx: 1 of 3 jobs failed: #2 too long" ]]
}

@test "a 20 MB input line costs parx a few copies of it, not eight" {
	# the line is read, held by its job, and rendered (command, display);
	# the job fails as too long and the next one runs
	{ head -c 20000000 /dev/zero | tr '\0' y; echo; echo b; } > in
	rss_run "$PARX" -k echo < in > out 2> err || true
	[ "$(cat out)" = b ]
	[[ "$(head -n 1 err)" =~ ^"parx: job 1: command too long" ]]
	echo "RSS ${RSS_KB} KB" >&2
	[ "$RSS_KB" -lt "$(rss_limit 131072)" ]
}

@test "-s with a non-number is a usage error" {
	run --separate-stderr parx -s lots echo ::: a
	expect_status 255
	expect ""
	[ "${stderr##*$'\n'}" = "parx: try 'parx --help' for more information" ]
}

@test "seq 1000000 | parx -n 1000 true stays under 8 MB" {
	rss_run "$PARX" -n 1000 true < <(seq 1000000) > out 2>&1 || {
		cat out >&2
		return 1
	}
	[ ! -s out ]
	echo "RSS ${RSS_KB} KB" >&2
	[ "$RSS_KB" -lt "$(rss_limit 8192)" ]
}

@test "seq 1000000 | parx -k -n 1000 runs 1000 jobs with every input once" {
	"$PARX" -k -n 1000 echo < <(seq 1000000) > out
	[ "$(wc -l < out)" -eq 1000 ]
	tr ' ' '\n' < out | cmp - <(seq 1000000)
}

@test "-X with a shell template keeps each script under the 128 KiB word limit" {
	run --separate-stderr "$PARX" -j1 -X -s 500000 'echo {} | wc -c' ::: $(seq 60000)
	expect_status 0
	[ "$(printf '%s\n' "$output" | wc -l)" -ge 3 ]
	for n in $output; do [ "$n" -le 131072 ]; done
}
