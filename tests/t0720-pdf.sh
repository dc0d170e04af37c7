#!/usr/bin/env bash
# PDF reports through pdftotext: fixtures written here (PDF files made by
# hand, with a correct cross-reference table; an encrypted one by qpdf),
# found by stemmed, folded and phrase queries; hostile PDFs and a hostile
# pdftotext are reported and the run goes on.
. "$(dirname "$0")/test-lib.sh"
P=$T/pdf
mkdir -p "$P"

# make_pdf OUT LINE... - a one-page PDF showing the lines (UTF-8, written in
# WinAnsiEncoding: Latin-1 letters and typographic dashes and quotes).
make_pdf() {
	local LC_ALL=C out=$1 line i pos obj
	shift
	local stream="BT /F1 11 Tf 50 780 Td 14 TL"
	for line in "$@"; do
		line=$(printf '%s' "$line" | iconv -f UTF-8 -t WINDOWS-1252 | sed 's/[\\()]/\\&/g')
		stream="$stream ($line) Tj T*"
	done
	stream="$stream ET"
	local objs=(
		"<< /Type /Catalog /Pages 2 0 R >>"
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
		"<< /Length ${#stream} >>
stream
$stream
endstream"
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
	)
	local offsets=() head="%PDF-1.4
"
	{
		printf '%s' "$head"
		pos=${#head}
		for i in "${!objs[@]}"; do
			offsets+=("$pos")
			obj="$((i + 1)) 0 obj
${objs[$i]}
endobj
"
			printf '%s' "$obj"
			pos=$((pos + ${#obj}))
		done
		printf 'xref\n0 %d\n0000000000 65535 f \n' $((${#objs[@]} + 1))
		for i in "${offsets[@]}"; do printf '%010d 00000 n \n' "$i"; done
		printf 'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' $((${#objs[@]} + 1)) "$pos"
	} >"$out"
}

make_pdf "$P/osce-report.pdf" \
	"OSCE report on the training of judges in Albania" \
	"TIRANA, 14 May 2019 – Thirty judges and prosecutors completed a course on" \
	"the fair trial rights of defendants, organized by the OSCE Presence in Albania." \
	"“Independent courts are the backbone of the rule of law,” said Besa Kraja-Nowak," \
	"the head of the Presence’s rule of law department."
make_pdf "$P/rapport-fr.pdf" \
	"Rapport sur l'accès des femmes à la justice" \
	"BRUXELLES, 12 juin 2018 – Les avocates bénévoles ont accompagné plus de deux cents" \
	"femmes victimes de violences dans leurs démarches judiciaires au cours de l'année." \
	"Le rapport recommande la création de permanences juridiques gratuites dans chaque" \
	"tribunal et la formation des greffiers à l'accueil des victimes."
if command -v qpdf >/dev/null; then
	qpdf --check "$P/osce-report.pdf" >/dev/null
	ok $? "the hand-made PDF is well formed (qpdf --check)"
else
	skip "qpdf is not installed"
fi
# The same report gzipped without .gz, and named .txt.
gzip -c "$P/osce-report.pdf" >"$P/report-compressed"
cp "$P/osce-report.pdf" "$P/report-named.txt"

run "$INDEXER" "$T/p.idx" "$P"
is "$rc" 0 "the PDFs are indexed"
like "$out" "^4 added, 0 replaced, 0 unchanged, 0 removed, 0 failed, 0 skipped documents; 4 files" "four documents"
out=$("$QUERY" --format=json "$T/p.idx" 'id:osce-report.pdf')
is "$(echo "$out" | jq -r '.title + " | " + .place + " | " + .date + " | " + .lang')" "OSCE report on the training of judges in Albania | Tirana | 2019-05-14 | en" "English PDF: title (first line), place and date (dateline), lang"
is "$(ids "$T/p.idx" 'prosecutor' | sort | tr '\n' ' ')" "osce-report.pdf report-compressed report-named.txt " "stemmed (prosecutor ~ prosecutors), the PDF read by content whatever its name"
is "$(ids "$T/p.idx" 'Krája' | sort | head -1)" "osce-report.pdf" "folded (Krája ~ Kraja)"
is "$(ids "$T/p.idx" '"the backbone of the rule of law"' | sort | head -1)" "osce-report.pdf" "phrase, across a typographic quote"
out=$("$QUERY" --format=json "$T/p.idx" 'id:rapport-fr.pdf')
is "$(echo "$out" | jq -r '.title + " | " + .place + " | " + .date + " | " + .lang')" "Rapport sur l'accès des femmes à la justice | Bruxelles | 2018-06-12 | fr" "French PDF: accents through WinAnsiEncoding; French recognised"
is "$(ids "$T/p.idx" 'lang:fr avocate')" "rapport-fr.pdf" "French PDF: stemmed (avocate ~ avocates)"
is "$(ids "$T/p.idx" 'lang:fr benevoles')" "rapport-fr.pdf" "French PDF: folded (benevoles ~ bénévoles)"
is "$(ids "$T/p.idx" '"permanences juridiques gratuites"')" "rapport-fr.pdf" "French PDF: phrase"
is "$(ids "$T/p.idx" 'lang:fr "acces des femmes"')" "rapport-fr.pdf" "French PDF: the elision in the title (l'accès)"

# Hostile PDFs: each named with its reason; the good one is still indexed.
H=$T/hostile
mkdir -p "$H"
cp "$P/osce-report.pdf" "$H/good.pdf"
head -c 300 "$P/osce-report.pdf" >"$H/truncated.pdf"
printf '%%PDF-1.7\n%s\n' "$(head -c 20000 /dev/urandom | base64)" >"$H/garbage.pdf"
make_pdf "$H/scan.pdf"
if command -v qpdf >/dev/null; then
	qpdf --encrypt user-secret owner-secret 256 -- "$P/osce-report.pdf" "$H/encrypted.pdf"
fi
run "$INDEXER" "$T/h.idx" "$H"
is "$rc" 1 "hostile PDFs: exit status 1"
like "$out" "^1 added" "the good PDF is indexed"
like "$err" "cannot read '$H/truncated.pdf': broken PDF \(pdftotext exit status 1: [^)]+\)" "a truncated PDF: broken, with pdftotext's reason"
like "$err" "cannot read '$H/garbage.pdf': broken PDF" "a garbage PDF: broken"
like "$err" "skipping '$H/scan.pdf': no text in the PDF" "a PDF without text: skipped, said why"
if command -v qpdf >/dev/null; then
	like "$err" "cannot read '$H/encrypted.pdf': encrypted PDF: its text cannot be read without the password" "an encrypted PDF (qpdf --encrypt)"
else
	skip "qpdf is not installed: no encrypted PDF"
fi

# A hostile pdftotext, first in PATH: one that never ends, one that
# writes without end, one that crashes.
F=$T/fakebin
mkdir -p "$F"
# The sleeper has a name of its own, so that pgrep finds this run's
# and no other process on the machine.
SLEEPER=t0720-sleeper-$$
cp "$(command -v sleep)" "$F/$SLEEPER"
printf '#!/bin/sh\n"%s" 30 & wait\n' "$F/$SLEEPER" >"$F/pdftotext"
chmod +x "$F/pdftotext"
start=$(date +%s)
PATH=$F:$PATH run "$INDEXER" --pdf-timeout=1 "$T/t.idx" "$P/osce-report.pdf" "$P/rapport-fr.pdf"
took=$(($(date +%s) - start))
is "$rc" 1 "a pdftotext that never ends: exit status 1"
like "$err" "cannot read '$P/osce-report.pdf': pdftotext took longer than 1 s: killed" "the time limit: named with the reason"
like "$err" "cannot read '$P/rapport-fr.pdf': pdftotext took longer than 1 s" "and the run goes on to the next file"
[ "$took" -lt 10 ]
ok $? "both files given up within the time limit ($took s)"
sleep 0.2
pgrep -f "$SLEEPER" >/dev/null
ok $((!$?)) "the whole process group was killed (no sleep left)"

printf '#!/bin/sh\nwhile :; do echo "VIENNA, 5 March 2021 – a line of a report that never ends"; done\n' >"$F/pdftotext"
PATH=$F:$PATH run "$INDEXER" --max-doc=100K "$T/s.idx" "$P/osce-report.pdf"
is "$rc" 0 "a pdftotext that writes without end: indexed"
like "$err" "'$P/osce-report.pdf': text longer than 102400 bytes: only the start is indexed \(pdftotext stopped\)" "the size limit: cut at --max-doc, said so"
is "$("$QUERY" --format=json "$T/s.idx" report | jq -r .place)" "Vienna" "what was read before the limit is indexed"

printf '#!/bin/sh\necho "Syntax Error: crashing" >&2\nkill -SEGV $$\n' >"$F/pdftotext"
PATH=$F:$PATH run "$INDEXER" "$T/c.idx" "$P/osce-report.pdf"
like "$err" "cannot read '$P/osce-report.pdf': pdftotext was killed by signal 11" "a crashing pdftotext"

# Without pdftotext: the PDF is skipped with a clear message.
mkdir -p "$T/nobin"
run env PATH="$T/nobin" "$INDEXER" "$T/n.idx" "$P/osce-report.pdf"
is "$rc" 0 "without pdftotext: not an error"
like "$err" "skipping '$P/osce-report.pdf': PDF, but pdftotext is not installed \(Debian package poppler-utils\)" "without pdftotext: said so"

# --pdf-timeout is checked.
run "$INDEXER" --pdf-timeout=0 "$T/x.idx" "$P"
is "$rc" 2 "--pdf-timeout=0 is a usage error"
like "$err" "pdf-timeout needs seconds" "and says what it needs"

done_testing
