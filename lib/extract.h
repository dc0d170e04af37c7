/*
 * extract.h - documents made of text taken out of other formats (HTML,
 * PDF): the part every such reader shares.
 *
 * A reader fills an extracted with what the format told it - a title, the
 * text with one line per block, a date and a language from the format's
 * metadata - and extract_deliver() turns it into a document as a text
 * file would be: the first line is the title when the format gave none,
 * a dateline in the first lines of the text gives place and date, and the
 * file name's date is the last resort.
 */
#ifndef DATELINE_EXTRACT_H
#define DATELINE_EXTRACT_H

#include "reader.h"
#include "util.h"

typedef struct extracted {
	strbuf title;  /* empty: none */
	strbuf text;   /* UTF-8 (invalid bytes are replaced), lines = blocks */
	date_ymd date; /* from the metadata; year 0: none */
	char lang[16]; /* ISO 639-1 code from the metadata; "": none */
} extracted;

void extracted_init(extracted *x);
void extracted_release(extracted *x);

/*
 * Makes the document of x (for path, with id) and hands it to cb.  Text
 * longer than o->max_doc is cut (reported as a warning).  Returns
 * READER_SKIPPED with a reason when there is neither title nor text,
 * READER_STOPPED if the callback said stop, else READER_OK.
 */
reader_status extract_deliver(extracted *x, const char *path, const char *id,
			      const reader_opts *o, const reader_callbacks *cb, strbuf *reason);

/* Appends s (n bytes) to out with runs of white space made one space and
 * no space at the start of a line; a line break stays a line break. */
void extract_add_text(strbuf *out, const char *s, size_t n);

/* Ends the current line of out, unless it is empty or already ended. */
void extract_end_line(strbuf *out);

#endif
