#!/usr/bin/env bash
# Output formats: text, JSON Lines (parsed back by jq), TSV; limits, offsets, counts.
. "$(dirname "$0")/test-lib.sh"
index_corpus
I=$T/corpus.idx

# JSON Lines: one valid object per result, with the documented fields.
run "$QUERY" --format=json -n 5 "$I" '"domestic violence"' Kazakhstan
is "$rc" 0 "json: exit 0"
is "$(echo "$out" | wc -l)" 5 "json: one line per result"
echo "$out" | jq -e . >/dev/null
ok $? "json: every line parses with jq"
is "$(echo "$out" | jq -r '.rank' | tr '\n' ' ')" "1 2 3 4 5 " "json: ranks 1..5"
is "$(echo "$out" | jq -r 'keys_unsorted | join(",")' | head -1)" "rank,score,id,title,date,place,lang,orgs,source,snippet,highlights" "json: field names and order"
is "$(echo "$out" | jq -r 'select(.rank == 1) | .id')" "2021-2026/2024-06-18-astana-domestic-violence-new-law.txt" "json: id of the best result"
is "$(echo "$out" | jq -r 'select(.rank == 1) | .place')" "Astana, Kazakhstan" "json: place"
is "$(echo "$out" | jq -r 'select(.rank == 1) | .date')" "2024-06-18" "json: date"
is "$(echo "$out" | jq -r 'select(.rank == 1) | .lang')" "en" "json: lang"
echo "$out" | jq -se 'all(.score | type == "number" and . > 0)' >/dev/null
ok $? "json: scores are positive numbers"
# Highlights are character offsets of matched words inside the snippet.
words=$(echo "$out" | jq -r '.snippet as $s | .highlights[] | $s[.[0]:.[1]]' | tr 'A-Z' 'a-z' | sort -u | tr '\n' ' ')
like "$words" "domestic .*kazakhstan.*violence" "json: highlights point at the matched words"
echo "$out" | jq -se 'map(.snippet | test("\\[")) | any | not' >/dev/null
ok $? "json: snippets carry no markers"
# Descending scores.
is "$(echo "$out" | jq -s '[.[].score] | . == (sort | reverse)')" "true" "json: results in descending score order"

# Cyrillic and quotes survive JSON encoding.
run "$QUERY" --format=json -n 1 "$I" 'бытовое насилие'
is "$(echo "$out" | jq -r .title)" "В Алматы обсудили работу кризисных центров для пострадавших от бытового насилия" "json: UTF-8 titles round-trip"
is "$(echo "$out" | jq -r .place)" "Алматы, Казахстан" "json: place in Cyrillic"

# Summary object.
run "$QUERY" --format=json --summary -n 2 "$I" violence
is "$(echo "$out" | tail -1 | jq -r '.summary.returned')" 2 "json --summary: returned"
is "$(echo "$out" | tail -1 | jq -r '.summary.matches')" "$("$QUERY" --count "$I" violence)" "json --summary: matches equals --count"
is "$(echo "$out" | tail -1 | jq -r '.summary.query')" "violence" "json --summary: the query"

# TSV: a header and tab-separated columns.
run "$QUERY" --format=tsv -n 3 "$I" trafficking
is "$(echo "$out" | head -1)" "$(printf 'rank\tscore\tid\tdate\tplace\tlang\ttitle\tsnippet')" "tsv: header"
is "$(echo "$out" | wc -l)" 4 "tsv: header and three rows"
is "$(echo "$out" | awk -F'\t' '{print NF}' | sort -u)" 8 "tsv: eight columns on every line"
is "$(echo "$out" | grep -c '\[')" 0 "tsv: no highlight markers by default"
run "$QUERY" --format=tsv --highlight=brackets -n 1 "$I" trafficking
like "$out" "\[[Tt]rafficking\]" "tsv --highlight=brackets marks words"

# Text: brackets when piped, nothing when asked.
run "$QUERY" -n 1 "$I" trafficking
like "$out" "\[[Tt]rafficking\]" "text: matched words in brackets when piped"
like "$out" "^  1 " "text: starts with the rank"
run "$QUERY" -n 1 --highlight=none "$I" trafficking
is "$(echo "$out" | grep -c '\[')" 0 "text --highlight=none"
run "$QUERY" -n 1 --snippet-length=0 "$I" trafficking
is "$(echo "$out" | wc -l)" 2 "text --snippet-length=0: rank line and title only"

# Limits and offsets.
all=$(ids "$I" -n 8 violence)
is "$(ids "$I" -n 3 --offset=5 violence)" "$(echo "$all" | sed -n 6,8p)" "--offset skips results"
is "$("$QUERY" --format=json -n 2 --offset=5 "$I" violence | jq -r .rank | tr '\n' ' ')" "6 7 " "ranks count from the first result"
is "$(ids "$I" -n 0 violence | wc -l)" 0 "--limit=0 prints nothing"
run "$QUERY" --count "$I" violence
like "$out" "^[0-9]+$" "--count prints a number"
run "$QUERY" --count "$I" zzxqv
is "$out" 0 "--count of nothing is 0"
is "$rc" 1 "--count of nothing exits 1"

# --help lists the query language and the formats.
run "$QUERY" --help
is "$rc" 0 "query --help exits 0"
like "$out" "place:almaty" "query --help documents the fields"
like "$out" "Exit status: 0 when something matched" "query --help documents exit codes"

done_testing
