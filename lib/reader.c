/*
 * reader.c - text and JSON Lines readers (see reader.h for what they accept).
 */
#include "reader.h"
#include "html.h"
#include "input.h"
#include "pdf.h"
#include "release.h"
#include "util.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Content sniffing                                                     */

int reader_looks_binary(const char *p, size_t n)
{
	static const struct {
		const char *magic;
		size_t len;
	} magics[] = {
		{ "\x89PNG", 4 },        { "\xFF\xD8\xFF", 3 },
		{ "GIF8", 4 },          { "PK\x03\x04", 4 },     { "\x7F" "ELF", 4 },
		{ "\xD0\xCF\x11\xE0", 4 }, { "BZh", 3 },           { "\xFD" "7zXZ", 5 },
		{ "\x28\xB5\x2F\xFD", 4 }, { "OggS", 4 },          { "ID3", 3 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(magics); i++)
		if (n >= magics[i].len && memcmp(p, magics[i].magic, magics[i].len) == 0)
			return 1;
	/* Text has few control characters; binary data has many: random
	 * bytes (compressed or encrypted data without a known signature) about
	 * one in ten.  A few stray ones (a NUL, a DOS end-of-file byte) do not
	 * make a text binary. */
	size_t ctrl = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' &&
		    c != 0x1B)
			ctrl++;
	}
	return n && (ctrl * 10 > n || (ctrl >= 8 && ctrl * 32 > n));
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int name_is_jsonl(const char *path)
{
	return ends_with(path, ".jsonl") || ends_with(path, ".jsonl.gz") ||
	       ends_with(path, ".ndjson") || ends_with(path, ".ndjson.gz");
}

/* Content is JSON Lines if its first line is a JSON object. */
static int content_is_jsonl(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	if (i == n || p[i] != '{')
		return 0;
	const char *nl = memchr(p + i, '\n', n - i);
	if (!nl)
		return 0; /* the first line does not fit in the peek: not a small JSON line */
	json_error_t err;
	json_t *j = json_loadb(p + i, (size_t)(nl - (p + i)), JSON_ALLOW_NUL, &err);
	int ok = j && json_is_object(j);
	json_decref(j);
	return ok;
}

/* ------------------------------------------------------------------ */
/* Text clean-up                                                        */

/* Windows-1252 bytes 0x80-0x9F (0 where undefined: kept as U+FFFD). */
static const uint16_t cp1252[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
	0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static void put_utf8(strbuf *sb, unsigned c)
{
	char b[4];
	if (c < 0x80) {
		strbuf_addc(sb, (char)c);
	} else if (c < 0x800) {
		b[0] = (char)(0xC0 | (c >> 6));
		b[1] = (char)(0x80 | (c & 0x3F));
		strbuf_add(sb, b, 2);
	} else {
		b[0] = (char)(0xE0 | (c >> 12));
		b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[2] = (char)(0x80 | (c & 0x3F));
		strbuf_add(sb, b, 3);
	}
}

/* 1 if s has at least one valid multi-byte UTF-8 sequence. */
static int has_utf8_sequence(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		if (s[i] >= 0xC2 && s[i] <= 0xDF && (s[i + 1] & 0xC0) == 0x80)
			return 1;
		if (s[i] >= 0xE0 && s[i] <= 0xEF && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 &&
		    (s[i + 2] & 0xC0) == 0x80)
			return 1;
	}
	return 0;
}

/* Turns NUL bytes into spaces; returns how many there were. */
static size_t nuls_to_spaces(char *s, size_t n)
{
	size_t nuls = 0;
	for (char *p = s; (p = memchr(p, 0, n - (size_t)(p - s))) != NULL; p++) {
		*p = ' ';
		nuls++;
	}
	return nuls;
}

/* Appends s, read as Windows-1252, to out as UTF-8. */
static void add_cp1252(strbuf *out, const unsigned char *s, size_t n)
{
	strbuf_grow(out, n + n / 4);
	for (size_t i = 0; i < n; i++) {
		unsigned c = s[i];
		if (c < 0x80)
			strbuf_addc(out, (char)c);
		else if (c < 0xA0)
			put_utf8(out, cp1252[c - 0x80] ? cp1252[c - 0x80] : 0xFFFD);
		else
			put_utf8(out, c);
	}
}

/*
 * Makes text valid UTF-8 without NUL bytes, in place (text is replaced).
 * Describes what it did in note (empty if nothing).  Sets *legacy when the
 * text was read as Windows-1252, so that the rest of a long file is read
 * the same way.
 */
static void clean_text(strbuf *text, strbuf *note, int *legacy)
{
	size_t nuls = nuls_to_spaces(text->buf, text->len);
	if (nuls)
		strbuf_addf(note, "%zu NUL byte%s read as spaces", nuls, nuls == 1 ? "" : "s");
	*legacy = 0;
	if (utf8_valid(text->buf, text->len))
		return;
	strbuf out = STRBUF_INIT;
	const unsigned char *s = (const unsigned char *)text->buf;
	if (note->len)
		strbuf_adds(note, "; ");
	if (!has_utf8_sequence(s, text->len)) {
		add_cp1252(&out, s, text->len);
		strbuf_adds(note, "not valid UTF-8: read as Windows-1252");
		*legacy = 1;
	} else {
		utf8_sanitise(&out, text->buf, text->len);
		strbuf_adds(note, "invalid UTF-8 bytes replaced by U+FFFD");
	}
	strbuf_release(text);
	*text = out;
}

/* ------------------------------------------------------------------ */
/* Dates from file names                                                */

/* A date at the start of the base name of path: "2012-10-18-x.txt",
 * "2012-10_x", "2012_x". */
static int date_from_name(const char *path, date_ymd *d)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = 0;
	while (base[n] && (base[n] == '-' || (base[n] >= '0' && base[n] <= '9')) && n < 10)
		n++;
	for (size_t k = n; k >= 4; k--) {
		if (k != 10 && k != 7 && k != 4)
			continue;
		if (base[k] && base[k] != '-' && base[k] != '_' && base[k] != '.' && base[k] != ' ')
			continue;
		if (date_parse_iso(base, k, d))
			return 1;
	}
	return 0;
}

/* The date of a text document from its dateline and its file name. */
static void text_date(const release *r, const char *path, date_ymd *out)
{
	date_ymd named = { 0, 0, 0 };
	int has_named = date_from_name(path, &named);
	memset(out, 0, sizeof(*out));
	if (r->has_dateline && r->dl.month) {
		date_ymd d = { r->dl.year, r->dl.month, r->dl.day };
		if (!d.year && has_named && (!named.month || named.month == d.month))
			d.year = named.year;
		if (d.year && date_valid(&d)) {
			*out = d;
			return;
		}
	}
	if (has_named)
		*out = named;
}

void reader_release_date(const release *r, const char *path, date_ymd *out)
{
	text_date(r, path, out);
}

/* ------------------------------------------------------------------ */
/* Readers                                                              */

static void fill_place(document *doc, const char *text, size_t len)
{
	dateline dl;
	if (!release_parse_dateline(text, len, &dl))
		return;
	strbuf place = STRBUF_INIT;
	release_place_display(&dl, &place);
	doc->place = strbuf_detach(&place, NULL);
	if (!doc->date.year && dl.year && dl.month) {
		date_ymd d = { dl.year, dl.month, dl.day };
		if (date_valid(&d))
			doc->date = d;
	}
}

/* ------------------------------------------------------------------ */
/* The rest of a long text, piece by piece                              */

#define PIECE (64 * 1024)

struct text_stream {
	doc_more more;
	input *in;
	int legacy;       /* read as Windows-1252, as the start of the file was */
	strbuf carry;     /* bytes after the last white space of the last piece */
	strbuf raw, out;  /* the piece being made, and the piece handed out */
	int failed;
	size_t nuls, bad; /* problems in the rest of the file */
};

static int is_space_byte(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Length of the longest prefix of s[0, n) that ends with white space; 0 if none. */
static size_t through_last_space(const char *s, size_t n)
{
	while (n && !is_space_byte(s[n - 1]))
		n--;
	return n;
}

static int stream_next(void *ctx, const char **chunk, size_t *len)
{
	struct text_stream *ts = ctx;
	if (ts->failed)
		return -1;
	strbuf_reset(&ts->raw);
	strbuf_add(&ts->raw, ts->carry.buf, ts->carry.len);
	strbuf_reset(&ts->carry);
	int more = 0;
	if (ts->raw.len < PIECE) {
		more = input_read_all(ts->in, &ts->raw, PIECE - ts->raw.len);
		if (more < 0) {
			ts->failed = 1;
			return -1;
		}
	} else {
		more = 1;
	}
	if (ts->raw.len == 0)
		return 0;
	size_t n = ts->raw.len;
	if (more) {
		/* Keep the word at the end for the next piece; a piece without any
		 * white space is one giant "word" the analyser drops anyway: cut
		 * it between characters. */
		size_t k = through_last_space(ts->raw.buf, n);
		n = k ? k : utf8_truncate(ts->raw.buf, n, n);
		if (n == 0)
			n = ts->raw.len;
		strbuf_add(&ts->carry, ts->raw.buf + n, ts->raw.len - n);
		strbuf_setlen(&ts->raw, n);
	}
	ts->nuls += nuls_to_spaces(ts->raw.buf, ts->raw.len);
	strbuf_reset(&ts->out);
	if (ts->legacy) {
		add_cp1252(&ts->out, (const unsigned char *)ts->raw.buf, ts->raw.len);
	} else if (!utf8_valid(ts->raw.buf, ts->raw.len)) {
		ts->bad++;
		utf8_sanitise(&ts->out, ts->raw.buf, ts->raw.len);
	} else {
		strbuf tmp = ts->out;
		ts->out = ts->raw;
		ts->raw = tmp;
	}
	*chunk = ts->out.buf;
	*len = ts->out.len;
	return 1;
}

static int stream_finish(void *ctx)
{
	struct text_stream *ts = ctx;
	strbuf_reset(&ts->carry);
	if (ts->failed || input_drain(ts->in) < 0) {
		ts->failed = 1;
		return -1;
	}
	return 0;
}

static reader_status read_text(input *in, const char *path, const char *id,
			       const reader_opts *o, const reader_callbacks *cb, strbuf *reason)
{
	strbuf text = STRBUF_INIT, note = STRBUF_INIT;
	struct text_stream ts;
	size_t max = o->max_doc ? o->max_doc : READER_DEFAULT_MAX_DOC;
	char msg[200];

	memset(&ts, 0, sizeof(ts));
	strbuf_init(&ts.carry, 0);
	strbuf_init(&ts.raw, 0);
	strbuf_init(&ts.out, 0);
	int rc = input_read_all(in, &text, max);
	if (rc < 0) {
		strbuf_adds(reason, input_errmsg(in));
		strbuf_release(&text);
		return READER_FAILED;
	}
	if (rc > 0) {
		/* The text kept ends after white space, or at least between
		 * characters; what follows starts the rest of the body. */
		size_t k = through_last_space(text.buf, text.len);
		if (k < text.len / 2)
			k = utf8_truncate(text.buf, text.len, text.len);
		strbuf_add(&ts.carry, text.buf + k, text.len - k);
		strbuf_setlen(&text, k);
		snprintf(msg, sizeof(msg),
			 "longer than %zu bytes: only the start is kept for snippets (the rest is "
			 "indexed, up to --max-terms words)", max);
		cb->problem(cb->ctx, path, 0, msg, READER_WARNING);
	}
	clean_text(&text, &note, &ts.legacy);
	if (note.len)
		cb->problem(cb->ctx, path, 0, note.buf, READER_WARNING);
	strbuf_release(&note);

	size_t tl = text.len;
	trim_space(text.buf, &tl);
	if (tl == 0 && rc == 0) {
		strbuf_adds(reason, "empty file");
		strbuf_release(&text);
		strbuf_release(&ts.carry);
		return READER_SKIPPED;
	}

	release r;
	release_parse(text.buf, text.len, &r);
	document doc;
	document_init(&doc);
	doc.id = xstrdup(id);
	doc.source = xstrdup(path);
	if (r.title)
		doc.title = xstrndup(r.title, r.titlelen);
	text_date(&r, path, &doc.date);
	if (r.has_dateline) {
		strbuf place = STRBUF_INIT;
		release_place_display(&r.dl, &place);
		doc.place = strbuf_detach(&place, NULL);
	}
	size_t blen = r.bodylen;
	const char *body = trim_space(r.body, &blen);
	doc.text = xstrndup(body, blen);
	doc.textlen = blen;
	strbuf_release(&text);
	if (rc > 0) {
		ts.in = in;
		ts.more.next = stream_next;
		ts.more.finish = stream_finish;
		ts.more.ctx = &ts;
		doc.more = &ts.more;
	}

	rc = cb->doc(cb->ctx, &doc);
	document_release(&doc);
	reader_status st = rc ? READER_STOPPED : READER_OK;
	if (ts.more.next && !rc && stream_finish(&ts) < 0) {
		strbuf_adds(reason, input_errmsg(in));
		st = READER_FAILED;
	}
	if (ts.nuls || ts.bad) {
		strbuf_reset(&note);
		if (ts.nuls)
			strbuf_addf(&note, "%zu NUL byte%s read as spaces", ts.nuls,
				    ts.nuls == 1 ? "" : "s");
		if (ts.bad)
			strbuf_addf(&note, "%sinvalid UTF-8 bytes replaced by U+FFFD",
				    note.len ? "; " : "");
		strbuf_adds(&note, " (after the start kept)");
		cb->problem(cb->ctx, path, 0, note.buf, READER_WARNING);
		strbuf_release(&note);
	}
	strbuf_release(&ts.carry);
	strbuf_release(&ts.raw);
	strbuf_release(&ts.out);
	return st;
}

/* A JSON string or integer as text; NULL for anything else. */
static char *json_text(json_t *v, size_t *len)
{
	if (json_is_string(v)) {
		*len = json_string_length(v);
		char *s = xstrndup(json_string_value(v), *len);
		/* JSON allows \u0000; our strings do not. */
		for (size_t i = 0; i < *len; i++)
			if (!s[i])
				s[i] = ' ';
		return s;
	}
	if (json_is_integer(v)) {
		char buf[32];
		snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		*len = strlen(buf);
		return xstrdup(buf);
	}
	return NULL;
}

static const char no_content[] = "no \"text\" or \"title\"";

/* Turns one parsed JSON object into doc.  Returns NULL or the reason the
 * line is skipped (static). */
static const char *json_to_document(json_t *obj, document *doc, strbuf *warn)
{
	const char *key;
	json_t *v;
	size_t len;
	char *s;

	json_object_foreach(obj, key, v) {
		if (strcmp(key, "id") == 0) {
			if (!(doc->id = json_text(v, &len)))
				return "\"id\" is not a string or an integer";
			if (!len)
				return "\"id\" is empty";
		} else if (strcmp(key, "title") == 0 || strcmp(key, "text") == 0 ||
			   strcmp(key, "date") == 0 || strcmp(key, "lang") == 0 ||
			   strcmp(key, "place") == 0) {
			if (json_is_null(v))
				continue;
			if (!json_is_string(v)) {
				strbuf_addf(warn, "%s\"%s\" is not a string: ignored",
					    warn->len ? "; " : "", key);
				continue;
			}
			s = json_text(v, &len);
			if (key[0] == 't' && key[1] == 'i') {
				doc->title = s;
			} else if (key[0] == 't') {
				doc->text = s;
				doc->textlen = len;
			} else if (key[0] == 'd') {
				if (len && !date_parse_iso(s, len, &doc->date))
					strbuf_addf(warn, "%s\"date\" '%.40s' is not a date: ignored",
						    warn->len ? "; " : "", s);
				free(s);
			} else if (key[0] == 'l') {
				doc->lang = s;
			} else {
				doc->place = s;
			}
		} else if (!*key) {
			/* A field without a name cannot be stored or searched. */
			strbuf_addf(warn, "%sa field with an empty name: ignored", warn->len ? "; " : "");
		} else if (json_is_string(v)) {
			s = json_text(v, &len);
			document_add_meta(doc, key, s, len);
			free(s);
		}
	}
	if (!doc->id)
		return "no \"id\"";
	if ((!doc->text || !doc->textlen) && (!doc->title || !*doc->title))
		return no_content;
	if (!doc->text) {
		doc->text = xstrdup("");
		doc->textlen = 0;
	}
	return NULL;
}

static reader_status read_jsonl(input *in, const char *path, const reader_opts *o,
				const reader_callbacks *cb, strbuf *reason)
{
	strbuf line = STRBUF_INIT, warn = STRBUF_INIT;
	size_t max = o->max_doc ? o->max_doc : READER_DEFAULT_MAX_DOC;
	unsigned lineno = 0;
	reader_status st = READER_OK;
	int rc, truncated;
	char msg[256];

	/* Lines can hold a whole document plus its JSON syntax. */
	while ((rc = input_getline(in, &line, max + max / 8 + 1024, &truncated)) > 0) {
		lineno++;
		size_t n = line.len;
		trim_space(line.buf, &n);
		if (!n)
			continue;
		if (truncated) {
			snprintf(msg, sizeof(msg), "line longer than %zu bytes: skipped", max);
			cb->problem(cb->ctx, path, lineno, msg, READER_DOC_INVALID);
			continue;
		}
		json_error_t err;
		json_t *obj = json_loadb(line.buf, line.len, JSON_ALLOW_NUL, &err);
		if (!obj || !json_is_object(obj)) {
			if (obj)
				snprintf(msg, sizeof(msg), "not a JSON object: skipped");
			else
				snprintf(msg, sizeof(msg), "invalid JSON (column %d: %s): skipped",
					 err.column, err.text);
			cb->problem(cb->ctx, path, lineno, msg, READER_DOC_INVALID);
			json_decref(obj);
			continue;
		}
		document doc;
		document_init(&doc);
		strbuf_reset(&warn);
		const char *why = json_to_document(obj, &doc, &warn);
		json_decref(obj);
		if (warn.len)
			cb->problem(cb->ctx, path, lineno, warn.buf, READER_WARNING);
		if (why) {
			snprintf(msg, sizeof(msg), "%s: skipped", why);
			cb->problem(cb->ctx, path, lineno, msg,
				    why == no_content ? READER_DOC_EMPTY : READER_DOC_INVALID);
			document_release(&doc);
			continue;
		}
		if (doc.textlen > max) {
			doc.textlen = utf8_truncate(doc.text, doc.textlen, max);
			doc.text[doc.textlen] = 0;
			snprintf(msg, sizeof(msg),
				 "\"text\" longer than %zu bytes: only the start is indexed", max);
			cb->problem(cb->ctx, path, lineno, msg, READER_WARNING);
		}
		if (!doc.place)
			fill_place(&doc, doc.text, doc.textlen);
		doc.source = xstrdup(path);
		doc.line = lineno;
		rc = cb->doc(cb->ctx, &doc);
		document_release(&doc);
		if (rc) {
			st = READER_STOPPED;
			break;
		}
	}
	if (rc < 0) {
		strbuf_addf(reason, "line %u: %s", lineno + 1, input_errmsg(in));
		st = READER_FAILED;
	}
	strbuf_release(&line);
	strbuf_release(&warn);
	return st;
}

reader_status reader_read(const char *path, const char *id, const reader_opts *opts,
			  const reader_callbacks *cb, reader_info *info, strbuf *reason)
{
	if (info)
		memset(info, 0, sizeof(*info));
	input *in = input_open(path, opts->max_input, reason);
	if (!in)
		return READER_FAILED;
	if (info) {
		info->opened = 1;
		info->st = *input_stat(in);
	}
	size_t n;
	const char *head = input_peek(in, &n);
	reader_status st;
	int binary = 0;
	if (!head) {
		strbuf_adds(reason, input_errmsg(in));
		st = READER_FAILED;
	} else if (n == 0) {
		strbuf_adds(reason, input_compressed(in) ? "empty after decompression" : "empty file");
		st = READER_SKIPPED;
	} else if (opts->format == READER_JSONL ||
		   (opts->format == READER_AUTO && (name_is_jsonl(path) || content_is_jsonl(head, n)))) {
		st = read_jsonl(in, path, opts, cb, reason);
	} else if (opts->format == READER_HTML || opts->format == READER_PDF ||
		   (opts->format == READER_AUTO && reader_sniff_format(head, n) != READER_AUTO)) {
		/* Formats read by their own modules (html.c, pdf.c). */
		enum reader_format f = opts->format != READER_AUTO ? opts->format
								    : reader_sniff_format(head, n);
		st = f == READER_PDF ? pdf_read(in, path, id, opts, cb, reason)
				     : html_read(in, path, id, opts, cb, reason);
	} else if (opts->format == READER_AUTO && reader_looks_binary(head, n)) {
		strbuf_adds(reason, "binary file");
		st = READER_SKIPPED;
		binary = 1;
	} else {
		st = read_text(in, path, id, opts, cb, reason);
	}
	/* Whatever was read to its end was hashed whole.  A binary file is
	 * not read past its first bytes: it is not worth reading a video to
	 * hash it. */
	if (info && (st == READER_OK || (st == READER_SKIPPED && !binary))) {
		info->complete = 1;
		info->hash = input_hash(in);
	}
	if (st == READER_OK || st == READER_SKIPPED) {
		char why[160];
		if (input_changed(in, why, sizeof(why))) {
			strbuf_adds(reason, why);
			st = READER_CHANGED;
			if (info)
				info->complete = 0;
		}
	}
	input_close(in);
	return st;
}
