#!/usr/bin/env bash
# The query language on the bundled corpus: proximity, prefixes, grouping,
# lang:, id:, org:, metadata fields, date forms, --since/--until, and the
# ranking options.  Expected documents are written out; where a list is
# long, it is derived with grep over corpus/ (never from query itself).
. "$(dirname "$0")/test-lib.sh"
index_corpus
I=$T/corpus.idx

# The ids of the corpus documents whose text matches an extended regex
# (grep -E; add -i as a first argument for any case), sorted.
grep_docs() {
	local flags=-qE
	if [ "$1" = -i ]; then flags=-qiE; shift; fi
	(cd "$CORPUS" && for f in */*; do
		case $f in *.gz) zcat "$f" ;; *) cat "$f" ;; esac | grep $flags "$1" && echo "$f"
	done | sort)
}
sorted_ids() {
	ids "$I" -n 100 "$@" | sort
}

# Proximity.  (Checked with a scan of word positions: "women journalists"
# twice, never "journalists women"; violence and law within three words.)
is "$(sorted_ids 'women NEAR/1 journalists')" "2015-2020/2017-02-14-podgorica-women-journalists-online-harassment.txt
2021-2026/2024-09-12-cairo-technology-facilitated-violence.txt.gz" "NEAR/1"
is "$(sorted_ids 'journalists NEAR/1 women')" "$(sorted_ids 'women NEAR/1 journalists')" "NEAR in either order"
is "$(sorted_ids 'journalists ADJ/1 women')" "" "ADJ/1 keeps the order: no 'journalists ... women'"
is "$(sorted_ids 'law NEAR/3 violence')" "2009-2014/2009-03-06-almaty-domestic-violence-law.txt
2009-2014/2014-11-25-tirana-16-days-domestic-violence.txt
2015-2020/2018-10-11-yerevan-domestic-violence-law-implementation.txt" "NEAR/3"
is "$(sorted_ids 'violence ADJ/3 law')" "2009-2014/2009-03-06-almaty-domestic-violence-law.txt
2009-2014/2014-11-25-tirana-16-days-domestic-violence.txt" "ADJ/3: violence before law"
is "$(sorted_ids 'law ADJ/3 violence')" "2009-2014/2014-11-25-tirana-16-days-domestic-violence.txt
2015-2020/2018-10-11-yerevan-domestic-violence-law-implementation.txt" "ADJ/3: law before violence"
run "$QUERY" --count "$I" '"domestic violence" NEAR/5 Kazakhstan'
is "$out" 3 "a phrase NEAR a word (the three Kazakh domestic violence releases)"

# Prefixes.
is "$(sorted_ids 'organi*')" "$(grep_docs -i '\borgani')" "organi*: every document with a word starting so"
is "$(sorted_ids 'journalis*' | wc -l)" "$(grep_docs -i '\bjournalis' | wc -l)" "journalis*"
run "$QUERY" --wildcard-limit=2 "$I" 'a*'
is "$rc" 2 "a prefix over the wildcard limit: exit 2"
like "$err" "too many words: make it longer or raise --wildcard-limit" "... and the message says what to do"

# Grouping and the default operator.
is "$(sorted_ids 'title:(water OR elections)')" "2009-2014/2009-07-30-chisinau-parliamentary-elections-findings.txt
2009-2014/2012-05-16-bishkek-chu-talas-water-co-operation.txt
2009-2014/2012-10-29-kyiv-parliamentary-elections-observers.txt
2009-2014/2014-02-26-warsaw-election-observer-training.txt
2015-2020/2016-09-03-skopje-first-time-voters-elections.txt
2015-2020/2016-10-19-bishkek-women-local-councils.txt
2015-2020/2020-09-30-chisinau-presidential-election-observation.txt
2021-2026/2022-09-14-almaty-youth-water-climate-forum.txt
2021-2026/2024-02-26-mexico-city-women-candidates-elections.txt" "title:( ... OR ... )"
is "$(sorted_ids '(trafficking OR journalists) AND border')" "$(comm -12 <(grep_docs -i 'traffick|journalist') <(grep_docs -i 'border'))" "(a OR b) AND c"
is "$(sorted_ids 'trafficking OR journalists AND border')" "$(sort -u <(grep_docs -i 'traffick') <(comm -12 <(grep_docs -i 'journalist') <(grep_docs -i 'border')))" "AND binds tighter than OR"
is "$(sorted_ids 'trafficking border')" "$(grep_docs -i 'traffick|border')" "words side by side: any of them (OR)"
is "$(sorted_ids --and 'trafficking border')" "$(comm -12 <(grep_docs -i 'traffick') <(grep_docs -i 'border'))" "--and: all of them"
is "$(sorted_ids 'trafficking -border')" "$(comm -23 <(grep_docs -i 'traffick') <(grep_docs -i 'border'))" "-word"
is "$("$QUERY" --format=ids -n 100 -- "$I" '-border' trafficking | sort)" "$(sorted_ids 'trafficking -border')" "a query that starts with -, after --"

# lang: and id:.
is "$(sorted_ids lang:ru)" "$(cd "$CORPUS" && ls */* | grep -- '-ru-' | sort)" "lang:ru: the Russian releases"
is "$(sorted_ids lang:russian)" "$(sorted_ids lang:ru)" "lang: by the language's name"
run "$QUERY" --count "$I" lang:en
# (Releases in other languages say so in their file names: -ru-, -fr-, ...)
is "$out" "$(cd "$CORPUS" && ls */* | grep -vcE -- '-(ru|fr|es|ar|zh|de)-')" "lang:en: the releases without a language in their names"
is "$(sorted_ids id:2015-2020/2016-09-03-skopje-first-time-voters-elections.txt)" "2015-2020/2016-09-03-skopje-first-time-voters-elections.txt" "id: one document"
is "$(sorted_ids 'id:nothing/such.txt')" "" "id: of no document"

# org: organisations named in the text, by any of their names.
is "$(sorted_ids org:osce)" "$(grep_docs 'OSCE|ОБСЕ')" "org:osce: every release naming the OSCE (in English or Russian)"
is "$(sorted_ids org:ОБСЕ)" "$(sorted_ids org:osce)" "org:ОБСЕ is the same organisation"
is "$(sorted_ids 'org:"Organization for Security and Co-operation in Europe"')" "$(sorted_ids org:osce)" "org: by the long name"
is "$(sorted_ids 'org:"un women"')" "$(grep_docs 'UN Women|ООН-Женщины')" 'org:"un women"'
is "$(sorted_ids org:odihr)" "2009-2014/2009-07-30-chisinau-parliamentary-elections-findings.txt
2009-2014/2010-06-29-astana-tolerance-conference.txt
2009-2014/2012-10-29-kyiv-parliamentary-elections-observers.txt
2009-2014/2012-11-16-warsaw-hate-crime-report.txt
2009-2014/2014-02-26-warsaw-election-observer-training.txt
2015-2020/2020-09-30-chisinau-presidential-election-observation.txt
2021-2026/2023-11-06-chisinau-ru-local-elections.txt" "org:odihr (ODIHR, or БДИПЧ in the Russian one)"
is "$(sorted_ids 'org:"OSCE Centre in Astana"')" "$(grep_docs 'OSCE Centre in Astana|Центр[^ ]* ОБСЕ в Астане')" "org: a field operation, in English or Russian"
is "$(sorted_ids 'org:"ministry of internal affairs"')" "$(grep_docs 'Ministry of Internal Affairs')" "org: a ministry found by its head word"
is "$(sorted_ids 'org:"Министерство внутренних дел"')" "$(grep_docs 'Министерств[^ ]* внутренних дел')" "org: a Russian ministry, in any case"
is "$(sorted_ids 'org:minist*')" "$(grep_docs 'Ministry of')" "org:minist*: the ministries named 'Ministry of ...'"
is "$(sorted_ids 'org:министерств*')" "$(grep_docs 'Министерств')" "org:министерств*: the ministries of the Russian releases"
is "$(sorted_ids 'org:"un women" AND org:osce')" "$(comm -12 <(grep_docs 'UN Women|ООН-Женщины') <(grep_docs 'OSCE|ОБСЕ'))" "org: AND org: (both)"
is "$(sorted_ids 'org:"un women" org:osce')" "$(sort -u <(grep_docs 'UN Women|ООН-Женщины') <(grep_docs 'OSCE|ОБСЕ'))" "org: org: (either: values of one filter are alternatives)"
is "$(sorted_ids 'org:osce trafficking' | head -1)" "$(comm -12 <(grep_docs 'OSCE|ОБСЕ') <(grep_docs -i 'traffick') | head -1)" "org: as a filter of words"

# Metadata fields of JSON Lines documents.
cat >"$T/meta.jsonl" <<'EOF'
{"id": "m1", "title": "Report one", "text": "Text about water.", "author": "Jane Doe", "Source-URL": "https://osce.org/a"}
{"id": "m2", "title": "Report two", "text": "Text about elections.", "author": "John Smith", "desk": "Vienna press office"}
{"id": "m3", "title": "Report three", "text": "Text about water and elections."}
EOF
"$INDEXER" -q "$T/meta.idx" "$T/meta.jsonl" >/dev/null
is "$(ids "$T/meta.idx" author:jane)" "m1" "KEY:word: a metadata field"
is "$(ids "$T/meta.idx" 'author:"john smith"' | sort)" "m2" "KEY:\"phrase\""
is "$(ids "$T/meta.idx" 'author:jane author:john' | sort | tr '\n' ' ')" "m1 m2 " "two values of a metadata field: either"
is "$(ids "$T/meta.idx" 'source-url:osce')" "m1" "a key with a hyphen and capitals, as written in the JSON"
is "$(ids "$T/meta.idx" 'water desk:vienna')" "" "a metadata filter restricts words"
run "$QUERY" "$T/meta.idx" 'editor:jane'
is "$rc" 2 "a field no document has: exit 2"
like "$err" "unknown field 'editor:' \(fields: title, place, org, date, after, before, lang, id, or a metadata field of the index\)" "... and the fields are listed"

# Date forms.
is "$(sorted_ids date:2012)" "$(cd "$CORPUS" && ls */2012-* | sort)" "date:YYYY: the releases of 2012"
is "$(sorted_ids date:2012-10-29)" "2009-2014/2012-10-29-kyiv-parliamentary-elections-observers.txt" "date:YYYY-MM-DD"
is "$(sorted_ids date:20121029)" "2009-2014/2012-10-29-kyiv-parliamentary-elections-observers.txt" "date:YYYYMMDD"
is "$(sorted_ids date:2012-03..)" "$(cd "$CORPUS" && ls */* | awk -F/ '$2 >= "2012-03"' | sort)" "date:2012-03.. (open end)"
is "$(sorted_ids date:..2010-06)" "$(cd "$CORPUS" && ls */* | awk -F/ '$2 < "2010-07"' | sort)" "date:..2010-06 (open start, the whole month)"
is "$(sorted_ids date:2009..2011)" "$(cd "$CORPUS" && ls */* | awk -F/ '$2 >= "2009" && $2 < "2012"' | sort)" "date:2009..2011"
is "$(sorted_ids after:2025-07-30)" "$(cd "$CORPUS" && ls */* | awk -F/ '$2 > "2025-07-30-~"' | sort)" "after:DAY is strict"
is "$(sorted_ids before:2009-07-30)" "2009-2014/2009-03-06-almaty-domestic-violence-law.txt" "before:DAY is strict"

# --since and --until: the same as a date range, inclusive, with any query.
is "$(sorted_ids --since=2012-03 violence)" "$(sorted_ids 'violence date:2012-03..')" "--since=MONTH"
is "$(sorted_ids --until=2011 violence)" "$(sorted_ids 'violence date:..2011')" "--until=YEAR"
is "$(sorted_ids --since=2013 --until=2016-03-08 lang:en)" "$(sorted_ids 'lang:en date:2013..2016-03-08')" "--since and --until together"
is "$(sorted_ids --since=2016-03-08 --until=2016-03-08 women)" "2015-2020/2016-03-08-new-york-womens-economic-empowerment.txt" "one day, inclusive at both ends"
run "$QUERY" --since=2012-02-30 "$I" violence
is "$rc:$err" "2:query: --since: impossible date '2012-02-30'" "--since: an impossible date"
run "$QUERY" --until=soon "$I" violence
is "$rc:$err" "2:query: --until: 'soon' is not a date: expected a date like 2012-10-18, 2012-10 or 2012" "--until: not a date"
run "$QUERY" --since=2020 --until=2019 "$I" violence
is "$rc:$err" "2:query: --since 2020 is after --until 2019" "--since after --until"

# Sorting: relevance (descending scores), date, -date.
scores=$("$QUERY" --format=tsv -n 100 "$I" violence | awk -F'\t' 'NR > 1 { print $2 }')
is "$scores" "$(sort -rn <<<"$scores")" "--sort=relevance (the default): descending scores"
dates=$("$QUERY" --format=tsv -n 100 --sort=date "$I" violence | awk -F'\t' 'NR > 1 { print $4 }')
is "$dates" "$(sort <<<"$dates")" "--sort=date: ascending dates"
dates=$("$QUERY" --format=tsv -n 100 --sort=-date "$I" violence | awk -F'\t' 'NR > 1 { print $4 }')
is "$dates" "$(sort -r <<<"$dates")" "--sort=-date: descending dates"
run "$QUERY" --sort=size "$I" violence
is "$rc:$err" "2:query: unknown sort order 'size' (relevance, date or -date)" "an unknown sort order"

# BM25 parameters.  With k1 = 0 a term weighs its idf in every document
# that has it, whatever its wdf: one score for all (no title weight).
run "$QUERY" --k1=0 --title-weight=0 --format=tsv -n 100 "$I" violence
is "$(awk -F'\t' 'NR > 1 { print $2 }' <<<"$out" | sort -u | wc -l)" 1 "--k1=0: every match scores the same"
# With b = 0 the length of a document does not count: documents with the
# same wdf of violence score the same; with b = 0.75 they do not.
spread() {
	"$QUERY" --format=json --explain -n 100 --title-weight=0 "$@" "$I" violence |
		jq -r '[.explain.parts[0].terms[0].wdf, .score] | @tsv' | sort -u |
		awk -F'\t' '{ n[$1]++ } END { m = 0; for (k in n) if (n[k] > m) m = n[k]; print m }'
}
is "$(spread --b=0)" 1 "--b=0: one score per wdf"
[ "$(spread --b=0.75)" -gt 1 ]
ok $? "--b=0.75: the length of documents changes their scores"
run "$QUERY" --b=2 "$I" violence
is "$rc:$err" "2:query: --b needs a number from 0 to 1, not '2'" "--b out of range"
run "$QUERY" --k1=-1 "$I" violence
is "$rc" 2 "--k1 below 0: exit 2"
# The title weight: the title's share of a score is the weight times the
# title stems' weight, and 0 turns it off.
w0=$("$QUERY" --format=json --explain -n 100 --title-weight=0 "$I" women | jq -s 'map(.explain.parts | map(select(.field == "title")) | length) | add')
is "$w0" 0 "--title-weight=0: no title part in any score"
w1=$("$QUERY" --format=json --explain=1 -n 1 --title-weight=1 "$I" women | jq '.explain.parts[] | select(.field == "title") | .weight' | head -1)
w3=$("$QUERY" --format=json --explain=1 -n 1 --title-weight=3 "$I" women | jq '.explain.parts[] | select(.field == "title") | .weight' | head -1)
is "$(awk -v a="$w1" -v b="$w3" 'BEGIN { d = b - 3 * a; print (d < 1e-4 && d > -1e-4) ? "yes" : "no: " a " " b }')" yes "--title-weight=3 triples the title's weight"
run "$QUERY" --title-weight=x "$I" violence
is "$rc" 2 "a bad --title-weight: exit 2"

done_testing
