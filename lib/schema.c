/*
 * schema.c - the index schema: terms, values and document data.
 *
 * Terms (prefixes after Xapian's omega conventions):
 *
 *   Q<id>            unique id; boolean.  A file's id is its path relative
 *                    to the directory it was found under; a JSON line's
 *                    "id".  Ids longer than Xapian's term limit are cut and
 *                    completed with a hash (schema_id_term()).
 *   <word>           every folded word of title and body, with positions:
 *                    exact and phrase matching.  Title positions come first
 *                    (1..n); the body's start SCHEMA_TITLE_GAP later.  A
 *                    word's other spelling (analyser.h: "l'osce" beside
 *                    "osce" in French) is at the same position.
 *   Z<stem>          the stem of every word that is not a number, without
 *                    positions: stemmed matching (the default); for a word
 *                    with accents also the stem of its accent-free form
 *                    when that differs (analyser_stem_folded()).
 *   S<word>          title words, with positions: title: searches.
 *   ZS<stem>         title stems: title: searches, and the title weight in
 *                    ranking (the query adds them, scaled).
 *   XP<place>        the dateline's place: each comma-separated component
 *                    folded whole ("XPnew york", "XPkazakhstan") and each word
 *                    of a component of several words ("XPnew", "XPyork");
 *                    boolean (wdf 0).
 *   Y<yyyy>, M<yyyymm>, D<yyyymmdd>
 *                    the date, as far as it is known; boolean.
 *   L<code>          the language (ISO 639-1); boolean.
 *   XO<org>          each organisation the title or the body names (orgs.h),
 *                    by its folded name ("XOosce", "XOun women", "XOministry
 *                    of internal affairs"), and each acronym linked to a name
 *                    in the text ("XObmsc"); boolean.
 *   XM<key>:<word>   words of a JSON metadata field (key lower-cased, only
 *                    [a-z0-9_] kept); no positions.
 *   XF<file key>     the file the document came from; boolean.  Every
 *                    document of a file has it (all the lines of a JSON
 *                    Lines file), none read from standard input.  Cut and
 *                    hashed like Q when too long (schema_file_term()).
 *
 * A file key is "<root>//<path>": root is the directory given to the
 * indexer, made absolute without symbolic links (realpath; for a file
 * given itself, its directory), and path is the file's path under it, as
 * in the id.  The "//" keeps the root apart, so that the same file reached
 * through two roots (and so with two ids) has two keys; and all the files
 * indexed through one root are the keys that start with "<root>//".
 *
 * Values:
 *
 *   0 SLOT_DATE      "YYYYMMDD", 00 for unknown month or day: sort by date
 *                    and date ranges (byte order is date order).
 *   1 SLOT_YEAR      "YYYY": year facet.
 *   2 SLOT_PLACE     the place as displayed ("Almaty, Kazakhstan"): place facet.
 *   3 SLOT_LANG      the language code: language facet.
 *   4 SLOT_SOURCE    the path of the source file, as in the document data:
 *                    query --format=paths reads it without the data.
 *   5 SLOT_HASH      reserved (file signatures are in the file records below,
 *                    which a file without documents needs too).
 *   6 SLOT_ORGS      the organisations named, as displayed ("OSCE", "UN
 *                    Women"), in order of first mention, separated by
 *                    SCHEMA_LIST_SEP ('\n'): org facet, and "orgs" in output.
 *   7 SLOT_ID        the id: the formats that print ids (ids, trec) read it
 *                    instead of the document data, whose text is large.
 *
 * Document data: a sequence of fields, each written as
 *
 *   <name> <decimal length>\n<bytes>\n
 *
 * with names id, title, date (ISO, whole or partial), place, lang, source,
 * line (of a JSON Lines file), text (the body, for snippets) and
 * meta.<key> for JSON metadata.  Unknown names are skipped on reading, so
 * fields can be added without breaking old readers.
 *
 * Metadata:
 *
 *   dateline.schema  SCHEMA_VERSION.
 *   dateline.lang    the default language's code; dateline.langs: every
 *                    language indexed, comma-separated.
 *   dateline.file:<file key>  (cut and hashed when too long)
 *                    the record of a file that was read to its end: what
 *                    incremental indexing compares to skip unchanged files.
 *                    One line of space-separated fields:
 *                      1 <size> <mtime s> <mtime ns> <inode> <hash> <opts> <file key>
 *                    "1" is the record's version; size, mtime and inode are
 *                    the file's when it was opened (its signature); hash is
 *                    hash64 (lib/hash.h) of its decompressed content, 16 hex
 *                    digits, or "-" when it was not read whole (a binary
 *                    file); opts is a hash of the options that shape
 *                    documents (format, language, --max-doc, --max-terms),
 *                    16 hex digits.  A record is written in the same
 *                    transaction as the file's last documents, after them,
 *                    so it is never newer than what the index holds: a file
 *                    whose signature and opts match its record is skipped
 *                    without being opened.  A file with a record has
 *                    exactly the documents indexed by its XF term.
 */
#include "schema.h"
#include "hash.h"
#include "orgs.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 64-bit FNV-1a: stable across runs and machines. */
static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

void schema_id_term(const char *id, strbuf *out)
{
	size_t n = strlen(id);
	strbuf_adds(out, PREFIX_ID);
	if (n + strlen(PREFIX_ID) <= XAP_MAX_TERM) {
		strbuf_add(out, id, n);
		return;
	}
	size_t keep = utf8_truncate(id, n, 200);
	strbuf_add(out, id, keep);
	strbuf_addf(out, "#%016llx", (unsigned long long)fnv1a(id, n));
}

/* Appends prefix + key to out, cut at a character boundary and completed
 * with the hash of the whole key when longer than limit. */
static void add_hashed(strbuf *out, const char *prefix, const char *key, size_t n, size_t limit)
{
	strbuf_adds(out, prefix);
	if (strlen(prefix) + n <= limit) {
		strbuf_add(out, key, n);
		return;
	}
	strbuf_add(out, key, utf8_truncate(key, n, limit - strlen(prefix) - 17));
	strbuf_addf(out, "#%016llx", (unsigned long long)hash64_bytes(key, n));
}

void schema_file_term(const char *key, size_t n, strbuf *out)
{
	add_hashed(out, PREFIX_FILE, key, n, XAP_MAX_TERM);
}

void schema_file_meta_key(const char *key, size_t n, strbuf *out)
{
	/* Xapian's glass keeps a metadata key in a B-tree key of at most 255
	 * bytes, two of which it uses itself. */
	add_hashed(out, SCHEMA_META_FILE, key, n, 240);
}

struct builder {
	analyser *a;
	xap_document *xd;
	strbuf term;
	xap_status st; /* sticky: once set, the rest is skipped */
	int title;     /* adding title words */
	orgs *orgs;    /* sees every token, to find organisations */
	unsigned long words, max_words; /* words indexed, and the cap (0: none) */
	int capped;    /* words were left out */
};

static void add(struct builder *b, const char *prefix, const char *s, size_t n, unsigned pos)
{
	if (b->st)
		return;
	strbuf_reset(&b->term);
	strbuf_adds(&b->term, prefix);
	strbuf_add(&b->term, s, n);
	if (b->term.len > XAP_MAX_TERM)
		return;
	if (pos)
		b->st = xap_document_add_posting(b->xd, b->term.buf, b->term.len, pos, 1);
	else
		b->st = xap_document_add_term(b->xd, b->term.buf, b->term.len, 1);
}

static void add_boolean(struct builder *b, const char *prefix, const char *s, size_t n)
{
	if (b->st)
		return;
	strbuf_reset(&b->term);
	strbuf_adds(&b->term, prefix);
	strbuf_add(&b->term, s, n);
	if (b->term.len <= XAP_MAX_TERM)
		b->st = xap_document_add_boolean_term(b->xd, b->term.buf, b->term.len);
}

static int word_cb(void *ctx, const an_token *t)
{
	struct builder *b = ctx;
	if (b->max_words && b->words >= b->max_words) {
		b->capped = 1;
		return 1;
	}
	b->words++;
	orgs_token(b->orgs, t);
	add(b, "", t->word, t->len, t->pos);
	if (b->title)
		add(b, PREFIX_TITLE, t->word, t->len, t->pos);
	/* The other spelling at the same position ("l'osce" beside "osce",
	 * "mueller" beside "muller"), so that phrases find either. */
	if (t->alt) {
		add(b, "", t->alt, t->altlen, t->pos);
		if (b->title)
			add(b, PREFIX_TITLE, t->alt, t->altlen, t->pos);
	}
	if (!(t->flags & AN_NUMBER)) {
		size_t sl, fl;
		const char *stem = analyser_stem(b->a, t, &sl);
		add(b, PREFIX_STEM, stem, sl, 0);
		if (b->title)
			add(b, PREFIX_STEM PREFIX_TITLE, stem, sl, 0);
		/* The stem of the word without accents, when the stemmer makes
		 * it another ("egalit" beside "egal" for "égalité"): a query
		 * typed without accents stems to it.  (stem is overwritten:
		 * it was copied into the term above, so compare with that.) */
		char kept[4 * AN_MAX_WORD + 64];
		size_t kl = sl < sizeof(kept) ? sl : sizeof(kept) - 1;
		memcpy(kept, stem, kl);
		const char *fs = analyser_stem_folded(b->a, t, &fl);
		if (fs && (fl != kl || memcmp(fs, kept, fl) != 0)) {
			add(b, PREFIX_STEM, fs, fl, 0);
			if (b->title)
				add(b, PREFIX_STEM PREFIX_TITLE, fs, fl, 0);
		}
	}
	return b->st != XAP_OK;
}

static void add_place(struct builder *b, const char *place)
{
	strbuf folded = STRBUF_INIT;
	const char *p = place;
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		strbuf_reset(&folded);
		analyser_fold_phrase(b->a, p, n, &folded);
		if (folded.len) {
			add_boolean(b, PREFIX_PLACE, folded.buf, folded.len);
			if (memchr(folded.buf, ' ', folded.len)) {
				const char *w = folded.buf;
				while (*w) {
					const char *sp = strchr(w, ' ');
					size_t k = sp ? (size_t)(sp - w) : strlen(w);
					add_boolean(b, PREFIX_PLACE, w, k);
					w += k + (sp ? 1 : 0);
				}
			}
		}
		p += n + (comma ? 1 : 0);
	}
	strbuf_release(&folded);
}

static int meta_cb(void *ctx, const an_token *t)
{
	struct builder *b = ctx;
	/* b->term holds "XM<key>:" while meta words are added. */
	size_t keep = b->term.len;
	if (b->st || keep + t->len > XAP_MAX_TERM)
		return b->st != XAP_OK;
	strbuf_add(&b->term, t->word, t->len);
	b->st = xap_document_add_term(b->xd, b->term.buf, b->term.len, 1);
	strbuf_setlen(&b->term, keep);
	if (!b->st && t->alt && keep + t->altlen <= XAP_MAX_TERM) {
		strbuf_add(&b->term, t->alt, t->altlen);
		b->st = xap_document_add_term(b->xd, b->term.buf, b->term.len, 1);
		strbuf_setlen(&b->term, keep);
	}
	return b->st != XAP_OK;
}

void schema_meta_key(const char *key, size_t n, strbuf *out)
{
	size_t kept = 0;
	for (size_t i = 0; i < n && kept < 38; i++) {
		char c = key[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
			strbuf_addc(out, c);
			kept++;
		}
	}
}

static void add_meta(struct builder *b, const doc_meta *m)
{
	if (b->st)
		return;
	strbuf_reset(&b->term);
	strbuf_adds(&b->term, PREFIX_META);
	schema_meta_key(m->key, strlen(m->key), &b->term);
	if (b->term.len == strlen(PREFIX_META))
		return;
	strbuf_addc(&b->term, ':');
	unsigned pos = 1;
	analyser_run(b->a, m->value, strlen(m->value), &pos, meta_cb, b);
}

/* The organisations the title and body name: XO terms and SLOT_ORGS. */
static void add_orgs(struct builder *b)
{
	orgs_finish(b->orgs);
	for (size_t i = 0; i < orgs_key_count(b->orgs); i++) {
		const char *k = orgs_key(b->orgs, i);
		add_boolean(b, PREFIX_ORG, k, strlen(k));
	}
	if (!orgs_count(b->orgs) || b->st)
		return;
	strbuf list = STRBUF_INIT;
	for (size_t i = 0; i < orgs_count(b->orgs); i++) {
		if (i)
			strbuf_addc(&list, SCHEMA_LIST_SEP);
		strbuf_adds(&list, orgs_name(b->orgs, i));
	}
	b->st = xap_document_set_value(b->xd, SLOT_ORGS, list.buf, list.len);
	strbuf_release(&list);
}

xap_status schema_build(analyser *a, const document *doc, xap_document *xd, strbuf *err)
{
	return schema_build_capped(a, doc, 0, xd, err, NULL);
}

xap_status schema_build_capped(analyser *a, const document *doc, unsigned long max_terms,
			       xap_document *xd, strbuf *err, int *capped)
{
	struct builder b = { a, xd, STRBUF_INIT, XAP_OK, 0, orgs_new(), 0, max_terms, 0 };
	unsigned pos = 1;
	char key[16];

	strbuf_reset(&b.term);
	schema_id_term(doc->id, &b.term);
	b.st = xap_document_add_boolean_term(xd, b.term.buf, b.term.len);

	if (doc->title && !b.st) {
		b.title = 1;
		orgs_passage(b.orgs, doc->title, strlen(doc->title));
		analyser_run(a, doc->title, strlen(doc->title), &pos, word_cb, &b);
		b.title = 0;
		pos += SCHEMA_TITLE_GAP;
	}
	if (!b.st && !b.capped) {
		orgs_passage(b.orgs, doc->text, doc->textlen);
		analyser_run(a, doc->text, doc->textlen, &pos, word_cb, &b);
	}
	if (doc->more) {
		/* The rest of a long body, piece by piece: each starts at white
		 * space, so the positions simply go on. */
		const char *piece;
		size_t n;
		while (!b.st && !b.capped && doc->more->next(doc->more->ctx, &piece, &n) > 0) {
			orgs_passage(b.orgs, piece, n);
			analyser_run(a, piece, n, &pos, word_cb, &b);
		}
	}
	if (!b.st)
		add_orgs(&b);
	if (capped)
		*capped = b.capped;

	if (doc->place && *doc->place) {
		add_place(&b, doc->place);
		if (!b.st)
			b.st = xap_document_set_value(xd, SLOT_PLACE, doc->place, strlen(doc->place));
	}
	if (doc->date.year) {
		date_key(&doc->date, key);
		add_boolean(&b, PREFIX_YEAR, key, 4);
		if (doc->date.month)
			add_boolean(&b, PREFIX_MONTH, key, 6);
		if (doc->date.day)
			add_boolean(&b, PREFIX_DAY, key, 8);
		if (!b.st)
			b.st = xap_document_set_value(xd, SLOT_DATE, key, 8);
		if (!b.st)
			b.st = xap_document_set_value(xd, SLOT_YEAR, key, 4);
	}
	if (doc->lang && *doc->lang) {
		add_boolean(&b, PREFIX_LANG, doc->lang, strlen(doc->lang));
		if (!b.st)
			b.st = xap_document_set_value(xd, SLOT_LANG, doc->lang, strlen(doc->lang));
	}
	if (!b.st)
		b.st = xap_document_set_value(xd, SLOT_ID, doc->id, strlen(doc->id));
	if (!b.st && doc->source && *doc->source)
		b.st = xap_document_set_value(xd, SLOT_SOURCE, doc->source, strlen(doc->source));
	for (size_t i = 0; i < doc->nmeta; i++)
		add_meta(&b, &doc->meta[i]);

	if (!b.st) {
		strbuf data = STRBUF_INIT;
		schema_data_encode(doc, &data);
		b.st = xap_document_set_data(xd, data.buf, data.len);
		strbuf_release(&data);
	}
	if (b.st)
		strbuf_adds(err, xap_document_errmsg(xd));
	strbuf_release(&b.term);
	orgs_free(b.orgs);
	return b.st;
}

static void put_field(strbuf *out, const char *name, const char *val, size_t len)
{
	strbuf_addf(out, "%s %zu\n", name, len);
	strbuf_add(out, val, len);
	strbuf_addc(out, '\n');
}

void schema_data_encode(const document *doc, strbuf *out)
{
	char buf[32];
	put_field(out, "id", doc->id, strlen(doc->id));
	if (doc->title)
		put_field(out, "title", doc->title, strlen(doc->title));
	if (doc->date.year) {
		date_format(&doc->date, buf);
		put_field(out, "date", buf, strlen(buf));
	}
	if (doc->place)
		put_field(out, "place", doc->place, strlen(doc->place));
	if (doc->lang)
		put_field(out, "lang", doc->lang, strlen(doc->lang));
	if (doc->source)
		put_field(out, "source", doc->source, strlen(doc->source));
	if (doc->line) {
		snprintf(buf, sizeof(buf), "%u", doc->line);
		put_field(out, "line", buf, strlen(buf));
	}
	for (size_t i = 0; i < doc->nmeta; i++) {
		strbuf name = STRBUF_INIT;
		strbuf_addf(&name, "meta.%s", doc->meta[i].key);
		/* A name ends at the first space: keep keys readable. */
		for (size_t k = 0; k < name.len; k++)
			if (name.buf[k] == ' ' || name.buf[k] == '\n')
				name.buf[k] = '_';
		put_field(out, name.buf, doc->meta[i].value, strlen(doc->meta[i].value));
		strbuf_release(&name);
	}
	put_field(out, "text", doc->text ? doc->text : "", doc->text ? doc->textlen : 0);
}

int schema_data_decode(const char *data, size_t len, document *doc)
{
	size_t i = 0;
	while (i < len) {
		const char *sp = memchr(data + i, ' ', len - i);
		if (!sp)
			return -1;
		size_t namelen = (size_t)(sp - (data + i));
		const char *name = data + i;
		size_t j = (size_t)(sp - data) + 1, n = 0;
		if (j >= len || data[j] < '0' || data[j] > '9')
			return -1;
		while (j < len && data[j] >= '0' && data[j] <= '9') {
			if (n > (SIZE_MAX - 9) / 10)
				return -1;
			n = n * 10 + (size_t)(data[j++] - '0');
		}
		if (j >= len || data[j] != '\n' || n > len - j - 1)
			return -1;
		const char *val = data + j + 1;
		i = j + 1 + n;
		if (i >= len || data[i] != '\n')
			return -1;
		i++;
#define IS(s) (namelen == sizeof(s) - 1 && memcmp(name, s, namelen) == 0)
		if (IS("id")) {
			free(doc->id);
			doc->id = xstrndup(val, n);
		} else if (IS("title")) {
			free(doc->title);
			doc->title = xstrndup(val, n);
		} else if (IS("date")) {
			if (!date_parse_iso(val, n, &doc->date))
				memset(&doc->date, 0, sizeof(doc->date));
		} else if (IS("place")) {
			free(doc->place);
			doc->place = xstrndup(val, n);
		} else if (IS("lang")) {
			free(doc->lang);
			doc->lang = xstrndup(val, n);
		} else if (IS("source")) {
			free(doc->source);
			doc->source = xstrndup(val, n);
		} else if (IS("line")) {
			unsigned line = 0;
			for (size_t k = 0; k < n && val[k] >= '0' && val[k] <= '9' && line < 400000000u; k++)
				line = line * 10 + (unsigned)(val[k] - '0');
			doc->line = line;
		} else if (IS("text")) {
			free(doc->text);
			doc->text = xstrndup(val, n);
			doc->textlen = n;
		} else if (namelen > 5 && memcmp(name, "meta.", 5) == 0) {
			char *key = xstrndup(name + 5, namelen - 5);
			document_add_meta(doc, key, val, n);
			free(key);
		}
#undef IS
	}
	if (!doc->id)
		return -1;
	if (!doc->text)
		doc->text = xstrdup("");
	return 0;
}
