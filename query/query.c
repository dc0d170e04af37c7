/*
 * query - ranked search over a dateline index.
 *
 *   query [options] INDEX QUERY...
 *
 * Parses the query (qparse.h), runs it with BM25 through the Xapian
 * binding, and prints the results with snippets (output.h).  Exit status
 * as grep's: 0 when something matched, 1 when nothing did, 2 on an error.
 */
#include "analyser.h"
#include "output.h"
#include "qparse.h"
#include "schema.h"
#include "snippet.h"
#include "util.h"
#include "xap.h"

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

enum sort { SORT_RELEVANCE, SORT_DATE, SORT_DATE_DESC };

struct options {
	unsigned limit, offset;
	int count;
	enum out_format format;
	int highlight; /* -1: auto */
	int color;
	enum sort sort;
	int sort_given;
	size_t snippet_len;
	double k1, b, title_weight;
	unsigned wildcard_limit;
	int default_and;
	int summary;
	const char *lang;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROGRAM " [options] INDEX QUERY...\n"
		"\n"
		"Searches the index INDEX (made by indexer) and prints the best matches,\n"
		"ranked by BM25, with a snippet of each.  The words of QUERY are joined\n"
		"with spaces.\n"
		"\n"
		"query language:\n"
		"  word               matched by its stem (elections finds election)\n"
		"  \"a phrase\"         these words in this order; \"word\" matches exactly\n"
		"  word*              words starting with word\n"
		"  +word  -word       must / must not be there\n"
		"  a AND b, a OR b, a NOT b, NOT a, ( )   upper-case operators\n"
		"  a NEAR/n b, a ADJ/n b                  within n words (ADJ: in order)\n"
		"  title:word  title:\"a phrase\"          in the title\n"
		"  place:almaty  place:\"new york\"        the dateline's city, region or country\n"
		"  date:2012-10-18  date:2012-10  date:2012  date:2009..2012  date:2012-03..\n"
		"  after:DATE  before:DATE                 strictly later / earlier\n"
		"  lang:ru  id:ID  KEY:word                language, document id, metadata field\n"
		"Words side by side are ORed and ranked (documents with more of them first);\n"
		"filters (place:, date:, after:, before:, lang:, id:) restrict without\n"
		"ranking: values of one filter are alternatives, different filters all hold.\n"
		"\n"
		"options:\n"
		"  -n, --limit=N        results to print (default 10)\n"
		"      --offset=N       skip the first N results\n"
		"  -c, --count          print only the number of matching documents\n"
		"  -f, --format=FMT     text (default), json (JSON Lines) or tsv\n"
		"      --summary        after the results, a summary (JSON: an object)\n"
		"      --sort=ORDER     relevance (default), date (oldest first) or -date\n"
		"                       (newest first; the default for filter-only queries)\n"
		"      --highlight=HOW  color, brackets or none (default: color on a\n"
		"                       terminal, brackets otherwise; none in tsv)\n"
		"      --snippet-length=N  about N characters of snippet (default 200; 0: none)\n"
		"      --and            plain words must all match (default: any, ranked)\n"
		"      --k1=X --b=X     BM25 parameters (default 1.2 and 0.75)\n"
		"      --title-weight=X weight of a match in the title (default 1: counted\n"
		"                       once more, on top of the body)\n"
		"      --wildcard-limit=N  most words a prefix* may expand to (default 1000)\n"
		"      --lang=LANG      analyse the query in LANG (default: the index's)\n"
		"  -h, --help           this help\n"
		"  -V, --version        the version\n"
		"\n"
		"Output formats: text for people; json, one object per result (rank, score,\n"
		"id, title, date, place, lang, source, line, meta, snippet, highlights as\n"
		"character offsets into snippet); tsv with a header line.\n"
		"Exit status: 0 when something matched, 1 when nothing did, 2 on an error.\n");
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

/* Prints the query with a caret under the byte at pos. */
static void show_error(const char *q, size_t len, const qp_error *e)
{
	fprintf(stderr, PROGRAM ": invalid query: %s\n", e->msg);
	if (len > 200 || memchr(q, '\n', len))
		return; /* a caret under a huge or multi-line query helps nobody */
	fprintf(stderr, "  %.*s\n  ", (int)len, q);
	size_t col = snippet_chars(q, e->pos < len ? e->pos : len);
	for (size_t i = 0; i < col; i++)
		fputc(' ', stderr);
	fputs("^\n", stderr);
}

struct meta_ctx {
	xap_database *db;
};

static int stop_first(void *ctx, const char *t, size_t n, unsigned f)
{
	*(int *)ctx = 1;
	return 1;
}

static int meta_field_exists(void *ctx, const char *key)
{
	struct meta_ctx *m = ctx;
	char prefix[64];
	int found = 0;
	snprintf(prefix, sizeof(prefix), "%s%s:", PREFIX_META, key);
	xap_database_allterms(m->db, prefix, strlen(prefix), stop_first, &found);
	return found;
}

static int open_index(const char *path, xap_database **db)
{
	char *msg = NULL;
	xap_status st = xap_database_open(path, db, &msg);
	if (st == XAP_OK)
		return 0;
	struct stat sb;
	if (st == XAP_NOT_FOUND || stat(path, &sb) != 0)
		fprintf(stderr, PROGRAM ": cannot open index '%s': no such index (make one with 'indexer %s FILES...')\n",
			path, path);
	else if (st == XAP_OPENING || st == XAP_VERSION)
		fprintf(stderr, PROGRAM ": cannot open index '%s': not a dateline index (%s)\n", path,
			msg ? msg : "");
	else
		fprintf(stderr, PROGRAM ": cannot open index '%s': %s: %s\n", path,
			xap_status_string(st), msg ? msg : "");
	free(msg);
	return -1;
}

/* The analysers to read the query with: lang alone if given, else the
 * index's default language and then every other language it holds. */
static int load_analysers(xap_database *db, const char *lang, analyser **as, size_t *na)
{
	char *def = NULL, *langs = NULL;
	size_t dlen = 0, llen = 0;
	*na = 0;
	if (lang) {
		if (!(as[0] = analyser_new(analyser_lang_code(lang) ? lang : "none"))) {
			fprintf(stderr, PROGRAM ": unknown language '%s'\n", lang);
			return -1;
		}
		*na = 1;
		return 0;
	}
	xap_database_get_metadata(db, SCHEMA_META_LANG, &def, &dlen);
	xap_database_get_metadata(db, SCHEMA_META_LANGS, &langs, &llen);
	as[(*na)++] = analyser_new(dlen && analyser_lang_code(def) ? def : dlen ? "none" : "english");
	for (char *p = langs, *tok; p && (tok = strsep(&p, ","));) {
		if (!*tok || (dlen && strcmp(tok, def) == 0) || *na == 32)
			continue;
		as[(*na)++] = analyser_new(analyser_lang_code(tok) ? tok : "none");
	}
	free(def);
	free(langs);
	return 0;
}

struct search {
	const struct options *opt;
	xap_database *db;
	analyser **as; /* the query's analysers; snippets use the document's language's */
	size_t na;
	qp_result *qr;
	const char *qtext;
	double start_ms;
};

/* The analyser of a document's language among the query's, else the first. */
static analyser *analyser_for_doc(const struct search *s, const document *d)
{
	const char *code = d->lang ? analyser_lang_code(d->lang) : NULL;
	for (size_t i = 0; code && i < s->na; i++) {
		const char *c = analyser_lang_code(analyser_lang(s->as[i]));
		if (c && strcmp(c, code) == 0)
			return s->as[i];
	}
	return s->as[0];
}

/* Runs the search and prints.  Returns the number of matches, or -1 with
 * the status in *st (XAP_MODIFIED: reopen and retry; nothing was printed). */
static long run(struct search *s, xap_status *st)
{
	const struct options *o = s->opt;
	xap_enquire *enq = NULL;
	xap_mset *m = NULL;
	char *msg = NULL;
	long total = -1;
	unsigned doccount = 0;

	*st = xap_enquire_new(s->db, &enq, &msg);
	if (*st) {
		fprintf(stderr, PROGRAM ": cannot search: %s\n", msg ? msg : "");
		free(msg);
		return -1;
	}
	if ((*st = xap_enquire_set_query(enq, s->qr->query, 0)) ||
	    (*st = xap_enquire_set_bm25(enq, o->k1, 0, 1, o->b, 0.5)))
		goto fail;
	enum sort sort = o->sort;
	if (!o->sort_given && !s->qr->ranked)
		sort = SORT_DATE_DESC;
	if (sort != SORT_RELEVANCE &&
	    (*st = xap_enquire_set_sort(enq, XAP_SORT_VALUE_THEN_RELEVANCE, SLOT_DATE,
					sort == SORT_DATE_DESC)))
		goto fail;
	if ((*st = xap_database_doccount(s->db, &doccount)))
		goto fail;

	if (o->count) {
		if ((*st = xap_enquire_get_mset(enq, 0, 0, doccount, NULL, 0, &m)))
			goto fail;
		unsigned lower, est, upper;
		xap_mset_matches(m, &lower, &est, &upper);
		printf("%u\n", est);
		total = est;
		goto out;
	}

	if ((*st = xap_enquire_get_mset(enq, o->offset, o->limit, o->offset + o->limit + 100,
					NULL, 0, &m)))
		goto fail;
	unsigned n = xap_mset_size(m), lower, est, upper;
	xap_mset_matches(m, &lower, &est, &upper);

	/* Read every document before printing anything, so that a retry after
	 * XAP_MODIFIED never prints a result twice. */
	document *docs = xcalloc(n ? n : 1, sizeof(*docs));
	double *scores = xcalloc(n ? n : 1, sizeof(*scores));
	for (unsigned i = 0; i < n && !*st; i++) {
		xap_document *xd = NULL;
		const char *data;
		size_t dlen;
		document_init(&docs[i]);
		if ((*st = xap_mset_item(m, i, NULL, &scores[i], NULL)) ||
		    (*st = xap_mset_document(m, i, &xd)) ||
		    (*st = xap_document_get_data(xd, &data, &dlen))) {
			xap_document_free(xd);
			break;
		}
		if (schema_data_decode(data, dlen, &docs[i]) != 0 && !docs[i].id)
			docs[i].id = xstrdup("(damaged document data)");
		xap_document_free(xd);
	}
	if (*st) {
		for (unsigned i = 0; i < n; i++)
			document_release(&docs[i]);
		free(docs);
		free(scores);
		goto fail;
	}

	output out;
	enum out_highlight hl = o->highlight >= 0 ? (enum out_highlight)o->highlight
				: o->format == OUT_TSV ? HL_NONE
				: o->format == OUT_TEXT && o->color ? HL_COLOR
				: HL_BRACKETS;
	output_init(&out, o->format, hl, o->color && o->format == OUT_TEXT, stdout);
	output_begin(&out);
	for (unsigned i = 0; i < n; i++) {
		snippet snip;
		int want = o->snippet_len > 0;
		if (want)
			snippet_make(analyser_for_doc(s, &docs[i]), docs[i].text, docs[i].textlen, s->qr->hl, s->qr->nhl,
				     o->snippet_len, &snip);
		out_result r = { o->offset + i + 1, scores[i], &docs[i], want ? &snip : NULL };
		output_result(&out, &r);
		if (want)
			snippet_release(&snip);
		document_release(&docs[i]);
	}
	free(docs);
	free(scores);
	if (o->summary) {
		out_summary sum = { s->qtext, est, lower, upper, n, o->offset, now_ms() - s->start_ms };
		output_summary(&out, &sum);
	}
	total = est;
	goto out;

fail:
	if (*st != XAP_MODIFIED) {
		const char *why = m ? xap_mset_errmsg(m) : xap_enquire_errmsg(enq);
		if (*st == XAP_RANGE)
			fprintf(stderr, PROGRAM ": %s (a prefix* matches too many words: make it longer or raise --wildcard-limit)\n", why);
		else
			fprintf(stderr, PROGRAM ": search failed: %s: %s\n", xap_status_string(*st), why);
	}
out:
	xap_mset_free(m);
	xap_enquire_free(enq);
	return total;
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
		{ "wildcard-limit", required_argument, NULL, 'W' },
		{ "lang", required_argument, NULL, 'l' },
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
	o.k1 = 1.2;
	o.b = 0.75;
	o.title_weight = 1.0;
	o.wildcard_limit = 1000;

	int c;
	unsigned u;
	while ((c = getopt_long(argc, argv, "n:cf:hV", longopts, NULL)) != -1) {
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
		case 'f':
			if (strcmp(optarg, "text") == 0)
				o.format = OUT_TEXT;
			else if (strcmp(optarg, "json") == 0 || strcmp(optarg, "jsonl") == 0)
				o.format = OUT_JSON;
			else if (strcmp(optarg, "tsv") == 0)
				o.format = OUT_TSV;
			else {
				fprintf(stderr, PROGRAM ": unknown format '%s' (text, json or tsv)\n", optarg);
				return 2;
			}
			break;
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
			if (parse_double(optarg, 0, 100, &o.k1)) {
				fprintf(stderr, PROGRAM ": --k1 needs a number from 0 to 100, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'B':
			if (parse_double(optarg, 0, 1, &o.b)) {
				fprintf(stderr, PROGRAM ": --b needs a number from 0 to 1, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'T':
			if (parse_double(optarg, 0, 100, &o.title_weight)) {
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
		case 'h': usage(stdout); return 0;
		case 'V': printf(PROGRAM " (dateline) %s, Xapian %s\n", DATELINE_VERSION, xap_version()); return 0;
		default:
			fprintf(stderr, "Try '" PROGRAM " --help'.\n");
			return 2;
		}
	}
	if (argc - optind < 1) {
		fprintf(stderr, PROGRAM ": no index given\nusage: " PROGRAM " [options] INDEX QUERY...\n");
		return 2;
	}
	const char *path = argv[optind];
	strbuf q = STRBUF_INIT;
	for (int i = optind + 1; i < argc; i++) {
		if (q.len)
			strbuf_addc(&q, ' ');
		strbuf_adds(&q, argv[i]);
	}

	xap_database *db = NULL;
	if (open_index(path, &db)) {
		strbuf_release(&q);
		return 2;
	}
	/* Analyse the query in each language of the index, the default first,
	 * unless told one. */
	analyser *as[32];
	size_t na = 0;
	if (load_analysers(db, o.lang, as, &na)) {
		xap_database_destroy(db);
		strbuf_release(&q);
		return 2;
	}

	struct meta_ctx mc = { db };
	qp_options qo = { as, na, o.title_weight, o.wildcard_limit, o.default_and, meta_field_exists, &mc };
	qp_result qr;
	qp_error qe;
	int rc = 2;
	double start = now_ms();
	if (qp_parse(q.buf, q.len, &qo, &qr, &qe) != 0) {
		show_error(q.buf, q.len, &qe);
		goto out;
	}

	struct search s = { &o, db, as, na, &qr, q.buf, start };
	for (int attempt = 0;; attempt++) {
		xap_status st;
		long total = run(&s, &st);
		if (total >= 0) {
			rc = total > 0 ? 0 : 1;
			break;
		}
		if (st != XAP_MODIFIED || attempt >= MAX_RETRIES) {
			if (st == XAP_MODIFIED)
				fprintf(stderr, PROGRAM ": the index kept changing during the search; try again\n");
			break;
		}
		xap_database_reopen(db, NULL);
	}
	qp_result_release(&qr);
out:
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			fprintf(stderr, PROGRAM ": cannot write the results: %s\n", strerror(errno));
		rc = 2;
	}
	for (size_t i = 0; i < na; i++)
		analyser_free(as[i]);
	xap_database_destroy(db);
	strbuf_release(&q);
	return rc;
}
