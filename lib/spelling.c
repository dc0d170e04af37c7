/*
 * spelling.c - the index's spelling data: filled per document, read to
 * correct a query (see spelling.h).
 *
 * A document's words are read from the document schema_build() made: its
 * unprefixed terms are its words, each once with its wdf (the number of its
 * occurrences), so the text is not analysed a second time.
 */
#include "spelling.h"
#include "util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The first code point of s[0, n) (0 if s is not UTF-8 there). */
static unsigned first_cp(const unsigned char *s, size_t n)
{
	if (n >= 3 && (s[0] & 0xF0) == 0xE0)
		return ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
	if (n >= 2 && (s[0] & 0xE0) == 0xC0)
		return ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
	return n ? s[0] : 0;
}

/* 1 if the term t[0, n) with wdf occurrences is a word for the spelling
 * data. */
static int is_spelling_word(const char *t, size_t n, unsigned wdf)
{
	const unsigned char *u = (const unsigned char *)t;
	/* Only words: prefixed terms start with a capital, numbers with a
	 * digit; CJK bigrams are not words to correct. */
	if (!n || (u[0] >= 'A' && u[0] <= 'Z') || (u[0] >= '0' && u[0] <= '9') || !wdf)
		return 0;
	unsigned c = first_cp(u, n);
	if ((c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF))
		return 0;
	/* Three characters at least: shorter words are seldom misspelt in a
	 * way worth correcting, and would only crowd the suggestions. */
	size_t chars = 0;
	for (size_t i = 0; i < n && chars < SPELLING_MIN_CHARS; i++)
		if ((u[i] & 0xC0) != 0x80)
			chars++;
	return chars >= SPELLING_MIN_CHARS;
}

struct adder {
	xap_database *db;
	xap_status st;
};

static int add_cb(void *ctx, const char *t, size_t n, unsigned wdf)
{
	struct adder *ad = ctx;
	if (!is_spelling_word(t, n, wdf))
		return 0;
	ad->st = xap_database_add_spelling(ad->db, t, n, wdf);
	return ad->st != XAP_OK;
}

xap_status spelling_add_document(xap_database *db, xap_document *xd)
{
	struct adder ad = { db, XAP_OK };
	xap_status st = xap_document_termlist(xd, add_cb, &ad);
	return st != XAP_OK ? st : ad.st;
}

static int gather_cb(void *ctx, const char *t, size_t n, unsigned wdf)
{
	strmap *m = ctx;
	if (!is_spelling_word(t, n, wdf))
		return 0;
	unsigned *v = strmap_put(m, t, n, NULL);
	*v = *v > UINT_MAX - wdf ? UINT_MAX : *v + wdf;
	return 0;
}

xap_status spelling_gather(spelling_words *w, xap_database *db, xap_document *xd)
{
	xap_status st = xap_document_termlist(xd, gather_cb, &w->words);
	if (st == XAP_OK && w->words.count >= SPELLING_GATHER_MAX)
		st = spelling_flush(w, db);
	return st;
}

xap_status spelling_flush(spelling_words *w, xap_database *db)
{
	xap_status st = XAP_OK;
	for (size_t i = 0; i < w->words.cap && st == XAP_OK; i++) {
		const strmap_entry *e = &w->words.slots[i];
		if (e->key)
			st = xap_database_add_spelling(db, e->key, e->len, e->value);
	}
	strmap_release(&w->words);
	return st;
}

void spelling_words_release(spelling_words *w)
{
	strmap_release(&w->words);
}

/* 1 if the word matches no document.  Its terms alone do not tell: in an
 * index of several languages a stem counts only in the documents of its
 * language (qparse.c's stems_query()), so the word's query is run. */
static int missing(xap_database *db, const qp_word *w)
{
	for (size_t i = 0; i < w->nterms; i++) {
		unsigned tf = 0;
		if (xap_database_termfreq(db, w->terms[i], strlen(w->terms[i]), &tf) != XAP_OK)
			return 0;
		if (!tf)
			continue;
		if (!w->filtered)
			return 0;
		/* A term is there: does the word's query find anything? */
		xap_enquire *enq = NULL;
		xap_mset *m = NULL;
		unsigned lower = 1, est, upper;
		if (w->query && xap_enquire_new(db, &enq, NULL) == XAP_OK &&
		    xap_enquire_set_query(enq, w->query, 0) == XAP_OK &&
		    xap_enquire_get_mset(enq, 0, 0, 1, NULL, 0, &m) == XAP_OK)
			xap_mset_matches(m, &lower, &est, &upper);
		xap_mset_free(m);
		xap_enquire_free(enq);
		return lower == 0;
	}
	return w->nterms > 0;
}

static int by_start(const void *x, const void *y)
{
	const qp_word *a = *(const qp_word *const *)x, *b = *(const qp_word *const *)y;
	return a->start < b->start ? -1 : a->start > b->start;
}

int spelling_correct(xap_database *db, const qp_result *res, const char *query, size_t len,
		     strbuf *out)
{
	/* The words in the order they are written; a word the query repeats
	 * is looked up each time, which is rare enough. */
	const qp_word **ws = xmalloc((res->nwords ? res->nwords : 1) * sizeof(*ws));
	for (size_t i = 0; i < res->nwords; i++)
		ws[i] = &res->words[i];
	qsort(ws, res->nwords, sizeof(*ws), by_start);

	strbuf fixed = STRBUF_INIT;
	size_t done = 0;
	int changed = 0;
	for (size_t i = 0; i < res->nwords; i++) {
		const qp_word *w = ws[i];
		if (w->start < done || w->start + w->len > len || !missing(db, w))
			continue;
		char *s = NULL;
		unsigned tf = 0;
		if (xap_database_spelling_suggestion(db, w->word, strlen(w->word), 2, &s) != XAP_OK ||
		    !s || !*s || strcmp(s, w->word) == 0 ||
		    xap_database_termfreq(db, s, strlen(s), &tf) != XAP_OK || !tf) {
			free(s);
			continue;
		}
		strbuf_add(&fixed, query + done, w->start - done);
		strbuf_adds(&fixed, s);
		done = w->start + w->len;
		changed = 1;
		free(s);
	}
	free(ws);
	if (changed) {
		strbuf_add(&fixed, query + done, len - done);
		strbuf_add(out, fixed.buf, fixed.len);
	}
	strbuf_release(&fixed);
	return changed;
}
