#!/usr/bin/env bats
# --dry-run, -v/-t/--verbose, --help, --version, ignored GNU options, and
# option parsing: usage errors, unknown options, where COMMAND starts.

bats_require_minimum_version 1.5.0
load helper

HINT="parx: try 'parx --help' for more information"

# usage_error: parx exited 255, printed nothing on stdout, and on stderr
# one "parx: ..." line followed by the --help hint.
usage_error() {
	expect_status 255
	expect ""
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 2 ] || {
		echo "stderr: $stderr" >&2
		return 1
	}
	[[ "${stderr%%$'\n'*}" == "parx: "* ]]
	[ "${stderr##*$'\n'}" = "$HINT" ]
}

# --- --dry-run ---------------------------------------------------------------

@test "--dry-run prints the commands and runs nothing" {
	run --separate-stderr parx --dry-run 'touch {}' ::: a b
	expect_status 0
	expect $'touch a\ntouch b'
	[ "$stderr" = "" ]
	[ ! -e a ] && [ ! -e b ]
}

@test "--dry-run prints in input order" {
	run parx --dry-run -j4 echo ::: $(seq 20)
	expect_status 0
	expect "$(seq 20 | sed 's/^/echo /')"
}

@test "--dry-run quotes values with single quotes as GNU parallel does" {
	run parx --dry-run echo ::: a 'b c' "it's" '$x' '`x`'
	expect_status 0
	expect "echo a
echo 'b c'
echo 'it'\"'\"'s'
echo '\$x'
echo '\`x\`'"
}

@test "--dry-run prints a composed command with its quoted value" {
	run parx --dry-run 'echo {} | cat' ::: a 'b c'
	expect_status 0
	expect $'echo a | cat\necho \'b c\' | cat'
}

@test "--dry-run output runs in sh to the same words" {
	local v=("$(printf 'a\nb')" "x'y" '$(touch x)' '' ' sp ' '\' '"q"')
	run parx --dry-run "printf '<%s>\n'" ::: "${v[@]}"
	expect_status 0
	run sh -c "$output"
	expect "$(printf '<%s>\n' "${v[@]}")"
	[ ! -e x ]
}

@test "--dry-run shows chunks with -n" {
	run parx --dry-run -n 2 echo ::: a b c
	expect_status 0
	expect $'echo a b\necho c'
}

@test "--dry-run shows -X packing" {
	run parx --dry-run -j1 -X echo x{}y ::: a b
	expect_status 0
	expect "echo xay xby"
}

@test "--dry-run with no command prints the input commands" {
	run parx --dry-run ::: 'echo a' 'ls; pwd'
	expect_status 0
	expect $'echo a\nls; pwd'
}

@test "--dry-run shows {#}" {
	run parx --dry-run echo {#} ::: a b
	expect_status 0
	expect $'echo 1\necho 2'
}

# --- -v, -t, --verbose -------------------------------------------------------

@test "-t prints each command on stderr as GNU parallel does" {
	run --separate-stderr parx -t -j1 echo ::: a 'b c'
	expect_status 0
	expect $'a\nb c'
	[ "$stderr" = $'echo a\necho \'b c\'' ]
}

@test "-v prints each command on stdout, before the job's output" {
	run --separate-stderr parx -v -j1 echo ::: a
	expect_status 0
	expect $'echo a\na'
	[ "$stderr" = "" ]
}

@test "--verbose prints each command on stderr" {
	run --separate-stderr parx --verbose -j1 'echo {} | cat' ::: a
	expect_status 0
	expect "a"
	[ "$stderr" = "echo a | cat" ]
}

@test "-t prints the command before it runs" {
	run --separate-stderr parx -t -j1 'echo {} >&2' ::: a
	expect_status 0
	[ "$stderr" = $'echo a >&2\na' ]
}

# --- --help, --version, ignored options --------------------------------------

@test "--help prints usage on stdout and exits 0" {
	run --separate-stderr parx --help
	expect_status 0
	[ "$stderr" = "" ]
	[[ "${output%%$'\n'*}" == "usage: parx "* ]]
}

@test "-h is --help" {
	run parx --help
	local help=$output
	run parx -h
	expect_status 0
	expect "$help"
}

@test "--help lists every option of sections 1 to 6 of the spec" {
	run parx --help
	expect_status 0
	local o
	for o in --arg-file --null --delimiter --colsep --link --no-run-if-empty \
		-I --quote --max-args --chunksize -X --max-chars --jobs --delay \
		--nice --group --keep-order --line-buffer --lb --ungroup --tag \
		--tagstring --results --timeout --kill-after --termseq --halt \
		--retries --joblog --resume --resume-failed --dry-run --verbose \
		--help --version --will-cite --no-notice; do
		[[ "$output" == *"$o"[\ ,]* ]] || {
			echo "--help does not mention $o" >&2
			return 1
		}
	done
}

@test "--version prints the version on one line and exits 0" {
	run --separate-stderr parx --version
	expect_status 0
	[ "$stderr" = "" ]
	[[ "$output" =~ ^parx\ [0-9]+\.[0-9]+(\.[0-9]+)?$ ]]
}

@test "-V is --version" {
	run parx --version
	local v=$output
	run parx -V
	expect_status 0
	expect "$v"
}

@test "--will-cite is accepted and ignored" {
	run --separate-stderr parx --will-cite -k echo ::: a
	expect_status 0
	expect "a"
	[ "$stderr" = "" ]
}

@test "--no-notice is accepted and ignored" {
	run --separate-stderr parx --no-notice -k echo ::: a
	expect_status 0
	expect "a"
	[ "$stderr" = "" ]
}

# --- option parsing ----------------------------------------------------------

@test "an unknown long option is a usage error, never a command" {
	run --separate-stderr parx --bogus echo ::: a
	usage_error
	[ "${stderr%%$'\n'*}" = "parx: unknown option: --bogus" ]
}

@test "an unknown short option is a usage error" {
	run --separate-stderr parx -Z echo ::: a
	usage_error
	[ "${stderr%%$'\n'*}" = "parx: unknown option: -Z" ]
}

@test "an unknown option alone is not run as a command" {
	printf '#!/bin/sh\ntouch ran\n' > --bogus
	chmod +x -- --bogus
	PATH="$T:$PATH" run --separate-stderr parx --bogus ::: a
	usage_error
	[ ! -e ran ]
}

@test "an option without its value is a usage error" {
	run --separate-stderr parx -j
	usage_error
	[ "${stderr%%$'\n'*}" = "parx: -j: missing value" ]
}

@test "a long option without its value is a usage error" {
	run --separate-stderr parx --jobs
	usage_error
}

@test "a bad number is a usage error" {
	run --separate-stderr parx -n abc echo ::: a
	usage_error
}

@test "a bad duration is a usage error" {
	run --separate-stderr parx --delay xyz echo ::: a
	usage_error
}

@test ":::: without a file is a usage error" {
	run --separate-stderr parx echo ::: a ::::
	usage_error
}

@test "options stop at the first word that is not an option" {
	run parx echo -k --bogus ::: a
	expect_status 0
	expect "-k --bogus a"
}

@test "-- ends the options" {
	run parx -k -- echo -k ::: a
	expect_status 0
	expect "-k a"
}

@test "short options can be bundled" {
	run parx -kj2 echo ::: a b
	expect_status 0
	expect $'a\nb'
}

@test "a long option takes its value after =" {
	run parx --jobs=2 --keep-order echo ::: a b
	expect_status 0
	expect $'a\nb'
}

@test "a short option takes an attached value" {
	run parx -j1 -n2 -k echo ::: a b c
	expect_status 0
	expect $'a b\nc'
}

@test "every diagnostic is one line starting with parx:" {
	run --separate-stderr parx --summary -j1 -s 100 ./nosuchcmd ::: a "$(printf 'x%.0s' $(seq 200))"
	expect_status 2
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 3 ]
	run grep -cv '^parx: ' <<< "$stderr"
	expect 0
}

@test "--dry-run to a full device is a write error" {
	run --separate-stderr "$PARX" --dry-run echo ::: a
	expect_status 0
	run --separate-stderr bash -c '"$PARX" --dry-run echo ::: a > /dev/full'
	expect_status 255
	[ "$stderr" = "parx: write error: No space left on device" ]
}
