/*
 * query - ranked search over a dateline index.
 *
 *   query [options] INDEX QUERY...
 *   query [options] INDEX -          (batch: one query per line of stdin)
 *   query [options] -i INDEX... --remote HOST:PORT... QUERY...
 *
 * Parses each query (qparse.h), runs it with the ranking of ranking.h
 * through the Xapian binding, and prints the results with snippets,
 * facets, explanations and summaries (output.h).  Several indexes
 * (shardset.h: paths, stubs, remote servers) are searched as one, ranked
 * with their combined statistics.  Exit status as grep's: 0 when
 * something matched, 1 when nothing did, 2 on an error.
 */
#include "analyser.h"
#include "explain.h"
#include "like.h"
#include "output.h"
#include "qparse.h"
#include "ranking.h"
#include "rerank.h"
#include "schema.h"
#include "shardset.h"
#include "snippet.h"
#include "spelling.h"
#include "util.h"
#include "xap.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROGRAM "query"
/* Attempts when the index changes under a search (another process commits). */
#define MAX_RETRIES 10
/* Of those, attempts after a remote index failed during the search. */
#define MAX_NETWORK_RETRIES 2
/* --timeout's default, in seconds: Xapian's own for remote databases. */
#define DEFAULT_TIMEOUT 10

enum sort { SORT_RELEVANCE, SORT_DATE, SORT_DATE_DESC };

/* The facets --facet knows: the value slot each counts. */
static const struct facet_kind {
	const char *name;
	unsigned slot;
	int split; /* the slot holds a list */
} facet_kinds[] = {
	{ "year", SLOT_YEAR, 0 },
	{ "place", SLOT_PLACE, 0 },
	{ "org", SLOT_ORGS, 1 },
	{ "lang", SLOT_LANG, 0 },
};
#define NFACETS (sizeof(facet_kinds) / sizeof(facet_kinds[0]))

struct options {
	unsigned limit, offset;
	int count;
	enum out_format format;
	int format_given;
	int highlight; /* -1: auto */
	int color;
	enum sort sort;
	int sort_given;
	size_t snippet_len;
	ranking rank;
	int model_given;
	int literal;
	int timing;
	unsigned wildcard_limit;
	int default_and;
	int summary;
	const char *lang;
	int facets[NFACETS]; /* indices into facet_kinds, in the order asked */
	size_t nfacets;
	unsigned facet_limit;
	const char *since, *until;
	int fields[OF_COUNT];
	size_t nfields;
	int nul;
	const char *run_tag;
	int explain;          /* 0: off; -1: every printed result; n: rank n */
	const char *like;
	unsigned timeout_ms;  /* for remote indexes */
	int partial;          /* search the indexes that can be opened */
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROGRAM " [options] INDEX QUERY...\n"
		"       " PROGRAM " [options] --like=ID INDEX [QUERY...]\n"
		"       " PROGRAM " [options] INDEX -        (queries from stdin, one a line)\n"
		"       " PROGRAM " [options] {-i INDEX | --remote HOST:PORT}... QUERY...|-\n"
		"\n"
		"Searches the index INDEX (made by indexer) and prints the best matches,\n"
		"ranked (IneB2 by default, see --model), with a snippet of each.  The\n"
		"words of QUERY are joined with spaces; put -- before INDEX if the query\n"
		"starts with '-'.\n"
		"\n"
		"Several indexes are searched as one, ranked with their combined\n"
		"statistics: give each with -i (or --remote); then every argument is\n"
		"the query.  INDEX may also be a Xapian stub file or directory listing\n"
		"shards (auto PATH, remote HOST:PORT lines), as indexer --shards makes.\n"
		"  -i, --index=INDEX    search INDEX too (repeat for more)\n"
		"      --remote=HOST:PORT  search the index xapian-tcpsrv serves there\n"
		"                       (repeat for more; see scripts/shard-servers)\n"
		"      --timeout=SECONDS   give up on a remote index after this long\n"
		"                       (connecting, and each request; default %d)\n"
		"      --partial        search the indexes that can be opened, leaving out\n"
		"                       those that cannot (or that fail during a search),\n"
		"                       and say so (text: a line; json: the summary's\n"
		"                       \"partial\" and \"missing\"); without it, exit 2\n"
		"\n"
		"query language (plain words are ORed and ranked; see query(1)):\n"
		"  word               matched by its stem (elections finds election)\n"
		"  \"a phrase\"         these words in this order; \"word\" matches exactly\n"
		"  word*              words starting with word (at most --wildcard-limit)\n"
		"  +word  -word       must / must not be there\n"
		"  a AND b, a OR b, a NOT b, NOT a, ( )   upper case; NOT binds tightest,\n"
		"                                         then AND, then OR\n"
		"  a NEAR b, a NEAR/n b, a ADJ/n b        within n words (default 10;\n"
		"                                         ADJ: in this order)\n"
		"  title:word  title:\"a phrase\"  title:(a OR b)   in the title\n"
		"  place:almaty  place:\"new york\"   the dateline's city, region or country\n"
		"  org:osce  org:\"un women\"  org:minist*   an organisation the text names\n"
		"  date:2012-10-18  date:2012-10  date:2012   that day, month or year\n"
		"  date:2009..2012  date:2012-03..  date:..2012   ranges, inclusive\n"
		"  after:DATE  before:DATE            strictly later / earlier\n"
		"  lang:ru  id:ID  KEY:word           language, document id, JSON metadata\n"
		"Filters (place:, org:, date:, after:, before:, lang:, id:, KEY:) restrict\n"
		"without ranking: values of one filter are alternatives, different filters\n"
		"all hold.  A query of filters only lists the newest documents first.\n"
		"A query holds at most %u words.\n"
		"\n"
		"options:\n"
		"  -n, --limit=N        results to print (default 10)\n"
		"      --offset=N       skip the first N results\n"
		"  -c, --count          print only the number of matching documents\n"
		"  -f, --format=FMT     text (default), json (JSON Lines), tsv, ids, paths or\n"
		"                       trec (QID Q0 DOCID RANK SCORE TAG)\n"
		"      --fields=LIST    the fields of json records or tsv columns, in order:\n"
		"                       qid, rank, score, id, title, date, place, lang, orgs,\n"
		"                       source, line, meta, snippet, highlights\n"
		"  -0, --null           end ids and paths with NUL, for xargs -0\n"
		"      --run-tag=TAG    the last column of trec (default dateline)\n"
		"      --summary        after the results, a summary (JSON: an object with\n"
		"                       matches, time, the parsed query, did_you_mean)\n"
		"      --facet=LIST     counts over all matching documents: year, place,\n"
		"                       org, lang (a comma list, or repeat the option)\n"
		"      --facet-limit=N  values per facet, most frequent first (default 10;\n"
		"                       0: all)\n"
		"      --since=DATE --until=DATE   only documents dated in this range,\n"
		"                       inclusive (as date:SINCE..UNTIL)\n"
		"      --sort=ORDER     relevance (default), date (oldest first) or -date\n"
		"                       (newest first; the default for filter-only queries)\n"
		"      --explain[=RANK] after each printed result (or the one at RANK), each\n"
		"                       query part's share of its score (text and json)\n"
		"      --like=ID        documents like the one with id ID; QUERY, if given,\n"
		"                       restricts them without ranking\n"
		"      --highlight=HOW  color, brackets or none (default: color on a\n"
		"                       terminal, brackets otherwise; none in tsv)\n"
		"      --snippet-length=N  about N characters of snippet (default 200; 0: none)\n"
		"      --and            plain words must all match (default: any, ranked)\n"
		"ranking (defaults measured in docs/ranking.md):\n"
		"      --model=NAME     weighting model: ineb2 (default: divergence from\n"
		"                       randomness, Xapian's IneB2), bm25, bm25+, pl2, pl2+,\n"
		"                       dph, dlh, inl2, ifb2, bb2, lm, trad\n"
		"      --k1=X --b=X     BM25 parameters (default 1.2 and 0.75; imply\n"
		"                       --model=bm25 unless a model is given)\n"
		"      --c=X            the DFR models' length normalisation (default 1)\n"
		"      --title-weight=X weight of a match in the title, on top of the body\n"
		"                       (default 0.2)\n"
		"      --proximity=W[,N]  neighbouring query words within N positions of\n"
		"                       each other weigh W more (default 0.1,16; 0: off)\n"
		"      --no-stopwords   keep stopwords (the, of, ...) in plain queries\n"
		"      --expand[=D,T,W] pseudo-relevance feedback (RM3): the T best stems of\n"
		"                       the first D results added, the query weighing W\n"
		"                       (default 10,20,0.6); off by default\n"
		"      --literal        the query is plain words: no operators, fields,\n"
		"                       phrases or prefixes (for evaluation and scripts)\n"
		"      --timing         after each query, 'timing<TAB>QID<TAB>MS' on stderr\n"
		"      --wildcard-limit=N  most words a prefix* may expand to (default 1000)\n"
		"      --lang=LANG      analyse the query in LANG (default: the index's)\n"
		"  -h, --help           this help\n"
		"  -V, --version        the version\n"
		"\n"
		"Batch mode (INDEX -): each line of stdin is a query, or QID<TAB>query;\n"
		"the qid is the line number otherwise.  Each record carries its qid (json\n"
		"\"qid\", a first tsv column, trec's first column); a bad line is reported\n"
		"with its number and the rest go on.\n"
		"\n"
		"A word the index does not hold gets a \"did you mean\" on stderr (json\n"
		"--summary: in the summary; not in ids, paths and trec, made for programs).\n"
		"Exit status: 0 when something matched, 1 when nothing did, 2 on an error\n"
		"(in batch mode: 2 if any line failed, else 0 if any query matched).\n",
		DEFAULT_TIMEOUT, (unsigned)QP_MAX_WORDS);
}

static int parse_unsigned(const char *s, unsigned max, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v > max || s[0] == '-')
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

/* Adds the facets of a comma list; -1 on an unknown one. */
static int add_facets(struct options *o, const char *list)
{
	for (const char *p = list;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		size_t k = 0;
		while (k < NFACETS && !(strlen(facet_kinds[k].name) == n &&
					memcmp(facet_kinds[k].name, p, n) == 0))
			k++;
		if (k == NFACETS) {
			fprintf(stderr, PROGRAM ": unknown facet '%.*s' (year, place, org or lang)\n",
				(int)n, p);
			return -1;
		}
		int dup = 0;
		for (size_t i = 0; i < o->nfacets; i++)
			dup |= o->facets[i] == (int)k;
		if (!dup)
			o->facets[o->nfacets++] = (int)k;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

static int set_fields(struct options *o, const char *list)
{
	o->nfields = 0;
	for (const char *p = list;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		int f = output_field(p, n);
		if (f < 0) {
			fprintf(stderr, PROGRAM ": unknown field '%.*s' in --fields (%s)\n", (int)n, p,
				output_field_names());
			return -1;
		}
		int dup = 0;
		for (size_t i = 0; i < o->nfields; i++)
			dup |= o->fields[i] == f;
		if (!dup)
			o->fields[o->nfields++] = f;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

/* Prints the query with a caret under the byte at pos; where names a line
 * of batch input ("" otherwise). */
static void show_error(const char *where, const char *q, size_t len, const qp_error *e)
{
	fprintf(stderr, PROGRAM ": %sinvalid query: %s\n", where, e->msg);
	if (len > 200 || memchr(q, '\n', len) || memchr(q, '\0', len))
		return; /* a caret under a huge or multi-line query helps nobody */
	fprintf(stderr, "  %.*s\n  ", (int)len, q);
	size_t col = snippet_chars(q, e->pos < len ? e->pos : len);
	for (size_t i = 0; i < col; i++)
		fputc(' ', stderr);
	fputs("^\n", stderr);
}

static int stop_first(void *ctx, const char *t, size_t n, unsigned f)
{
	*(int *)ctx = 1;
	return 1;
}

/* What stays the same across the queries of a run. */
struct search {
	const struct options *opt;
	shard_set *shards;
	xap_database *db;     /* the one open shard's handle, or the shards combined */
	int own_db;           /* db is the combination, to destroy */
	const char **missing; /* names of the shards left out (--partial) */
	size_t nmissing;
	xap_enquire *enq;     /* reused; remade after the database is reopened */
	analyser **as;        /* the query's analysers; snippets use the document's language's */
	size_t na;
	qp_options qo;
	char **lang_codes;    /* the index's languages and their documents (qp_options) */
	unsigned *lang_docs;
	size_t nlangs;
	xap_query *dates;     /* --since/--until, or NULL */
	unsigned long rerank_min_docs; /* rerank_pays(); DATELINE_RERANK_MIN_DOCS */
	output out;
	int batch;
};

static int meta_field_exists(void *ctx, const char *key)
{
	const struct search *s = ctx;
	char prefix[64];
	int found = 0;
	snprintf(prefix, sizeof(prefix), "%s%s:", PREFIX_META, key);
	xap_database_allterms(s->db, prefix, strlen(prefix), stop_first, &found);
	return found;
}

/* Whether a query with these proximity pairs may be re-ranked (rerank.h):
 * a page within RERANK_MAX_PAGE, a relevance order, local shards only,
 * common words.  run() re-ranks every query that got a base, unless
 * pseudo-relevance feedback expanded it. */
static int want_base(void *ctx, xap_query *const *pairs, size_t npairs)
{
	const struct search *s = ctx;
	const struct options *o = s->opt;
	return !o->count && o->limit && o->offset + o->limit <= RERANK_MAX_PAGE &&
	       !(o->sort_given && o->sort != SORT_RELEVANCE) && !s->shards->remote &&
	       rerank_pays(s->db, (const xap_query *const *)pairs, npairs, s->rerank_min_docs);
}

/* Collects the language terms ("L" + a lower-case code) and their counts. */
static int add_lang(void *ctx, const char *t, size_t n, unsigned freq)
{
	struct search *s = ctx;
	if (n < 2 || !islower((unsigned char)t[1]))
		return 0;
	if ((s->nlangs & (s->nlangs - 1)) == 0) {
		size_t cap = s->nlangs ? 2 * s->nlangs : 1;
		s->lang_codes = xrealloc(s->lang_codes, cap * sizeof(*s->lang_codes));
		s->lang_docs = xrealloc(s->lang_docs, cap * sizeof(*s->lang_docs));
	}
	s->lang_codes[s->nlangs] = xstrndup(t + 1, n - 1);
	s->lang_docs[s->nlangs++] = freq;
	return 0;
}

/*
 * The languages of the index's documents with their counts, for the query
 * parser's cheaper language filter (qparse.h), when the query is read in
 * several languages and every document has exactly one.  A document added
 * later in a language the index did not hold then would be out of reach of
 * that language's stems anyway: its analyser was not loaded either.
 */
static void load_lang_stats(struct search *s)
{
	unsigned doccount = 0;
	unsigned long sum = 0;
	if (s->na < 2 || xap_database_doccount(s->db, &doccount) != XAP_OK ||
	    xap_database_allterms(s->db, PREFIX_LANG, strlen(PREFIX_LANG), add_lang, s) != XAP_OK)
		s->nlangs = 0;
	for (size_t i = 0; i < s->nlangs; i++)
		sum += s->lang_docs[i];
	if (sum == doccount) {
		s->qo.lang_codes = (const char *const *)s->lang_codes;
		s->qo.lang_docs = s->lang_docs;
		s->qo.nlangs = s->nlangs;
	}
}

/* Opens one shard into sh->db.  Returns 0, or -1 after saying why. */
static int open_shard(shard *sh, unsigned timeout_ms)
{
	char *msg = NULL;
	xap_status st = sh->path ? xap_database_open(sh->path, &sh->db, &msg)
				 : xap_database_open_remote(sh->host, sh->port, timeout_ms, &sh->db, &msg);
	if (st == XAP_OK)
		return 0;
	struct stat sb;
	if (sh->path && (st == XAP_NOT_FOUND || stat(sh->path, &sb) != 0))
		fprintf(stderr, PROGRAM ": cannot open index '%s': no such index (make one with 'indexer %s FILES...')\n",
			sh->name, sh->path);
	else if (sh->path && (st == XAP_OPENING || st == XAP_VERSION))
		fprintf(stderr, PROGRAM ": cannot open index '%s': not a dateline index (%s)\n", sh->name,
			msg ? msg : "");
	else
		fprintf(stderr, PROGRAM ": cannot open index '%s': %s: %s\n", sh->name,
			xap_status_string(st), msg ? msg : "");
	free(msg);
	return -1;
}

/*
 * Opens every shard afresh and makes s->db search them as one.  A shard
 * that cannot be opened is fatal, or with --partial left out (named in
 * s->missing).  Returns 0, or -1 after saying why.
 */
static int connect_shards(struct search *s)
{
	shard_set *set = s->shards;
	if (s->own_db)
		xap_database_destroy(s->db);
	s->db = NULL;
	s->own_db = 0;
	s->nmissing = 0;
	size_t open = 0;
	shard *last = NULL;
	for (size_t i = 0; i < set->n; i++) {
		shard *sh = &set->v[i];
		xap_database_destroy(sh->db);
		sh->db = NULL;
		if (open_shard(sh, s->opt->timeout_ms) == 0) {
			open++;
			last = sh;
		} else if (!s->opt->partial) {
			return -1;
		} else {
			s->missing[s->nmissing++] = sh->name;
		}
	}
	if (s->nmissing) {
		if (!open) {
			fprintf(stderr, PROGRAM ": none of the %zu indexes can be opened\n", set->n);
			return -1;
		}
		fprintf(stderr, PROGRAM ": searching %zu of the %zu indexes (--partial)\n", open, set->n);
	}
	if (open == 1) {
		/* One database alone: its handle, which reopens by its path. */
		s->db = last->db;
		return 0;
	}
	char *msg = NULL;
	xap_status st = xap_database_new_empty(&s->db, &msg);
	for (size_t i = 0; st == XAP_OK && i < set->n; i++)
		if (set->v[i].db)
			st = xap_database_add(s->db, set->v[i].db);
	if (st != XAP_OK) {
		fprintf(stderr, PROGRAM ": cannot search the indexes as one: %s: %s\n",
			xap_status_string(st), msg ? msg : xap_database_errmsg(s->db));
		free(msg);
		xap_database_destroy(s->db);
		s->db = NULL;
		return -1;
	}
	s->own_db = 1;
	return 0;
}

/* Appends the comma-separated codes of list to codes, each once. */
static void add_codes(strbuf *codes, strmap *seen, const char *list)
{
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");
		int added = 0;
		if (n)
			strmap_put(seen, p, n, &added);
		if (added) {
			if (codes->len)
				strbuf_addc(codes, ',');
			strbuf_add(codes, p, n);
		}
		p += n + (p[n] == ',');
	}
}

/* The analysers to read the query with: lang alone if given, else the
 * indexes' default language (the first shard's that has one), then every
 * other language any of them holds. */
static int load_analysers(const shard_set *set, const char *lang, analyser **as, size_t *na)
{
	*na = 0;
	if (lang) {
		if (!(as[0] = analyser_new(analyser_lang_code(lang) ? lang : "none"))) {
			fprintf(stderr, PROGRAM ": unknown language '%s'\n", lang);
			return -1;
		}
		*na = 1;
		return 0;
	}
	char *def = NULL;
	size_t dlen = 0;
	strbuf codes = STRBUF_INIT;
	strmap seen = STRMAP_INIT;
	for (size_t i = 0; i < set->n; i++) {
		char *v = NULL;
		size_t len = 0;
		if (!set->v[i].db)
			continue;
		if (!dlen && xap_database_get_metadata(set->v[i].db, SCHEMA_META_LANG, &v, &len) == XAP_OK &&
		    len) {
			free(def);
			def = v;
			dlen = len;
			strmap_put(&seen, def, dlen, NULL);
		} else {
			free(v);
		}
		v = NULL;
		if (xap_database_get_metadata(set->v[i].db, SCHEMA_META_LANGS, &v, &len) == XAP_OK)
			add_codes(&codes, &seen, v);
		free(v);
	}
	as[(*na)++] = analyser_new(dlen && analyser_lang_code(def) ? def : dlen ? "none" : "english");
	for (char *p = codes.buf, *tok; p && (tok = strsep(&p, ","));) {
		if (!*tok || (dlen && strcmp(tok, def) == 0) || *na == 32)
			continue;
		as[(*na)++] = analyser_new(analyser_lang_code(tok) ? tok : "none");
	}
	free(def);
	strbuf_release(&codes);
	strmap_release(&seen);
	return 0;
}

/* The analyser of a document's language among the query's, else the first. */
static analyser *analyser_for_doc(const struct search *s, const document *d)
{
	const char *code = d->lang ? analyser_lang_code(d->lang) : NULL;
	for (size_t i = 0; code && i < s->na; i++) {
		const char *c = analyser_code(s->as[i]);
		if (c && strcmp(c, code) == 0)
			return s->as[i];
	}
	return s->as[0];
}

/* One query's work: its parsed form and what the search found. */
struct job {
	const char *qid;      /* NULL outside batch mode */
	const char *where;    /* "line N: " in batch mode, else "" */
	const char *text;
	size_t len;
	qp_result qr;
	xap_query *query;     /* what runs: qr.query with the filters of the options */
	xap_query *base;      /* the same without the proximity pairs (rerank.h) */
	unsigned qlen;
	double start_ms;
};

struct hit {
	xap_docid did;
	double score;
	document doc;
	char *orgs;
	size_t orgslen;
	out_explain explain;
	int explained;
};

struct facet_values {
	unsigned documents;
	char **values;
	unsigned *counts;
	size_t n;
};

static int collect_value(void *ctx, const char *v, size_t n, unsigned count)
{
	struct facet_values *fv = ctx;
	fv->values = xrealloc(fv->values, (fv->n + 1) * sizeof(char *));
	fv->counts = xrealloc(fv->counts, (fv->n + 1) * sizeof(unsigned));
	fv->values[fv->n] = xstrndup(v, n);
	fv->counts[fv->n] = count;
	fv->n++;
	return 0;
}

static void facet_values_release(struct facet_values *fv)
{
	for (size_t i = 0; i < fv->n; i++)
		free(fv->values[i]);
	free(fv->values);
	free(fv->counts);
	memset(fv, 0, sizeof(*fv));
}

static int sum_wqf(void *ctx, const char *t, size_t n, unsigned wqf)
{
	*(unsigned *)ctx += wqf;
	return 0;
}

struct split_item {
	const char *value;
	size_t len;
	unsigned count;
};

/* Adds count to each distinct item of the list value[0, n). */
static int split_value(void *ctx, const char *value, size_t n, unsigned count)
{
	strmap *items = ctx;
	for (size_t from = 0; from < n;) {
		const char *sep = memchr(value + from, SCHEMA_LIST_SEP, n - from);
		size_t to = sep ? (size_t)(sep - value) : n, len = to - from;
		int dup = 0;
		/* Once per document, however often its list names the item. */
		for (size_t k = 0; len && !dup && k < from;) {
			const char *e = memchr(value + k, SCHEMA_LIST_SEP, from - k);
			size_t end = e ? (size_t)(e - value) : from;
			dup = end - k == len && memcmp(value + k, value + from, len) == 0;
			k = end + 1;
		}
		if (len && !dup)
			*strmap_put(items, value + from, len, NULL) += count;
		from = to + 1;
	}
	return 0;
}

static int by_count(const void *x, const void *y)
{
	const struct split_item *a = x, *b = y;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	int c = memcmp(a->value, b->value, a->len < b->len ? a->len : b->len);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* The items of a list slot counted whole (each distinct list with its
 * documents), as xap_enquire_add_valuecount_split() counts them: most
 * frequent first, ties in byte order, at most max (0: all). */
static void split_values(const xap_valuecount *vc, unsigned max, struct facet_values *fv)
{
	strmap items = STRMAP_INIT;
	xap_valuecount_values(vc, 0, split_value, &items);
	struct split_item *v = xmalloc((items.count ? items.count : 1) * sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < items.cap; i++)
		if (items.slots[i].key)
			v[n++] = (struct split_item){ items.slots[i].key, items.slots[i].len,
						      items.slots[i].value };
	qsort(v, n, sizeof(*v), by_count);
	for (size_t i = 0; i < n && (!max || i < max); i++)
		collect_value(fv, v[i].value, v[i].len, v[i].count);
	free(v);
	strmap_release(&items);
}

/* Replaces *q with FILTER(*q, f) (f is copied). */
static int add_filter(xap_query **q, const xap_query *f)
{
	xap_query *subs[2] = { *q, (xap_query *)f }, *out = NULL;
	if (xap_query_new_combine(XAP_OP_FILTER, subs, 2, 0, &out, NULL) != XAP_OK)
		return -1;
	xap_query_free(*q);
	*q = out;
	return 0;
}

/* Parses the job's query (and --like's), into j->qr and j->query.
 * Returns 0, or -1 after printing why. */
static int prepare(struct search *s, struct job *j)
{
	const struct options *o = s->opt;
	size_t tl = j->len;
	trim_space(j->text, &tl);
	qp_error qe;
	memset(&j->qr, 0, sizeof(j->qr));
	if (o->like) {
		strbuf err = STRBUF_INIT;
		if (like_query(s->db, o->like, &j->qr, &err) != XAP_OK) {
			fprintf(stderr, PROGRAM ": %s--like: %s\n", j->where, err.buf);
			strbuf_release(&err);
			return -1;
		}
		strbuf_release(&err);
		if (tl) {
			/* The query restricts the similar documents. */
			qp_result user;
			if (qp_parse(j->text, j->len, &s->qo, &user, &qe) != 0) {
				show_error(j->where, j->text, j->len, &qe);
				qp_result_release(&j->qr);
				return -1;
			}
			int rc = add_filter(&j->qr.query, user.query);
			for (size_t i = 0; i < user.nhl; i++) {
				j->qr.hl = xrealloc(j->qr.hl, (j->qr.nhl + 1) * sizeof(*j->qr.hl));
				j->qr.hl[j->qr.nhl++] = user.hl[i];
			}
			user.nhl = 0;
			qp_result_release(&user);
			if (rc) {
				fprintf(stderr, PROGRAM ": %scannot build the query: out of memory\n", j->where);
				qp_result_release(&j->qr);
				return -1;
			}
		}
	} else if (qp_parse(j->text, j->len, &s->qo, &j->qr, &qe) != 0) {
		show_error(j->where, j->text, j->len, &qe);
		return -1;
	}
	if (xap_query_copy(j->qr.query, &j->query, NULL) != XAP_OK ||
	    (s->dates && add_filter(&j->query, s->dates)) ||
	    (j->qr.base && (xap_query_copy(j->qr.base, &j->base, NULL) != XAP_OK ||
			     (s->dates && add_filter(&j->base, s->dates))))) {
		fprintf(stderr, PROGRAM ": %scannot build the query: out of memory\n", j->where);
		xap_query_free(j->query);
		xap_query_free(j->base);
		j->query = j->base = NULL;
		qp_result_release(&j->qr);
		return -1;
	}
	j->qlen = 0;
	xap_query_terms(j->query, sum_wqf, &j->qlen);
	return 0;
}

/* Runs the job's search and prints it.  Returns the number of matches, or
 * -1 with the status in *st (XAP_MODIFIED: reopen and retry; nothing was
 * printed then). */
static long run(struct search *s, struct job *j, xap_status *st)
{
	const struct options *o = s->opt;
	xap_enquire *enq = s->enq;
	xap_mset *m = NULL;
	xap_valuecount *vcs[NFACETS] = { NULL };
	struct facet_values fvs[NFACETS];
	struct hit *hits = NULL;
	unsigned n = 0, doccount = 0, lower = 0, est = 0, upper = 0;
	long total = -1;
	memset(fvs, 0, sizeof(fvs));

	if ((*st = xap_enquire_set_query(enq, j->query, j->qlen)) ||
	    (*st = ranking_apply(&o->rank, enq)) ||
	    (*st = xap_enquire_clear_matchspies(enq)))
		goto fail;
	enum sort sort = o->sort;
	if (!o->sort_given && !j->qr.ranked)
		sort = SORT_DATE_DESC;
	if (sort == SORT_RELEVANCE)
		*st = xap_enquire_set_sort(enq, XAP_SORT_RELEVANCE, 0, 0);
	else
		*st = xap_enquire_set_sort(enq, XAP_SORT_VALUE_THEN_RELEVANCE, SLOT_DATE,
					   sort == SORT_DATE_DESC);
	if (*st || (*st = xap_database_doccount(s->db, &doccount)))
		goto fail;
	/* A remote server runs only Xapian's own match spies: the values of
	 * a list slot are counted whole there, and split here. */
	int split_here = s->shards->remote;
	for (size_t i = 0; i < o->nfacets && !*st; i++) {
		const struct facet_kind *fk = &facet_kinds[o->facets[i]];
		*st = fk->split && !split_here
			      ? xap_enquire_add_valuecount_split(enq, fk->slot, SCHEMA_LIST_SEP, &vcs[i])
			      : xap_enquire_add_valuecount(enq, fk->slot, &vcs[i]);
	}
	if (*st)
		goto fail;

	/* Pseudo-relevance feedback: a first pass for the best documents, whose
	 * stems expand the query (ranking.h). */
	int expanded_query = 0;
	if (o->rank.expand_docs && j->qr.ranked) {
		xap_mset *fb = NULL;
		xap_query *expanded = NULL;
		if ((*st = xap_enquire_get_mset(enq, 0, o->rank.expand_docs, 0, NULL, 0, &fb)) ||
		    (*st = ranking_expand(&o->rank, s->db, fb, j->query, (unsigned)j->qr.nwords, &expanded))) {
			xap_mset_free(fb);
			goto fail;
		}
		xap_mset_free(fb);
		if (expanded) {
			expanded_query = 1;
			*st = xap_enquire_set_query(enq, expanded, 0);
			xap_query_free(expanded);
			if (*st)
				goto fail;
		}
	}

	/* Facets and counts need every match seen, not only the page.  The
	 * summary's estimate of the matches (and, with -n 0, the exit status)
	 * is better for a hundred more; a page alone needs no more than itself:
	 * every match is seen when there are no more than that, so "none" is
	 * exact, and Xapian can stop early otherwise. */
	unsigned first = o->count ? 0 : o->offset, max = o->count ? 0 : o->limit;
	unsigned check = o->count || o->nfacets ? doccount
			 : o->offset + o->limit + (o->summary || !o->limit ? 100 : 0);
	/* The first page of a query with proximity pairs whose words are
	 * common: its base first, then the pairs on the best of it only
	 * (rerank.h).  j->base is there only when want_base() found the page,
	 * the order and the shards fit (not a remote shard: the filter by ids
	 * cannot go over the network; not a date order: weights only break
	 * its ties); an expanded query has no base. */
	rerank_query rq = { j->base, (const xap_query *const *)j->qr.pairs, j->qr.npairs, j->query,
			    j->qlen };
	int rerank_it = j->base && sort == SORT_RELEVANCE && !expanded_query;
	unsigned depth = rerank_it ? rerank_depth(first + max) : 0;
	if (rerank_it)
		*st = xap_enquire_set_query(enq, j->base, j->qlen);
	if (*st || (*st = rerank_it ? xap_enquire_get_mset(enq, 0, depth, check > depth ? check : depth,
							     NULL, 0, &m)
				    : xap_enquire_get_mset(enq, first, max, check, NULL, 0, &m)))
		goto fail;
	xap_mset_matches(m, &lower, &est, &upper);
	for (size_t i = 0; i < o->nfacets; i++) {
		fvs[i].documents = xap_valuecount_total(vcs[i]);
		if (facet_kinds[o->facets[i]].split && split_here)
			split_values(vcs[i], o->facet_limit, &fvs[i]);
		else
			xap_valuecount_values(vcs[i], o->facet_limit, collect_value, &fvs[i]);
	}
	/* The page: its ids and weights, from the mset or re-ranked. */
	rerank_hit *page = NULL;
	int reranked = 0;
	if (rerank_it) {
		rerank_stats how = { 0 };
		if (!(*st = xap_enquire_clear_matchspies(enq)))
			*st = rerank(enq, s->db, &rq, m, depth, first, max, &page, &n, &how);
		reranked = !how.whole;
		xap_mset_free(m); /* (a failure's message is enq's) */
		m = NULL;
	} else {
		*st = rerank_hits(m, &page, &n);
	}
	if (*st) {
		free(page);
		n = 0;
		goto fail;
	}

	/* Read every document (and explain) before printing anything, so that
	 * a retry after XAP_MODIFIED never prints a result twice. */
	hits = xcalloc(n ? n : 1, sizeof(*hits));
	int lines_only = o->format == OUT_IDS || o->format == OUT_PATHS || o->format == OUT_TREC;
	for (unsigned i = 0; i < n && !*st; i++) {
		struct hit *h = &hits[i];
		xap_document *xd = NULL;
		const char *data, *v;
		size_t dlen, vlen;
		document_init(&h->doc);
		h->did = page[i].did;
		h->score = page[i].weight;
		if ((*st = xap_database_get_found_document(s->db, h->did, &xd))) {
			xap_document_free(xd);
			break;
		}
		/* Each value read is a look-up in the index: only what is printed. */
		v = "";
		vlen = 0;
		if (!lines_only && (*st = xap_document_get_value(xd, SLOT_ORGS, &v, &vlen))) {
			xap_document_free(xd);
			break;
		}
		h->orgs = xstrndup(v, vlen);
		h->orgslen = vlen;
		/* The line formats need the id or the source only, which value slots
		 * hold: the document data (with its text) is not read at all. */
		const char *key = NULL;
		size_t klen = 0;
		if (lines_only && !o->explain &&
		    (*st = xap_document_get_value(xd, o->format == OUT_PATHS ? SLOT_SOURCE : SLOT_ID,
						  &key, &klen))) {
			xap_document_free(xd);
			break;
		}
		if (klen) {
			if (o->format == OUT_PATHS)
				h->doc.source = xstrndup(key, klen);
			else
				h->doc.id = xstrndup(key, klen);
			if (!h->doc.id)
				h->doc.id = xstrdup("");
			h->doc.text = xstrdup("");
		} else {
			if ((*st = xap_document_get_data(xd, &data, &dlen))) {
				xap_document_free(xd);
				break;
			}
			if (schema_data_decode(data, dlen, &h->doc) != 0 && !h->doc.id)
				h->doc.id = xstrdup("(damaged document data)");
		}
		xap_document_free(xd);
		unsigned rank = o->offset + i + 1;
		if (o->explain && (o->explain < 0 || (unsigned)o->explain == rank)) {
			explain_params ep = { &o->rank, j->qlen };
			*st = explain_document(s->db, &j->qr, &ep, h->did, &h->doc, h->score, &h->explain);
			h->explained = 1;
		}
	}
	free(page);
	if (*st)
		goto fail;

	/* Did you mean: words the index does not hold. */
	strbuf dym = STRBUF_INIT;
	/* (For people: the line formats, read by programs, skip the look-ups.) */
	int corrected = !lines_only && spelling_correct(s->db, &j->qr, j->text, j->len, &dym);
	int dym_in_summary = o->format == OUT_JSON && o->summary;
	if (corrected && !dym_in_summary)
		fprintf(stderr, PROGRAM ": %sdid you mean: %s\n", j->where, dym.buf);

	output *out = &s->out;
	if (o->count) {
		if (s->batch)
			fprintf(out->f, "%s\t%u\n", j->qid, est);
		else
			fprintf(out->f, "%u\n", est);
	} else {
		output_query(out, j->qid, j->text);
		if (s->nmissing)
			output_partial(out, s->missing, s->nmissing, s->shards->n);
		for (unsigned i = 0; i < n; i++) {
			struct hit *h = &hits[i];
			snippet snip;
			int want = o->snippet_len > 0 &&
				   (o->format == OUT_TEXT || o->format == OUT_JSON || o->format == OUT_TSV);
			if (want)
				snippet_make(analyser_for_doc(s, &h->doc), h->doc.text, h->doc.textlen,
					     j->qr.hl, j->qr.nhl, o->snippet_len, &snip);
			out_result r = { j->qid, o->offset + i + 1, h->score, &h->doc, h->orgs,
					 h->orgslen, want ? &snip : NULL, h->explained ? &h->explain : NULL };
			output_result(out, &r);
			if (want)
				snippet_release(&snip);
		}
	}
	for (size_t i = 0; i < o->nfacets; i++) {
		out_facet f = { j->qid, facet_kinds[o->facets[i]].name, fvs[i].documents,
				(const char **)fvs[i].values, fvs[i].counts, fvs[i].n };
		output_facet(out, &f);
	}
	if (o->summary && !o->count) {
		char *parsed = xap_query_describe(j->query);
		out_summary sum = { j->qid, j->text, parsed, est, lower, upper, n, o->offset,
				    now_ms() - j->start_ms, corrected ? dym.buf : NULL,
				    s->missing, s->nmissing, reranked };
		output_summary(out, &sum);
		free(parsed);
	}
	strbuf_release(&dym);
	total = est;
	goto out;

fail:
	if (*st != XAP_MODIFIED) {
		const char *why = m ? xap_mset_errmsg(m) : xap_enquire_errmsg(enq);
		if (*st == XAP_NETWORK)
			/* Xapian's message names the server ("remote:tcp(HOST:PORT)"). */
			fprintf(stderr, PROGRAM ": %san index failed during the search: %s\n", j->where,
				*why ? why : xap_database_errmsg(s->db));
		else if (*st == XAP_RANGE)
			fprintf(stderr, PROGRAM ": %s%s (a prefix* matches too many words: make it longer or raise --wildcard-limit)\n",
				j->where, why);
		else
			fprintf(stderr, PROGRAM ": %ssearch failed: %s: %s\n", j->where,
				xap_status_string(*st), *why ? why : xap_database_errmsg(s->db));
	}
out:
	for (unsigned i = 0; hits && i < n; i++) {
		document_release(&hits[i].doc);
		free(hits[i].orgs);
		if (hits[i].explained)
			explain_release(&hits[i].explain);
	}
	free(hits);
	for (size_t i = 0; i < o->nfacets; i++)
		facet_values_release(&fvs[i]);
	xap_mset_free(m);
	return total;
}

/*
 * Runs one query.  Returns 1 if it matched, 0 if not, -1 on an error,
 * -2 on an error that ends the run (an index can no longer be opened).
 */
static int run_query(struct search *s, const char *qid, const char *where, const char *text,
		     size_t len)
{
	struct job j = { .qid = qid, .where = where, .text = text, .len = len };
	j.start_ms = now_ms();
	if (prepare(s, &j) != 0)
		return -1;
	int rc = -1, network = 0;
	for (int attempt = 0;; attempt++) {
		xap_status st;
		long total = run(s, &j, &st);
		if (total >= 0) {
			rc = total > 0;
			break;
		}
		if (st == XAP_NETWORK)
			network++;
		if ((st != XAP_MODIFIED && st != XAP_NETWORK) || attempt >= MAX_RETRIES ||
		    network > MAX_NETWORK_RETRIES) {
			if (st == XAP_MODIFIED)
				fprintf(stderr, PROGRAM ": %sthe index kept changing during the search; try again\n",
					where);
			break;
		}
		/*
		 * The enquire holds the old revision, or a connection that
		 * failed: open every index afresh.  A server that has gone
		 * away is named then, and left out with --partial.
		 */
		xap_enquire_free(s->enq);
		s->enq = NULL;
		if (connect_shards(s) != 0) {
			rc = -2;
			break;
		}
		char *msg = NULL;
		if (xap_enquire_new(s->db, &s->enq, &msg) != XAP_OK) {
			fprintf(stderr, PROGRAM ": %scannot search: %s\n", where, msg ? msg : "");
			free(msg);
			rc = -2;
			break;
		}
	}
	if (s->opt->timing) {
		/* After the results are written: the time a caller waits. */
		fflush(stdout);
		fprintf(stderr, "timing\t%s\t%.3f\n", qid ? qid : "1", now_ms() - j.start_ms);
	}
	xap_query_free(j.query);
	xap_query_free(j.base);
	qp_result_release(&j.qr);
	return rc;
}

/* Batch mode: a query per line of in.  Returns the exit status. */
static int run_batch(struct search *s, FILE *in)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	unsigned long lineno = 0;
	int matched = 0, errors = 0;
	while ((got = getline(&line, &cap, in)) != -1) {
		lineno++;
		size_t len = (size_t)got;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		line[len] = '\0'; /* the summary and the text format print the query whole */
		size_t tl = len;
		trim_space(line, &tl);
		if (!tl)
			continue; /* blank lines are no queries */
		char qid[64], where[96];
		const char *text = line;
		const char *tab = memchr(line, '\t', len);
		if (tab) {
			size_t ql = (size_t)(tab - line);
			snprintf(qid, sizeof(qid), "%.*s", (int)(ql < 63 ? ql : 63), line);
			text = tab + 1;
			len -= ql + 1;
		} else {
			snprintf(qid, sizeof(qid), "%lu", lineno);
		}
		snprintf(where, sizeof(where), "line %lu: ", lineno);
		int rc = run_query(s, qid, where, text, len);
		if (rc < 0)
			errors++;
		else if (rc > 0)
			matched++;
		if (rc == -2) {
			fprintf(stderr, PROGRAM ": stopped at line %lu: the indexes cannot be searched\n",
				lineno);
			break;
		}
		if (ferror(s->out.f))
			break; /* the reader has gone */
	}
	if (ferror(in)) {
		fprintf(stderr, PROGRAM ": cannot read the queries: %s\n", strerror(errno));
		errors++;
	}
	free(line);
	return errors ? 2 : matched ? 0 : 1;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "limit", required_argument, NULL, 'n' },
		{ "offset", required_argument, NULL, 'O' },
		{ "count", no_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ "summary", no_argument, NULL, 'S' },
		{ "sort", required_argument, NULL, 's' },
		{ "highlight", required_argument, NULL, 'H' },
		{ "snippet-length", required_argument, NULL, 'L' },
		{ "and", no_argument, NULL, 'A' },
		{ "k1", required_argument, NULL, 'K' },
		{ "b", required_argument, NULL, 'B' },
		{ "title-weight", required_argument, NULL, 'T' },
		{ "model", required_argument, NULL, 1001 },
		{ "c", required_argument, NULL, 1002 },
		{ "proximity", required_argument, NULL, 1003 },
		{ "no-stopwords", no_argument, NULL, 1004 },
		{ "expand", optional_argument, NULL, 1005 },
		{ "literal", no_argument, NULL, 1006 },
		{ "timing", no_argument, NULL, 1007 },
		{ "wildcard-limit", required_argument, NULL, 'W' },
		{ "lang", required_argument, NULL, 'l' },
		{ "facet", required_argument, NULL, 'F' },
		{ "facet-limit", required_argument, NULL, 'G' },
		{ "since", required_argument, NULL, 'a' },
		{ "until", required_argument, NULL, 'u' },
		{ "fields", required_argument, NULL, 'D' },
		{ "null", no_argument, NULL, '0' },
		{ "run-tag", required_argument, NULL, 'R' },
		{ "explain", optional_argument, NULL, 'E' },
		{ "like", required_argument, NULL, 'k' },
		{ "index", required_argument, NULL, 'i' },
		{ "remote", required_argument, NULL, 1008 },
		{ "timeout", required_argument, NULL, 1009 },
		{ "partial", no_argument, NULL, 1010 },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct options o;
	memset(&o, 0, sizeof(o));
	o.limit = 10;
	o.highlight = -1;
	o.color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	o.snippet_len = 200;
	ranking_defaults(&o.rank);
	int bm25_given = 0;
	o.wildcard_limit = 1000;
	o.facet_limit = 10;
	o.run_tag = "dateline";
	o.timeout_ms = DEFAULT_TIMEOUT * 1000;
	/* The indexes of -i and --remote, in the order given.  Static, so
	 * that the option errors below may return without freeing it. */
	static struct index_spec {
		const char *spec;
		int remote;
	} *specs;
	size_t nspecs = 0;

	int c;
	unsigned u;
	while ((c = getopt_long(argc, argv, "n:cf:0i:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (parse_unsigned(optarg, 1000000, &o.limit)) {
				fprintf(stderr, PROGRAM ": --limit needs a number from 0 to 1000000, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'O':
			if (parse_unsigned(optarg, 100000000, &o.offset)) {
				fprintf(stderr, PROGRAM ": --offset needs a number, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'c': o.count = 1; break;
		case 'f': {
			static const struct {
				const char *name;
				enum out_format f;
			} formats[] = { { "text", OUT_TEXT }, { "json", OUT_JSON }, { "jsonl", OUT_JSON },
					{ "tsv", OUT_TSV }, { "ids", OUT_IDS }, { "paths", OUT_PATHS },
					{ "trec", OUT_TREC } };
			size_t k = 0;
			while (k < ARRAY_SIZE(formats) && strcmp(optarg, formats[k].name) != 0)
				k++;
			if (k == ARRAY_SIZE(formats)) {
				fprintf(stderr, PROGRAM ": unknown format '%s' (text, json, tsv, ids, paths or trec)\n", optarg);
				return 2;
			}
			o.format = formats[k].f;
			o.format_given = 1;
			break;
		}
		case 'S': o.summary = 1; break;
		case 's':
			o.sort_given = 1;
			if (strcmp(optarg, "relevance") == 0)
				o.sort = SORT_RELEVANCE;
			else if (strcmp(optarg, "date") == 0)
				o.sort = SORT_DATE;
			else if (strcmp(optarg, "-date") == 0)
				o.sort = SORT_DATE_DESC;
			else {
				fprintf(stderr, PROGRAM ": unknown sort order '%s' (relevance, date or -date)\n", optarg);
				return 2;
			}
			break;
		case 'H':
			if (strcmp(optarg, "color") == 0 || strcmp(optarg, "colour") == 0)
				o.highlight = HL_COLOR;
			else if (strcmp(optarg, "brackets") == 0)
				o.highlight = HL_BRACKETS;
			else if (strcmp(optarg, "none") == 0)
				o.highlight = HL_NONE;
			else if (strcmp(optarg, "auto") == 0)
				o.highlight = -1;
			else {
				fprintf(stderr, PROGRAM ": unknown highlight '%s' (color, brackets, none or auto)\n", optarg);
				return 2;
			}
			break;
		case 'L':
			if (parse_unsigned(optarg, 100000, &u)) {
				fprintf(stderr, PROGRAM ": --snippet-length needs a number, not '%s'\n", optarg);
				return 2;
			}
			o.snippet_len = u;
			break;
		case 'A': o.default_and = 1; break;
		case 'K':
			bm25_given = 1;
			if (parse_double(optarg, 0, 100, &o.rank.k1)) {
				fprintf(stderr, PROGRAM ": --k1 needs a number from 0 to 100, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'B':
			bm25_given = 1;
			if (parse_double(optarg, 0, 1, &o.rank.b)) {
				fprintf(stderr, PROGRAM ": --b needs a number from 0 to 1, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'T':
			if (parse_double(optarg, 0, 100, &o.rank.title_weight)) {
				fprintf(stderr, PROGRAM ": --title-weight needs a number from 0 to 100, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'W':
			if (parse_unsigned(optarg, 10000000, &o.wildcard_limit) || !o.wildcard_limit) {
				fprintf(stderr, PROGRAM ": --wildcard-limit needs a number from 1, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'l': o.lang = optarg; break;
		case 'F':
			if (add_facets(&o, optarg))
				return 2;
			break;
		case 'G':
			if (parse_unsigned(optarg, 1000000, &o.facet_limit)) {
				fprintf(stderr, PROGRAM ": --facet-limit needs a number, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'a': o.since = optarg; break;
		case 'u': o.until = optarg; break;
		case 'D':
			if (set_fields(&o, optarg))
				return 2;
			break;
		case '0': o.nul = 1; break;
		case 'R':
			if (!*optarg || strpbrk(optarg, " \t\n\r")) {
				fprintf(stderr, PROGRAM ": --run-tag needs a word without spaces, not '%s'\n", optarg);
				return 2;
			}
			o.run_tag = optarg;
			break;
		case 'E':
			if (!optarg) {
				o.explain = -1;
			} else if (parse_unsigned(optarg, 100000000, &u) || !u) {
				fprintf(stderr, PROGRAM ": --explain takes a rank from 1, not '%s'\n", optarg);
				return 2;
			} else {
				o.explain = (int)u;
			}
			break;
		case 'k':
			if (!*optarg) {
				fprintf(stderr, PROGRAM ": --like needs a document id\n");
				return 2;
			}
			o.like = optarg;
			break;
		case 1001:
			if (!ranking_model_known(optarg)) {
				fprintf(stderr, PROGRAM ": unknown model '%s' (ineb2, bm25, bm25+, pl2, pl2+, dph, dlh, inl2, ifb2, bb2, lm or trad)\n", optarg);
				return 2;
			}
			snprintf(o.rank.model, sizeof(o.rank.model), "%s", optarg);
			o.model_given = 1;
			break;
		case 1002:
			if (parse_double(optarg, 0.01, 100, &o.rank.c)) {
				fprintf(stderr, PROGRAM ": --c needs a number from 0.01 to 100, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 1003: {
			char *comma = strchr(optarg, ',');
			if (comma)
				*comma = 0;
			if (parse_double(optarg, 0, 100, &o.rank.proximity_weight) ||
			    (comma && (parse_unsigned(comma + 1, 1000, &o.rank.proximity_window) ||
				       o.rank.proximity_window < 2))) {
				fprintf(stderr, PROGRAM ": --proximity needs a weight and an optional window (like 0.1,16)\n");
				return 2;
			}
			break;
		}
		case 1004: o.rank.stopwords = 0; break;
		case 1005:
			o.rank.expand_docs = 10;
			if (optarg) {
				unsigned d, t;
				double w;
				char extra;
				if (sscanf(optarg, "%u,%u,%lf%c", &d, &t, &w, &extra) != 3 || d < 1 || d > 1000 ||
				    t < 1 || t > 1000 || !(w >= 0 && w <= 1)) {
					fprintf(stderr, PROGRAM ": --expand needs DOCS,TERMS,WEIGHT (like 10,20,0.6), not '%s'\n", optarg);
					return 2;
				}
				o.rank.expand_docs = d;
				o.rank.expand_terms = t;
				o.rank.expand_weight = w;
			}
			break;
		case 1006: o.literal = 1; break;
		case 1007: o.timing = 1; break;
		case 'i':
		case 1008:
			if (!*optarg) {
				fprintf(stderr, PROGRAM ": %s needs %s\n", c == 'i' ? "--index" : "--remote",
					c == 'i' ? "a path" : "HOST:PORT");
				return 2;
			}
			specs = xrealloc(specs, (nspecs + 1) * sizeof(*specs));
			specs[nspecs++] = (struct index_spec){ optarg, c == 1008 };
			break;
		case 1009: {
			double secs;
			if (parse_double(optarg, 0.001, 86400, &secs)) {
				fprintf(stderr, PROGRAM ": --timeout needs a number of seconds from 0.001 to 86400, not '%s'\n", optarg);
				return 2;
			}
			o.timeout_ms = (unsigned)(secs * 1000 + 0.5);
			break;
		}
		case 1010: o.partial = 1; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf(PROGRAM " (dateline) %s, Xapian %s\n", DATELINE_VERSION, xap_version()); return 0;
		default:
			fprintf(stderr, "Try '" PROGRAM " --help'.\n");
			return 2;
		}
	}
	/* Options that only make sense together. */
	if (o.nul && o.format != OUT_IDS && o.format != OUT_PATHS) {
		fprintf(stderr, PROGRAM ": -0 ends records with NUL in --format=ids or --format=paths only\n");
		return 2;
	}
	if (o.nfields && o.format != OUT_JSON && o.format != OUT_TSV) {
		fprintf(stderr, PROGRAM ": --fields chooses the fields of --format=json or --format=tsv only\n");
		return 2;
	}
	if (o.explain && o.rank.expand_docs) {
		fprintf(stderr, PROGRAM ": --explain cannot split the score of an --expand query (its expansion is made per search)\n");
		return 2;
	}
	if (o.explain && o.format != OUT_TEXT && o.format != OUT_JSON) {
		fprintf(stderr, PROGRAM ": --explain prints in --format=text or --format=json only\n");
		return 2;
	}
	if (o.explain > 0 && ((unsigned)o.explain <= o.offset || (unsigned)o.explain > o.offset + o.limit)) {
		fprintf(stderr, PROGRAM ": --explain=%d: rank %d is not among the results printed (ranks %u to %u)\n",
			o.explain, o.explain, o.offset + 1, o.offset + o.limit);
		return 2;
	}

	/* With -i or --remote, every argument is the query; else the first
	 * is the index. */
	int first = optind;
	if (!nspecs) {
		if (argc - optind < 1) {
			fprintf(stderr, PROGRAM ": no index given\nusage: " PROGRAM " [options] INDEX QUERY...\n");
			return 2;
		}
		specs = xrealloc(specs, sizeof(*specs));
		specs[nspecs++] = (struct index_spec){ argv[optind], 0 };
		first = optind + 1;
	}
	int batch = argc - first == 1 && strcmp(argv[first], "-") == 0;
	strbuf q = STRBUF_INIT;
	for (int i = first; i < argc && !batch; i++) {
		if (q.len)
			strbuf_addc(&q, ' ');
		strbuf_adds(&q, argv[i]);
	}

	qp_error qe;
	xap_query *dates = NULL;
	if ((o.since || o.until) && qp_date_filter(o.since, o.until, &dates, &qe) != 0) {
		fprintf(stderr, PROGRAM ": %s\n", qe.msg);
		strbuf_release(&q);
		return 2;
	}

	/* Every index, its stub files expanded into their shards. */
	shard_set shards = SHARD_SET_INIT;
	analyser *as[32];
	size_t na = 0;
	int rc = 2;
	char *msg = NULL;
	struct search s;
	memset(&s, 0, sizeof(s));
	s.opt = &o;
	s.shards = &shards;
	for (size_t i = 0; i < nspecs; i++) {
		strbuf err = STRBUF_INIT;
		int bad = specs[i].remote ? shards_add_remote(&shards, specs[i].spec, &err)
					  : shards_add_path(&shards, specs[i].spec, &err);
		if (bad && specs[i].remote)
			fprintf(stderr, PROGRAM ": --remote needs %s, not '%s'\n", err.buf, specs[i].spec);
		else if (bad)
			fprintf(stderr, PROGRAM ": cannot open index '%s': %s\n", specs[i].spec, err.buf);
		strbuf_release(&err);
		if (bad)
			goto out;
	}
	s.missing = xcalloc(shards.n ? shards.n : 1, sizeof(*s.missing));
	if (connect_shards(&s) != 0)
		goto out;
	/* Analyse the query in each language of the indexes, the default
	 * first, unless told one. */
	if (load_analysers(&shards, o.lang, as, &na))
		goto out;
	if (xap_enquire_new(s.db, &s.enq, &msg) != XAP_OK) {
		fprintf(stderr, PROGRAM ": cannot search: %s\n", msg ? msg : "");
		free(msg);
		goto out;
	}
	s.as = as;
	s.na = na;
	if (bm25_given && !o.model_given)
		strcpy(o.rank.model, "bm25");
	memset(&s.qo, 0, sizeof(s.qo));
	s.qo.analysers = as;
	s.qo.nanalysers = na;
	s.qo.wildcard_limit = o.wildcard_limit;
	s.qo.default_and = o.default_and;
	s.qo.meta_field_exists = meta_field_exists;
	s.qo.meta_ctx = &s;
	s.qo.want_base = want_base;
	s.qo.base_ctx = &s;
	/* (For tests and tuning: 0 re-ranks every query with pairs.) */
	const char *rmd = getenv("DATELINE_RERANK_MIN_DOCS");
	s.rerank_min_docs = rmd && *rmd ? strtoul(rmd, NULL, 10) : RERANK_MIN_DOCS;
	ranking_qparse(&o.rank, &s.qo);
	s.qo.literal = o.literal;
	load_lang_stats(&s);
	s.dates = dates;
	s.batch = batch;
	enum out_highlight hl = o.highlight >= 0 ? (enum out_highlight)o.highlight
				: o.format == OUT_TSV ? HL_NONE
				: o.format == OUT_TEXT && o.color ? HL_COLOR
				: HL_BRACKETS;
	output_init(&s.out, o.format, hl, o.color && o.format == OUT_TEXT, stdout, stderr);
	s.out.batch = batch;
	s.out.nul = o.nul;
	s.out.run_tag = o.run_tag;
	memcpy(s.out.fields, o.fields, sizeof(o.fields));
	s.out.nfields = o.nfields;
	if (!o.count)
		output_begin(&s.out);

	if (batch) {
		rc = run_batch(&s, stdin);
	} else {
		int r = run_query(&s, NULL, "", q.buf, q.len);
		rc = r < 0 ? 2 : r ? 0 : 1;
	}
	output_end(&s.out);
out:
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			fprintf(stderr, PROGRAM ": cannot write the results: %s\n", strerror(errno));
		rc = 2;
	}
	xap_enquire_free(s.enq);
	for (size_t i = 0; i < na; i++)
		analyser_free(as[i]);
	xap_query_free(dates);
	for (size_t i = 0; i < s.nlangs; i++)
		free(s.lang_codes[i]);
	free(s.lang_codes);
	free(s.lang_docs);
	if (s.own_db)
		xap_database_destroy(s.db);
	shards_release(&shards);
	free(s.missing);
	free(specs);
	strbuf_release(&q);
	return rc;
}
