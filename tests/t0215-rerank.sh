#!/usr/bin/env bash
# The proximity re-ranking (lib/rerank.h) through query, on the bundled
# corpus (DATELINE_RERANK_MIN_DOCS=0, so that it runs on a corpus this
# small): the first page re-ranked, for pages of 1 to 20, offsets, AND and
# date filters, is the true ranking of the whole query: its best documents
# by the sum of their parts' weights, each part searched on its own
# (--explain), which is the whole query's ranking but for Xapian 1.4's
# habit of adding, when two pairs share a word, a pair that does not match
# (seen here: the whole query puts a document at 2.4155 whose parts sum to
# 2.1551).  Facets and counts are the whole query's; the JSON summary
# says which way the page was ranked.
. "$(dirname "$0")/test-lib.sh"
index_corpus
I=$T/corpus.idx

# page FILE MIN_DOCS QUERY-ARGS...: "id<TAB>score" of each result.
page() {
	local f=$1 m=$2
	shift 2
	DATELINE_RERANK_MIN_DOCS=$m "$QUERY" --format=tsv --fields=id,score "$@" | tail -n +2 >"$f"
}
reranked() { # reranked MIN_DOCS QUERY-ARGS...: the summary's "reranked"
	local m=$1
	shift
	DATELINE_RERANK_MIN_DOCS=$m "$QUERY" --format=json --summary "$@" | jq -r 'select(.summary) | .summary.reranked // false'
}

is "$(reranked 0 -n 10 "$I" 'domestic violence law')" true "a three-word query is re-ranked with the threshold at 0"
is "$(reranked 999999999 -n 10 "$I" 'domestic violence law')" false "... and not with a threshold no query reaches"
is "$(reranked 0 -n 21 "$I" 'domestic violence law')" false "a page beyond 20 results is not re-ranked"
is "$(reranked 0 -n 10 --sort=date "$I" 'domestic violence law')" false "nor a date order"
is "$(reranked 0 -n 10 "$I" violence)" false "nor a query without pairs"

# truth FILE OFFSET N QUERY-ARGS...: "id<TAB>score" of results OFFSET+1..
# OFFSET+N of the whole query's best 60 ranked by their parts' sum.
truth() {
	local f=$1 off=$2 n=$3
	shift 3
	DATELINE_RERANK_MIN_DOCS=999999999 "$QUERY" --format=json -n 60 --explain "$@" |
		jq -r 'select(.id) | [.id, .explain.sum] | @tsv' | sort -t "$(printf '\t')" -k2,2gr |
		awk -F'\t' -v off="$off" -v n="$n" 'NR > off && NR <= off + n { printf "%s\t%.4f\n", $1, $2 }' >"$f"
}

reranks=0
for q in 'domestic violence law' 'women journalists' 'election observation mission' \
	'human trafficking victims' 'police reform training programme' 'women in policing'; do
	for args in "0 1" "0 5" "0 10" "0 20" "5 5" "0 10 --and" "0 10 --since=2015"; do
		set -- $args
		off=$1 n=$2
		shift 2
		page "$T/re" 0 -n "$n" --offset="$off" "$@" "$I" "$q"
		if [ "$(reranked 0 -n "$n" --offset="$off" "$@" "$I" "$q")" = true ]; then
			truth "$T/true" "$off" "$n" "$@" "$I" "$q"
			reranks=$((reranks + 1))
		else # the whole query ran: as Xapian ranks it
			page "$T/true" 999999999 -n "$n" --offset="$off" "$@" "$I" "$q"
		fi
		if [ ! -s "$T/true" ]; then
			is "$(cat "$T/re")" "" "'$q' $args: no results either way"
		else
			same_ranking "$T/re" "$T/true"
			ok $? "'$q' $args: re-ranked as the parts' weights add up"
		fi
	done
done
set --
ok $((reranks < 20)) "most of those pages were re-ranked ($reranks of 42)"

# Facets and counts come from the first pass: the same as the whole query's.
is "$(DATELINE_RERANK_MIN_DOCS=0 "$QUERY" --format=json -n 5 --summary --facet=place --facet=year "$I" 'violence against women' | jq -c 'select(.facet or .summary) | del(.summary.elapsed_ms, .summary.reranked)')" \
	"$(DATELINE_RERANK_MIN_DOCS=999999999 "$QUERY" --format=json -n 5 --summary --facet=place --facet=year "$I" 'violence against women' | jq -c 'select(.facet or .summary) | del(.summary.elapsed_ms, .summary.reranked)')" \
	"facets and the summary's counts are the whole query's"

done_testing
