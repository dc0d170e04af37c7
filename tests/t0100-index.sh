#!/usr/bin/env bash
# Indexing the bundled corpus: counts, summary line, re-indexing without duplicates.
. "$(dirname "$0")/test-lib.sh"

nfiles=$(find "$CORPUS" -type f | wc -l)
run "$INDEXER" "$T/idx" "$CORPUS"
is "$rc" 0 "indexing the corpus succeeds"
like "$out" "^$nfiles added, 0 replaced, 0 unchanged, 0 removed, 0 failed, 0 skipped documents; $nfiles files \(0 unchanged, 0 failed, 0 skipped\); [0-9.]+ s$" "summary line counts every file as added"
is "$err" "" "nothing on stderr when all is well"

run "$QUERY" --count "$T/idx" 'date:1900..2100'
is "$out" "$nfiles" "every document is in the index and dated"

# The same tree again: nothing changed, nothing read; with --force every
# document is read again and replaced, none duplicated.
run "$INDEXER" "$T/idx" "$CORPUS"
is "$rc" 0 "re-indexing succeeds"
like "$out" "^0 added, 0 replaced, $nfiles unchanged, 0 removed, 0 failed, 0 skipped documents; $nfiles files \($nfiles unchanged, 0 failed, 0 skipped\)" "an unchanged tree: every document unchanged"
run "$INDEXER" --force "$T/idx" "$CORPUS"
like "$out" "^0 added, $nfiles replaced, 0 unchanged" "--force replaces every document"
run "$QUERY" --count "$T/idx" 'date:1900..2100'
is "$out" "$nfiles" "no duplicates after re-indexing"

# One file given directly: its id is its name; indexing it twice keeps one copy.
f=$CORPUS/2009-2014/2012-11-16-warsaw-hate-crime-report.txt
run "$INDEXER" "$T/one" "$f"
like "$out" "^1 added" "a single file is indexed"
run "$INDEXER" "$T/one" "$f"
like "$out" "^0 added, 0 replaced, 1 unchanged" "and unchanged when indexed again"
run "$INDEXER" --force "$T/one" "$f"
like "$out" "^0 added, 1 replaced" "and replaced with --force"
run "$QUERY" --format=tsv "$T/one" hate
is "$(echo "$out" | awk -F'\t' 'NR==2 {print $3}')" "2012-11-16-warsaw-hate-crime-report.txt" "a file's id is its name when given alone"

# Ids of files in a tree are relative to the root given.
run "$QUERY" --format=tsv "$T/idx" 'id:2009-2014/2012-11-16-warsaw-hate-crime-report.txt'
is "$(echo "$out" | awk -F'\t' 'NR>1 {print $3}')" "2009-2014/2012-11-16-warsaw-hate-crime-report.txt" "ids are paths relative to the directory indexed"

# Order is stable: two indexes of the same tree give the same document ids in the same order.
"$INDEXER" -q "$T/again" "$CORPUS" >/dev/null
a=$("$QUERY" --format=tsv -n 100 --sort=date "$T/idx" 'date:1900..2100' | cut -f3)
b=$("$QUERY" --format=tsv -n 100 --sort=date "$T/again" 'date:1900..2100' | cut -f3)
is "$a" "$b" "two runs over one tree index the same documents"

# Standard input, with --id.
run "$INDEXER" --id=from-stdin "$T/stdin" - <"$CORPUS/2009-2014/2012-11-16-warsaw-hate-crime-report.txt"
like "$out" "^1 added" "a document read from standard input"
run "$QUERY" --format=tsv "$T/stdin" 'id:from-stdin'
like "$out" "from-stdin" "it has the id given with --id"

# --help and --version.
run "$INDEXER" --help
is "$rc" 0 "indexer --help exits 0"
like "$out" "usage: indexer" "indexer --help prints usage on stdout"
run "$INDEXER" --version
like "$out" "^indexer \(dateline\) [0-9]" "indexer --version"
run "$INDEXER"
is "$rc" 2 "indexer without arguments is a usage error"
like "$err" "no index given" "and says what is missing"
run "$INDEXER" "$T/x"
is "$rc" 2 "indexer without a path is a usage error"
run "$INDEXER" --batch=0 "$T/x" "$CORPUS"
is "$rc" 2 "a bad option value is a usage error"
like "$err" "--batch needs a number" "with a message naming the option"

done_testing
