#!/usr/bin/env bash
# Ranking and filtering on the bundled corpus: the right releases first.
. "$(dirname "$0")/test-lib.sh"
index_corpus
I=$T/corpus.idx

# The three English releases on domestic violence in Kazakhstan come first,
# ahead of domestic violence elsewhere and Kazakhstan on other subjects.
top3=$(ids "$I" -n 3 '"domestic violence"' Kazakhstan | sort)
is "$top3" "2009-2014/2009-03-06-almaty-domestic-violence-law.txt
2015-2020/2015-09-15-almaty-domestic-violence-police-training.txt
2021-2026/2024-06-18-astana-domestic-violence-new-law.txt" '"domestic violence" Kazakhstan: the Kazakh domestic violence releases first'

# Without the country, the phrase ranks every domestic violence release above the rest.
dv=$(ids "$I" -n 7 '"domestic violence"' | sort)
is "$dv" "2009-2014/2009-03-06-almaty-domestic-violence-law.txt
2009-2014/2011-11-25-tbilisi-16-days-campaign.txt.gz
2009-2014/2014-11-25-tirana-16-days-domestic-violence.txt
2015-2020/2015-09-15-almaty-domestic-violence-police-training.txt
2015-2020/2018-10-11-yerevan-domestic-violence-law-implementation.txt
2015-2020/2020-04-06-new-york-covid-19-domestic-violence.txt
2021-2026/2024-06-18-astana-domestic-violence-new-law.txt" 'the phrase "domestic violence" finds the releases about it'

# place: is a filter on the dateline's city; newest first when nothing ranks.
is "$(ids "$I" -n 20 place:almaty)" "2021-2026/2026-02-06-almaty-women-entrepreneurs-digital-trade.txt
2021-2026/2022-09-14-almaty-youth-water-climate-forum.txt
2015-2020/2015-09-15-almaty-domestic-violence-police-training.txt
2009-2014/2013-04-18-almaty-border-crossing-training.txt
2009-2014/2009-03-06-almaty-domestic-violence-law.txt" "place:almaty gives the releases datelined ALMATY, newest first"
is "$(ids "$I" -n 20 place:алматы)" "2009-2014/2011-09-12-almaty-ru-domestic-violence-crisis-centres.txt" "place: in Cyrillic"
run "$QUERY" --count "$I" 'place:"new york"'
is "$out" 7 'place:"new york" (a city of two words)'
run "$QUERY" --count "$I" 'place:kazakhstan'
is "$out" 6 "place: matches the country part of a dateline"
is "$(ids "$I" -n 3 violence place:almaty | head -1)" "2015-2020/2015-09-15-almaty-domestic-violence-police-training.txt" "words ranked within a place filter"
run "$QUERY" --count "$I" 'place:almaty place:bishkek'
is "$out" 7 "two values of one filter are alternatives"

# title: searches titles only.
is "$(ids "$I" -n 20 title:elections | sort)" "2009-2014/2009-07-30-chisinau-parliamentary-elections-findings.txt
2009-2014/2012-10-29-kyiv-parliamentary-elections-observers.txt
2009-2014/2014-02-26-warsaw-election-observer-training.txt
2015-2020/2016-09-03-skopje-first-time-voters-elections.txt
2015-2020/2016-10-19-bishkek-women-local-councils.txt
2015-2020/2020-09-30-chisinau-presidential-election-observation.txt
2021-2026/2024-02-26-mexico-city-women-candidates-elections.txt" "title:elections: titles with elect- stems (incl. 'elected')"
is "$(ids "$I" -n 20 'title:"elections"' | sort | head -3)" "2009-2014/2009-07-30-chisinau-parliamentary-elections-findings.txt
2009-2014/2012-10-29-kyiv-parliamentary-elections-observers.txt
2015-2020/2016-09-03-skopje-first-time-voters-elections.txt" 'title:"elections" matches the exact word'
run "$QUERY" --count "$I" 'title:"elections"'
is "$out" 4 'title:"elections": four titles have the exact word'

# Dates and date ranges.
is "$(ids "$I" -n 20 'date:2012..2013' | sort)" "2009-2014/2012-05-16-bishkek-chu-talas-water-co-operation.txt
2009-2014/2012-10-29-kyiv-parliamentary-elections-observers.txt
2009-2014/2012-11-16-warsaw-hate-crime-report.txt
2009-2014/2013-04-18-almaty-border-crossing-training.txt
2009-2014/2013-06-05-belgrade-journalists-safety.txt
2009-2014/2013-09-24-new-york-womens-political-participation.txt" "date:2012..2013"
is "$(ids "$I" -n 20 'date:2012-10')" "2009-2014/2012-10-29-kyiv-parliamentary-elections-observers.txt" "date:2012-10 (a month)"
is "$(ids "$I" -n 20 'date:2011-09-12')" "2009-2014/2011-09-12-almaty-ru-domestic-violence-crisis-centres.txt" "date:YYYY-MM-DD (from a Russian dateline)"
is "$(ids "$I" -n 20 'date:2013-09-24')" "2009-2014/2013-09-24-new-york-womens-political-participation.txt" "a dateline without a year takes it from the file name"
run "$QUERY" --count "$I" 'date:2026-01..'
is "$out" 2 "open range date:2026-01.."
run "$QUERY" --count "$I" 'date:..2009'
is "$out" 3 "open range date:..2009"
run "$QUERY" --count "$I" 'after:2025'
is "$out" 2 "after: is strictly later"
run "$QUERY" --count "$I" 'before:2010'
is "$out" 3 "before: is strictly earlier"
is "$(ids "$I" -n 1 'trafficking date:2017')" "2015-2020/2017-07-30-pristina-human-trafficking-day.txt" "a word and a date filter"
run "$QUERY" --count "$I" 'trafficking date:2017 place:vienna'
is "$out" 0 "different filters must all hold"

# Sorting.
is "$(ids "$I" -n 1 --sort=date 'title:elections')" "2009-2014/2009-07-30-chisinau-parliamentary-elections-findings.txt" "--sort=date: oldest first"
is "$(ids "$I" -n 1 --sort=-date 'title:elections')" "2021-2026/2024-02-26-mexico-city-women-candidates-elections.txt" "--sort=-date: newest first"

# Excluding, requiring, boolean operators.
# (Expected counts checked with grep: 9 releases say "domestic violence", 3 of
# them also "Kazakhstan"; 5 mention trafficking, 4 of them also a border.)
run "$QUERY" --count "$I" '"domestic violence" -Kazakhstan'
is "$out" 6 "-word excludes"
run "$QUERY" --count "$I" '+trafficking +border'
is "$out" 4 "+word requires"
run "$QUERY" --count "$I" 'trafficking AND border'
is "$out" 4 "AND"
run "$QUERY" --count "$I" 'trafficking NOT border'
is "$out" 1 "NOT"
run "$QUERY" --count "$I" 'trafficking OR border'
is "$out" "$(cd "$CORPUS" && for f in $(find . -type f); do case $f in *.gz) zcat "$f" ;; *) cat "$f" ;; esac | grep -qiE 'traffick|border' && echo "$f"; done | wc -l)" "OR"

# Stemming and folding.
run "$QUERY" --count "$I" 'election'
a=$out
run "$QUERY" --count "$I" 'elections'
is "$a" "$out" "election and elections share a stem"
run "$QUERY" --count "$I" '"elections"'
[ "$out" -lt "$a" ]
ok $? "a quoted word matches exactly, so fewer documents"
run "$QUERY" --count "$I" 'cooperation'
b=$out
run "$QUERY" --count "$I" 'co-operation'
is "$b" "$out" "cooperation and co-operation find each other"
like "$(ids "$I" -n 5 'Dordevic')" "." "an accent-folded name finds Đorđević"
like "$(ids "$I" -n 5 'Müller')" "." "a name with an umlaut is found"
is "$(ids "$I" -n 1 'выборы')" "2021-2026/2023-11-06-chisinau-ru-local-elections.txt" "a Russian word finds its other forms (выборы ~ выборам)"

# Nothing matched: exit 1, no output.
run "$QUERY" "$I" 'zzxqv'
is "$rc" 1 "no match: exit status 1"
is "$out" "" "no match: nothing on stdout"
run "$QUERY" "$I" 'violence'
is "$rc" 0 "a match: exit status 0"

done_testing
