/*
 * xap.h - a thin C binding over the parts of Xapian that dateline uses.
 *
 * The types are named after Xapian's classes: xap_database (Database and
 * WritableDatabase), xap_document (Document), xap_query (Query),
 * xap_enquire (Enquire), xap_mset (MSet), xap_valuecount (ValueCountMatchSpy),
 * xap_eset (ESet).  xap.cc is the only C++ file in dateline, and no C++
 * exception ever leaves it: every entry point catches everything and turns it
 * into an xap_status.  The text of the last error is kept on the handle
 * (xap_database_errmsg(), xap_enquire_errmsg(), ...) until the next call on
 * that handle; functions that have no handle yet return a malloc'd message
 * through a `char **errmsg` argument (may be NULL; caller owns; free()).
 *
 * Conventions:
 *  - Every function that can fail returns an xap_status; XAP_OK is 0.
 *  - Out-parameters are set to NULL/0 on failure.
 *  - Text crosses the interface as bytes with explicit lengths; terms may
 *    contain any byte but must be at most XAP_MAX_TERM bytes.
 *  - Every _free / _destroy accepts NULL.
 *  - A child never outlives its parent: free documents, enquires, msets and
 *    esets before destroying the database they came from.
 *  - Handles are not thread-safe; use one per thread.
 *
 * The library never prints, never exits and never reads configuration.
 */
#ifndef DATELINE_XAP_H
#define DATELINE_XAP_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define XAP_API __attribute__((visibility("default")))
#else
#define XAP_API
#endif

typedef unsigned xap_docid;

/* The longest term Xapian's glass backend accepts, in bytes. */
#define XAP_MAX_TERM 245

typedef enum xap_status {
	XAP_OK = 0,
	XAP_NOT_FOUND,         /* no such database, document or term */
	XAP_LOCKED,            /* another writer holds the database's lock */
	XAP_CORRUPT,           /* the database files are damaged */
	XAP_MODIFIED,          /* a reader's revision was overwritten: retry (the handle
				* has already moved to the latest revision; see
				* xap_database_open()) */
	XAP_NOMEM,             /* out of memory (also std::length_error, which Xapian
				* may throw on garbage lengths in a damaged database) */
	XAP_INVALID_ARGUMENT,  /* a bad argument (NULL handle, term too long, ...) */
	XAP_INVALID_OPERATION, /* not allowed now (commit without a transaction, ...) */
	XAP_EXISTS,            /* cannot create: it exists already, or creation failed */
	XAP_OPENING,           /* cannot open: not a Xapian database */
	XAP_VERSION,           /* the database format is not supported */
	XAP_CLOSED,            /* the database was closed */
	XAP_RANGE,             /* an index or value out of range */
	XAP_NETWORK,           /* a remote database could not be reached or timed out */
	XAP_NOSPACE,           /* a write failed: disk full or file size limit */
	XAP_IO,                /* another error from the database layer (I/O) */
	XAP_UNIMPLEMENTED,     /* the backend does not support this */
	XAP_ERROR,             /* any other Xapian error */
	XAP_INTERNAL           /* a C++ exception that is not Xapian's */
} xap_status;

/* A short English name for a status ("locked by another writer", "database
 * corrupt", ...). Static. */
XAP_API const char *xap_status_string(xap_status st);

/* Xapian's version string, e.g. "1.4.22". Static. */
XAP_API const char *xap_version(void);

/* ------------------------------------------------------------------ */
/* Databases                                                            */

typedef struct xap_database xap_database;

/* Modes and flags for xap_database_open_writable(), as Xapian's DB_*. */
enum {
	XAP_DB_CREATE_OR_OPEN = 0x00,
	XAP_DB_CREATE_OR_OVERWRITE = 0x01,
	XAP_DB_CREATE = 0x02,  /* fails with XAP_EXISTS if a database is there */
	XAP_DB_OPEN = 0x03,    /* fails with XAP_NOT_FOUND if nothing is at path,
				* XAP_OPENING if a directory without a database is */
	XAP_DB_NO_SYNC = 0x04, /* no fsync: fast, but a power cut may lose commits */
	XAP_DB_FULL_SYNC = 0x08,
	XAP_DB_DANGEROUS = 0x10,
	XAP_DB_NO_TERMLIST = 0x20,
	XAP_DB_RETRY_LOCK = 0x40 /* wait for the lock instead of XAP_LOCKED */
};

/*
 * Opens the database at path (a glass directory or a stub file) for reading.
 * On success *out is a new handle: caller owns; free with
 * xap_database_destroy().
 * Returns XAP_NOT_FOUND if nothing is at path, XAP_OPENING if path is a
 * directory that holds no database or a file that is not a stub (Xapian
 * itself says "not found" for the directory), XAP_VERSION, XAP_CORRUPT,
 * XAP_NETWORK (stub files naming remote databases), XAP_UNIMPLEMENTED (stub
 * files naming a backend this Xapian lacks), XAP_NOMEM, ...
 *
 * Readers and a writer: a reader that meets blocks the writer has just
 * discarded or reused gets XAP_MODIFIED, also when Xapian reported the race
 * as DatabaseCorruptError, as it sometimes does (the binding then finds the
 * database at a newer revision, which damage would not explain).  The
 * handle is then already at the latest revision, opened afresh: a Xapian
 * reader left where such an error struck was seen to answer later calls
 * wrongly without an error.  Retry the operation; calling
 * xap_database_reopen() first is harmless.
 * Opening itself retries (up to ten times, for about 0.2 s) before
 * reporting XAP_MODIFIED or XAP_CORRUPT.
 */
XAP_API xap_status xap_database_open(const char *path, xap_database **out, char **errmsg);

/*
 * Opens or creates the database at path for writing.  flags is one mode
 * (XAP_DB_CREATE_OR_OPEN, ...) or'd with XAP_DB_NO_SYNC etc.  Only one
 * writer may hold a database: a second gets XAP_LOCKED, unless
 * XAP_DB_RETRY_LOCK is given, in which case it waits.  XAP_DB_CREATE on an
 * existing database gives XAP_EXISTS; unknown flags XAP_INVALID_ARGUMENT.
 */
XAP_API xap_status xap_database_open_writable(const char *path, int flags, xap_database **out,
					      char **errmsg);

/*
 * Connects to a remote database served by xapian-tcpsrv.  timeout_ms bounds
 * each operation and the connection (0: Xapian's defaults).  Read-only.
 */
XAP_API xap_status xap_database_open_remote(const char *host, unsigned port, unsigned timeout_ms,
					    xap_database **out, char **errmsg);

/* A new empty read-only handle, to which xap_database_add() adds shards. */
XAP_API xap_status xap_database_new_empty(xap_database **out, char **errmsg);

/*
 * Adds the shards of other to db, so that db searches them all as one,
 * with combined statistics (Database::add_database).  Both must be read-only
 * handles (else XAP_INVALID_OPERATION).  other stays owned by the caller and
 * may be destroyed afterwards; but db shares other's shards, so
 * xap_database_close(other) closes them in db too.
 */
XAP_API xap_status xap_database_add(xap_database *db, const xap_database *other);

/*
 * Closes the database: further calls on it return XAP_CLOSED.  A writable
 * database commits pending changes first, unless a transaction is open, in
 * which case the transaction is cancelled.  If that commit fails, the error
 * is returned and the handle stays open.  Closing a closed handle gives
 * XAP_CLOSED.  The handle must still be destroyed.
 */
XAP_API xap_status xap_database_close(xap_database *db);

/*
 * Frees the handle.  A writable database still open commits its pending
 * changes first (or cancels an open transaction), as Xapian's
 * WritableDatabase destructor does; an error in that commit is lost, so
 * call xap_database_commit() or xap_database_close() first to see it.
 * Shards that were added to another handle stay open there.  NULL ok.
 */
XAP_API void xap_database_destroy(xap_database *db);

/* Text of the last error on db; "" if none.  Owned by db; valid until the next call on db. */
XAP_API const char *xap_database_errmsg(const xap_database *db);

/* Moves a reader to the latest committed revision; *changed (may be NULL)
 * is set to 1 if it moved.  A database opened by path with
 * xap_database_open() is opened afresh, others reopened in place. */
XAP_API xap_status xap_database_reopen(xap_database *db, int *changed);

XAP_API xap_status xap_database_doccount(xap_database *db, unsigned *out);
XAP_API xap_status xap_database_lastdocid(xap_database *db, xap_docid *out);
XAP_API xap_status xap_database_avlength(xap_database *db, double *out);
/* The committed revision of a single glass database. */
XAP_API xap_status xap_database_revision(xap_database *db, unsigned long *out);

/* Number of documents indexed by term (0 if none). */
XAP_API xap_status xap_database_termfreq(xap_database *db, const char *term, size_t len,
					 unsigned *out);
/* The length of document did (the sum of its wdfs): XAP_NOT_FOUND if there
 * is no such document. */
XAP_API xap_status xap_database_doclength(xap_database *db, xap_docid did, unsigned *out);
/* Total number of occurrences (sum of wdf) of term. */
XAP_API xap_status xap_database_collection_freq(xap_database *db, const char *term, size_t len,
						unsigned long *out);

/*
 * The first (lowest) document id indexed by term: XAP_NOT_FOUND if none.
 * For unique id terms, this finds the document.
 */
XAP_API xap_status xap_database_find_term(xap_database *db, const char *term, size_t len,
					  xap_docid *out);

/*
 * Calls fn for each term that starts with prefix, in byte order, with the
 * term and its termfreq.  prefix may be NULL (plen 0): every term.  Stops
 * when fn returns non-zero, and returns XAP_OK.  term is valid only during
 * the call.
 */
typedef int (*xap_term_fn)(void *ctx, const char *term, size_t len, unsigned freq);
XAP_API xap_status xap_database_allterms(xap_database *db, const char *prefix, size_t plen,
					 xap_term_fn fn, void *ctx);

/*
 * Calls fn for each document id indexed by term, ascending, with its wdf.
 * Stops when fn returns non-zero.
 */
typedef int (*xap_posting_fn)(void *ctx, xap_docid did, unsigned wdf);
XAP_API xap_status xap_database_postlist(xap_database *db, const char *term, size_t len,
					 xap_posting_fn fn, void *ctx);

/* User metadata (Database::get_metadata).  *val is malloc'd (caller owns;
 * free()) and NUL-terminated; a missing key gives "" with *len 0. */
XAP_API xap_status xap_database_get_metadata(xap_database *db, const char *key, char **val,
					     size_t *len);
XAP_API xap_status xap_database_set_metadata(xap_database *db, const char *key, const char *val,
					     size_t len);

/*
 * Calls fn for each user metadata key that starts with prefix (may be NULL,
 * plen 0: every key), in byte order, with freq 0 (Database::metadata_keys).
 * Stops when fn returns non-zero, and returns XAP_OK.  key is valid only
 * during the call.  On a writable database the keys include changes not
 * yet committed.
 */
XAP_API xap_status xap_database_metadata_keys(xap_database *db, const char *prefix, size_t plen,
					      xap_term_fn fn, void *ctx);

/* Loads document did: *out is new (caller owns; free with
 * xap_document_free()).  XAP_NOT_FOUND if there is no such document. */
typedef struct xap_document xap_document;
XAP_API xap_status xap_database_get_document(xap_database *db, xap_docid did,
					     xap_document **out);
/* The same for a document a search of db has just found: read only when
 * its data or values are asked for (as an MSet's documents are), without
 * the look-up that tells XAP_NOT_FOUND.  The caller vouches for did: a
 * document that is not there reads as empty (no data, no values).  (The
 * look-up cost a page of 1,000 results 2.6 ms of 7.5.) */
XAP_API xap_status xap_database_get_found_document(xap_database *db, xap_docid did,
						   xap_document **out);

/* Transactions.  flushed: 1 makes the transaction's changes a commit of its
 * own when it ends (the normal choice). */
XAP_API xap_status xap_database_begin_transaction(xap_database *db, int flushed);
XAP_API xap_status xap_database_commit_transaction(xap_database *db);
XAP_API xap_status xap_database_cancel_transaction(xap_database *db);
/* Commits pending changes outside any transaction (atomic on glass). */
XAP_API xap_status xap_database_commit(xap_database *db);

/* Adds doc as a new document; *did (may be NULL) gets its id. */
XAP_API xap_status xap_database_add_document(xap_database *db, const xap_document *doc,
					     xap_docid *did);
/* Replaces the document(s) indexed by the unique term with doc, or adds doc
 * if there is none.  *did (may be NULL) gets its id. */
XAP_API xap_status xap_database_replace_document_by_term(xap_database *db, const char *term,
							 size_t len, const xap_document *doc,
							 xap_docid *did);
XAP_API xap_status xap_database_replace_document(xap_database *db, xap_docid did,
						 const xap_document *doc);
XAP_API xap_status xap_database_delete_document(xap_database *db, xap_docid did);
/* Deletes every document indexed by term (none is not an error). */
XAP_API xap_status xap_database_delete_document_by_term(xap_database *db, const char *term,
							size_t len);

/* Spelling data, used for "did you mean". */
XAP_API xap_status xap_database_add_spelling(xap_database *db, const char *word, size_t len,
					     unsigned freqinc);
/* The best correction for word within max_edit edits, malloc'd into *out
 * (caller owns; free()); *out is NULL when there is none. */
XAP_API xap_status xap_database_spelling_suggestion(xap_database *db, const char *word,
						    size_t len, unsigned max_edit, char **out);

/*
 * Writes a compacted copy of db into the new directory outpath
 * (Database::compact).  multipass: 1 for Xapian's multipass merge.
 */
XAP_API xap_status xap_database_compact(xap_database *db, const char *outpath, int multipass);

/*
 * Checks the consistency of the database at path (Database::check).
 * *errors gets the number of problems found; the report, if report is not
 * NULL, is malloc'd into *report (caller owns; free()).  Returns XAP_OK even
 * when problems are found; an error status means the check itself failed.
 */
XAP_API xap_status xap_database_check(const char *path, size_t *errors, char **report,
				      char **errmsg);

/* ------------------------------------------------------------------ */
/* Documents                                                            */

/* A new empty document: caller owns; free with xap_document_free(). */
XAP_API xap_status xap_document_new(xap_document **out);
XAP_API void xap_document_free(xap_document *doc);
/* Text of the last error on doc; owned by doc. */
XAP_API const char *xap_document_errmsg(const xap_document *doc);
/* The document's id in its database (0 for a new document). */
XAP_API xap_docid xap_document_docid(const xap_document *doc);

/*
 * The three functions that add a term reject an empty term and one longer
 * than XAP_MAX_TERM with XAP_INVALID_ARGUMENT at once: Xapian would accept
 * it here and fail only when the document is written to the database.
 */
/* Adds wdfinc to the wdf of term, without a position. */
XAP_API xap_status xap_document_add_term(xap_document *doc, const char *term, size_t len,
					 unsigned wdfinc);
/* Adds an occurrence of term at position pos, and wdfinc to its wdf. */
XAP_API xap_status xap_document_add_posting(xap_document *doc, const char *term, size_t len,
					    unsigned pos, unsigned wdfinc);
/* Adds term with wdf 0 and no positions: for filters that should not count
 * towards the document's length. */
XAP_API xap_status xap_document_add_boolean_term(xap_document *doc, const char *term, size_t len);
/* XAP_NOT_FOUND if the document has no such term. */
XAP_API xap_status xap_document_remove_term(xap_document *doc, const char *term, size_t len);
XAP_API xap_status xap_document_clear_terms(xap_document *doc);

XAP_API xap_status xap_document_set_value(xap_document *doc, unsigned slot, const char *val,
					  size_t len);
/* *val is owned by doc and valid until the next get_value or get_data on doc;
 * "" (len 0) if the slot is empty. */
XAP_API xap_status xap_document_get_value(xap_document *doc, unsigned slot, const char **val,
					  size_t *len);
XAP_API xap_status xap_document_set_data(xap_document *doc, const char *data, size_t len);
/* *data is owned by doc, valid until the next get_data or get_value on doc. */
XAP_API xap_status xap_document_get_data(xap_document *doc, const char **data, size_t *len);

/* Number of distinct terms. */
XAP_API xap_status xap_document_termcount(xap_document *doc, unsigned *out);
/* Calls fn for each term of doc in byte order with its wdf (as freq);
 * stops when fn returns non-zero. */
XAP_API xap_status xap_document_termlist(xap_document *doc, xap_term_fn fn, void *ctx);
/* The wdf of term in doc: XAP_NOT_FOUND if the document has no such term. */
XAP_API xap_status xap_document_wdf(xap_document *doc, const char *term, size_t len,
				    unsigned *out);
/* Calls fn with each position of term in doc, ascending; stops when fn
 * returns non-zero.  XAP_NOT_FOUND if the document has no such term. */
typedef int (*xap_position_fn)(void *ctx, unsigned pos);
XAP_API xap_status xap_document_positions(xap_document *doc, const char *term, size_t len,
					  xap_position_fn fn, void *ctx);

/* ------------------------------------------------------------------ */
/* Queries                                                              */

/*
 * A query tree.  Queries are immutable values: a combining function copies
 * what it needs from its arguments (Xapian shares them by reference count),
 * so the caller keeps ownership of the arguments and frees each with
 * xap_query_free().  Query functions have no handle for a message; when
 * errmsg is not NULL, a failure's text is malloc'd into it.
 */
typedef struct xap_query xap_query;

typedef enum xap_op {
	XAP_OP_AND,
	XAP_OP_OR,
	XAP_OP_AND_NOT,    /* first minus the rest */
	XAP_OP_XOR,
	XAP_OP_AND_MAYBE,  /* first, with the rest adding weight */
	XAP_OP_FILTER,     /* first, restricted by the rest, which add no weight */
	XAP_OP_NEAR,       /* all within window positions, any order */
	XAP_OP_PHRASE,     /* in order within window positions (0: as many as terms) */
	XAP_OP_ELITE_SET,  /* OR of the window most informative subqueries */
	XAP_OP_SYNONYM,    /* matched and weighted as one term */
	XAP_OP_MAX         /* OR, weighted by the best subquery */
} xap_op;

/* A term, with its within-query frequency (1 normally) and position (0 if none).
 * An empty term gives XAP_INVALID_ARGUMENT (Xapian would read it as "match
 * everything": use xap_query_new_match_all()). */
XAP_API xap_status xap_query_new_term(const char *term, size_t len, unsigned wqf, unsigned pos,
				      xap_query **out, char **errmsg);
/* Combines n subqueries with op.  window: the window for NEAR and PHRASE
 * (0: the number of subqueries), the set size for ELITE_SET; else ignored.
 * n may be 0 (an empty query, which matches nothing). */
XAP_API xap_status xap_query_new_combine(xap_op op, xap_query *const *subs, size_t n,
					 unsigned window, xap_query **out, char **errmsg);
/*
 * Documents whose value in slot is between lo and hi inclusive, compared as
 * bytes; lo NULL: no lower bound; hi NULL: no upper bound (both NULL: every
 * document with a value in slot).
 */
XAP_API xap_status xap_query_new_value_range(unsigned slot, const char *lo, size_t lolen,
					     const char *hi, size_t hilen, xap_query **out,
					     char **errmsg);
/* q with its weight multiplied by factor (>= 0; 0 makes it a pure filter). */
XAP_API xap_status xap_query_new_scale(const xap_query *q, double factor, xap_query **out,
				       char **errmsg);
/*
 * Every term starting with prefix, as one synonym (OP_WILDCARD).  At most
 * max_expansion terms (0: no limit); more gives XAP_RANGE from the search,
 * with a message that says the prefix is too broad.
 */
XAP_API xap_status xap_query_new_wildcard(const char *prefix, size_t len, unsigned max_expansion,
					  xap_query **out, char **errmsg);
/*
 * The documents of db whose ids are among ids (n of them, in any order),
 * weight 0: to run a query again over the documents an earlier search of
 * the same db found, as FILTER(query, this).  Over several shards the ids
 * are those of the whole, and each shard must have its own UUID
 * (XAP_UNIMPLEMENTED otherwise).  Local databases only: a search of a
 * remote shard with it fails (Xapian cannot send it over the network).
 */
XAP_API xap_status xap_query_new_docids(xap_database *db, const xap_docid *ids, size_t n,
					xap_query **out, char **errmsg);
/* The query that matches every document (weight 0). */
XAP_API xap_status xap_query_new_match_all(xap_query **out, char **errmsg);
/* A query that matches nothing. */
XAP_API xap_status xap_query_new_match_nothing(xap_query **out, char **errmsg);
/* A copy of q: caller owns. */
XAP_API xap_status xap_query_copy(const xap_query *q, xap_query **out, char **errmsg);
XAP_API void xap_query_free(xap_query *q);
/* 1 if q is empty (matches nothing). */
XAP_API int xap_query_is_empty(const xap_query *q);
/* Xapian's description of q, malloc'd (caller owns; free()); NULL on failure. */
XAP_API char *xap_query_describe(const xap_query *q);
/*
 * Calls fn for each distinct term in q, in Xapian's query order (ascending
 * query position, terms without a position first), with as freq its wqf:
 * the sum of the wqfs given to xap_query_new_term() for that term.
 * Wildcards and value ranges have no terms until the search expands them.
 */
XAP_API xap_status xap_query_terms(const xap_query *q, xap_term_fn fn, void *ctx);

/* ------------------------------------------------------------------ */
/* Enquire, MSet, ESet, match spies                                     */

typedef struct xap_enquire xap_enquire;
typedef struct xap_mset xap_mset;
typedef struct xap_eset xap_eset;
typedef struct xap_valuecount xap_valuecount;

/* A search session on db (which must outlive it): caller owns; free with
 * xap_enquire_free().  BM25 with Xapian's defaults until told otherwise. */
XAP_API xap_status xap_enquire_new(xap_database *db, xap_enquire **out, char **errmsg);
XAP_API void xap_enquire_free(xap_enquire *enq);
XAP_API const char *xap_enquire_errmsg(const xap_enquire *enq);

/* The query to run (copied).  qlen: the query length for weighting (0: sum of wqfs). */
XAP_API xap_status xap_enquire_set_query(xap_enquire *enq, const xap_query *q, unsigned qlen);
/* BM25 weighting (Xapian's BM25Weight: defaults k1 1, k2 0, k3 1, b 0.5, min_normlen 0.5). */
XAP_API xap_status xap_enquire_set_bm25(xap_enquire *enq, double k1, double k2, double k3,
					double b, double min_normlen);
/*
 * Another of Xapian's weighting schemes, by name, with up to nparams of its
 * parameters in Xapian's order (the rest take Xapian's defaults):
 * "bm25" (k1 k2 k3 b min_normlen), "bm25+" (the same and delta), "pl2" (c),
 * "pl2+" (c delta), "dph", "dlh", "inl2" (c), "ifb2" (c), "ineb2" (c),
 * "bb2" (c), "lm" (param_log smoothing param1 param2; smoothing as Xapian's
 * Weight::type_smoothing), "trad" (k), "bool".  XAP_INVALID_ARGUMENT for
 * an unknown scheme or too many parameters.
 */
XAP_API xap_status xap_enquire_set_weighting(xap_enquire *enq, const char *scheme,
					     const double *params, size_t nparams);
/* Boolean weighting: every match weighs 0 (for pure filters, sorted otherwise). */
XAP_API xap_status xap_enquire_set_boolean(xap_enquire *enq);

typedef enum xap_sort {
	XAP_SORT_RELEVANCE,            /* by weight, the default */
	XAP_SORT_VALUE,                /* by the value in a slot, then by docid */
	XAP_SORT_VALUE_THEN_RELEVANCE, /* by value, ties by weight */
	XAP_SORT_RELEVANCE_THEN_VALUE  /* by weight, ties by value */
} xap_sort;
/* Sort order; slot and reverse (1: descending values) apply to the value sorts. */
XAP_API xap_status xap_enquire_set_sort(xap_enquire *enq, xap_sort sort, unsigned slot,
					int reverse);
/* Order of documents with equal sort keys: 0 ascending docid (default), 1 descending. */
XAP_API xap_status xap_enquire_set_docid_order(xap_enquire *enq, int descending);
/* Keep at most max results with the same value in slot (Enquire::set_collapse_key);
 * max 0 turns collapsing off. */
XAP_API xap_status xap_enquire_set_collapse_key(xap_enquire *enq, unsigned slot, unsigned max);
/* Drop results below percent of the best, or below weight (0: off). */
XAP_API xap_status xap_enquire_set_cutoff(xap_enquire *enq, int percent, double weight);

/*
 * Counts the values in slot over every matching document at the next
 * get_mset (a ValueCountMatchSpy).  *out is owned by enq, valid until
 * xap_enquire_free(); read it with xap_valuecount_values().  As in Xapian,
 * the counts add up over later get_mset calls: add a new spy (or a new
 * enquire) for a new count.
 */
XAP_API xap_status xap_enquire_add_valuecount(xap_enquire *enq, unsigned slot,
					      xap_valuecount **out);
/*
 * The same for a slot that holds a list: the value is split on the byte
 * sep, and each distinct non-empty item counts once per document ("a\nb\na"
 * counts a and b once each).  *out is read with the same functions and
 * owned alike.  For local databases only (XAP_UNIMPLEMENTED from the
 * search on a remote one).
 */
XAP_API xap_status xap_enquire_add_valuecount_split(xap_enquire *enq, unsigned slot, char sep,
						    xap_valuecount **out);
/* Removes every spy from enq and frees them: the xap_valuecount pointers
 * it gave out are invalid afterwards.  For a new count with the same enq. */
XAP_API xap_status xap_enquire_clear_matchspies(xap_enquire *enq);
/* Number of documents the spy has seen. */
XAP_API unsigned xap_valuecount_total(const xap_valuecount *vc);
/* Calls fn for each value seen with its count, most frequent first (ties in
 * byte order), at most max values (0: all). */
XAP_API xap_status xap_valuecount_values(const xap_valuecount *vc, unsigned max, xap_term_fn fn,
					 void *ctx);

/*
 * Runs the query: results first..first+maxitems-1 into a new *out (caller
 * owns; free with xap_mset_free()).  check_at_least: look at least this many
 * documents for accurate counts (and for match spies).  rset/rsetlen: ids of
 * documents known relevant (may be NULL/0), which change term weights.
 * XAP_MODIFIED: reopen the database and run again.
 */
XAP_API xap_status xap_enquire_get_mset(xap_enquire *enq, unsigned first, unsigned maxitems,
					unsigned check_at_least, const xap_docid *rset,
					size_t rsetlen, xap_mset **out);
/* Calls fn for each query term that indexes did, in query order, with the
 * term's wdf in did as freq.  XAP_NOT_FOUND if there is no document did. */
XAP_API xap_status xap_enquire_matching_terms(xap_enquire *enq, xap_docid did, xap_term_fn fn,
					      void *ctx);
/* How get_eset weighs terms (Enquire::set_expansion_scheme): TRAD, Xapian's
 * default, by the odds of a term in relevant and other documents (k is
 * its parameter, 1 normally); BO1, the Bose-Einstein model, which also
 * counts the term's occurrences in the relevant documents (k unused). */
typedef enum xap_expand { XAP_EXPAND_TRAD, XAP_EXPAND_BO1 } xap_expand;
XAP_API xap_status xap_enquire_set_expansion(xap_enquire *enq, xap_expand scheme, double k);
/*
 * The size best terms to expand a query with, given relevant documents
 * rset (Enquire::get_eset): caller owns *out; free with xap_eset_free().
 * Only terms that start with prefix (may be NULL) are considered; terms in
 * the current query are left out.
 */
XAP_API xap_status xap_enquire_get_eset(xap_enquire *enq, unsigned size, const xap_docid *rset,
					size_t rsetlen, const char *prefix, xap_eset **out);

XAP_API void xap_mset_free(xap_mset *m);
XAP_API const char *xap_mset_errmsg(const xap_mset *m);
/* The highest weight any document could have had in the search
 * (MSet::get_max_possible): an upper bound, also with maxitems 0. */
XAP_API double xap_mset_max_possible(const xap_mset *m);
/* Number of results held (at most maxitems). */
XAP_API unsigned xap_mset_size(const xap_mset *m);
/* Bounds and estimate of the total number of matching documents. */
XAP_API void xap_mset_matches(const xap_mset *m, unsigned *lower, unsigned *estimated,
			      unsigned *upper);
/* The i-th result (0-based): its id, weight and percentage score (any may be
 * NULL).  XAP_RANGE if i >= size. */
XAP_API xap_status xap_mset_item(xap_mset *m, unsigned i, xap_docid *did, double *weight,
				 int *percent);
/* The i-th result's document: caller owns *out; free with xap_document_free(). */
XAP_API xap_status xap_mset_document(xap_mset *m, unsigned i, xap_document **out);
/* The weight BM25 gives one occurrence-free term (MSet::get_termweight) and
 * its termfreq (MSet::get_termfreq), for explaining scores.  The term weight
 * is XAP_INVALID_ARGUMENT for a term that is not in the query. */
XAP_API xap_status xap_mset_termweight(xap_mset *m, const char *term, size_t len, double *out);
XAP_API xap_status xap_mset_termfreq(xap_mset *m, const char *term, size_t len, unsigned *out);

XAP_API void xap_eset_free(xap_eset *e);
XAP_API unsigned xap_eset_size(const xap_eset *e);
/* The i-th expand term (owned by e, valid until xap_eset_free()) and its
 * weight.  XAP_RANGE if i >= size. */
XAP_API xap_status xap_eset_item(const xap_eset *e, unsigned i, const char **term, size_t *len,
				 double *weight);

/* ------------------------------------------------------------------ */
/* TermGenerator and QueryParser                                        */

/*
 * Xapian's own text handling, as its tools (omindex, scriptindex, quest)
 * use it.  dateline indexes and parses with its own analyser and query
 * parser; these exist to measure ourselves against Xapian as it ships.
 */
typedef struct xap_termgenerator xap_termgenerator;
typedef struct xap_queryparser xap_queryparser;

/* Stemming strategies, as Xapian's STEM_*. */
enum { XAP_STEM_NONE, XAP_STEM_SOME, XAP_STEM_ALL, XAP_STEM_ALL_Z };

/* A term generator stemming in lang (a Snowball name or ISO code; NULL: no
 * stemmer) with a strategy: caller owns; free with xap_termgenerator_free(). */
XAP_API xap_status xap_termgenerator_new(const char *lang, int strategy, xap_termgenerator **out,
					 char **errmsg);
XAP_API void xap_termgenerator_free(xap_termgenerator *tg);
XAP_API const char *xap_termgenerator_errmsg(const xap_termgenerator *tg);
/* Starts indexing into a copy of doc's contents (Xapian documents share
 * their data); fetch the result with xap_termgenerator_get_document(). */
XAP_API xap_status xap_termgenerator_set_document(xap_termgenerator *tg, xap_document *doc);
XAP_API xap_status xap_termgenerator_get_document(xap_termgenerator *tg, xap_document *doc);
/* Indexes text (len bytes) with wdfinc per word and prefix (may be NULL). */
XAP_API xap_status xap_termgenerator_index_text(xap_termgenerator *tg, const char *text, size_t len,
						unsigned wdfinc, const char *prefix);
XAP_API xap_status xap_termgenerator_increase_termpos(xap_termgenerator *tg, unsigned delta);

/* A query parser stemming in lang with a strategy: caller owns; free with
 * xap_queryparser_free(). */
XAP_API xap_status xap_queryparser_new(const char *lang, int strategy, xap_queryparser **out,
				       char **errmsg);
XAP_API void xap_queryparser_free(xap_queryparser *qp);
XAP_API const char *xap_queryparser_errmsg(const xap_queryparser *qp);
/* The database for wildcards and spelling (db must outlive qp's use). */
XAP_API xap_status xap_queryparser_set_database(xap_queryparser *qp, xap_database *db);
/* XAP_OP_OR (Xapian's default) or XAP_OP_AND. */
XAP_API xap_status xap_queryparser_set_default_op(xap_queryparser *qp, xap_op op);
/* Parses text with Xapian's flags (0: FLAG_DEFAULT) into a new *out (caller
 * owns).  A malformed query gives XAP_ERROR (QueryParserError). */
XAP_API xap_status xap_queryparser_parse(xap_queryparser *qp, const char *text, size_t len,
					 unsigned flags, xap_query **out);

/* ------------------------------------------------------------------ */
/* Testing                                                              */

/*
 * Throws a C++ exception of the given kind inside the binding and returns
 * the status it is mapped to, with its message in *errmsg: lets tests prove
 * that every exception class maps to the right status without having to
 * provoke each one.  kind is one of "DatabaseLockError", "DatabaseNotFoundError",
 * ... (the name of each class of xapian/error.h that can be thrown),
 * "DatabaseError+ENOSPC" and "DatabaseError+EFBIG" (a DatabaseError with that
 * errno), "DatabaseError+text" (one whose message says "No space left"),
 * "bad_alloc", "length_error", "runtime_error" or "int".  An unknown kind
 * gives XAP_INVALID_ARGUMENT without throwing.
 */
XAP_API xap_status xap_test_throw(const char *kind, char **errmsg);

#ifdef __cplusplus
}
#endif

#endif
