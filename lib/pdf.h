/*
 * pdf.h - PDF reports, read through poppler's pdftotext as an external
 * filter.
 *
 * The PDF (after gzip, if it was compressed; or standard input) is copied
 * to a private temporary file, and `pdftotext -enc UTF-8 -nopgbrk FILE -`
 * is run on it: found in PATH, started with fork and execvp (no shell), its
 * standard input /dev/null, in a process group of its own.  It is killed
 * (the whole group) when it runs longer than the time limit, and its output
 * is cut, and it killed, at --max-doc bytes.  Its error output names the
 * problem: an encrypted PDF, a damaged one.
 *
 * The text is read as a press release: the first line is the title and a
 * dateline in the first lines gives place and date (extract.h).  Without
 * pdftotext the file is skipped, and said so.
 */
#ifndef DATELINE_PDF_H
#define DATELINE_PDF_H

#include "input.h"
#include "reader.h"

/* Seconds pdftotext may take on one file, unless reader_opts says. */
#define PDF_DEFAULT_TIMEOUT 30

/* Reads the PDF and hands its document to cb.  Returns as reader_read()
 * does: READER_FAILED for an encrypted, damaged or too slow PDF,
 * READER_SKIPPED for one without text or when pdftotext is missing. */
reader_status pdf_read(input *in, const char *path, const char *id, const reader_opts *o,
		       const reader_callbacks *cb, struct strbuf *reason);

#endif
