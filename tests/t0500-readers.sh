#!/usr/bin/env bash
# Readers end to end: JSON Lines (plain, gzip, stdin), gzip text, truncated gzip, bad lines.
. "$(dirname "$0")/test-lib.sh"

cat >"$T/docs.jsonl" <<'JSON'
{"id": "r1", "title": "Water talks in Almaty", "text": "ALMATY, Feb 26 - Officials met to discuss water sharing.", "date": "1987-02-26", "author": "Dana Example", "desk": "Central Asia"}
{"id": 2, "title": "Partial date", "text": "A document dated by month only.", "date": "1958-12"}
{"id": "r3", "text": "No title here, only text about elections and observers.", "date": "1970"}

{"id": "r4", "title": "Title only, no text", "date": "2001-05-06"}
{"id": "r5", "text": "A text with an unknown date.", "date": "someday"}
this is not json
{"title": "no id here", "text": "lost"}
{"id": "r6", "date": "2001-01-01"}
{"id": "r7", "lang": "ru", "title": "Выборы", "text": "Наблюдатели обсудили выборы в регионе."}
JSON
run "$INDEXER" "$T/j.idx" "$T/docs.jsonl"
is "$rc" 1 "a JSON Lines file with bad lines: exit 1"
like "$out" "^6 added, 0 replaced, 0 unchanged, 0 removed, 2 failed, 1 skipped documents; 1 files \(0 unchanged, 0 failed, 0 skipped\)" "good lines added, bad ones counted"
like "$err" "docs.jsonl': line 7: invalid JSON \(column [0-9]+: .*\): skipped" "a malformed line is named by its number"
like "$err" "docs.jsonl': line 8: no \"id\": skipped" "a line without an id"
like "$err" "docs.jsonl': line 9: no \"text\" or \"title\": skipped" "a line with nothing to index"
like "$err" "docs.jsonl': line 6: \"date\" 'someday' is not a date: ignored" "a bad date is reported and ignored"

run "$QUERY" --format=json "$T/j.idx" 'id:r1'
is "$(echo "$out" | jq -r '[.title, .date, .place, .meta.author, .meta.desk, .line] | @tsv')" "$(printf 'Water talks in Almaty\t1987-02-26\tAlmaty\tDana Example\tCentral Asia\t1')" "JSON fields, dateline place and metadata come back"
run "$QUERY" --format=json "$T/j.idx" 'id:2'
is "$(echo "$out" | jq -r '.date')" "1958-12" "an integer id and a partial date"
run "$QUERY" --count "$T/j.idx" 'date:1958'
is "$out" 1 "a month-only date is in its year"
run "$QUERY" --count "$T/j.idx" 'author:dana'
is "$out" 1 "a metadata field is searchable as KEY:word"
run "$QUERY" --count "$T/j.idx" 'place:almaty'
is "$out" 1 "a dateline in JSON text gives the place"
run "$QUERY" --count "$T/j.idx" 'title:only'
is "$out" 1 "a title-only document is indexed"
run "$QUERY" --format=json "$T/j.idx" 'выборы'
is "$(echo "$out" | jq -r '.id + " " + .lang')" "r7 ru" "the lang field chooses the stemmer"

# The same lines gzip-compressed, under a name that does not say so, and on stdin.
gzip -c "$T/docs.jsonl" >"$T/compressed-data"
run "$INDEXER" "$T/g.idx" "$T/compressed-data"
like "$out" "^6 added" "gzip JSON Lines recognised by content"
run "$INDEXER" "$T/s.idx" - <"$T/docs.jsonl"
like "$out" "^6 added" "JSON Lines on standard input"
gzip -c "$T/docs.jsonl" | "$INDEXER" "$T/s2.idx" - >"$T/o" 2>/dev/null
like "$(cat "$T/o")" "^6 added" "gzip JSON Lines on standard input"

# Re-indexing the same ids replaces them.
run "$INDEXER" --force "$T/j.idx" "$T/docs.jsonl"
like "$out" "^0 added, 6 replaced" "JSON documents are replaced by id"

# A gzip-compressed text file and a truncated one.
mkdir "$T/gz"
gzip -c "$CORPUS/2009-2014/2012-11-16-warsaw-hate-crime-report.txt" >"$T/gz/good.txt.gz"
head -c 600 "$T/gz/good.txt.gz" >"$T/gz/truncated.txt.gz"
run "$INDEXER" "$T/gz.idx" "$T/gz"
is "$rc" 1 "a truncated gzip makes the run exit 1"
like "$out" "^1 added" "the good file is indexed"
is "$err" "indexer: cannot read '$T/gz/truncated.txt.gz': unexpected end of file (truncated gzip)" "a truncated gzip is named, with the reason"
run "$QUERY" --count "$T/gz.idx" 'id:good.txt.gz'
is "$out" 1 "the id of a compressed file is its name"

# A gzip bomb: more than --max-input after decompression.
head -c 5000000 /dev/zero | tr '\0' 'a' | gzip -c >"$T/bomb.txt.gz"
run "$INDEXER" --max-input=1M "$T/b.idx" "$T/bomb.txt.gz"
is "$rc" 1 "a file over --max-input fails"
like "$err" "more than 1048576 bytes after decompression" "and says why"

# A document over --max-doc keeps only its start for snippets, and says so;
# the rest is still indexed, up to --max-terms words.
{ echo "Long document"; for i in $(seq 3000); do echo "word$i filler text for length"; done; } >"$T/long.txt"
run "$INDEXER" --max-doc=10K "$T/l.idx" "$T/long.txt"
is "$rc" 0 "a long document is indexed"
like "$err" "longer than 10240 bytes: only the start is kept for snippets \(the rest is indexed" "and the cut is reported"
run "$QUERY" --count "$T/l.idx" word5
is "$out" 1 "words near the start are indexed"
run "$QUERY" --count "$T/l.idx" word2900
is "$out" 1 "words past the kept text are indexed too"
run "$QUERY" --format=json "$T/l.idx" word2900
like "$(echo "$out" | jq -r .snippet)" "word" "and the document has a snippet from the kept text"
run "$INDEXER" --max-doc=10K --max-terms=1000 "$T/l2.idx" "$T/long.txt"
like "$err" "long.txt': more than 1000 words: only the first 1000 are indexed \(--max-terms\)" "--max-terms cuts, and says so"
run "$QUERY" --count "$T/l2.idx" word100
is "$out" 1 "words before the --max-terms cut are indexed"
run "$QUERY" --count "$T/l2.idx" word2900
is "$out" 0 "words past the --max-terms cut are not"

# A tree with hidden files and a symlink loop.
mkdir -p "$T/tree/sub" "$T/tree/.hidden"
cp "$CORPUS/2009-2014/2012-11-16-warsaw-hate-crime-report.txt" "$T/tree/sub/a.txt"
cp "$CORPUS/2009-2014/2012-11-16-warsaw-hate-crime-report.txt" "$T/tree/.hidden/b.txt"
ln -s .. "$T/tree/sub/loop"
run "$INDEXER" "$T/t.idx" "$T/tree"
like "$out" "^1 added, 0 replaced, 0 unchanged, 0 removed, 0 failed, 0 skipped documents; 2 files \(0 unchanged, 0 failed, 1 skipped\)" "hidden entries are not read; a loop is skipped"
like "$err" "skipping '$T/tree/sub/loop': symbolic link loop, not followed" "the loop is named"

done_testing
