#!/usr/bin/env bats
# --bar, --eta, --progress (SPEC section 10).
#
# On a terminal the progress line is redrawn in place on stderr ("\r", the
# line, "\e[K"), fitted to the width, and erased at the end.  Without a
# terminal the option still prints, as plain "parx: ..." lines (at most one
# a second, and a final one).  stdout never changes.  The terminal is a
# pseudo-terminal from script(1) (util-linux); `stty cols N` fixes its width.

load helper

CR=$'\r'
EL=$'\e[K'

# pty CMD: run the shell command CMD on a pseudo-terminal; its terminal
# output (stderr, and stdout unless CMD redirects it) becomes $output.
pty() {
	TERM=xterm script -qfec "$1" /dev/null </dev/null
}

# q: the binary under test, quoted for a shell command line.
q() {
	printf '%q' "$PARX"
}

# bar_line TEXT COLS DONE TOTAL: TEXT and a bar filling COLS-1 columns,
# DONE/TOTAL of it filled (TOTAL 0: unknown, nothing filled).
bar_line() {
	local text=$1 cols=$2 done=$3 total=$4 inner fill i s
	inner=$((cols - 1 - ${#text} - 4))
	fill=0
	[ "$total" -gt 0 ] && fill=$((inner * done / total))
	s="$text  ["
	for ((i = 0; i < inner; i++)); do
		if [ "$i" -lt "$fill" ]; then s+='#'; else s+='-'; fi
	done
	printf '%s]' "$s"
}

@test "--bar on a terminal redraws one line on stderr and erases it at the end" {
	run pty "stty cols 60; $(q) --bar -j1 'sleep 0.3; echo {}' ::: a b c >out"
	expect_status 0
	expect "$CR$(bar_line '0/? jobs  ETA ?' 60 0 0)$EL$CR$(bar_line '1/? jobs  ETA ?' 60 0 0)$EL$CR$(bar_line '2/? jobs  ETA ?' 60 0 0)$EL$CR$(bar_line '3/3 jobs 100%  ETA 0s' 60 3 3)$EL$CR$EL"
	[ "$(cat out)" = "a
b
c" ]
}

@test "--bar leaves stdout byte-identical" {
	pty "$(q) -k --bar -j3 'seq {}; echo done {}' ::: 2000 10 3000 1 >with" >/dev/null
	parx -k -j3 'seq {}; echo done {}' ::: 2000 10 3000 1 >without
	cmp with without
	[ "$(wc -l <with)" = 5015 ]
}

@test "--progress on a terminal shows done, total, percent and running jobs" {
	run pty "stty cols 60; $(q) --progress -j2 sleep ::: 0.3 0.6 0.9"
	expect_status 0
	expect "${CR}0/? jobs  2 running$EL${CR}1/? jobs  2 running$EL${CR}2/3 jobs  66%  1 running$EL${CR}3/3 jobs 100%  0 running$EL$CR$EL"
}

@test "--eta on a terminal shows the estimated time left" {
	run pty "stty cols 60; $(q) --eta -j1 sleep ::: 0.3 0.3"
	expect_status 0
	expect "${CR}0/? jobs  ETA ?$EL${CR}1/? jobs  ETA ?$EL${CR}2/2 jobs 100%  ETA 0s$EL$CR$EL"
}

@test "the ETA is estimated once the total is known" {
	# Two slots: the total is known when a slot frees after the last job
	# started; 2 of 3 done in 0.8 s leaves an estimated 0.4 s, rounded up.
	run pty "stty cols 60; $(q) --eta -j2 sleep ::: 0.4 0.8 1.2"
	expect_status 0
	expect "${CR}0/? jobs  ETA ?$EL${CR}1/? jobs  ETA ?$EL${CR}2/3 jobs  66%  ETA 1s$EL${CR}3/3 jobs 100%  ETA 0s$EL$CR$EL"
}

@test "a shown ETA is redrawn every second while no job finishes" {
	run pty "stty cols 60; $(q) --eta -j2 sleep ::: 0.2 0.2 2.5"
	expect_status 0
	n=$(printf '%s' "$output" | grep -o '2/3 jobs  66%  ETA [0-9]s' | wc -l)
	[ "$n" -ge 3 ]
	[[ $output == *"${CR}2/3 jobs  66%  ETA 2s$EL"* ]]
	[[ $output == *"${CR}3/3 jobs 100%  ETA 0s$EL$CR$EL" ]]
}

@test "the line fits the terminal width" {
	run pty "stty cols 20; $(q) --progress --eta -j1 sleep ::: 0.3 0.3"
	expect_status 0
	expect "${CR}0/? jobs  1 running$EL${CR}1/? jobs  1 running$EL${CR}2/2 jobs 100%  0 ru$EL$CR$EL"
	# Too narrow for a bar next to the ETA: the bar is left out.
	run pty "stty cols 31; $(q) --bar -j1 sleep ::: 0.3"
	expect "$CR$(bar_line '0/? jobs  ETA ?' 31 0 0)$EL${CR}1/1 jobs 100%  ETA 0s$EL$CR$EL"
}

@test "the total is unknown while input still streams in" {
	run pty "stty cols 60; { echo 1; sleep 1; echo 2; } | $(q) --progress -j1 echo >out"
	expect_status 0
	[[ $output == *"${CR}1/? jobs  1 running$EL"* ]]
	[ "$(cat out)" = "1
2" ]
	{ echo 1; sleep 2; echo 2; } | parx --progress -j1 echo >out 2>err
	[ "$(cat err)" = "parx: 1/? jobs  1 running
parx: 2/2 jobs 100%  0 running" ]
}

@test "no progress without the option, on a terminal or not" {
	run pty "$(q) -k -j2 'echo {}; echo e{} >&2' ::: a b >out"
	expect_status 0
	expect "ea$CR
eb$CR"
	parx -k -j2 'echo {}' ::: a b >out 2>err
	[ "$(cat out)" = "a
b" ]
	[ ! -s err ]
}

@test "without a terminal the option prints plain lines, no carriage returns" {
	run parx -k --bar echo ::: a b c
	expect_status 0
	expect "a
b
c
parx: 3/3 jobs 100%  ETA 0s  [################################################]"
	run parx --progress true ::: 1 2
	expect "parx: 2/2 jobs 100%  0 running"
	run parx --eta true ::: 1 2
	expect "parx: 2/2 jobs 100%  ETA 0s"
	run parx --progress --eta true ::: 1 2
	expect "parx: 2/2 jobs 100%  0 running  ETA 0s"
}

@test "plain lines come at most once a second while jobs finish" {
	parx --progress -j1 sleep ::: 0.4 0.4 0.4 0.4 0.4 0.4 >out 2>err
	[ ! -s out ]
	[[ $(cat err) != *"$CR"* ]]
	[ "$(tail -n 1 err)" = "parx: 6/6 jobs 100%  0 running" ]
	n=$(wc -l <err)
	[ "$n" -ge 2 ] && [ "$n" -le 4 ]
	grep -vq '^parx: [0-9]/? jobs  1 running$' err
	[ "$(grep -c '^parx: [0-9]/? jobs  1 running$' err)" = $((n - 1)) ]
}

@test "progress goes to stderr even when only stdout is a terminal" {
	run pty "$(q) -k --bar echo ::: a b 2>err"
	expect_status 0
	expect "a$CR
b$CR"
	[ "$(cat err)" = "parx: 2/2 jobs 100%  ETA 0s  [################################################]" ]
}

@test "at most 10 redraws a second however fast jobs finish" {
	local t0 t1 frames
	t0=$(date +%s%N)
	yes 0.01 | head -n 200 >in
	run pty "stty cols 60; $(q) --progress -j4 -a in sleep"
	t1=$(date +%s%N)
	expect_status 0
	frames=$(printf '%s' "$output" | tr -cd '\r' | wc -c)
	# One redraw per 100 ms, the first at once, plus the erase at the end.
	[ "$frames" -ge 3 ]
	[ "$frames" -le $(((t1 - t0) / 100000000 + 3)) ]
	[[ $output == *"$CR$EL" ]]
}

@test "NO_COLOR: the line is the same, and no colour codes are ever used" {
	run pty "stty cols 60; NO_COLOR=1 $(q) --bar -j1 sleep ::: 0.3 0.3"
	expect_status 0
	want="$CR$(bar_line '0/? jobs  ETA ?' 60 0 0)$EL$CR$(bar_line '1/? jobs  ETA ?' 60 0 0)$EL$CR$(bar_line '2/2 jobs 100%  ETA 0s' 60 2 2)$EL$CR$EL"
	expect "$want"
	run pty "stty cols 60; unset NO_COLOR; $(q) --bar -j1 sleep ::: 0.3 0.3"
	expect "$want"
	[[ ! $output =~ $'\e'\[[0-9\;]*m ]]
}

@test "TERM=dumb: redrawn with spaces instead of escape sequences" {
	run pty "stty cols 30; TERM=dumb $(q) --progress -j1 sleep ::: 0.3 0.3"
	expect_status 0
	expect "${CR}0/? jobs  1 running${CR}1/? jobs  1 running${CR}2/2 jobs 100%  0 running$CR                        $CR"
	[[ $output != *$'\e'* ]]
}
