#!/usr/bin/env bash
# Read replicas: scripts/replica serves a directory of master indexes with
# xapian-replicate-server on 127.0.0.1; a replica made by 'replica sync'
# answers as the master; after the master commits more documents, it
# catches up, by the commit's changes alone (XAPIAN_MAX_CHANGESETS), once
# with sync and again in the background with follow.  stop leaves no
# process.
. "$(dirname "$0")/test-lib.sh"
REPLICA=$top/scripts/replica
. "$top/scripts/daemon-lib.sh"
if ! command -v xapian-replicate-server >/dev/null || ! command -v ss >/dev/null; then
	skip "xapian-replicate-server (xapian-tools) or ss (iproute2) is not installed"
	done_testing
fi
shard_corpus
RUN=$T/run
at_exit '"$REPLICA" stop --run "$RUN" >/dev/null 2>&1'
export XAPIAN_MAX_CHANGESETS=10
count() {
	"$QUERY" --count "$1" 'date:1900..2100'
}
n0=$(count "$T/s0") n1=$(count "$T/s1") n2=$(count "$T/s2")

# The master: the first shard's files, in a directory of masters.
mkdir "$T/masters"
"$INDEXER" -q "$T/masters/releases.idx" "$T/src0" >/dev/null
for _ in 1 2 3 4 5; do
	port=$(free_ports 1) || break
	run "$REPLICA" serve --port "$port" --run "$RUN" "$T/masters"
	[ "$rc" -eq 0 ] && break
done
is "$rc" 0 "replica serve: the server starts (port $port)"
is "$out" "serving the indexes under $T/masters on 127.0.0.1:$port (pid $(awk '{ print $1 }' "$RUN/processes"))" \
	"and says where"
is "$(ss -Hltn "sport = :$port" | awk '{ print $4 }')" "127.0.0.1:$port" "bound to 127.0.0.1 only"
server=$(awk '{ print $1 }' "$RUN/processes")
is "$(ps -o pgid= -p "$server" | tr -d ' ')" "$server" "in a process group of its own"

# The first sync copies the whole index.
R=$T/replicas/releases.idx
mkdir "$T/replicas"
run "$REPLICA" sync --from "127.0.0.1:$port" --reader-time 0 "$R"
is "$rc" 0 "replica sync: exit 0"
like "$out" "Update complete: 1 copies, 0 changesets" "the first sync copies the index"
is "$(count "$R")" "$n0" "the replica holds the master's $n0 documents"
ranking "$T/master" "$T/masters/releases.idx" 'women OR violence'
ranking "$T/copy" "$R" 'women OR violence'
same_ranking "$T/master" "$T/copy"
ok $? "a query on the replica: the master's ranking"

# The master commits more; the replica has not caught up until it syncs.
mkdir "$T/new"
printf 'Quokka census on Rottnest Island\nPERTH, 3 March 2026 - Volunteers counted the quokkas of the island.\n' \
	>"$T/new/2026-03-03-perth-quokka-census.txt"
"$INDEXER" -q "$T/masters/releases.idx" "$T/src1" >/dev/null
"$INDEXER" -q "$T/masters/releases.idx" "$T/new" >/dev/null
is "$(count "$T/masters/releases.idx")" $((n0 + n1 + 1)) "the master has committed $((n1 + 1)) more documents"
is "$(count "$R")" "$n0" "the replica has not yet"
run "$QUERY" --format=ids "$R" quokka
is "$rc" 1 "the new document is not found on it"
run "$REPLICA" sync --from "127.0.0.1:$port" --master releases.idx --reader-time 0 "$R"
is "$rc" 0 "sync again: exit 0"
like "$out" "Update complete: 0 copies, 2 changesets" "it fetches the two commits' changes, not a copy"
is "$(count "$R")" $((n0 + n1 + 1)) "the replica has caught up"
run "$QUERY" --format=ids "$R" quokka
is "$out" "2026-03-03-perth-quokka-census.txt" "a query on the replica finds the new document"

# The replica served to query by xapian-tcpsrv, as a shard of a search
# across machines would be.
SERVERS=$top/scripts/shard-servers
at_exit '"$SERVERS" stop --run "$T/shards" >/dev/null 2>&1'
for _ in 1 2 3 4 5; do
	sport=$(free_ports 1) || break
	run "$SERVERS" start --port "$sport" --run "$T/shards" "$R"
	[ "$rc" -eq 0 ] && break
done
is "$out" "serving $R on 127.0.0.1:$sport (pid $(awk '{ print $1 }' "$T/shards/servers"))" \
	"shard-servers serves the replica as itself (its stub names the current copy)"
is "$("$QUERY" --count --remote "127.0.0.1:$sport" 'date:1900..2100')" $((n0 + n1 + 1)) \
	"query --remote reaches the replica"

# follow: in the background, every second.
run "$REPLICA" follow --from "127.0.0.1:$port" --interval 1 --reader-time 0 --run "$RUN" "$R"
is "$rc" 0 "replica follow: exit 0"
follower=$(awk '$2 == "follow" { print $1 }' "$RUN/processes")
"$INDEXER" -q "$T/masters/releases.idx" "$T/src2" >/dev/null
want=$((n0 + n1 + n2 + 1))
for _ in $(seq 100); do
	[ "$(count "$R")" = "$want" ] && break
	sleep 0.1
done
is "$(count "$R")" "$want" "the follower brings the replica up to the master's $want documents"
ranking "$T/master" "$T/masters/releases.idx" 'water OR elections'
ranking "$T/copy" "$R" 'water OR elections'
same_ranking "$T/master" "$T/copy"
ok $? "and a query ranks there as on the master"
is "$("$QUERY" --count --remote "127.0.0.1:$sport" 'date:1900..2100')" "$want" \
	"and the served replica answers with the new commit"
"$SERVERS" stop --run "$T/shards" >/dev/null
run "$REPLICA" status --run "$RUN"
is "$rc" 0 "status: exit 0 while both run"
is "$(sed 's/ (pid [0-9]*)$//' <<<"$out")" "server 127.0.0.1:$port $T/masters: running
follow $R from 127.0.0.1:$port releases.idx: running" "status: a line each"

run "$REPLICA" stop --run "$RUN"
is "$rc" 0 "stop: exit 0"
is "$(wc -l <<<"$out")" 2 "stop: a line each"
left=$(ps -e -o pgid=,stat= | awk -v pids=" $server $follower " 'index(pids, " " $1 " ") && $2 !~ /^Z/' | wc -l)
is "$left" 0 "no process is left in their groups"
run "$REPLICA" status --run "$RUN"
is "$rc" 1 "status after stop: exit 1"
is "$err" "replica: nothing was started with '$RUN'" "and says so"

# Errors.
run "$REPLICA" sync --from "127.0.0.1:$port" --reader-time 0 "$T/replicas/other.idx"
is "$rc" 1 "sync from a server that is gone: exit 1"
like "$out" "xapian-replicate: NetworkError: Couldn't connect" "Xapian's message"
is "$err" "replica: cannot update '$T/replicas/other.idx' from 'other.idx' at 127.0.0.1:$port" "and ours"
"$REPLICA" serve --port "$port" --run "$RUN" "$T/masters" >/dev/null
run "$REPLICA" sync --from "127.0.0.1:$port" --reader-time 0 "$T/replicas/nosuch.idx"
is "$rc" 1 "sync of a master that does not exist: exit 1"
like "$out" "Can't open database" "says so"
run "$REPLICA" serve --port "$port" --run "$T/run2" "$T/masters"
is "$rc" 1 "serve on a port in use: exit 1"
like "$err" "^replica: cannot serve '$T/masters' on 127.0.0.1:$port: " "and says so"
run "$REPLICA" serve --port "$port" --run "$RUN" "$T/masters"
is "$rc" 1 "serve again with the same run directory: exit 1"
run "$REPLICA" serve --run "$T/run2" "$T/nope"
is "$rc" 2 "serve a missing directory: exit 2"
is "$err" "replica: '$T/nope' is not a directory (the indexes to serve go in it)" "and says so"
run "$REPLICA" sync --from localhost "$R"
is "$rc" 2 "--from without a port: exit 2"
is "$err" "replica: --from needs HOST:PORT, not 'localhost'" "and says so"
run "$REPLICA" follow --from "127.0.0.1:$port" --interval 0 "$R"
is "$rc" 2 "follow --interval 0: exit 2"
run "$REPLICA" stop --run "$T/none"
is "$rc" 0 "stop with nothing started: exit 0"
is "$err" "replica: nothing was started with '$T/none'" "and says so"
"$REPLICA" stop --run "$RUN" >/dev/null

done_testing
