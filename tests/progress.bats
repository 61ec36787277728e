#!/usr/bin/env bats
# --bar, --eta, --progress (SPEC section 10).
#
# On a terminal the progress line is redrawn in place on stderr ("\r", the
# line, "\e[K"), fitted to the width, and erased at the end.  Without a
# terminal the option still prints, as plain "parx: ..." lines (at most one
# a second, and a final one).  stdout never changes.  The terminal is a
# pseudo-terminal from script(1) (util-linux); `stty cols N` fixes its width.
#
# The total is known from the first draw when every input source is held in
# memory (`:::` words, `::::` files after the first source) and each job
# takes one input: "0/3 jobs   0%".  A streamed source (stdin, `-a`, a
# `::::` file as the first source) or several inputs per job (-n2) leave it
# unknown, "0/? jobs", until the input has been read to its end.
#
# An ETA that depends on timing is matched by a pattern (see expect_like)
# unless the sleeps keep it well inside one second's rounding.

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

# expect_like TEXT: $output must equal TEXT, except that each "ETA ~s" in
# TEXT stands for an ETA of 1s to 9s (one that depends on timing).
expect_like() {
	local pat=$1
	pat=${pat//\\/\\\\}
	pat=${pat//\*/\\*}
	pat=${pat//\?/\\?}
	pat=${pat//\[/\\[}
	pat=${pat//\]/\\]}
	pat=${pat//ETA ~s/ETA [1-9]s}
	if [[ $output != $pat ]]; then
		printf 'expected output like:\n%s\n--- got:\n%s\n---\n' "$1" "$output" >&2
		return 1
	fi
}

@test "--bar on a terminal redraws one line on stderr and erases it at the end" {
	run pty "stty cols 60; $(q) --bar -j1 'sleep 0.3; echo {}' ::: a b c >out"
	expect_status 0
	expect_like "$CR$(bar_line '0/3 jobs   0%  ETA ?' 60 0 3)$EL$CR$(bar_line '1/3 jobs  33%  ETA ~s' 60 1 3)$EL$CR$(bar_line '2/3 jobs  66%  ETA ~s' 60 2 3)$EL$CR$(bar_line '3/3 jobs 100%  ETA 0s' 60 3 3)$EL$CR$EL"
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
	expect "${CR}0/3 jobs   0%  2 running$EL${CR}1/3 jobs  33%  2 running$EL${CR}2/3 jobs  66%  1 running$EL${CR}3/3 jobs 100%  0 running$EL$CR$EL"
}

@test "--eta on a terminal shows the estimated time left" {
	# 1 of 2 done after 0.3 s leaves an estimated 0.3 s, rounded up: 1s
	# as long as the first job takes at most a second.
	run pty "stty cols 60; $(q) --eta -j1 sleep ::: 0.3 0.3"
	expect_status 0
	expect "${CR}0/2 jobs   0%  ETA ?$EL${CR}1/2 jobs  50%  ETA 1s$EL${CR}2/2 jobs 100%  ETA 0s$EL$CR$EL"
}

@test "the ETA is the time per job done so far times the jobs left, rounded up" {
	# 1 of 2 done after 1.5 s: 1.5 s left, shown as 2s (right for the
	# first job taking anywhere from 1 s to 2 s).
	run pty "stty cols 60; $(q) --eta -j1 sleep ::: 1.5 0.3"
	expect_status 0
	expect "${CR}0/2 jobs   0%  ETA ?$EL${CR}1/2 jobs  50%  ETA 2s$EL${CR}2/2 jobs 100%  ETA 0s$EL$CR$EL"
}

@test "a shown ETA is redrawn every second while no job finishes" {
	# 2 of 3 done at 0.2 s, then redrawn at about 1.2 s and 2.2 s: the
	# estimate (half the time so far) grows from 1s to 2s.
	run pty "stty cols 60; $(q) --eta -j2 sleep ::: 0.2 0.2 2.8"
	expect_status 0
	[[ $output == "${CR}0/3 jobs   0%  ETA ?$EL"* ]]
	n=$(printf '%s' "$output" | grep -o '2/3 jobs  66%  ETA [0-9]s' | wc -l)
	[ "$n" -ge 3 ]
	[[ $output == *"${CR}2/3 jobs  66%  ETA 1s$EL"* ]]
	[[ $output == *"${CR}2/3 jobs  66%  ETA 2s$EL"* ]]
	[[ $output == *"${CR}3/3 jobs 100%  ETA 0s$EL$CR$EL" ]]
}

@test "the line fits the terminal width" {
	run pty "stty cols 20; $(q) --progress --eta -j1 sleep ::: 0.3 0.3"
	expect_status 0
	expect "${CR}0/2 jobs   0%  1 ru$EL${CR}1/2 jobs  50%  1 ru$EL${CR}2/2 jobs 100%  0 ru$EL$CR$EL"
	# Room for the narrowest bar (8 columns) next to "0/1 jobs   0%  ETA ?",
	# not next to the longer "1/1 jobs 100%  ETA 0s": the bar is left out.
	run pty "stty cols 31; $(q) --bar -j1 sleep ::: 0.3"
	expect_status 0
	expect "$CR$(bar_line '0/1 jobs   0%  ETA ?' 31 0 1)$EL${CR}1/1 jobs 100%  ETA 0s$EL$CR$EL"
}

@test "the total is unknown while input still streams in on stdin" {
	# 0.2 is read at once; 1 at 0.5 s; stdin ends at 1 s, while the second
	# job (until 1.5 s) still runs.  A free slot lets the end be seen then.
	run pty "stty cols 60; { echo 0.2; sleep 0.5; echo 1; sleep 0.5; } | $(q) --progress -j3 sleep"
	expect_status 0
	expect "${CR}0/? jobs  1 running$EL${CR}1/? jobs  1 running$EL${CR}1/2 jobs  50%  1 running$EL${CR}2/2 jobs 100%  0 running$EL$CR$EL"
	# Without a terminal: the first plain line comes when the second input
	# arrives (after 2 s), the final one once stdin has ended.
	{ echo 1; sleep 2; echo 2; } | parx --progress -j1 echo >out 2>err
	[ "$(cat out)" = "1
2" ]
	[ "$(cat err)" = "parx: 1/? jobs  1 running
parx: 2/2 jobs 100%  0 running" ]
}

@test "--bar on stdin: no percent, an empty bar and ETA ? until the input ends" {
	# Jobs end at 0.2 s and 0.5 s; the third input comes at 0.8 s and runs
	# until 1.8 s; stdin ends at 1.3 s: 2 done in 1.3 s leaves 0.65 s: 1s.
	run pty "stty cols 60; { printf '%s\n' 0.2 0.5; sleep 0.8; echo 1; sleep 0.5; } | $(q) --bar -j3 sleep"
	expect_status 0
	expect "$CR$(bar_line '0/? jobs  ETA ?' 60 0 0)$EL$CR$(bar_line '1/? jobs  ETA ?' 60 0 0)$EL$CR$(bar_line '2/? jobs  ETA ?' 60 0 0)$EL$CR$(bar_line '2/3 jobs  66%  ETA 1s' 60 2 3)$EL$CR$(bar_line '3/3 jobs 100%  ETA 0s' 60 3 3)$EL$CR$EL"
}

@test "a :::: file is streamed as the first source, held in memory after it" {
	printf '%s\n' x y >f
	run pty "stty cols 60; $(q) --progress -j1 'sleep 0.2; : {}' ::: a b :::: f"
	expect_status 0
	expect "${CR}0/4 jobs   0%  1 running$EL${CR}1/4 jobs  25%  1 running$EL${CR}2/4 jobs  50%  1 running$EL${CR}3/4 jobs  75%  1 running$EL${CR}4/4 jobs 100%  0 running$EL$CR$EL"
	# First: read as the jobs need it, so the total waits for its end
	# (seen when the slot frees after the last job).
	run pty "stty cols 60; $(q) --progress -j1 'sleep 0.2; : {}' :::: f ::: a b"
	expect_status 0
	expect "${CR}0/? jobs  1 running$EL${CR}1/? jobs  1 running$EL${CR}2/? jobs  1 running$EL${CR}3/? jobs  1 running$EL${CR}4/4 jobs 100%  0 running$EL$CR$EL"
	run pty "stty cols 60; $(q) --progress -j1 -a f 'sleep 0.2; : {}'"
	expect_status 0
	expect "${CR}0/? jobs  1 running$EL${CR}1/? jobs  1 running$EL${CR}2/2 jobs 100%  0 running$EL$CR$EL"
}

@test "several inputs per job: the total waits for the end of the input" {
	run pty "stty cols 60; $(q) --progress -j1 -n2 'sleep 0.3; : {}' ::: a b c d"
	expect_status 0
	expect "${CR}0/? jobs  1 running$EL${CR}1/? jobs  1 running$EL${CR}2/2 jobs 100%  0 running$EL$CR$EL"
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
	local line k n
	parx --progress -j1 sleep ::: 0.4 0.4 0.4 0.4 0.4 0.4 >out 2>err
	[ ! -s out ]
	[[ $(cat err) != *"$CR"* ]]
	[ "$(tail -n 1 err)" = "parx: 6/6 jobs 100%  0 running" ]
	n=$(wc -l <err)
	[ "$n" -ge 2 ] && [ "$n" -le 4 ]
	# Every line before the last: some of the 6 done, with their percent.
	while IFS= read -r line; do
		k=${line#parx: }
		k=${k%%/*}
		[[ $k == [0-5] ]]
		[ "$line" = "$(printf 'parx: %d/6 jobs %3d%%  1 running' "$k" $((k * 100 / 6)))" ]
	done < <(head -n $((n - 1)) err)
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
	want="$CR$(bar_line '0/2 jobs   0%  ETA ?' 60 0 2)$EL$CR$(bar_line '1/2 jobs  50%  ETA 1s' 60 1 2)$EL$CR$(bar_line '2/2 jobs 100%  ETA 0s' 60 2 2)$EL$CR$EL"
	expect "$want"
	run pty "stty cols 60; unset NO_COLOR; $(q) --bar -j1 sleep ::: 0.3 0.3"
	expect "$want"
	[[ ! $output =~ $'\e'\[[0-9\;]*m ]]
}

@test "TERM=dumb: redrawn with spaces instead of escape sequences" {
	run pty "stty cols 30; TERM=dumb $(q) --progress -j1 sleep ::: 0.3 0.3"
	expect_status 0
	expect "${CR}0/2 jobs   0%  1 running${CR}1/2 jobs  50%  1 running${CR}2/2 jobs 100%  0 running$CR                        $CR"
	[[ $output != *$'\e'* ]]
	# A shorter line is padded over the longer one it replaces: from
	# "0/10 jobs   0%  10 running" (26 columns) to "1/10 jobs  10%  9
	# running" (25) at 0.3 s; the other nine end together later.
	run pty "stty cols 30; TERM=dumb $(q) --progress -j10 sleep ::: 0.3 0.8 0.8 0.8 0.8 0.8 0.8 0.8 0.8 0.8"
	expect_status 0
	[[ $output == "${CR}0/10 jobs   0%  10 running${CR}1/10 jobs  10%  9 running ${CR}"* ]]
	[[ $output == *"${CR}"*" running${CR}                         "*"${CR}" ]]
	[[ $output != *$'\e'* ]]
}
