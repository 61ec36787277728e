# gnudiff.bash: the differential check of the GNU parallel drop-in tests
# (load helper; load gnudiff).  gnudiff ARGS... runs the same command line
# through `parallel --will-cite` and parx and fails unless stdout, the exit
# status and stderr (program name aside) are the same.  Input for both
# comes from $GNUDIFF_STDIN when set (a file), else /dev/null.

gnudiff() {
	local in=${GNUDIFF_STDIN:-/dev/null} gs=0 ps=0
	parallel --will-cite "$@" <"$in" >"$T/.g.out" 2>"$T/.g.err" || gs=$?
	"$PARX" "$@" <"$in" >"$T/.p.out" 2>"$T/.p.err" || ps=$?
	sed 's/^parallel: /PROG: /' "$T/.g.err" >"$T/.g.err2"
	sed 's/^parx: /PROG: /' "$T/.p.err" >"$T/.p.err2"
	if [ "$gs" != "$ps" ] || ! cmp -s "$T/.g.out" "$T/.p.out" ||
	   ! cmp -s "$T/.g.err2" "$T/.p.err2"; then
		printf 'GNU parallel (status %s):\n' "$gs" >&2
		cat "$T/.g.out" "$T/.g.err" >&2
		printf -- '--- parx (status %s):\n' "$ps" >&2
		cat "$T/.p.out" "$T/.p.err" >&2
		return 1
	fi
	# the check is only worth something when the command did something
	[ -s "$T/.g.out" ] || [ -s "$T/.g.err" ] || [ "$gs" != 0 ] || {
		echo "gnudiff: no output from either" >&2
		return 1
	}
}

# gnudiff.bash: the differential harness.  Runs one command line through
# GNU parallel ($GNU_PARALLEL, default /usr/bin/parallel, with --will-cite
# put first) and through parx ($PARX), in the same directory and the same
# environment, and compares stdout, stderr and exit status exactly.
#
#   gnu_same ARGS...              stdin is /dev/null
#   gnu_same_input TEXT ARGS...   stdin holds exactly the bytes of TEXT
#   gnu_same_stdin FILE ARGS...   stdin is FILE
#
# The program name: GNU's messages begin "parallel: " where parx's begin
# "parx: ".  Before comparing, that prefix at the start of a line of GNU's
# stderr (and nothing else) is rewritten to "parx: "; every other byte must
# be the same.  Intended differences are listed in the DIFFERENCES section
# of parx(1) and are not tested here.
#
# With $GNU_VIA set to a shell (dash, zsh, ...), both programs are started
# from that shell, which stays their parent, as when a user types the line.
#
# On a mismatch the function prints the command line and a unified diff of
# each stream that differs, and returns 1.

: "${GNU_PARALLEL:=/usr/bin/parallel}"

# gnu_run_both STDIN ARGS...: run both, leaving $T/.gnu.{out,err,rc} and
# $T/.parx.{out,err,rc}.
gnu_run_both() {
	local in=$1 rc via=()
	shift
	[ -n "${GNU_VIA:-}" ] && via=("$GNU_VIA" -c '"$0" "$@"; exit $?')
	rc=0
	"${via[@]}" "$GNU_PARALLEL" --will-cite "$@" < "$in" > "$T/.gnu.out" 2> "$T/.gnu.err" || rc=$?
	echo "$rc" > "$T/.gnu.rc"
	sed 's/^parallel: /parx: /' "$T/.gnu.err" > "$T/.gnu.err2"
	mv "$T/.gnu.err2" "$T/.gnu.err"
	rc=0
	"${via[@]}" "$PARX" "$@" < "$in" > "$T/.parx.out" 2> "$T/.parx.err" || rc=$?
	echo "$rc" > "$T/.parx.rc"
}

gnu_compare() {
	local s bad=0
	for s in out err rc; do
		if ! cmp -s "$T/.gnu.$s" "$T/.parx.$s"; then
			if [ $bad = 0 ]; then
				printf 'GNU parallel and parx differ for:' >&2
				printf ' %q' "$@" >&2
				printf '\n' >&2
			fi
			bad=1
			printf -- '--- %s (GNU parallel above, parx below):\n' "$s" >&2
			diff -u --label gnu --label parx "$T/.gnu.$s" "$T/.parx.$s" | cat -A >&2
		fi
	done
	return $bad
}

gnu_same() {
	gnu_run_both /dev/null "$@"
	gnu_compare "$@"
}

gnu_same_input() {
	printf '%s' "$1" > "$T/.gnu.in"
	shift
	gnu_run_both "$T/.gnu.in" "$@"
	gnu_compare "$@"
}

gnu_same_stdin() {
	local f=$1
	shift
	gnu_run_both "$f" "$@"
	gnu_compare "$@"
}
