#!/usr/bin/env bash
# Hostile queries: every byte value, 100 KB queries, 10,000 nested
# parentheses, invalid UTF-8, lone operators, huge distances, thousands of
# words, deep field nesting.  For each: exit status 0, 1 or 2 only (never a
# signal or a sanitizer report), a message on stderr with 2, and done fast.
. "$(dirname "$0")/test-lib.sh"
index_corpus
I=$T/corpus.idx

# Seconds a query may take: 2, or 10 under the sanitizers, which are slower.
limit=2
case $build in *address* | *undefined*) limit=10 ;; esac

queries=() names=()
add() { # add NAME QUERY
	names+=("$1")
	queries+=("$2")
}
repeat() { # repeat STRING N: STRING N times
	local s=$1 n=$2 out=
	while [ "$n" -gt 0 ]; do
		[ $((n & 1)) -eq 1 ] && out+=$s
		s+=$s
		n=$((n >> 1))
	done
	printf '%s' "$out"
}

# Every byte value alone, and inside a word (NUL cannot be an argument: it
# goes through batch mode below).
for b in $(seq 1 255); do
	c=$(printf "\\$(printf %03o "$b")")
	[ -n "$c" ] || c=$(printf "\\$(printf %03o "$b")x")  # bash drops a lone newline
	add "byte $b alone" "$c"
done
for b in 9 10 13 34 39 40 41 42 43 45 58 92 127 160 192 255; do
	add "byte $b inside words" "police$(printf "\\$(printf %03o "$b")")women violence"
done

# Invalid UTF-8.
add "a lone continuation byte" $'\x80'
add "an overlong slash" $'\xc0\xaf'
add "an overlong NUL" $'\xc0\x80'
add "a UTF-16 surrogate" $'\xed\xa0\x80'
add "a code point over U+10FFFF" $'\xf4\x90\x80\x80'
add "a truncated sequence at the end" $'violence \xe2\x80'
add "a truncated sequence in a phrase" $'"domestic \xe2\x80 violence"'
add "0xFE 0xFF" $'\xfe\xff\xfe\xff'
add "invalid bytes in a field name" $'ti\xfftle:violence'
add "invalid bytes in a field value" $'place:\xff\xfe'
add "invalid bytes in a date" $'date:2012-\xff'
add "a curly quote cut short" $'\xe2\x80\x9cdomestic'
add "a BOM" $'\xef\xbb\xbfviolence'
add "invalid bytes after a prefix" $'organi\xff*'

# Lone operators and punctuation.
for op in AND OR NOT NEAR ADJ NEAR/3 ADJ/0 + - '*' '"' '(' ')' ':' '"' '""' '()' '( )' \
	'AND OR NOT' 'NOT NOT' '- -' '+ +' '+-' '-+' '**' '***' 'a**' '*a' '*a*' 'title:' 'place:' 'org:' \
	'date:' 'after:' 'before:' 'lang:' 'id:' 'title:*' 'org:*' 'date:..' 'date:...' 'date:....2012' \
	':violence' '::' 'title::x' 'title:title:x' 'x AND' 'OR x' 'x NOT' 'x NEAR' 'ADJ x' \
	'x NEAR NEAR y' 'x AND AND y' '(x AND) y' 'x (AND y)' ')x(' '(x))' '((x)' '"x' 'x"' '"x"y"'; do
	add "operator or punctuation: $op" "$op"
done

# Distances, numbers and dates at their limits.
for d in 0 1 99999 9999 100000 4294967295 99999999999 -1 x 1.5 ''; do
	add "NEAR/$d" "domestic NEAR/$d violence"
	add "ADJ/$d" "domestic ADJ/$d violence"
done
for q in date:0000 date:0001 date:9999 date:9999-12-31 date:2012-00 date:2012-13 date:2012-02-29 \
	date:2011-02-29 date:2012-04-31 date:99999999999999999999 date:-2012 date:2012..2011 \
	date:2012-01-01..2011 date:..2012.. after:99999999 before:00000000 after:0000 date:20121301 \
	date:2012-1-1 date:12 date:201 lang:xx lang:none lang:russian lang:ZZZZZZZZZZZZZZZZZZZZZZZZZ \
	'id:' 'id:"a b"' 'org:,,' 'place:,,' 'author:x'; do
	add "field value $q" "$q"
done

# Big ones.
add "100 KB of one word" "$(repeat a 102400)"
add "100 KB of distinct words" "$(for i in $(seq 1 15000); do printf 'w%d ' "$i"; done | head -c 102400)"
add "100 KB of quotes" "$(repeat '"' 102400)"
add "100 KB of a phrase" "\"$(repeat 'ab ' 34000)\""
add "100 KB of opening parentheses" "$(repeat '(' 102400)"
add "100 KB of closing parentheses" "$(repeat ')' 102400)"
add "100 KB of operators" "$(repeat 'AND ' 25600)"
add "100 KB of fields" "$(repeat 'title:x ' 12800)"
add "100 KB of prefixes" "$(repeat 'a* ' 34100)"
add "100 KB of colons" "$(repeat ':' 102400)"
add "100 KB of invalid bytes" "$(repeat $'\xff' 102400)"
add "100 KB of Cyrillic" "$(repeat 'насилие ' 7300)"
add "10,000 nested parentheses" "$(repeat '(' 10000)violence$(repeat ')' 10000)"
add "10,000 NOTs" "$(repeat 'NOT ' 10000)violence"
add "10,000 minus signs" "$(repeat '-' 10000)violence"
add "10,000 nested fields" "$(repeat 'title:(' 10000)violence$(repeat ')' 10000)"
add "10,000 nested negations" "$(repeat '-(' 10000)x$(repeat ')' 10000)"
add "10,000 ORs" "$(repeat 'violence OR ' 10000)women"
add "10,000 terms" "$(for i in $(seq 1 10000); do printf 't%d ' "$i"; done)"
add "1,000 terms (the limit)" "$(for i in $(seq 1 999); do printf 't%d ' "$i"; done)violence"
add "1,001 terms (one over)" "$(for i in $(seq 1 1001); do printf 't%d ' "$i"; done)"
add "1,000 NEARs" "$(repeat 'a NEAR/3 ' 999)b"
add "1,000 prefixes" "$(for i in $(seq 1 1000); do printf 'v%d* ' "$i"; done)"
add "1,000 date ranges" "$(repeat 'date:2009..2012 ' 1000)"
add "1,000 org fields" "$(repeat 'org:osce ' 1000)"
add "a 300-word phrase" "\"$(repeat 'domestic violence ' 150)\""
add "100 nested parentheses (the limit)" "$(repeat '(' 100)violence$(repeat ')' 100)"
add "101 nested parentheses" "$(repeat '(' 101)violence$(repeat ')' 101)"
add "a 10 KB word" "$(repeat x 10240)"
add "a 10 KB field name" "$(repeat f 10240):x"
add "a 10 KB prefix" "$(repeat p 10240)*"
add "broad prefixes" "a* b* c* d* e* f* g* h* i* j* k* l* m* n* o* p* q* r* s* t*"

# Control characters and white space.
add "a newline between words" $'domestic\nviolence'
add "a tab and a carriage return" $'domestic\t\rviolence'
add "only white space" $' \t\n\r\v\f '
add "no-break spaces" $'\xc2\xa0domestic\xc2\xa0violence\xc2\xa0'
add "escape sequences" $'\e[31mviolence\e[0m'
add "a bell and a backspace" $'\a\bviolence'

n=${#queries[@]}
[ "$n" -ge 200 ]
ok $? "at least 200 hostile queries ($n)"

slow=()
for i in "${!queries[@]}"; do
	start=$(date +%s%N)
	"$QUERY" -n 3 -- "$I" "${queries[$i]}" >/dev/null 2>"$T/err"
	rc=$?
	ms=$((($(date +%s%N) - start) / 1000000))
	err=$(head -c 2000 "$T/err")
	why=
	if [ "$rc" -gt 2 ]; then
		why="exit status $rc"
	elif grep -qE 'Sanitizer|runtime error|Assertion|terminate called|Segmentation' "$T/err"; then
		why="a crash report"
	elif [ "$rc" -eq 2 ] && [ ! -s "$T/err" ]; then
		why="exit 2 without a message"
	elif [ "$rc" -eq 2 ] && ! grep -q '^query: ' "$T/err"; then
		why="a message that does not start with 'query: '"
	elif [ "$ms" -gt $((limit * 1000)) ]; then
		why="${ms} ms"
	fi
	if [ -z "$why" ]; then
		echo "ok $((_n + 1)) - ${names[$i]}: exit $rc, ${ms} ms"
		_n=$((_n + 1))
	else
		_n=$((_n + 1))
		_failed=$((_failed + 1))
		echo "not ok $_n - ${names[$i]}: $why"
		printf '#   %s\n' "$err" | head -5
	fi
done

# The same queries in one batch (those without a line break), with NUL
# bytes too, which only stdin can carry.
{
	for q in "${queries[@]}"; do
		case $q in *$'\n'* | *$'\r'*) ;; *) printf '%s\n' "$q" ;; esac
	done
	printf 'a\0b\n\0\n\0\0\0violence\n"\0"\n'
} >"$T/batch"
lines=$(wc -l <"$T/batch")
"$QUERY" --format=ids -n 1 "$I" - <"$T/batch" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -le 2 ] && ! grep -qE 'Sanitizer|runtime error|Assertion|terminate called' "$T/err"
ok $? "all $lines lines in one batch: exit $rc, no crash"
bad=$(grep -c '^query: line [0-9]*: ' "$T/err")
[ "$bad" -gt 0 ] && [ "$bad" -lt "$lines" ]
ok $? "batch: the bad lines are named ($bad of $lines), the others ran"
is "$(printf '\0\n' | "$QUERY" "$I" - 2>&1 >/dev/null)" "query: line 1: invalid query: nothing to search for: the query has no words (only punctuation?)" "a line of one NUL byte"

done_testing
