#!/usr/bin/env bash
# Incremental indexing: unchanged files skipped unread, touched files not
# re-indexed, changed files replaced, vanished files removed, --no-prune,
# --prune, --force, --delete, and nothing removed that a run did not see.
. "$(dirname "$0")/test-lib.sh"

cp -r "$CORPUS" "$T/c"
n=$(find "$T/c" -type f | wc -l)
I=$T/idx
a=$T/c/2009-2014/2012-11-16-warsaw-hate-crime-report.txt
b=$T/c/2015-2020/2015-06-10-vienna-cybersecurity-confidence-building.txt
count() { "$QUERY" --count "$I" "$@"; }
all() { count 'date:1900..2100'; }

run "$INDEXER" "$I" "$T/c"
like "$out" "^$n added, 0 replaced, 0 unchanged, 0 removed, 0 failed, 0 skipped documents; $n files \(0 unchanged, 0 failed, 0 skipped\)" "first run: every file added"

# Unchanged files are not even opened: one made unreadable (chmod leaves
# size and mtime alone) is skipped without an error.  Root reads anything,
# so the run is made as nobody then.
as_user=()
if [ "$(id -u)" -eq 0 ]; then
	chmod -R a+rwX "$T"
	as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
chmod 000 "$a"
run "${as_user[@]}" "$INDEXER" "$I" "$T/c"
is "$rc" 0 "an unchanged tree: exit 0, though a file is unreadable"
like "$out" "^0 added, 0 replaced, $n unchanged, 0 removed, 0 failed, 0 skipped documents; $n files \($n unchanged, 0 failed, 0 skipped\)" "an unchanged tree: nothing read"
is "$err" "" "and nothing said"
chmod 644 "$a"

# Touched files are hashed, found the same, and only their records change.
touch "$a" "$b"
run "$INDEXER" -v "$I" "$T/c"
like "$out" "^0 added, 0 replaced, $n unchanged, 0 removed" "touched files are not re-indexed"
like "$err" "'$a' was touched, not changed" "-v says a file was only touched"
run "$INDEXER" -v "$I" "$T/c"
is "$err" "" "the next run does not even hash them"

# A changed file is read again and replaces its document.
echo "Addendum: the zanzibarian delegation also attended." >>"$a"
run "$INDEXER" "$I" "$T/c"
like "$out" "^0 added, 1 replaced, $((n - 1)) unchanged, 0 removed" "a changed file is replaced"
is "$(count zanzibarian)" 1 "its new words are found"
is "$(all)" "$n" "no duplicate"

# A removed file's document is removed; with --no-prune it is kept.
rm "$b"
run "$INDEXER" --no-prune "$I" "$T/c"
like "$out" "^0 added, 0 replaced, $((n - 1)) unchanged, 0 removed" "--no-prune keeps the document of a removed file"
is "$(count 'id:2015-2020/2015-06-10-vienna-cybersecurity-confidence-building.txt')" 1 "it is still there"
run "$INDEXER" "$I" "$T/c"
like "$out" "^0 added, 0 replaced, $((n - 1)) unchanged, 1 removed" "by default the next run removes it"
is "$(all)" "$((n - 1))" "one document fewer"

# A renamed file: the new name is added, the old one removed.
mv "$a" "$T/c/2009-2014/renamed.txt"
run "$INDEXER" "$I" "$T/c"
like "$out" "^1 added, 0 replaced, $((n - 2)) unchanged, 1 removed" "a renamed file: added under its new id, removed under the old"
is "$(count 'id:2009-2014/renamed.txt' zanzibarian)" 1 "the new id has the content"

# JSON Lines: lines removed from a file remove their documents; new lines add.
printf '{"id":"j1","text":"first"}\n{"id":"j2","text":"second"}\n{"id":"j3","text":"third"}\n' >"$T/c/news.jsonl"
run "$INDEXER" "$I" "$T/c"
like "$out" "^3 added, 0 replaced, $((n - 1)) unchanged, 0 removed" "a new JSON Lines file: three added"
printf '{"id":"j1","text":"first"}\n{"id":"j3","text":"third, edited"}\n{"id":"j4","text":"fourth"}\n' >"$T/c/news.jsonl"
run "$INDEXER" "$I" "$T/c"
like "$out" "^1 added, 2 replaced, $((n - 1)) unchanged, 1 removed" "a changed JSON Lines file: a new line added, the missing one removed"
is "$(count 'id:j2')" 0 "the removed line's document is gone"
is "$(count 'id:j4' fourth)" 1 "the new line's is there"
run "$INDEXER" "$I" "$T/c"
like "$out" "^0 added, 0 replaced, $((n + 2)) unchanged, 0 removed" "unchanged documents are counted by file"

# A file that is now empty has no document any more.
f=$T/c/2021-2026/2022-05-03-tashkent-world-press-freedom-day.txt
: >"$f"
run "$INDEXER" "$I" "$T/c"
like "$out" "^0 added, 0 replaced, $((n - 2 + 3)) unchanged, 1 removed, 0 failed, 0 skipped documents; $n files \($((n - 1)) unchanged, 0 failed, 1 skipped\)" "a file emptied: its document removed"
like "$err" "skipping '$f': empty file \(its 1 document indexed before removed\)" "and said so"
run "$INDEXER" "$I" "$T/c"
like "$out" "files \($n unchanged, 0 failed, 0 skipped\)" "an empty file is unchanged on the next run"

# A file that changed but cannot be read keeps its documents; once readable,
# it is read.
g=$T/c/2021-2026/2023-10-10-nairobi-women-farmers-climate.txt
echo "Addendum: quokkas were mentioned." >>"$g"
chmod 000 "$g"
run "${as_user[@]}" "$INDEXER" "$I" "$T/c"
is "$rc" 1 "a changed, unreadable file: exit 1"
like "$err" "cannot read '$g': Permission denied \(the documents indexed from it before are kept\)" "the file is named, and what is kept said"
is "$(count 'id:2021-2026/2023-10-10-nairobi-women-farmers-climate.txt')" 1 "its document is kept"
chmod 644 "$g"
run "$INDEXER" "$I" "$T/c"
like "$out" "^0 added, 1 replaced" "readable again, it is read"
is "$(count quokkas)" 1 "with its new words"

# A directory the walk cannot enter: nothing under it is removed, though
# its files are not seen.
sub=$T/c/2015-2020
chmod 000 "$sub"
run "${as_user[@]}" "$INDEXER" "$I" "$T/c"
is "$rc" 1 "an unreadable directory: exit 1"
like "$err" "cannot read '$sub': Permission denied" "it is named"
like "$out" " 0 removed" "nothing under it is removed"
chmod 755 "$sub"
is "$(count 'id:2015-2020/2015-03-03-bishkek-ru-police-reform.txt')" 1 "its documents are still there"

# Other options that shape documents make every file be read again.
run "$INDEXER" --max-terms=500000 "$I" "$T/c"
like "$out" "^0 added, $((n + 1)) replaced, 0 unchanged" "new --max-terms: every document read again"
run "$INDEXER" --force --max-terms=500000 "$I" "$T/c"
like "$out" "^0 added, $((n + 1)) replaced, 0 unchanged" "--force: every document read again"

# A second directory, gone entirely: only --prune removes its documents.
mkdir "$T/other"
cp "$CORPUS/2009-2014/2013-06-05-belgrade-journalists-safety.txt" "$T/other/o1.txt"
cp "$CORPUS/2009-2014/2013-04-18-almaty-border-crossing-training.txt" "$T/other/o2.txt"
run "$INDEXER" "$I" "$T/other"
like "$out" "^2 added" "another directory indexed"
rm -r "$T/other"
run "$INDEXER" "$I" "$T/c"
like "$out" " 0 removed" "indexing the first directory alone keeps the other's documents"
is "$(count 'id:o1.txt')" 1 "o1.txt is still there"
run "$INDEXER" --prune "$I" "$T/c"
like "$out" " 2 removed" "--prune removes the documents of files gone from anywhere"
is "$(count 'id:o1.txt')" 0 "o1.txt is gone"

# --delete removes documents by id, and names ids it does not know.
run "$INDEXER" --delete "$I" j1 j3 nosuchid
is "$rc" 1 "--delete with an unknown id: exit 1"
like "$out" "^0 added, 0 replaced, 0 unchanged, 2 removed, 1 failed" "--delete: the summary counts removed and unknown"
is "$err" "indexer: no document with id 'nosuchid' in index '$I'" "an unknown id is named"
is "$(count 'id:j1')" 0 "j1 is gone"
run "$INDEXER" --delete "$I" j4
is "$rc" 0 "--delete of a known id: exit 0"
run "$INDEXER" --delete "$T/nothing" j4
is "$rc" 2 "--delete on a missing index: exit 2"
is "$err" "indexer: no index at '$T/nothing'" "and says so"
[ ! -e "$T/nothing" ]
ok $? "--delete does not create an index"

run "$INDEXER" --check "$I"
is "$rc" 0 "the index passes --check after all this"

done_testing
