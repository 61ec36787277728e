#!/usr/bin/env bats
# Inputs: stdin lines, ::: words, :::: files and -a, linking, products,
# delimiters, --colsep, streaming, empty input.

bats_require_minimum_version 1.5.0
load helper
# the failure summary (only on a terminal by default) is asserted here
export PARALLEL=--summary

# --- stdin ---------------------------------------------------------------

@test "each stdin line is one input, newline removed" {
	run --separate-stderr parx -k 'printf "[%s]\n"' < <(printf 'a\nb c\n')
	expect_status 0
	expect $'[a]\n[b c]'
}

@test "a last stdin line without newline is still an input" {
	run parx -k echo < <(printf 'a\nb')
	expect_status 0
	expect $'a\nb'
}

@test "an empty stdin line is an empty input" {
	run parx -k 'printf "[%s]\n"' < <(printf 'a\n\nb\n')
	expect_status 0
	expect $'[a]\n[]\n[b]'
}

@test "an input line may hold any byte but the newline" {
	printf 'x\001\177\377\tz\r\n' > in
	run parx -k 'printf %s {}' < in
	expect_status 0
	[ "$output" = $'x\001\177\377\tz\r' ]
}

@test "a 1 MB input line is read whole" {
	{ printf x; head -c 1000000 /dev/zero | tr '\0' a; printf 'y\nz\n'; } > in
	run parx -k -C 'a+' echo {1}{2} < in
	expect_status 0
	expect $'xy\nz'
}

# hundred_mb: a line of 100 MB of "a" between x and y.
hundred_mb() { printf x; head -c 100000000 /dev/zero | tr '\0' a; echo y; }

@test "a 100 MB input line is read whole" {
	{ echo short; hundred_mb; echo end; } > in
	run timeout 300 "$PARX" -k -C 'a+' echo {1}{2} < in
	expect_status 0
	expect $'short\nxy\nend'
}

@test "a 100 MB input line counts as one input" {
	{ echo short; hundred_mb; echo end; } > in
	run timeout 300 "$PARX" -k echo {#} < in
	expect_status 0
	expect $'1\n2\n3'
}

@test "a 100 MB input line too long for a command fails that job only" {
	{ echo short; hundred_mb; echo end; } > in
	run --separate-stderr timeout 300 "$PARX" -k echo < in
	expect_status 1
	expect $'short\nend'
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 2 ]
	[[ "$stderr" =~ ^"parx: job 2: command too long" ]]
	[[ "${stderr##*$'\n'}" =~ ^"parx: 1 of 3 jobs failed: #2 too long" ]]
}

@test "a 100 MB -0 input with newlines is read whole" {
	{ printf 'x\n'; head -c 100000000 /dev/zero | tr '\0' a; printf 'y\0end\0'; } > in
	run timeout 300 "$PARX" -0 -k -C 'a+' 'printf "<%s>\n" {1}{2}' < in
	expect_status 0
	expect $'<x\ny>\n<end>'
}

@test "a 100 MB input line from a pipe is read whole" {
	run timeout 300 "$PARX" -k -C 'a+' echo {1}{2} < <(echo short; hundred_mb; echo end)
	expect_status 0
	expect $'short\nxy\nend'
}

# --- ::: and :::: -------------------------------------------------------

@test "::: words are the inputs" {
	run parx -k echo ::: a 'b c' d
	expect_status 0
	expect $'a\nb c\nd'
}

@test ":::: reads the lines of a file" {
	printf 'a\nb\n' > f
	run parx -k echo :::: f
	expect_status 0
	expect $'a\nb'
}

@test ":::: with two files crosses them" {
	printf 'a\nb\n' > f1
	printf '1\n2\n' > f2
	run parx -k echo :::: f1 f2
	expect_status 0
	expect $'a 1\na 2\nb 1\nb 2'
}

@test "-a FILE reads the lines of a file" {
	printf 'a\nb\n' > f
	run parx -k -a f echo
	expect_status 0
	expect $'a\nb'
}

@test "--arg-file FILE reads the lines of a file" {
	printf 'a\nb\n' > f
	run parx -k --arg-file f echo
	expect_status 0
	expect $'a\nb'
}

@test "-a repeated crosses the files" {
	printf 'a\nb\n' > f1
	printf '1\n2\n' > f2
	run parx -k -a f1 -a f2 echo
	expect_status 0
	expect $'a 1\na 2\nb 1\nb 2'
}

@test ":::: - reads stdin" {
	printf '1\n2\n' > f2
	run parx -k echo :::: - f2 < <(printf 'a\nb\n')
	expect_status 0
	expect $'a 1\na 2\nb 1\nb 2'
}

@test "-a - reads stdin" {
	run parx -k -a - echo < <(printf 'a\nb\n')
	expect_status 0
	expect $'a\nb'
}

@test "-a FILE crossed with ::: words puts the file first" {
	printf '1\n2\n' > f
	run parx -k -a f echo ::: a
	expect_status 0
	expect $'1 a\n2 a'
}

@test "::: words crossed with a :::: file" {
	printf '1\n2\n' > f
	run parx -k echo ::: a b :::: f
	expect_status 0
	expect $'a 1\na 2\nb 1\nb 2'
}

@test "a missing :::: file is an error with status 255" {
	run --separate-stderr parx echo :::: nosuchfile
	expect_status 255
	expect ""
	[ "$stderr" = "parx: nosuchfile: No such file or directory" ]
}

@test "a missing -a file is an error with status 255" {
	run --separate-stderr parx -a nosuchfile echo
	expect_status 255
	expect ""
	[ "$stderr" = "parx: nosuchfile: No such file or directory" ]
}

# --- products and links ------------------------------------------------

@test "two ::: sources cross, the last varying fastest" {
	run parx -k echo ::: a b ::: 1 2
	expect_status 0
	expect $'a 1\na 2\nb 1\nb 2'
}

@test "three sources cross, the last varying fastest" {
	run parx -k echo ::: a b ::: 1 2 ::: x y
	expect_status 0
	expect $'a 1 x\na 1 y\na 2 x\na 2 y\nb 1 x\nb 1 y\nb 2 x\nb 2 y'
}

@test ":::+ links a source to the previous one" {
	run parx -k echo ::: a b c :::+ 1 2 3
	expect_status 0
	expect $'a 1\nb 2\nc 3'
}

@test ":::+ stops at the shorter source, as GNU parallel does; --link wraps" {
	run parx -k echo ::: a b c :::+ 1 2
	expect_status 0
	expect $'a 1\nb 2'
	run parx -k --link echo ::: a b c ::: 1 2
	expect_status 0
	expect $'a 1\nb 2\nc 1'
}

@test "::::+ links a file to the previous source" {
	printf 'a\nb\n' > f1
	printf '1\n2\n' > f2
	run parx -k echo :::: f1 ::::+ f2
	expect_status 0
	expect $'a 1\nb 2'
}

@test ":::+ links while a further ::: source still crosses" {
	run parx -k echo ::: a b :::+ 1 2 ::: x y
	expect_status 0
	expect $'a 1 x\na 1 y\nb 2 x\nb 2 y'
}

@test "--link zips the sources" {
	run parx -k --link echo ::: a b ::: 1 2
	expect_status 0
	expect $'a 1\nb 2'
}

@test "--link wraps a shorter source around" {
	run parx -k --link echo ::: a b c d ::: 1 2 ::: x y z
	expect_status 0
	expect $'a 1 x\nb 2 y\nc 1 z\nd 2 x'
}

# --- delimiters ----------------------------------------------------------

@test "-0 splits inputs at NUL and keeps newlines inside them" {
	run parx -k -0 'printf "[%s]\n"' < <(printf 'a b\0c\nd\0')
	expect_status 0
	expect $'[a b]\n[c\nd]'
}

@test "--null splits inputs at NUL" {
	run parx -k --null echo < <(printf 'a\0b\0')
	expect_status 0
	expect $'a\nb'
}

@test "-0 keeps an empty input between two NULs" {
	run parx -k -0 'printf "[%s]\n"' < <(printf 'a\0\0b\0')
	expect_status 0
	expect $'[a]\n[]\n[b]'
}

@test "-d , splits inputs at commas" {
	run parx -k -d , echo < <(printf 'a,b,c')
	expect_status 0
	expect $'a\nb\nc'
}

@test "--delimiter , splits inputs at commas" {
	run parx -k --delimiter , echo < <(printf 'a,b')
	expect_status 0
	expect $'a\nb'
}

@test "-d '\\n' splits at newlines" {
	run parx -k -d '\n' echo < <(printf 'x\ny\n')
	expect_status 0
	expect $'x\ny'
}

@test "-d '\\t' splits at tabs and keeps the newline in the last input" {
	run parx -k -d '\t' 'printf "[%s]\n"' < <(printf 'a\tb c\tz\n')
	expect_status 0
	expect $'[a]\n[b c]\n[z\n]'
}

@test "-d '\\0' splits at NUL" {
	run parx -k -d '\0' 'printf "[%s]\n"' < <(printf 'a\nb\0c')
	expect_status 0
	expect $'[a\nb]\n[c]'
}

@test "-d '\\\\' splits at backslashes" {
	run parx -k -d '\\' echo < <(printf 'a\\b\\c')
	expect_status 0
	expect $'a\nb\nc'
}

@test "-d '\\xHH' splits at the byte with that hex code" {
	run parx -k -d '\x2c' echo < <(printf 'x,y,z')
	expect_status 0
	expect $'x\ny\nz'
}

@test "-d with a non-delimiter newline keeps it inside the input" {
	run parx -k -d : 'printf "[%s]\n"' < <(printf 'a\nb:c')
	expect_status 0
	expect $'[a\nb]\n[c]'
}

# --- --colsep ------------------------------------------------------------

@test "--colsep splits inputs into {1} {2}" {
	run parx -k --colsep , echo {2} {1} < <(printf 'a,b\nc,d\n')
	expect_status 0
	expect $'b a\nd c'
}

@test "-C is --colsep" {
	run parx -k -C , echo {2}-{1} < <(printf 'a,b\n')
	expect_status 0
	expect "b-a"
}

@test "--colsep takes an extended regular expression" {
	run parx -k --colsep '[,;]+' echo {2}-{1} < <(printf 'a,;b\nc;d\n')
	expect_status 0
	expect $'b-a\nd-c'
}

@test "--colsep ' +' splits at runs of spaces" {
	run parx -k -C ' +' echo {2} < <(printf 'a   b\n')
	expect_status 0
	expect "b"
}

@test "--colsep '\\t' splits at tabs as in GNU parallel" {
	run parx -k --colsep '\t' echo {2} < <(printf 'a\tb\n')
	expect_status 0
	expect "b"
}

@test "--colsep without replacement strings appends the columns as words" {
	run parx -k -C , 'printf "[%s]"' < <(printf 'a b,c\n')
	expect_status 0
	expect "[a b][c]"
}

@test "--colsep: a missing column is empty" {
	run parx -k --colsep , echo {3}x < <(printf 'a,b\n')
	expect_status 0
	expect "x"
}

@test "--colsep with an invalid regex is a usage error" {
	run --separate-stderr parx --colsep '(' echo ::: a
	expect_status 255
	expect ""
	[[ "$stderr" == "parx: --colsep: "* ]]
}

@test "--colsep applies to the lines of an -a file" {
	printf 'a,b\n' > f
	run parx -k -a f --colsep , echo {2}{1}
	expect_status 0
	expect "ba"
}

# --- streaming and empty input ------------------------------------------

@test "the first job starts before stdin ends" {
	# The feeder holds stdin open until the first job has run (or 20 s).
	run parx -k 'touch started; echo {}' < <(
		echo a
		for i in $(seq 200); do [ -e started ] && break; sleep 0.1; done
		[ -e started ] || echo late
		echo b
	)
	expect_status 0
	expect $'a\nb'
}

@test "empty stdin runs no job and exits 0" {
	run --separate-stderr parx echo ran < /dev/null
	expect_status 0
	expect ""
	[ "$stderr" = "" ]
}

@test "-r accepts empty input and runs nothing" {
	run parx -r echo ran < /dev/null
	expect_status 0
	expect ""
}

@test "--no-run-if-empty is accepted" {
	run parx --no-run-if-empty echo < <(printf 'a\n')
	expect_status 0
	expect "a"
}

@test "an empty :::: file runs no job" {
	: > empty
	run parx echo ran :::: empty
	expect_status 0
	expect ""
}

@test "an empty :::: file does not fall back to stdin" {
	: > empty
	run parx echo ran :::: empty < <(printf 'a\nb\n')
	expect_status 0
	expect ""
}

@test "an empty -a file does not fall back to stdin" {
	: > empty
	run parx -a empty echo ran < <(printf 'a\n')
	expect_status 0
	expect ""
}

@test "stdin is not read when ::: gives the inputs" {
	run parx -k echo ::: a < <(printf 'x\n')
	expect_status 0
	expect "a"
}

@test "an empty ::: or :::: source beside others makes no job (see DIFFERENCES)" {
	run "$PARX" -k echo ::: a ::: ::: b
	expect_status 0
	expect ""
	run "$PARX" -k echo :::: /dev/null ::: x
	expect_status 0
	expect ""
}
