/*
 * extract.c - documents from extracted text (see extract.h).
 */
#include "extract.h"
#include "release.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How many lines of the text may come before the dateline (a subtitle, a
 * byline, a "Press release" label). */
#define DATELINE_LINES 4

void extracted_init(extracted *x)
{
	memset(x, 0, sizeof(*x));
	strbuf_init(&x->title, 0);
	strbuf_init(&x->text, 0);
}

void extracted_release(extracted *x)
{
	strbuf_release(&x->title);
	strbuf_release(&x->text);
	memset(x, 0, sizeof(*x));
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

void extract_add_text(strbuf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int at_line_start = out->len == 0 || out->buf[out->len - 1] == '\n';
		if (c == '\n') {
			extract_end_line(out);
		} else if (is_space(c) || (c == (char)0xC2 && i + 1 < n && s[i + 1] == (char)0xA0)) {
			if (c == (char)0xC2)
				i++; /* a no-break space is a space here */
			if (!at_line_start && out->buf[out->len - 1] != ' ')
				strbuf_addc(out, ' ');
		} else {
			strbuf_addc(out, c);
		}
	}
}

void extract_end_line(strbuf *out)
{
	while (out->len && out->buf[out->len - 1] == ' ')
		out->len--;
	if (out->len && out->buf[out->len - 1] != '\n')
		strbuf_addc(out, '\n');
	if (out->buf)
		out->buf[out->len] = 0;
}

/* The first dateline among the first lines of text: sets *dl (offsets
 * relative to text + *at) and *at; 0 if none. */
static int find_dateline(const char *text, size_t len, size_t *at, dateline *dl)
{
	size_t i = 0;
	for (int line = 0; line < DATELINE_LINES && i < len; line++) {
		if (release_parse_dateline(text + i, len - i, dl)) {
			*at = i;
			return 1;
		}
		const char *nl = memchr(text + i, '\n', len - i);
		if (!nl)
			break;
		i = (size_t)(nl - text) + 1;
	}
	return 0;
}

reader_status extract_deliver(extracted *x, const char *path, const char *id,
			      const reader_opts *o, const reader_callbacks *cb, strbuf *reason)
{
	size_t max = o->max_doc ? o->max_doc : READER_DEFAULT_MAX_DOC;
	if (!utf8_valid(x->text.buf ? x->text.buf : "", x->text.len)) {
		strbuf clean = STRBUF_INIT;
		utf8_sanitise(&clean, x->text.buf, x->text.len);
		strbuf_release(&x->text);
		x->text = clean;
		cb->problem(cb->ctx, path, 0, "invalid UTF-8 bytes replaced by U+FFFD", READER_WARNING);
	}
	if (!utf8_valid(x->title.buf ? x->title.buf : "", x->title.len)) {
		strbuf clean = STRBUF_INIT;
		utf8_sanitise(&clean, x->title.buf, x->title.len);
		strbuf_release(&x->title);
		x->title = clean;
	}
	for (size_t i = 0; i < x->text.len; i++)
		if (!x->text.buf[i])
			x->text.buf[i] = ' ';
	if (x->text.len > max) {
		strbuf_setlen(&x->text, utf8_truncate(x->text.buf, x->text.len, max));
		char msg[160];
		snprintf(msg, sizeof(msg), "text longer than %zu bytes: only the start is indexed", max);
		cb->problem(cb->ctx, path, 0, msg, READER_WARNING);
	}

	size_t tl = x->title.len, bl = x->text.len;
	const char *title = x->title.len ? trim_space(x->title.buf, &tl) : NULL;
	const char *body = x->text.len ? trim_space(x->text.buf, &bl) : "";
	if (!tl && !bl) {
		strbuf_adds(reason, "no text in it");
		return READER_SKIPPED;
	}

	document doc;
	document_init(&doc);
	doc.id = xstrdup(id);
	doc.source = xstrdup(path);
	release r;
	memset(&r, 0, sizeof(r));
	if (tl) {
		doc.title = xstrndup(title, tl);
		r.body = body;
		r.bodylen = bl;
	} else {
		/* No title in the metadata: the first line, as in a text file. */
		release_parse(body, bl, &r);
		if (r.title)
			doc.title = xstrndup(r.title, r.titlelen);
	}
	size_t at = 0;
	r.has_dateline = find_dateline(r.body, r.bodylen, &at, &r.dl);
	reader_release_date(&r, path, &doc.date);
	if (x->date.year && date_valid(&x->date))
		doc.date = x->date; /* the page's own metadata wins */
	if (r.has_dateline) {
		strbuf place = STRBUF_INIT;
		release_place_display(&r.dl, &place);
		doc.place = strbuf_detach(&place, NULL);
	}
	if (x->lang[0])
		doc.lang = xstrdup(x->lang);
	size_t blen = r.bodylen;
	const char *b = trim_space(r.body, &blen);
	doc.text = xstrndup(b, blen);
	doc.textlen = blen;

	int rc = cb->doc(cb->ctx, &doc);
	document_release(&doc);
	return rc ? READER_STOPPED : READER_OK;
}
