#!/usr/bin/env bats
# --color, --ctag, --ctagstring and --color-failed as GNU parallel has
# them: the same escape sequences in the same colour order, whether the
# output is a terminal or not.  Each differential test runs the same
# command line through GNU parallel and parx (gnudiff.bash) and compares
# stdout, stderr and the exit status byte for byte.

bats_require_minimum_version 1.5.0
load helper
load gnudiff

# awkward values: spaces, quotes, newlines, leading dashes, UTF-8, empty
V=('a b' "it's" 'x"y' '-n' '--' 'é ü' '' '$HOME' '*' '\t')

@test "--color: every line of every job in its job's colour, stdout and stderr" {
	gnu_same -k --color 'printf "%s\n" out {}; printf "%s\n" err {} >&2' ::: "${V[@]}"
}

@test "--color: a last line without a newline is ended; no output stays none" {
	gnu_same -k --color 'printf "x\n\ny"; printf "e" >&2' ::: 1 2
	gnu_same -k --color --tag true ::: 1 2
	gnu_same -k --color 'printf ""; echo {}' ::: '' ''
}

@test "--color: the colours run in GNU parallel's order and start again after 307 jobs" {
	gnu_same -k --color echo ::: $(seq 320)
}

@test "--color: job 1 is white on colour 134, the line ends with a reset" {
	run parx --color echo ::: a
	expect_status 0
	expect $'\e[48;5;134;38;5;231m\e[Ka\e[m'
	run parx -k --color echo ::: a b c d
	[ "${lines[3]}" = $'\e[48;5;149;38;5;000m\e[Kd\e[m' ]
}

@test "--color with --tag and --tagstring: the tag is inside the colour" {
	gnu_same -k --color --tag echo ::: "${V[@]}"
	gnu_same -k --color --tagstring '<{}> {#}' 'echo {}; echo e >&2' ::: "${V[@]}"
}

@test "--ctag, --ctagstring, --ctag-string and --colour" {
	gnu_same -k --ctag echo ::: "${V[@]}"
	gnu_same -k --ctagstring '[{}]' echo ::: "${V[@]}"
	gnu_same -k --ctag-string '-{#}-' echo ::: a b
	gnu_same -k --colour echo ::: a b
	gnu_same -k --ctag --tagstring 'T{}' echo ::: a b
	gnu_same -k --ctagstring 'S{}' --tag echo ::: a b
}

@test "--color with --line-buffer and -k, and in group mode" {
	gnu_same -k --color --lb --tag 'echo {}; echo {}' ::: "${V[@]}"
	gnu_same -j1 --color --tag 'echo {}; echo {} >&2' ::: "${V[@]}"
}

@test "--color: output past the memory buffer (spilled) is coloured the same" {
	gnu_same -k --color --tag 'seq 30000' ::: 1 2
	gnu_same -j1 --color 'seq 30000; seq 20000 >&2' ::: 1 2
}

@test "--color is ignored with -u" {
	gnu_same -j1 -u --color --tag echo ::: a b
}

@test "--color-failed: the lines of failed jobs white on red, the others as they are" {
	gnu_same -k --color-failed 'echo {}; echo e{} >&2; exit {}' ::: 0 1 2 0 3
	gnu_same -j1 --color-failed --tag 'printf "a\nb"; exit {}' ::: 1 0 2
	gnu_same -k --colorfailed --tagstring '<{}>' 'echo {}; exit {}' ::: 0 1
	gnu_same -k --cf 'echo; exit 1' ::: 1
}

@test "--color-failed with --color: failed jobs red, the others in their colours" {
	gnu_same -k --color --color-failed 'echo {}; exit {}' ::: 0 1 2 0 3 0
}

@test "--color-failed: spilled output is coloured; a job a signal ended by itself is not" {
	gnu_same -k --color-failed --tag 'seq 30000; exit {}' ::: 1 0 3
	gnu_same -k --color-failed 'echo {}; kill -9 $$' ::: a
}

@test "--color-failed: a job --timeout ended is coloured; a last line is ended in every job" {
	run --separate-stderr parx --timeout 0.3 --color-failed 'echo {}; sleep 5' ::: a
	expect_status 1
	expect $'\e[48;5;196;38;5;231m\e[Ka\e[m'
	gnu_same -k --color-failed 'printf "x\ny"; exit {}' ::: 0 1 0
}

@test "--color-failed is ignored with --line-buffer and -u" {
	gnu_same -k --color-failed --lb 'echo {}; exit 1' ::: a b
	gnu_same -j1 --color-failed --lb 'echo {}; exit 1' ::: a b
	gnu_same -j1 --color-failed -u 'echo {}; exit 1' ::: a b
}

@test "--color keeps the output of a job's tries apart with --retries" {
	gnu_same -k --color --tag --retries 2 'echo {}; exit 1' ::: a b
}

@test "--dry-run: the printed commands coloured (with -u too), each of their lines tagged" {
	gnu_same -k --color --dry-run echo ::: "${V[@]}"
	gnu_same -k --ctag --dry-run echo ::: a b
	gnu_same -k -u --color --dry-run echo ::: a b
	gnu_same -k --color --tag --dry-run $'echo "x\ny"' ::: a 'b c'
	gnu_same -k --tag --dry-run $'echo "x\ny"' ::: a
	gnu_same -k --color-failed --dry-run echo ::: a
}
