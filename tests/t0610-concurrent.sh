#!/usr/bin/env bash
# Concurrency: queries run in parallel loops while the indexer writes many
# small batches; every query must succeed with a consistent answer (the
# count never goes down during a run that only adds, JSON output always
# parses).  A second indexer waits with --wait, or gives up after
# --wait=SECONDS, with a message.
#
#   DATELINE_CONCURRENT_COPIES  copies of the corpus to index (default 8;
#                               scripts/concurrency-test sets more)
#   DATELINE_CONCURRENT_READERS readers in parallel (default 3)
. "$(dirname "$0")/test-lib.sh"

copies=${DATELINE_CONCURRENT_COPIES:-8}
readers=${DATELINE_CONCURRENT_READERS:-3}
mkdir "$T/src"
for i in $(seq -w 1 "$copies"); do cp -r "$CORPUS" "$T/src/c$i"; done
total=$(find "$T/src" -type f | wc -l)
idx=$T/idx
"$INDEXER" -q "$idx" "$CORPUS/2009-2014/2012-11-16-warsaw-hate-crime-report.txt" >/dev/null

# Each reader loops until the writer is done, and writes one line per query:
# "count N rc E" or "json rc E lines L bad B", plus anything on stderr.
reader() {
	local r=$1 last=-1 n
	while [ ! -e "$T/writer-done" ]; do
		n=$("$QUERY" --count "$idx" 'date:1900..2100' 2>>"$T/stderr.$r")
		echo "count ${n:-none} rc $? last $last"
		[ -n "$n" ] && last=$n
		"$QUERY" --format=json -n 20 "$idx" 'hate OR violence OR elections' >"$T/json.$r" 2>>"$T/stderr.$r"
		local rc=$? lines bad
		lines=$(wc -l <"$T/json.$r")
		bad=$(jq -c . <"$T/json.$r" 2>&1 >/dev/null | wc -l)
		echo "json rc $rc lines $lines bad $bad"
	done >"$T/reader.$r"
}
for r in $(seq "$readers"); do
	: >"$T/stderr.$r"
	reader "$r" &
done
t0=$(date +%s%N)
run "$INDEXER" -q --batch=5 "$idx" "$T/src"
ms=$((($(date +%s%N) - t0) / 1000000))
touch "$T/writer-done"
wait
is "$rc" 0 "the writer finishes ($total files in $ms ms)"

queries=0 errors=0
for r in $(seq "$readers"); do
	q=$(wc -l <"$T/reader.$r")
	queries=$((queries + q))
	# An error: a failed query (exit 2), a count that went down or is
	# missing, JSON that does not parse or is empty, anything on stderr.
	e=$(awk '
		$1 == "count" && ($4 != 0 || $2 == "none" || ($6 >= 0 && $2 + 0 < $6 + 0)) { bad++ }
		$1 == "json" && ($3 != 0 || $5 == 0 || $7 != 0) { bad++ }
		END { print bad + 0 }' "$T/reader.$r")
	s=$(wc -l <"$T/stderr.$r")
	errors=$((errors + e + s))
	[ "$e" -eq 0 ] && [ "$s" -eq 0 ] || { echo "# reader $r:"; grep -v ' rc 0 ' "$T/reader.$r" | head -5; head -5 "$T/stderr.$r"; }
done
echo "# $queries queries by $readers readers during the write, $errors errors"
[ "$queries" -ge $((readers * 4)) ]
ok $? "the readers ran during the write ($queries queries)"
is "$errors" 0 "no query failed or gave an inconsistent answer"
last=$(awk '$1 == "count" { n = $2 } END { print n }' "$T/reader.1")
[ "$last" -le $((total + 1)) ]
ok $? "the counts stay within the collection ($last)"
is "$("$QUERY" --count "$idx" 'date:1900..2100')" $((total + 1)) "after the write, every document is there"

# --wait: the first indexer holds the lock while it waits for standard input.
mkfifo "$T/fifo"
"$INDEXER" -q "$idx" - <"$T/fifo" >/dev/null 2>&1 &
holder=$!
exec 3>"$T/fifo"
wait_locked "$idx"
t0=$(date +%s%N)
run "$INDEXER" -q --wait=1 "$idx" "$CORPUS/2009-2014"
ms=$((($(date +%s%N) - t0) / 1000000))
is "$rc" 2 "--wait=1 on a held lock: exit 2"
is "$err" "indexer: index '$idx' is locked: another indexer is writing it (waited 1 s)" "--wait=1: the message says so"
[ "$ms" -ge 900 ] && [ "$ms" -lt 5000 ]
ok $? "--wait=1 waited about a second ($ms ms)"
"$INDEXER" --wait "$idx" "$CORPUS/2009-2014" >"$T/waiter.out" 2>"$T/waiter.err" 3>&- &
waiter=$!
sleep 0.5
kill -0 "$waiter" 2>/dev/null
ok $? "--wait: the second indexer waits while the lock is held"
like "$(cat "$T/waiter.err")" "indexer: index '$idx' is locked by another indexer: waiting" "and says it is waiting"
printf 'From standard input\nVIENNA, 5 March 2021 - A document read while another indexer waits.\n' >&3
exec 3>&-
wait "$holder"
wait "$waiter"
is "$?" 0 "--wait: it runs once the lock is released"
like "$(cat "$T/waiter.out")" "^$(( $(ls "$CORPUS/2009-2014" | wc -l) - 1 )) added, 0 replaced, 1 unchanged" "and indexes"

done_testing
