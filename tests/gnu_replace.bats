#!/usr/bin/env bats
# Replacement strings as GNU parallel has them: --plus and its strings,
# the dynamic ones after the shell's parameter expansion, and the options
# that rename the plain ones.  Each test runs the same command line through
# GNU parallel and parx (gnudiff.bash).

load helper
load gnudiff

# awkward values: spaces, quotes, leading dashes, UTF-8, shell syntax, empty
V=('a b/c d.e f' "it's.x" 'x"y.z' '-n' '--' 'é/ü.tar.gz' '' '$HOME.x'
   '*.c' 'a;b.c' '{}' 'a/b.c.d.e' 'a' '.a' 'a.' '/x' 'a.b/c' 'a..b' '...'
   '/' 'a/.b')

@test "--plus: the path and extension strings" {
	gnudiff -k --plus echo '{+/},{+.},{+..},{+...},{..},{...},{/..},{/...}' ::: "${V[@]}"
}

@test "--plus: the plain strings still work beside the new ones" {
	gnudiff -k -j1 --plus echo '{.},{/.},{},{/},{//},{#},{%}' ::: "${V[@]}"
}

@test "--plus: each part and its opposite make the value again" {
	run parx -k --plus echo '{+/}/{/}={.}.{+.}={..}.{+..}={...}.{+...}' ::: a/b.c.d.e
	expect_status 0
	expect 'a/b.c.d.e=a/b.c.d.e=a/b.c.d.e=a/b.c.d.e'
}

@test "--plus: prefixes and suffixes cut by pattern ({#re} {##re} {%re} {%%re})" {
	gnudiff -k --plus echo '{#z.*z.}' '{##z.*z.}' '{%.z.*z}' '{%%.z.*z}' '{#.}' '{%.?}' \
		::: z.z.z.foo.z.z.z '' foo "${V[@]}"
}

@test "--plus: substitution and case ({/re/s} {//re/s} {/#re/s} {/%re/s} {^re} {,re})" {
	gnudiff -k --plus echo '{/a/X}' '{//a/X}' '{/#a/X}' '{/%a/X}' '{/a/}' \
		'{^a}' '{^^a}' '{,A}' '{,,A}' '{^^[a-c]}' '{,,[A-Z]}' ::: abaA Aaba '' "${V[@]}"
}

@test "--plus: a pattern or replacement holding a space is one string" {
	gnudiff -k --plus echo '{/ /_}' '{// /_}' '{//[.]/ - }' ::: "${V[@]}"
}

@test "--plus: defaults and substrings ({:-str} {:n} {:n:m}) count bytes" {
	gnudiff -k --plus echo '{:-zz}' '{:2}' '{:1:2}' '{:10}' '{:0:1}' \
		::: '' 0 a 00 abcdef 'é€x' -n
}

@test "--plus: positional forms ({2+/} {2..} {1:-d} {2#a} {2/b/Q}) and missing ones" {
	gnudiff -k --plus echo '{2+/}' '{2..}' '{2/...}' '{1:-d}' '{2:1}' '{2#a}' \
		'{2/b/Q}' '{2^b}' '{2%%z.*}' '{2//b/Q}' '{2:1:1}' '{10:-d}' \
		::: x '' azbz ::: a/b.c.d.e abab
}

@test "--plus: {slot} {0%} and the positional forms that stand for nothing" {
	gnudiff -k --plus echo '{#}' '{%}' '{1#}' '{1%}' '{1##}' '{1slot}' '{slot}' '{0%}' \
		::: a/b.c.d ::: x/y.z.w
	gnudiff -k -j10 --plus echo '{0%}' ::: a
	gnudiff -k -j10 --plus 'sleep 0.3; echo {0%}' ::: a b
	gnudiff -k -j1 --plus echo '{0%}' ::: a b
}

@test "--plus: {uniq} and {choose_k} skip jobs (and count them in the exit status)" {
	gnudiff -k --plus echo {#} {uniq} ::: a b ::: a b
	gnudiff -k --plus echo {#} {choose_k} ::: a b c ::: a b c ::: a b c
	gnudiff -k --plus echo {uniq} ::: a b ::: a b ::: a b c
}

@test "--plus: the strings in a shell template and with -q" {
	gnudiff -k --plus 'echo {+.}; echo x{/..}x {:-E}' ::: "${V[@]}"
	gnudiff -k --plus -q printf '%s|' '{+.}' '{..}' '{,,[A-Z]}' ::: "${V[@]}"
}

@test "--plus: with -X and -n" {
	gnudiff -j1 -X --plus echo x{+.}y {/a/X} ::: a.b c.d
	gnudiff -k --plus -n2 echo '{+.}' '{1..}' ::: a.b c.d.e f.g
	gnudiff -k --plus --tag echo '{..}' ::: a.b.c
}

@test "without --plus the --plus strings are literal text" {
	gnudiff -k echo '{+/},{..},{:-x},{slot},{2.},{1/},{x},{}' ::: a.b.c
}

@test "unknown strings stay literal" {
	gnudiff -k --plus echo '{1///x}' '{.a}' '{+/a}' '{:1:}' '{:x}' '{###}' '{x}' ::: abc
}

@test "--er --bnr --dnr --bner --seqreplace --slotreplace rename the plain strings" {
	gnudiff --er XX echo XX {.} {1.} ::: a.b
	gnudiff -k --er '{e}' echo {e} {1e} {2e} {.} ::: a.b ::: c.d
	gnudiff --bnr BB --dnr DD --bner EE --seqreplace SS --slotreplace LL \
		echo BB DD EE SS LL {/} {//} {/.} {#} {%} ::: x/a.b
	gnudiff --extensionreplace XX --basenamereplace BB --dirnamereplace DD \
		--basenameextensionreplace EE echo XX BB DD EE ::: 'a b/c d.e'
}

@test "-I renames {} only; --plus strings stay" {
	gnudiff -I ,, --plus echo ,, {+.} {} ::: a.b
}

@test "an empty replacement string is refused" {
	run parx --er '' echo ::: a
	expect_status 255
	expect "parx: --er: the replacement string is empty
parx: try 'parx --help' for more information"
}

@test "a word that is only a missing positional value is no word" {
	gnudiff -k echo a {3} b {3}c {2}{3} ::: x ::: y
	gnudiff -k 'echo a {3} b' ::: x
}
