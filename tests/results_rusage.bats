#!/usr/bin/env bats
# --results FILE.jsonl: each record carries the job's resource use from
# wait4(2) beside its host, start, runtime, exit value and signal.

load helper

fields() {
	python3 -c '
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    print(" ".join(sys.argv[2:]).format(**o))' "$@"
}

@test "--results FILE.jsonl: a job that allocates 64 MB shows a peak RSS of at least that" {
	run parx -q --results r.jsonl python3 -c 'b = bytearray(64 << 20); b[::4096] = b"x" * (16 << 10)' ::: x
	expect_status 0
	run fields r.jsonl '{seq} {exitval} {signal} {host}'
	expect "1 0 0 :"
	run python3 -c '
import json
o = json.loads(open("r.jsonl").read())
print(o["maxrss"] >= 64 << 20, o["maxrss"] < 1 << 30)'
	expect "True True"
}

@test "--results FILE.jsonl: user and system CPU are what the job itself measured" {
	# the job works until it has used 0.3 s of CPU by its own count and
	# prints that count (os.times: its own getrusage)
	run parx -q --results r.jsonl python3 -c '
import os
while os.times().user + os.times().system < 0.3:
    sum(range(10000))
t = os.times()
print(t.user, t.system)' ::: x
	expect_status 0
	run python3 -c '
import json
o = json.loads(open("r.jsonl").read())
u, s = map(float, o["stdout"].split())
print(o["user"] >= u - 0.01, o["system"] >= s - 0.01, o["user"] + o["system"] < u + s + 0.2)'
	expect "True True True"
}

@test "--results FILE.jsonl: a job that sleeps uses next to no CPU; start and runtime are wall clock" {
	before=$(date +%s)
	run parx --results r.jsonl sleep ::: 0.3
	expect_status 0
	run python3 -c '
import json, sys
o = json.loads(open("r.jsonl").read())
print(o["user"] + o["system"] < 0.1, 0.25 <= o["runtime"] < 5, abs(o["starttime"] - int(sys.argv[1])) < 5)' "$before"
	expect "True True True"
}

@test "--results FILE.jsonl: a killed job has its signal, exit value -1 and its usage" {
	run parx --results r.jsonl 'kill -9 $$' ::: x
	expect_status 1
	run fields r.jsonl '{exitval} {signal} {user:.0f}'
	expect "-1 9 0"
}
