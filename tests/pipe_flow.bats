#!/usr/bin/env bats
# pipe_flow.bats: how data flows in --tee, --round-robin, --shard and
# --bin (stdin never read in a way that stops the loop draining the jobs'
# output; --tee by tee(2) from a pipe, by copy from a file), awkward data
# in those modes against GNU parallel, and a failed job's block sent again
# under --retries (with --pipepart GNU gives a retry an empty block, parx
# the whole one: tests/pipe.bats checks parx's).

load helper
bats_require_minimum_version 1.5.0

GNU="parallel --will-cite"

# cmp_run FILTER CMD: CMD (a shell line, $P the program) through GNU
# parallel and parx; stdout (through FILTER), stderr and status the same.
cmp_run() {
	local filter=$1 cmd=$2 g=0 p=0
	P="$GNU" sh -c "$cmd" >g.out 2>g.err </dev/null || g=$?
	P="$PARX" sh -c "$cmd" >p.out 2>p.err </dev/null || p=$?
	sed 's/^parallel: /parx: /' g.err >g.err2
	$filter g.out >g.cmp
	$filter p.out >p.cmp
	if ! cmp -s g.cmp p.cmp || ! cmp -s g.err2 p.err || [ "$g" != "$p" ]; then
		printf 'case: %s\nGNU (status %s):\n' "$cmd" "$g" >&2
		cut -c1-200 g.cmp g.err2 | cat -A >&2
		printf -- '--- parx (status %s):\n' "$p" >&2
		cut -c1-200 p.cmp p.err | cat -A >&2
		return 1
	fi
	# worth something only when the command did something
	[ -s g.cmp ] || [ -s g.err2 ] || [ "$g" != 0 ] || {
		echo "case: $cmd: no output from either" >&2
		return 1
	}
}

same() {
	local c
	for c in "$@"; do cmp_run cat "$c" || return 1; done
}

same_sorted() {
	local c
	for c in "$@"; do cmp_run sort "$c" || return 1; done
}

setup_file_extra() {
	printf 'a\nb\nc' >nonl
	: >empty
	printf 'é\nñandú\n日本語 テキスト\n\xf0\x9f\x98\x80\n' >utf
	printf 'a\0b\nc\0\n\0\n\0\0x' >nul
	awk 'BEGIN { for (i = 1; i <= 20; i++) { s = ""; for (k = 0; k < 300 * i; k++) s = s "x"; print i " " s } }' >long
	seq 200000 >s200k
}

# stalled MODE...: stdin stops after 20000 lines until line 15000 of the
# jobs' output has come out of parx; then 20000 lines more.  parx must
# pass output on while it waits for stdin.  Prints what came out (lines,
# sum), and "seen" when stdin did not have to give up waiting.
stalled() {
	rm -f go seen
	{
		seq 1 20000
		i=0
		while [ ! -e go ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
		[ -e go ] && echo seen >seen
		seq 20001 40000
	} | timeout -k 2 30 "$PARX" --pipe --line-buffer "$@" |
	awk '$0 == "15000" && !done { done = 1; printf "" > "go"; close("go") }
	     { n++; s += $0 } END { print n, s }'
	cat seen 2>/dev/null
}

@test "output flows while --round-robin, --tee, --shard, --bin wait for stdin" {
	run stalled -j2 --round-robin --block 10k cat
	expect "$(printf '40000 800020000\nseen')"
	run stalled --tee cat ::: a b
	expect "$(printf '80000 1600040000\nseen')"
	run stalled -j2 --shard 1 cat
	expect "$(printf '40000 800020000\nseen')"
	run stalled -j3 --bin 1 cat
	expect "$(printf '40000 800020000\nseen')"
}

@test "jobs that write more than a pipe buffer before reading their stdin" {
	local job='head -c 3000000 /dev/zero | wc -c; wc -l'
	run timeout -k 2 60 sh -c "'$PARX' -k --pipe --tee '$job' ::: a b c <s200k"
	expect "$(printf '3000000\n200000\n%.0s' 1 2 3)"
	run timeout -k 2 60 sh -c "cat s200k | '$PARX' -k --pipe --tee '$job' ::: a b c"
	expect "$(printf '3000000\n200000\n%.0s' 1 2 3)"
	run timeout -k 2 60 sh -c "cat s200k | '$PARX' -j2 --pipe --round-robin --block 10k '$job' | sort -n | awk '{ s += \$1 } END { print NR, s }'"
	expect "4 6200000"
	run timeout -k 2 60 sh -c "cat s200k | '$PARX' -j3 --pipe --shard 1 '$job' | sort -n | awk '{ s += \$1 } END { print NR, s }'"
	expect "6 9200000"
}

@test "--tee from a pipe, a file, /dev/null: every job gets every byte" {
	head -c 5000000 /dev/urandom >rnd
	want=$(md5sum <rnd)
	run sh -c "cat rnd | '$PARX' -k --pipe --tee md5sum ::: 1 2 3 4"
	expect "$(printf '%s\n%s\n%s\n%s' "$want" "$want" "$want" "$want")"
	run sh -c "'$PARX' -k --pipe --tee md5sum ::: 1 2 3 4 <rnd"
	expect "$(printf '%s\n%s\n%s\n%s' "$want" "$want" "$want" "$want")"
	run sh -c "'$PARX' -k --pipe --tee 'wc -c' ::: 1 2 </dev/null"
	expect "$(printf '0\n0')"
	# one job: splice(2) alone; 20 jobs: pipes of the default size
	run sh -c "cat rnd | '$PARX' -k --pipe --tee md5sum ::: 1"
	expect "$want"
	run sh -c "cat rnd | '$PARX' -k --pipe --tee md5sum ::: \$(seq 20) | uniq -c | awk '{ print \$1 }'"
	expect "20"
}

@test "--tee: consumers of different speeds, one that stops reading early" {
	seq 300000 >in
	run sh -c "cat in | '$PARX' -k --pipe --tee '{}' ::: 'head -n 2' 'wc -l' 'sleep 0.5; md5sum' 'tail -n 1'"
	expect_status 0
	expect "$(printf '1\n2\n300000\n%s\n300000' "$(md5sum <in)")"
	no_procs "sleep 0.5"
	# a job that exits without reading: the others go on without it
	run sh -c "cat in | '$PARX' -k --pipe --tee '{}' ::: true 'wc -l' 'exit 3' 'tail -n 1'"
	expect_status 1
	expect "$(printf '300000
300000')"
	[ -z "$(ls -A "$TMPDIR")" ]
}

@test "--tee against GNU: no trailing newline, empty, UTF-8, NULs, long lines; pipe and file" {
	local f
	for f in nonl empty utf nul long; do
		same "\$P -k --pipe --tee --block 1k 'echo {}; od -An -c | md5sum; wc -c' ::: a b c <$f" \
		     "cat $f | \$P -k --pipe --tee --block 1k 'echo {}; od -An -c | md5sum; wc -c' ::: a b c"
	done
}

@test "--round-robin, --shard, --bin against GNU with awkward data (sorted)" {
	local f
	for f in nonl utf nul long; do
		same_sorted "cat $f | \$P -j3 --pipe --shard 1 'cat; echo'" \
			    "cat $f | \$P -j3 --pipe --bin 1 'cat; echo'"
	done
	for f in nonl utf nul; do
		same_sorted "cat $f | \$P -j2 --pipe --round-robin --block 1k 'cat; echo'"
	done
	# records longer than the block: GNU also warns that it grows its
	# block (parx does not), so stderr is left out here
	same_sorted "cat long | \$P -j2 --pipe --round-robin --block 1k 'cat; echo' 2>/dev/null"
	same "cat empty | \$P -j2 --pipe --round-robin 'echo x; wc -c'; echo status \$?" \
	     "cat empty | \$P -k -j2 --pipe --shard 1 'echo x; wc -c'; echo status \$?"
}

@test "--retries: a failed job's block is given again to the retry, as GNU does" {
	# each block's first try fails (having read some or none of it); the
	# retry must see the whole block; GNU prints the last try's output
	local job='read -r first; f=m/$first; if [ -e $f ]; then echo "again $first"; cat; else : >$f; echo "first $first"; exit 1; fi'
	same "rm -rf m; mkdir m; seq 10 | \$P -k --pipe -N3 --retries 3 '$job'" \
	     "rm -rf m; mkdir m; seq 1000 | \$P -k --pipe --block 1k --retries 2 '$job' | md5sum" \
	     "rm -rf m; mkdir m; \$P -k --pipe -N4 --retries 2 '$job' <utf" \
	     "rm -rf m; mkdir m; \$P -k --pipe -N2 --retries 2 '$job' <nonl" \
	     "seq 10 | \$P -k --pipe -N3 --retries 2 'cat; exit 1'"
}

@test "--retries with --round-robin is refused, as GNU refuses it" {
	same "seq 10 | \$P -j2 --pipe --round-robin --retries 3 cat" \
	     "seq 10 | \$P -j2 --pipe --round-robin --retries 1 cat" \
	     "\$P --round-robin --retries 2 echo ::: a"
}
