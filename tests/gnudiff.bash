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
