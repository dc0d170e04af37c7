/*
 * fuzz-reader-text.c - libFuzzer target: any bytes read as a press release
 * (title, dateline, body) through reader_read(), with a small --max-doc so
 * that the rest of the body comes piece by piece (document.more), and
 * every document built into a Xapian document through the schema.
 *
 * The first input byte chooses the kept text's size (16 to 4096 bytes);
 * the rest is the file.
 */
#include "analyser.h"
#include "reader.h"
#include "schema.h"
#include "xap.h"

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static analyser *en;

static int on_doc(void *ctx, document *doc)
{
	(void)ctx;
	fuzz_check_doc(doc);
	if (doc->more) {
		/* Pieces start and end at white space and are clean text. */
		const char *piece;
		size_t n;
		int pieces = 0;
		while (pieces < 64 && doc->more->next(doc->more->ctx, &piece, &n) > 0) {
			fuzz_check_text(piece, n);
			fuzz_assert(n > 0);
			pieces++;
		}
		doc->more->finish(doc->more->ctx);
	}
	/* The schema never makes a term Xapian would refuse. */
	xap_document *xd = NULL;
	strbuf err = STRBUF_INIT;
	fuzz_assert(xap_document_new(&xd) == XAP_OK);
	const doc_more *more = doc->more;
	doc->more = NULL; /* read above */
	int capped = 0;
	fuzz_assert(schema_build_capped(en, doc, 2000, xd, &err, &capped) == XAP_OK);
	doc->more = more;
	xap_document_free(xd);
	strbuf_release(&err);
	return 0;
}

static void on_problem(void *ctx, const char *source, unsigned line, const char *msg,
		       enum reader_problem kind)
{
	(void)ctx, (void)source, (void)line, (void)kind;
	fuzz_assert(msg && *msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!en)
		en = analyser_new("english");
	if (size < 1)
		return 0;
	char path[64];
	int fd = fuzz_file(data + 1, size - 1, path, sizeof(path));
	if (fd < 0)
		return 0;
	reader_opts o = { .format = READER_TEXT, .max_doc = 16 + (size_t)data[0] * 16, .max_input = 1u << 20 };
	reader_callbacks cb = { on_doc, on_problem, NULL };
	reader_info info;
	strbuf reason = STRBUF_INIT;
	reader_status st = reader_read(path, "2012-10-18-fuzz.txt", &o, &cb, &info, &reason);
	fuzz_assert(st != READER_STOPPED);
	fuzz_assert(info.opened);
	if (st == READER_FAILED || st == READER_SKIPPED || st == READER_CHANGED)
		fuzz_assert(reason.len > 0);
	strbuf_release(&reason);
	close(fd);
	return 0;
}
