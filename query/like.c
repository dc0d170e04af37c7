/*
 * like.c - the query for documents like a given one (see like.h).
 */
#include "like.h"
#include "schema.h"

#include <stdlib.h>
#include <string.h>

/* The combination of subs with op, consuming them. */
static xap_status combine(xap_op op, xap_query **subs, size_t n, xap_query **out)
{
	xap_status st = xap_query_new_combine(op, subs, n, 0, out, NULL);
	for (size_t i = 0; i < n; i++)
		xap_query_free(subs[i]);
	return st;
}

xap_status like_query(xap_database *db, const char *id, qp_result *res, strbuf *err)
{
	strbuf idterm = STRBUF_INIT;
	xap_enquire *enq = NULL;
	xap_eset *es = NULL;
	xap_query *terms[LIKE_TERMS];
	size_t n = 0;
	xap_docid did = 0;
	char *msg = NULL;
	memset(res, 0, sizeof(*res));

	schema_id_term(id, &idterm);
	xap_status st = xap_database_find_term(db, idterm.buf, idterm.len, &did);
	if (st == XAP_NOT_FOUND) {
		strbuf_addf(err, "no document with id '%s'", id);
		goto out;
	}
	unsigned doccount = 0;
	if (st == XAP_OK)
		st = xap_database_doccount(db, &doccount);
	if (st == XAP_OK)
		st = xap_enquire_new(db, &enq, &msg);
	/* Title stems (ZS) start with Z too: ask for more and skip them. */
	if (st == XAP_OK)
		st = xap_enquire_set_expansion(enq, XAP_EXPAND_BO1, 1);
	if (st == XAP_OK)
		st = xap_enquire_get_eset(enq, LIKE_CANDIDATES, &did, 1, PREFIX_STEM, &es);
	for (unsigned i = 0; st == XAP_OK && i < xap_eset_size(es) && n < LIKE_TERMS; i++) {
		const char *t;
		size_t len;
		unsigned tf = 0;
		xap_eset_item(es, i, &t, &len, NULL);
		if (len < 2 || memcmp(t, PREFIX_STEM PREFIX_TITLE, 2) == 0)
			continue;
		/* A term of this document alone finds no other; one in most
		 * documents ("the") finds them all. */
		if ((st = xap_database_termfreq(db, t, len, &tf)) != XAP_OK)
			break;
		if (tf < 2 || tf > doccount / 2)
			continue;
		st = xap_query_new_term(t, len, 1, 0, &terms[n], &msg);
		if (st != XAP_OK)
			break;
		res->parts = xrealloc(res->parts, (n + 1) * sizeof(*res->parts));
		qp_part *p = &res->parts[n];
		memset(p, 0, sizeof(*p));
		xap_query_copy(terms[n], &p->query, NULL);
		p->label = xstrndup(t + 1, len - 1);
		p->field = xstrdup("");
		p->terms = xmalloc(sizeof(char *));
		p->terms[0] = xstrndup(t, len);
		p->nterms = 1;
		res->nparts = n + 1;
		res->hl = xrealloc(res->hl, (n + 1) * sizeof(*res->hl));
		res->hl[n].kind = QP_HL_STEM;
		res->hl[n].term = xstrndup(t + 1, len - 1);
		res->nhl = n + 1;
		n++;
	}
	if (st != XAP_OK) {
		strbuf_addf(err, "%s: %s", xap_status_string(st),
			    msg ? msg : enq ? xap_enquire_errmsg(enq) : xap_database_errmsg(db));
		for (size_t i = 0; i < n; i++)
			xap_query_free(terms[i]);
		goto out;
	}
	/* The OR of the terms, without the document itself. */
	xap_query *q = NULL, *self = NULL;
	if (n == 0)
		st = xap_query_new_match_nothing(&q, NULL);
	else
		st = combine(XAP_OP_OR, terms, n, &q);
	if (st == XAP_OK)
		st = xap_query_new_term(idterm.buf, idterm.len, 1, 0, &self, NULL);
	if (st == XAP_OK) {
		xap_query *parts[2] = { q, self };
		q = self = NULL;
		st = combine(XAP_OP_AND_NOT, parts, 2, &res->query);
	}
	xap_query_free(q);
	xap_query_free(self);
	res->ranked = 1;
	if (st != XAP_OK)
		strbuf_addf(err, "cannot build the query: %s", xap_status_string(st));
out:
	if (st != XAP_OK)
		qp_result_release(res);
	free(msg);
	xap_eset_free(es);
	xap_enquire_free(enq);
	strbuf_release(&idterm);
	return st;
}
