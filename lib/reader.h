/*
 * reader.h - turns one file (or standard input) into documents.
 *
 * Formats, recognised by content (and by name for JSON Lines):
 *  - text: one document.  The first non-empty line is the title, and a
 *    dateline at the start of the body gives place and date (release.h).
 *    The date is the dateline's; a dateline without a year takes the year
 *    from a date at the start of the file name (2012-10-18-....txt) when
 *    the months agree; a text without a dated dateline takes the file
 *    name's date.  Invalid UTF-8 is read as Windows-1252 when the text has
 *    no valid multi-byte sequence at all (legacy files), otherwise the bad
 *    bytes become U+FFFD; NUL bytes become spaces.  Both are reported.
 *  - JSON Lines (*.jsonl, *.ndjson, or content whose first line is a JSON
 *    object): one document per line, with "id" (string or integer),
 *    "title", "text", "date" (ISO 8601, whole or partial), "lang", "place",
 *    and any other string field kept as metadata.  A line needs an id and a
 *    title or a text; a dateline at the start of "text" gives the place,
 *    and the date when "date" is absent.
 *  - HTML (content that starts with a doctype or an html, head or body
 *    tag, after any BOM, white space and comments): html.h.
 *  - PDF (content that starts with %PDF-): text by pdftotext, pdf.h.
 *  - binary data (NUL and control bytes, or the signature of a known binary
 *    format) is skipped.
 * Any of them may be gzip-compressed.
 */
#ifndef DATELINE_READER_H
#define DATELINE_READER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "document.h"

struct strbuf;

enum reader_format { READER_AUTO, READER_TEXT, READER_JSONL, READER_HTML, READER_PDF };

typedef struct reader_opts {
	enum reader_format format;
	size_t max_doc;                /* bytes of a document's text kept in it; the rest of a
					* longer text file is handed over piece by piece through
					* document.more (a JSON line longer than this is skipped) */
	unsigned long long max_input;  /* decompressed bytes of one file (0: no limit) */
	unsigned pdf_timeout;          /* seconds pdftotext may take (0: the default) */
} reader_opts;

#define READER_DEFAULT_MAX_DOC (16u << 20)
#define READER_DEFAULT_MAX_INPUT (8ull << 30)

enum reader_problem {
	READER_WARNING,     /* the document is indexed anyway (text cut, bad bytes replaced) */
	READER_DOC_EMPTY,   /* nothing to index in it (no text and no title): left out */
	READER_DOC_INVALID  /* it could not be read (bad JSON, no id): left out, a failure */
};

typedef struct reader_callbacks {
	/* Each document read.  The reader releases doc afterwards; the
	 * callback may take fields by setting them to NULL.  Non-zero stops. */
	int (*doc)(void *ctx, document *doc);
	/* A problem with part of the file: line is the JSON line (0 for the
	 * file); kind says what became of the document. */
	void (*problem)(void *ctx, const char *source, unsigned line, const char *msg,
			enum reader_problem kind);
	void *ctx;
} reader_callbacks;

typedef enum reader_status {
	READER_OK,      /* read (problems with single lines were reported) */
	READER_CHANGED, /* read, but the file changed while it was: the documents
			 * delivered may mix old and new content; why is in reason */
	READER_SKIPPED, /* nothing to index: empty or binary; why is in reason */
	READER_FAILED,  /* could not be read; why is in reason */
	READER_STOPPED  /* the doc callback returned non-zero */
} reader_status;

/* What reader_read() learnt about the file besides its documents. */
typedef struct reader_info {
	int opened;      /* 1 if the file could be opened: st is valid */
	struct stat st;  /* the file's status when it was opened */
	int complete;    /* 1 if every byte was read: hash covers the whole content */
	uint64_t hash;   /* hash64 of the decompressed content (input.h) */
} reader_info;

/*
 * Reads path ("-": standard input).  id is the document id of a text file
 * (JSON lines carry their own).  On READER_SKIPPED, READER_FAILED and
 * READER_CHANGED the reason is appended to reason.  info (may be NULL) is
 * filled in whatever the status.
 */
reader_status reader_read(const char *path, const char *id, const reader_opts *opts,
			  const reader_callbacks *cb, reader_info *info, struct strbuf *reason);

/* 1 if the first bytes of a file (n of them) look like binary data. */
int reader_looks_binary(const char *p, size_t n);

/* The format the first bytes of a file (n of them) show: READER_HTML,
 * READER_PDF, or READER_AUTO when they show neither (sniff.c). */
enum reader_format reader_sniff_format(const char *p, size_t n);

/* The date of a release read from path: its dateline's, with the year of
 * the file name's date if the dateline has none, else the file name's
 * (for the readers of other formats, extract.c). */
struct release;
void reader_release_date(const struct release *r, const char *path, date_ymd *out);

#endif
