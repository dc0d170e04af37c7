#!/usr/bin/env bash
# Batch mode: queries from stdin, one a line (QID<TAB>query or a query
# whose qid is its line number), each record carrying its qid; bad lines
# reported and skipped; the exit status over all queries.
. "$(dirname "$0")/test-lib.sh"
index_corpus
I=$T/corpus.idx

printf 'q1\tviolence\ntrafficking\n\n   \nq4\t"domestic violence" Kazakhstan\n' >"$T/queries"

# Each query's results are those of the query run alone.
run "$QUERY" --format=json -n 3 "$I" - <"$T/queries"
is "$rc" 0 "batch: exit 0"
is "$(echo "$out" | jq -r .qid | uniq | tr '\n' ' ')" "q1 2 q4 " "json: qid from QID<TAB>, else the line number; blank lines skipped"
for q in q1:violence 2:trafficking 'q4:"domestic violence" Kazakhstan'; do
	qid=${q%%:*} text=${q#*:}
	is "$(echo "$out" | jq -r --arg q "$qid" 'select(.qid == $q) | .id')" "$(ids "$I" -n 3 "$text")" "batch query $qid: the results of the query alone"
done
is "$(echo "$out" | jq -r 'select(.qid == "q4") | .rank' | tr '\n' ' ')" "1 2 3 " "ranks start again with each query"

# TSV: qid first; trec: qid in column 1; ids: QID<TAB>id; text: a header per query.
run "$QUERY" --format=tsv -n 1 "$I" - <"$T/queries"
is "$(echo "$out" | cut -f1,2,3)" "qid	rank	score
q1	1	$("$QUERY" --format=tsv -n 1 "$I" violence | awk -F'\t' 'NR == 2 { print $2 }')
2	1	$("$QUERY" --format=tsv -n 1 "$I" trafficking | awk -F'\t' 'NR == 2 { print $2 }')
q4	1	$("$QUERY" --format=tsv -n 1 "$I" '"domestic violence"' Kazakhstan | awk -F'\t' 'NR == 2 { print $2 }')" "tsv: one header, qid first"
run "$QUERY" --format=trec -n 2 --run-tag=t "$I" - <"$T/queries"
is "$(awk '{ print $1, $4 }' <<<"$out" | tr '\n' ';')" "q1 1;q1 2;2 1;2 2;q4 1;q4 2;" "trec: the qid in column 1"
run "$QUERY" --format=ids -n 1 "$I" - <"$T/queries"
is "$out" "q1	$(ids "$I" -n 1 violence)
2	$(ids "$I" -n 1 trafficking)
q4	$(ids "$I" -n 1 '"domestic violence"' Kazakhstan)" "ids: QID<TAB>id"
run "$QUERY" -n 1 "$I" - <"$T/queries"
is "$(grep '^query ' <<<"$out")" 'query q1: violence
query 2: trafficking
query q4: "domestic violence" Kazakhstan' "text: a header line per query"
run "$QUERY" --count "$I" - <"$T/queries"
is "$out" "q1	$("$QUERY" --count "$I" violence)
2	$("$QUERY" --count "$I" trafficking)
q4	$("$QUERY" --count "$I" '"domestic violence"' Kazakhstan)" "--count: QID<TAB>count"

# Summaries and facets carry the qid.
run "$QUERY" --format=json -n 0 --summary --facet=lang "$I" - <"$T/queries"
is "$(echo "$out" | jq -r 'select(has("summary")) | "\(.summary.qid)=\(.summary.matches)"' | tr '\n' ' ')" \
	"q1=$("$QUERY" --count "$I" violence) 2=$("$QUERY" --count "$I" trafficking) q4=$("$QUERY" --count "$I" '"domestic violence"' Kazakhstan) " "json summaries with their qid"
is "$(echo "$out" | jq -r 'select(has("facet")) | .qid' | tr '\n' ' ')" "q1 2 q4 " "json facets with their qid"
# The query is printed without its line end, CR LF included.
printf 'violence\r\nq2\ttrafficking\n' >"$T/crlf"
run "$QUERY" --format=json -n 0 --summary "$I" - <"$T/crlf"
is "$(echo "$out" | jq -c '.summary.query')" '"violence"
"trafficking"' "json summaries: the query without its line end"
run "$QUERY" -n 1 --snippet-length=0 "$I" - <"$T/crlf"
is "$(head -2 <<<"$out" | awk '{ print $1 }' | tr '\n' ' ')" "query 1 " \
	"text: the results follow the query's line, with no empty line between"
run "$QUERY" --format=tsv -n 0 --facet=lang "$I" - <"$T/queries"
is "$(echo "$out" | awk 'BEGIN { RS = ""; FS = "\n" } NR == 2 { print }' | cut -f1,2,3 | head -2)" "qid	facet	value
q1	lang	en" "tsv facets: one table after all results, qid first"

# Bad lines: reported with their number; the rest run; exit 2.
printf 'violence\n((broken\n3\tdate:2012-02-30\ntrafficking\n' >"$T/bad"
run "$QUERY" --format=ids -n 1 "$I" - <"$T/bad"
is "$rc" 2 "a bad line: exit 2"
is "$(cut -f1 <<<"$out" | tr '\n' ' ')" "1 4 " "the good lines still run"
like "$err" "^query: line 2: invalid query: unbalanced parenthesis: this '\(' has no closing '\)'
  \(\(broken
   \^
query: line 3: invalid query: impossible date '2012-02-30'" "each bad line is named with its message and a caret"

# Exit status: 0 if any query matched, 1 if none did.
printf 'zzxqv\nviolence\n' | "$QUERY" --format=ids "$I" - >/dev/null
ok $? "some query matched: exit 0"
printf 'zzxqv\nqqqzz\n' | "$QUERY" --format=ids "$I" - >/dev/null
is "$?" 1 "no query matched: exit 1"
"$QUERY" --format=ids "$I" - </dev/null >/dev/null
is "$?" 1 "no query at all: exit 1"
# Did you mean, per line.
run "$QUERY" --format=tsv "$I" - <<<'violense'
is "$err" "query: line 1: did you mean: violence" "did you mean, with the line"
run "$QUERY" --format=ids "$I" - <<<'violense'
is "$err" "" "no did you mean in the formats for programs (ids, paths, trec)"
# A query of '-' alone among other words is a word, not batch mode.
run "$QUERY" --format=ids -n 1 "$I" violence -
is "$out" "$(ids "$I" -n 1 violence)" "'-' after other words is no batch"

# Many queries in one process: the Cranfield queries, if the shared
# collections are here.
if [ -f "$SHARED/cranfield/queries.tsv" ]; then
	"$INDEXER" -q "$T/cran.idx" "$SHARED/cranfield/docs.jsonl.gz" >/dev/null
	start=$(date +%s.%N)
	run "$QUERY" --format=trec -n 100 --snippet-length=0 "$T/cran.idx" - <"$SHARED/cranfield/queries.tsv"
	secs=$(echo "$start $(date +%s.%N)" | awk '{ printf "%.2f", $2 - $1 }')
	is "$rc" 0 "all $(wc -l <"$SHARED/cranfield/queries.tsv") Cranfield queries run in one process (${secs}s)"
	is "$(awk '{ print $1 }' <<<"$out" | uniq | wc -l)" "$(wc -l <"$SHARED/cranfield/queries.tsv")" "... each with results under its qid"
	is "$(awk '{ print $1 }' <<<"$out" | uniq | tr '\n' ' ' | head -c 20)" "$(cut -f1 "$SHARED/cranfield/queries.tsv" | tr '\n' ' ' | head -c 20)" "... in the order of the file"
else
	skip "the shared Cranfield collection is not here ($SHARED/cranfield)"
	skip "the shared Cranfield collection is not here"
	skip "the shared Cranfield collection is not here"
fi

done_testing
