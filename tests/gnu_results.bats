#!/usr/bin/env bats
# --results DIR in GNU parallel's layout: the same command line through
# GNU parallel and parx must leave byte-identical trees.

load helper
load gnudiff

# gnutree ARGS...: run ARGS with --results g (GNU) and --results p (parx);
# stdout, stderr and status as gnudiff, then the two trees compared.
gnutree() {
	local gs=0 ps=0
	rm -rf g p
	parallel --will-cite --results g "$@" >g.out 2>g.err </dev/null || gs=$?
	"$PARX" --results p "$@" >p.out 2>p.err </dev/null || ps=$?
	(cd g && find . | LC_ALL=C sort) >g.list
	(cd p && find . | LC_ALL=C sort) >p.list
	[ "$gs" = "$ps" ] || { echo "status $gs vs $ps" >&2; return 1; }
	cmp g.out p.out && cmp g.err p.err || return 1
	diff g.list p.list && diff -r g p || return 1
	[ -s g.list ]
}

V=(a 'b c' 'a/b' '..' '.' '-n' '--' 'é ü' 'a\b' $'t\tb' '' "it's" '$HOME' '*'
   "$(printf 'y%.0s' {1..300})" "$(printf 'é%.0s' {1..200})")

@test "--results DIR: the same tree as GNU parallel for awkward values" {
	gnutree -k 'printf "%s\n" {}; printf "e%s\n" {} >&2' ::: "${V[@]}"
}

@test "--results DIR: two sources, empty values among them" {
	gnutree -k 'printf "%s|%s\n" {1} {2}' ::: "${V[@]}" ::: x '' '..'
}

@test "--results DIR: with --colsep each column is a level" {
	gnutree -k --colsep , 'printf "%s\n" {2}' ::: 'a,b' 'c,/d' ',.'
}

@test "--results DIR: a failing job keeps its files and the exit status" {
	# the same status (2 failed), stderr (no summary off a terminal) and tree
	gnutree -k 'echo {}; exit 3' ::: a b
	[ "$(cat p/1/a/stdout)" = a ]
}

@test "--results DIR: no value leads out of DIR" {
	mkdir top && cd top
	run parx --results out 'echo {1} {2}' ::: .. ../.. / '../x' ::: .. '/etc' ''
	expect_status 0
	cd ..
	# DIR/1/.. is DIR itself: the job of .. and .. writes DIR/seq
	[ "$(cat top/out/seq)" = 1 ]
	[ "$(cat "top/out/1/..\\_x/2/\\_etc/stdout")" = "../x /etc" ]
	[ "$(cat "top/out/1/..\\_../2/stdout")" = "../.. " ]
	[ "$(ls -A top)" = out ]
	[ "$(ls -A)" = "$(printf 'tmp\ntop')" ]
}

# gnutable FORMAT ARGS...: --results -.FORMAT through both, the start
# times and run times (which differ from run to run) masked.
gnutable() {
	local f=$1 gs=0 ps=0
	shift
	parallel --will-cite --results "-.$f" "$@" >g.t </dev/null || gs=$?
	"$PARX" --results "-.$f" "$@" >p.t 2>/dev/null </dev/null || ps=$?
	sed -E -i 's/[0-9]{10}\.[0-9]{3}/START/; s/\b[0-9]+\.[0-9]{3}\b/TIME/' g.t p.t
	[ "$gs" = "$ps" ] && [ -s g.t ] && diff g.t p.t
}

TV=(a 'b c' 'd"e' $'t\tb' 'x;y' "q'q" '' $'\x01' 'é' '\' '-n')

@test "--results -.csv, -.tsv and -.json: GNU parallel's tables on stdout" {
	gnutable csv -j1 -k printf '%s' ::: "${TV[@]}"
	gnutable tsv -j1 -k printf '%s' ::: "${TV[@]}"
	gnutable json -j1 -k printf '%s' ::: "${TV[@]}"
}

@test "--results -.csv: two sources, stderr, a failing job" {
	gnutable csv -j1 -k 'echo {1}; echo {2} >&2; exit {2}' ::: a 'b c' ::: 0 3
}

@test "--results NAME.csv writes the table to the file, nothing else" {
	run parx -j1 -k --results t.csv echo ::: a 'b c'
	expect_status 0
	expect ""
	sed -E -i 's/[0-9]{10}\.[0-9]{3}/START/; s/\b[0-9]+\.[0-9]{3}\b/TIME/' t.csv
	[ "$(cat t.csv)" = "Seq,Host,Starttime,JobRuntime,Send,Receive,Exitval,Signal,Command,V1,Stdout,Stderr
1,:,START,TIME,0,2,0,0,\"echo a\",a,\"a
\",
2,:,START,TIME,0,4,0,0,\"echo 'b c'\",\"b c\",\"b c
\"," ]
}

# gnunamed ARGS...: ARGS run in g/ through GNU parallel and in p/ through
# parx; the two trees must be the same.
gnunamed() {
	rm -rf g p && mkdir g p
	(cd g && parallel --will-cite "$@" </dev/null) >g.out 2>&1
	(cd p && "$PARX" "$@" </dev/null) >p.out 2>&1
	cmp g.out p.out && diff -r g p && [ -n "$(ls g)" ]
}

@test "--results with replacement strings: files named by the expansion" {
	gnunamed -k --results 'o/{1}/{2}' echo ::: a 'b c' -n ::: x y
	gnunamed -k --results 'my_{}' echo ::: foo 'a/b' 'é'
	gnunamed -k --results 'd_{}/' echo ::: q r
	gnunamed -k --results 'n/{#}-{.}' echo ::: a.txt b.txt
}

@test "--results with replacement strings: a path with .. is refused" {
	mkdir top && cd top
	run parx --results 'o/{}' echo ::: ../../x
	expect_status 255
	expect "parx: --results o/{}: Operation not permitted"
	cd ..
	[ "$(ls -A)" = "$(printf 'tmp\ntop')" ] && [ -z "$(ls -A top)" ]
}
