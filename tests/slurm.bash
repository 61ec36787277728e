# slurm.bash: a throw-away one-node Slurm cluster on this machine for
# slurm.bats: munged, slurmctld and slurmd (Debian's slurm-wlm and munge),
# all under one directory, the node "parxnode" with 2 CPUs at 127.0.0.1.
#
# slurm_start DIR: write DIR/slurm.conf and a munge key, start the three
# daemons, wait until the node is idle, export SLURM_CONF.  slurm_stop DIR
# stops them by the pids they wrote and removes DIR.

slurm_free_port() {
	local port
	for _ in $(seq 50); do
		port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null &&
			! (exec 3<>"/dev/tcp/127.0.0.1/$((port + 1))") 2>/dev/null; then
			echo "$port"
			return 0
		fi
	done
	return 1
}

slurm_conf() {
	local dir=$1 port=$2
	cat <<EOF
ClusterName=parxtest
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=$(id -un)
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
PlugStackConfig=$dir/plugstack.conf
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
KillWait=1
MinJobAge=2
MessageTimeout=5
SlurmctldTimeout=10
SlurmdTimeout=10
InactiveLimit=0
NodeName=parxnode NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=main Nodes=parxnode Default=YES MaxTime=INFINITE State=UP
EOF
}

slurm_start() {
	local dir=$1 port
	mkdir -p "$dir/munge" "$dir/state" "$dir/spool"
	chmod 700 "$dir/munge"
	: >"$dir/plugstack.conf"
	dd if=/dev/urandom of="$dir/munge/key" bs=1024 count=1 2>/dev/null || return 1
	chmod 600 "$dir/munge/key"
	# -f: the socket's directory is not world-executable
	/usr/sbin/munged -f --key-file="$dir/munge/key" --socket="$dir/munge/socket" \
		--pid-file="$dir/munge/pid" --log-file="$dir/munge/log" \
		--seed-file="$dir/munge/seed" || return 1
	port=$(slurm_free_port) || return 1
	slurm_conf "$dir" "$port" >"$dir/slurm.conf"
	export SLURM_CONF="$dir/slurm.conf"
	/usr/sbin/slurmctld -i || return 1
	/usr/sbin/slurmd -N parxnode || return 1
	for _ in $(seq 100); do
		[ "$(sinfo -h -n parxnode -o %T 2>/dev/null)" = idle ] && return 0
		sleep 0.1
	done
	echo "slurm_start: the node did not come up; see $dir/*.log" >&2
	return 1
}

# slurm_kill PIDFILE: end the daemon whose pid PIDFILE holds, wait for it.
slurm_kill() {
	local pid
	[ -f "$1" ] || return 0
	pid=$(cat "$1")
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null || return 0
	for _ in $(seq 50); do
		# gone, or a zombie nobody reaps (no init in a container)
		case $(ps -o stat= -p "$pid" 2>/dev/null) in
		'' | Z*) return 0 ;;
		esac
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null || true
}

slurm_stop() {
	local dir=$1
	slurm_kill "$dir/slurmd.pid"
	slurm_kill "$dir/slurmctld.pid"
	slurm_kill "$dir/munge/pid"
	rm -rf "$dir"
}
