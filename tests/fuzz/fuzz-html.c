/*
 * fuzz-html.c - libFuzzer target: any bytes as a web page, through the
 * format sniffer, the character set declaration and the HTML reader.
 */
#include "html.h"
#include "input.h"
#include "reader.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_doc(void *ctx, document *doc)
{
	/* Documents hold valid text, within the limit. */
	if (!doc->text || strlen(doc->text) != doc->textlen || !utf8_valid(doc->text, doc->textlen) ||
	    doc->textlen > 64 * 1024 || (doc->title && !utf8_valid(doc->title, strlen(doc->title))))
		__builtin_trap();
	return 0;
}

static void on_problem(void *ctx, const char *source, unsigned line, const char *msg,
		       enum reader_problem kind)
{
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	if (!path[0]) {
		snprintf(path, sizeof(path), "/tmp/fuzz-html.%d", (int)getpid());
	}
	reader_sniff_format((const char *)data, size);
	char cs[32];
	html_declared_charset((const char *)data, size, cs, sizeof(cs));
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	reader_opts o = { READER_HTML, 64 * 1024, 0, 0 };
	reader_callbacks cb = { on_doc, on_problem, NULL };
	strbuf reason = STRBUF_INIT;
	input *in = input_open(path, 0, &reason);
	if (in) {
		html_read(in, path, "fuzz", &o, &cb, &reason);
		input_close(in);
	}
	strbuf_release(&reason);
	unlink(path);
	return 0;
}
