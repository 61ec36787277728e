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
	# parx's failure summary is its own: compare the rest
	run gnutree -k 'echo {}; exit 3' ::: a b
	expect_status 1
	expect "cmp: EOF on g.err which is empty"
	[ "$(cat p.err)" = "parx: 2 of 2 jobs failed: #1 exit 3 (echo a; exit 3); #2 exit 3 (echo b; exit 3)" ]
	diff g.list p.list && diff -r g p
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
