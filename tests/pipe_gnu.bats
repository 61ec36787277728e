#!/usr/bin/env bats
# pipe_gnu.bats: the pipe family against GNU parallel itself.  Each case is
# one shell line using $P for the program; it runs through GNU parallel and
# through parx, and stdout, stderr (program name aside) and the exit status
# must be the same.  Where GNU does not fix the order of the output
# (--round-robin, --shard: which job gets which block), stdout is compared
# sorted, and the case says so.

load helper
bats_require_minimum_version 1.5.0

GNU="parallel --will-cite"

# cmp_run FILTER CMD: run CMD both ways; FILTER (cat or sort) on stdout.
cmp_run() {
	local filter=$1 cmd=$2 g=0 p=0
	P="$GNU" sh -c "$cmd" >g.out 2>g.err </dev/null || g=$?
	P="$PARX" sh -c "$cmd" >p.out 2>p.err </dev/null || p=$?
	sed 's/^parallel: /parx: /' g.err >g.err2
	$filter g.out >g.cmp
	$filter p.out >p.cmp
	if ! cmp -s g.cmp p.cmp || ! cmp -s g.err2 p.err || [ "$g" != "$p" ]; then
		printf 'case: %s\nGNU (status %s):\n' "$cmd" "$g" >&2
		cat g.cmp g.err2 >&2
		printf -- '--- parx (status %s):\n' "$p" >&2
		cat p.cmp p.err >&2
		return 1
	fi
}

# same CMD...: each CMD gives the same through both.
same() {
	local c
	for c in "$@"; do cmp_run cat "$c" || return 1; done
}

# same_sorted CMD...: the same, stdout compared sorted.
same_sorted() {
	local c
	for c in "$@"; do cmp_run sort "$c" || return 1; done
}

setup_file_extra() {
	seq 100 >s100
	seq 100000 >s100k
	printf 'k,v\na,1\na,2\nb,3\nc,4\nc,5\n' >g.csv
	head -c 300000 /dev/urandom >bin
}

@test "-n in pipe mode counts records, as -N" {
	same "seq 3 | \$P -k --pipe -n1 'echo job; cat'" \
	     "seq 10 | \$P -k --pipe -n 4 'echo job; cat'"
}

@test "-L N: records of N lines packed into --block; the short last one alone" {
	same "seq 2000 | \$P -k --pipe --block 1k -L 4 wc -l" \
	     "seq 2001 | \$P -k --pipe --block 1k -L 4 wc -l" \
	     "seq 5 | \$P -k --pipe -L 2 'cat; echo =='" \
	     "seq 7 | \$P -k --pipe -L 3 'cat; echo =='"
}

@test "-N0 in pipe mode is cutting by size" {
	same "seq 10 | \$P -k --pipe --block 3 -N0 'echo job; wc -l'" \
	     "seq 300000 | \$P -k --pipe -N0 wc -l"
}

@test "-r: a block of empty records runs no job" {
	same "echo | \$P -r -N1 --pipe md5sum -c" \
	     "printf '\n\na\n\n' | \$P -k -r -N1 --pipe 'echo J; od -c'" \
	     "printf '\n\n' | \$P -k -r --pipe 'echo J; od -c'"
}

@test "--block -N: a share of the input per job slot" {
	same "\$P -k -j2 --pipepart -a s100k --block -2 wc -l" \
	     "\$P -k -j3 --pipepart -a s100k --block -1 wc -l"
}

@test "--pipepart without --block cuts the files into 10 parts a job slot" {
	same "\$P -k -j2 --pipepart -a s100k wc -l" \
	     "\$P -k -j3 --pipepart -a s100 wc -c" \
	     "\$P -k -j1 --pipepart -a s100k -a s100 wc -l" \
	     "\$P -k -j2 --pipepart -a s100k --block 1M wc -l"
}

@test "--pipepart --block rounds up to the end of the record it ends in" {
	same "\$P -k --pipepart -a s100 --block 10 wc -c" \
	     "\$P -k --pipepart -a s100 --block 11 wc -c" \
	     "\$P -k --pipepart -a s100 --block 20 wc -c" \
	     "\$P -k --pipepart -a s100 --header 1 --block 20 'cat; echo'"
}

@test "sizes: k m g are powers of 1000, K M G of 1024" {
	same "seq 200000 | \$P -k --pipe --block 1k wc -c | head -3" \
	     "seq 200000 | \$P -k --pipe --block 1K wc -c | head -3" \
	     "seq 300000 | \$P -k --pipe --block 1m wc -c" \
	     "seq 300000 | \$P -k --pipe --block 1M wc -c"
}

@test "binary data: --recend '' cuts it by size; whole through --pipepart" {
	same "\$P -k --pipe --recend '' --block 100k md5sum <bin" \
	     "cat bin | \$P -k --pipe --recend '' --block 100k md5sum" \
	     "\$P -k --pipepart -a bin --recend '' --block 100k md5sum"
}

@test "CRLF and NUL record separators, with and without --rrs" {
	same "printf 'a 1\r\nb 2\r\nc 3\r\n' | \$P -k --pipe --recend '\r\n' -N1 'od -c'" \
	     "printf 'a 1\r\nb 2\r\nc 3\r\n' | \$P -k --pipe --recend '\r\n' --rrs -N2 'od -c'" \
	     "printf 'a\0b\0c\0' | \$P -k --pipe --recend '\0' -N2 'od -c'" \
	     "printf 'a\0b\0c\0' | \$P -k --pipe --recend '\0' --rrs -N2 'od -c'"
}

@test "--rrs removes --recend and --recstart" {
	same "printf 'a\nb\nc\n' | \$P -k --pipe -N2 --rrs 'od -c'" \
	     "printf 'Xa\nXb\nXc\n' | \$P -k --pipe -N2 --recstart X --rrs 'od -c'" \
	     "printf 'a;Xb;Xc;' | \$P -k --pipe -N1 --recend ';' --recstart X --rrs 'od -c'"
}

@test "--regexp: --recstart and --recend are regular expressions" {
	same "printf 'Xa\nb\nXc\nd\n' | \$P -k --pipe -N1 --regexp --recstart 'X[a-z]' 'echo J; cat'" \
	     "printf 'a1\nb22\nc333\n' | \$P -k --pipe --regexp --recend '[0-9]+\n' -N2 'od -c'" \
	     "printf 'a1\nb22\nc333\n' | \$P -k --pipe --regexp --recend '[0-9]+\n' --rrs -N1 'od -c'"
}

@test "a record longer than --block is whole in one block" {
	# GNU warns and grows its --block for the rest of the run; parx does
	# not (DIFFERENCES): the data and the status are compared
	(head -c 200000 /dev/zero | tr '\0' x; echo; seq 3) >long
	local c
	for c in "\$P -k --pipe --block 1k cat <long | md5sum" \
		 "cat long | \$P -k --pipe --block 1k cat | md5sum" \
		 "\$P -k --pipepart -a long --block 1k cat | md5sum"; do
		P="$GNU" sh -c "$c" >g.out 2>/dev/null
		run sh -c "P='$PARX'; $c"
		expect_status 0
		expect "$(cat g.out)"
	done
}

@test "--tee: all of stdin to every job, one per argument" {
	same "seq 3 | \$P -k --tee --pipe 'echo {}; cat' ::: a b" \
	     "seq 2 | \$P -k --tee --pipe 'echo {1}{2}; cat' ::: a b ::: 1 2" \
	     "true | \$P -k --tee --pipe 'echo {}; cat' ::: a b" \
	     "seq 100000 | \$P -k --tee --pipe md5sum ::: 1 2 3 4" \
	     "\$P -k --tee --pipe 'echo {}; md5sum' ::: 1 2 3 <bin" \
	     "seq 10 | \$P -k --pipe --header 1 --tee 'echo {}; cat' ::: a b" \
	     "seq 100000 | \$P -k --tee --pipe 'echo {}; head -n {}' ::: 1 2 3"
}

@test "--tee with fewer slots than arguments is an error" {
	# GNU leaves a tee process behind here, waiting on its fifos in
	# $TMPDIR: its output goes to files, and the test ends that process
	P="$GNU" sh -c "seq 3 | \$P -j1 -k --tee --pipe 'echo {}; cat' ::: a b c" \
		>g.out 2>g.err 3>&- || echo "status $?" >>g.out
	local left
	for left in $(pgrep -f -- "tee .*$TMPDIR/"); do kill "$left"; done
	run --separate-stderr sh -c "seq 3 | '$PARX' -j1 -k --tee --pipe 'echo {}; cat' ::: a b c"
	expect_status 255
	[ "$output" = "" ] && [ "$(cat g.out)" = "status 255" ]
	[ "$stderr" = "$(sed 's/^parallel: /parx: /' g.err)" ]
}

@test "--round-robin: blocks to the running jobs (GNU's order is not fixed: sorted)" {
	same_sorted "seq 6 | \$P -k -j3 --pipe --round-robin --block 2 'echo J; cat'" \
		    "seq 100000 | \$P -j4 --pipe --round-robin cat" \
		    "seq 10 | \$P -j2 --pipe --header 1 --round-robin --block 3 'echo J; cat'" \
		    "\$P -j2 --pipepart -a s100k --round-robin --block 10k cat"
	same "true | \$P -j2 --pipe --round-robin 'echo x'" \
	     "seq 100000 | \$P -j3 --pipe --round-robin --block 10k wc -l | awk '{ s += \$1 } END { print s }'"
}

@test "--group-by: runs of lines with the same column value are records" {
	same "printf 'a,1\na,2\nb,3\nc,4\nc,5\n' | \$P -k --pipe --colsep , -N1 --group-by 1 'echo J; cat'" \
	     "printf 'a,1\na,2\nb,3\nc,4\nc,5\n' | \$P -k --pipe --colsep , -N2 --group-by 1 'echo J; cat'" \
	     "printf 'k\tv\na\t1\na\t2\nb\t3\n' | \$P -k --pipe --header 1 --group-by k 'echo J; cat'" \
	     "\$P -k --pipe --colsep , --header 1 -N1 --group-by k 'echo J; cat' <g.csv" \
	     "\$P -k --pipe --colsep , --group-by 1 'echo J; cat' <g.csv"
}

@test "--shard: each record to the job its column hashes to (sorted)" {
	same_sorted "\$P -k -j2 --pipe --colsep , --shard 1 'echo J; cat' <g.csv" \
		    "seq 100000 | \$P -j4 --pipe --shard 1 'sort -n'" \
		    "printf 'k,v\n1,a\n2,b\n3,c\n4,d\n' | \$P -k -j2 --pipe --colsep , --header 1 --shard k 'echo J; cat'"
	same "true | \$P -k -j2 --pipe --shard 1 'echo J; cat'" \
	     "seq 1000 | \$P -j3 --pipe --shard 1 'sort -n | uniq -d' | wc -l"
}

@test "--bin: each record to the job its number picks" {
	same "printf '0,a\n1,b\n2,c\n3,d\n4,e\n5,f\n' | \$P -k -j3 --pipe --colsep , --bin 1 'echo J; cat'" \
	     "printf '0\n1\n2\n3\n' | \$P -k -j2 --pipe --bin 1 'echo J; cat'" \
	     "printf 'k,v\n1,a\n2,b\n3,c\n' | \$P -k -j2 --pipe --colsep , --header 1 --bin k 'echo J; cat'" \
	     "printf 'k,v\n1,a\n2,b\n3,c\n' | \$P -k -j2 --pipe --colsep , --header 1 --bin 1 'echo J; cat'" \
	     "true | \$P -j2 --pipe --bin 1 'echo J; cat'" \
	     "seq 100000 | \$P -k -j4 --pipe --bin 1 'wc -l'"
}

@test "--fifo and --cat: {} names a file holding the block" {
	same "seq 3 | \$P -k --pipe --fifo 'cat {}'" \
	     "seq 3 | \$P -k --pipe --cat 'cat {}; cat {} | wc -l'" \
	     "seq 30000 | \$P -k --pipe --block 10k --cat 'wc -l < {}'" \
	     "seq 30000 | \$P -k --pipe --block 10k --fifo 'wc -l < {}'" \
	     "\$P -k --pipepart -a s100k --block 100k --cat 'wc -l < {}'" \
	     "seq 10 | \$P -k --pipe --header 1 --cat -N3 'cat {}'" \
	     "seq 10 | \$P -k --pipe --header 1 --fifo -N3 'cat {}'" \
	     "\$P -k --pipe --recend '' --block 100k --cat 'md5sum < {}' <bin" \
	     "\$P -k --pipe --recend '' --block 100k --fifo 'md5sum < {}' <bin"
}

@test "--cat's file can be opened again by name; it is in \$TMPDIR, unlinked" {
	run sh -c "seq 3 | '$PARX' --pipe --cat 'cat {} {}; ls -l {} | grep -c \"$TMPDIR/.*(deleted)\"'"
	expect_status 0
	expect "$(printf '1\n2\n3\n1\n2\n3\n1')"
}

@test "-k with each mode" {
	same "seq 50000 | \$P -k -j4 --pipe --block 10k 'wc -l'" \
	     "\$P -k -j4 --pipepart -a s100k --block 50k 'wc -l'" \
	     "seq 50000 | \$P -k -j4 --pipe --block 10k --cat 'wc -l < {}'" \
	     "seq 50000 | \$P -k -j4 --pipe --block 10k --fifo 'wc -l < {}'" \
	     "seq 50000 | \$P -k -j4 --pipe --bin 1 'wc -l'" \
	     "\$P -k --pipe --colsep , -N1 --group-by 1 'wc -l' <g.csv" \
	     "seq 50000 | \$P -k --pipe --tee 'wc -l' ::: 1 2 3"
	same_sorted "seq 50000 | \$P -k -j4 --pipe --round-robin --block 10k 'cat'" \
		    "seq 50000 | \$P -k -j4 --pipe --shard 1 'cat'"
}

@test "--header with each mode" {
	same "seq 10 | \$P -k --pipe --header 2 -N3 'cat; echo =='" \
	     "\$P -k --pipepart -a s100 --header 2 --block 100 'head -3'" \
	     "seq 10 | \$P -k --pipe --header 1 --cat -N4 'cat {}'" \
	     "seq 10 | \$P -k --pipe --header 1 --fifo -N4 'cat {}'" \
	     "seq 10 | \$P -k --pipe --header 1 --tee 'head -2' ::: a b" \
	     "\$P -k --pipe --colsep , --header 1 -N1 --group-by k 'cat' <g.csv" \
	     "printf 'k,v\n1,a\n2,b\n3,c\n' | \$P -k -j2 --pipe --colsep , --header 1 --bin k cat"
	same_sorted "seq 10 | \$P -j2 --pipe --header 1 --round-robin --block 3 'cat'" \
		    "\$P -j2 --pipe --colsep , --header 1 --shard k 'cat' <g.csv"
}

@test "bad input: a --regexp that does not compile" {
	run --separate-stderr sh -c "echo a | '$PARX' --pipe --regexp --recend '(' 'echo ran'"
	expect_status 255
	expect ""
	[[ "$stderr" == "parx: --recend: invalid regular expression '(' ("*")"* ]]
}

@test "bad input: --shard without a column, --bin with a non-number" {
	run --separate-stderr sh -c "echo a | '$PARX' --pipe --shard '' 'echo ran'"
	expect_status 255
	expect ""
	[[ "$stderr" == "parx: --shard needs a column: a number, or a name with --header"* ]]
	run --separate-stderr sh -c "echo a | '$PARX' --pipe --shard"
	expect_status 255
	expect ""
	[[ "$stderr" == "parx: --shard: missing value"* ]]
	run --separate-stderr sh -c "echo 1 | '$PARX' --pipe --bin abc 'echo ran'"
	expect_status 255
	expect ""
	[[ "$stderr" == "parx: --bin: invalid column 'abc' (a number from 1, or a name with --header)"* ]]
	run --separate-stderr sh -c "printf 'a,b\n1,2\n' | '$PARX' --pipe --colsep , --header 1 --bin zz 'echo ran'"
	expect_status 255
	expect ""
	[ "$stderr" = "parx: the column named by --group-by, --shard or --bin is not in the header: No such file or directory" ]
}

# kill_mid MODE: parx --MODE runs a slow job; SIGKILL parx while it runs;
# nothing may be left in $TMPDIR, and the job goes too.
kill_mid() {
	seq 100000 | "$PARX" --pipe --block 100k "--$1" 'cat {} >/dev/null; touch started.$$; exec sleep 29.13' &
	local pid=$! i
	for i in $(seq 100); do
		ls started.* >/dev/null 2>&1 && break
		sleep 0.1
	done
	ls started.* >/dev/null 2>&1
	kill -KILL $pid
	wait $pid || true
	no_procs 'sleep 29[.]13'
	[ -z "$(ls -A "$TMPDIR")" ]
}

@test "SIGKILL of parx in the middle of --cat leaves no temp file" {
	kill_mid cat
}

@test "SIGKILL of parx in the middle of --fifo leaves no temp file" {
	kill_mid fifo
}
