#!/usr/bin/env bats
# Tripwire: inputs made of shell syntax ($(...), backticks, ; | && > #,
# quotes of both kinds, newlines) go through every replacement string and
# output option, with $TMPDIR itself hostile.  Nothing may run: no pwned*
# file appears, and every value comes out literally.
# Needs python3 (shlex and json, to read back --joblog, --dry-run and
# --results FILE.jsonl).
# With $TRIPWIRE_SHELL (bash, dash, zsh, ksh: tests/shells.bats sets it)
# parx is started from that shell, so the jobs that need a shell run in it.

load helper
bats_require_minimum_version 1.5.0

setup_file_extra() {
	export T
	if [ -n "${TRIPWIRE_SHELL:-}" ]; then
		# the shell stays parx's parent: it runs parx, then exits
		printf '#!/bin/sh\nexec %s -c '"'"'"$0" "$@"; exit $?'"'"' %s "$@"\n' \
			"$(command -v "$TRIPWIRE_SHELL")" "$PARX" > "$T/parx-from"
		chmod +x "$T/parx-from"
		PARX=$T/parx-from
	fi
	TMPDIR="$T/tmp/t \$(touch pwned-t1) \`touch pwned-t2\` ' \" ;|&>"$'\n'"end"
	mkdir -p "$TMPDIR"
	export TMPDIR
	# ./args prints each argument as <arg> on a line of its own
	printf '#!/bin/sh\nfor a; do printf "<%%s>\\n" "$a"; done\n' > args
	chmod +x args
	VALS=(
		'$(touch pwned1)'
		'`touch pwned2`'
		'a;touch pwned3'
		'b|touch pwned4'
		'c&&touch pwned5'
		"it's"
		'say "hi"'
		"q'\"'\"mix"
		'-n'
		'--help'
		' lead and trail '
		'*'
		'~'
		'$HOME'
		'back\slash\'
		'${IFS}touch${IFS}pwned6'
		'>pwned7'
		'#hash'
		'{}'
		'dir$(touch pwned8)/f;touch pwned9;x.e|x'
		'd i r/`touch pwned10`.tar.gz'
		$'tab\there'
		''
		'&'
		'!'
		'if'
	)
	# with -0, values may hold newlines too
	NVALS=("${VALS[@]}" $'new\nline' $'$(touch pwned11)\n;touch pwned12' $'\n')
	printf '%s\n' "${VALS[@]}" > vals
	printf '%s\0' "${NVALS[@]}" > nvals
}

# no_pwned: nothing was created by running a value.
no_pwned() {
	local found
	found=$(find "$T" / -maxdepth 1 -name 'pwned*' 2>/dev/null; find "$T" -name 'pwned*')
	if [ -n "$found" ]; then
		printf 'created:\n%s\n' "$found" >&2
		return 1
	fi
}

# ref OP VALUE: what replacement string OP makes of VALUE, in $REF.
ref() {
	local v=$2 base=${2##*/} dir
	case $1 in
	'{}') REF=$v ;;
	'{/}') REF=$base ;;
	'{//}')
		if [[ $v == */* ]]; then dir=${v%/*}; REF=${dir:-/}; else REF=.; fi ;;
	'{.}')
		if [[ $base == *.* ]]; then REF=${v%.*}; else REF=$v; fi ;;
	'{/.}')
		if [[ $base == *.* ]]; then REF=${base%.*}; else REF=$base; fi ;;
	esac
}

# want OP PRE POST VALUE...: the output of ./args PRE{OP}POST per value.
want() {
	local op=$1 pre=$2 post=$3 v
	shift 3
	for v; do
		ref "$op" "$v"
		printf '<%s%s%s>\n' "$pre" "$REF" "$post"
	done
}

OPS=('{}' '{.}' '{/}' '{//}' '{/.}')

@test "every replacement string, direct exec: values arrive literally" {
	for op in "${OPS[@]}"; do
		run "$PARX" -k ./args "$op" < vals
		expect_status 0
		expect "$(want "$op" '' '' "${VALS[@]}")"
		run "$PARX" -k ./args "pre${op}post" < vals
		expect_status 0
		expect "$(want "$op" pre post "${VALS[@]}")"
	done
	no_pwned
}

@test "every replacement string, through the shell: values arrive literally" {
	for op in "${OPS[@]}"; do
		run "$PARX" -k "./args $op | cat" < vals
		expect_status 0
		expect "$(want "$op" '' '' "${VALS[@]}")"
		run "$PARX" -k "./args \"pre\"${op}post; true" < vals
		expect_status 0
		expect "$(want "$op" pre post "${VALS[@]}")"
	done
	no_pwned
}

@test "every replacement string with -0: values holding newlines arrive literally" {
	for op in "${OPS[@]}"; do
		run "$PARX" -0 -k ./args "$op" < nvals
		expect_status 0
		expect "$(want "$op" '' '' "${NVALS[@]}")"
		run "$PARX" -0 -k "./args $op | cat" < nvals
		expect_status 0
		expect "$(want "$op" '' '' "${NVALS[@]}")"
	done
	no_pwned
}

@test "positional replacement strings {1} {2.} {2/} {1//} {2/.} over two linked sources" {
	printf '%s\n' "${VALS[@]}" | tac > rvals
	mapfile -t R < rvals
	want_out=
	for i in "${!VALS[@]}"; do
		a=${VALS[i]} b=${R[i]}
		want_out+="<$a>"$'\n'
		ref '{.}' "$b"; want_out+="<$REF>"$'\n'
		ref '{/}' "$b"; want_out+="<$REF>"$'\n'
		ref '{//}' "$a"; want_out+="<$REF>"$'\n'
		ref '{/.}' "$b"; want_out+="<$REF>"$'\n'
	done
	run "$PARX" -k ./args {1} {2.} {2/} {1//} {2/.} :::: vals ::::+ rvals
	expect_status 0
	expect "${want_out%$'\n'}"
	run "$PARX" -k './args {1} {2.} {2/} {1//} {2/.} | cat' :::: vals ::::+ rvals
	expect_status 0
	expect "${want_out%$'\n'}"
	no_pwned
}

@test "--colsep columns {1} {2} hold hostile text literally" {
	for v in "${VALS[@]}"; do
		[[ $v == *$'\t'* ]] || printf '%s\t%s\n' "$v" "$v"
	done > cols
	run "$PARX" -k --colsep '\t' --trim n ./args {2} {1} < cols
	expect_status 0
	expect "$(for v in "${VALS[@]}"; do [[ $v == *$'\t'* ]] || printf '<%s>\n<%s>\n' "$v" "$v"; done)"
	no_pwned
}

@test "-n 3 and -X: chunks of hostile values stay one argument each" {
	run "$PARX" -k -n 3 ./args < vals
	expect_status 0
	expect "$(want '{}' '' '' "${VALS[@]}")"
	run "$PARX" -k -n 3 './args {} | cat' < vals
	expect_status 0
	expect "$(want '{}' '' '' "${VALS[@]}")"
	run "$PARX" -k -X ./args 'pre{/}post' < vals
	expect_status 0
	expect "$(want '{/}' pre post "${VALS[@]}")"
	run "$PARX" -0 -k -j1 -X './args {} "#"' < nvals
	expect_status 0
	[ "$output" = "$(want '{}' '' '' "${NVALS[@]}"; echo '<#>')" ]
	no_pwned
}

@test "-q and -I: hostile values and template words are passed literally" {
	run "$PARX" -k -q ./args 'x;touch pwned-q' {} < vals
	expect_status 0
	expect "$(for v in "${VALS[@]}"; do printf '<x;touch pwned-q>\n<%s>\n' "$v"; done)"
	run "$PARX" -k -I @@ ./args @@ < vals
	expect_status 0
	expect "$(want '{}' '' '' "${VALS[@]}")"
	no_pwned
}

@test "--tag and --tagstring prefix lines with the values, literally" {
	run "$PARX" -k --tag ./args < vals
	expect_status 0
	expect "$(for v in "${VALS[@]}"; do printf '%s\t<%s>\n' "$v" "$v"; done)"
	run "$PARX" -k --tagstring '{/}|{#}|{//}' ./args < vals
	expect_status 0
	expect "$(i=0; for v in "${VALS[@]}"; do i=$((i + 1))
		ref '{/}' "$v"; b=$REF; ref '{//}' "$v"
		printf '%s|%s|%s\t<%s>\n' "$b" "$i" "$REF" "$v"; done)"
	no_pwned
}

@test "--results DIR stores each value's output literally under DIR/1/<value>" {
	run "$PARX" -k --results res ./args < vals
	expect_status 0
	expect ""
	# each value is a directory name, \ / and TAB escaped as \\ \_ \t
	python3 - "${VALS[@]}" <<-'EOF'
	import os, sys
	for i, v in enumerate(sys.argv[1:], 1):
	    d = os.path.join("res", "1", v.replace("\\", "\\\\").replace("\t", "\\t").replace("/", "\\_"))
	    assert open(os.path.join(d, "stdout")).read() == "<%s>\n" % v, (d, v)
	    assert open(os.path.join(d, "seq")).read() == str(i), (d, v)
	EOF
	no_pwned
}

@test "--results FILE.jsonl holds each value's output and command as JSON" {
	run "$PARX" -0 -k --results out.jsonl ./args < nvals
	expect_status 0
	python3 - "${NVALS[@]}" <<-'EOF'
	import json, shlex, sys
	vals = sys.argv[1:]
	rows = [json.loads(l) for l in open("out.jsonl")]
	assert len(rows) == len(vals), len(rows)
	for row, v in zip(sorted(rows, key=lambda r: r["seq"]), vals):
	    assert row["stdout"] == "<%s>\n" % v, (row, v)
	    assert row["stderr"] == "" and row["exitval"] == 0, row
	    assert shlex.split(row["command"]) == ["./args", v], (row, v)
	EOF
	no_pwned
}

@test "--joblog and --dry-run show each command quoted so a shell reads the value back" {
	run "$PARX" -k --joblog jl ./args < vals
	expect_status 0
	run "$PARX" --dry-run './args {} | cat' < vals
	expect_status 0
	printf '%s\n' "$output" > dry
	python3 - "${VALS[@]}" <<-'EOF'
	import shlex, sys
	vals = sys.argv[1:]
	lines = open("jl").read().split("\n")
	assert lines[0].startswith("Seq\tHost"), lines[0]
	rows = sorted((l.split("\t", 8) for l in lines[1:] if l), key=lambda r: int(r[0]))
	assert len(rows) == len(vals), len(rows)
	for r, v in zip(rows, vals):
	    assert shlex.split(r[8]) == ["./args", v], (r, v)
	dry = open("dry").read().split("\n")[:-1]
	assert len(dry) == len(vals), dry
	for d, v in zip(dry, vals):
	    assert shlex.split(d) == ["./args", v, "|", "cat"], (d, v)
	EOF
	no_pwned
}

@test "a hostile value as the command word is a command not found, not code" {
	run --separate-stderr "$PARX" -k '{} x' ::: '$(touch pwned1)' 'a;touch pwned2'
	expect_status 2
	[[ "$stderr" == *'$(touch pwned1): command not found'* ]]
	[[ "$stderr" == *'a;touch pwned2: command not found'* ]]
	run --separate-stderr "$PARX" -k '{} && :' ::: '`touch pwned3`'
	expect_status 1
	# each shell words it its own way
	[[ "$stderr" == *'`touch pwned3`'* && "$stderr" == *'not found'* ]]
	no_pwned
}

@test "no-command mode: each input line is a command; its hostile arguments print literally" {
	cat > cmds <<-'EOF'
	printf '%s\n' '$(touch pwned1)'
	printf '%s\n' '`touch pwned2`' 'a;touch pwned3' "it's" 'say "hi"'
	printf '%s\n' '${IFS}touch${IFS}pwned6' '>pwned7' '#hash' '\' '&&' '|'
	./args 'x y' "\$(touch pwned8)" \`touch\ pwned9\`
	EOF
	run "$PARX" -k < cmds
	expect_status 0
	expect "$(printf '%s\n' '$(touch pwned1)' '`touch pwned2`' 'a;touch pwned3' "it's" \
		'say "hi"' '${IFS}touch${IFS}pwned6' '>pwned7' '#hash' '\' '&&' '|' \
		'<x y>' '<$(touch pwned8)>' '<`touch pwned9`>')"
	no_pwned
}

@test "no-command mode with -0: a command spanning lines keeps its quoted newlines" {
	printf '%s\0' "printf '%s\\n' 'multi
line \$(touch pwned1)'" "./args 'a
b' '\`touch pwned2\`'" > cmds0
	run "$PARX" -0 -k < cmds0
	expect_status 0
	expect $'multi\nline $(touch pwned1)\n<a\nb>\n<`touch pwned2`>'
	no_pwned
}

@test "an input line holding a NUL byte stays one argument, cut at the NUL" {
	printf 'x\0--evil\ny\n' > nul
	run "$PARX" -k ./args {} last < nul
	expect_status 0
	expect $'<x>\n<last>\n<y>\n<last>'
	run "$PARX" -k './args {} last | cat' < nul
	expect_status 0
	expect $'<x>\n<last>\n<y>\n<last>'
	run "$PARX" -k -j1 -X ./args {} last < nul
	expect_status 0
	expect $'<x>\n<y>\n<last>'
}

@test "spilled output under a hostile \$TMPDIR comes back whole" {
	run "$PARX" -k -j 4 'head -c 200000 /dev/zero | tr "\0" z; ./args {}' < vals
	expect_status 0
	expect "$(for v in "${VALS[@]}"; do head -c 200000 /dev/zero | tr '\0' z
		printf '<%s>\n' "$v"; done)"
	[ -z "$(ls -A "$TMPDIR")" ]
	no_pwned
}

@test "--sem under a hostile \$TMPDIR keeps its state there, safely" {
	unset XDG_RUNTIME_DIR
	# the words of a --sem command are a command line, as in GNU sem:
	# quoting inside them is the caller's
	run "$PARX" --sem --id 'x;touch pwned-s' --fg ./args "'\$(touch pwned1)'"
	expect_status 0
	expect '<$(touch pwned1)>'
	[ -d "$TMPDIR/parx-$(id -u)" ]
	no_pwned
}

@test "a value that is a shell keyword runs as a command name, not as syntax" {
	kw=(if then else elif fi do done case esac while until for in function select time)
	run --separate-stderr "$PARX" -k '{} x; echo $?' ::: "${kw[@]}"
	expect_status 0
	expect "$(for w in "${kw[@]}"; do echo 127; done)"
	run --separate-stderr "$PARX" -k --dry-run '{} x; true' ::: if
	expect "'if' x; true"
}
