#!/usr/bin/env bash
# HTML pages as saved from press offices' sites: fixtures made here, read by
# libxml2's parser, found by stemmed, folded and phrase queries; hostile
# pages are reported and the run goes on.
. "$(dirname "$0")/test-lib.sh"
H=$T/html
mkdir -p "$H"

# An OSCE-like page: site header, navigation, breadcrumbs, a script and a
# style, the article, share buttons, related stories, a footer, a cookie
# notice.  Each part that is no text of the release holds a word of its own.
cat >"$H/osce-page.html" <<'EOF'
<!DOCTYPE html>
<!-- saved from a press office's site -->
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Border guards from Central Asia trained in risk analysis | OSCE</title>
<meta name="viewport" content="width=device-width">
<meta property="article:published_time" content="2021-03-05T09:30:00+01:00">
<style>.x { content: "styleword"; }</style>
<script>var s = "scriptword"; document.write("<p>scriptword</p>");</script>
</head>
<body>
<a class="skip-link" href="#main">skiplinkword</a>
<header class="site-header"><a href="/">OSCE</a> headerword</header>
<nav class="main-nav"><ul><li><a href="/">Home</a></li><li>navword</li></ul></nav>
<div class="breadcrumb">Home &gt; Newsroom &gt; breadcrumbword</div>
<main id="main">
<article>
<h1>Border guards from Central Asia trained in risk analysis</h1>
<p class="meta"><time datetime="2021-03-06">6 March 2021</time></p>
<p>DUSHANBE, 5 March 2021 – Twenty-two border guards from Kyrgyzstan, Tajikistan and Uzbekistan completed a two-week course on <b>risk analysis</b> at the OSCE Border Management Staff College in Dushanbe today.</p>
<p>The participants learned to assess the risks of cross-border crime, to analyse data on movements of goods and people, and to plan patrols accordingly.</p>
<p>“Good analysis saves lives and money,” said Zarina Qodirova, the course leader.</p>
<div class="share-buttons">Share: shareword</div>
<noscript>noscriptword</noscript>
<form action="/subscribe"><input name="e"> formword</form>
</article>
<aside class="related">asideword: related stories</aside>
</main>
<footer id="footer">footerword © OSCE</footer>
<div id="cookie-notice" role="dialog">cookieword: this site uses cookies</div>
</body>
</html>
EOF

# A Russian page in Windows-1251, declared in an http-equiv meta tag.
printf '%s\n' '<html><head>' \
	'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">' \
	'<title>Пограничники прошли обучение</title></head>' \
	'<body><h1>Пограничники прошли обучение</h1>' \
	'<p>БИШКЕК, 18 октября 2016 г. – Двадцать пограничников завершили курс по анализу рисков, организованный Программным офисом ОБСЕ.</p>' \
	'<p>Слушатели изучили методы оценки угроз на границе и работу с базами данных.</p></body></html>' |
	iconv -f UTF-8 -t WINDOWS-1251 >"$H/ru-1251.html"

# A French page in ISO-8859-1, declared with meta charset, in French.
printf '%s\n' '<!doctype html><html lang="fr"><head><meta charset="ISO-8859-1">' \
	'<title>Réunion régionale sur la sécurité des journalistes</title></head>' \
	'<body><main><p>GENÈVE, 3 novembre 2015 - Des journalistes de quinze pays se sont réunis à Genève pour débattre de leur sécurité et de la protection de leurs sources.</p>' \
	'<p>Les participantes ont évoqué les menaces reçues en ligne.</p></main></body></html>' |
	iconv -f UTF-8 -t ISO-8859-1 >"$H/fr-latin1.html"

# Broken markup: unclosed and stray tags, garbage, a bad entity, control
# characters.
printf '%s' '<html><head><title>Broken page about observers</title><body><div><p>Observers <b>watched <i>the count' \
	'<table><tr><td>polling stations</span></td></p></div></div>&bogus; <<<>>> <p <p>' \
	'</html></html><p>after the end' "$(printf '\001\002')" ' <script>never closed' >"$H/broken.html"

# A page saved as .txt, and a gzipped page without .gz.
printf '%s\n' '<html><head><title>Saved as text</title></head><body>' \
	'<p>VIENNA, 5 March 2021 – A page whose name says text: the parliamentarians discussed cybersecurity.</p></body></html>' \
	>"$H/saved.txt"
gzip -c "$H/osce-page.html" >"$H/compressed-page"

# A page without a <title>: the first <h1> is the title; one with a UTF-8
# byte order mark and a Spanish <html lang>.
printf '%s\n' '<html><body><h1>Mujeres rurales venden en línea</h1>' \
	'<p>LIMA, 8 de marzo de 2022 – Cooperativas de mujeres campesinas comenzaron a vender sus tejidos por internet.</p></body></html>' \
	>"$H/no-title.html"
printf '\357\273\277<!DOCTYPE html><html lang="es-PE"><head><title>Con BOM</title></head><body><p>Texto de una página con marca de orden de bytes.</p></body></html>\n' >"$H/bom.html"

# An empty page, and a huge one: 200,000 paragraphs.
printf '<html><head><title></title></head><body><script>only script</script></body></html>\n' >"$H/empty.html"
awk 'BEGIN { print "<html><head><title>A huge page</title></head><body>";
	for (i = 0; i < 200000; i++) print "<p>Paragraph " i " of a very long report on regional security.</p>";
	print "<p>hugelastword</p></body></html>" }' >"$H/huge.html"
# Deep nesting: 100,000 unclosed <div>s, deeper than libxml2 goes.
awk 'BEGIN { printf "<html><body><p>beforedeep</p>"; for (i = 0; i < 100000; i++) printf "<div>"; print "deepword</body></html>" }' >"$H/deep.html"

run "$INDEXER" --max-doc=2M "$T/h.idx" "$H"
is "$rc" 0 "the pages are indexed"
like "$out" "^10 added, 0 replaced, 0 unchanged, 0 removed, 0 failed, 0 skipped documents; 11 files \(0 unchanged, 0 failed, 1 skipped\)" "ten documents; the empty page skipped"
like "$err" "'$H/deep.html': malformed HTML \(1 error, the first: Excessive depth in document: 256" "too deep a page: reported"
like "$err" "skipping '$H/empty.html': HTML page without any text" "the empty page: named with the reason"
like "$err" "'$H/broken.html': malformed HTML \([0-9]+ errors?, the first: [^)]*\): read as well as it could be" "broken markup: reported, read anyway"
like "$err" "'$H/huge.html': page longer than 8388608 bytes: only the start is read" "the huge page: cut, and said so"
like "$err" "'$H/huge.html': text longer than 2097152 bytes: only the start is indexed" "its text is capped at --max-doc"

j() {
	"$QUERY" --format=json -n 20 "$T/h.idx" "$@"
}

# The OSCE page: title without the site's name, date from its metadata,
# place from the dateline, language from <html lang>.
out=$(j 'id:osce-page.html')
is "$(echo "$out" | jq -r .title)" "Border guards from Central Asia trained in risk analysis" "title: the <h1> that the <title> holds, without ' | OSCE'"
is "$(echo "$out" | jq -r .date)" "2021-03-05" "date: article:published_time wins over <time> and the dateline"
is "$(echo "$out" | jq -r .place)" "Dushanbe" "place: the dateline of the first paragraph"
is "$(echo "$out" | jq -r .lang)" "en" "lang: from <html lang=\"en-GB\">"
like "$(echo "$out" | jq -r .snippet)" "^6 March 2021 DUSHANBE" "the text starts with the article, not the navigation"
for w in styleword scriptword skiplinkword headerword navword breadcrumbword shareword noscriptword formword asideword footerword cookieword; do
	run "$QUERY" --count "$T/h.idx" "$w"
	is "$out" 0 "not indexed: $w"
done
is "$(ids "$T/h.idx" 'analysing' | sort)" "compressed-page
osce-page.html" "stemmed: analysing finds analyse"
is "$(ids "$T/h.idx" 'Qodírova' | sort)" "compressed-page
osce-page.html" "folded: Qodírova finds Qodirova"
is "$(ids "$T/h.idx" '"cross-border crime"' | sort)" "compressed-page
osce-page.html" "phrase"
run "$QUERY" --count "$T/h.idx" 'title:trained title:guards'
is "$out" 2 "the <h1> is the title (and the gzipped copy's)"
run "$QUERY" --count "$T/h.idx" '"border guards from central asia trained"'
is "$out" 2 "the title's <h1> is not repeated in the text: one match per page"

# Windows-1251.
out=$(j 'id:ru-1251.html')
is "$(echo "$out" | jq -r .title)" "Пограничники прошли обучение" "windows-1251: the title decoded"
is "$(echo "$out" | jq -r '.place + " " + .date + " " + .lang')" "Бишкек 2016-10-18 ru" "windows-1251: dateline and language (recognised)"
is "$(ids "$T/h.idx" 'пограничник')" "ru-1251.html" "windows-1251: stemmed (пограничник ~ пограничников)"
is "$(ids "$T/h.idx" '"методы оценки угроз"')" "ru-1251.html" "windows-1251: phrase"
# ISO-8859-1.
out=$(j 'id:fr-latin1.html')
is "$(echo "$out" | jq -r '.title + " | " + .place + " | " + .date + " | " + .lang')" "Réunion régionale sur la sécurité des journalistes | Genève | 2015-11-03 | fr" "ISO-8859-1: title, place, date, lang"
is "$(ids "$T/h.idx" 'lang:fr menace')" "fr-latin1.html" "ISO-8859-1: stemmed (menace ~ menaces)"
is "$(ids "$T/h.idx" 'lang:fr evoque')" "fr-latin1.html" "ISO-8859-1: folded (evoque ~ évoqué)"
is "$(ids "$T/h.idx" '"protection de leurs sources"')" "fr-latin1.html" "ISO-8859-1: phrase"
# Broken markup is read as well as it can be.
is "$(ids "$T/h.idx" 'observer')" "broken.html" "broken markup: stemmed (observer ~ Observers)"
is "$(ids "$T/h.idx" '"polling stations"')" "broken.html" "broken markup: text inside the broken table"
# Content sniffing.
is "$(j 'id:saved.txt' | jq -r '.title + " | " + .place')" "Saved as text | Vienna" "a .txt that is HTML is read as HTML"
run "$QUERY" --count "$T/h.idx" 'html OR body OR head'
is "$out" 0 "no markup is indexed as words"
is "$(j 'id:compressed-page' | jq -r .title)" "Border guards from Central Asia trained in risk analysis" "a gzipped page without .gz"
is "$(j 'id:no-title.html' | jq -r '.title + " | " + .date + " | " + .lang')" "Mujeres rurales venden en línea | 2022-03-08 | es" "no <title>: the <h1>; the Spanish dateline; language recognised"
is "$(ids "$T/h.idx" 'lang:es tejido')" "no-title.html" "Spanish: stemmed (tejido ~ tejidos)"
is "$(j 'id:bom.html' | jq -r '.title + " | " + .lang')" "Con BOM | es" "a byte order mark, and <html lang=\"es-PE\">"
is "$(ids "$T/h.idx" 'pagina')" "bom.html" "folded: pagina ~ página"
run "$QUERY" --count "$T/h.idx" beforedeep
is "$out" 1 "too deep a page: the text before the depth limit is read"
run "$QUERY" --count "$T/h.idx" hugelastword
is "$out" 0 "the end of the huge page is past the limit"
run "$QUERY" --count "$T/h.idx" '"paragraph 0 of a very long report"'
is "$out" 1 "the start of the huge page is indexed"

# --format=html reads a page whatever it starts with; --format=text does not.
printf '<p>Only a paragraph</p><p>VIENNA, 7 May 2020 – Delegates met.</p>\n' >"$T/fragment.html"
run "$INDEXER" --format=html "$T/f.idx" "$T/fragment.html"
is "$("$QUERY" --format=json "$T/f.idx" delegates | jq -r '.title + " | " + .place')" "Only a paragraph | Vienna" "--format=html: a fragment, first line the title"
run "$INDEXER" --format=text "$T/t.idx" "$H/saved.txt"
is "$("$QUERY" --count "$T/t.idx" body)" 1 "--format=text reads the markup as text"

# Dates: Dublin Core metadata, else the first <time datetime> of the
# article, else the dateline; a date that is no ISO date is ignored.
mkdir -p "$T/dates"
printf '%s\n' '<html><head><title>DC date</title><meta name="DC.date.issued" content="2019-07-30"></head>' \
	'<body><p>VIENNA, 5 March 2021 – The dateline says otherwise.</p></body></html>' >"$T/dates/dc.html"
printf '%s\n' '<html><head><title>Time element</title><meta name="date" content="last Tuesday"></head>' \
	'<body><article><p>Published <time datetime="2020-02-29T08:00">29 February</time></p>' \
	'<p>VIENNA, 5 March 2021 – The dateline says otherwise.</p></article></body></html>' >"$T/dates/time.html"
printf '%s\n' '<html><head><title>Dateline only</title></head>' \
	'<body><p>VIENNA, 5 March 2021 – Only the dateline dates this page.</p></body></html>' >"$T/dates/dateline.html"
run "$INDEXER" "$T/d.idx" "$T/dates"
is "$("$QUERY" --format=json -n 5 "$T/d.idx" 'date:..9999' | jq -r '.id + " " + .date + " " + .place' | sort | tr '\n' ';')" "dateline.html 2021-03-05 Vienna;dc.html 2019-07-30 Vienna;time.html 2020-02-29 Vienna;" "dates: DC.date.issued, then <time datetime>, then the dateline"

# An unknown character set: read as UTF-8 or Windows-1252, and said so.
printf '<html><head><meta charset="x-no-such-charset"><title>Odd charset</title></head><body><p>Plain words here.</p></body></html>\n' >"$T/odd.html"
run "$INDEXER" "$T/o.idx" "$T/odd.html"
is "$rc" 0 "a page with an unknown character set is indexed"
like "$err" "'$T/odd.html': unknown character set 'x-no-such-charset': read as utf-8" "and the reader says how it read it"

done_testing
