#!/usr/bin/env bash
# make install with prefix and DESTDIR; the installed programs run; the man pages render.
. "$(dirname "$0")/test-lib.sh"

run make -s -C "$top" install BUILD="$build" DESTDIR="$T/root" prefix=/usr
is "$rc" 0 "make install succeeds"
[ -x "$T/root/usr/bin/indexer" ] && [ -x "$T/root/usr/bin/query" ]
ok $? "the programs are installed under DESTDIR/prefix/bin"
[ -f "$T/root/usr/share/man/man1/query.1" ] && [ -f "$T/root/usr/share/man/man1/indexer.1" ]
ok $? "the manual pages are installed"
run "$T/root/usr/bin/query" --version
like "$out" "^query \(dateline\)" "the installed query runs"

for page in query indexer; do
	run groff -man -Tutf8 -ww -z "$top/man/$page.1"
	is "$rc:$err" "0:" "$page.1 renders without warnings"
	# Rendering in full also checks every input character.
	run groff -man -Tutf8 -ww "$top/man/$page.1"
	is "$rc:$err" "0:" "$page.1 renders in full without warnings"
done
# -P-cbou: plain text, without overstriking for bold and underline.
like "$(groff -man -Tutf8 -P-cbou "$top/man/query.1" 2>/dev/null)" "QUERY LANGUAGE" "query(1) documents the query language"

run make -s -C "$top" uninstall DESTDIR="$T/root" prefix=/usr
[ ! -e "$T/root/usr/bin/query" ] && [ ! -e "$T/root/usr/share/man/man1/query.1" ]
ok $? "make uninstall removes them"

done_testing
