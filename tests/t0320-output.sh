#!/usr/bin/env bash
# The output formats: the JSON schema (checked with jq), --fields, ids,
# paths, -0, trec; --explain; and the errors of options that do not go
# together.
. "$(dirname "$0")/test-lib.sh"
index_corpus
I=$T/corpus.idx

# The JSON schema of a result: each documented field has its type.
cat >"$T/meta.jsonl" <<'EOF'
{"id": "j1", "title": "OSCE report on water", "text": "The OSCE Mission to Skopje reported on water and on the Ministry of Environment.", "date": "2019-05", "place": "Skopje", "author": "Jane Doe"}
{"id": "j2", "title": "Second report", "text": "More water.", "date": "2020"}
EOF
"$INDEXER" -q "$T/j.idx" "$T/meta.jsonl" >/dev/null
run "$QUERY" --format=json --summary --facet=org "$T/j.idx" water
is "$rc" 0 "json with a summary and a facet: exit 0"
results=$(echo "$out" | jq -c 'select(has("rank"))')
is "$(echo "$results" | wc -l)" 2 "two result objects"
echo "$results" | jq -se 'length == 2 and all(
	(.rank | type == "number" and . >= 1 and floor == .) and
	(.score | type == "number") and
	(.id | type == "string") and
	(.title | type == "string") and
	(.date | type == "string" and test("^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")) and
	((.place // "") | type == "string") and
	(.lang | type == "string") and
	((.orgs // []) | type == "array" and all(type == "string")) and
	(.source | type == "string") and
	(.line | type == "number") and
	((.meta // {}) | type == "object" and all(.[]; type == "string")) and
	(.snippet | type == "string") and
	(.snippet as $s | .highlights | type == "array" and
		all(type == "array" and length == 2 and .[0] < .[1] and .[1] <= ($s | length))))
' >/dev/null
ok $? "every result field has its documented type"
is "$(echo "$results" | jq -r 'select(.id == "j1") | [.date, .place, .line, .meta.author, (.orgs | join("|"))] | @tsv')" \
	"2019-05	Skopje	1	Jane Doe	OSCE|OSCE Mission to Skopje|Ministry of Environment" "the values of a JSON Lines document, its orgs in order of mention"
is "$(echo "$results" | jq -r 'select(.id == "j2") | has("orgs"), has("place"), has("meta")' | tr '\n' ' ')" "false false false " "fields without a value are left out"
echo "$out" | jq -se 'map(select(has("facet"))) | length == 1 and (.[0] | (.facet == "org") and (.documents == 2) and
	(.counts | type == "array" and all(has("value") and has("count") and (.count | type == "number"))))' >/dev/null
ok $? "a facet object: facet, documents, counts of value and count"
echo "$out" | tail -1 | jq -e '.summary | (.query == "water") and (.parsed | type == "string" and test("Zwater")) and
	(.matches == 2) and (.matches_lower == 2) and (.matches_upper == 2) and (.returned == 2) and
	(.offset == 0) and (.elapsed_ms | type == "number") and (has("did_you_mean") | not)' >/dev/null
ok $? "the summary: query, parsed query, matches and bounds, returned, offset, elapsed_ms"
is "$(echo "$out" | jq -r 'if has("rank") then "result" elif has("facet") then "facet" else "summary" end' | uniq | tr '\n' ' ')" "result facet summary " "results, then facets, then the summary"

# --fields: the fields of JSON and the columns of TSV, in the order given.
run "$QUERY" --format=json --fields=id,score,orgs -n 2 "$I" '"domestic violence"' Kazakhstan
is "$(echo "$out" | jq -r 'keys_unsorted | join(",")' | sort -u)" "id,score,orgs" "json --fields: only those, in that order"
run "$QUERY" --format=tsv --fields=date,id -n 2 --sort=date "$I" title:elections
is "$out" "date	id
2009-07-30	2009-2014/2009-07-30-chisinau-parliamentary-elections-findings.txt
2012-10-29	2009-2014/2012-10-29-kyiv-parliamentary-elections-observers.txt" "tsv --fields: a header and those columns"
run "$QUERY" --format=tsv --fields=orgs,highlights -n 1 "$T/j.idx" water
is "$out" "orgs	highlights
OSCE; OSCE Mission to Skopje; Ministry of Environment	39-44" "tsv: orgs joined with '; ', highlights as start-end character offsets"
is "$("$QUERY" --format=tsv --fields=meta -n 5 --sort=date "$T/j.idx" water | sed 's/^$/(empty)/')" 'meta
{"author":"Jane Doe"}
(empty)' "tsv: meta as a JSON object (empty without metadata)"
run "$QUERY" --fields=id,colour "$I" violence
is "$rc:$err" "2:query: unknown field 'colour' in --fields (qid, rank, score, id, title, date, place, lang, orgs, source, line, meta, snippet, highlights)" "--fields: an unknown field"
run "$QUERY" --fields=id "$I" violence
is "$rc:$err" "2:query: --fields chooses the fields of --format=json or --format=tsv only" "--fields with text"

# ids: one id per line, in rank order.
is "$("$QUERY" --format=ids -n 3 "$I" violence)" "$(ids "$I" -n 3 violence)" "ids: the ids in rank order"
# paths: the source files, once each.
run "$QUERY" --format=paths -n 100 "$I" 'place:almaty'
is "$out" "$(ls "$CORPUS"/*/*almaty* | grep -v -- -ru- | sort -r)" "paths: the files, as the indexer was given them (newest first for filters)"
run "$QUERY" --format=paths "$T/j.idx" water
is "$out" "$T/meta.jsonl" "paths: a JSON Lines file once, though two results come from it"
# -0: NUL-terminated, for xargs -0.
is "$("$QUERY" --format=ids -0 -n 2 "$I" violence | tr '\0' '\n')" "$(ids "$I" -n 2 violence)" "-0: the same ids"
is "$("$QUERY" --format=ids -0 -n 2 "$I" violence | tr -cd '\0\n' | tr '\0\n' 'zn')" "zz" "-0: each ends with NUL, none with a newline"
is "$("$QUERY" --format=paths -0 -n 3 "$I" 'place:"new york"' | xargs -0 grep -l 'NEW YORK' | wc -l)" 3 "-0 into xargs -0"
run "$QUERY" -0 "$I" violence
is "$rc:$err" "2:query: -0 ends records with NUL in --format=ids or --format=paths only" "-0 with text"

# trec: qid Q0 docid rank score tag.
run "$QUERY" --format=trec -n 3 "$I" violence
is "$(awk '{ print NF, $1, $2, $4, $6 }' <<<"$out" | tr '\n' ';')" "6 1 Q0 1 dateline;6 1 Q0 2 dateline;6 1 Q0 3 dateline;" "trec: six columns, qid 1, Q0, ranks, the default tag"
is "$(awk '{ print $3 }' <<<"$out")" "$(ids "$I" -n 3 violence)" "trec: the document ids"
is "$(awk '{ print $5 }' <<<"$out" | sort -rn | tr '\n' ' ')" "$(awk '{ print $5 }' <<<"$out" | tr '\n' ' ')" "trec: descending scores"
run "$QUERY" --format=trec --run-tag=bm25-k1.2 -n 1 "$I" violence
like "$out" " bm25-k1.2$" "--run-tag"
run "$QUERY" --format=trec --run-tag='two words' "$I" violence
is "$rc" 2 "a run tag with a space: exit 2"
printf '{"id": "has space", "title": "x", "text": "water"}\n' >"$T/sp.jsonl"
"$INDEXER" -q "$T/sp.idx" "$T/sp.jsonl" >/dev/null
is "$("$QUERY" --format=trec "$T/sp.idx" water | awk '{ print $3 }')" "has_space" "trec: white space in an id becomes _"

# --explain: each part's weight, adding up to the score.
run "$QUERY" --format=json --explain -n 5 "$I" '"domestic violence"' Kazakhstan 'organi*'
is "$rc" 0 "json --explain: exit 0"
echo "$out" | jq -se 'length == 5 and all(.explain | (.score | type == "number") and (.doclength > 0) and (.doccount == '"$(find "$CORPUS" -type f | wc -l)"') and
	(.avlength > 0) and (.model == "ineb2 c=1") and
	(.parts | all((.query | type == "string") and (.field | type == "string") and (.weight | type == "number") and
		(.terms | all((.term | type == "string") and (.wdf | type == "number") and (.termfreq | type == "number"))))))' >/dev/null
ok $? "the explain object has its documented fields"
is "$(echo "$out" | jq -r '((.explain.parts | map(.weight) | add) - .explain.score) | if . < 0.0001 and . > -0.0001 then "sums" else "differs by \(.)" end' | sort -u)" "sums" "each score is the sum of its parts' weights"
is "$(echo "$out" | jq -r '(.score - .explain.score) | if . < 0.0001 and . > -0.0001 then "same" else "differs" end' | sort -u)" "same" "the explained score is the result's"
is "$(echo "$out" | jq -r '.explain.parts[].query' | sort -u | tr '\n' '|')" '"domestic violence"|Kazakhstan|organi*|' "the parts are the query's words, phrase and prefix"
is "$(echo "$out" | jq -r 'select(.rank == 1) | .explain.parts[] | select(.query == "\"domestic violence\"") | .terms | map("\(.term):\(.wdf)") | join(" ")')" \
	"domestic:$(tr -s ' \n' '\n\n' <"$CORPUS/2021-2026/2024-06-18-astana-domestic-violence-new-law.txt" | grep -ci '^domestic\b') violence:$(tr -s ' \n' '\n\n' <"$CORPUS/2021-2026/2024-06-18-astana-domestic-violence-new-law.txt" | grep -ci '^violence\b')" \
	"the wdf of each term is its count in the document"
is "$(echo "$out" | jq -r '.explain.parts[] | select(.query == "\"domestic violence\"" and .weight > 0) | ((.terms | map(.weight) | add) - .weight) | if . < 0.0001 and . > -0.0001 then "sums" else "differs" end' | sort -u)" sums "a phrase's terms' weights add up to its weight"
is "$(echo "$out" | jq -r '[.explain.parts[] | select(.query == "Kazakhstan") | .terms[] | has("weight")] | any' | sort -u)" false "a word's stems weigh as one: no weight per term"
run "$QUERY" --explain=2 -n 3 "$I" violence
is "$(grep -c 'explain: score' <<<"$out")" 1 "--explain=RANK: that result only"
like "$out" "explain: score [0-9.]+ = the sum of these weights" "text --explain: a line per part and the sum"
is "$(awk '/explain: score/ { s = $3 } / sum$/ { t = $1 } END { d = s - t; print (d < 0.001 && d > -0.001) ? "equal" : s " " t }' <<<"$out")" equal "text --explain: the sum line equals the score"
run "$QUERY" --explain=11 "$I" violence
is "$rc:$err" "2:query: --explain=11: rank 11 is not among the results printed (ranks 1 to 10)" "--explain=RANK beyond the printed results"
run "$QUERY" --explain=0 "$I" violence
is "$rc" 2 "--explain=0: exit 2"
run "$QUERY" --explain --format=tsv "$I" violence
is "$rc:$err" "2:query: --explain prints in --format=text or --format=json only" "--explain with tsv"
run "$QUERY" --format=json --explain -n 20 "$I" 'place:almaty'
is "$(echo "$out" | jq -r '.explain.parts | length' | sort -u)" 0 "filters weigh nothing: no parts"

done_testing
