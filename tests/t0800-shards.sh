#!/usr/bin/env bash
# Several indexes searched as one: the corpus indexed once, and again as
# three shards of disjoint files, rank alike (Xapian combines the shards'
# statistics); the shards given with -i, in a stub file, in a stub
# directory (as indexer --shards makes), in nested stubs; facets, batch
# mode, --like, --explain and "did you mean" over shards; the languages of
# every shard; a shard that cannot be opened, with and without --partial.
. "$(dirname "$0")/test-lib.sh"
index_corpus
ONE=$T/corpus.idx

shard_corpus
total=$(wc -l <"$T/files")
is "$(("$QUERY" --count "$T/s0" 'date:1900..2100'; "$QUERY" --count "$T/s1" 'date:1900..2100';
	"$QUERY" --count "$T/s2" 'date:1900..2100') | awk '{ n += $1 } END { print n }')" "$total" \
	"the three shards hold the $total documents between them"
"$QUERY" --count "$T/s0" 'lang:zh' >/dev/null
is "$?" 1 "the first shard has no Chinese release"

SHARDS=(-i "$T/s0" -i "$T/s1" -i "$T/s2")
for q in trafficking '"domestic violence"' 'title:elections' 'water co-operation' \
	'women AND (police OR policing)' '"电子商务"' 'place:almaty' \
	'org:osce date:2015..2020' 'egalite salariale lang:fr'; do
	ranking "$T/r1" "$ONE" "$q"
	ranking "$T/r3" "${SHARDS[@]}" "$q"
	same_ranking "$T/r1" "$T/r3"
	ok $? "-i s0 -i s1 -i s2 '$q': the ranking of the single index ($(wc -l <"$T/r1") results)"
done
# Russian with BM25: the divergence-from-randomness models (ineb2, the
# default, pl2, dph) weigh these words at infinity even in one index.
for q in 'бытовое насилие' 'женщины'; do
	ranking "$T/r1" --model=bm25 "$ONE" "$q"
	ranking "$T/r3" --model=bm25 "${SHARDS[@]}" "$q"
	same_ranking "$T/r1" "$T/r3"
	ok $? "--model=bm25 -i s0 -i s1 -i s2 '$q': the ranking of the single index ($(wc -l <"$T/r1") results)"
done
ranking "$T/r1" --model=bm25 "$ONE" 'domestic violence law'
ranking "$T/r3" --model=bm25 "${SHARDS[@]}" 'domestic violence law'
same_ranking "$T/r1" "$T/r3"
ok $? "--model=bm25: the same ranking too"
is "$("$QUERY" --count "${SHARDS[@]}" violence)" "$("$QUERY" --count "$ONE" violence)" "--count: the same number"
run "$QUERY" --format=json -n 1 "${SHARDS[@]}" '"domestic violence"' Kazakhstan
is "$(jq -r .id <<<"$out")" "2021-2026/2024-06-18-astana-domestic-violence-new-law.txt" "each result shows its document's own id"

# A stub file (comments, empty lines, paths relative to the stub's
# directory), a stub directory as indexer --shards makes it, nested stubs.
mkdir "$T/stubs"
printf '# the three shards\n\nauto ../s0\nauto %s\nglass ../s2\n' "$T/s1" >"$T/stubs/all.stub"
ranking "$T/r1" "$ONE" trafficking
ranking "$T/r3" "$T/stubs/all.stub" trafficking
same_ranking "$T/r1" "$T/r3"
ok $? "a stub file: the same ranking"
mkdir "$T/sharded"
for s in 0 1 2; do cp -r "$T/s$s" "$T/sharded/shard-00$s"; done
printf 'auto shard-000\nauto shard-001\nauto shard-002\n' >"$T/sharded/XAPIANDB"
ranking "$T/r3" "$T/sharded" trafficking
same_ranking "$T/r1" "$T/r3"
ok $? "a stub directory (indexer --shards): the same ranking"
printf 'auto stubs/../sharded/shard-000\nauto nested.stub\n' >"$T/outer.stub"
printf 'auto sharded/shard-001\nauto sharded/shard-002\n' >"$T/nested.stub"
ranking "$T/r3" "$T/outer.stub" trafficking
same_ranking "$T/r1" "$T/r3"
ok $? "nested stubs: the same ranking"
run "$QUERY" --format=json --summary -n 0 -i "$T/s1" -i "$T/s2" 'title:(water' 'OR trafficking)'
is "$(jq -r .summary.query <<<"$out")" "title:(water OR trafficking)" "with -i, every argument is the query"
ranking "$T/r3" -i "$T/s0" -i "$T/stubs/all.stub" trafficking
awk 'NR == 1 { print $1 }' "$T/r3" >"$T/best"
is "$(cat "$T/best")" "$(awk 'NR == 1 { print $1 }' "$T/r1")" "-i mixes with stubs"

# Facets count over every shard.
for f in org place year lang; do
	is "$("$QUERY" --format=json -n 0 --facet=$f --facet-limit=0 "${SHARDS[@]}" 'violence OR women' | jq -c .)" \
		"$("$QUERY" --format=json -n 0 --facet=$f --facet-limit=0 "$ONE" 'violence OR women' | jq -c .)" \
		"--facet=$f over the shards: the counts of the single index"
done

# Batch mode over the shards.
printf 'q1\tviolence\nq2\ttrafficking\nq3\t"water co-operation"\n' >"$T/queries"
"$QUERY" --format=trec -n 20 "$ONE" - <"$T/queries" | awk '{ print $1 "|" $3 "\t" $5 }' >"$T/b1"
"$QUERY" --format=trec -n 20 "${SHARDS[@]}" - <"$T/queries" | awk '{ print $1 "|" $3 "\t" $5 }' >"$T/b3"
same_ranking "$T/b1" "$T/b3"
ok $? "batch mode (-i ... -): each query ranked as over the single index"

# --like, --explain and "did you mean".
like_id=2015-2020/2017-07-30-pristina-human-trafficking-day.txt
ranking "$T/r1" --like=$like_id "$ONE"
ranking "$T/r3" --like=$like_id "${SHARDS[@]}"
same_ranking "$T/r1" "$T/r3"
ok $? "--like over the shards: the documents and scores of the single index"
e1=$("$QUERY" --format=json -n 2 --explain "$ONE" 'trafficking women' | jq -c '[.id, .explain]')
e3=$("$QUERY" --format=json -n 2 --explain "${SHARDS[@]}" 'trafficking women' | jq -c '[.id, .explain]')
is "$e3" "$e1" "--explain over the shards: the same parts, weights and statistics"
like "$(jq -r '.[1].doccount' <<<"$e3" | head -1)" "^$total\$" "--explain counts the documents of every shard"
run "$QUERY" "${SHARDS[@]}" traffiking
like "$err" "did you mean: trafficking" "did you mean: from the spelling data of every shard"

# A shard that cannot be opened is named; the query fails (exit 2).
run "$QUERY" -i "$T/s0" -i "$T/nope" -i "$T/s2" trafficking
is "$rc" 2 "a missing shard: exit 2"
is "$err" "query: cannot open index '$T/nope': no such index (make one with 'indexer $T/nope FILES...')" "and its name"
is "$out" "" "and no results"
printf 'auto s0\nauto gone\n' >"$T/gone.stub"
run "$QUERY" "$T/gone.stub" trafficking
is "$rc" 2 "a stub naming a missing shard: exit 2"
like "$err" "cannot open index '$T/gone': no such index" "the shard is named by its path"
# With --partial the others answer, and say so.
run "$QUERY" --partial -n 3 -i "$T/s0" -i "$T/nope" -i "$T/s2" trafficking
is "$rc" 0 "--partial: exit 0"
is "$(head -1 <<<"$out")" "partial results: 1 of 3 indexes left out: $T/nope" "--partial text: a line says what is missing"
is "$err" "query: cannot open index '$T/nope': no such index (make one with 'indexer $T/nope FILES...')
query: searching 2 of the 3 indexes (--partial)" "--partial: stderr names it and says what is searched"
ranking "$T/r2" -i "$T/s0" -i "$T/s2" trafficking
"$QUERY" --partial --format=tsv --fields=id,score -n 100 -i "$T/s0" -i "$T/nope" -i "$T/s2" trafficking 2>/dev/null |
	tail -n +2 >"$T/rp"
same_ranking "$T/r2" "$T/rp"
ok $? "--partial: the ranking of the shards that are there"
run "$QUERY" --partial --format=json --summary -n 1 "$T/gone.stub" trafficking
is "$(tail -1 <<<"$out" | jq -c '[.summary.partial, .summary.missing]')" "[true,[\"$T/gone\"]]" \
	"--partial json: the summary says partial and names the missing"
run "$QUERY" --format=json --summary -n 1 "${SHARDS[@]}" trafficking
is "$(tail -1 <<<"$out" | jq -c '[.summary.partial, .summary.missing]')" "[null,null]" \
	"a complete search: no partial nor missing in the summary"
run "$QUERY" --partial -i "$T/nope" -i "$T/nope2" trafficking
is "$rc" 2 "--partial with no shard left: exit 2"
like "$err" "query: none of the 2 indexes can be opened" "and says so"

# Bad stubs and options.
printf 'auto s0\nbogus line\n' >"$T/bad.stub"
run "$QUERY" "$T/bad.stub" trafficking
is "$rc" 2 "a stub with a bad line: exit 2"
is "$err" "query: cannot open index '$T/bad.stub': not a dateline index (DatabaseOpeningError: $T/bad.stub:2: Bad line)" \
	"Xapian's message, with the line number"
printf 'auto loop.stub\n' >"$T/loop.stub"
run "$QUERY" "$T/loop.stub" trafficking
is "$rc" 2 "a stub that lists itself: exit 2"
is "$err" "query: cannot open index '$T/loop.stub': stubs nested more than 16 deep (does one list itself?) at '$T/loop.stub'" \
	"and says so"
run "$QUERY" --remote=localhost trafficking
is "$rc" 2 "--remote without a port: exit 2"
is "$err" "query: --remote needs HOST:PORT (a port from 1 to 65535; [ADDRESS]:PORT for IPv6), not 'localhost'" "and says what it needs"
run "$QUERY" --remote=127.0.0.1:70000 trafficking
is "$rc" 2 "--remote with a port out of range: exit 2"
run "$QUERY" --timeout=0 "$ONE" trafficking
is "$rc" 2 "--timeout=0: exit 2"
is "$err" "query: --timeout needs a number of seconds from 0.001 to 86400, not '0'" "and says what it needs"
run "$QUERY" -i "$ONE"
is "$rc" 2 "-i without a query: exit 2"
like "$err" "empty query" "every argument after the options is the query"

run "$QUERY" --help
like "$out" "--remote=HOST:PORT" "--help documents --remote"
like "$out" "--partial" "--help documents --partial"

done_testing
