# daemon-lib.sh - starting and stopping Xapian's servers in the background,
# sourced by scripts/shard-servers and scripts/replica (bash).
#
# Each server runs in a session and process group of its own (setsid):
# xapian-tcpsrv, when it stops, signals its whole process group (its
# children serve the connections), and that group must not be the one of
# the shell or test that started it.  So a server is stopped through its
# group, which reaches the connections it serves too.

# Starts "$@" in its own session, with its output in the file $1; sets
# DAEMON_PID.  A shell without job control leaves its background jobs in
# its own process group, so setsid makes the new session in place, without
# forking, and $! is the server itself.
daemon_start() {
	local log=$1
	shift
	setsid "$@" </dev/null >"$log" 2>&1 &
	DAEMON_PID=$!
}

# Whether process $1 runs (a zombie has ended: its parent has not reaped it yet).
daemon_alive() {
	local stat
	stat=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
	[ -n "$stat" ] && [ "${stat#Z}" = "$stat" ]
}

# Whether process $1 is the program $2 leading its own process group: a
# pid file may outlive its process, and the number be reused.  (The
# kernel keeps 15 bytes of a program's name: xapian-replicat.)
daemon_is() {
	local pid=$1 name=${2:0:15} comm pgid
	comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
	pgid=$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')
	[ "$comm" = "$name" ] && [ "$pgid" = "$pid" ] && daemon_alive "$pid"
}

# Waits (up to $3 seconds, default 10) until process $1 listens on TCP port $2.
# Fails at once if the process ends (a port in use, a bad database).
daemon_wait_listening() {
	local pid=$1 port=$2 tries=$((${3:-10} * 20))
	while [ "$tries" -gt 0 ]; do
		daemon_alive "$pid" || return 1
		ss -Hltnp "sport = :$port" 2>/dev/null | grep -q "pid=$pid," && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	return 1
}

# Stops process group $1 if its leader is the program $2: SIGTERM, then
# SIGKILL after 5 seconds.  Returns 1 if it was not running.
daemon_stop() {
	local pid=$1 name=$2 tries=100
	daemon_is "$pid" "$name" || return 1
	kill -TERM -- "-$pid" 2>/dev/null
	while [ "$tries" -gt 0 ] && daemon_alive "$pid"; do
		sleep 0.05
		tries=$((tries - 1))
	done
	daemon_alive "$pid" && kill -KILL -- "-$pid" 2>/dev/null
	return 0
}
