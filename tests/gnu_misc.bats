#!/usr/bin/env bats
# Local --workdir and other behaviours against GNU parallel
# (tests/gnudiff.bash).

load helper
load gnudiff
bats_require_minimum_version 1.5.0

@test "gnu: --wd runs local jobs in the directory, made with its parents" {
	mkdir 'w d'
	gnu_same --wd 'w d' -k 'pwd; echo {}' ::: 'a b' "it's"
	gnu_same --wd 'new/x y/z' -k 'echo {}; pwd' ::: -n
	[ -d 'new/x y/z' ]
	gnu_same --workdir . -k echo ::: ü
	printf '#!/bin/sh\necho here "$@"\n' > 'w d/tool'
	chmod +x 'w d/tool'
	gnu_same --wd 'w d' -k ./tool ::: 'a b'
}

@test "--wd ... is refused for local jobs, nothing run" {
	run --separate-stderr "$PARX" --wd ... touch ran ::: 1
	expect_status 255
	[ "$stderr" = "parx: --workdir ...: only for remote jobs (-S)" ]
	[ ! -e ran ]
}
