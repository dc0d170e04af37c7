#!/usr/bin/env bash
# --bulk and --shards: a new index built by several writers in parallel,
# compacted into one database (--bulk) or kept as shards under a stub.
. "$(dirname "$0")/test-lib.sh"

n=$(find "$CORPUS" -type f | wc -l)
"$INDEXER" -q "$T/plain.idx" "$CORPUS" >/dev/null

# --bulk: the same documents, one compact database, nothing left behind.
mkdir -p "$T/out"
mkdir "$T/out/b.idx.bulk-999999999"     # left by a bulk run that was killed
run "$INDEXER" --bulk "$T/out/b.idx" "$CORPUS"
is "$rc" 0 "--bulk: exit 0"
like "$out" "^$n added, 0 replaced, 0 unchanged, 0 removed" "--bulk: every document added"
like "$err" "compacting [0-9]+ databases into '$T/out/b.idx'" "--bulk: says it compacts"
is "$(ls "$T/out")" "b.idx" "--bulk: no temporary directory left, the stale one removed too"
[ -f "$T/out/b.idx/iamglass" ]
ok $? "--bulk: the index is one glass database"
run "$INDEXER" --check "$T/out/b.idx"
is "$rc" 0 "--bulk: the index passes --check"
for q in '"domestic violence"' 'place:almaty' 'trafficking border' 'выборы' 'org:osce date:2012..2016'; do
	is "$("$QUERY" --format=ids -n 100 "$T/out/b.idx" "$q" | sort)" \
		"$("$QUERY" --format=ids -n 100 "$T/plain.idx" "$q" | sort)" "--bulk: the same matches for $q"
done
is "$("$QUERY" --format=tsv -n 5 "$T/out/b.idx" '"domestic violence" Kazakhstan' | cut -f2,3)" \
	"$("$QUERY" --format=tsv -n 5 "$T/plain.idx" '"domestic violence" Kazakhstan' | cut -f2,3)" \
	"--bulk: the same ranking and scores"
# The spelling data: gathered per writer and added once at the end, it
# suggests what the document-by-document spelling data of a plain run does.
for q in 'trafiking' 'violance' 'elecions observaton' 'kazakstan'; do
	"$QUERY" -n 1 "$T/out/b.idx" "$q" >/dev/null 2>"$T/bulk.err"
	"$QUERY" -n 1 "$T/plain.idx" "$q" >/dev/null 2>"$T/plain.err"
	like "$(cat "$T/bulk.err")" "did you mean: " "--bulk: a suggestion for $q"
	is "$(cat "$T/bulk.err")" "$(cat "$T/plain.err")" "--bulk: the same suggestion for $q as a plain run"
done
# The file records were merged into the compacted index: a second run skips every file.
run "$INDEXER" "$T/out/b.idx" "$CORPUS"
like "$out" "^0 added, 0 replaced, $n unchanged" "after --bulk, an ordinary run finds every file unchanged"

# Segments: with --segment=4 each writer starts a new database every few
# documents; they are all merged, and the index is the same.
run "$INDEXER" --bulk --segment=4 --batch=2 "$T/seg.idx" "$CORPUS"
is "$rc" 0 "--bulk --segment=4: exit 0"
parts=$(sed -n "s/.*compacting \([0-9]*\) databases.*/\1/p" <<<"$err")
[ "${parts:-0}" -gt 10 ]
ok $? "--bulk --segment=4: many segments merged ($parts)"
run "$INDEXER" --check "$T/seg.idx"
is "$rc" 0 "--bulk --segment=4: the index passes --check"
is "$("$QUERY" --count "$T/seg.idx" 'date:1000..2100')" "$("$QUERY" --count "$T/plain.idx" 'date:1000..2100')" \
	"--bulk --segment=4: every document once"
for q in '"domestic violence" Kazakhstan' 'trafficking border' 'org:osce date:2012..2016'; do
	is "$("$QUERY" --format=tsv -n 20 "$T/seg.idx" "$q" | cut -f2,3)" \
		"$("$QUERY" --format=tsv -n 20 "$T/plain.idx" "$q" | cut -f2,3)" \
		"--bulk --segment=4: the same ranking and scores for $q"
done
"$QUERY" -n 1 "$T/seg.idx" 'violance' >/dev/null 2>"$T/seg.err"
"$QUERY" -n 1 "$T/plain.idx" 'violance' >/dev/null 2>"$T/plain.err"
like "$(cat "$T/seg.err")" "did you mean: violence" "--bulk --segment=4: the spelling data is there"
is "$(cat "$T/seg.err")" "$(cat "$T/plain.err")" "--bulk --segment=4: the same suggestion as a plain run"
# An id read again after its segment was closed replaces the document there.
for r in 1 2 3; do
	for i in $(seq 1 12); do
		printf '{"id":"d%s","title":"round %s","text":"document %s of round r%s zebra%s"}\n' "$i" "$r" "$i" "$r" "$r"
	done
done >"$T/dup.jsonl"
run "$INDEXER" --bulk --segment=3 --batch=1 "$T/dup.idx" "$T/dup.jsonl"
like "$out" "^12 added, 24 replaced," "--bulk with segments: ids read again are replaced"
is "$("$QUERY" --count "$T/dup.idx" zebra1) $("$QUERY" --count "$T/dup.idx" zebra2) $("$QUERY" --count "$T/dup.idx" zebra3)" \
	"0 0 12" "--bulk with segments: only the last version of each id is left"
run "$INDEXER" --check "$T/dup.idx"
is "$rc" 0 "--bulk with segments and replacements: the index passes --check"
run "$INDEXER" --bulk --segment=0 "$T/bad.idx" "$CORPUS"
is "$rc" 2 "--segment=0: exit 2"
like "$err" "--segment needs a number of documents, not '0'" "--segment=0: the message"

# --bulk refuses an existing index.
run "$INDEXER" --bulk "$T/plain.idx" "$CORPUS"
is "$rc" 2 "--bulk on an existing index: exit 2"
is "$err" "indexer: '$T/plain.idx' exists: --bulk builds a new index (remove it, or index into it without --bulk)" \
	"--bulk on an existing index: the message"

# --shards=3: a directory of three shards and a stub that opens them as one.
run "$INDEXER" --shards=3 "$T/s.idx" "$CORPUS"
is "$rc" 0 "--shards=3: exit 0"
like "$out" "^$n added" "--shards=3: every document added"
is "$(cat "$T/s.idx/XAPIANDB")" "auto shard-000
auto shard-001
auto shard-002" "--shards=3: the stub names the three shards"
total=0
for k in 000 001 002; do
	c=$("$QUERY" --count "$T/s.idx/shard-$k" 'date:1000..2100')
	[ "$c" -gt 0 ] && [ "$c" -lt "$n" ]
	ok $? "--shards=3: shard $k holds part of the documents ($c)"
	total=$((total + c))
done
is "$total" "$n" "--shards=3: the shards hold every document once"
is "$("$QUERY" --count "$T/s.idx" 'date:1000..2100')" "$n" "query opens the sharded index as one"
is "$("$QUERY" --format=tsv -n 5 "$T/s.idx" '"domestic violence" Kazakhstan' | cut -f2,3)" \
	"$("$QUERY" --format=tsv -n 5 "$T/plain.idx" '"domestic violence" Kazakhstan' | cut -f2,3)" \
	"--shards=3: the same ranking and scores as one index"
run "$INDEXER" "$T/s.idx" "$CORPUS"
is "$rc" 2 "an ordinary run on a sharded index: exit 2"
like "$err" "is a sharded index \(made with --shards\), which is built whole" "and says why"

# --check on a sharded index: each shard, then the ids across them.
run "$INDEXER" --check "$T/s.idx"
is "$rc" 0 "--check of a sharded index: exit 0"
like "$out" "index '$T/s.idx/shard-002': [0-9]+ documents" "--check: each shard is checked"
like "$out" "sharded index '$T/s.idx': 3 shards, $n documents
no problems found$" "--check: the shards' total, and no problems"
printf 'auto %s\nremote 127.0.0.1:9\n' "$T/s.idx/shard-001" >"$T/mixed.stub"
run "$INDEXER" --check "$T/mixed.stub"
is "$rc" 0 "--check of a stub with a remote shard: exit 0"
like "$out" "shard 127.0.0.1:9 is remote: check it on the machine that serves it" \
	"--check names the remote shard, without reaching it"
like "$out" "2 shards \(1 remote, not checked here\); [0-9]+ documents in the 1 local" \
	"--check counts the local shard's documents"
# A document that two shards hold.
cp -r "$T/s.idx" "$T/twice.idx"
f=$(cd "$CORPUS" && find . -type f -name '*.txt' | sed 's|^\./||' | sort | head -1)
for k in 000 001 002; do   # a shard that does not hold it
	xapian-delve -t "Q$f" "$T/twice.idx/shard-$k" 2>&1 | grep -q 'not in database' && break
done
mkdir -p "$T/one/$(dirname "$f")"
cp "$CORPUS/$f" "$T/one/$f"
"$INDEXER" -q "$T/twice.idx/shard-$k" "$T/one" >/dev/null
run "$INDEXER" --check "$T/twice.idx"
is "$rc" 1 "--check: an id in two shards: exit 1"
like "$out" "problem: id '$f' is held by 2 documents instead of one" "--check names the id"
# A shard gone, and a build that never wrote its stub.
rm -rf "$T/twice.idx/shard-001"
run "$INDEXER" --check "$T/twice.idx"
is "$rc" 1 "--check: a shard missing: exit 1"
like "$err" "no index at '$T/twice.idx/shard-001'" "--check names the missing shard"
like "$out" "3 shards, 1 with problems" "--check: the shard counts as a problem"
mkdir -p "$T/cut.idx/shard-000"
run "$INDEXER" --check "$T/cut.idx"
is "$rc" 2 "--check of an unfinished sharded build: exit 2"
like "$err" "is a sharded build that did not finish \(it has no XAPIANDB\): run the same indexer --shards command again" \
	"--check says what it is and what to do"

# A sharded build that stopped before its stub is built again.
run "$INDEXER" --shards=2 "$T/cut.idx" "$CORPUS"
is "$rc" 0 "an unfinished sharded build: built again"
like "$err" "did not finish: building it again" "and says so"

# One build of an index at a time.  A build that waits for its standard
# input (a FIFO held open here) holds the lock on busy.idx.building; a
# second build, an ordinary run and --check leave it alone.
mkfifo "$T/fifo"
exec 7<>"$T/fifo"
"$INDEXER" -q --no-progress --shards=2 --id=held "$T/busy.idx" - <"$T/fifo" >"$T/busy.out" 2>&1 7>&- &
busy=$!
for _ in $(seq 400); do [ -d "$T/busy.idx/shard-000" ] && break; sleep 0.05; done
[ -d "$T/busy.idx/shard-000" ]
ok $? "a --shards build waiting for its input has begun"
run "$INDEXER" --shards=2 "$T/busy.idx" "$CORPUS"
is "$rc" 2 "a second --shards build of the same index while it runs: exit 2"
is "$err" "indexer: another indexer is building '$T/busy.idx' (it holds '$T/busy.idx.building'): wait for it to finish" \
	"and says why (before, it removed the running build as an unfinished one)"
run "$INDEXER" --bulk "$T/busy.idx" "$CORPUS"
like "$rc $err" "^2 indexer: another indexer is building '$T/busy.idx'" "--bulk of the same index: refused"
run "$INDEXER" "$T/busy.idx" "$CORPUS"
is "$rc $err" "2 indexer: '$T/busy.idx' is being built by another indexer (--bulk or --shards): wait for it to finish" \
	"an ordinary run into it: refused"
run "$INDEXER" --check "$T/busy.idx"
is "$rc $err" "2 indexer: '$T/busy.idx' is a sharded build still running: check it when it ends" \
	"--check: says the build is running"
printf 'A held release\n\nVIENNA, 2 May 2016 - Text of the held release.\n' >&7
exec 7>&-
wait "$busy"
like "$? $(cat "$T/busy.out")" "^0 1 added, " "the first build then finishes"
is "$("$QUERY" --format=ids "$T/busy.idx" held)" "held" "with its document"
[ ! -e "$T/busy.idx.building" ]
ok $? "and removes its lock file"

run "$INDEXER" --bulk --shards=2 "$T/x.idx" "$CORPUS"
is "$rc" 2 "--bulk with --shards: exit 2"
like "$err" "choose one" "--bulk with --shards: the message"

done_testing
