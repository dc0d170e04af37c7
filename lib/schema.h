/*
 * schema.h - how a document is laid out in the Xapian index.
 *
 * The schema is defined and documented once, at the top of schema.c.  The
 * indexer writes documents through schema_build(); query reads the
 * document data through schema_data_decode() and builds its terms with the
 * prefixes below.
 */
#ifndef DATELINE_SCHEMA_H
#define DATELINE_SCHEMA_H

#include <stddef.h>

#include "analyser.h"
#include "document.h"
#include "xap.h"

struct strbuf;

/* Bumped when the layout changes incompatibly; kept in the index's metadata. */
#define SCHEMA_VERSION "1"
#define SCHEMA_META_VERSION "dateline.schema"
#define SCHEMA_META_LANG "dateline.lang"   /* the default language's code */
#define SCHEMA_META_LANGS "dateline.langs" /* codes of every language indexed, comma-separated */

/* Term prefixes (Xapian's conventions where they have one). */
#define PREFIX_ID "Q"      /* unique id, boolean */
#define PREFIX_TITLE "S"   /* title words, with positions */
#define PREFIX_STEM "Z"    /* stems: "Z" + stem, "ZS" + title stem */
#define PREFIX_PLACE "XP"  /* place: each dateline component and its words, boolean */
#define PREFIX_YEAR "Y"    /* Y2012, boolean */
#define PREFIX_MONTH "M"   /* M201210, boolean */
#define PREFIX_DAY "D"     /* D20121018, boolean */
#define PREFIX_LANG "L"    /* language code, boolean */
#define PREFIX_META "XM"   /* XM<key>:<word> for JSON metadata fields */
#define PREFIX_ORG "XO"    /* organisations named (orgs.h): folded name or acronym, boolean */
#define PREFIX_FILE "XF"   /* the key of the source file, boolean: the documents of one file */

/* Metadata keys of file records: SCHEMA_META_FILE + file key (see schema.c). */
#define SCHEMA_META_FILE "dateline.file:"

/* Value slots. */
enum {
	SLOT_DATE = 0,   /* "YYYYMMDD", 00 for unknown parts: sorting and date ranges */
	SLOT_YEAR = 1,   /* "YYYY": year facet */
	SLOT_PLACE = 2,  /* place as displayed: place facet */
	SLOT_LANG = 3,   /* language code: language facet */
	SLOT_SOURCE = 4, /* the source file's path: --format=paths without the document data */
	SLOT_HASH = 5,   /* reserved */
	SLOT_ORGS = 6,   /* organisations named, separated by SCHEMA_LIST_SEP: org facet */
	SLOT_ID = 7      /* the id: --format=ids and trec without the document data */
};

/* Separates the items of a value slot that holds a list (SLOT_ORGS). */
#define SCHEMA_LIST_SEP '\n'

/* Body positions start this far after the title's, so that no phrase or
 * proximity query matches across the two. */
#define SCHEMA_TITLE_GAP 100

/*
 * The id term of a document: "Q" + id.  An id too long for a Xapian term
 * is cut and completed with a hash of the whole id, so it stays unique.
 * Appends to out.
 */
void schema_id_term(const char *id, struct strbuf *out);

/*
 * The file term of a source file: "XF" + its key (see schema.c), cut and
 * completed with a hash like an id term when it is too long.  Appends to out.
 */
void schema_file_term(const char *key, size_t n, struct strbuf *out);

/*
 * The metadata key of a source file's record: SCHEMA_META_FILE + its key,
 * cut and completed with a hash when it is too long for a Xapian key.
 * Appends to out.
 */
void schema_file_meta_key(const char *key, size_t n, struct strbuf *out);

/*
 * The key of a metadata field as XM terms spell it: ASCII letters
 * lower-cased, only [a-z0-9_] kept, at most 38 bytes ("Source-URL" ->
 * "sourceurl").  The query parser spells a KEY: field the same way.
 * Appends to out.
 */
void schema_meta_key(const char *key, size_t n, struct strbuf *out);

/*
 * Fills xd (a new, empty document) with the terms, values and data of doc,
 * analysed by a.  Returns XAP_OK or the binding's status; the binding's
 * message is then appended to err.
 */
xap_status schema_build(analyser *a, const document *doc, xap_document *xd, struct strbuf *err);

/*
 * The same, reading the rest of a long body through doc->more, and
 * indexing at most max_terms words of title and body (0: no limit); *capped
 * (may be NULL) is set to 1 if words were left out.  A read error in
 * doc->more ends the body there: the caller finds it with more->finish().
 */
xap_status schema_build_capped(analyser *a, const document *doc, unsigned long max_terms,
			       xap_document *xd, struct strbuf *err, int *capped);

/* Encodes the document data record (what query prints) into out. */
void schema_data_encode(const document *doc, struct strbuf *out);

/*
 * Decodes a document data record into doc (initialised by the caller; the
 * caller releases it).  Returns 0, or -1 if the record is damaged (doc then
 * holds what could be read).
 */
int schema_data_decode(const char *data, size_t len, document *doc);

#endif
