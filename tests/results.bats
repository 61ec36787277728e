#!/usr/bin/env bats
# --results DIR and --results FILE.jsonl.
bats_require_minimum_version 1.5.0
load helper

@test "--results DIR stores stdout, stderr, cmd and exitval per job" {
	run --separate-stderr "$PARX" -k --results res 'echo out {}; echo err {} >&2; exit {}' ::: 0 2
	expect_status 1
	expect "$(printf 'out 0\nout 2')"
	[ "$(cat res/1/stdout)" = "out 0" ]
	[ "$(cat res/1/stderr)" = "err 0" ]
	[ "$(cat res/1/exitval)" = 0 ]
	[ "$(cat res/2/exitval)" = 2 ]
	[ "$(cat res/2/cmd)" = "echo out 2; echo err 2 >&2; exit 2" ]
}

@test "--results DIR keeps NUL bytes and invalid UTF-8 exactly" {
	run "$PARX" --results res "printf 'a\\000b\\377\\n'" ::: x
	expect_status 0
	run od -An -c res/1/stdout
	expect "   a  \\0   b 377  \\n"
}

@test "--results FILE.jsonl writes one JSON object per job" {
	run "$PARX" -j1 --results r.jsonl 'printf "%s\n" {}; exit {}' ::: 0 1
	expect_status 1
	run wc -l < r.jsonl
	expect 2
	run python3 -c '
import json, sys
for line in open("r.jsonl"):
    o = json.loads(line)
    print(o["seq"], o["exitval"], o["signal"], repr(o["stdout"]), repr(o["stderr"]), o["command"])
'
	expect "$(printf "1 0 0 '0\\\\n' '' printf \"%%s\\\\n\" 0; exit 0\n2 1 0 '1\\\\n' '' printf \"%%s\\\\n\" 1; exit 1")"
}

@test "--results FILE.jsonl escapes quotes and control bytes, base64 for binary" {
	run "$PARX" -j1 --results r.jsonl "printf '\"q\" \\t\\001\\000'" ::: x
	expect_status 0
	run python3 -c '
import json
o = json.loads(open("r.jsonl").read())
print(repr(o["stdout"]))
'
	expect "'\"q\" \\t\\x01\\x00'"
	"$PARX" --results b.jsonl "printf 'a\\377b'" ::: x
	run python3 -c '
import json, base64
o = json.loads(open("b.jsonl").read())
print("stdout" in o, base64.b64decode(o["stdout_base64"]))
'
	expect "False b'a\\xffb'"
}

@test "--results with a hostile value stores it literally" {
	v='$(touch pwned); `touch pwned2` "q" '"'"'s'
	run "$PARX" --results res echo ::: "$v"
	expect_status 0
	[ "$(cat res/1/stdout)" = "$v" ]
	[ ! -e pwned ] && [ ! -e pwned2 ]
}
