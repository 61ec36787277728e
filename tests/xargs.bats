#!/usr/bin/env bats
# The xargs personality, differentially: every case runs the same command
# line through GNU xargs (/usr/bin/xargs) and through pxargs (a link to
# parx named pxargs) in the same environment, and compares stdout and the
# exit status exactly, and stderr with the program name replaced.

bats_require_minimum_version 1.5.0
load helper

setup_file_extra() {
	mkdir -p "$T/bin"
	ln -s "$PARX" "$T/bin/pxargs"
	ln -s /usr/bin/xargs "$T/bin/xargs"
	XPATH=$T/bin:/usr/bin:/bin
	# a command that shows its arguments, one command per line
	cat >"$T/bin/show" <<'EOF'
#!/bin/sh
for a; do printf '[%s]' "$a"; done; echo
EOF
	chmod +x "$T/bin/show"
}

# input FORMAT: the printf(1) format whose output both tools read.
input() { printf "$1" >"$T/in"; }

# one TOOL ARGS...: run xargs or pxargs on $T/in, in a fixed environment,
# output to $T/TOOL.out, .err, .rc.
one() {
	local tool=$1 rc=0
	shift
	env -i PATH="$XPATH" LC_ALL=C HOME="$T" "$tool" "$@" <"${XIN:-$T/in}" \
		>"$T/$tool.out" 2>"$T/$tool.err" || rc=$?
	echo "$rc" >"$T/$tool.rc"
	if [ -n "${XSORT:-}" ]; then
		sort "$T/$tool.out" >"$T/$tool.sorted" && mv "$T/$tool.sorted" "$T/$tool.out"
	fi
}

# same ARGS...: xargs ARGS and pxargs ARGS agree on stdout, status, stderr.
same() {
	local ok=0
	[ -e "$T/in" ] || : >"$T/in"
	one xargs "$@"
	one pxargs "$@"
	sed -i "s/^pxargs:/xargs:/; s/'pxargs --help'/'xargs --help'/; s/Execution of pxargs/Execution of xargs/" \
		"$T/pxargs.err"
	if ! cmp -s "$T/xargs.rc" "$T/pxargs.rc"; then
		echo "status: xargs $(cat "$T/xargs.rc"), pxargs $(cat "$T/pxargs.rc")" >&2
		ok=1
	fi
	if ! cmp -s "$T/xargs.out" "$T/pxargs.out"; then
		echo "stdout differs (< xargs, > pxargs):" >&2
		diff "$T/xargs.out" "$T/pxargs.out" | head -20 | cut -c 1-300 >&2
		ok=1
	fi
	if ! cmp -s "$T/xargs.err" "$T/pxargs.err"; then
		echo "stderr differs (< xargs, > pxargs):" >&2
		diff "$T/xargs.err" "$T/pxargs.err" | head -20 | cut -c 1-300 >&2
		ok=1
	fi
	return $ok
}

# ---- splitting

@test "xargs: blanks and newlines separate arguments; the default command is echo" {
	input 'a b\tc\n d\n\ne  f\n'
	same
	same show
	[ "$(cat "$T/pxargs.out")" = "[a][b][c][d][e][f]" ]
}

@test "xargs: single and double quotes, and backslashes" {
	input "a 'b c' \"d e\" f\\\\ g 'x\"y' \"it's\" h\\\\\\\\i \"j\\\\k\" '' \"\" l\n"
	same show
}

@test "xargs: a backslash escapes a newline; one at the very end is dropped" {
	input 'a\\\nb c\\'
	same show
}

@test "xargs: vertical tab, form feed and carriage return are no separators" {
	input 'a\vb\fc\rd e\n'
	same show
}

@test "xargs: an unmatched double quote stops with 1 after running what came before" {
	input 'a b "c\nd\n'
	same show
	[ "$(cat "$T/pxargs.rc")" = 1 ]
	[ "$(cat "$T/pxargs.out")" = "[a][b]" ]
}

@test "xargs: an unmatched single quote at the end of the input" {
	input "a 'b c"
	same show
	[ "$(cat "$T/pxargs.rc")" = 1 ]
}

@test "xargs: an unmatched quote with -L runs only the whole lines before it" {
	input 'a b\nc "d\n'
	same -L1 show
	[ "$(cat "$T/pxargs.out")" = "[a][b]" ]
}

@test "xargs: blank lines and lines of blanks give no arguments" {
	input '\n\n  \t \na\n\n'
	same show
	same -L1 show
}

@test "xargs: -0 items may be empty and hold blanks, quotes and newlines" {
	input 'a\0\0b c\0"d\ne"\0'"'"'\0'
	same -0 show
	same --null -n1 show
}

@test "xargs: -d items, the last one keeping its newline" {
	input 'a,,b c,d\n'
	same -d, show
	same --delimiter=, -n2 show
}

@test "xargs: -d escapes" {
	input 'aAb\tc\nd\\e'
	local d
	for d in '\t' '\n' '\x41' '\101' '\\' '\0' '\tX' 'x'; do
		same -d "$d" show
	done
}

@test "xargs: a bad -d is refused with exit 1" {
	input 'a b'
	local d
	for d in ab '\q' '\x414' '\777' '\8' '\x4g'; do
		same -d "$d" show
		[ "$(cat "$T/pxargs.rc")" = 1 ]
	done
}

# ---- the end word

@test "xargs: -E stops at the end word, quoted or not; -e without a word has none" {
	input 'a b EOF c\nd\n'
	same -E EOF show
	same -eEOF show
	same --eof=EOF show
	same -e show
	input 'a "EOF" b\n'
	same -E EOF show
	input 'a xEOF EOFx b\n'
	same -E EOF show
}

@test "xargs: -E with -0 or -d warns and has no effect" {
	input 'a\0EOF\0b\0'
	same -0 -E EOF show
	input 'a,EOF,b'
	same -d, -E EOF show
}

@test "xargs: an end word first runs the command once with no arguments" {
	input 'EOF a\n'
	same -E EOF show
	same -r -E EOF show
}

# ---- lines

@test "xargs: -L counts non-blank lines; a trailing blank continues the line" {
	input 'a b\nc\nd e \nf\n\ng\nh \n\ni\n'
	same -L1 show
	same -L2 show
	same --max-lines=3 show
}

@test "xargs: -l is -L 1, or -L N with its value" {
	input 'a\nb c\nd\n'
	same -l show
	same -l2 show
}

@test "xargs: -L with -0: each item is a line" {
	input 'a\0b \0c\0'
	same -0 -L2 show
}

@test "xargs: -n, -L and -I exclude each other with xargs' warnings" {
	input 'a b\nc d\ne\n'
	same -n1 -L1 show
	same -L1 -n1 show
	same -l -n1 show
	same -n1 -l show
	same -n1 --max-lines=1 show
	same -n1 -I{} show {}
	same -L1 -I{} show {}
	same -I{} -L1 show {}
	same -I{} -n1 show {}
	same -i -l show {}
}

# ---- -I

@test "xargs: -I replaces in each word, one line per command, leading blanks dropped" {
	input '  a  b  \n\n c\n"q u" x\\y\n'
	same -I X show X -X- aXbX
	same -i show '{}' '[{}]'
	same --replace=@ show @
	same --replace show '{}'
	same -I {} -t show {}
}

@test "xargs: -I with nothing to read runs nothing" {
	input ''
	same -I{} show x{}
}

@test "xargs: -I with long lines: up to the limit, then xargs' three errors" {
	local n
	for n in 1000 65532 65533 65535 131000 131066 131067 131072 140000; do
		head -c "$n" /dev/zero | tr '\0' a >"$T/in"
		echo >>"$T/in"
		echo b >>"$T/in"
		same -I{} echo {}
		same -I{} echo x{}y{}
		same -I{} echo {} z
	done
}

# ---- sizes

@test "xargs: -s packs as many arguments as fit, counting each with its NUL" {
	input 'aaaa aaaa aaaa aaaa aaaa aaaa bb c\n'
	local s
	for s in 10 14 15 19 20 24 25 26 100; do
		same -s "$s" show
		same -s "$s" echo
	done
}

@test "xargs: an argument that cannot fit: run what came before, unless -x" {
	input 'bb aaaa cc\n'
	same -s 8 echo
	same -s 8 -x echo
	input 'aaaa\n'
	same -s 9 echo
}

@test "xargs: -x with -n or -L exits 1 when the command would be too long" {
	input 'xx aaa b\n'
	same -s 9 -n 2 -x echo
	same -s 9 -n 2 echo
	same -s 14 -x echo
	input 'a b\nc d\n'
	same -L2 -x -s 9 echo
	same -L1 -x -s 9 echo
}

@test "xargs: the command itself over -s: cannot fit single argument" {
	input 'a\n'
	same -s 4 echo
	same -s 5 echo
	input ''
	same -s 4 echo
	same -s 5 echo
}

@test "xargs: -s near ARG_MAX: the system's limit, and over it a warning" {
	local max
	max=$(env -i PATH="$XPATH" LC_ALL=C xargs --show-limits </dev/null 2>&1 |
	      sed -n 's/^POSIX upper limit.*: //p')
	[ "$max" -gt 100000 ]
	# long arguments: the system's limit binds, not the count of pointers
	local a
	a=$(head -c 9999 /dev/zero | tr '\0' a)
	for i in $(seq 1 400); do echo "$a$i"; done >"$T/in"
	same -s "$((max - 300))" show
	same -s "$((max - 20000))" show
	[ "$(wc -l <"$T/pxargs.out")" = 2 ]
	same -s "$((max + 1))" --show-limits true
	same -s 99999999999999999999 --show-limits true
}

@test "xargs: the default limit of 128 KiB packs as xargs does" {
	seq 1 300000 >"$T/in"
	same show
	[ "$(wc -l <"$T/pxargs.out")" -gt 10 ]
	same -n 1000 echo
}

@test "xargs: --show-limits prints xargs' numbers in the same environment" {
	input ''
	same --show-limits
	same --show-limits -s 1000 true
	same --show-limits -s 5000000 true
}

# ---- empty input

@test "xargs: empty input runs the command once, unless -r" {
	input ''
	same show
	same -r show
	same --no-run-if-empty show
	input '\n  \n'
	same show
	same -r show
	input '""'
	same -r show
}

# ---- -t and -p

@test "xargs: -t shows each command on stderr as xargs quotes it" {
	input "a 'b c' \"it's\" '' '\$x' 'a=b' '~x' 'x~' '#a' 'a#' '*' '{' '{}' \"a'!b\" \"a' b\" 'é'\n"
	same -t true
	same --verbose -n3 true
	input 'a\tb\0c\nd\0\001\0x\047\001\0'
	same -0 -t true
}

@test "xargs: -p asks on the terminal; only yes runs the command" {
	command -v script >/dev/null
	printf 'y\nn\nY\n' >"$T/answers"
	local g p
	g=$(script -qc "printf 'a b c' | $T/bin/xargs -n1 -p echo" /dev/null <"$T/answers" | tr -d '\r')
	p=$(script -qc "printf 'a b c' | $T/bin/pxargs -n1 -p echo" /dev/null <"$T/answers" | tr -d '\r')
	[ "$g" = "$p" ]
	[[ "$p" == *"echo a?..."* ]]
}

@test "xargs: -o gives the commands the terminal as stdin" {
	command -v script >/dev/null
	local g p
	g=$(script -qc "echo a | $T/bin/xargs -o sh -c 'test -t 0 && echo tty'" /dev/null </dev/null | tr -d '\r')
	p=$(script -qc "echo a | $T/bin/pxargs -o sh -c 'test -t 0 && echo tty'" /dev/null </dev/null | tr -d '\r')
	[ "$g" = "$p" ]
	[ "$p" = tty ]
}

# ---- stdin, -a

@test "xargs: commands read /dev/null, or parx's stdin with -a" {
	input 'a b\n'
	same sh -c 'cat; echo "$@"' sh
	echo 'x y' >"$T/args"
	same -a "$T/args" sh -c 'cat; echo "$@"' sh
	same --arg-file="$T/args" show
}

@test "xargs: -a with a file that is not there" {
	input ''
	same -a "$T/nothere" echo
	[ "$(cat "$T/pxargs.rc")" = 1 ]
}

# ---- parallel

@test "xargs: -P 1 runs in input order, output and all" {
	seq 1 50 >"$T/in"
	same -n3 sh -c 'echo "$@"; echo "err $1" >&2' sh
	same -P 1 -n1 show
}

@test "xargs: -P 2, -P 0 and --max-procs give the same set of results" {
	seq 1 40 >"$T/in"
	XSORT=1 same -P 2 -n1 echo
	XSORT=1 same -P 0 -n3 echo
	XSORT=1 same --max-procs=4 -n2 echo
}

@test "xargs: --process-slot-var counts slots from 0" {
	input 'a b c d\n'
	XSORT=1 same -P 2 -n1 --process-slot-var=SLOT sh -c 'echo "$SLOT" | tr 01 xx'
	input 'a\n'
	same --process-slot-var=SLOT sh -c 'echo "slot $SLOT"'
}

@test "xargs: find -print0 | pxargs -0 -P4 -n1 on awkward names: same results, lines whole" {
	mkdir tree
	(
		cd tree
		touch 'a b' "it's" 'q"uote' $'new\nline' -- '-dash' '--x' 'ünï' \
			'$(x)' '*' 'back\slash' ' lead' 'trail ' $'tab\there'
		mkdir 'sub dir'
		touch 'sub dir/f 1'
		for i in $(seq 1 40); do touch "n$i"; done
	)
	cd tree
	find . -print0 >"$T/in"
	# three lines per name, a newline in a name shown as ?
	local lines='for i in 1 2 3; do printf "%s:%s\n" "$i" "$(printf %s "$1" | tr "\n" "?")"; sleep 0.01; done'
	XSORT=1 same -0 -P4 -n1 sh -c "$lines" sh
	[ "$(wc -l <"$T/pxargs.out")" -eq $((3 * 56)) ]
	# unsorted, each command's three lines stay together under -P4
	env -i PATH="$XPATH" pxargs -0 -P4 -n1 sh -c "$lines" sh <"$T/in" >"$T/got"
	awk '{ n = NR % 3; if (n == 0) n = 3
		if (index($0, n ":") != 1) bad = 1
		name = substr($0, 3); if (n > 1 && name != prev) bad = 1; prev = name }
		END { exit bad }' "$T/got"
}

@test "xargs: SIGUSR1 adds a slot, SIGUSR2 takes one away" {
	printf '1\n2\n3\n' >"$T/in"
	local start end
	start=$(date +%s%N)
	"$T/bin/pxargs" -P1 -n1 sh -c 'sleep 1' <"$T/in" &
	local pid=$!
	sleep 0.3
	kill -USR1 "$pid"
	sleep 0.2
	kill -USR1 "$pid"
	wait "$pid"
	end=$(date +%s%N)
	# one by one would take 3 s
	[ $(((end - start) / 1000000)) -lt 2700 ]
	start=$(date +%s%N)
	printf '1\n2\n3\n4\n' | "$T/bin/pxargs" -P2 -n1 sh -c 'sleep 1' &
	pid=$!
	sleep 0.3
	kill -USR2 "$pid"
	wait "$pid"
	end=$(date +%s%N)
	# two at a time, then one at a time: 3 s, not 2
	[ $(((end - start) / 1000000)) -gt 2700 ]
}

# ---- exit statuses

@test "xargs: a command exiting 1-125 makes 123, and the others still run" {
	input 'a b c\n'
	same -n1 sh -c 'echo $0; [ $0 != b ]'
	[ "$(cat "$T/pxargs.rc")" = 123 ]
	same -n1 sh -c 'exit 126'
	[ "$(cat "$T/pxargs.rc")" = 123 ]
}

@test "xargs: a command exiting 255 stops xargs with 124" {
	input 'a b c\n'
	same -n1 sh -c 'echo $0; [ $0 != b ] || exit 255'
	[ "$(cat "$T/pxargs.rc")" = 124 ]
	[ "$(cat "$T/pxargs.out")" = $'a\nb' ]
}

@test "xargs: a command killed by a signal stops xargs with 125" {
	input 'a b c\n'
	same -n1 sh -c 'echo $0; [ $0 != b ] || kill -9 $$'
	[ "$(cat "$T/pxargs.rc")" = 125 ]
}

@test "xargs: a command that cannot run: 126; one not found: 127" {
	input 'a b\n'
	same -n1 /etc/passwd
	[ "$(cat "$T/pxargs.rc")" = 126 ]
	same "$T"
	[ "$(cat "$T/pxargs.rc")" = 126 ]
	same -n1 no-such-command-here
	[ "$(cat "$T/pxargs.rc")" = 127 ]
	same ./no/such/path
}

@test "xargs: the argv is passed as given, never through a shell" {
	input 'x y\n'
	same -n1 sh -c 'exit 3'
	same show 'a b' '$HOME' '{}' '*' ';' ''
	[ "$(head -n 1 "$T/pxargs.out")" = '[a b][$HOME][{}][*][;][][x][y]' ]
}

# ---- usage errors

@test "xargs: usage errors print xargs' messages and exit 1" {
	input 'a\n'
	local args
	for args in "-n 0" "-n x" "-n 3x" "-n -3" "-n 0x10" "-L 0" "-P -1" "-P x" \
		"-P 2147483648" "-s 0" "-s abc" "-Q" "--foo" "-s" "--ma=1" \
		"--max-args" "-h" "-V" "--process-slot-var=A=B"; do
		# shellcheck disable=SC2086
		same $args echo
		[ "$(cat "$T/pxargs.rc")" = 1 ]
	done
	for args in -E -I -n -P --process-slot-var --arg-file --delimiter; do
		same "$args"
		[ "$(cat "$T/pxargs.rc")" = 1 ]
	done
}

@test "xargs: numbers as xargs reads them" {
	input 'a b c d e f g h i j k\n'
	same -n ' 3' show
	same -n +3 show
	same -n 010 show
	same --max-args=2 show
	same --max-ar=4 show
}

# ---- beyond xargs

@test "pxargs --help lists xargs' options and, apart, parx's" {
	run "$T/bin/pxargs" --help
	expect_status 0
	[[ "$output" == *"Usage: $T/bin/pxargs [OPTION]... COMMAND [INITIAL-ARGS]..."* ]]
	[[ "$output" == *"--max-procs=MAX-PROCS"* ]]
	[[ "$output" == *$'\nparx options (see parx(1)):\n'* ]]
	local o
	for o in --timeout --joblog --halt --retries --progress --results --ungroup; do
		[[ "${output#*parx options}" == *"$o"* ]]
	done
}

@test "pxargs: --timeout, --joblog and --retries work in the xargs personality" {
	printf 'a b\n' | "$T/bin/pxargs" -n1 --joblog "$T/log" --timeout 5 sh -c 'echo $0'
	[ "$(wc -l <"$T/log")" = 3 ]
	[ "$(cut -f 9 "$T/log" | tail -n 2 | sort)" = $'sh -c \'echo $0\' a\nsh -c \'echo $0\' b' ]
	run --separate-stderr "$T/bin/pxargs" --timeout 0.3 sh -c 'sleep 5' </dev/null
	expect_status 123
	printf 'x\n' >"$T/count"
	run "$T/bin/pxargs" --retries 3 sh -c 'echo . >>"$0"; exit 1' "$T/count" </dev/null
	expect_status 123
	[ "$(wc -l <"$T/count")" = 4 ]
}

@test "pxargs -P2 keeps each command's output whole; --ungroup lets it through" {
	seq 1 6 | "$T/bin/pxargs" -P2 -n1 sh -c 'printf "%s-" $0; sleep 0.05; echo $0' >"$T/out"
	[ "$(sort "$T/out")" = "$(printf '%s-%s\n' 1 1 2 2 3 3 4 4 5 5 6 6)" ]
	seq 1 2 | "$T/bin/pxargs" -P2 -n1 --ungroup sh -c 'echo $0' | sort >"$T/out"
	[ "$(cat "$T/out")" = $'1\n2' ]
}

@test "xargs: a NUL in the input ends its argument, with xargs' warning once" {
	input 'a\0b c\0\0d e\n'
	same show
	input 'a\0b,c\0d,e'
	same -d, show
}

@test "xargs: a reader that goes away: the command dies of SIGPIPE, status 125" {
	local g p
	g=$(seq 100000 | env -i PATH="$XPATH" xargs -n1000 echo 2>"$T/g.err" | head -c 10 >/dev/null
	    echo "${PIPESTATUS[1]}")
	p=$(seq 100000 | env -i PATH="$XPATH" pxargs -n1000 echo 2>"$T/p.err" | head -c 10 >/dev/null
	    echo "${PIPESTATUS[1]}")
	[ "$g" = 125 ]
	[ "$p" = 125 ]
	sed -i 's/^pxargs:/xargs:/' "$T/p.err"
	cmp "$T/g.err" "$T/p.err"
}

@test "xargs: --show-limits on a terminal says that it goes on, and what runs once" {
	command -v script >/dev/null
	local g p
	g=$(script -qc "env -i PATH=$XPATH xargs --show-limits true" /dev/null </dev/null | tr -d '\r')
	p=$(script -qc "env -i PATH=$XPATH pxargs --show-limits true" /dev/null </dev/null | tr -d '\r')
	[ "${p//pxargs/xargs}" = "$g" ]
	[[ "$p" == *"Warning: true will be run at least once."* ]]
}

@test "xargs: a script without #! runs under /bin/sh, as execvp runs it" {
	printf 'echo no-shebang "$@"\n' >"$T/bin/nsb"
	chmod +x "$T/bin/nsb"
	input 'a b\n'
	same nsb
	same -n1 "$T/bin/nsb"
	[ "$(cat "$T/pxargs.out")" = $'no-shebang a\nno-shebang b' ]
}

@test "xargs: quotes left open at the end, -x, -L and the line limit, as xargs orders them" {
	local case
	# each case: the input (a printf format), then the options
	while IFS='|' read -r fmt opts; do
		input "$fmt"
		# shellcheck disable=SC2086
		same $opts show
	done <<'EOF_CASES'
a b "|
a b '|-n1
a "b|-x -s 24
b\n"'\nb|-s 24 -x -n2
"E\\ \\ ab'\\\tx'   E|-s 24 -x -n2
\nbxaa"a \\a|-s 14 -x
Ea\n\\\nE\\\t\nx'Ea'b|-L2
xa\nx\n\nb\n'x  EE|-L2
a\txxb\tE EaEE\n"Eb' |-L1 -s 20
a b c d e f|-L1 -n2 -s 14
a b c d e f|-I{} -n2 -s 14
EOF_CASES
}

@test "xargs: 300 random inputs of blanks, quotes, backslashes and end words, under 25 option sets" {
	local alpha=("a" "b" "x" " " " " "\t" "\n" "\n" "'" '"' "\\\\" "E" "," "{}")
	local opts=("" "-n2" "-L1" "-L2" "-l" "-E x" "-s 24" "-s 24 -x -n2" "-r" "-0" "-d x"
		"-L1 -s 20" "-n1 -E E" "-s 14 -x" "-0 -L2" "-d , -n2" "-I{}" "-i" "-0 -I{}"
		"-d , -I{}" "-I{} -s 30" "-i -E a" "-x -s 18" "-d , -L1" "-I{} -n1")
	local i k n fmt o
	RANDOM=17
	for ((i = 0; i < 300; i++)); do
		fmt=
		n=$((RANDOM % 26))
		for ((k = 0; k < n; k++)); do
			fmt+=${alpha[RANDOM % ${#alpha[@]}]}
		done
		input "$fmt"
		o=${opts[RANDOM % ${#opts[@]}]}
		case $o in
		*-I* | *-i*) # shellcheck disable=SC2086
			same $o show '{}' '-{}-' || { echo "input: $fmt, options: $o" >&2; return 1; } ;;
		*) # shellcheck disable=SC2086
			same $o show || { echo "input: $fmt, options: $o" >&2; return 1; } ;;
		esac
	done
}
