/*
 * document.c - the document record.
 */
#include "document.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void document_init(document *doc)
{
	memset(doc, 0, sizeof(*doc));
}

void document_release(document *doc)
{
	free(doc->id);
	free(doc->title);
	free(doc->text);
	free(doc->place);
	free(doc->lang);
	free(doc->source);
	for (size_t i = 0; i < doc->nmeta; i++) {
		free(doc->meta[i].key);
		free(doc->meta[i].value);
	}
	free(doc->meta);
	document_init(doc);
}

void document_add_meta(document *doc, const char *key, const char *value, size_t vlen)
{
	doc->meta = xrealloc(doc->meta, (doc->nmeta + 1) * sizeof(*doc->meta));
	doc->meta[doc->nmeta].key = xstrdup(key);
	doc->meta[doc->nmeta].value = xstrndup(value, vlen);
	doc->nmeta++;
}

const char *document_meta(const document *doc, const char *key)
{
	for (size_t i = 0; i < doc->nmeta; i++)
		if (strcmp(doc->meta[i].key, key) == 0)
			return doc->meta[i].value;
	return NULL;
}
