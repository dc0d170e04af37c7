/*
 * html.c - the HTML reader (see html.h for what it takes from a page).
 *
 * The tree libxml2 builds is walked without recursion (a hostile page may
 * nest elements a million deep), once over the whole page for its
 * metadata and its content element, then over the content for the text.
 */
#include "html.h"
#include "extract.h"
#include "util.h"

#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* How far into a page its character set may be declared. */
#define CHARSET_SCAN 4096

/* ------------------------------------------------------------------ */
/* The character set                                                    */

static int lower_ascii(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* The value after "charset" (then optional spaces, '=', optional quote)
 * at p[i]: copied to out; 1 if found. */
static int charset_value(const char *p, size_t n, size_t i, char *out, size_t cap)
{
	i += 7;
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i >= n || p[i] != '=')
		return 0;
	i++;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '"' || p[i] == '\''))
		i++;
	size_t k = 0;
	while (i < n && k + 1 < cap &&
	       ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
		(p[i] >= '0' && p[i] <= '9') || p[i] == '-' || p[i] == '_' || p[i] == '.' ||
		p[i] == ':'))
		out[k++] = (char)lower_ascii(p[i++]);
	out[k] = 0;
	return k > 0;
}

void html_declared_charset(const char *p, size_t n, char *out, size_t cap)
{
	out[0] = 0;
	if (cap < 8)
		return;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		snprintf(out, cap, "utf-8");
		return;
	}
	if (n >= 2 && (unsigned char)p[0] == 0xFF && (unsigned char)p[1] == 0xFE) {
		snprintf(out, cap, "utf-16le");
		return;
	}
	if (n >= 2 && (unsigned char)p[0] == 0xFE && (unsigned char)p[1] == 0xFF) {
		snprintf(out, cap, "utf-16be");
		return;
	}
	if (n > CHARSET_SCAN)
		n = CHARSET_SCAN;
	/* Each <meta ...> tag: a "charset" attribute, or "charset=" inside the
	 * content of an http-equiv. */
	for (size_t i = 0; i + 5 < n; i++) {
		if (p[i] != '<' || strncasecmp(p + i + 1, "meta", 4) != 0)
			continue;
		const char *end = memchr(p + i, '>', n - i);
		size_t e = end ? (size_t)(end - p) : n;
		for (size_t j = i + 5; j + 7 < e; j++)
			if (strncasecmp(p + j, "charset", 7) == 0 && charset_value(p, e, j, out, cap))
				return;
		i = e;
	}
}

/* The name libxml2 (iconv) is given for a declared character set, as
 * browsers read them: Latin-1 and ASCII are Windows-1252; UTF-16 without
 * a byte order mark cannot be, so it is UTF-8. */
static const char *encoding_for(const char *declared, int has_bom)
{
	if (!strcmp(declared, "iso-8859-1") || !strcmp(declared, "latin1") ||
	    !strcmp(declared, "us-ascii") || !strcmp(declared, "ascii") ||
	    !strcmp(declared, "iso8859-1") || !strcmp(declared, "l1"))
		return "windows-1252";
	if (!has_bom && !strncmp(declared, "utf-16", 6))
		return "utf-8";
	return declared;
}

/* ------------------------------------------------------------------ */
/* The tree                                                             */

static int is_name(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name && strcasecmp((const char *)n->name, name) == 0;
}

/* The attribute's value (owned by the caller: xmlFree), or NULL. */
static char *attr(const xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static int attr_is(const xmlNode *n, const char *name, const char *value)
{
	char *v = attr(n, name);
	int r = v && strcasecmp(v, value) == 0;
	xmlFree(v);
	return r;
}

/* Elements that never hold the text of a release. */
static int is_noise_element(const xmlNode *n)
{
	static const char *const names[] = {
		"script", "style",  "noscript", "nav",    "header", "footer", "aside",
		"form",   "template", "iframe", "svg",    "button", "select", "textarea",
		"object", "embed",  "canvas",   "head",   "dialog", "menu",   NULL,
	};
	for (int i = 0; names[i]; i++)
		if (is_name(n, names[i]))
			return 1;
	return 0;
}

/* 1 if a class or id names navigation, a footer, sharing buttons, ... */
static int is_noise_name(const char *v)
{
	static const char *const hints[] = {
		"nav",    "menu",     "footer", "breadcrumb", "cookie",     "share",     "sharing",
		"social", "sidebar",  "related", "banner",    "advert",     "newsletter", "subscribe",
		"skip",   NULL,
	};
	/* Each part of each space-separated token, split at '-' and '_'. */
	const char *p = v;
	while (*p) {
		while (*p == ' ' || *p == '-' || *p == '_' || *p == '\t')
			p++;
		size_t k = strcspn(p, " -_\t");
		for (int i = 0; hints[i] && k; i++) {
			size_t h = strlen(hints[i]);
			if (k >= h && strncasecmp(p, hints[i], h) == 0)
				return 1;
		}
		p += k;
	}
	return 0;
}

static int is_noise(const xmlNode *n)
{
	if (n->type != XML_ELEMENT_NODE)
		return n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE;
	if (is_noise_element(n))
		return 1;
	char *v = attr(n, "role");
	int noise = v && (!strcasecmp(v, "navigation") || !strcasecmp(v, "banner") ||
			  !strcasecmp(v, "contentinfo") || !strcasecmp(v, "search") ||
			  !strcasecmp(v, "complementary"));
	xmlFree(v);
	if (noise)
		return 1;
	if (attr_is(n, "aria-hidden", "true") || xmlHasProp(n, (const xmlChar *)"hidden"))
		return 1;
	v = attr(n, "class");
	noise = v && is_noise_name(v);
	xmlFree(v);
	if (noise)
		return 1;
	v = attr(n, "id");
	noise = v && is_noise_name(v);
	xmlFree(v);
	return noise;
}

static int is_block(const xmlNode *n)
{
	static const char *const names[] = {
		"p",       "div",  "h1",   "h2",    "h3",  "h4",      "h5",       "h6",
		"li",      "ul",   "ol",   "dl",    "dt",  "dd",      "tr",       "table",
		"section", "article", "main", "blockquote", "pre", "address", "figcaption",
		"figure",  "hr",   "br",   "caption", "summary", "details", "body", "center",
		NULL,
	};
	for (int i = 0; names[i]; i++)
		if (is_name(n, names[i]))
			return 1;
	return 0;
}

/* Next node of a walk in document order below root: into n's children if
 * descend, else to its next sibling or the next sibling of an ancestor.
 * Calls leave(ctx, node) for each element left.  NULL at the end. */
static xmlNode *walk_next(xmlNode *n, const xmlNode *root, int descend,
			  void (*leave)(void *ctx, xmlNode *n), void *ctx)
{
	if (descend && n->children)
		return n->children;
	if (leave)
		leave(ctx, n);
	while (n != root && !n->next) {
		n = n->parent;
		if (!n || n == root)
			return NULL;
		if (leave)
			leave(ctx, n);
	}
	return n == root ? NULL : n->next;
}

/* Appends s to out on one line: white space (line breaks too) made single
 * spaces, trimmed at the end. */
static void add_one_line(strbuf *out, const char *s)
{
	for (; *s; s++) {
		char c = *s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s;
		if (c == ' ' && (!out->len || out->buf[out->len - 1] == ' '))
			continue;
		strbuf_addc(out, c);
	}
	while (out->len && out->buf[out->len - 1] == ' ')
		out->len--;
	if (out->buf)
		out->buf[out->len] = 0;
}

/* The text of n and its descendants on one line (caller frees with
 * strbuf_release). */
static void node_text(const xmlNode *n, strbuf *out)
{
	xmlChar *t = xmlNodeGetContent(n);
	if (t) {
		add_one_line(out, (const char *)t);
		xmlFree(t);
	}
}

/* What the first walk finds. */
struct page {
	xmlNode *title, *article, *main, *body;
	date_ymd date; /* from meta tags */
	char lang[16];
	strbuf og_title;
};

/* A date from a meta tag or a datetime attribute, if it is ISO 8601. */
static void take_date(date_ymd *d, const char *v)
{
	date_ymd t;
	if (d->year || !v)
		return;
	size_t n = strlen(v);
	const char *s = trim_space(v, &n);
	if (date_parse_iso(s, n, &t))
		*d = t;
}

static void scan_meta(struct page *pg, const xmlNode *n)
{
	static const char *const date_names[] = { "date",	    "dc.date",	     "dc.date.issued",
						  "dcterms.date",   "dcterms.issued", "pubdate",
						  "publication_date", NULL };
	char *name = attr(n, "name"), *prop = attr(n, "property"), *item = attr(n, "itemprop");
	char *content = attr(n, "content");
	if (content) {
		if (prop && !strcasecmp(prop, "og:title") && !pg->og_title.len)
			add_one_line(&pg->og_title, content);
		if ((prop && (!strcasecmp(prop, "article:published_time") ||
			      !strcasecmp(prop, "og:published_time"))) ||
		    (item && !strcasecmp(item, "datePublished")))
			take_date(&pg->date, content);
		for (int i = 0; name && date_names[i]; i++)
			if (!strcasecmp(name, date_names[i]))
				take_date(&pg->date, content);
	}
	xmlFree(name);
	xmlFree(prop);
	xmlFree(item);
	xmlFree(content);
}

/* The primary subtag of a language tag, lower case ("en-GB" -> "en"). */
static void take_lang(char *out, size_t cap, const char *v)
{
	size_t k = 0;
	while (*v == ' ')
		v++;
	while (v[k] && k + 1 < cap && k < 3 && ((v[k] | 0x20) >= 'a' && (v[k] | 0x20) <= 'z')) {
		out[k] = (char)(v[k] | 0x20);
		k++;
	}
	if (v[k] && v[k] != '-' && v[k] != '_' && v[k] != ' ')
		k = 0; /* not a language tag */
	out[k >= 2 ? k : 0] = 0;
}

/* The first walk: metadata and the elements that hold the content. */
static void scan_page(xmlDoc *doc, struct page *pg)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root)
		return;
	char *l = attr(root, "lang");
	if (!l)
		l = (char *)xmlGetNsProp(root, (const xmlChar *)"lang", XML_XML_NAMESPACE);
	if (l)
		take_lang(pg->lang, sizeof(pg->lang), l);
	xmlFree(l);
	for (xmlNode *n = root; n;) {
		int descend = 1;
		if (n->type == XML_ELEMENT_NODE) {
			if (is_name(n, "title") && !pg->title)
				pg->title = n;
			else if (is_name(n, "meta"))
				scan_meta(pg, n);
			else if (is_name(n, "article") && !pg->article)
				pg->article = n;
			else if ((is_name(n, "main") || attr_is(n, "role", "main")) && !pg->main)
				pg->main = n;
			else if (is_name(n, "body") && !pg->body)
				pg->body = n;
			if (is_name(n, "script") || is_name(n, "style"))
				descend = 0;
		}
		n = n == root ? (n->children ? n->children : NULL) : walk_next(n, root, descend, NULL, NULL);
	}
}

/* The second walk: the text of the content. */
struct text_walk {
	strbuf *out;
	const xmlNode *skip;  /* the <h1> taken as title */
	int pre;              /* inside <pre> */
	xmlNode *first_h1;    /* found on the way, if not yet known */
	date_ymd time;        /* the first <time datetime> */
};

static void leave_node(void *ctx, xmlNode *n)
{
	struct text_walk *w = ctx;
	if (n->type != XML_ELEMENT_NODE)
		return;
	if (is_name(n, "pre") && n->children && !is_noise(n))
		w->pre--;
	if (is_name(n, "td") || is_name(n, "th"))
		extract_add_text(w->out, " ", 1);
	else if (is_block(n))
		extract_end_line(w->out);
}

static void content_text(xmlNode *root, struct text_walk *w)
{
	for (xmlNode *n = root->children; n;) {
		int descend = 0;
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			const char *t = (const char *)n->content;
			if (t && w->pre) {
				extract_add_text(w->out, t, strlen(t));
			} else if (t) {
				strbuf one = STRBUF_INIT;
				for (const char *p = t; *p; p++)
					strbuf_addc(&one, *p == '\n' || *p == '\r' ? ' ' : *p);
				extract_add_text(w->out, one.buf ? one.buf : "", one.len);
				strbuf_release(&one);
			}
		} else if (n->type == XML_ELEMENT_NODE && n != w->skip && !is_noise(n)) {
			descend = 1;
			if (is_name(n, "h1") && !w->first_h1)
				w->first_h1 = n;
			if (is_name(n, "time") && !w->time.year) {
				char *dt = attr(n, "datetime");
				take_date(&w->time, dt);
				xmlFree(dt);
			}
			if (is_block(n))
				extract_end_line(w->out);
			if (is_name(n, "pre") && n->children)
				w->pre++;
		}
		n = walk_next(n, root, descend, leave_node, w);
	}
}

/* The first <h1> below root that is not in noise, or NULL. */
static xmlNode *first_h1(xmlNode *root)
{
	for (xmlNode *n = root->children; n;) {
		int descend = n->type == XML_ELEMENT_NODE && !is_noise(n);
		if (descend && is_name(n, "h1"))
			return n;
		n = walk_next(n, root, descend, NULL, NULL);
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Reading                                                              */

static void quiet(void *ctx, const char *msg, ...)
{
}

struct parse_errors {
	int n;
	char first[160]; /* the first one's message */
};

/* Counts the parser's errors, except the tags of HTML5 (article, main,
 * time, ...), which libxml2's HTML 4 parser does not know but reads. */
static void quiet_structured(void *ctx, xmlErrorPtr err)
{
	struct parse_errors *pe = ctx;
	if (!pe || !err || err->level < XML_ERR_ERROR || err->code == XML_HTML_UNKNOWN_TAG)
		return;
	if (!pe->n++ && err->message) {
		snprintf(pe->first, sizeof(pe->first), "%s", err->message);
		size_t k = strcspn(pe->first, "\n");
		while (k && pe->first[k - 1] == ' ')
			k--;
		pe->first[k] = 0;
	}
}

/* Parses buf with the encoding enc; counts the errors in *errors. */
static xmlDoc *parse(const char *buf, size_t len, const char *enc, struct parse_errors *errors)
{
	htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
	if (!ctxt)
		return NULL;
	memset(errors, 0, sizeof(*errors));
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlSetStructuredErrorFunc(errors, quiet_structured);
	xmlDoc *doc = htmlCtxtReadMemory(ctxt, buf, (int)len, NULL, enc,
					 HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
						 HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT);
	htmlFreeParserCtxt(ctxt);
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlSetGenericErrorFunc(NULL, NULL);
	return doc;
}

reader_status html_read(input *in, const char *path, const char *id, const reader_opts *o,
			const reader_callbacks *cb, strbuf *reason)
{
	size_t max = o->max_doc ? o->max_doc : READER_DEFAULT_MAX_DOC;
	size_t limit = max > ((size_t)1 << 29) ? (size_t)1 << 31 : max * 4;
	if (limit > INT32_MAX)
		limit = INT32_MAX; /* libxml2 takes an int */
	strbuf raw = STRBUF_INIT;
	char msg[256];
	int rc = input_read_all(in, &raw, limit);
	if (rc < 0) {
		strbuf_adds(reason, input_errmsg(in));
		strbuf_release(&raw);
		return READER_FAILED;
	}
	if (rc > 0) {
		snprintf(msg, sizeof(msg), "page longer than %zu bytes: only the start is read", limit);
		cb->problem(cb->ctx, path, 0, msg, READER_WARNING);
		/* The rest is read and dropped, so that the whole file has been
		 * through the input (its size limit, its integrity checks). */
		char sink[65536];
		ssize_t k;
		while ((k = input_read(in, sink, sizeof(sink))) > 0)
			;
		if (k < 0) {
			strbuf_adds(reason, input_errmsg(in));
			strbuf_release(&raw);
			return READER_FAILED;
		}
	}

	char declared[64];
	html_declared_charset(raw.buf ? raw.buf : "", raw.len, declared, sizeof(declared));
	int bom = raw.len >= 2 && ((unsigned char)raw.buf[0] == 0xEF || (unsigned char)raw.buf[0] == 0xFF ||
				   (unsigned char)raw.buf[0] == 0xFE) && !strncmp(declared, "utf-", 4);
	const char *fallback = utf8_valid(raw.buf ? raw.buf : "", raw.len) ? "utf-8" : "windows-1252";
	const char *enc = declared[0] ? encoding_for(declared, bom) : fallback;
	xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler(enc);
	if (!handler) {
		snprintf(msg, sizeof(msg), "unknown character set '%s': read as %s", declared, fallback);
		cb->problem(cb->ctx, path, 0, msg, READER_WARNING);
		enc = fallback;
	} else {
		xmlCharEncCloseFunc(handler);
	}
	struct parse_errors errors;
	xmlDoc *doc = parse(raw.buf ? raw.buf : "", raw.len, enc, &errors);
	strbuf_release(&raw);
	if (!doc) {
		strbuf_adds(reason, "not HTML that could be parsed");
		return READER_FAILED;
	}
	if (!declared[0] && !strcmp(fallback, "windows-1252"))
		cb->problem(cb->ctx, path, 0, "no character set declared and not UTF-8: read as Windows-1252",
			    READER_WARNING);
	if (errors.n) {
		snprintf(msg, sizeof(msg), "malformed HTML (%d error%s, the first: %s): read as well as it could be",
			 errors.n, errors.n == 1 ? "" : "s", errors.first[0] ? errors.first : "?");
		cb->problem(cb->ctx, path, 0, msg, READER_WARNING);
	}

	struct page pg;
	memset(&pg, 0, sizeof(pg));
	strbuf_init(&pg.og_title, 0);
	scan_page(doc, &pg);
	xmlNode *root = pg.article ? pg.article : pg.main ? pg.main : pg.body;
	if (!root)
		root = xmlDocGetRootElement(doc);

	extracted x;
	extracted_init(&x);
	strbuf title = STRBUF_INIT, h1text = STRBUF_INIT;
	xmlNode *h1 = root ? first_h1(root) : NULL;
	if (h1)
		node_text(h1, &h1text);
	if (pg.title)
		node_text(pg.title, &title);
	const xmlNode *skip = NULL;
	if (pg.og_title.len) {
		strbuf_add(&x.title, pg.og_title.buf, pg.og_title.len);
		if (h1text.len && !strcmp(h1text.buf, pg.og_title.buf))
			skip = h1;
	} else if (title.len && h1text.len && strstr(title.buf, h1text.buf)) {
		strbuf_add(&x.title, h1text.buf, h1text.len); /* "Title | Site" */
		skip = h1;
	} else if (title.len) {
		strbuf_add(&x.title, title.buf, title.len);
		if (h1text.len && !strcmp(h1text.buf, title.buf))
			skip = h1;
	} else if (h1text.len) {
		strbuf_add(&x.title, h1text.buf, h1text.len);
		skip = h1;
	}
	strbuf_release(&title);
	strbuf_release(&h1text);

	struct text_walk w = { &x.text, skip, 0, NULL, { 0, 0, 0 } };
	if (root)
		content_text(root, &w);
	x.date = pg.date.year ? pg.date : w.time;
	snprintf(x.lang, sizeof(x.lang), "%s", pg.lang);
	strbuf_release(&pg.og_title);
	xmlFreeDoc(doc);

	reader_status st = extract_deliver(&x, path, id, o, cb, reason);
	if (st == READER_SKIPPED) {
		strbuf_reset(reason);
		strbuf_adds(reason, "HTML page without any text");
	}
	extracted_release(&x);
	return st;
}
