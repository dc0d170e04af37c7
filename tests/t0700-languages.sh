#!/usr/bin/env bash
# Languages: the releases of corpus/ in French, Spanish, Arabic, Chinese,
# Russian and German, each found by a stemmed query, a folded query and a
# phrase in its own language; lang: restricts; languages are recognised per
# document.
. "$(dirname "$0")/test-lib.sh"
index_corpus
I=$T/corpus.idx

# Top result of a query.
first() {
	ids "$I" -n 1 "$@"
}

# language|file|stemmed|folded|phrase
#   stemmed: another form of a word of the file (not in it as written), found
#            through the language's stemmer; searched with lang:
#   folded:  a word of the file without its accents or diacritics, or with
#            them added, or with ё as е, ß as ss, ü as ue; searched with lang:
#   phrase:  words of the file in order, searched across all languages
while IFS='|' read -r lang file stemmed folded phrase; do
	[ -n "$lang" ] || continue
	f=$CORPUS/$file
	name=${file##*/}
	# The forms searched for are not in the file as written: the match
	# comes from stemming or folding (grep -w: whole words, any case).
	grep -qiwF -- "$stemmed" "$f"
	ok $((!$?)) "$name: '$stemmed' is not in the file as written"
	is "$(first "lang:$lang $stemmed")" "$file" "$name: stemmed query '$stemmed'"
	grep -qiwF -- "$folded" "$f"
	ok $((!$?)) "$name: '$folded' is not in the file as written"
	is "$(first "lang:$lang $folded")" "$file" "$name: folded query '$folded'"
	grep -qiF -- "${phrase//\"/}" "$f"
	ok $? "$name: the phrase $phrase is in the file"
	is "$(first "$phrase")" "$file" "$name: phrase $phrase"
done <<'EOF'
fr|2015-2020/2016-05-12-vienne-fr-femmes-mediatrices.txt|négociation|negociations|"prévention des conflits"
fr|2015-2020/2019-11-25-dakar-fr-violences-faites-aux-femmes.txt|activiste|reinsertion|"centres d'accueil"
fr|2021-2026/2022-03-08-geneve-fr-egalite-salariale.txt|crèche|egalite|"congé de paternité"
es|2015-2020/2018-03-08-ciudad-de-mexico-es-mujeres-rurales.txt|cafetaleras|comercializacion|"mercados justos"
es|2015-2020/2020-11-25-bogota-es-violencia-digital.txt|lideresa|campana|"seguridad digital"
es|2021-2026/2023-06-14-madrid-es-policia-comunitaria.txt|comisarías|policia|"buenas prácticas"
ar|2015-2020/2018-04-17-amman-ar-women-livelihoods.txt|بالمراكز|الاردنيات|"مخيم الزعتري"
ar|2021-2026/2021-10-11-cairo-ar-girls-science.txt|للطالبات|أُسْتَاذَة|"نوادي للبرمجة"
ar|2021-2026/2023-03-08-rabat-ar-women-local-councils.txt|المنتخبة|اخذ|"المجالس المحلية"
ru|2009-2014/2014-09-15-vienna-ru-journalists-safety.txt|журналисту|трехдневном|"свободы СМИ"
ru|2021-2026/2022-04-20-tashkent-ru-women-water-management.txt|водопользователь|посвященный|"капельного орошения"
de|2015-2020/2017-10-05-wien-de-journalistinnen-sicherheit.txt|Drohung|Uebergriffe|"Schutz von Journalistinnen"
de|2021-2026/2021-06-16-berlin-de-gleichstellung-wirtschaft.txt|Verpflichtung|Friedrichstrasse|"Lohnlücke zwischen Frauen und Männern"
EOF

# Chinese: words are found through overlapping bigrams, a query written
# with fullwidth digits is folded (the files have ASCII digits), and a
# phrase matches in order.
# language|file|word|folded|phrase
while IFS='|' read -r lang file word folded phrase; do
	f=$CORPUS/$file
	name=${file##*/}
	grep -qF -- "$word" "$f"
	ok $? "$name: '$word' is in the file"
	is "$(first "$word")" "$file" "$name: a Chinese word, by its bigrams"
	is "$(first "$folded")" "$file" "$name: folded query '$folded'"
	is "$(first "$phrase")" "$file" "$name: phrase $phrase"
done <<'EOF'
zh|2015-2020/2016-03-08-beijing-zh-women-entrepreneurs.txt|电子商务培训|"１５００多名"|"快递服务点"
zh|2015-2020/2019-09-24-new-york-zh-generation-equality.txt|平等一代论坛|"２０２０年将在"|"北京宣言"
zh|2021-2026/2024-11-25-beijing-zh-ending-violence.txt|反家庭暴力法|"１２月１０日"|"站出来，不沉默"
EOF
# A Chinese query of characters that are in the corpus, but never side by
# side, finds nothing: bigrams keep the order.
run "$QUERY" --count "$I" '"务商子电"'
is "$out" 0 "Chinese characters in another order do not match"

# French elisions: l'OSCE is indexed as osce and as l'osce.
is "$(ids "$I" -n 5 'lang:fr "osce"')" "2015-2020/2016-05-12-vienne-fr-femmes-mediatrices.txt" "the elided article is split from 'l'OSCE'"
is "$(first "\"Secrétariat de l'OSCE\"")" "2015-2020/2016-05-12-vienne-fr-femmes-mediatrices.txt" "a phrase with the elision written out"
is "$(first "lang:fr \"Secrétariat de l’OSCE\"")" "2015-2020/2016-05-12-vienne-fr-femmes-mediatrices.txt" "with a typographic apostrophe"
is "$("$QUERY" --lang=fr --format=tsv "$I" '"Secrétariat de OSCE"' | awk -F'\t' 'NR > 1 { print $3 }')" "2015-2020/2016-05-12-vienne-fr-femmes-mediatrices.txt" "a phrase analysed in French drops the article too"

# Snippets mark what matched: a word found through its accent-free stem,
# a word found through its elided spelling.
like "$("$QUERY" -n 1 --highlight=brackets "$I" 'egalite salariale lang:fr')" "L'\[égalité\] \[salariale\]" "snippet: égalité marked for the query egalite"
like "$("$QUERY" -n 1 --highlight=brackets "$I" "\"l'OSCE publiera\"")" "\[OSCE\] \[publiera\]" "snippet: l'OSCE marked for a phrase with the elision"

# German: Müller, Mueller and Muller find each other; ß and ss.
wien=2015-2020/2017-10-05-wien-de-journalistinnen-sicherheit.txt
grep -q 'Müller-Brandt' "$CORPUS/$wien"
ok $? "the German release names Katharina Müller-Brandt"
is "$(first 'lang:de Mueller')" "$wien" "Mueller finds Müller"
is "$(first 'lang:de Muller')" "$wien" "Muller finds Müller"
is "$(first '"Katharina Mueller-Brandt"')" "$wien" "a phrase with the digraph spelling"
is "$(first '"Jasmin Ozkan"')" "$wien" "Özkan without its umlaut, in a phrase"
is "$(first 'Friedrichstraße')" "2021-2026/2021-06-16-berlin-de-gleichstellung-wirtschaft.txt" "ß as written"

# Russian: ё is е, both ways.
is "$(first 'lang:ru трёхдневном')" "2009-2014/2014-09-15-vienna-ru-journalists-safety.txt" "ё as written"
grep -q 'КИШИНЁВ' "$CORPUS/2021-2026/2023-11-06-chisinau-ru-local-elections.txt"
ok $? "a Russian release is datelined Кишинёв"
is "$(first 'place:кишинев')" "2021-2026/2023-11-06-chisinau-ru-local-elections.txt" "place: with е for ё"

# Arabic: a query with hamza-less alef, harakat and tatweel.
is "$(first 'الزعتـــري')" "2015-2020/2018-04-17-amman-ar-women-livelihoods.txt" "Arabic tatweel in the query is ignored"

# lang: restricts to a language; each has the releases we wrote in it,
# counted by the last -LANG- in their file names (ciudad-de-mexico-es is
# Spanish); the others are English.
names_langs=$(find "$CORPUS" -type f | sed -E 's/.*-(fr|es|ar|zh|de|ru)-.*/\1/; t; s/.*/en/')
for l in fr es ar zh de ru en; do
	run "$QUERY" --count "$I" "lang:$l"
	is "$out" "$(grep -cx "$l" <<<"$names_langs")" "lang:$l counts the $l releases"
done
# violence is also French (violences): lang:fr keeps only the French release.
run "$QUERY" --format=json -n 100 "$I" violence
like "$(echo "$out" | jq -r .lang | sort -u | tr '\n' ' ')" "en .*fr" "violence matches English and French releases"
is "$(ids "$I" -n 100 'violence lang:fr')" "2015-2020/2019-11-25-dakar-fr-violences-faites-aux-femmes.txt" "lang:fr restricts to French"
run "$QUERY" --format=json -n 100 "$I" 'violence lang:fr lang:en'
is "$(echo "$out" | jq -r .lang | sort -u | tr '\n' ' ')" "en fr " "two languages are alternatives"
run "$QUERY" "$I" 'lang:xx'
is "$rc" 2 "an unknown language is an error"
like "$err" "unknown language 'xx'" "and says so"

# JSON output carries the language.
run "$QUERY" --format=json -n 100 "$I" 'lang:zh'
is "$(echo "$out" | jq -r .lang | sort -u)" "zh" "json: lang of Chinese releases"
run "$QUERY" --format=json "$I" '"mercados justos"'
is "$(echo "$out" | jq -r .lang)" "es" "json: lang of a Spanish release"
is "$(echo "$out" | jq -r .place)" "Ciudad de México" "json: the place of a Spanish dateline"
is "$(echo "$out" | jq -r .date)" "2018-03-08" "json: the date of '8 de marzo de 2018'"
run "$QUERY" --format=json "$I" '"مخيم الزعتري"'
is "$(echo "$out" | jq -r '.place + " " + .date')" "عمّان 2018-04-17" "json: place and date of an Arabic dateline"
run "$QUERY" --format=json "$I" '"平等一代论坛"'
is "$(echo "$out" | jq -r '.place + " " + .date')" "纽约 2019-09-24" "json: a Chinese dateline without a year takes the file name's"

# Every language of the corpus is recognised; the index records them.
langs=$("$QUERY" --format=json -n 200 "$I" 'date:1900..2100' | jq -r .lang | sort -u | tr '\n' ' ')
is "$langs" "ar de en es fr ru zh " "the corpus holds seven languages"
is "$(xapian-metadata get "$I" dateline.langs 2>/dev/null | tr ',' '\n' | sort | tr '\n' ' ')" "ar de en es fr ru zh " "and the index lists them for query"

# Languages recognised per document in a mixed folder, without --lang; a
# JSON lang field wins; --lang applies to documents that do not say.
mkdir -p "$T/mixed"
printf 'Elezioni\nIl consiglio comunale ha approvato il nuovo regolamento per le biblioteche. Le sale di lettura resteranno aperte fino a tardi durante la sessione degli esami universitari.\n' >"$T/mixed/it.txt"
printf 'Eleições\nO conselho municipal aprovou hoje o novo regulamento das bibliotecas. As salas de leitura vão ficar abertas até mais tarde durante a época de exames da universidade.\n' >"$T/mixed/pt.txt"
printf 'Wybory\nRada miasta przyjęła dziś nowy regulamin bibliotek. Czytelnie będą otwarte dłużej w czasie sesji egzaminacyjnej na uniwersytecie.\n' >"$T/mixed/pl.txt"
printf 'Вибори\nМіська рада сьогодні ухвалила нові правила роботи бібліотек. Читальні зали працюватимуть довше під час екзаменаційної сесії в університеті.\n' >"$T/mixed/uk.txt"
printf 'Seçim\nBelediye meclisi bugün kütüphaneler için yeni yönetmeliği kabul etti. Okuma salonları üniversitedeki sınav döneminde daha geç saatlere kadar açık kalacak.\n' >"$T/mixed/tr.txt"
printf 'Short\nToo short.\n' >"$T/mixed/short.txt"
printf '{"id": "j1", "lang": "de", "title": "Bibliothek", "text": "The text is English but the field says German."}\n' >"$T/mixed/j.jsonl"
run "$INDEXER" "$T/mixed.idx" "$T/mixed"
is "$rc" 0 "a mixed folder is indexed"
got=$("$QUERY" --format=json -n 20 "$T/mixed.idx" 'date:..9999 OR bibliotek* OR biblioteche OR bibliotecas OR бібліотек OR kütüphaneler OR short OR text' | jq -r '.id + "=" + .lang' | sort | tr '\n' ' ')
is "$got" "it.txt=it j1=de pl.txt=pl pt.txt=pt short.txt=en tr.txt=tr uk.txt=uk " "each document gets its language; a short one the default; JSON's lang wins"
run "$INDEXER" --lang=fr "$T/forced.idx" "$T/mixed/it.txt"
is "$("$QUERY" --format=json "$T/forced.idx" biblioteche | jq -r .lang)" "fr" "--lang is used for documents that do not say, instead of a guess"
is "$(ids "$T/mixed.idx" -n 5 'lang:uk бібліотек')" "uk.txt" "a Ukrainian document is found with lang:uk"
is "$(ids "$T/mixed.idx" -n 5 'regolamenti')" "it.txt" "an Italian document is stemmed in Italian"

# In an index of several languages a word's stems are filtered by language:
# every score stays a finite number with every weighting model.
for model in ineb2 pl2 dph bm25; do
	run "$QUERY" --model=$model --format=json -n 20 "$I" 'женщины'
	echo "$out" | jq -se 'length > 0 and all(.score | (isinfinite or isnan) | not)' >/dev/null 2>&1
	ok $? "finite scores for a Russian word with --model=$model"
done

# Minor languages: in an index of 300 English texts, one German text is
# fewer than 1 in 200 of the documents and of the default's script, so
# queries are not analysed in German (no filter names it) and the German
# text is found by the English stems; one Russian text, as few but of
# another script, keeps its stems.
M=$T/minor
mkdir -p "$M"
for i in $(seq 1 300); do
	printf 'Report %d on the regional elections\n\nThe observers of the mission said that the elections in district %d were held in an orderly way, and that the counting of the votes was open to the public and to the press.\n' \
		"$i" "$i" >"$M/en-$i.txt"
done
printf 'Bericht aus Wien\n\nDie Beobachterinnen sagten, dass das Parlament die neuen Gesetze über die Medien und über die Sicherheit von Journalistinnen noch in diesem Jahr beraten wird, und dass die Regierung die Empfehlungen begrüßt hat.\n' >"$M/de.txt"
printf 'Доклад из Вены\n\nНаблюдатели OSCE сказали, что выборы в парламент прошли спокойно, и что подсчёт голосов был открыт для общественности и для прессы во всех округах.\n' >"$M/ru.txt"
"$INDEXER" -q "$T/minor.idx" "$M" >/dev/null
ok $? "an index of 300 English texts, one German and one Russian"
is "$("$QUERY" --format=json --facet=lang -n 0 "$T/minor.idx" elections 2>/dev/null | jq -r 'select(.facet == "lang") | .counts | map(.value) | join(",")' 2>/dev/null)" "en" \
	"the elections match English texts only"
run "$QUERY" --format=json --summary -n 1 "$T/minor.idx" parlament
parsed=$(printf '%s\n' "$out" | jq -r 'select(.summary) | .summary.parsed')
like "$parsed" 'Zparlament' "the query is searched by its English stem: $parsed"
# "elections": English stem "elect", German "election".
run "$QUERY" --format=json --summary -n 1 "$T/minor.idx" elections
parsed=$(printf '%s\n' "$out" | jq -r 'select(.summary) | .summary.parsed')
like "$parsed" 'Zelect' "elections: the English stem: $parsed"
ok $(printf '%s' "$parsed" | grep -cE 'Zelection[^s]|Lde') "no German stem, no filter names German: $parsed"
is "$(ids "$T/minor.idx" Parlament)" "de.txt" "the German text is found by the English stem"
is "$(ids "$T/minor.idx" выборов)" "ru.txt" "the Russian text is found by another form of its word (Russian stems)"
# Russian is as rare (1 in 302): no filter names it either, for a query in
# either script, and the Latin word it holds as written is still found.
ok $(printf '%s' "$parsed" | grep -c 'Lru') "elections: no filter names Russian: $parsed"
run "$QUERY" --format=json --summary -n 1 "$T/minor.idx" выборов
parsed=$(printf '%s\n' "$out" | jq -r 'select(.summary) | .summary.parsed')
ok $(printf '%s' "$parsed" | grep -c 'Lru') "выборов: no filter names Russian: $parsed"
is "$(ids "$T/minor.idx" OSCE)" "ru.txt" "the Latin word of the Russian text is found"

done_testing
