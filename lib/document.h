/*
 * document.h - one document as the readers produce it and the schema indexes it.
 */
#ifndef DATELINE_DOCUMENT_H
#define DATELINE_DOCUMENT_H

#include <stddef.h>

#include "date.h"

typedef struct doc_meta {
	char *key;
	char *value;
} doc_meta;

/*
 * The rest of a body longer than the text a document keeps (--max-doc),
 * read from the file on demand while the document is being indexed, so
 * that a huge document never sits in memory whole.  The reader provides
 * it during its doc callback only.
 */
typedef struct doc_more {
	/* The next piece of the body: valid UTF-8 without NUL bytes, starting
	 * and ending at white space (so no word is split).  *chunk is owned
	 * by the reader, valid until the next call.  Returns 1 for a piece, 0
	 * at the end, -1 on a read error (which the reader then reports). */
	int (*next)(void *ctx, const char **chunk, size_t *len);
	/* Reads and discards the rest of the body: 0 at its end, -1 on a
	 * read error.  Call it when no more pieces are wanted, before
	 * committing to the document: a file damaged after the last piece
	 * used is found this way. */
	int (*finish)(void *ctx);
	void *ctx;
} doc_more;

typedef struct document {
	char *id;       /* unique: a file's path relative to its root, a JSON line's "id" */
	char *title;    /* NULL if none */
	char *text;     /* the body, valid UTF-8; never NULL once read */
	size_t textlen;
	date_ymd date;  /* year 0: no date */
	char *place;    /* from the dateline, "Almaty, Kazakhstan"; NULL if none */
	char *lang;     /* ISO 639-1 code, or NULL for the index's default */
	char *source;   /* the file it came from ("-" for standard input) */
	unsigned line;  /* its line in a JSON Lines file; 0 for a whole file */
	doc_meta *meta; /* other string fields of a JSON line, in their order */
	size_t nmeta;
	const doc_more *more; /* the rest of the body after text, or NULL: not owned */
} document;

void document_init(document *doc);
/* Frees everything doc owns and leaves it initialised. */
void document_release(document *doc);
/* Adds a metadata field (copied). */
void document_add_meta(document *doc, const char *key, const char *value, size_t vlen);
/* The value of metadata field key, or NULL. Owned by doc. */
const char *document_meta(const document *doc, const char *key);

#endif
