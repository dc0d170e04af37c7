#!/usr/bin/env bash
# Crash safety of the two parallel builds: indexer --bulk and --shards are
# killed with SIGKILL at random moments.  --bulk writes its shards beside
# INDEX and renames the compacted index into place last, so a kill leaves
# no INDEX or a whole one, never a part.  --shards writes INDEX/XAPIANDB
# last, so a kill leaves a whole sharded index or an unfinished build that
# --check names and the same command builds again.  After each kill the
# same command is run again: every document once, --check passes, nothing
# of the killed run left beside the index.
#
#   DATELINE_BULK_KILLS   kills of each build (default 5)
. "$(dirname "$0")/test-lib.sh"

kills_wanted=${DATELINE_BULK_KILLS:-5}
src=$T/src
mkdir "$src"
for i in 1 2 3; do cp -r "$CORPUS" "$src/c$i"; done

# The ids an index holds, in byte order (a sharded one through its stub).
index_ids() {
	xapian-delve -a -1 "$1" 2>/dev/null | grep -a '^Q' | cut -c2- | LC_ALL=C sort
}


# finished MODE IDX WHAT: the index is whole: every id once, --check passes.
finished() {
	[ "$(index_ids "$2")" == "$(cat "$T/expected")" ] || { echo "# $1: $3: the ids differ"; return 1; }
	"$INDEXER" --check "$2" >"$T/check.out" 2>&1 || { echo "# $1: $3: --check fails"; sed 's/^/#   /' "$T/check.out"; return 1; }
}

for mode in --bulk --shards=2; do
	dir=$T/out${mode#--}
	mkdir -p "$dir"
	idx=$dir/idx
	build=("$INDEXER" -q --no-progress "$mode" "$idx" "$src")
	t0=$(date +%s%N)
	"${build[@]}" >/dev/null
	full_ms=$((($(date +%s%N) - t0) / 1000000))
	[ "$full_ms" -gt 0 ] || full_ms=1
	index_ids "$idx" >"$T/expected"
	is "$(wc -l <"$T/expected")" "$(find "$src" -type f | wc -l)" "$mode: a full run indexes every file (${full_ms} ms)"
	rm -rf "$idx"

	kills=0 runs=0 whole=0 part=0 bad=0
	while [ "$kills" -lt "$kills_wanted" ] && [ "$runs" -lt $((kills_wanted * 4)) ]; do
		runs=$((runs + 1))
		kill_at_random "$full_ms" "${build[@]}" >/dev/null 2>"$T/err"
		if [ "$rc" -eq 0 ]; then
			finished "$mode" "$idx" "a run that ended before its kill" || bad=$((bad + 1))
			rm -rf "$idx"
			continue
		fi
		if [ "$rc" -ne 137 ]; then
			echo "# $mode: exit $rc instead of a kill: $(cat "$T/err")"
			bad=$((bad + 1))
			continue
		fi
		kills=$((kills + 1))
		# What the kill left at INDEX.
		if [ "$mode" = --bulk ]; then
			if [ -e "$idx" ]; then
				# Killed after the rename: the index is whole.
				finished "$mode" "$idx" "kill $kills left an index" || bad=$((bad + 1))
				whole=$((whole + 1))
				rm -rf "$idx"
				continue
			fi
		elif [ -e "$idx/XAPIANDB" ]; then
			finished "$mode" "$idx" "kill $kills left a stub" || bad=$((bad + 1))
			whole=$((whole + 1))
			rm -rf "$idx"
			continue
		elif [ -d "$idx" ]; then
			part=$((part + 1))
			"$INDEXER" --check "$idx" >/dev/null 2>"$T/check.err"
			crc=$?
			if [ "$crc" -ne 2 ] || ! grep -q 'sharded build that did not finish' "$T/check.err"; then
				echo "# $mode: kill $kills: --check of the unfinished build exits $crc: $(cat "$T/check.err")"
				bad=$((bad + 1))
			fi
		fi
		# The same command again finishes the job.
		"${build[@]}" >/dev/null 2>"$T/err2"
		rc=$?
		if [ "$rc" -ne 0 ]; then
			echo "# $mode: kill $kills: running again exits $rc: $(cat "$T/err2")"
			bad=$((bad + 1))
		else
			finished "$mode" "$idx" "kill $kills, run again" || bad=$((bad + 1))
		fi
		left=$(ls "$dir")
		if [ "$left" != idx ]; then
			echo "# $mode: kill $kills: left beside the index: $left"
			bad=$((bad + 1))
		fi
		rm -rf "$idx"
	done
	extra=
	[ "$mode" = --bulk ] || extra=", $part in an unfinished build"
	is "$bad" 0 "$mode: $kills kills ($whole after the index was whole$extra), each run again to a whole index, nothing left behind"
	[ "$kills" -ge 1 ]
	ok $? "$mode: killed at least once in $runs runs"
done

done_testing
