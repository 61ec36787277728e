#!/usr/bin/env bats
# --results DIR and --results FILE.jsonl.
bats_require_minimum_version 1.5.0
load helper

@test "--results DIR stores seq, stdout and stderr per job under DIR/1/<value>, and prints nothing" {
	run --separate-stderr "$PARX" -k --results res 'echo out {}; echo err {} >&2; exit {}' ::: 0 2
	expect_status 1
	expect ""
	[ "$(cat res/1/0/stdout)" = "out 0" ]
	[ "$(cat res/1/0/stderr)" = "err 0" ]
	[ "$(cat res/1/0/seq)" = 1 ]
	[ "$(cat res/1/2/seq)" = 2 ]
	[ "$(ls res/1/2)" = "$(printf 'seq\nstderr\nstdout')" ]
}

@test "--results DIR keeps NUL bytes and invalid UTF-8 exactly" {
	run "$PARX" --results res "printf 'a\\000b\\377\\n'" ::: x
	expect_status 0
	run od -An -c res/1/x/stdout
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
	[ "$(cat "res/1/$v/stdout")" = "$v" ]
	[ ! -e pwned ] && [ ! -e pwned2 ]
}

# A job that fails on its first two tries and succeeds on the third.
FLAKY='n=$(cat c{} 2>/dev/null || echo 0); n=$((n + 1)); echo $n > c{}; echo try $n; echo err $n >&2; [ $n -ge 3 ]'

@test "--retries with --results DIR: the files hold only the last try" {
	run --separate-stderr "$PARX" -j1 --retries 3 --results res "$FLAKY" ::: a
	expect_status 0
	expect ""
	[ "$(cat res/1/a/stdout)" = "try 3" ]
	[ "$(cat res/1/a/stderr)" = "err 3" ]
	[ "$(cat res/1/a/seq)" = 1 ]
}

@test "--retries with --results reuses each job's files: no fd leak (200 jobs x 3 tries, ulimit -n 64)" {
	run --separate-stderr bash -c 'ulimit -n 64; "$1" -j4 --retries 3 --results res "$2" ::: $(seq 200) >/dev/null' _ "$PARX" "$FLAKY"
	expect_status 0
	[ "$(cat res/1/200/stdout)" = "try 3" ]
	rm -f c*
	run --separate-stderr bash -c 'ulimit -n 64; "$1" -j4 --retries 3 --results r.jsonl "$2" ::: $(seq 200) >/dev/null' _ "$PARX" "$FLAKY"
	expect_status 0
	run python3 -c '
import json
rs = [json.loads(l) for l in open("r.jsonl")]
print(len(rs), set((r["stdout"], r["stderr"]) for r in rs))'
	expect "200 {('try 3\\n', 'err 3\\n')}"
}

@test "--results FILE.jsonl: 100 MB of output in bounded memory" {
	rss_run "$PARX" --results r.jsonl 'head -c 100000000 /dev/zero | tr "\0" a; printf "\377" >&2' ::: x >/dev/null
	[ "$RSS_KB" -lt "$(rss_limit 65536)" ] || { echo "RSS $RSS_KB KiB" >&2; false; }
	run python3 -c '
import json
o = json.loads(open("r.jsonl").read())
print(len(o["stdout"]), set(o["stdout"]), o["stderr_base64"])'
	expect "100000000 {'a'} /w=="
}

@test "--results FILE.jsonl: UTF-8 cut by the reading pieces is still UTF-8" {
	# 'a' then 3-byte characters: some straddle every 64 KiB piece boundary
	run "$PARX" --results r.jsonl 'printf a; for i in $(seq 3000); do printf "€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€"; done; printf "é\303"' ::: x
	expect_status 0
	run python3 -c '
import json, base64
o = json.loads(open("r.jsonl").read())
print(len(o["stdout"]) if "stdout" in o else base64.b64decode(o["stdout_base64"])[-3:])'
	expect "b'\\xc3\\xa9\\xc3'"
	run "$PARX" --results s.jsonl 'printf a; for i in $(seq 3000); do printf "€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€"; done; : {}' ::: x
	run python3 -c '
import json
o = json.loads(open("s.jsonl").read())
print(len(o["stdout"]), o["stdout"][:2], o["stdout"][65530:65536])'
	expect "150001 a€ €€€€€€"
}
