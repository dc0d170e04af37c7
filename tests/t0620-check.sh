#!/usr/bin/env bash
# indexer --check: a sound index, a damaged one, no index at all.
# (Flaws of dateline's own rules - duplicated ids, damaged document data,
# damaged file records - are made through the binding in tests/unit/test-check.c.)
. "$(dirname "$0")/test-lib.sh"
index_corpus
I=$T/corpus.idx
n=$(find "$CORPUS" -type f | wc -l)

run "$INDEXER" --check "$I"
is "$rc" 0 "a sound index: exit 0"
like "$out" "^index '$I': $n documents, $n file records, revision [0-9]+
no problems found$" "a sound index: counts, and no problems"

run "$INDEXER" --check "$T/none"
is "$rc" 2 "no index: exit 2"
is "$err" "indexer: no index at '$T/none'" "no index: said so"
mkdir "$T/empty"
run "$INDEXER" --check "$T/empty"
is "$rc" 2 "a directory without an index: exit 2"
is "$err" "indexer: '$T/empty' is not an index (no Xapian database in it)" "and said so"
run "$INDEXER" --check "$I" "$T/empty"
is "$rc" 2 "--check takes one index"

# Damage: whole blocks in the middle of the posting list table overwritten
# (as test-xap does), in a copy of a bigger index.
mkdir "$T/src"
for i in 1 2 3 4; do cp -r "$CORPUS" "$T/src/c$i"; done
"$INDEXER" -q "$T/big.idx" "$T/src" >/dev/null
size=$(stat -c %s "$T/big.idx/postlist.glass")
blocks=$((size / 8192))
[ "$blocks" -ge 8 ]
ok $? "the posting list table has $blocks blocks"
head -c $((blocks / 2 * 8192)) /dev/zero | tr '\0' '\245' |
	dd of="$T/big.idx/postlist.glass" bs=8192 seek=$((blocks / 4)) conv=notrunc status=none
run "$INDEXER" --check "$T/big.idx"
is "$rc" 1 "a damaged index: exit 1"
like "$out" "^index '$T/big.idx' is damaged: " "a damaged index: said in words"
like "$out" "To repair it, delete the directory and run the indexer again: the index is rebuilt from the files." "and how to repair it"
# The advice works.
rm -rf "$T/big.idx"
"$INDEXER" -q "$T/big.idx" "$T/src" >/dev/null
run "$INDEXER" --check "$T/big.idx"
is "$rc" 0 "rebuilt, it is sound"

done_testing
