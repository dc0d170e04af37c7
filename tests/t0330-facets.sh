#!/usr/bin/env bash
# Facets: counts of years, places, organisations and languages over every
# matching document (not only the page), in every format.  Expected counts
# come from the file names and the datelines of corpus/.
. "$(dirname "$0")/test-lib.sh"
index_corpus
I=$T/corpus.idx

# "id<TAB>dateline" for each corpus file (its second line).
datelines() {
	(cd "$CORPUS" && for f in */*; do
		printf '%s\t' "$f"
		case $f in *.gz) zcat "$f" ;; *) cat "$f" ;; esac | sed -n 2p
	done)
}
ndocs=$(cd "$CORPUS" && ls */* | wc -l)

# year: every document of the corpus (date:2009..2026 matches all), with
# one result printed; the counts are the years of the file names.
run "$QUERY" --format=json -n 1 --facet=year --facet-limit=0 "$I" 'date:2009..2026'
want=$(cd "$CORPUS" && ls */* | cut -d/ -f2 | cut -c1-4 | sort | uniq -c | awk '{ print $2 "\t" $1 }')
is "$(echo "$out" | jq -r 'select(.facet == "year") | .counts[] | "\(.value)\t\(.count)"' | sort)" "$want" "year: the count of each year, over all $ndocs documents"
is "$(echo "$out" | jq -r 'select(.facet == "year") | .documents')" "$ndocs" "year: every matching document seen, though one is printed"
is "$(echo "$out" | jq -c 'select(has("rank"))' | wc -l)" 1 "... and only one result printed"
is "$(echo "$out" | jq -r 'select(.facet == "year") | .counts | map(.count) | . == (sort | reverse)')" true "year: most frequent first"

# place: the dateline's place.
run "$QUERY" --format=json -n 0 --facet=place "$I" 'place:almaty'
is "$(echo "$out" | jq -r '.counts[] | "\(.value)=\(.count)"' | tr '\n' ' ')" \
	"Almaty, Kazakhstan=$(datelines | grep -c '	ALMATY, Kazakhstan,') Almaty=$(datelines | grep -c '	ALMATY, [0-9]') " \
	"place: the datelined places of place:almaty"
run "$QUERY" --format=json -n 0 --facet=place "$I" 'place:"new york"'
is "$(echo "$out" | jq -r '.counts[] | "\(.value)=\(.count)"')" "New York=$(datelines | grep -c '	NEW YORK,')" "place: New York"

# lang: the languages.
run "$QUERY" --format=json -n 0 --facet=lang "$I" 'date:2009..2026'
# The corpus holds 44 English releases, 10 Russian, 3 each in Arabic,
# Spanish, French and Chinese, and 2 German (their file names carry the
# language: -ru-, -ar-, ...); most frequent first, ties in byte order.
is "$(echo "$out" | jq -r '.counts[] | "\(.value)=\(.count)"' | tr '\n' ' ')" "en=44 ru=10 ar=3 es=3 fr=3 zh=3 de=2 " "lang: every language of the corpus"

# org: each organisation once per document that names it.
run "$QUERY" --format=json -n 0 --facet=org --facet-limit=0 "$I" 'place:almaty'
almaty=$(datelines | grep '	ALMATY,' | cut -f1)
count_in() { # files that match a regex, among those given on stdin
	local n=0
	while read -r f; do
		case $f in *.gz) zcat "$CORPUS/$f" ;; *) cat "$CORPUS/$f" ;; esac | grep -qE "$1" && n=$((n + 1))
	done
	echo $n
}
is "$(echo "$out" | jq -r '.counts[] | select(.value == "OSCE") | .count')" "$(count_in 'OSCE' <<<"$almaty")" "org: the OSCE in the Almaty releases"
is "$(echo "$out" | jq -r '.counts[] | select(.value == "UN Women") | .count')" "$(count_in 'UN Women' <<<"$almaty")" "org: UN Women in the Almaty releases"
is "$(echo "$out" | jq -r '.counts[] | select(.value == "Ministry of Internal Affairs") | .count')" "$(count_in 'Ministry of Internal Affairs' <<<"$almaty")" "org: a ministry found by its head word"
run "$QUERY" --format=json -n 0 --facet=org "$I" 'date:2009..2026'
is "$(echo "$out" | jq -r '.counts[0] | "\(.value)=\(.count)"')" "OSCE=$(cd "$CORPUS" && ls */* | count_in 'OSCE|ОБСЕ')" "org: the OSCE is named most, in English or Russian"

# Several facets: a comma list, or the option repeated; in the order asked.
run "$QUERY" --format=json -n 0 --facet=lang,year --facet=org --facet=lang "$I" violence
is "$(echo "$out" | jq -r .facet | tr '\n' ' ')" "lang year org " "facets in the order asked, each once"
# --facet-limit.
run "$QUERY" --format=json -n 0 --facet=year --facet-limit=2 "$I" 'date:2009..2026'
is "$(echo "$out" | jq '.counts | length')" 2 "--facet-limit=2"
run "$QUERY" --format=json -n 0 --facet=year --facet-limit=0 "$I" 'date:2009..2026'
is "$(echo "$out" | jq '.counts | length')" "$(cd "$CORPUS" && ls */* | cut -d/ -f2 | cut -c1-4 | sort -u | wc -l)" "--facet-limit=0: every value"
# Nothing matches: the facets say so.
run "$QUERY" --format=json -n 0 --facet=place "$I" zzxqv
is "$rc:$out" '1:{"facet":"place","documents":0,"counts":[]}' "no match: an empty facet, exit 1"

# Every format.
run "$QUERY" -n 1 --facet=lang "$I" 'place:almaty'
like "$out" "lang \(5 matching documents\):
 +5  en" "text: a block after the results"
run "$QUERY" --format=tsv -n 2 --facet=lang,year --facet-limit=1 "$I" 'place:"new york"'
is "$(echo "$out" | awk 'BEGIN { RS = ""; FS = "\n" } NR == 2 { print }')" "facet	value	count
lang	en	7
year	2011	1" "tsv: a second table after an empty line"
is "$(echo "$out" | awk 'BEGIN { RS = "" } END { print NR }')" 2 "tsv: two tables"
run "$QUERY" --format=ids -n 2 --facet=lang "$I" 'place:"new york"'
is "$(echo "$out" | wc -l)" 2 "ids: only ids on stdout"
like "$err" "lang \(7 matching documents\):" "ids: facets on stderr"
run "$QUERY" --format=trec --facet=lang "$I" 'place:"new york"'
is "$(echo "$out" | awk '{ print NF }' | sort -u)" 6 "trec: only run lines on stdout"
like "$err" "7  en" "trec: facets on stderr"
run "$QUERY" --format=paths --facet=lang "$I" 'place:"new york"'
like "$err" "lang \(7 matching documents\)" "paths: facets on stderr"
run "$QUERY" --count --facet=lang "$I" 'place:"new york"'
like "$out" "^7
.*lang \(7 matching documents\)" "--count with facets: the count, then the facets"

# Errors.
run "$QUERY" --facet=colour "$I" violence
is "$rc:$err" "2:query: unknown facet 'colour' (year, place, org or lang)" "an unknown facet"
run "$QUERY" --facet=year, "$I" violence
is "$rc" 2 "an empty facet name: exit 2"
run "$QUERY" --facet-limit=many "$I" violence
is "$rc:$err" "2:query: --facet-limit needs a number, not 'many'" "a bad --facet-limit"

done_testing
