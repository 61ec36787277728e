#!/usr/bin/env bats
# Pipe mode: --pipe cuts stdin into blocks at record boundaries, one block
# per job's stdin; --pipepart does the same for a seekable file by offsets.
# Stdin is tried both ways: through a pipe (cat |) and redirected from a
# regular file (cut like --pipepart).  Expected block sizes are those GNU
# parallel 20221122 prints for the same command lines.

bats_require_minimum_version 1.5.0
load helper

# sum: add up the numbers of stdin, one per line.
sum() { awk '{ s += $1 } END { print s + 0 }'; }

# each MODE FILE ARGS...: run parx ARGS with FILE as input the MODE way.
each() {
	local mode=$1 f=$2
	shift 2
	case $mode in
	pipe) cat "$f" | "$PARX" --pipe "$@" ;;
	file) "$PARX" --pipe "$@" <"$f" ;;
	part) "$PARX" --pipepart -a "$f" "$@" ;;
	esac
}

# await_file F: wait (at most 10 s) until ./F exists; 1 if it never does.
await_file() {
	local i
	for i in $(seq 200); do
		[ -e "$1" ] && return 0
		sleep 0.05
	done
	return 1
}

@test "line counts add up for many input and block sizes" {
	local n b got bad=
	for n in 1 10 1000 100000; do
		seq $n >in.$n
		for b in 10 1000 10k 1M; do
			[ $n = 100000 ] && [ $b = 10 ] && continue
			got=$(cat in.$n | "$PARX" -j4 --pipe --block $b wc -l | sum)
			[ "$got" = $n ] || bad="$bad pipe:$n/$b=$got"
			got=$("$PARX" -j4 --pipe --block $b wc -l <in.$n | sum)
			[ "$got" = $n ] || bad="$bad file:$n/$b=$got"
			got=$("$PARX" -j4 --pipepart -a in.$n --block $b wc -l | sum)
			[ "$got" = $n ] || bad="$bad part:$n/$b=$got"
		done
	done
	output=$bad
	expect ""
}

@test "the 100000-line example sums to 100000" {
	run sh -c "seq 100000 | '$PARX' --pipe --block 10k wc -l | awk '{s+=\$1} END {print s}'"
	expect_status 0
	expect 100000
}

@test "-k --pipe cat reproduces the input exactly, every way" {
	local m
	seq 100000 >in
	m=$(md5sum <in)
	for mode in pipe file part; do
		run sh -c "$(declare -f each); PARX='$PARX' each $mode in -k -j3 --block 10k cat | md5sum"
		expect_status 0
		expect "$m"
	done
}

@test "binary data with NUL bytes passes through unchanged" {
	local m
	head -c 5M /dev/urandom >bin
	m=$(md5sum <bin)
	for mode in pipe file part; do
		run sh -c "$(declare -f each); PARX='$PARX' each $mode bin -k --block 100k cat | md5sum"
		expect_status 0
		expect "$m"
	done
}

@test "--recend '' cuts binary data into blocks of exactly --block bytes" {
	head -c 5M /dev/urandom >bin
	for mode in pipe file part; do
		run sh -c "$(declare -f each); PARX='$PARX' each $mode bin -k --recend '' --block 100k wc -c | uniq -c"
		expect_status 0
		# 100k is 100000 bytes (k: 1000, K: 1024), as GNU parallel
		expect "$(printf '     52 100000\n      1 42880')"
	done
}

@test "--recend '\\0' cuts at NUL bytes" {
	run sh -c "printf 'a\0b\0c' | '$PARX' -k --pipe --recend '\0' -N1 'od -An -c'"
	expect_status 0
	expect "$(printf '   a  \\0\n   b  \\0\n   c')"
}

@test "blocks are the longest run of records within --block (GNU's cuts)" {
	seq 20 >in
	for mode in pipe file part; do
		run sh -c "$(declare -f each); PARX='$PARX' each $mode in -k --block 10 wc -c | tr '\n' ' '"
		expect_status 0
		# --pipepart goes on to the end of the record --block ends in
		if [ $mode = part ]; then expect "12 12 12 12 3 "; else expect "10 8 9 9 9 6 "; fi
	done
	seq 10000 >in
	run sh -c "seq 10000 | '$PARX' -k --pipe --block 1000 wc -c | uniq -c | tr -s ' \n' ' '"
	expect " 3 1000 1 998 44 1000 1 896 "
}

@test "-N puts exactly N records in each block; -L N packs N-line records" {
	run sh -c "seq 100 | '$PARX' -k --pipe -N 30 --block 10 wc -l | tr '\n' ' '"
	expect_status 0
	expect "30 30 30 10 "
	run sh -c "seq 5 | '$PARX' -k --pipe -L 2 'cat; echo ==' | tr '\n' ' '"
	expect_status 0
	# the last short record is a block of its own, as in GNU parallel
	expect "1 2 3 4 == 5 == "
	seq 100 >in
	run sh -c "'$PARX' -k --pipepart -a in -N 30 wc -l | tr '\n' ' '"
	expect "30 30 30 10 "
}

@test "--header N repeats the first N lines at the top of every block" {
	printf 'h1\nh2\n1\n2\n3\n4\n5\n' >in
	for mode in pipe file part; do
		run sh -c "$(declare -f each); PARX='$PARX' each $mode in -k --header 2 -N2 'cat; echo =='"
		expect_status 0
		expect "$(printf 'h1\nh2\n1\n2\n==\nh1\nh2\n3\n4\n==\nh1\nh2\n5\n==')"
	done
}

@test "--header with no data after it runs no job" {
	printf 'h1\nh2\n' >in
	for mode in pipe file part; do
		run sh -c "$(declare -f each); PARX='$PARX' each $mode in --header 2 echo ran"
		expect_status 0
		expect ""
	done
}

@test "--header blocks put back together give the data once" {
	seq 0 50000 >in
	run sh -c "'$PARX' -k --pipe --header 1 --block 10k 'tail -n +2' <in | md5sum"
	expect "$(tail -n +2 in | md5sum)"
	run sh -c "'$PARX' -k --pipe --header 1 --block 10k 'head -n 1' <in | sort -u"
	expect 0
}

@test "--recstart alone: a boundary before each record start" {
	printf 'x>a\nx\n>b\ny\n>c\nz\n' >in
	for mode in pipe file part; do
		run sh -c "$(declare -f each); PARX='$PARX' each $mode in -k --recstart '>' -N1 'cat; echo =='"
		expect_status 0
		expect "$(printf 'x==\n>a\nx\n==\n>b\ny\n==\n>c\nz\n==')"
	done
	printf '>a\nAC\nGT\n>b\nAAAA\n>c\nC\n>d\nGGGG\nTT\n' >fa
	for mode in pipe file part; do
		run sh -c "$(declare -f each); PARX='$PARX' each $mode fa -k --recstart '>' --block 16 wc -c | tr '\n' ' '"
		if [ $mode = part ]; then expect "17 16 "; else expect "9 13 11 "; fi
		run sh -c "$(declare -f each); PARX='$PARX' each $mode fa -k --recstart '>' --block 20 wc -c | tr '\n' ' '"
		if [ $mode = part ]; then expect "22 11 "; else expect "17 16 "; fi
	done
}

@test "--recend and --recstart together: a boundary only where both meet" {
	printf 'a;\n>b;>c;\n>d' >in
	for mode in pipe file part; do
		run sh -c "$(declare -f each); PARX='$PARX' each $mode in -k --recend ';\n' --recstart '>' -N1 'cat; echo =='"
		expect_status 0
		expect "$(printf 'a;\n==\n>b;>c;\n==\n>d==')"
	done
	printf 'a;b;c;d' >in
	run sh -c "'$PARX' -k --pipe --recend ';' -N 2 'cat; echo' <in"
	expect "$(printf 'a;b;\nc;d')"
}

@test "a record longer than --block grows its block and is never split" {
	printf 'aaaaaaaaaaaaaaaaaaaa\nb\n' >in
	for mode in pipe file part; do
		run sh -c "$(declare -f each); PARX='$PARX' each $mode in -k --block 5 wc -c | tr '\n' ' '"
		expect_status 0
		expect "21 2 "
	done
	head -c 3000000 /dev/zero | tr '\0' x >big
	echo >>big
	seq 10 >>big
	run sh -c "'$PARX' -k --pipe --block 1k 'wc -c' <big | head -n 2 | tr '\n' ' '"
	expect "3000001 21 "
	run sh -c "cat big | '$PARX' -k --pipe --block 1k cat | cmp - big && echo same"
	expect same
}

@test "empty input runs no job and exits 0" {
	: >empty
	for mode in pipe file part; do
		run sh -c "$(declare -f each); PARX='$PARX' each $mode empty --joblog jl.$mode echo ran"
		expect_status 0
		expect ""
		[ "$(wc -l <jl.$mode)" = 1 ]
	done
}

@test "--pipepart on files with and without a trailing newline" {
	seq 1000 >nl
	printf '1\n2\n3' >nonl
	run sh -c "'$PARX' -k --pipepart -a nl --block 100 cat | md5sum"
	expect "$(md5sum <nl)"
	run "$PARX" -k --pipepart --block 2 cat :::: nonl
	expect_status 0
	expect "$(printf '1\n2\n3')"
	run sh -c "'$PARX' -k --pipepart -a nonl --block 2 wc -c | tr '\n' ' '"
	expect "4 1 "
}

@test "--pipepart cuts each file on its own, each with its own header" {
	printf 'h\n1\n2\n3\n' >a
	printf 'H\n4\n' >b
	run "$PARX" -k --pipepart -a a -a b --header 1 -N 2 'cat; echo =='
	expect_status 0
	expect "$(printf 'h\n1\n2\n==\nh\n3\n==\nH\n4\n==')"
}

@test "--pipepart of something that cannot be cut by offsets is an error" {
	run "$PARX" --pipepart -a /nonexistent cat
	expect_status 255
	expect "parx: /nonexistent: No such file or directory"
	run sh -c "echo x | '$PARX' --pipepart -a - cat"
	expect_status 255
	expect "parx: -: Illegal seek"
}

@test "stdin from a file is left at the end of what was read" {
	seq 10 >in
	run sh -c "{ '$PARX' --pipe -N 3 wc -l >/dev/null; echo rest; cat; } <in"
	expect_status 0
	expect rest
}

@test "-k keeps block order with many jobs" {
	seq 200000 >in
	run sh -c "cat in | '$PARX' -k -j8 --pipe --block 4k 'cat; echo {#}' | grep -c -v '^[0-9]*\$' "
	expect 0
	run sh -c "cat in | '$PARX' -k -j8 --pipe --block 4k 'tail -n 1' | sort -n -c && echo sorted"
	expect sorted
}

@test "jobs see their block number as {#} and PARX_SEQ" {
	run sh -c "seq 10 | '$PARX' -k --pipe -N 3 'echo {#} \$PARX_SEQ \$(wc -l)'"
	expect_status 0
	expect "$(printf '1 1 3\n2 2 3\n3 3 3\n4 4 1')"
}

@test "the command is run as it is: no input appended, {} is empty" {
	run sh -c "seq 3 | '$PARX' --pipe echo hi"
	expect_status 0
	expect hi
	run sh -c "seq 3 | '$PARX' --pipe -N 1 -k echo 'x{}y'"
	expect "$(printf 'xy\nxy\nxy')"
}

@test "joblog Send is the bytes of each block, Receive the bytes back" {
	seq 20 >in
	for mode in pipe file part; do
		run sh -c "$(declare -f each); PARX='$PARX' each $mode in -k --block 10 --joblog jl cat >/dev/null; tail -n +2 jl | cut -f 1,5,6 | sort -n | tr '\t\n' ', '"
		expect_status 0
		if [ $mode = part ]; then expect "1,12,12 2,12,12 3,12,12 4,12,12 5,3,3 "
		else expect "1,10,10 2,8,8 3,9,9 4,9,9 5,9,9 6,6,6 "; fi
	done
	run sh -c "'$PARX' -k --pipepart -a in --header 1 --block 10 --joblog jl 'cat >/dev/null'; tail -n +2 jl | sort -n | cut -f 5 | tr '\n' ' '"
	expect "14 15 14 14 "
}

@test "a job that stops reading its block is no failure; the next block is whole" {
	run --separate-stderr sh -c "seq 1000000 | '$PARX' -k -j2 --pipe --block 1M head -n 1 | tr '\n' ' '"
	expect_status 0
	expect "1 165669 315465 465261 615057 764853 914649 "
	[ -z "$stderr" ]
	run --separate-stderr sh -c "seq 1000000 >in; '$PARX' -k -j2 --pipepart -a in --block 1M head -n 1 | tr '\n' ' '"
	expect_status 0
	expect "1 165670 315467 465264 615061 764858 914655 "
	run sh -c "seq 10 | '$PARX' -k --pipe -N 3 head -n 1 | tr '\n' ' '"
	expect "1 4 7 10 "
	run sh -c "seq 100000 | '$PARX' --pipe --block 10k true"
	expect_status 0
	expect ""
}

@test "a retried job gets its whole block again" {
	local job='f=mark.{#}; if [ ! -e $f ]; then : >$f; head -c 1 >/dev/null; exit 1; fi; cat'
	seq 6 >in
	for mode in pipe file part; do
		rm -f mark.*
		run sh -c "$(declare -f each); PARX='$PARX' each $mode in -k -N 2 --retries 2 '$job'"
		expect_status 0
		expect "$(seq 6)"
	done
}

@test "jobs finish while stdin is still open: reading never blocks the loop" {
	run sh -c "$(declare -f await_file)
		{ echo a; await_file seen && echo b || echo late; } |
		'$PARX' --pipe -N 1 -j 2 cat | { read l; echo \$l; : >seen; cat; }"
	expect_status 0
	expect "$(printf 'a\nb')"
}

@test "memory stays near jobs x block size, whatever the input size" {
	# under AddressSanitizer, freed blocks would stay resident in quarantine
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=4"
	rss_run sh -c "yes 123456789 | head -c 200000000 | '$PARX' -j2 --pipe --block 1M wc -l | awk '{s+=\$1} END {print s}' >out"
	[ "$(cat out)" = 20000000 ]
	echo "RSS ${RSS_KB} KB" >&2
	[ "$RSS_KB" -lt "$(rss_limit 32768)" ]
}

@test "stdin from a file whose size says 0 (/proc) is read as a stream" {
	run sh -c "'$PARX' --pipe cat </proc/version"
	expect_status 0
	expect "$(cat /proc/version)"
}
