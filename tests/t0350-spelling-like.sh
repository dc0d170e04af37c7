#!/usr/bin/env bash
# "Did you mean" from the index's spelling data, and --like: documents
# similar to a given one.
. "$(dirname "$0")/test-lib.sh"
index_corpus
I=$T/corpus.idx

# The indexer fills the spelling data.
[ -d "$I/spelling.glass" ] || [ -f "$I/spelling.glass" ] || ls "$I" | grep -q '^spelling\.'
ok $? "the index has a spelling table"

# A word the index lacks: the closest spelling of the index, on stderr.
run "$QUERY" "$I" 'domestik violense'
is "$rc:$out" "1:" "misspelt words: no match, exit 1"
is "$err" "query: did you mean: domestic violence" "text: did you mean, on stderr"
run "$QUERY" "$I" '"domestik violence" place:almaty'
is "$err" 'query: did you mean: "domestic violence" place:almaty' "the rest of the query is kept as written"
run "$QUERY" "$I" 'title:electons'
is "$err" "query: did you mean: title:elections" "a word of a field"
run "$QUERY" "$I" 'Kazakstan'
is "$err" "query: did you mean: kazakhstan" "a name, folded as the index holds it"
run "$QUERY" "$I" 'насилия полицией'
is "$err" "" "words the index holds: no suggestion"
run "$QUERY" "$I" 'violence zzxqvw'
is "$rc:$err" "0:" "a word far from every other: no suggestion (and the other word matches)"
run "$QUERY" "$I" 'police -violense'
is "$err" "" "an excluded word is not corrected"
run "$QUERY" "$I" '20199'
is "$err" "" "numbers are not corrected"
# JSON: in the summary if there is one, else on stderr.
run "$QUERY" --format=json --summary "$I" 'traficking'
is "$(echo "$out" | tail -1 | jq -r .summary.did_you_mean)" "trafficking" "json --summary: did_you_mean"
is "$err" "" "... and nothing on stderr"
run "$QUERY" --format=json "$I" 'traficking'
is "$err" "query: did you mean: trafficking" "json without a summary: on stderr"
run "$QUERY" --format=json --summary "$I" 'trafficking'
is "$(echo "$out" | tail -1 | jq 'has("summary") and (.summary | has("did_you_mean") | not)')" true "no did_you_mean when every word is known"

# --like: the documents that share the most telling words with one.
D=2009-2014/2009-03-06-almaty-domestic-violence-law.txt
run "$QUERY" --like="$D" --format=ids -n 100 "$I"
is "$rc" 0 "--like: exit 0"
ok "$(grep -cxF "$D" <<<"$out")" "--like: the document itself is left out"
# The other two releases on domestic violence in Kazakhstan (t0200) first.
is "$(head -2 <<<"$out" | sort)" "2015-2020/2015-09-15-almaty-domestic-violence-police-training.txt
2021-2026/2024-06-18-astana-domestic-violence-new-law.txt" "--like: the other Kazakh domestic violence releases first"
run "$QUERY" --like="$D" --format=json -n 100 "$I" 'place:"new york"'
is "$(echo "$out" | jq -r .place | sort -u)" "New York" "--like with a query: the query restricts them"
is "$(echo "$out" | wc -l)" "$("$QUERY" --count "$I" 'place:"new york"')" "... to the documents like it that it matches"
run "$QUERY" --like="$D" --format=ids -n 100 --since=2020 "$I"
is "$(cut -d/ -f2 <<<"$out" | cut -c1-4 | sort -u | head -1)" 2020 "--like with --since"
run "$QUERY" --like="$D" --format=json --explain=1 -n 1 "$I"
is "$(echo "$out" | jq -r '((.explain.parts | map(.weight) | add) - .score) | if . < 0.0001 and . > -0.0001 then "sums" else "differs" end')" sums "--like --explain: the terms' weights add up to the score"
is "$(echo "$out" | jq -r '.explain.parts | length')" 20 "--like: twenty terms"
run "$QUERY" --like="$D" -n 1 "$I"
like "$out" "\[[A-Za-z]+\]" "--like: the terms are highlighted in snippets"
run "$QUERY" --like=no/such/file.txt "$I"
is "$rc:$err" "2:query: --like: no document with id 'no/such/file.txt'" "--like of an unknown id"
run "$QUERY" --like= "$I"
is "$rc:$err" "2:query: --like needs a document id" "--like with no id"
run "$QUERY" --like="$D" "$I" '(broken'
is "$rc" 2 "--like with a malformed query: exit 2"
like "$err" "unbalanced parenthesis" "... and the query's error"

done_testing
