# test-lib.sh - shared helpers for dateline's end-to-end tests (TAP output).
#
# A test script sources this file, then calls the helpers:
#   ok COND_EXIT_STATUS "name"        (use: some_command; ok $? "name")
#   is "$got" "$want" "name"
#   like "$got" REGEX "name"
#   run CMD...       runs CMD, capturing $out (stdout), $err (stderr), $rc
#   skip "reason"    one skipped test point
#   done_testing     prints the plan and exits
#   at_exit "CMD"    runs CMD when the script exits (before $T is removed)
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
_at_exit=()
_exit() {
	local c
	for c in "${_at_exit[@]}"; do eval "$c"; done
	chmod -R u+rwx "$T" 2>/dev/null
	rm -rf "$T"
}
trap _exit EXIT
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

at_exit() {
	_at_exit+=("$1")
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

# Runs CMD in the background and kills it with SIGKILL at a random moment
# within MAX_MS milliseconds; sets $rc to its exit status (137 if it was
# killed).  Redirections given to the call apply to CMD.
#   kill_at_random MAX_MS CMD...
kill_at_random() {
	local max=$1 pid killer delay
	shift
	"$@" &
	pid=$!
	delay=$(((RANDOM * 32768 + RANDOM) % (max + 1)))
	# The killer waits in the background, so that a run that ends first
	# is not waited for.
	(sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))" && kill -9 "$pid" 2>/dev/null) &
	killer=$!
	wait "$pid"
	rc=$?
	kill "$killer" 2>/dev/null
	wait "$killer" 2>/dev/null
	return 0
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

# Indexes the bundled corpus again as three shards of disjoint files,
# $T/s0, $T/s1 and $T/s2, each file keeping its path under corpus/ (its
# id).  The Chinese releases all go to the last shard and the Russian ones
# to the second, so that a query in those languages needs the languages of
# every shard, not only the first's.
shard_corpus() {
	local f s n=0
	[ -d "$T/s2" ] && return
	(cd "$CORPUS" && find . -type f | sed 's|^\./||' | sort) >"$T/files"
	while IFS= read -r f; do
		case $f in
		*-zh-*) s=2 ;;
		*-ru-*) s=1 ;;
		*) s=$((n % 3)); n=$((n + 1)) ;;
		esac
		mkdir -p "$T/src$s/$(dirname "$f")"
		cp "$CORPUS/$f" "$T/src$s/$f"
	done <"$T/files"
	for s in 0 1 2; do
		"$INDEXER" -q "$T/s$s" "$T/src$s" >/dev/null || return 1
	done
}

# "id<TAB>score" of each result, in rank order, into FILE:
# ranking FILE QUERY-ARGS...
ranking() {
	local f=$1
	shift
	"$QUERY" --format=tsv --fields=id,score -n 100 "$@" | tail -n +2 >"$f"
}

# Whether two rankings (files of "id<TAB>score") are the same: the same
# documents, each with the same score, and at each rank the same score (so
# the same order, but for documents whose scores tie).  Scores are printed
# with 4 decimals; sums made in another order may differ in the last one.
# A score that is no finite number ("inf") makes them differ.
same_ranking() {
	awk -F'\t' '
		$2 !~ /^[0-9]+(\.[0-9]+)?$/ { print "# score " $2 " of " $1; bad = 1; exit 1 }
		NR == FNR { a[FNR] = $2; sa[$1] = $2; na = FNR; next }
		{ b[FNR] = $2; sb[$1] = $2; nb = FNR }
		function off(x, y) { return x - y > 0.00015 || y - x > 0.00015 }
		END {
			if (bad) exit 1
			if (na != nb || na == 0) { print "# " na " and " nb " results"; exit 1 }
			for (i = 1; i <= na; i++) if (off(a[i], b[i])) { print "# rank " i ": " a[i] " and " b[i]; exit 1 }
			for (id in sa) if (!(id in sb) || off(sa[id], sb[id])) { print "# " id; exit 1 }
		}' "$1" "$2"
}

# Prints a port P such that nothing listens on P to P+N-1 now: free_ports N.
# Bases are drawn below Linux's ephemeral ports (32768 on), from 20000.
# Another program may still take one before it is used: retry then.
free_ports() {
	local n=$1 base busy
	for _ in $(seq 50); do
		base=$((20000 + RANDOM % (12000 - n)))
		busy=$(ss -Hltn | awk -v lo="$base" -v hi=$((base + n - 1)) \
			'{ p = $4; sub(/.*:/, "", p); if (p + 0 >= lo && p + 0 <= hi) print p }')
		if [ -z "$busy" ]; then
			echo "$base"
			return 0
		fi
	done
	return 1
}
