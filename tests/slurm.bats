#!/usr/bin/env bats
# --slurm against a real one-node Slurm cluster (see slurm.bash): node
# parxnode, 2 CPUs.  Each test gets an allocation with salloc and runs
# parx --slurm in it, in a script (alloc.sh) so that no process's command
# line but the job's own holds the job's marker (sleep 31.5).  The marker
# is exec'd: this cluster tracks a step's processes by walking /proc
# (proctrack/linuxproc), so a shell around it might outlive it by a moment.
bats_require_minimum_version 1.5.0
load helper
load slurm

setup_file() {
	SLURM_DIR=$(mktemp -d /tmp/parx-slurm.XXXXXX)
	export SLURM_DIR
	slurm_start "$SLURM_DIR"
}

teardown_file() {
	slurm_stop "$SLURM_DIR"
}

# alloc SALLOC-OPTIONS...: run alloc.sh (written by the test) in a new
# allocation, with $PARX.
alloc() { salloc -Q "$@" bash alloc.sh; }

# Lines for alloc.sh: wait for FILE..., and report the job's processes
# and steps once parx has returned.
WAIT_FOR='wait_for() {
	for _ in $(seq 100); do
		all=1
		for f; do [ -e "$f" ] || all=0; done
		[ $all = 1 ] && return 0
		sleep 0.1
	done
	return 1
}'
GONE='pgrep -f "sleep 31[.]5" || echo "no process left"
for _ in $(seq 50); do
	[ -z "$(squeue -h -s -j "$SLURM_JOB_ID")" ] && { echo "no step left"; break; }
	sleep 0.1
done'

@test "every job runs as a job step on the node; -k, --tag and the joblog's Host" {
	cat >alloc.sh <<'EOF'
"$PARX" --slurm -k --tag --joblog jl 'echo $SLURMD_NODENAME {}${SLURM_EXIT_ERROR+ leaked}; echo $SLURM_STEP_ID >>steps' ::: a b c
EOF
	run --separate-stderr alloc -N1 -n2
	expect_status 0
	expect "$(printf 'a\tparxnode a\nb\tparxnode b\nc\tparxnode c')"
	run sort steps
	expect "$(printf '0\n1\n2')"
	run bash -c 'cut -f 1,2,7 jl | sort'
	expect "$(printf '1\tparxnode\t0\n2\tparxnode\t0\n3\tparxnode\t0\nSeq\tHost\tExitval')"
}

@test "squeue -s shows the running jobs as steps, as many as the allocation has tasks" {
	cat >alloc.sh <<EOF
$WAIT_FOR
"\$PARX" --slurm 'touch started.{}; sleep 31.5' ::: 1 2 3 & pid=\$!
wait_for started.1 started.2
sleep 0.5
squeue -h -s -j "\$SLURM_JOB_ID" -o '%j %N' | sort
ls started.*
kill -INT \$pid
wait \$pid
echo "rc=\$?"
EOF
	run --separate-stderr alloc -N1 -n2
	expect_status 0
	expect "$(printf 'parx.1 parxnode\nparx.2 parxnode\nstarted.1\nstarted.2\nrc=130')"
}

@test "-j lowers the slot count, and a step gets the allocation's CPUs per task" {
	cat >alloc.sh <<'EOF'
"$PARX" --slurm -j1 -k 'echo {} slot {%}' ::: a b c
EOF
	run --separate-stderr alloc -N1 -n2
	expect_status 0
	expect "$(printf 'a slot 1\nb slot 1\nc slot 1')"
	cat >alloc.sh <<'EOF'
"$PARX" --slurm -k 'echo {} slot {%} cpus $SLURM_CPUS_PER_TASK' ::: a b
EOF
	run --separate-stderr alloc -N1 -c2
	expect_status 0
	expect "$(printf 'a slot 1 cpus 2\nb slot 1 cpus 2')"
}

@test "a timeout ends the step itself, not only srun" {
	cat >alloc.sh <<EOF
"\$PARX" --slurm --summary --timeout 1 'touch started; exec sleep {}' ::: 31.5
echo "rc=\$?"
$GONE
EOF
	run --separate-stderr alloc -N1 -n2
	expect_status 0
	expect "$(printf 'rc=1\nno process left\nno step left')"
	[ -e started ]
	run grep '^parx:' <<<"$stderr"
	expect "parx: 1 of 1 job failed: #1 timeout (touch started; exec sleep 31.5)"
}

@test "--termseq: a step that ignores TERM still ends" {
	cat >alloc.sh <<EOF
"\$PARX" --slurm --timeout 1 --termseq TERM,300,KILL,25 'trap "" TERM; sleep 31.5' ::: 1
echo "rc=\$?"
$GONE
EOF
	run --separate-stderr alloc -N1 -n2
	expect_status 0
	expect "$(printf 'rc=1\nno process left\nno step left')"
}

@test "Ctrl-C (SIGINT to parx) ends every running step" {
	cat >alloc.sh <<EOF
$WAIT_FOR
"\$PARX" --slurm 'touch started.{}; exec sleep 31.5' ::: 1 2 3 & pid=\$!
wait_for started.1 started.2
kill -INT \$pid
wait \$pid
echo "rc=\$?"
$GONE
EOF
	run --separate-stderr alloc -N1 -n2
	expect_status 0
	expect "$(printf 'rc=130\nno process left\nno step left')"
	[ -e started.1 ] && [ -e started.2 ] && [ ! -e started.3 ]
}

@test "--halt now,fail=1 ends the other steps; --retries runs a job again as a new step" {
	cat >alloc.sh <<EOF
"\$PARX" --slurm --halt now,fail=1 'if [ {} = 1 ]; then sleep 31.5; else sleep 0.3; exit 3; fi' ::: 1 2
echo "rc=\$?"
$GONE
"\$PARX" --slurm --retries 3 'echo \$SLURM_STEP_ID >>tries; exit 1' ::: x
echo "rc=\$?"
EOF
	run --separate-stderr alloc -N1 -n2
	expect_status 0
	expect "$(printf 'rc=3\nno process left\nno step left\nrc=1')"
	run sort -u tries
	[ "${#lines[@]}" = 3 ]
}

@test "--results stores each step's output" {
	cat >alloc.sh <<'EOF'
"$PARX" --slurm --results res 'echo out {}; echo err {} >&2; exit {}' ::: 0 2
EOF
	run --separate-stderr alloc -N1 -n2
	expect_status 1
	# GNU parallel's layout: DIR/1/<value>/{seq,stdout,stderr}
	[ "$(cat res/1/0/stdout)" = "out 0" ]
	[ "$(cat res/1/0/stderr)" = "err 0" ]
	[ "$(cat res/1/2/stdout)" = "out 2" ]
	[ "$(cat res/1/2/seq)" = 2 ]
}

@test "a node that refuses steps is set aside; its jobs run on the other node" {
	# ghost is a node of this allocation only as far as parx can tell:
	# srun refuses every step there
	cat >alloc.sh <<'EOF'
export SLURM_JOB_NODELIST=ghost,parxnode SLURM_TASKS_PER_NODE=1,2
set -o pipefail
"$PARX" --slurm --joblog jl 'sleep 0.5; echo {}' ::: 1 2 3 4 | sort
EOF
	# (without -k the output of a refused try, srun's reason, is held
	# until the try ends, and dropped)
	run --separate-stderr alloc -N1 -n2
	expect_status 0
	expect "$(printf '1\n2\n3\n4')"
	[ "$stderr" = "parx: ghost: set aside after 3 steps that could not start" ]
	run bash -c 'cut -f 1,2,7 jl | sort'
	expect "$(printf '1\tparxnode\t0\n2\tparxnode\t0\n3\tparxnode\t0\n4\tparxnode\t0\nSeq\tHost\tExitval')"
}

@test "a step Slurm refuses everywhere: srun's reason, and every job failed and listed" {
	cat >alloc.sh <<'EOF'
SLURM_CPUS_PER_TASK=3 "$PARX" --slurm --summary -j1 'echo {}' ::: c1 c2
EOF
	run --separate-stderr alloc -N1 -n2
	expect_status 2
	expect ""
	run sed 's/job [0-9]*:/job N:/' <<<"$stderr"
	expect "parx: parxnode: set aside after 3 steps that could not start
srun: error: Unable to create step for job N: More processors requested than permitted
parx: no host left to run jobs on
parx: 2 of 2 jobs failed: #1 exit 255 (echo c1); #2 cannot start (echo c2)"
}

@test "the README's kind of batch script: sbatch --ntasks=2, parx --slurm inside it" {
	cat >sim.sh <<'EOF'
#!/bin/sh
#SBATCH --ntasks=2 --cpus-per-task=1 --output=sim.out
"$PARX" --slurm -k --joblog sim.log 'echo {} on $SLURMD_NODENAME' ::: 1 2 3
echo "rc=$?"
EOF
	run sbatch -Q --wait sim.sh
	expect_status 0
	run cat sim.out
	expect "$(printf '1 on parxnode\n2 on parxnode\n3 on parxnode\nrc=0')"
	run bash -c 'cut -f 2 sim.log | sort | uniq -c | sed "s/^ *//"'
	expect "$(printf '1 Host\n3 parxnode')"
}

@test "--slurm outside an allocation, without srun, or with -S: one line, exit 255" {
	run --separate-stderr env -u SLURM_JOB_ID "$PARX" --slurm echo ::: a
	expect_status 255
	expect ""
	[ "$stderr" = "parx: --slurm: not inside a Slurm allocation (SLURM_JOB_ID is not set)" ]
	run --separate-stderr env SLURM_JOB_ID=1 PATH=/nonexistent "$PARX" --slurm echo ::: a
	expect_status 255
	[ "$stderr" = "parx: --slurm: srun: not found in PATH" ]
	run --separate-stderr env SLURM_JOB_ID=1 "$PARX" --slurm -S : echo ::: a
	expect_status 255
	[ "$stderr" = "parx: --slurm: cannot be combined with -S or --sshloginfile" ]
	run --separate-stderr env SLURM_JOB_ID=1 "$PARX" --slurm --trc {}.out echo ::: a
	expect_status 255
	[ "$stderr" = "parx: --slurm: --transfer, --transferfile, --return, --cleanup and --workdir are for -S hosts (a cluster shares its files)" ]
	run --separate-stderr env SLURM_JOB_ID=1 SLURM_JOB_NODELIST='n[1-' "$PARX" --slurm echo ::: a
	expect_status 255
	[ "$stderr" = "parx: --slurm: SLURM_JOB_NODELIST n[1-: bad host list: a '[' without its ']'" ]
}
