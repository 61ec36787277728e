#!/usr/bin/env bats
# Starting jobs: an exec that fails after parx found the command on $PATH
# is reported as what it is, and a file with no #! line runs as a script.

bats_require_minimum_version 1.5.0
load helper

@test "a script whose #! interpreter is missing fails as not found (127)" {
	printf '#!/nonexistent/interp\necho ran\n' >badint
	chmod +x badint
	run --separate-stderr parx --summary --joblog jl ./badint ::: a
	expect_status 1
	expect ""
	[ "$stderr" = "parx: ./badint: interpreter not found
parx: 1 of 1 job failed: #1 not found (./badint a)" ]
	run cut -f 7,9 jl
	expect "Exitval	Command
127	./badint a"
}

@test "a file with no #! line runs as a script of the shell, as through the shell" {
	mkdir bin
	printf 'echo "script $0 $*"\n' >bin/noshe
	chmod +x bin/noshe
	run parx -k ./bin/noshe ::: a b
	expect_status 0
	expect "script ./bin/noshe a
script ./bin/noshe b"
	run parx -k './bin/noshe {}' ::: a b
	expect_status 0
	expect "script ./bin/noshe a
script ./bin/noshe b"
	PATH="$T/bin:$PATH" run parx noshe ::: c
	expect_status 0
	expect "script $T/bin/noshe c"
	PATH="$T/bin:$PATH" run parx 'noshe {}' ::: c
	expect_status 0
	expect "script $T/bin/noshe c"
}

@test "a file with no #! line and no shell to run it fails with exec format error" {
	printf 'echo ran\n' >noshe
	chmod +x noshe
	PARX_SHELL=/nonexistent/sh run --separate-stderr parx --summary --joblog jl ./noshe ::: a
	expect_status 1
	expect ""
	[ "$stderr" = "parx: ./noshe: exec format error
parx: 1 of 1 job failed: #1 not executable (./noshe a)" ]
	run cut -f 7 jl
	expect "Exitval
126"
}

@test "an exec that fails with E2BIG is a job too long, with a clear message" {
	# parx's length check does not count the 8-byte pointer of each word,
	# so 30000 one-letter words (60 kB to the budget, 300 kB to the kernel
	# with its 128 KiB limit at a 256 KiB stack) pass it and fail at exec
	run --separate-stderr sh -c 'ulimit -s 256 &&
		yes x | head -n 30000 | "$1" --summary -j1 -X --joblog jl true' sh "$PARX"
	expect_status 1
	expect ""
	[ "$stderr" = "parx: true: argument list too long
parx: 1 of 1 job failed: #1 too long (true x x x x x x x x x x x x x x x x x x...)" ]
	run cut -f 7 jl
	expect "Exitval
126"
}

@test "jobs whose exec fails, among others, leave the rest running and no child behind" {
	printf '#!/nonexistent/interp\n' >badint
	printf '#!/bin/sh\necho "ok $1"\n' >good
	chmod +x badint good
	run --separate-stderr parx -j3 -k '{1}' '{2}' ::: ./badint ./good ::: 1 2 3 4 5 6
	expect_status 6
	expect "ok 1
ok 2
ok 3
ok 4
ok 5
ok 6"
	[ "$(grep -c '^parx: ./badint: interpreter not found$' <<<"$stderr")" = 6 ]
	# a job after them finds no zombie among parx's children
	printf '#!/bin/sh
echo "zombies $(ps -o stat= --ppid "$PPID" | grep -c Z)"
' >zombies
	chmod +x zombies
	run --separate-stderr parx -j1 ::: ./badint ./badint ./zombies
	expect_status 2
	expect "zombies 0"
}

@test "jobs whose exec fails leak no descriptors" {
	printf '#!/nonexistent/interp\n' >badint
	chmod +x badint
	# 300 jobs with 4 pipe ends each would need far more than 40 fds
	run --separate-stderr sh -c 'ulimit -n 40 && seq 300 | "$1" -j2 ./badint' sh "$PARX"
	expect_status 101
	expect ""
	[ "$(grep -c '^parx: ./badint: interpreter not found$' <<<"$stderr")" = 300 ]
	[ "$(grep -c 'limit\|cannot start' <<<"$stderr")" = 0 ]
}
