# helper.bash: loaded by every test file (`load helper`).
# $PARX is the binary under test (absolute path); each test runs in its own
# scratch directory $T, removed afterwards.

: "${PARX:?PARX must name the parx binary}"

setup() {
	T=$(mktemp -d "${BATS_TMPDIR:-/tmp}/parx-test.XXXXXX")
	cd "$T" || return 1
	export TMPDIR="$T/tmp"
	mkdir -p "$TMPDIR"
	if declare -F setup_file_extra >/dev/null; then setup_file_extra; fi
}

teardown() {
	local m
	# a tmpfs a test mounted in its scratch directory
	if [ -n "${T:-}" ]; then
		for m in $(awk -v t="$T/" 'index($2, t) == 1 { print $2 }' /proc/mounts); do
			umount -l "$m"
		done
	fi
	cd / || true
	[ -n "${T:-}" ] && rm -rf "$T"
}

parx() { "$PARX" "$@"; }

# expect STRING: $output must equal STRING exactly (shows both otherwise).
expect() {
	if [ "$output" != "$1" ]; then
		printf 'expected output:\n%s\n--- got:\n%s\n---\n' "$1" "$output" >&2
		return 1
	fi
}

# expect_status N: $status must be N.
expect_status() {
	if [ "$status" != "$1" ]; then
		printf 'expected status %s, got %s; output:\n%s\n' "$1" "$status" "$output" >&2
		return 1
	fi
}

# rss_run CMD...: run CMD (stdin/stdout/stderr as given) and store its peak
# resident set in KiB in $RSS_KB.  Returns CMD's status.
rss_run() {
	local rc=0
	/usr/bin/time -f '%M' -o "$T/.rss" "$@" || rc=$?
	RSS_KB=$(tail -n 1 "$T/.rss")
	return $rc
}

# rss_limit KB: the RSS bound a test asserts, with room for the sanitizer's
# shadow memory and allocator when the suite runs under `make asan`.
rss_limit() {
	if [ -n "${PARX_SANITIZED:-}" ]; then
		echo $(($1 + 32768))
	else
		echo "$1"
	fi
}

# no_procs PATTERN: no process whose command line matches PATTERN is left
# (waits up to 10 s for stragglers to be reaped: remote ones take a
# round trip or two).
no_procs() {
	local i
	for i in $(seq 100); do
		pgrep -f -- "$1" >/dev/null || return 0
		sleep 0.1
	done
	echo "processes left matching $1:" >&2
	pgrep -af -- "$1" >&2
	return 1
}
