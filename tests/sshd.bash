# sshd.bash: two throw-away OpenSSH servers on 127.0.0.1 for ssh.bats.
#
# sshd_start DIR: generate a client key, host keys and an authorized_keys
# in DIR, start two sshd on free high ports, and write DIR/ssh_config with
# the aliases host1 and host2 (and down: a port nothing listens on).
# The sessions' $HOME is DIR/home.  Sets SSHD_PORTS.  sshd_stop DIR stops
# them.

sshd_free_port() {
	local port
	for _ in $(seq 50); do
		port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
		# nothing listening there
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return 0
		fi
	done
	return 1
}

sshd_start() {
	local dir=$1 n port
	mkdir -p "$dir" /run/sshd
	chmod 700 "$dir"
	ssh-keygen -q -t ed25519 -N '' -f "$dir/host_key" </dev/null >/dev/null || return 1
	ssh-keygen -q -t ed25519 -N '' -f "$dir/id" </dev/null >/dev/null || return 1
	# sessions see $dir/home as $HOME: no login scripts of the real
	# user run, and ~/.parx/tmp stays in the test's directory
	mkdir -p "$dir/home"
	printf 'environment="HOME=%s/home" %s\n' "$dir" "$(cat "$dir/id.pub")" \
		>"$dir/authorized_keys"
	: >"$dir/known_hosts"
	SSHD_PORTS=()
	for n in 1 2; do
		for _ in 1 2 3 4 5; do
			port=$(sshd_free_port) || return 1
			cat >"$dir/sshd_config.$n" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $dir/host_key
PidFile $dir/sshd.$n.pid
AuthorizedKeysFile $dir/authorized_keys
StrictModes no
UsePAM no
PermitRootLogin yes
PermitUserEnvironment yes
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
MaxStartups 200
LogLevel ERROR
EOF
			if /usr/sbin/sshd -f "$dir/sshd_config.$n" -E "$dir/sshd.$n.log"; then
				SSHD_PORTS+=("$port")
				break
			fi
		done
		[ "${#SSHD_PORTS[@]}" = "$n" ] || return 1
	done
	port=$(sshd_free_port) || return 1
	cat >"$dir/ssh_config" <<EOF
Host host1
	Port ${SSHD_PORTS[0]}
Host host2
	Port ${SSHD_PORTS[1]}
Host down
	Port $port
Host *
	HostName 127.0.0.1
	User $(id -un)
	IdentityFile $dir/id
	IdentitiesOnly yes
	UserKnownHostsFile $dir/known_hosts
	StrictHostKeyChecking no
	BatchMode yes
	LogLevel ERROR
	ConnectTimeout 10
EOF
	# wait until both answer
	for _ in $(seq 100); do
		ssh -F "$dir/ssh_config" host1 true 2>/dev/null &&
			ssh -F "$dir/ssh_config" host2 true 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

sshd_stop() {
	local dir=$1 n pid
	for n in 1 2; do
		[ -f "$dir/sshd.$n.pid" ] || continue
		pid=$(cat "$dir/sshd.$n.pid")
		kill "$pid" 2>/dev/null || true
	done
	rm -rf "$dir"
}
