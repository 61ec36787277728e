#!/usr/bin/env bats
# Output files: --files (each job's stdout kept in a file, its name
# printed), --compress and --compress-program/--decompress-program (the
# output passes through the compressor), --latest-line (the latest line
# of each job), and the temporary directory they live in; compared with
# GNU parallel.

load helper
load gnudiff
bats_require_minimum_version 1.5.0

# Awkward values for the jobs.  (A value with a newline is left out:
# GNU parallel 20221122 runs such a value as two words, parx as one.)
VALS=('a b' "it's" '-n' 'ü' '' '"q"' '$x' ' lead' 'x\y')

# files_run PROG ARGS...: run PROG (parallel or parx) and write to
# $T/.PROG.log its exit status, its stderr, and each line of its stdout
# with the file name at the end of it replaced by NAME and followed by
# the file's bytes; fails when a name is not of the shape
# $TMPDIR/parXXXXX.par, names a missing file, or comes twice.
files_run() {
	local prog=$1 rc=0 tag name dir
	shift
	dir=${FILES_DIR:-$TMPDIR}
	if [ "$prog" = parallel ]; then
		parallel --will-cite "$@" > "$T/.f.out" 2> "$T/.f.err" < /dev/null || rc=$?
	else
		"$PARX" "$@" > "$T/.f.out" 2> "$T/.f.err" < /dev/null || rc=$?
	fi
	{
		echo "status $rc"
		sed 's/^parallel: /parx: /' "$T/.f.err"
		while IFS= read -r line; do
			name=${line##*$'\t'}
			tag=${line%"$name"}
			case $name in
			"$dir"/par?????.par) ;;
			*) echo "bad name: $line" >&2; return 1 ;;
			esac
			[[ ${name#"$dir"/par} =~ ^[A-Za-z0-9_]{5}\.par$ ]] ||
				{ echo "bad name: $line" >&2; return 1; }
			[ -f "$name" ] || { echo "no file $name" >&2; return 1; }
			printf '%sNAME\n' "$tag"
			cat -A "$name"
			rm -f "$name"
		done < "$T/.f.out"
	} > "$T/.$prog.log"
}

# files_same ARGS...: GNU parallel and parx print the same lines (names
# aside) for the same files, with the same stderr and status, and leave
# nothing else in $TMPDIR.
files_same() {
	files_run parallel "$@" || return 1
	files_run parx "$@" || return 1
	if ! cmp -s "$T/.parallel.log" "$T/.parx.log"; then
		diff -u "$T/.parallel.log" "$T/.parx.log" >&2
		return 1
	fi
	[ -s "$T/.parx.log" ] || return 1
	[ -z "$(ls -A "${FILES_DIR:-$TMPDIR}")" ] || {
		ls -A "${FILES_DIR:-$TMPDIR}" >&2
		return 1
	}
}

@test "--files: one name per job, TMPDIR/parXXXXX.par, each file the job's stdout, as GNU" {
	files_same -k --files echo ::: "${VALS[@]}"
	files_same -k -j4 --files 'sleep 0.$((RANDOM % 3)); printf "%s" {}' ::: "${VALS[@]}"
}

@test "--output-as-files and --outputasfiles are --files" {
	files_same -k --output-as-files echo ::: 'a b' ü
	files_same -k --outputasfiles echo ::: "it's"
}

@test "--files: the tag goes before the name, not into the file, as GNU" {
	files_same -k --files --tag echo ::: 'a b' "it's" -n ü '' '"q"' '$x'
	files_same -k --files --tagstring 'x{}y' echo ::: 'a b' -n
}

@test "--files: stderr is dropped, empty output makes an empty file, the status stays, as GNU" {
	files_same -k --files 'echo out {}; echo err {} >&2; exit {}' ::: 0 3 1
	files_same -k --files true ::: a b
	files_same -k --files -v echo ::: 'a b'
}

@test "--files with --tmpdir: the files go there, named by its spelling, as GNU" {
	mkdir td 'sp ace'
	FILES_DIR=td files_same -k --files --tmpdir td echo ::: a 'b c'
	FILES_DIR=td files_same -k --files --tmpdir td/ echo ::: a
	FILES_DIR='sp ace' files_same -k --files --tmpdir 'sp ace' echo ::: "it's"
	FILES_DIR="$T/td" files_same -k --files --tempdir "$T/td" echo ::: x
}

@test "--files with --compress: the kept files are the compressor's, byte for byte as GNU's" {
	files_run parallel -k --files --compress 'seq {}' ::: 3 1000 0
	mv "$T/.parallel.log" "$T/gnu.log"
	files_run parx -k --files --compress 'seq {}' ::: 3 1000 0
	cmp "$T/gnu.log" "$T/.parx.log"
	# the files are pzstd's here (the first of GNU's list on this machine)
	run "$PARX" --files --compress 'seq 5; : {}' ::: 1
	expect_status 0
	[ "$(pzstd -dc < "$output" | tr '\n' ' ')" = "1 2 3 4 5 " ]
}

@test "--files with --results: the stdout results files are named, as GNU" {
	gnu_same -k --results res --files echo ::: 'a b' "it's" -n ü
	gnu_same -k --results res/ --files --tag echo ::: a ::: 1 2
	gnu_same -k --results 'o/{}/' --files echo ::: a 'b c'
	gnu_same -k --results 'o2/x{}' --files echo ::: 'b c'
	[ "$(cat 'res/1/a b/stdout')" = 'a b' ]
	[ "$(cat 'o2/xb c')" = 'b c' ]
	[ -z "$(ls -A "$TMPDIR")" ]
}

@test "--compress with --results DIR: the results files are compressed, the tree byte for byte as GNU's" {
	parallel -k --results g --compress 'seq {}; echo e{} >&2' ::: 3 10000 0
	"$PARX" -k --results p --compress 'seq {}; echo e{} >&2' ::: 3 10000 0
	diff -r g p
	[ "$(pzstd -dc < p/1/10000/stdout | wc -l)" = 10000 ]
	[ ! -s p/1/0/stdout ]
	parallel -k --results 'g2/{}.out' --compress 'echo {}' ::: 'a b'
	"$PARX" -k --results 'p2/{}.out' --compress 'echo {}' ::: 'a b'
	diff -r g2 p2
	# a table holds the output as it is
	run "$PARX" --results -.csv --compress 'echo {}' ::: 'a b'
	expect_status 0
	[ "$(printf '%s\n' "$output" | sed -n 2p | cut -d, -f 10-)" = '"a b","a b' ]
	[ "$(printf '%s\n' "$output" | sed -n 3p)" = '",' ]
}

@test "--files with -u: the output goes straight out, as GNU" {
	gnu_same -u --files echo ::: a
	[ -z "$(ls -A "$TMPDIR")" ]
}

@test "--dry-run --files prints a name of the shape, makes no file, as GNU" {
	run "$PARX" --dry-run --files echo ::: a b
	expect_status 0
	[ "${#lines[@]}" = 2 ]
	[[ ${lines[0]} =~ ^"$TMPDIR"/par[A-Za-z0-9_]{5}\.par$ ]]
	[[ ${lines[1]} =~ ^"$TMPDIR"/par[A-Za-z0-9_]{5}\.par$ ]]
	[ -z "$(ls -A "$TMPDIR")" ]
	run parallel --dry-run --files echo ::: a b
	[[ ${lines[0]} =~ ^"$TMPDIR"/par[A-Za-z0-9_]{5}\.par$ ]]
}

@test "--files: SIGINT leaves in TMPDIR only the files whose names were printed" {
	"$PARX" -j3 --files 'echo {}; exec sleep {}' ::: 0 0 61 62 63 > out 2> err &
	pid=$!
	for i in $(seq 100); do
		[ "$(pgrep -c -f '^sleep 6[123]$')" = 3 ] && break
		sleep 0.1
	done
	sleep 0.3
	kill -INT "$pid"
	status=0
	wait "$pid" || status=$?
	expect_status 130
	# every file there was printed, and every printed one is there
	diff <(ls -A "$TMPDIR" | sort) <(sed 's|.*/||' out | sort)
	no_procs '^sleep 6[123]$'
}

@test "--compress: output byte for byte as GNU's, stdout and stderr, awkward values" {
	gnu_same -k --compress 'echo {}' ::: "${VALS[@]}"
	gnu_same -k --compress 'echo {}; echo err {} >&2' ::: 'a b' "it's" -n ü '' '"q"' '$x'
	gnu_same -k -j3 --compress 'printf "%s" {}' ::: "${VALS[@]}"
	gnu_same -j1 --compress --tag 'echo {}; echo e >&2' ::: 'a b' ü
	gnu_same -j1 --compress --lb 'echo {}' ::: a b
}

@test "--compress: large output comes back whole and leaves no file" {
	gnu_same -k -j2 --compress 'seq {}' ::: 300000 1 200000
	[ -z "$(ls -A "$TMPDIR")" ]
}

@test "--compress-program/--decompress-program run the given programs, as GNU" {
	gnu_same -k --compress-program 'tr a b' --decompress-program cat echo ::: aaa 'a b'
	gnu_same -k --use-compress-program 'tr a c' --use-decompress-program 'tr c d' echo ::: aaa
	gnu_same -k --compress-program gzip echo ::: "${VALS[@]}"
	gnu_same -k --compress-program 'xz -0' --decompress-program 'xz -dc' echo ::: x
	# --decompress-program alone compresses nothing
	gnu_same -k --decompress-program 'tr a b' echo ::: aaa
}

@test "--compress-program that does not exist: the shell's message, 'Error: ... failed.', each job fails, as GNU" {
	gnu_same -j1 --compress-program nosuchprg echo ::: a 'b c'
	# nothing printed: no compressor started, nothing fails
	gnu_same -j1 --compress-program nosuchprg true ::: a
}

@test "a compressor that fails: the job's exit value is 255 in the joblog, as GNU" {
	gnu_same -j1 --compress-program 'cat; exit 3' echo ::: a b
	parallel -j1 --joblog g.log --compress-program 'cat; exit 3' echo ::: a > /dev/null 2>&1 || true
	"$PARX" -j1 --joblog p.log --compress-program 'cat; exit 3' echo ::: a > /dev/null 2>&1 || true
	[ "$(cut -f 5- g.log)" = "$(cut -f 5- p.log)" ]
	[ "$(sed -n 2p p.log | cut -f 7)" = 255 ]
}

@test "--compress: SIGINT leaves no file in TMPDIR and no compressor running" {
	"$PARX" -j3 --compress 'seq 100000; exec sleep {}' ::: 71 72 73 > out 2> err &
	pid=$!
	for i in $(seq 100); do
		[ "$(pgrep -c -f '^sleep 7[123]$')" = 3 ] && break
		sleep 0.1
	done
	sleep 0.3
	kill -INT "$pid"
	status=0
	wait "$pid" || status=$?
	expect_status 130
	[ -z "$(ls -A "$TMPDIR")" ]
	no_procs '^sleep 7[123]$'
	no_procs '^pzstd -c -1$'
}

@test "SIGKILL during --files --compress: only the printed files are left, no compressor runs on" {
	"$PARX" -j4 --files --compress 'seq 100000; exec sleep {}' ::: 0 81 82 83 > out 2> err &
	pid=$!
	for i in $(seq 100); do
		[ "$(pgrep -c -f '^sleep 8[123]$')" = 3 ] && [ -s out ] && break
		sleep 0.1
	done
	sleep 0.3
	kill -KILL "$pid"
	wait "$pid" || true
	[ "$(wc -l < out)" = 1 ]
	diff <(ls -A "$TMPDIR") <(sed 's|.*/||' out)
	[ "$(pzstd -dc < "$(cat out)" | wc -l)" = 100000 ]
	no_procs '^sleep 8[123]$'
	no_procs '^pzstd -c -1$'
}

@test "--tmpdir that is not a directory: a parx: line, exit 20 as GNU" {
	touch afile
	run -20 parallel --tmpdir afile echo ::: a
	run -20 "$PARX" --tmpdir afile echo ::: a
	expect "parx: cannot create a temporary file in afile: Not a directory"
}

@test "--tmpdir that does not exist: exit 2 as GNU, nothing made" {
	run -2 parallel --tmpdir nodir echo ::: a
	run -2 "$PARX" --tmpdir nodir --files echo ::: a
	expect "parx: cannot create a temporary file in nodir: No such file or directory"
	[ ! -e nodir ]
}

@test "an unwritable --tmpdir (a read-only mount): exit 30 as GNU, nothing run" {
	mkdir ro
	mount -t tmpfs -o ro tmpfs ro
	run -30 parallel --tmpdir ro echo ::: a
	run -30 "$PARX" --tmpdir ro --compress echo ::: a
	expect "parx: cannot create a temporary file in ro: Read-only file system"
	TMPDIR=ro run -30 "$PARX" --files echo ::: a
	expect "parx: cannot create a temporary file in ro: Read-only file system"
}

# ll_squeeze < OUT: GNU parallel redraws a job's row every time it looks
# at it, so how often a row repeats depends on timing: drop a line that
# repeats the one before it.
ll_squeeze() {
	perl -e 'local $/; my $s = <STDIN>; my ($p, $o) = (undef, "");
		for (split /(?<=\n)/, $s) {
			$o .= $_ unless defined $p && $_ eq $p && /\n\z/;
			$p = $_;
		}
		print $o'
}

# ll_same ARGS...: the same --latest-line drawing (repeats aside), status
# and stderr from GNU parallel and parx, with no terminal to draw on
# (setsid: no /dev/tty; GNU's shell says so on stderr: that is dropped).
ll_same() {
	local gs=0 ps=0
	setsid -w parallel --will-cite "$@" < /dev/null > "$T/.lg" 2> "$T/.lge" || gs=$?
	setsid -w "$PARX" "$@" < /dev/null > "$T/.lp" 2> "$T/.lpe" || ps=$?
	grep -v '^sh: 1: cannot open /dev/tty' "$T/.lge" | sed 's/^parallel: /parx: /' > "$T/.lge2" || true
	ll_squeeze < "$T/.lg" > "$T/.lg2"
	ll_squeeze < "$T/.lp" > "$T/.lp2"
	if [ "$gs" != "$ps" ] || ! cmp -s "$T/.lg2" "$T/.lp2" ||
	   ! cmp -s "$T/.lge2" "$T/.lpe"; then
		printf 'GNU (status %s):\n' "$gs" >&2
		cat -A "$T/.lg2" "$T/.lge2" >&2
		printf -- '--- parx (status %s):\n' "$ps" >&2
		cat -A "$T/.lp2" "$T/.lpe" >&2
		return 1
	fi
	[ -s "$T/.lp2" ]
}

@test "--latest-line off a terminal: parx's exact drawing" {
	run --separate-stderr setsid -w "$PARX" --ll -j1 'sleep 0.2; echo {}; sleep 0.2; printf x' ::: a 'b c'
	expect_status 0
	[ "$stderr" = "" ]
	# a row when the job starts, a redraw for each piece of output, three
	# when it ends, then the unfinished line
	[ "$output" = $'\r \n\ra \n\ra \n\ra \n\ra \n\ra \nx\r \n\rb c \n\rb c \n\rb c \n\rb c \n\rb c \nx' ]
}

# In these each job waits before it prints: parx draws a job's row when
# it starts, GNU parallel when it first looks at the job, which is before
# the first output only when that output is a little late.
@test "--latest-line: rows, latest lines, stderr too, the unfinished line, as GNU" {
	ll_same --ll true ::: a
	ll_same --ll -j1 'sleep 0.5; echo {}; sleep 0.2' ::: 'a b' "it's" -n
	ll_same --latest-line -j1 'sleep 0.5; echo 1 {}; sleep 0.2; echo 2 {} >&2; sleep 0.2; exit 2' ::: x y
	ll_same --latestline -j1 'sleep 0.5; printf "one\ntwo"; sleep 0.2; : {}' ::: a
	ll_same --ll -j1 -k 'sleep 0.5; printf "a\rb\n"; sleep 0.2; : {}' ::: a
	ll_same --ll -j1 -u 'sleep 0.5; echo {}; sleep 0.2' ::: u
}

@test "--latest-line: tags, TABs, UTF-8 and the width of 80 columns, as GNU" {
	ll_same --ll -j1 --tag 'sleep 0.5; printf "x\ty\tz\n"; sleep 0.2; printf "é"; : {}' ::: é
	ll_same --ll -j1 'sleep 0.5; printf "%079d\n" 1; sleep 0.2; : {}' ::: a
	ll_same --ll -j1 'sleep 0.5; printf "%080d\n" 1; sleep 0.2; : {}' ::: a
	ll_same --ll -j1 --tag 'sleep 0.5; printf "%0100d\n" 1; sleep 0.2; : {}' ::: a
	ll_same --ll -j1 --tagstring '{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}' 'sleep 0.5; echo b; sleep 0.2; : {}' ::: aaaaa
	ll_same --ll -j1 'sleep 0.5; printf "\xff ü\n"; sleep 0.2; : {}' ::: a
}
