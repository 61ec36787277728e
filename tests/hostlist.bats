#!/usr/bin/env bats
# Slurm host lists (node[01-04,07]) in -S and --sshloginfile, checked
# against Slurm's own expansion (scontrol show hostnames, which needs only
# a configuration file, no cluster).  The hosts parx makes are seen through
# a stand-in for ssh that runs everything here: with -j1 every host has one
# slot, so with as many jobs as hosts, all running at once, job N runs on
# host N and the joblog's Host column, in job order, is the host list as
# parx expanded it.
bats_require_minimum_version 1.5.0
load helper

setup_file_extra() {
	printf 'ClusterName=parxtest\nSlurmctldHost=localhost\n' >"$T/slurm.conf"
	export SLURM_CONF="$T/slurm.conf" PARX_SSH_NO_REUSE=1
	cat >"$T/fakessh" <<'EOF'
#!/bin/sh
# a stand-in for ssh: skip the options and the host, run the rest here
while [ $# -gt 0 ]; do
	case $1 in
	-o|-O|-p|-l) shift 2 ;;
	-*) shift ;;
	*) break ;;
	esac
done
shift
exec sh -c "$*"
EOF
	chmod +x "$T/fakessh"
}

# hosts_of ARGS...: the hosts parx runs one job each on, in order, with
# ARGS (the -S or --slf options).
hosts_of() {
	local n=$1
	shift
	"$PARX" -j1 --ssh "$T/fakessh" "$@" --joblog jl 'sleep 1; : {}' ::: $(seq "$n") || return 1
	tail -n +2 jl | sort -n | cut -f 2
}

@test "-S host lists expand as scontrol show hostnames expands them" {
	local lists=('node[01-04,07]' 'gpu-[1-2]' 'a[1-2]b[3-4]' 'n[8-11]'
		'n[08-11]' 'n[1-010]' 'n[001-3]' 'n[099-101]' 'n[1-2]-[5,6]'
		'u@n[1-2]' 'n[1,1]' 'n[0]' 'rack[1-2]-node[1-2]' 'plain'
		'x,y[1-2],z' 'node[01-03,07],gpu-[1-2],login')
	local l args=() want=""
	for l in "${lists[@]}"; do
		args+=(-S "$l")
		want+="$(scontrol show hostnames "$l")"$'\n'
	done
	want=${want%$'\n'}
	run hosts_of "$(grep -c . <<<"$want")" "${args[@]}"
	expect_status 0
	expect "$want"
}

@test "--sshloginfile lines take host lists, N/ slots and comments; a login keeps its own ssh for each host; --slf - reads scontrol output" {
	printf '# the cluster\n2/node[1-2]\ngpu-[07-08],login  # and more\n' >hosts
	# the next job goes to the host with the smallest share of its slots busy
	run hosts_of 7 --slf hosts
	expect_status 0
	expect "$(printf 'node1\nnode2\ngpu-07\ngpu-08\nlogin\nnode1\nnode2')"
	# a login with its own ssh command: each host of the list keeps it
	run hosts_of 2 -S "1/$T/fakessh -p 22 u@n[1-2]"
	expect_status 0
	expect "$(printf 'u@n1\nu@n2')"
	run bash -c 'scontrol show hostnames "c[1-3,5]" | "$0" -j1 --ssh "$1" --slf - --joblog jl "sleep 1; : {}" ::: 1 2 3 4 &&
		tail -n +2 jl | sort -n | cut -f 2' "$PARX" "$T/fakessh"
	expect_status 0
	expect "$(printf 'c1\nc2\nc3\nc5')"
}

@test "a malformed host list, which scontrol also rejects, is named in one line, exit 255" {
	local l
	for l in 'n[3-1]' 'n[]' 'n[a-b]' 'n[,1]' 'n[1,]' 'n[[1]]' 'n[1-2]]' 'n[-1]'; do
		[[ "$(scontrol show hostnames "$l" 2>&1)" == *"Invalid hostlist"* ]]
	done
	for l in 'n[3-1]:a range that runs backwards' 'n[]:an empty range' \
		'n[a-b]:a range holds something that is not a number' \
		'n[,1]:an empty range' 'n[1,]:an empty range' \
		"n[[1]]:a '[' without its ']'" "n[1-2]]:a ']' without its '['" \
		'n[-1]:an empty range' "n[1-2:a '[' without its ']'" \
		"n1-2]:a ']' without its '['" 'n[1-]:a range without its upper end' \
		'n[1-65537]:too many hosts' 'a[1-300]b[1-300]:too many hosts' \
		'n[1234567890123456789]:a number that is too long' \
		'n[1][2][3][4][5][6][7][8][9][1][2][3][4][5][6][7][8]:too many bracket groups'; do
		run --separate-stderr "$PARX" -S "a,${l%%:*}" echo ::: 1
		expect_status 255
		expect ""
		[ "$stderr" = "parx: -S ${l%%:*}: bad host list: ${l#*:}" ] ||
			{ echo "got: $stderr" >&2; return 1; }
	done
	printf 'ok\nn[2-1]\n' >hosts
	run --separate-stderr "$PARX" --slf hosts echo ::: 1
	expect_status 255
	[ "$stderr" = "parx: --sshloginfile hosts: n[2-1]: bad host list: a range that runs backwards" ]
}
