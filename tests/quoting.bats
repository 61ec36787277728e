#!/usr/bin/env bats
# Quoting: every substituted value reaches the command as one literal word;
# direct execution versus the shell; no COMMAND; -q.

bats_require_minimum_version 1.5.0
load helper
# the failure summary (only on a terminal by default) is asserted here
export PARALLEL=--summary

RECORD="My brother's 12\" *** record  (costs \$\$\$).jpg"

# Values that would do harm if a shell saw them unquoted.
NASTY=("$RECORD" '$(touch x)' '`touch x`' '; touch x' '| touch x'
	'&& touch x' "'; touch x; '" '"; touch x; "' '\' 'a\nb' '$HOME' '~'
	'#c' 'x=y' '%' '{}' '{.}' '*' '?' '[a]' ' lead' 'trail ' $'\t'
	$'\377' '-n' '--help' '!' '' '> x' '< x' '(touch x)' '{ touch x; }')

setup_file_extra() {
	# args: print each argument as <arg>, one per line.
	printf '#!/bin/sh\nfor a; do printf "<%%s>\\n" "$a"; done\n' > args
	chmod +x args
	# fakesh: a shell that leaves a mark when used.
	printf '#!/bin/sh\ntouch "%s/used"\nexec /bin/sh "$@"\n' "$T" > fakesh
	chmod +x fakesh
}

# expected VALUE...: what ./args prints for these values.
expected() { printf '<%s>\n' "$@"; }

@test "each harmful value is one literal word when executed directly" {
	run parx -k ./args {} ::: "${NASTY[@]}"
	expect_status 0
	expect "$(expected "${NASTY[@]}")"
	[ ! -e x ]
}

@test "each harmful value is one literal word through the shell" {
	run parx -k './args {} | cat' ::: "${NASTY[@]}"
	expect_status 0
	expect "$(expected "${NASTY[@]}")"
	[ ! -e x ]
}

@test "each harmful value is one literal word when appended" {
	run parx -k 'true;./args' ::: '$(touch x)' '`touch x`' '; touch x' "$RECORD"
	expect_status 0
	expect "$(expected '$(touch x)' '`touch x`' '; touch x' "$RECORD")"
	[ ! -e x ]
}

@test "harmful stdin lines are literal words" {
	run parx -k 'true; ./args' < <(printf '%s\n' '$(touch x)' '`touch x`' '; touch x')
	expect_status 0
	expect "$(expected '$(touch x)' '`touch x`' '; touch x')"
	[ ! -e x ]
}

@test "the record file name works in every replacement string" {
	run parx -k './args {} {.} {/} {//} {/.}; true' ::: "d/$RECORD"
	expect_status 0
	expect "$(expected "d/$RECORD" "d/${RECORD%.jpg}" "$RECORD" d "${RECORD%.jpg}")"
}

@test "the record file is found by a command through its name" {
	echo content > "$RECORD"
	run parx -k 'cat {}; wc -c < {}' ::: "$RECORD"
	expect_status 0
	expect $'content\n8'
}

@test "an input with newlines from -0 is one word" {
	run parx -0 -k './args {} | cat' < <(printf 'a\ntouch x\0b\0')
	expect_status 0
	expect $'<a\ntouch x>\n<b>'
	[ ! -e x ]
}

@test "an input with newlines from -0 is one word when executed directly" {
	run parx -0 -k ./args {} < <(printf 'a\n; touch x\0')
	expect_status 0
	expect $'<a\n; touch x>'
	[ ! -e x ]
}

@test "an input with a leading dash is passed as an argument" {
	run parx -k ./args {} ::: -n --help -
	expect_status 0
	expect $'<-n>\n<--help>\n<->'
}

@test "a glob input is not expanded" {
	touch f1 f2
	run parx -k 'echo {}' ::: '*' 'f?'
	expect_status 0
	expect $'*\nf?'
}

@test "an input {} is not substituted again" {
	run parx -k echo {} {.} ::: '{}' '{.}.x'
	expect_status 0
	expect $'{} {}\n{.}.x {.}'
}

@test "a template without shell syntax runs without the shell" {
	PARX_SHELL="$T/fakesh" run parx -k echo {} {.} ::: a.b
	expect_status 0
	expect "a.b a"
	[ ! -e used ]
}

@test "a template with shell syntax runs through \$PARX_SHELL" {
	PARX_SHELL="$T/fakesh" run parx -k 'echo {} | tr a A' ::: a
	expect_status 0
	expect "A"
	[ -e used ]
}

@test "every shell metacharacter sends the template to the shell" {
	local w
	for w in 'x;' 'x|cat' 'x&&true' 'x>o' 'x<fakesh' '(echo)' '$x' '`true`' \
		'\x' '"x"' "'x'" 'x*' 'x?' '[x]' '#x' '~x' 'x=y' '%x' '{x}' \
		$'x\ntrue'; do
		rm -f used
		PARX_SHELL="$T/fakesh" run parx echo "$w" ::: a
		[ -e used ] || { echo "not through the shell: $w" >&2; return 1; }
	done
}

@test "without \$PARX_SHELL the shell is the one parx was started from, whatever \$SHELL says" {
	SHELL=/bin/false run dash -c "\"\$PARX\" 'cat /proc/\$\$/cmdline | tr \"\\0\" \" \"; echo; echo {}' ::: a; exit \$?"
	expect_status 0
	[[ "$output" == */dash" -c "* ]]
	[ "${output##*$'\n'}" = a ]
}

@test "direct execution and the shell give the same words" {
	run parx -k ./args {} ::: "${NASTY[@]}"
	local direct=$output
	run parx -k './args {} ;' ::: "${NASTY[@]}"
	expect_status 0
	expect "$direct"
}

@test "a composed command runs through the shell" {
	run parx -k 'echo a; echo {}' ::: b
	expect_status 0
	expect $'a\nb'
}

@test "with no command each input line is a command" {
	run parx -k < <(printf 'echo a; echo b\necho $((1+2))\n')
	expect_status 0
	expect $'a\nb\n3'
}

@test "with no command each ::: word is a command" {
	run parx -k ::: 'echo a' 'echo b | tr b B'
	expect_status 0
	expect $'a\nB'
}

@test "-q passes the template words without the shell" {
	run parx -q -k ./args 'a b' 'c;d' '$x' {} ::: 'x y'
	expect_status 0
	expect $'<a b>\n<c;d>\n<$x>\n<x y>'
	[ ! -e x ]
}

@test "--quote passes a shell script as one word to sh -c" {
	run parx --quote -k sh -c 'echo "[$0]"' {} ::: 'x y'
	expect_status 0
	expect "[x y]"
}

@test "without -q the command words are joined and interpreted" {
	run parx -k sh -c 'echo "[$0]"' {} ::: 'x y'
	expect_status 0
	expect ""
}

@test "shell keywords, builtins and assignments work in a template" {
	run parx -k ::: 'if true; then echo a; fi' 'for i in b; do echo $i; done' \
		'x=c; echo $x' '{ echo d; }' 'cd / && pwd' '(echo f)' 'f() { echo g; }; f'
	expect_status 0
	expect $'a\nb\nc\nd\n/\nf\ng'
}

@test "a shell builtin alone as the command runs through the shell" {
	run --separate-stderr parx -k -j1 cd ::: / /nonexistent-dir
	expect_status 1
	expect ""
	[ "${stderr##*$'\n'}" = "parx: 1 of 2 jobs failed: #2 exit 1 (cd /nonexistent-dir)" ]
}
