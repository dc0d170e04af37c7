#!/usr/bin/env bash
# Every error a user can hit: exit status and the message naming the file or query and the reason.
. "$(dirname "$0")/test-lib.sh"
index_corpus
I=$T/corpus.idx

# A missing index.
run "$QUERY" "$T/nope" violence
is "$rc" 2 "missing index: exit 2"
is "$err" "query: cannot open index '$T/nope': no such index (make one with 'indexer $T/nope FILES...')" "missing index: message says what to do"
mkdir "$T/empty"
run "$QUERY" "$T/empty" violence
is "$rc" 2 "a directory that is no index: exit 2"
like "$err" "^query: cannot open index '$T/empty': not a dateline index" "a directory that is no index: message"

# An empty query, and a query of nothing but spaces.
run "$QUERY" "$I"
is "$rc" 2 "empty query: exit 2"
like "$err" "invalid query: empty query" "empty query: message"
run "$QUERY" "$I" "   "
is "$rc" 2 "blank query: exit 2"

# A malformed query: the message and a caret under the place.
run "$QUERY" "$I" 'violence "domestic'
is "$rc" 2 "unbalanced quote: exit 2"
is "$err" "query: invalid query: unbalanced quote: this \" has no closing \"
  violence \"domestic
           ^" "unbalanced quote: message with a caret under the quote"
run "$QUERY" "$I" '(violence OR abuse'
is "$err" "query: invalid query: unbalanced parenthesis: this '(' has no closing ')'
  (violence OR abuse
  ^" "unbalanced parenthesis"
run "$QUERY" "$I" 'violence AND'
like "$err" "'AND' needs something on its right" "operator with nothing on its right"
run "$QUERY" "$I" 'date:2012-02-30'
like "$err" "impossible date '2012-02-30'" "impossible date"
run "$QUERY" "$I" 'colour:red'
like "$err" "unknown field 'colour:'" "unknown field"
run "$QUERY" "$I" 'title: violence'
like "$err" "empty field 'title:'" "empty field"

# Bad options.
run "$QUERY" --format=xml "$I" violence
is "$rc" 2 "unknown format: exit 2"
is "$err" "query: unknown format 'xml' (text, json, tsv, ids, paths or trec)" "unknown format: message"
run "$QUERY" --limit=lots "$I" violence
is "$rc" 2 "bad --limit: exit 2"

# Indexing: an unreadable file, a binary file, invalid UTF-8, an empty file,
# a missing path.  The rest of the run goes on and is indexed.
mkdir -p "$T/in"
cp "$CORPUS/2009-2014/2012-11-16-warsaw-hate-crime-report.txt" "$T/in/a.txt"
printf 'Title with bad bytes\nVIENNA, 5 March 2021 \x96 Caf\xe9 and na\xefve \x93words\x94 here.\n' >"$T/in/b.txt"
# mostly valid UTF-8 with one stray byte:
printf 'Second title\nThe OSCE \xe2\x80\x93 a stray \xff byte in \xc3\xa9t\xc3\xa9 text.\n' >"$T/in/c.txt"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10' >"$T/in/d.png"
: >"$T/in/e.txt"
cp "$CORPUS/2015-2020/2015-06-10-vienna-cybersecurity-confidence-building.txt" "$T/in/f.txt"
chmod 000 "$T/in/f.txt"
as_user=()
if [ "$(id -u)" -eq 0 ]; then
	# root reads everything: run the indexer as nobody so permissions count.
	chmod 777 "$T" "$T/in"
	chmod 644 "$T/in"/[a-e]*
	as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
run "${as_user[@]}" "$INDEXER" "$T/bad.idx" "$T/in" "$T/missing"
is "$rc" 1 "a run with unreadable files exits 1"
like "$out" "^3 added, 0 replaced, 0 unchanged, 0 removed, 0 failed, 0 skipped documents; 7 files \(0 unchanged, 2 failed, 2 skipped\)" "the summary counts added, failed and skipped"
like "$err" "indexer: cannot read '$T/in/f.txt': Permission denied" "an unreadable file is named with the reason"
like "$err" "indexer: cannot read '$T/missing': No such file or directory" "a missing path is named"
like "$err" "indexer: skipping '$T/in/d.png': binary file" "a binary file is skipped, and said so"
like "$err" "indexer: skipping '$T/in/e.txt': empty file" "an empty file is skipped, and said so"
like "$err" "indexer: '$T/in/b.txt': not valid UTF-8: read as Windows-1252" "a legacy-encoded file is read, and said so"
like "$err" "indexer: '$T/in/c.txt': invalid UTF-8 bytes replaced by U\+FFFD" "invalid UTF-8 is replaced, and said so"
run "$QUERY" --format=json "$T/bad.idx" 'café'
is "$(echo "$out" | jq -r .title)" "Title with bad bytes" "the Windows-1252 document is searchable"
run "$QUERY" --format=json "$T/bad.idx" 'été'
is "$(echo "$out" | jq -r .title)" "Second title" "the document with a stray byte is searchable"

# A second indexer on a locked index fails at once with a clear message.
# The first holds the lock while it waits for standard input from a FIFO.
mkfifo "$T/fifo"
"$INDEXER" -q "$T/locked.idx" - <"$T/fifo" >/dev/null 2>&1 &
pid=$!
exec 3>"$T/fifo"
wait_locked "$T/locked.idx"
run "$INDEXER" "$T/locked.idx" "$CORPUS"
is "$rc" 2 "a locked index: exit 2"
is "$err" "indexer: index '$T/locked.idx' is locked: another indexer is writing it" "a locked index: message"
exec 3>&-
wait $pid

done_testing
