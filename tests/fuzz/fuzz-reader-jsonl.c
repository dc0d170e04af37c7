/*
 * fuzz-reader-jsonl.c - libFuzzer target: any bytes read as JSON Lines
 * through reader_read().  Every document must be clean text with an id, its
 * stored data must decode back to the same fields, and the schema must
 * build it into a Xapian document.
 */
#include "analyser.h"
#include "reader.h"
#include "schema.h"
#include "xap.h"

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static analyser *en;

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int on_doc(void *ctx, document *doc)
{
	unsigned *lines = ctx;
	fuzz_check_doc(doc);
	fuzz_assert(doc->line > *lines); /* lines come in order */
	*lines = doc->line;
	fuzz_assert(!doc->more);
	for (size_t i = 0; i < doc->nmeta; i++)
		fuzz_check_text(doc->meta[i].value, strlen(doc->meta[i].value));

	strbuf data = STRBUF_INIT;
	schema_data_encode(doc, &data);
	document back;
	document_init(&back);
	fuzz_assert(schema_data_decode(data.buf, data.len, &back) == 0);
	fuzz_assert(same(back.id, doc->id) && same(back.title, doc->title) &&
		    same(back.place, doc->place) && back.line == doc->line &&
		    back.textlen == doc->textlen && memcmp(back.text, doc->text, doc->textlen) == 0 &&
		    back.nmeta == doc->nmeta);
	document_release(&back);
	strbuf_release(&data);

	xap_document *xd = NULL;
	strbuf err = STRBUF_INIT;
	fuzz_assert(xap_document_new(&xd) == XAP_OK);
	fuzz_assert(schema_build_capped(en, doc, 2000, xd, &err, NULL) == XAP_OK);
	xap_document_free(xd);
	strbuf_release(&err);
	return 0;
}

static void on_problem(void *ctx, const char *source, unsigned line, const char *msg,
		       enum reader_problem kind)
{
	(void)ctx, (void)source, (void)kind;
	fuzz_assert(msg && *msg && line > 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!en)
		en = analyser_new("english");
	char path[64];
	int fd = fuzz_file(data, size, path, sizeof(path));
	if (fd < 0)
		return 0;
	reader_opts o = { .format = READER_JSONL, .max_doc = 4096, .max_input = 1u << 20 };
	unsigned lines = 0;
	reader_callbacks cb = { on_doc, on_problem, &lines };
	strbuf reason = STRBUF_INIT;
	reader_status st = reader_read(path, "unused", &o, &cb, NULL, &reason);
	fuzz_assert(st != READER_STOPPED);
	strbuf_release(&reason);
	close(fd);
	return 0;
}
