#!/usr/bin/env bats
# --tmpdir: where parx keeps its temporary files, and the jobs' TMPDIR.

load helper
load gnudiff

@test "--tmpdir sets the jobs' TMPDIR, as GNU parallel" {
	mkdir td
	gnudiff -k --tmpdir td 'echo $TMPDIR {}' ::: a b
	gnudiff -k --tempdir td 'echo $TMPDIR {}' ::: a
}

@test "--tmpdir: output held back by -k spills there and comes out whole" {
	mkdir td
	run parx -k -j2 --tmpdir td 'if [ {} = 1 ]; then sleep 0.5; echo one; else head -c 3000000 /dev/zero | tr "\0" x; echo; fi' ::: 1 2
	expect_status 0
	[ "${#output}" = 3000004 ]
	[ "${output:0:4}" = "one
" ]
}
