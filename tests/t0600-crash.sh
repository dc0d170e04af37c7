#!/usr/bin/env bash
# Crash safety: the indexer is killed with SIGKILL at random moments while
# it indexes a real collection.  After each kill the index must open, pass
# `indexer --check` (Xapian's consistency check and ours), hold exactly the
# documents of the batches committed (the first documents in walk order,
# as many as the last commit logged, at the revision logged), and the next
# run must start at once (no stale lock).  Each job is then finished by
# running again: every document once, none lost.  Also: SIGTERM and SIGINT
# stop cleanly after committing, with a message.
#
# Short by default (for make check); scripts/crash-test runs the long form:
#   DATELINE_CRASH_KILLS   kills to survive (default 8)
#   DATELINE_CRASH_SOURCE  a directory of text files to index (default: the
#                          bundled corpus copied 20 times); its walk order
#                          must be the byte order of its paths
#   DATELINE_CRASH_BATCH   --batch (default 10)
. "$(dirname "$0")/test-lib.sh"

kills_wanted=${DATELINE_CRASH_KILLS:-8}
batch=${DATELINE_CRASH_BATCH:-10}
src=${DATELINE_CRASH_SOURCE:-}
if [ -z "$src" ]; then
	src=$T/src
	mkdir "$src"
	for i in $(seq -w 1 6); do cp -r "$CORPUS" "$src/c$i"; done
fi
src=$(cd "$src" && pwd)
idx=$T/crash.idx
(cd "$src" && find . -type f ! -name '.*' | sed 's|^\./||' | LC_ALL=C sort) >"$T/expected"
total=$(wc -l <"$T/expected")

# The ids in the index, in byte order.
index_ids() {
	xapian-delve -a -1 "$idx" 2>/dev/null | grep -a '^Q' | cut -c2- | LC_ALL=C sort
}

# "docs rev" of the index as --check reports them; fails if the check fails.
check_state() {
	local out
	out=$("$INDEXER" --check "$idx") || { echo "$out" >&2; return 1; }
	sed -n "s/^index '.*': \([0-9]*\) documents, [0-9]* file records, revision \([0-9]*\)$/\1 \2/p" <<<"$out"
}

# Calibration: one full run, timed, gives the range of kill moments and the
# documents a finished job holds: one per file, but for files with nothing
# to index (skipped, and counted so).
t0=$(date +%s%N)
"$INDEXER" -q --batch="$batch" "$idx" "$src" >"$T/full.out"
full_ms=$((($(date +%s%N) - t0) / 1000000))
[ "$full_ms" -gt 0 ] || full_ms=1
skipped=$(sed -n 's/.* files (0 unchanged, 0 failed, \([0-9]*\) skipped).*/\1/p' "$T/full.out")
index_ids >"$T/ids"
comm -13 "$T/expected" "$T/ids" >"$T/strays"
is "$(wc -l <"$T/ids") $(wc -l <"$T/strays")" "$((total - ${skipped:-0})) 0" "a full run indexes the $total files but the ${skipped:-?} skipped (${full_ms} ms)"
mv "$T/ids" "$T/expected"
total=$(wc -l <"$T/expected")
rm -rf "$idx"

kills=0 survived=0 jobs=0 failures=0 runs=0
prev_docs=0 prev_rev=0
fail() {
	failures=$((failures + 1))
	echo "# kill $kills: $*"
}
while [ "$kills" -lt "$kills_wanted" ]; do
	runs=$((runs + 1))
	log=$T/log.$runs
	kill_at_random $((full_ms + full_ms / 10)) \
		"$INDEXER" -q --batch="$batch" --log="$log" "$idx" "$src" >/dev/null 2>"$T/err.$runs"
	if grep -q 'locked' "$T/err.$runs"; then
		fail "the index was still locked after the previous kill: $(cat "$T/err.$runs")"
	fi
	if [ "$rc" -eq 0 ]; then
		# The job is done: every document exactly once.
		[ "$(index_ids)" == "$(cat "$T/expected")" ] || fail "a finished job does not hold every file exactly once"
		state=$(check_state) || fail "--check fails after a finished job"
		[ "${state%% *}" = "$total" ] || fail "a finished job holds ${state%% *} documents, not $total"
		jobs=$((jobs + 1))
		rm -rf "$idx"
		prev_docs=0 prev_rev=0
		continue
	fi
	if [ "$rc" -ne 137 ]; then
		fail "the indexer exited $rc instead of being killed: $(cat "$T/err.$runs")"
		continue
	fi
	kills=$((kills + 1))
	bad=$failures
	# What the log says was committed.  A kill between a "commit" line and
	# its "committed" line may fall before or after the commit.
	want="$prev_docs $prev_rev" alt=
	if [ -s "$log" ]; then
		last_done=$(grep -E '^(start|committed) ' "$log" | tail -1)
		d=$(sed -n 's/.*docs=\([0-9]*\).*/\1/p' <<<"$last_done")
		r=$(sed -n 's/.*rev=\([0-9]*\).*/\1/p' <<<"$last_done")
		want="$d $r"
		last=$(tail -1 "$log")
		case $last in
		"commit "*) alt="$(sed -n 's/.*docs=\([0-9]*\).*/\1/p' <<<"$last") $((r + 1))" ;;
		esac
	fi
	if [ ! -d "$idx" ] || [ ! -e "$idx/iamglass" ]; then
		# Killed before the index was created.
		[ "$want" = "0 0" ] || fail "the index vanished"
		continue
	fi
	if ! state=$(check_state 2>"$T/check.err"); then
		fail "the index fails --check: $(cat "$T/check.err")"
	elif [ -z "$state" ]; then
		fail "--check printed no state"
	elif [ "$state" != "$want" ] && [ "$state" != "$alt" ]; then
		# A new index committed its first metadata before the log started.
		if ! { [ "$want" = "0 0" ] && [ "${state%% *}" = 0 ]; }; then
			fail "the index holds docs/revision '$state', the log says '$want'${alt:+ or '$alt'}"
		fi
	fi
	ndocs=${state%% *}
	if [ -n "$state" ] && [ "$(index_ids)" != "$(head -n "$ndocs" "$T/expected")" ]; then
		fail "the $ndocs documents are not the first $ndocs files: a batch is torn or duplicated"
	fi
	prev_docs=${state%% *} prev_rev=${state##* }
	[ "$failures" -eq "$bad" ] && survived=$((survived + 1))
done
# Finish the last job.
run "$INDEXER" -q --batch="$batch" "$idx" "$src"
is "$rc" 0 "after the last kill, running again finishes the job"
is "$(index_ids)" "$(cat "$T/expected")" "every file is indexed exactly once"
run "$INDEXER" --check "$idx"
is "$rc" 0 "the finished index passes --check"
echo "# survived $survived of $kills kills ($jobs jobs finished between kills, $runs runs)"
is "$survived" "$kills" "survived $survived of $kills kills"
is "$failures" 0 "no failure"

# SIGTERM and SIGINT: a clean stop after committing, with a message.
for sig in TERM INT; do
	rm -rf "$idx"
	"$INDEXER" -v --batch=20 "$idx" "$src" >"$T/out" 2>"$T/err" &
	pid=$!
	for _ in $(seq 200); do grep -q "reading" "$T/err" 2>/dev/null && break; sleep 0.02; done
	sleep 0.2
	kill -s "$sig" "$pid"
	wait "$pid"
	rc=$?
	want_rc=$((128 + $(kill -l "$sig")))
	is "$rc" "$want_rc" "SIG$sig: exit $want_rc"
	like "$(cat "$T/err")" "indexer: stopped by SIG$sig: the documents read so far are committed; run the same command again to finish" "SIG$sig: the message says what was done"
	state=$(check_state)
	ok $? "SIG$sig: the index passes --check"
	n=${state%% *}
	added=$(sed -n 's/^\([0-9]*\) added.*/\1/p' "$T/out")
	is "$n" "$added" "SIG$sig: the $added documents read are committed"
	[ "$n" -gt 0 ] && [ "$n" -lt "$total" ]
	ok $? "SIG$sig: the run stopped part way ($n of $total)"
	is "$(index_ids)" "$(head -n "$n" "$T/expected")" "SIG$sig: they are the first files, whole"
done
# A stopped run removes nothing it did not see: a file removed before the
# run stays indexed when the run is stopped early.
gone=$(tail -1 "$T/expected")
run "$INDEXER" -q "$idx" "$src"
is "$rc $err" "0 " "a run finishes the job"
mv "$src/$gone" "$T/moved-away"
"$INDEXER" -v --force --batch=5 "$idx" "$src" >/dev/null 2>"$T/err" &
pid=$!
for _ in $(seq 200); do grep -q "reading" "$T/err" 2>/dev/null && break; sleep 0.02; done
kill -s TERM "$pid"
wait "$pid"
is "$("$QUERY" --count "$idx" "id:$gone")" 1 "a stopped run does not remove the documents of files it did not see"
mv "$T/moved-away" "$src/$gone"

done_testing
