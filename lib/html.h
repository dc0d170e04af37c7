/*
 * html.h - web pages, as saved from a press office's site, read with
 * libxml2's HTML parser (in recover mode: broken markup is read as well as
 * it can be; never the network, never an external entity).
 *
 * The character set is the one the page declares: a byte order mark, else
 * <meta charset="..."> or <meta http-equiv="Content-Type"
 * content="...; charset=..."> in its first 4 KB; else UTF-8 when the bytes
 * are valid UTF-8, else Windows-1252 (as browsers do).  ISO-8859-1 is read
 * as Windows-1252, its superset.
 *
 * What becomes of the page:
 *  - title: <meta property="og:title">, else the page's <title> - or the
 *    first <h1> of the content when the <title> holds it and more (a site
 *    name: "Title | OSCE") - else the first <h1>, else the first line;
 *  - text: the content - the first <article>, else the first <main> (or
 *    role="main"), else <body> - without scripts, styles, forms, <nav>,
 *    <header>, <footer>, <aside>, elements with role navigation, banner,
 *    contentinfo, search or complementary, and elements whose class or id
 *    has a part starting with nav, menu, footer, breadcrumb, cookie, share,
 *    social, sidebar, related, banner, advert, newsletter, subscribe or
 *    skip ("main-nav", "cookie-notice", "share_buttons"); block elements
 *    (p, div, h1-h6, li, tr, br, ...) end lines, so that a dateline at the
 *    start of the first paragraph is recognised; the <h1> taken as title
 *    is not repeated in the text;
 *  - date: <meta property="article:published_time">, <meta name="date">,
 *    "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued" or
 *    itemprop="datePublished" (ISO 8601), else the first <time datetime>
 *    of the content, else the dateline, else the file name's date;
 *  - language: <html lang="..."> (its primary subtag: "en-GB" is "en"),
 *    which wins over language identification.
 * A page longer than 4 times --max-doc is read only in part (reported).
 */
#ifndef DATELINE_HTML_H
#define DATELINE_HTML_H

#include "input.h"
#include "reader.h"

/* Reads the page in (all of it, up to the limit) and hands its document to
 * cb.  Returns as reader_read() does; a page without any text is
 * READER_SKIPPED. */
reader_status html_read(input *in, const char *path, const char *id, const reader_opts *o,
			const reader_callbacks *cb, struct strbuf *reason);

/* The character set declared in the first bytes of a page (a BOM or a meta
 * tag), copied into out (cap bytes, lower case); "" if none. */
void html_declared_charset(const char *p, size_t n, char *out, size_t cap);

#endif
