#!/usr/bin/env bash
# Remote shards: scripts/shard-servers serves three shards with
# xapian-tcpsrv on 127.0.0.1; query reaches them through the stub the
# script writes, or --remote, and answers as over the local shards.  A
# server that is down, stopped, or killed between two queries of a batch
# is named, and the query fails, or with --partial answers from the rest
# and says so.  stop leaves no process behind.
. "$(dirname "$0")/test-lib.sh"
SERVERS=$top/scripts/shard-servers
. "$top/scripts/daemon-lib.sh"
if ! command -v xapian-tcpsrv >/dev/null || ! command -v ss >/dev/null; then
	skip "xapian-tcpsrv (xapian-tools) or ss (iproute2) is not installed"
	done_testing
fi
shard_corpus
RUN=$T/run
at_exit '"$SERVERS" stop --run "$RUN" >/dev/null 2>&1'

# Three servers on free ports; another program may take a port between the
# look and the start: then try other ports.
for _ in 1 2 3 4 5; do
	base=$(free_ports 3) || break
	run "$SERVERS" start --port "$base" --run "$RUN" "$T/s0" "$T/s1" "$T/s2"
	[ "$rc" -eq 0 ] && break
done
is "$rc" 0 "shard-servers start: three servers (ports $base to $((base + 2)))"
P0=127.0.0.1:$base P1=127.0.0.1:$((base + 1)) P2=127.0.0.1:$((base + 2))
is "$out" "serving $T/s0 on $P0 (pid $(awk 'NR == 1 { print $1 }' "$RUN/servers"))
serving $T/s1 on $P1 (pid $(awk 'NR == 2 { print $1 }' "$RUN/servers"))
serving $T/s2 on $P2 (pid $(awk 'NR == 3 { print $1 }' "$RUN/servers"))" "start says which shard each serves"
is "$(grep -v '^#' "$RUN/XAPIANDB")" "remote $P0
remote $P1
remote $P2" "the run directory's stub lists them"
pids=$(awk '{ print $1 }' "$RUN/servers")
is "$(ss -Hltn "sport = :$base" | awk '{ print $4 }')" "$P0" "bound to 127.0.0.1 only"
mine=$(ps -o pgid= -p $$ | tr -d ' ')
groups=$(for p in $pids; do ps -o pgid= -p "$p" | tr -d ' '; done | tr '\n' ' ')
is "$groups" "$(echo $pids) " "each server leads a process group of its own"
[[ " $groups" != *" $mine "* ]]
ok $? "not the test's"
run "$SERVERS" status --run "$RUN"
is "$rc" 0 "status: exit 0 while all run"
is "$(cut -d' ' -f1,2 <<<"$out")" "$P0 running
$P1 running
$P2 running" "status: a line per server"

# The same answers as the local shards, through the stub, --remote, or a mix.
LOCAL=(-i "$T/s0" -i "$T/s1" -i "$T/s2")
REMOTE=(--remote "$P0" --remote "$P1" --remote "$P2")
for q in trafficking '"domestic violence"' 'org:osce date:2015..2020' 'place:almaty'; do
	ranking "$T/local" "${LOCAL[@]}" "$q"
	ranking "$T/stub" "$RUN" "$q"
	same_ranking "$T/local" "$T/stub"
	ok $? "query RUN '$q': the ranking of the local shards ($(wc -l <"$T/local") results)"
done
# Russian with BM25 (t0800 says why).
ranking "$T/local" --model=bm25 "${LOCAL[@]}" 'женщины'
ranking "$T/stub" --model=bm25 "$RUN" 'женщины'
same_ranking "$T/local" "$T/stub"
ok $? "query --model=bm25 RUN 'женщины': the ranking of the local shards"
ranking "$T/local" "${LOCAL[@]}" 'water co-operation'
ranking "$T/remote" "${REMOTE[@]}" 'water co-operation'
same_ranking "$T/local" "$T/remote"
ok $? "--remote three times: the same ranking"
ranking "$T/mixed" -i "$T/s0" --remote "$P1" -i "$T/s2" 'water co-operation'
same_ranking "$T/local" "$T/mixed"
ok $? "local and remote shards mixed: the same ranking"
for f in org place year lang; do
	is "$("$QUERY" --format=json -n 0 --facet=$f --facet-limit=0 "$RUN" 'violence OR women' | jq -c .)" \
		"$("$QUERY" --format=json -n 0 --facet=$f --facet-limit=0 "${LOCAL[@]}" 'violence OR women' | jq -c .)" \
		"--facet=$f over remote shards: the local counts"
done
is "$("$QUERY" --format=json -n 0 --facet=org --facet-limit=3 "$RUN" violence | jq -c .)" \
	"$("$QUERY" --format=json -n 0 --facet=org --facet-limit=3 "${LOCAL[@]}" violence | jq -c .)" \
	"--facet-limit over remote shards: the same first values"
printf 'q1\tviolence\nq2\ttrafficking\n' >"$T/queries"
"$QUERY" --format=trec -n 20 "${LOCAL[@]}" - <"$T/queries" | awk '{ print $1 "|" $3 "\t" $5 }' >"$T/b1"
"$QUERY" --format=trec -n 20 "$RUN" - <"$T/queries" | awk '{ print $1 "|" $3 "\t" $5 }' >"$T/b3"
same_ranking "$T/b1" "$T/b3"
ok $? "batch mode over remote shards: the local rankings"
like_id=2015-2020/2017-07-30-pristina-human-trafficking-day.txt
ranking "$T/local" --like=$like_id "${LOCAL[@]}"
ranking "$T/remote" --like=$like_id "$RUN"
same_ranking "$T/local" "$T/remote"
ok $? "--like over remote shards"
is "$("$QUERY" --format=json -n 2 --explain "$RUN" trafficking | jq -c .explain)" \
	"$("$QUERY" --format=json -n 2 --explain "${LOCAL[@]}" trafficking | jq -c .explain)" \
	"--explain over remote shards"

# A server killed between two queries of a batch: the second fails and
# names it (Xapian's message does), the run stops.  --timing marks on
# stderr, unbuffered, when the first query is done.
pid1=$(awk 'NR == 2 { print $1 }' "$RUN/servers")
batch_kill() { # batch_kill OUT ERR QUERY-ARGS...: q1, kill server 1, q2
	local o=$1 e=$2
	shift 2
	mkfifo "$T/fifo"
	"$QUERY" --timing "$@" "$RUN" - <"$T/fifo" >"$o" 2>"$e" &
	local q=$!
	exec 3>"$T/fifo"
	printf 'q1\tviolence\n' >&3
	for _ in $(seq 200); do grep -q "^timing	q1	" "$e" && break; sleep 0.05; done
	kill -TERM -- "-$pid1"
	while daemon_alive "$pid1"; do sleep 0.05; done
	printf 'q2\ttrafficking\n' >&3
	exec 3>&-
	wait "$q"
	rc=$?
	rm -f "$T/fifo"
}

batch_kill "$T/out" "$T/err" --format=ids -n 3
is "$rc" 2 "a server killed during a batch: exit 2"
is "$(cut -f1 "$T/out" | sort -u)" "q1" "the first query answered, the second not"
like "$(cat "$T/err")" "line 2: an index failed during the search: .*remote:tcp\\($P1\\)" \
	"the failure names the server"
like "$(cat "$T/err")" "cannot open index '$P1': network error: .*Connection refused" \
	"reopening it fails and names it"
like "$(cat "$T/err")" "stopped at line 2: the indexes cannot be searched" "the run stops"
run "$SERVERS" status --run "$RUN"
is "$rc" 1 "status: exit 1 when a server is down"
like "$out" "$P1 not running" "and says which"

# Down from the start: named, exit 2.
run "$QUERY" "$RUN" trafficking
is "$rc" 2 "a server down: exit 2"
like "$err" "^query: cannot open index '$P1': network error: NetworkError: Couldn't connect.*Connection refused" \
	"the message names it"
is "$out" "" "no results"
run "$QUERY" --remote "$P0" --remote "$P1" trafficking
is "$rc" 2 "--remote to a server that is down: exit 2"
# --partial: the others answer, and the output says so.
ranking "$T/two" -i "$T/s0" -i "$T/s2" trafficking
"$QUERY" --partial --format=tsv --fields=id,score -n 100 "$RUN" trafficking 2>"$T/err" | tail -n +2 >"$T/rp"
same_ranking "$T/two" "$T/rp"
ok $? "--partial: the ranking of the two servers left"
like "$(cat "$T/err")" "cannot open index '$P1'.*
query: searching 2 of the 3 indexes \(--partial\)" "--partial: stderr names the server left out"
run "$QUERY" --partial -n 1 "$RUN" trafficking
is "$rc" 0 "--partial: exit 0"
is "$(head -1 <<<"$out")" "partial results: 1 of 3 indexes left out: $P1" "--partial text: a first line says so"
run "$QUERY" --partial --format=json --summary -n 1 "$RUN" trafficking
is "$(tail -1 <<<"$out" | jq -c '[.summary.partial, .summary.missing]')" "[true,[\"$P1\"]]" \
	"--partial json: the summary names it"

# Restarted, then killed during a --partial batch: the second query is
# answered by the two others, and says so.
"$SERVERS" stop --run "$RUN" >/dev/null
run "$SERVERS" start --port "$base" --run "$RUN" "$T/s0" "$T/s1" "$T/s2"
is "$rc" 0 "restarted on the same ports"
pid1=$(awk 'NR == 2 { print $1 }' "$RUN/servers")
batch_kill "$T/out" "$T/err" --partial --format=json --summary --fields=qid,id -n 100
is "$rc" 0 "--partial batch: exit 0"
is "$(jq -r 'select(.summary) | "\(.summary.qid) \(.summary.partial) \(.summary.missing)"' "$T/out" | tr '\n' ';')" \
	"q1 null null;q2 true [\"$P1\"];" "the second query's summary says which server it lacks"
jq -r 'select(.qid == "q2" and .id) | .id' "$T/out" >"$T/q2"
"$QUERY" --format=ids -n 100 -i "$T/s0" -i "$T/s2" trafficking >"$T/q2-local"
is "$(sort "$T/q2")" "$(sort "$T/q2-local")" "its results are those of the other two shards"
like "$(cat "$T/err")" "searching 2 of the 3 indexes \(--partial\)" "stderr says so"

# A server that does not answer (stopped): --timeout.
"$SERVERS" stop --run "$RUN" >/dev/null
"$SERVERS" start --port "$base" --run "$RUN" "$T/s0" "$T/s1" "$T/s2" >/dev/null
pid2=$(awk 'NR == 3 { print $1 }' "$RUN/servers")
kill -STOP "$pid2"
t0=$(date +%s%N)
run "$QUERY" --timeout=0.5 "$RUN" trafficking
ms=$((($(date +%s%N) - t0) / 1000000))
is "$rc" 2 "a server that does not answer: exit 2"
like "$err" "cannot open index '$P2': network error: NetworkTimeoutError" "after --timeout, named"
[ "$ms" -ge 400 ] && [ "$ms" -lt 5000 ]
ok $? "--timeout=0.5 waited about that ($ms ms)"
run "$QUERY" --partial --timeout=0.5 -n 1 "$RUN" trafficking
is "$(head -1 <<<"$out")" "partial results: 1 of 3 indexes left out: $P2" "--partial with a silent server"
kill -CONT "$pid2"

# stop: every server and the processes serving connections gone.
run "$SERVERS" stop --run "$RUN"
is "$rc" 0 "stop: exit 0"
is "$(wc -l <<<"$out")" 3 "stop: a line per server"
left=$(ps -e -o pgid=,stat= | awk -v pids=" $(echo $pids $(awk '{ print $1 }' "$RUN/servers" 2>/dev/null)) " \
	'index(pids, " " $1 " ") && $2 !~ /^Z/' | wc -l)
is "$left" 0 "no process is left in the servers' groups"
[ ! -e "$RUN/servers" ] && [ ! -e "$RUN/XAPIANDB" ]
ok $? "stop removes the list and the stub"
run "$QUERY" "$RUN" trafficking
is "$rc" 2 "the stopped servers' directory is no index: exit 2"
run "$SERVERS" status --run "$RUN"
is "$rc" 1 "status after stop: exit 1"
is "$err" "shard-servers: no servers were started with '$RUN'" "and says so"

# Errors of the script.
run "$SERVERS" start --port "$base" --run "$T/run2" "$T/nope"
is "$rc" 2 "start with a missing index: exit 2"
is "$err" "shard-servers: '$T/nope': no such index" "and names it"
printf 'remote 127.0.0.1:1\n' >"$T/remote.stub"
run "$SERVERS" start --port "$base" --run "$T/run2" "$T/remote.stub"
is "$rc" 2 "start with a stub of remote shards: exit 2"
like "$err" "line 1: only local databases can be served" "and says why"
run "$SERVERS" start --port "$base" --run "$T/run2" "$T/s0" "$T/s0"
is "$rc" 2 "a shard given twice: exit 2"
"$SERVERS" start --port "$base" --run "$RUN" "$T/s0" >/dev/null
run "$SERVERS" start --port "$base" --run "$T/run2" "$T/s1"
is "$rc" 1 "start on a port in use: exit 1"
is "$err" "shard-servers: cannot serve '$T/s1' on $P0: $P0 already in use" "and says so"
is "$(ps -e -o comm=,args= | grep -c "^xapian-tcpsrv .*$T/s1\$")" 0 "and leaves no server running"
run "$SERVERS" start --port "$base" --run "$RUN" "$T/s1"
is "$rc" 1 "start again with the same run directory: exit 1"
like "$err" "are running .*; stop them first" "and says so"
run "$SERVERS" start --port 70000 --run "$T/run2" "$T/s1"
is "$rc" 2 "a port out of range: exit 2"
run "$SERVERS" restart
is "$rc" 2 "an unknown command: exit 2"
run "$SERVERS" start --bind 127.0.0.1 "$T/s0"
is "$rc" 2 "an unknown option: exit 2"
like "$err" "shard-servers: unknown option '--bind'" "and says so"
run "$SERVERS" stop --run "$T/none"
is "$rc" 0 "stop with nothing started: exit 0"
is "$err" "shard-servers: no servers were started with '$T/none'" "and says so"
"$SERVERS" stop --run "$RUN" >/dev/null

done_testing
