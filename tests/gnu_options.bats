#!/usr/bin/env bats
# Every GNU parallel option name either works as GNU's (compared with GNU
# parallel through tests/gnudiff.bash) or is refused by name.

load helper
load gnudiff
bats_require_minimum_version 1.5.0

@test "gnu: GNU's other spellings of parx's options work as GNU's" {
	gnu_same --jl jl -k echo ::: 'a b' "it's"
	gnu_same --dryrun -k echo ::: 'a b' '$x' '' '-n'
	gnu_same --dr -k echo ::: 'a b'
	gnu_same --linebuffer -k echo ::: ü
	gnu_same --line-buffered -k echo ::: x
	gnu_same --xapply -k echo ::: a 'b c' ::: 1 2
	gnu_same --max-procs 1 --keeporder echo ::: 1 2 3
	gnu_same --maxargs 2 -k echo ::: 1 2 3
	gnu_same --max-replace-args 2 -k echo {2} {1} ::: 1 2 3 4
	gnu_same --col-sep , -k echo {2} {1} ::: 'a,b c' ',x'
	gnu_same --tag-string 'T {}' -k echo ::: "it's"
	gnu_same_input $'a\nb\n' --spreadstdin -k wc -l
	gnu_same --halt-on-error now,fail=1 -j1 sh -c 'exit {}' ::: 0 3 0
	gnu_same --gnu -k echo ::: a
}

@test "--res is --results" {
	run "$PARX" --res out -k echo ::: 'a b' x
	expect_status 0
	[ "$(cat 'out/1/a b/stdout')" = 'a b' ]
	[ "$(cat out/1/x/stdout)" = x ]
}

@test "gnu: -i and --replace are -I with {} by default" {
	gnu_same -i -k echo x{}y ::: 'a b' '-n'
	gnu_same --replace -k echo x{}y ::: 'a b'
	gnu_same --replace=@@ -k echo x@@y ::: 'a b' "it's"
	gnu_same -i@@ -k echo x@@y ::: 'a b'
}

@test "every GNU option parx does not provide is refused by name, exit 255, nothing run" {
	local o
	# the names src/optsgnu.c refuses (the next test checks the man page
	# lists the same)
	for o in $(sed -n '/refused\[\] = {/,/^};/p' "$BATS_TEST_DIRNAME/../src/optsgnu.c" |
		grep -o '"[a-z0-9_-]*"' | tr -d '"'); do
		run --separate-stderr "$PARX" "--$o" touch ran ::: 1
		[ "$status" = 255 ] && [ "$stderr" = "parx: --$o is not supported (see parx(1))" ] ||
			{ echo "--$o: status $status: $stderr" >&2; return 1; }
		run --separate-stderr "$PARX" "--$o=x" touch ran ::: 1
		[ "$stderr" = "parx: --$o is not supported (see parx(1))" ]
	done
	for o in B D G g H M T U W Y; do
		run --separate-stderr "$PARX" "-$o" touch ran ::: 1
		[ "$status" = 255 ] && [ "$stderr" = "parx: -$o is not supported (see parx(1))" ] ||
			{ echo "-$o: status $status: $stderr" >&2; return 1; }
	done
	[ ! -e ran ]
}

@test "every refused GNU option is listed in the man page" {
	local o
	for o in $(sed -n '/refused\[\] = {/,/^};/p' "$BATS_TEST_DIRNAME/../src/optsgnu.c" |
		grep -o '"[a-z0-9_-]*"' | tr -d '"'); do
		grep -q "^\.Fl -$o ,\$" "$BATS_TEST_DIRNAME/../man/parx.1" ||
			{ echo "not in man/parx.1: --$o" >&2; return 1; }
	done
}

@test "gnu: --arg-sep and --arg-file-sep rename ::: and ::::" {
	printf 'f 1\n-n\n' > f1
	gnu_same -k --arg-sep ,, echo ,, 'a b' "it's"
	gnu_same -k --arg-sep ,, echo ,, a ,,+ 1 2 ,, x
	gnu_same -k --arg-file-sep // echo // f1
	gnu_same -k --arg-sep ,, echo ::: ,, a
}

@test "gnu: --trim removes blanks left, right or both" {
	gnu_same -k --trim l echo '[{}]' ::: ' a ' $'\tb c\t' ''
	gnu_same -k --trim r echo '[{}]' ::: ' a ' $'\tb\t'
	gnu_same -k --trim lr echo '[{}]' ::: ' it'"'"'s  '
	gnu_same -k --trim rl echo '[{}]' ::: '  ü '
	gnu_same -k --trim n --colsep , echo '[{1}][{2}]' ::: ' a , b '
	gnu_same -k --trim l --colsep , echo '[{1}][{2}]' ::: ' a , b '
}

@test "gnu: -E, --eof and -e end the input at a line" {
	gnu_same_input $'a b\nSTOP\nc\n' -k -E STOP echo
	gnu_same_input $'a b\nSTOP\nc\n' -k --eof=STOP echo
	gnu_same_input $'a b\nSTOP\nc\n' -k -eSTOP echo
	gnu_same_input $'a b\nSTOP\nc\n' -k -e STOP echo
	gnu_same_input $'a\n-n\n' -e -k echo
}

@test "gnu: -E ends each source at the line, ::: and :::: ones too" {
	printf 'x\ny\nz\n' > xyz
	gnu_same -k -E stop echo ::: a 'b c' stop d
	gnu_same -k -E stop echo ::: a stop b :::: xyz
	gnu_same -k -E y echo ::: "it's" -n ::: x y z
	gnu_same -k -E y echo :::: xyz ::: 1 2
	gnu_same -k -E 'a b' -d , echo ::: 'x,a b,c'
	gnu_same_input $'1\n2\n3\n' -k -E 2 echo :::: - ::: x
	gnu_same -k -E ü --link echo ::: 1 2 3 ::: a ü b
}

@test "gnu: -i and --replace take the next word as their value, as GNU's do" {
	gnu_same -k -i echo x{} ::: a
	gnu_same -k -i -- echo x{} ::: 'a b'
}

@test "gnu: --shellquote prints the inputs quoted" {
	gnu_same -k --shellquote ::: 'a b' "it's" '' '-n' 'ü$x' '`id`' '"q"'
	gnu_same -k --shellquote ::: 'a*' '~' 'x=y' '#' '{' '!' '[a]' 'a%' , @ : + a/b a.b - _
	gnu_same_input $'a b\'c\n\\\n' -k --shellquote
}

@test "gnu: -X and -m spread the last inputs over the job slots" {
	gnu_same_input "$(seq 10)"$'\n' -j3 -kX echo
	gnu_same_input "$(seq 10)"$'\n' -j3 -km echo
	gnu_same_input "$(seq 10)"$'\n' -j4 -kX echo x{}y
	gnu_same_input "$(seq 30)"$'\n' -j3 -kX echo
	gnu_same -k -X -j2 echo 'x{}y' ::: 'a b' "it's" '' -n ü
	gnu_same -k -m -j3 echo '<{}>' ::: 'a b' "it's" '' -n ü
}

@test "gnu: -m and --xargs put the inputs in one word; -X repeats it" {
	gnu_same_input $'1\n2\n3\n' -k --xargs -j1 echo a{}b
	gnu_same_input $'1\n2\n' -k -m echo a{}b
	gnu_same_input $'1\n2\n3\n' -k -X -j1 echo a{}b c{}d
	gnu_same -k -m -j1 echo 'x{}y' ::: 'a b' "it's"
}

@test "gnu: -N replaces in context, -n does not" {
	gnu_same_input "$(seq 5)"$'\n' -k -N2 echo a{}b
	gnu_same_input "$(seq 5)"$'\n' -k -n2 echo a{}b
	gnu_same_input "$(seq 5)"$'\n' -k -m -N2 echo a{}b
	gnu_same -k -N2 echo '<{}>' ::: 'a b' "it's" '-n'
}

# tty_both ARGS...: run GNU parallel and parx under script(1), on a
# terminal, and compare what each printed.
tty_both() {
	local q
	q=$(printf ' %q' "$@")
	script -qec "$GNU_PARALLEL --will-cite$q" /dev/null < /dev/null | tr -d '\r' > gnu.tty
	script -qec "$PARX$q" /dev/null < /dev/null | tr -d '\r' > parx.tty
	diff -u gnu.tty parx.tty
}

@test "gnu: -o/--open-tty and --tty give the jobs the terminal" {
	tty_both -o -k 'test -t 0 && echo tty {}' ::: a 'b c'
	tty_both --open-tty -k 'test -t 0 && echo tty {}' ::: "it's"
	tty_both --tty 'test -t 0 && echo tty {} {%}' ::: a 'b c'
	[ "$(cat parx.tty)" = $'tty a 1\ntty b c 1' ]
	run "$PARX" -k 'test -t 0 || echo no tty {}' ::: a
	expect "no tty a"
}

@test "--bg runs a --sem command in the background; without --sem it is refused" {
	"$PARX" --sem --bg --id bgtest 'sleep 0.5; touch done' > out 2>&1
	[ ! -e done ]
	"$PARX" --sem --wait --id bgtest
	[ -e done ]
	run --separate-stderr "$PARX" --bg touch ran ::: 1
	expect_status 255
	[ "${stderr%%$'\n'*}" = "parx: --bg is not supported (see parx(1)) without --sem" ]
	[ ! -e ran ]
}

@test "gnu: --shuf runs every input once, in a random order" {
	seq 200 > in
	"$GNU_PARALLEL" --will-cite --shuf -j1 echo {} :::: in ::: 'a b' > gnu.out
	"$PARX" --shuf -j1 echo {} :::: in ::: 'a b' > parx.out
	[ "$(sort gnu.out)" = "$(sort parx.out)" ]
	[ "$(wc -l < parx.out)" = 200 ]
	! cmp -s parx.out <(seq 200 | sed 's/$/ a b/')
	run "$PARX" --shuf -j1 echo {#} :::: in
	expect "$(seq 200)"
}

@test "-x: a command too long ends the run with status 255" {
	run --separate-stderr "$PARX" -x -s 20 -X -j1 echo ::: aaaaaaaaaaaaaaaaaaaaaaaaaaaaa b
	expect_status 255
	expect ""
	[ "$stderr" = "parx: job 1: command too long (35 bytes, limit 20)" ]
	run --separate-stderr "$PARX" --exit -s 30 -j1 echo ::: a "it's" aaaaaaaaaaaaaaaaaaaaaaaaaaaaa b
	expect_status 255
	expect $'a\nit\'s'
}

@test "gnu: --process-slot-var NAME sets NAME to the slot less one" {
	gnu_same --process-slot-var PS -j3 -k 'sleep 1; echo $PS {}' ::: a 'b c' "it's"
	gnu_same --process-slot-var PS -j1 -k 'echo $PS {}' ::: a 'b c'
	PS=inherited gnu_same --process-slot-var PS -j1 -k 'echo "$PS" {}' ::: -n
	gnu_same --process-slot-var 'PS' -j1 -k printenv PS ::: ü
}

@test "gnu: -p/--interactive asks on the terminal before each job" {
	local o
	# no echo of the answers: it would come at any moment among the prompts
	for o in -p --interactive; do
		printf 'y\nn\nyes\n' | script -qec "stty -echo; $GNU_PARALLEL --will-cite $o -j1 echo ::: a 'b c' \"it's\"" /dev/null > gnu.tty || true
		printf 'y\nn\nyes\n' | script -qec "stty -echo; $PARX $o -j1 echo ::: a 'b c' \"it's\"" /dev/null > parx.tty
		cmp gnu.tty parx.tty || { od -c gnu.tty; od -c parx.tty; false; }
	done
	grep -q "echo 'b c' ?\.\.\." parx.tty
	# a declined job is not a failure (see DIFFERENCES): parx exited 0
}

@test "gnu: --retry-failed runs again the joblog's failed commands, under their numbers" {
	"$GNU_PARALLEL" --will-cite --joblog jl -k 'echo {}; test {} = 0' ::: 0 "it's" 0 'a b' > /dev/null || true
	cp jl jl.orig
	"$GNU_PARALLEL" --will-cite --joblog jl --retry-failed -k echo ignored ::: x > gnu.out || echo "status $?" >> gnu.out
	cut -f 1,7,9 jl | sort > gnu.jl
	cp jl.orig jl
	"$PARX" --joblog jl --retry-failed -k echo ignored ::: x > parx.out || echo "status $?" >> parx.out
	cut -f 1,7,9 jl | sort > parx.jl
	diff gnu.out parx.out
	[ "$(cat parx.out)" = $'it\'s\na b\nstatus 2' ]
	diff gnu.jl parx.jl
	[ "$(wc -l < jl)" = 7 ]
	run --separate-stderr "$PARX" --retry-failed echo ::: x
	expect_status 255
	[ "${stderr%%$'\n'*}" = "parx: --retry-failed needs --joblog FILE" ]
}
