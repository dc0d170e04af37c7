#!/usr/bin/env bash
# Hostile and broken input, each case added to a tree that is already
# indexed: the message names the file and the reason, the rest of the run
# goes on, and nothing already indexed is lost (the good documents are all
# still found, and the index passes --check).  Cases tested elsewhere:
# unreadable files, a missing path, a binary PNG, an empty file, legacy and
# invalid UTF-8 (t0400); malformed JSON, lines without id or text, a
# truncated gzip, a gzip bomb, a symbolic link loop (t0500); an unreadable
# directory and changed unreadable files (t0510).
#
#   DATELINE_HUGE_MB  size of the single huge document (default 200)
. "$(dirname "$0")/test-lib.sh"

I=$T/h.idx
tree=$T/tree
mkdir -p "$tree/good"
for i in 1 2 3 4 5; do
	printf 'Good release %s\nVIENNA, 5 March 2021 - The goodmarker text number %s about elections.\n' "$i" "$i" >"$tree/good/g$i.txt"
done
run "$INDEXER" "$I" "$tree"
like "$out" "^5 added" "five good files indexed"
# After each case: the five good documents are there and the index is sound.
intact() {
	is "$("$QUERY" --count "$I" goodmarker)" 5 "$1: the good documents are all still there"
	"$INDEXER" --check "$I" >"$T/check" 2>&1
	ok $? "$1: the index passes --check"
}

# NUL bytes in a text file: read as spaces, said so.
printf 'Title with NULs\nVIENNA, 5 March 2021 - nulled\0words\0here and more text.\n' >"$tree/nul.txt"
run "$INDEXER" "$I" "$tree"
is "$rc" 0 "NUL bytes: exit 0"
like "$err" "'$tree/nul.txt': 2 NUL bytes read as spaces" "NUL bytes: named, with the reason"
is "$("$QUERY" --count "$I" nulled)" 1 "NUL bytes: the words around them are found"
intact "NUL bytes"

# Invalid UTF-8 and a raw NUL in JSON lines: those lines are skipped.
printf '{"id":"u1","text":"caf\xe9 bytes"}\n{"id":"u2","text":"raw \0 nul"}\n{"id":"u3","text":"fine utf8 line"}\n' >"$tree/bad.jsonl"
run "$INDEXER" "$I" "$tree"
is "$rc" 1 "bad bytes in JSON lines: exit 1"
like "$err" "'$tree/bad.jsonl': line 1: invalid JSON \(column [0-9]+: unable to decode byte 0xe9" "invalid UTF-8 in a JSON line: named, with the reason"
like "$err" "'$tree/bad.jsonl': line 2: invalid JSON" "a raw NUL in a JSON line: named"
is "$("$QUERY" --count "$I" 'id:u3')" 1 "the good line of that file is indexed"
intact "bad bytes in JSON lines"

# Binary files of other kinds, and empty ones: skipped, said so.
head -c 4096 "$(command -v ls)" >"$tree/program"
head -c 3000 /dev/urandom >"$tree/noise.dat"
printf '   \n\n\t\n' >"$tree/blank.txt"
gzip -c </dev/null >"$tree/empty.txt.gz"
run "$INDEXER" "$I" "$tree"
like "$err" "skipping '$tree/program': binary file" "an ELF program is skipped"
like "$err" "skipping '$tree/noise.dat': binary file" "random bytes are skipped"
like "$err" "skipping '$tree/blank.txt': empty file" "a file of white space is empty"
like "$err" "skipping '$tree/empty.txt.gz': empty after decompression" "an empty gzip is empty"
intact "binary and empty files"

# Tokens longer than Xapian's term limit (245 bytes), in every field.
long300=$(printf 'x%.0s' $(seq 300))
long100k=$(head -c 100000 /dev/zero | tr '\0' 'y')
printf 'Title %s tail\nVIENNA, 5 March 2021 - before %s after longtokenmarker.\n' "$long300" "$long100k" >"$tree/longtok.txt"
id1000=$(printf 'i%.0s' $(seq 1000))
printf '{"id":"%s","title":"%s","text":"%s jsonlongmarker","place":"%s","author":"%s"}\n' \
	"$id1000" "$long300" "$long100k" "$long300" "$long300" >"$tree/longtok.jsonl"
run "$INDEXER" "$I" "$tree"
is "$rc" 0 "tokens over the term limit: exit 0"
is "$("$QUERY" --count "$I" longtokenmarker after before)" 1 "the words around a 100 KB token are found"
is "$("$QUERY" --count "$I" jsonlongmarker)" 1 "a JSON line with long tokens in every field, and a 1000-byte id, is indexed"
is "$("$QUERY" --format=json "$I" jsonlongmarker | jq -r '.id | length')" 1000 "the 1000-byte id comes back whole"
intact "long tokens"

# JSON nested too deep for the parser, and ids repeated in one run.
deep=$(printf '[%.0s' $(seq 5000))
printf '{"id":"d1","text":"deep","x":%s}\n{"id":"dup","text":"first dupmarker"}\n{"id":"dup","text":"second dupmarker"}\n' "$deep" >"$tree/deep.jsonl"
printf '{"id":"dup","text":"third dupmarker lastone"}\n' >"$tree/zz-dup.jsonl"
run "$INDEXER" "$I" "$tree"
is "$rc" 1 "deep nesting: exit 1"
like "$err" "'$tree/deep.jsonl': line 1: invalid JSON \(column [0-9]+: maximum parsing depth reached" "deep nesting: named, with the reason"
like "$err" "'$tree/deep.jsonl': line 3: id 'dup' was read before in this run: this document replaces that one" "an id repeated in a file is reported"
like "$err" "'$tree/zz-dup.jsonl': line 1: id 'dup' was read before in this run" "and an id repeated across files"
like "$err" "indexer: 2 ids appeared more than once in this run: the last document with each is kept" "and counted"
is "$("$QUERY" --count "$I" dupmarker)" 1 "one document per id"
is "$("$QUERY" --count "$I" lastone)" 1 "the last one wins"
intact "deep nesting and repeated ids"

# A truncated gzip and a gzip bomb replacing files indexed before: the
# documents indexed from them before are kept.
printf 'A release to be cut\nVIENNA - cutmarker\n' >"$tree/z1.txt"
printf 'A release to be bombed\nVIENNA - bombmarker\n' >"$tree/z2.txt"
"$INDEXER" -q "$I" "$tree" >/dev/null
{ cat "$CORPUS/2009-2014/2012-11-16-warsaw-hate-crime-report.txt"; head -c 200000 /dev/urandom | base64; } | gzip -c | head -c 3000 >"$tree/z1.txt"
head -c 20000000 /dev/zero | tr '\0' 'a' | gzip -c >"$tree/z2.txt"
run "$INDEXER" --max-input=10M "$I" "$tree"
is "$rc" 1 "a truncated gzip and a bomb: exit 1"
like "$err" "cannot read '$tree/z1.txt': unexpected end of file \(truncated gzip\) \(the documents indexed from it before are kept\)" "a truncated gzip: named, what is kept said"
like "$err" "cannot read '$tree/z2.txt': more than 10485760 bytes after decompression \(the limit\)" "a gzip bomb: named, the limit said"
is "$("$QUERY" --count "$I" bombmarker)" 1 "the bombed file's document is kept"
is "$("$QUERY" --count "$I" cutmarker)" 1 "the cut file's document is kept"
rm "$tree/z1.txt" "$tree/z2.txt"
intact "truncated gzip and bomb"

# Files that vanish or change while the indexer reads: a big file is being
# read (the test waits for -v to name it) when a file after it is removed
# and the big file itself grows.
mkdir "$tree/race"
{ echo "Big release"; echo "VIENNA, 5 March 2021 - racemarker"; for _ in $(seq 40); do cat "$CORPUS"/*/*.txt; done; } >"$tree/race/a-big.txt"
while [ "$(stat -c %s "$tree/race/a-big.txt")" -lt 30000000 ]; do cat "$tree/race/a-big.txt" "$tree/race/a-big.txt" >"$tree/race/tmp" && mv "$tree/race/tmp" "$tree/race/a-big.txt"; done
printf 'Vanishing\nVIENNA - vanishmarker\n' >"$tree/race/b-vanish.txt"
printf 'Staying\nVIENNA - staymarker\n' >"$tree/race/c-stay.txt"
"$INDEXER" -q "$I" "$tree" >/dev/null
echo "changed before the run" >>"$tree/race/a-big.txt"
printf 'Staying, changed\nVIENNA - staymarker changedmarker\n' >"$tree/race/c-stay.txt"
"$INDEXER" -v "$I" "$tree" >"$T/race.out" 2>"$T/race.err" &
pid=$!
for _ in $(seq 1000); do grep -q "reading '$tree/race/a-big.txt'" "$T/race.err" && break; sleep 0.01; done
rm "$tree/race/b-vanish.txt"
echo "appended while being read" >>"$tree/race/a-big.txt"
wait $pid
rc=$?
is "$rc" 1 "files changing during the run: exit 1"
like "$(cat "$T/race.err")" "indexer: '$tree/race/a-big.txt' changed while it was read \(its size changed from [0-9]+ to [0-9]+ bytes while it was read\): indexed as read, and read again on the next run" "a file that grows while read: named, with the reason"
like "$(cat "$T/race.err")" "indexer: cannot read '$tree/race/b-vanish.txt': dangling symbolic link, or vanished" "a file that vanished: named, with the reason"
is "$("$QUERY" --count "$I" changedmarker)" 1 "the rest of the run goes on"
is "$("$QUERY" --count "$I" vanishmarker)" 1 "the vanished file's document stays while the run could not see it"
run "$INDEXER" "$I" "$tree"
is "$rc" 0 "the next run is clean"
like "$out" "^0 added, 1 replaced, [0-9]+ unchanged, 1 removed" "it reads the changed file again, and removes the vanished one"
rm -r "$tree/race"
intact "files changing during the run"

# A single huge document: memory stays bounded (the text is read piece by
# piece, only --max-doc of it kept, --max-terms words indexed).
mb=${DATELINE_HUGE_MB:-200}
mkdir "$T/huge"
for _ in $(seq 20); do cat "$CORPUS"/*/*.txt; done | head -c 1000000 >"$T/chunk"
{ echo "A huge release"; echo "VIENNA, 5 March 2021 - hugemarker"; for _ in $(seq "$mb"); do cat "$T/chunk"; done; echo "hugeendmarker"; } >"$T/huge/huge.txt"
size=$(stat -c %s "$T/huge/huge.txt")
if [ -x /usr/bin/time ]; then
	# AddressSanitizer keeps freed memory in quarantine: keep it small.
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16 \
		/usr/bin/time -f 'maxrss %M' -o "$T/time" "$INDEXER" "$I" "$T/huge" >"$T/huge.out" 2>"$T/huge.err"
	rc=$?
	rss=$(sed -n 's/^maxrss //p' "$T/time")
	echo "# a $((size / 1000000)) MB document: peak RSS $((rss / 1024)) MB"
	is "$rc" 0 "a $((size / 1000000)) MB document is indexed"
	# The bound: 300 MB; AddressSanitizer's shadow memory and redzones
	# about double what a program holds, so 600 MB under it.
	limit=$((300 * 1024))
	ldd "$INDEXER" 2>/dev/null | grep -q libasan && limit=$((600 * 1024))
	[ "$rss" -lt "$limit" ]
	ok $? "memory stays bounded: peak RSS $((rss / 1024)) MB < $((limit / 1024)) MB"
	like "$(cat "$T/huge.err")" "huge.txt': longer than 16777216 bytes: only the start is kept for snippets" "the cut of the kept text is said"
	like "$(cat "$T/huge.err")" "huge.txt': more than 1000000 words: only the first 1000000 are indexed \(--max-terms\)" "the cap on words is said"
	is "$("$QUERY" --count "$I" hugemarker)" 1 "the huge document is searchable"
else
	skip "/usr/bin/time is missing (scripts/install-deps installs it)"
fi
intact "a huge document"

# A disk that fills up: a file size limit (ulimit -f), then, as root, a
# small tmpfs.  The error says what happened, the run exits 2, and the index
# keeps every batch committed before.
mkdir "$T/many"
for i in 1 2 3 4 5 6; do cp -r "$CORPUS" "$T/many/c$i"; done
fsize_test() {
	local what=$1 idx=$2
	shift 2
	rm -f "$T/fs.log"
	"$@" -q --batch=10 --log="$T/fs.log" "$idx" "$T/many" >"$T/fs.out" 2>"$T/fs.err"
	rc=$?
	is "$rc" 2 "$what: exit 2"
	like "$(cat "$T/fs.err")" "indexer: cannot write index '$idx': the disk is full or a file size limit was reached \(.*(File too large|No space left on device).*\); the index keeps what was committed before" "$what: the message says what happened"
	state=$("$INDEXER" --check "$idx")
	ok $? "$what: the index passes --check"
	last=$(grep '^committed' "$T/fs.log" | tail -1 | sed 's/.*docs=\([0-9]*\).*/\1/')
	like "$state" "^index '$idx': ${last:-x} documents" "$what: it holds the $last documents of the batches committed"
	is "$("$QUERY" --count "$idx" goodmarker)" 5 "$what: the documents indexed before are there"
}
"$INDEXER" -q "$T/fsize.idx" "$tree/good" >/dev/null
fsize_test "a file size limit" "$T/fsize.idx" bash -c 'ulimit -f 3000; exec "$@"' - "$INDEXER"
run "$INDEXER" -q "$T/fsize.idx" "$T/many"
is "$rc" 0 "without the limit, the next run finishes the job"
is "$("$QUERY" --count "$T/fsize.idx" 'date:1900..2100')" $(($(find "$T/many" -type f | wc -l) + 5)) "with every document once"
run "$INDEXER" --check "$T/fsize.idx"
is "$rc" 0 "and passes --check"

mkdir "$T/small"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=4m tmpfs "$T/small" 2>/dev/null; then
	trap 'umount "$T/small" 2>/dev/null; chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
	"$INDEXER" -q "$T/small/idx" "$tree/good" >/dev/null
	fsize_test "a full disk" "$T/small/idx" "$INDEXER"
	umount "$T/small"
else
	skip "a full disk: mounting a small tmpfs needs root and mount rights"
fi

done_testing
