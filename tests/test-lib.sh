# test-lib.sh - shared helpers for dateline's end-to-end tests (TAP output).
#
# A test script sources this file, then calls the helpers:
#   ok COND_EXIT_STATUS "name"        (use: some_command; ok $? "name")
#   is "$got" "$want" "name"
#   like "$got" REGEX "name"
#   run CMD...       runs CMD, capturing $out (stdout), $err (stderr), $rc
#   skip "reason"    one skipped test point
#   done_testing     prints the plan and exits
# Each script gets a fresh directory $T (removed at exit) and the programs
# $INDEXER and $QUERY from the build under test.

set -u
top=${DATELINE_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
build=${DATELINE_BUILD:-$top/build}
INDEXER=$build/bin/indexer
QUERY=$build/bin/query
CORPUS=$top/corpus
SHARED=${DATELINE_SHARED:-$top/../shared/corpora}
T=$(mktemp -d "${TMPDIR:-/tmp}/dateline-test.XXXXXX")
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
export NO_COLOR=1
_n=0
_failed=0

ok() {
	_n=$((_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_n - $2"
	else
		echo "not ok $_n - $2"
		_failed=$((_failed + 1))
	fi
}

is() {
	_n=$((_n + 1))
	if [ "$1" == "$2" ]; then
		echo "ok $_n - $3"
	else
		echo "not ok $_n - $3"
		printf '#   got:  %s\n' "$1" | head -20
		printf '#   want: %s\n' "$2" | head -20
		_failed=$((_failed + 1))
	fi
}

like() {
	_n=$((_n + 1))
	if [[ $1 =~ $2 ]]; then
		echo "ok $_n - $3"
	else
		echo "not ok $_n - $3"
		printf '#   got:  %s\n' "$1" | head -20
		printf '#   want match: %s\n' "$2"
		_failed=$((_failed + 1))
	fi
}

run() {
	out=$("$@" 2>"$T/.stderr")
	rc=$?
	err=$(cat "$T/.stderr")
}

skip() {
	_n=$((_n + 1))
	echo "ok $_n # SKIP $1"
}

done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
	exit $?
}

# Indexes the bundled corpus once per script into $T/corpus.idx.
index_corpus() {
	[ -d "$T/corpus.idx" ] || "$INDEXER" -q "$T/corpus.idx" "$CORPUS" >/dev/null
}

# The ids of query's results, one per line: ids INDEX QUERY-ARGS...
ids() {
	local idx=$1
	shift
	"$QUERY" --format=tsv "$idx" "$@" | awk -F'\t' 'NR > 1 { print $3 }'
}

# Waits (up to 10 s) until some process holds the write lock of index $1:
# Xapian locks the file flintlock with fcntl(), which /proc/locks lists by
# device and inode.  Returns 1 if it never happens.
wait_locked() {
	local f=$1/flintlock ino
	for _ in $(seq 200); do
		if [ -e "$f" ]; then
			ino=$(stat -c %i "$f")
			awk -v ino="$ino" '{ split($6, a, ":"); if (a[3] == ino) found = 1 } END { exit !found }' /proc/locks && return 0
		fi
		sleep 0.05
	done
	return 1
}
