/*
 * fuzz-analyser.c - libFuzzer target: any bytes through the analyser, in
 * English, Russian, French (elisions) and German (umlaut spellings), with
 * every token stemmed and phrase folding.
 */
#include "analyser.h"
#include "util.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static analyser *en, *ru, *fr, *de;

static int token(void *ctx, const an_token *t)
{
	analyser *a = ctx;
	size_t n;
	const char *stem = analyser_stem(a, t, &n);
	/* Tokens are never empty, never over the limit, and within the input. */
	if (t->len == 0 || t->len > AN_MAX_WORD || strlen(t->word) != t->len || !stem ||
	    t->start > t->end || (t->alt && (t->altlen == 0 || t->altlen > AN_MAX_WORD ||
					      strlen(t->alt) != t->altlen)))
		__builtin_trap();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!en) {
		en = analyser_new("english");
		ru = analyser_new("russian");
		fr = analyser_new("french");
		de = analyser_new("german");
	}
	unsigned pos = 1;
	analyser_run(en, (const char *)data, size, &pos, token, en);
	pos = 1;
	analyser_run(ru, (const char *)data, size, &pos, token, ru);
	pos = 1;
	analyser_run(fr, (const char *)data, size, &pos, token, fr);
	pos = 1;
	analyser_run(de, (const char *)data, size, &pos, token, de);
	strbuf sb = STRBUF_INIT;
	analyser_fold_phrase(en, (const char *)data, size, &sb);
	strbuf_release(&sb);
	return 0;
}
