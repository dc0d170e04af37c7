/*
 * xap.cc - the C binding over Xapian declared in xap.h.
 *
 * This is the only C++ file of dateline.  It owns the handle structs
 * (xap_database, xap_document, xap_query, xap_enquire, xap_mset, xap_eset,
 * xap_valuecount) and the one place where C++ exceptions become
 * xap_status values: map_exception().  No exception leaves this file: every
 * extern "C" function checks its arguments, clears its out-parameters, runs
 * its work inside run(), whose catch (...) hands the exception to
 * map_exception().
 *
 * Memory handed to C (messages, metadata values, descriptions, reports) is
 * malloc'd, so callers free() it; handles are C++ objects allocated with new
 * inside the try, so an allocation failure becomes XAP_NOMEM.
 */
#include "xap.h"

#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <sys/stat.h>
#include <time.h>

struct xap_database {
	/* A Xapian::WritableDatabase when writable is set, else a Database. */
	std::unique_ptr<Xapian::Database> db;
	bool writable = false;
	bool closed = false;
	std::string path; /* a read-only database opened by path, for xap_database_reopen() */
	std::string errmsg;
};

struct xap_document {
	Xapian::Document doc;
	std::string errmsg;
	/* Backs the pointers returned by get_value and get_data. */
	std::string cache;
};

struct xap_query {
	Xapian::Query q;
	/* Every term given to xap_query_new_term() below q, in order, with
	 * its wqf: Xapian does not report a query term's wqf. */
	std::vector<std::pair<std::string, unsigned>> leaves;
};

namespace {
/*
 * Counts the items of a multi-valued slot: the value is split on a
 * separator byte, and each distinct non-empty item counts once per
 * document.  Local databases only: it has no serialisation for remote
 * shards.
 */
class SplitCountSpy : public Xapian::MatchSpy {
	Xapian::valueno slot;
	char sep;

      public:
	Xapian::doccount total = 0;
	std::map<std::string, Xapian::doccount> counts;

	SplitCountSpy(Xapian::valueno s, char separator) : slot(s), sep(separator) {}

	void operator()(const Xapian::Document &doc, double) override
	{
		++total;
		const std::string v = doc.get_value(slot);
		std::vector<std::string> seen;
		size_t from = 0;
		while (from <= v.size()) {
			size_t to = v.find(sep, from);
			if (to == std::string::npos)
				to = v.size();
			if (to > from) {
				std::string item = v.substr(from, to - from);
				if (std::find(seen.begin(), seen.end(), item) == seen.end()) {
					++counts[item];
					seen.push_back(std::move(item));
				}
			}
			from = to + 1;
		}
	}

	std::string name() const override { return "dateline.SplitCountSpy"; }
};
} // namespace

/* One of the two kinds of spy, as xap_enquire_add_valuecount() and
 * xap_enquire_add_valuecount_split() make them. */
struct xap_valuecount {
	std::unique_ptr<Xapian::ValueCountMatchSpy> single;
	std::unique_ptr<SplitCountSpy> split;
	Xapian::MatchSpy &spy()
	{
		if (single)
			return *single;
		return *split;
	}
};

struct xap_enquire {
	/* Declared first so that they are destroyed last, after the
	 * Enquire that points to them. */
	std::vector<std::unique_ptr<xap_valuecount>> spies;
	Xapian::Database db;
	Xapian::Enquire enquire;
	std::string errmsg;
	explicit xap_enquire(const Xapian::Database &d) : db(d), enquire(d) {}
};

struct xap_mset {
	Xapian::MSet mset;
	Xapian::Database db; /* the database searched: to tell a race from damage */
	std::string errmsg;
};

struct xap_eset {
	std::vector<std::pair<std::string, double>> items;
};

/* ------------------------------------------------------------------ */
/* Messages and the exception mapping                                   */

/* Sets dst to a + b; on allocation failure leaves dst empty.  Never throws. */
static void set_msg(std::string &dst, const char *a, const std::string &b = std::string()) noexcept
{
	try {
		dst.assign(a);
		dst.append(b);
	} catch (...) {
		dst.clear();
	}
}

/* A malloc'd copy of s (caller owns; free()); NULL if malloc fails. */
static char *dup_bytes(const char *s, size_t len) noexcept
{
	char *p = static_cast<char *>(malloc(len + 1));
	if (p) {
		if (len)
			memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

/* Hands msg to the caller through errmsg (may be NULL). */
static void give_errmsg(char **errmsg, const std::string &msg) noexcept
{
	if (errmsg)
		*errmsg = dup_bytes(msg.data(), msg.size());
}

/* The description of a Xapian error, with prefix before it; never throws. */
static void set_xapian_msg(std::string &dst, const Xapian::Error &e,
			   const char *prefix = "") noexcept
{
	try {
		std::string d = e.get_description();
		dst.assign(prefix);
		dst.append(d);
	} catch (...) {
		dst.clear();
	}
}

/*
 * Whether a DatabaseError reports a full disk or a file size limit.  The
 * local backends keep the errno, the remote one sends only its text, and
 * some code paths put the text in the message itself.
 */
static bool is_nospace(const Xapian::DatabaseError &e)
{
	const char *es = e.get_error_string();
	if (es && (strcmp(es, strerror(ENOSPC)) == 0 || strcmp(es, strerror(EFBIG)) == 0))
		return true;
	return e.get_msg().find("No space left") != std::string::npos;
}

/*
 * Maps the exception being handled to a status and stores its text in msg.
 * Call it only from inside a catch block: it rethrows the current
 * exception to look at its class, most specific classes first (several
 * derive from DatabaseOpeningError or DatabaseError).
 */
static xap_status map_exception(std::string &msg) noexcept
{
	try {
		throw;
	} catch (const Xapian::DatabaseLockError &e) {
		set_xapian_msg(msg, e);
		return XAP_LOCKED;
	} catch (const Xapian::DatabaseNotFoundError &e) {
		set_xapian_msg(msg, e);
		return XAP_NOT_FOUND;
	} catch (const Xapian::DocNotFoundError &e) {
		set_xapian_msg(msg, e);
		return XAP_NOT_FOUND;
	} catch (const Xapian::DatabaseCorruptError &e) {
		set_xapian_msg(msg, e);
		return XAP_CORRUPT;
	} catch (const Xapian::DatabaseModifiedError &e) {
		set_xapian_msg(msg, e);
		return XAP_MODIFIED;
	} catch (const Xapian::DatabaseVersionError &e) {
		set_xapian_msg(msg, e);
		return XAP_VERSION;
	} catch (const Xapian::DatabaseOpeningError &e) {
		set_xapian_msg(msg, e);
		return XAP_OPENING;
	} catch (const Xapian::DatabaseCreateError &e) {
		set_xapian_msg(msg, e);
		return XAP_EXISTS;
	} catch (const Xapian::DatabaseClosedError &e) {
		set_xapian_msg(msg, e);
		return XAP_CLOSED;
	} catch (const Xapian::DatabaseError &e) {
		bool nospace = false;
		try {
			nospace = is_nospace(e);
		} catch (...) {
			/* Out of memory while building the error string:
			 * report the error as plain I/O. */
		}
		set_xapian_msg(msg, e);
		return nospace ? XAP_NOSPACE : XAP_IO;
	} catch (const Xapian::NetworkError &e) {
		/* NetworkTimeoutError derives from NetworkError. */
		set_xapian_msg(msg, e);
		return XAP_NETWORK;
	} catch (const Xapian::RangeError &e) {
		set_xapian_msg(msg, e);
		return XAP_RANGE;
	} catch (const Xapian::InvalidArgumentError &e) {
		set_xapian_msg(msg, e);
		return XAP_INVALID_ARGUMENT;
	} catch (const Xapian::InvalidOperationError &e) {
		set_xapian_msg(msg, e);
		return XAP_INVALID_OPERATION;
	} catch (const Xapian::UnimplementedError &e) {
		set_xapian_msg(msg, e);
		return XAP_UNIMPLEMENTED;
	} catch (const Xapian::FeatureUnavailableError &e) {
		set_xapian_msg(msg, e);
		return XAP_UNIMPLEMENTED;
	} catch (const Xapian::WildcardError &e) {
		set_xapian_msg(msg, e,
			       "the wildcard expands to too many terms (use a longer prefix or "
			       "a larger max_expansion): ");
		return XAP_RANGE;
	} catch (const Xapian::Error &e) {
		set_xapian_msg(msg, e);
		return XAP_ERROR;
	} catch (const std::bad_alloc &e) {
		set_msg(msg, "out of memory: ", e.what());
		return XAP_NOMEM;
	} catch (const std::length_error &e) {
		set_msg(msg, "out of memory (length_error): ", e.what());
		return XAP_NOMEM;
	} catch (const std::exception &e) {
		set_msg(msg, "unexpected C++ exception: ", e.what());
		return XAP_INTERNAL;
	} catch (...) {
		set_msg(msg, "unexpected C++ exception of unknown type");
		return XAP_INTERNAL;
	}
}

/* Runs f, mapping any exception into a status with its text in msg. */
template <typename F> static xap_status run(std::string &msg, F &&f) noexcept
{
	try {
		return f();
	} catch (...) {
		return map_exception(msg);
	}
}

/*
 * A reader that meets blocks a writer has just reused can get
 * DatabaseCorruptError ("Expected block ... to be level ...", "Db block
 * overwritten") instead of DatabaseModifiedError: Xapian notices the block
 * is not what it expected, not why.  If the database has moved on to a new
 * revision since, it was such a race, not damage: report XAP_MODIFIED, and
 * the handle is already at the new revision for the retry.  A database
 * that is damaged stays at its revision and stays XAP_CORRUPT.
 */
static xap_status race_status(Xapian::Database &db, xap_status st, std::string &msg) noexcept
{
	if (st != XAP_CORRUPT)
		return st;
	try {
		if (db.reopen()) {
			msg.insert(0, "the database changed while it was read (reopened; try again): ");
			return XAP_MODIFIED;
		}
	} catch (...) {
		/* Reopening failed too: report the first error. */
	}
	return st;
}

/* Records a missing argument on a handle's message. */
static xap_status bad_arg(std::string &msg, const char *fn, const char *what) noexcept
{
	try {
		msg.assign(fn);
		msg.append(": ");
		msg.append(what);
	} catch (...) {
		msg.clear();
	}
	return XAP_INVALID_ARGUMENT;
}

/* The same for functions that return their message through errmsg. */
static xap_status bad_arg(char **errmsg, const char *fn, const char *what) noexcept
{
	std::string msg;
	bad_arg(msg, fn, what);
	give_errmsg(errmsg, msg);
	return XAP_INVALID_ARGUMENT;
}

/*
 * Moves a read-only handle to the latest revision; returns whether it
 * moved.  A database opened by path is opened afresh rather than reopened
 * in place, so that nothing of the old revision's cursors survives.
 * Throws like Xapian.
 */
static bool refresh(xap_database *db)
{
	if (db->path.empty())
		return db->db->reopen();
	std::unique_ptr<Xapian::Database> d(new Xapian::Database(db->path));
	bool moved = d->get_revision() != db->db->get_revision();
	db->db = std::move(d);
	return moved;
}

/*
 * Runs f on an open database: XAP_CLOSED once xap_database_close() has
 * run (Xapian itself answers some calls from cached statistics after
 * close()), XAP_INVALID_OPERATION for a write through a read-only handle.
 */
template <typename F>
static xap_status db_run(xap_database *db, const char *fn, bool write, F &&f) noexcept
{
	db->errmsg.clear();
	if (db->closed) {
		set_msg(db->errmsg, fn, ": the database has been closed");
		return XAP_CLOSED;
	}
	if (write && !db->writable) {
		set_msg(db->errmsg, fn, ": the database is open read-only");
		return XAP_INVALID_OPERATION;
	}
	xap_status st = run(db->errmsg, f);
	if (!db->writable && (st == XAP_MODIFIED || st == XAP_CORRUPT)) {
		/* The handle met a revision a writer discarded: move it to
		 * the latest one now, whatever the caller does next.  A
		 * reader left where the error struck can give wrong answers
		 * without an error (seen: a count of 0 while a writer
		 * commits), even through calls whose status nobody checks. */
		bool moved = false;
		try {
			moved = refresh(db);
		} catch (...) {
			/* Still unreadable: the status says so. */
		}
		if (st == XAP_CORRUPT && moved) {
			db->errmsg.insert(0, "the database changed while it was read (reopened; try again): ");
			st = XAP_MODIFIED;
		}
	}
	return st;
}

static Xapian::WritableDatabase &wdb(xap_database *db)
{
	return static_cast<Xapian::WritableDatabase &>(*db->db);
}

/* Checks a term for a Document: Xapian would only reject an over-long term
 * when the document is written, far from the code that made it. */
static xap_status check_term(std::string &msg, const char *fn, const char *term,
			     size_t len) noexcept
{
	if (!term)
		return bad_arg(msg, fn, "term is NULL");
	if (len == 0)
		return bad_arg(msg, fn, "empty term");
	if (len > XAP_MAX_TERM) {
		try {
			msg = std::string(fn) + ": term too long (" + std::to_string(len) +
			      " bytes, the limit is " + std::to_string(XAP_MAX_TERM) + ")";
		} catch (...) {
			msg.clear();
		}
		return XAP_INVALID_ARGUMENT;
	}
	return XAP_OK;
}

/*
 * The value of an enum parameter that comes from C, as an int.  C allows
 * any int in an enum, but in C++ reading an enum object whose value is
 * outside the enumeration's range is undefined (UBSan's -fsanitize=enum
 * traps it), so the bytes are read as an int instead.
 */
template <typename E> static int enum_value(const E &e) noexcept
{
	static_assert(sizeof(E) == sizeof(int), "C enums are int-sized");
	int v;
	memcpy(&v, &e, sizeof v);
	return v;
}

/* ------------------------------------------------------------------ */
/* Status and version                                                   */

extern "C" const char *xap_status_string(xap_status status)
{
	switch (enum_value(status)) {
	case XAP_OK:
		return "ok";
	case XAP_NOT_FOUND:
		return "not found";
	case XAP_LOCKED:
		return "locked by another writer";
	case XAP_CORRUPT:
		return "database corrupt";
	case XAP_MODIFIED:
		return "database modified (reopen and retry)";
	case XAP_NOMEM:
		return "out of memory";
	case XAP_INVALID_ARGUMENT:
		return "invalid argument";
	case XAP_INVALID_OPERATION:
		return "invalid operation";
	case XAP_EXISTS:
		return "already exists";
	case XAP_OPENING:
		return "not a xapian database";
	case XAP_VERSION:
		return "unsupported database format version";
	case XAP_CLOSED:
		return "database closed";
	case XAP_RANGE:
		return "out of range";
	case XAP_NETWORK:
		return "network error";
	case XAP_NOSPACE:
		return "no space left (disk full or file size limit)";
	case XAP_IO:
		return "database i/o error";
	case XAP_UNIMPLEMENTED:
		return "not supported by this backend";
	case XAP_ERROR:
		return "xapian error";
	case XAP_INTERNAL:
		return "internal error";
	}
	return "unknown status";
}

extern "C" const char *xap_version(void)
{
	return Xapian::version_string();
}

/* ------------------------------------------------------------------ */
/* Opening and closing databases                                        */

static bool is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * Xapian reports an existing directory that holds no database as "not
 * found", like a missing path.  The two call for different advice (create
 * it, or point at the right place), so an existing directory gives
 * XAP_OPENING.
 */
static xap_status opening_status(xap_status st, const char *path, std::string &msg) noexcept
{
	if (st == XAP_NOT_FOUND && is_directory(path)) {
		try {
			msg = std::string("'") + path +
			      "' is a directory but not a Xapian database (" + msg + ")";
		} catch (...) {
			msg.clear();
		}
		return XAP_OPENING;
	}
	return st;
}

/* Wraps a new Xapian database in a handle. */
static xap_database *new_handle(std::unique_ptr<Xapian::Database> d, bool writable)
{
	std::unique_ptr<xap_database> h(new xap_database);
	h->db = std::move(d);
	h->writable = writable;
	return h.release();
}

extern "C" xap_status xap_database_open(const char *path, xap_database **out, char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	if (out)
		*out = NULL;
	if (!path || !out)
		return bad_arg(errmsg, __func__, "path or out is NULL");
	std::string msg;
	xap_status st;
	/* Opening reads the root blocks of the latest revision; a writer
	 * committing twice meanwhile can discard them (DatabaseModifiedError)
	 * or reuse them, which looks like damage (see race_status()).  Damage
	 * stays; a race does not: try again. */
	for (int attempt = 0;; attempt++) {
		msg.clear();
		st = run(msg, [&] {
			std::unique_ptr<Xapian::Database> d(new Xapian::Database(path));
			std::unique_ptr<xap_database> h(new_handle(std::move(d), false));
			h->path = path;
			*out = h.release();
			return XAP_OK;
		});
		if ((st != XAP_CORRUPT && st != XAP_MODIFIED) || attempt == 9)
			break;
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		nanosleep(&ts, nullptr);
	}
	if (st != XAP_OK) {
		st = opening_status(st, path, msg);
		give_errmsg(errmsg, msg);
	}
	return st;
}

extern "C" xap_status xap_database_open_writable(const char *path, int flags, xap_database **out,
						 char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	if (out)
		*out = NULL;
	if (!path || !out)
		return bad_arg(errmsg, __func__, "path or out is NULL");
	const int known = 0x03 | XAP_DB_NO_SYNC | XAP_DB_FULL_SYNC | XAP_DB_DANGEROUS |
			  XAP_DB_NO_TERMLIST | XAP_DB_RETRY_LOCK;
	if (flags & ~known)
		return bad_arg(errmsg, __func__, "unknown flags");

	int xflags = 0;
	switch (flags & 0x03) {
	case XAP_DB_CREATE_OR_OPEN:
		xflags = Xapian::DB_CREATE_OR_OPEN;
		break;
	case XAP_DB_CREATE_OR_OVERWRITE:
		xflags = Xapian::DB_CREATE_OR_OVERWRITE;
		break;
	case XAP_DB_CREATE:
		xflags = Xapian::DB_CREATE;
		break;
	case XAP_DB_OPEN:
		xflags = Xapian::DB_OPEN;
		break;
	}
	if (flags & XAP_DB_NO_SYNC)
		xflags |= Xapian::DB_NO_SYNC;
	if (flags & XAP_DB_FULL_SYNC)
		xflags |= Xapian::DB_FULL_SYNC;
	if (flags & XAP_DB_DANGEROUS)
		xflags |= Xapian::DB_DANGEROUS;
	if (flags & XAP_DB_NO_TERMLIST)
		xflags |= Xapian::DB_NO_TERMLIST;
	if (flags & XAP_DB_RETRY_LOCK)
		xflags |= Xapian::DB_RETRY_LOCK;

	std::string msg;
	xap_status st = run(msg, [&] {
		std::unique_ptr<Xapian::Database> d(new Xapian::WritableDatabase(path, xflags));
		*out = new_handle(std::move(d), true);
		return XAP_OK;
	});
	if (st != XAP_OK) {
		st = opening_status(st, path, msg);
		give_errmsg(errmsg, msg);
	}
	return st;
}

extern "C" xap_status xap_database_open_remote(const char *host, unsigned port, unsigned timeout_ms,
					       xap_database **out, char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	if (out)
		*out = NULL;
	if (!host || !out)
		return bad_arg(errmsg, __func__, "host or out is NULL");
	if (port == 0 || port > 65535)
		return bad_arg(errmsg, __func__, "port out of range (1-65535)");
	std::string msg;
	xap_status st = run(msg, [&] {
		std::unique_ptr<Xapian::Database> d;
		if (timeout_ms == 0)
			d.reset(new Xapian::Database(Xapian::Remote::open(host, port)));
		else
			d.reset(new Xapian::Database(
				Xapian::Remote::open(host, port, timeout_ms, timeout_ms)));
		*out = new_handle(std::move(d), false);
		return XAP_OK;
	});
	if (st != XAP_OK)
		give_errmsg(errmsg, msg);
	return st;
}

extern "C" xap_status xap_database_new_empty(xap_database **out, char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	if (out)
		*out = NULL;
	if (!out)
		return bad_arg(errmsg, __func__, "out is NULL");
	std::string msg;
	xap_status st = run(msg, [&] {
		std::unique_ptr<Xapian::Database> d(new Xapian::Database());
		*out = new_handle(std::move(d), false);
		return XAP_OK;
	});
	if (st != XAP_OK)
		give_errmsg(errmsg, msg);
	return st;
}

extern "C" xap_status xap_database_add(xap_database *db, const xap_database *other)
{
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!other)
		return bad_arg(db->errmsg, __func__, "other is NULL");
	return db_run(db, __func__, false, [&] {
		if (other->closed) {
			set_msg(db->errmsg, __func__, ": the database to add has been closed");
			return XAP_CLOSED;
		}
		if (db->writable || other->writable) {
			set_msg(db->errmsg, __func__, ": both databases must be read-only handles");
			return XAP_INVALID_OPERATION;
		}
		db->db->add_database(*other->db);
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_close(xap_database *db)
{
	if (!db)
		return XAP_INVALID_ARGUMENT;
	return db_run(db, __func__, false, [&] {
		/* Xapian commits, or cancels an open transaction.  If that
		 * throws, the handle stays open so that the caller can
		 * retry or destroy it. */
		db->db->close();
		db->closed = true;
		return XAP_OK;
	});
}

extern "C" void xap_database_destroy(xap_database *db)
{
	/*
	 * No explicit close(): the shards of a read-only handle may have been
	 * added to another handle, and close() would close them there too.
	 * The WritableDatabase destructor commits (or cancels an open
	 * transaction) and swallows any error.
	 */
	delete db;
}

extern "C" const char *xap_database_errmsg(const xap_database *db)
{
	return db ? db->errmsg.c_str() : "";
}

extern "C" xap_status xap_database_reopen(xap_database *db, int *changed)
{
	if (changed)
		*changed = 0;
	if (!db)
		return XAP_INVALID_ARGUMENT;
	return db_run(db, __func__, false, [&] {
		bool moved = refresh(db);
		if (changed)
			*changed = moved ? 1 : 0;
		return XAP_OK;
	});
}

/* ------------------------------------------------------------------ */
/* Statistics and lookups                                               */

extern "C" xap_status xap_database_doccount(xap_database *db, unsigned *out)
{
	if (out)
		*out = 0;
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!out)
		return bad_arg(db->errmsg, __func__, "out is NULL");
	return db_run(db, __func__, false, [&] {
		*out = db->db->get_doccount();
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_lastdocid(xap_database *db, xap_docid *out)
{
	if (out)
		*out = 0;
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!out)
		return bad_arg(db->errmsg, __func__, "out is NULL");
	return db_run(db, __func__, false, [&] {
		*out = db->db->get_lastdocid();
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_avlength(xap_database *db, double *out)
{
	if (out)
		*out = 0;
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!out)
		return bad_arg(db->errmsg, __func__, "out is NULL");
	return db_run(db, __func__, false, [&] {
		*out = db->db->get_avlength();
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_revision(xap_database *db, unsigned long *out)
{
	if (out)
		*out = 0;
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!out)
		return bad_arg(db->errmsg, __func__, "out is NULL");
	return db_run(db, __func__, false, [&] {
		*out = db->db->get_revision();
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_termfreq(xap_database *db, const char *term, size_t len,
					    unsigned *out)
{
	if (out)
		*out = 0;
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!term || !out)
		return bad_arg(db->errmsg, __func__, "term or out is NULL");
	return db_run(db, __func__, false, [&] {
		*out = db->db->get_termfreq(std::string(term, len));
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_doclength(xap_database *db, xap_docid did, unsigned *out)
{
	if (out)
		*out = 0;
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!out)
		return bad_arg(db->errmsg, __func__, "out is NULL");
	return db_run(db, __func__, false, [&] {
		*out = db->db->get_doclength(did);
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_collection_freq(xap_database *db, const char *term, size_t len,
						   unsigned long *out)
{
	if (out)
		*out = 0;
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!term || !out)
		return bad_arg(db->errmsg, __func__, "term or out is NULL");
	return db_run(db, __func__, false, [&] {
		*out = db->db->get_collection_freq(std::string(term, len));
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_find_term(xap_database *db, const char *term, size_t len,
					     xap_docid *out)
{
	if (out)
		*out = 0;
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!term || !out)
		return bad_arg(db->errmsg, __func__, "term or out is NULL");
	return db_run(db, __func__, false, [&] {
		std::string t(term, len);
		Xapian::PostingIterator it = db->db->postlist_begin(t);
		if (it == db->db->postlist_end(t)) {
			set_msg(db->errmsg, "no document is indexed by term ", t);
			return XAP_NOT_FOUND;
		}
		*out = *it;
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_allterms(xap_database *db, const char *prefix, size_t plen,
					    xap_term_fn fn, void *ctx)
{
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!fn || (!prefix && plen))
		return bad_arg(db->errmsg, __func__, "fn is NULL, or prefix is NULL with plen > 0");
	return db_run(db, __func__, false, [&] {
		std::string p = prefix ? std::string(prefix, plen) : std::string();
		for (Xapian::TermIterator it = db->db->allterms_begin(p);
		     it != db->db->allterms_end(p); ++it) {
			const std::string &t = *it;
			if (fn(ctx, t.data(), t.size(), it.get_termfreq()))
				break;
		}
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_postlist(xap_database *db, const char *term, size_t len,
					    xap_posting_fn fn, void *ctx)
{
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!term || !fn)
		return bad_arg(db->errmsg, __func__, "term or fn is NULL");
	return db_run(db, __func__, false, [&] {
		std::string t(term, len);
		for (Xapian::PostingIterator it = db->db->postlist_begin(t);
		     it != db->db->postlist_end(t); ++it) {
			if (fn(ctx, *it, it.get_wdf()))
				break;
		}
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_get_metadata(xap_database *db, const char *key, char **val,
						size_t *len)
{
	if (val)
		*val = NULL;
	if (len)
		*len = 0;
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!key || !val || !len)
		return bad_arg(db->errmsg, __func__, "key, val or len is NULL");
	return db_run(db, __func__, false, [&] {
		std::string v = db->db->get_metadata(key);
		char *p = dup_bytes(v.data(), v.size());
		if (!p)
			throw std::bad_alloc();
		*val = p;
		*len = v.size();
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_set_metadata(xap_database *db, const char *key, const char *val,
						size_t len)
{
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!key || (!val && len))
		return bad_arg(db->errmsg, __func__, "key is NULL, or val is NULL with len > 0");
	return db_run(db, __func__, true, [&] {
		wdb(db).set_metadata(key, val ? std::string(val, len) : std::string());
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_metadata_keys(xap_database *db, const char *prefix,
						 size_t plen, xap_term_fn fn, void *ctx)
{
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!fn || (!prefix && plen))
		return bad_arg(db->errmsg, __func__, "fn is NULL, or prefix is NULL with plen > 0");
	return db_run(db, __func__, false, [&] {
		std::string p = prefix ? std::string(prefix, plen) : std::string();
		for (Xapian::TermIterator it = db->db->metadata_keys_begin(p);
		     it != db->db->metadata_keys_end(p); ++it) {
			const std::string &k = *it;
			if (fn(ctx, k.data(), k.size(), 0))
				break;
		}
		return XAP_OK;
	});
}

static xap_status get_document(xap_database *db, const char *fn, xap_docid did, unsigned flags,
				xap_document **out)
{
	if (out)
		*out = NULL;
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!out)
		return bad_arg(db->errmsg, fn, "out is NULL");
	return db_run(db, fn, false, [&] {
		std::unique_ptr<xap_document> d(new xap_document);
		d->doc = db->db->get_document(did, flags);
		*out = d.release();
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_get_document(xap_database *db, xap_docid did,
						xap_document **out)
{
	return get_document(db, __func__, did, 0, out);
}

extern "C" xap_status xap_database_get_found_document(xap_database *db, xap_docid did,
						      xap_document **out)
{
	return get_document(db, __func__, did, Xapian::DOC_ASSUME_VALID, out);
}

/* ------------------------------------------------------------------ */
/* Writing                                                              */

extern "C" xap_status xap_database_begin_transaction(xap_database *db, int flushed)
{
	if (!db)
		return XAP_INVALID_ARGUMENT;
	return db_run(db, __func__, true, [&] {
		wdb(db).begin_transaction(flushed != 0);
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_commit_transaction(xap_database *db)
{
	if (!db)
		return XAP_INVALID_ARGUMENT;
	return db_run(db, __func__, true, [&] {
		wdb(db).commit_transaction();
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_cancel_transaction(xap_database *db)
{
	if (!db)
		return XAP_INVALID_ARGUMENT;
	return db_run(db, __func__, true, [&] {
		wdb(db).cancel_transaction();
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_commit(xap_database *db)
{
	if (!db)
		return XAP_INVALID_ARGUMENT;
	return db_run(db, __func__, true, [&] {
		wdb(db).commit();
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_add_document(xap_database *db, const xap_document *doc,
						xap_docid *did)
{
	if (did)
		*did = 0;
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!doc)
		return bad_arg(db->errmsg, __func__, "doc is NULL");
	return db_run(db, __func__, true, [&] {
		Xapian::docid id = wdb(db).add_document(doc->doc);
		if (did)
			*did = id;
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_replace_document_by_term(xap_database *db, const char *term,
							    size_t len, const xap_document *doc,
							    xap_docid *did)
{
	if (did)
		*did = 0;
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!term || !doc)
		return bad_arg(db->errmsg, __func__, "term or doc is NULL");
	if (len == 0)
		return bad_arg(db->errmsg, __func__, "empty unique term");
	return db_run(db, __func__, true, [&] {
		Xapian::docid id = wdb(db).replace_document(std::string(term, len), doc->doc);
		if (did)
			*did = id;
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_replace_document(xap_database *db, xap_docid did,
						    const xap_document *doc)
{
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!doc)
		return bad_arg(db->errmsg, __func__, "doc is NULL");
	return db_run(db, __func__, true, [&] {
		wdb(db).replace_document(did, doc->doc);
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_delete_document(xap_database *db, xap_docid did)
{
	if (!db)
		return XAP_INVALID_ARGUMENT;
	return db_run(db, __func__, true, [&] {
		wdb(db).delete_document(did);
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_delete_document_by_term(xap_database *db, const char *term,
							   size_t len)
{
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!term)
		return bad_arg(db->errmsg, __func__, "term is NULL");
	if (len == 0)
		return bad_arg(db->errmsg, __func__, "empty term");
	return db_run(db, __func__, true, [&] {
		wdb(db).delete_document(std::string(term, len));
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_add_spelling(xap_database *db, const char *word, size_t len,
						unsigned freqinc)
{
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!word)
		return bad_arg(db->errmsg, __func__, "word is NULL");
	return db_run(db, __func__, true, [&] {
		wdb(db).add_spelling(std::string(word, len), freqinc);
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_spelling_suggestion(xap_database *db, const char *word,
						       size_t len, unsigned max_edit, char **out)
{
	if (out)
		*out = NULL;
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!word || !out)
		return bad_arg(db->errmsg, __func__, "word or out is NULL");
	return db_run(db, __func__, false, [&] {
		std::string s = db->db->get_spelling_suggestion(std::string(word, len), max_edit);
		if (!s.empty()) {
			char *p = dup_bytes(s.data(), s.size());
			if (!p)
				throw std::bad_alloc();
			*out = p;
		}
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_compact(xap_database *db, const char *outpath, int multipass)
{
	if (!db)
		return XAP_INVALID_ARGUMENT;
	if (!outpath)
		return bad_arg(db->errmsg, __func__, "outpath is NULL");
	return db_run(db, __func__, false, [&] {
		/* A glass directory, not a single file: flags are 0 or
		 * DBCOMPACT_MULTIPASS. */
		unsigned flags = multipass ? Xapian::DBCOMPACT_MULTIPASS : 0;
		db->db->compact(outpath, flags);
		return XAP_OK;
	});
}

extern "C" xap_status xap_database_check(const char *path, size_t *errors, char **report,
					 char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	if (errors)
		*errors = 0;
	if (report)
		*report = NULL;
	if (!path || !errors)
		return bad_arg(errmsg, __func__, "path or errors is NULL");
	std::string msg;
	xap_status st = run(msg, [&] {
		std::ostringstream os;
		size_t n = Xapian::Database::check(path, 0, &os);
		if (report) {
			std::string r = os.str();
			char *p = dup_bytes(r.data(), r.size());
			if (!p)
				throw std::bad_alloc();
			*report = p;
		}
		*errors = n;
		return XAP_OK;
	});
	if (st != XAP_OK)
		give_errmsg(errmsg, msg);
	return st;
}

/* ------------------------------------------------------------------ */
/* Documents                                                            */

extern "C" xap_status xap_document_new(xap_document **out)
{
	if (!out)
		return XAP_INVALID_ARGUMENT;
	*out = NULL;
	std::string msg;
	return run(msg, [&] {
		*out = new xap_document;
		return XAP_OK;
	});
}

extern "C" void xap_document_free(xap_document *doc)
{
	delete doc;
}

extern "C" const char *xap_document_errmsg(const xap_document *doc)
{
	return doc ? doc->errmsg.c_str() : "";
}

extern "C" xap_docid xap_document_docid(const xap_document *doc)
{
	if (!doc)
		return 0;
	try {
		return doc->doc.get_docid();
	} catch (...) {
		return 0;
	}
}

extern "C" xap_status xap_document_add_term(xap_document *doc, const char *term, size_t len,
					    unsigned wdfinc)
{
	if (!doc)
		return XAP_INVALID_ARGUMENT;
	doc->errmsg.clear();
	xap_status st = check_term(doc->errmsg, __func__, term, len);
	if (st != XAP_OK)
		return st;
	return run(doc->errmsg, [&] {
		doc->doc.add_term(std::string(term, len), wdfinc);
		return XAP_OK;
	});
}

extern "C" xap_status xap_document_add_posting(xap_document *doc, const char *term, size_t len,
					       unsigned pos, unsigned wdfinc)
{
	if (!doc)
		return XAP_INVALID_ARGUMENT;
	doc->errmsg.clear();
	xap_status st = check_term(doc->errmsg, __func__, term, len);
	if (st != XAP_OK)
		return st;
	return run(doc->errmsg, [&] {
		doc->doc.add_posting(std::string(term, len), pos, wdfinc);
		return XAP_OK;
	});
}

extern "C" xap_status xap_document_add_boolean_term(xap_document *doc, const char *term, size_t len)
{
	if (!doc)
		return XAP_INVALID_ARGUMENT;
	doc->errmsg.clear();
	xap_status st = check_term(doc->errmsg, __func__, term, len);
	if (st != XAP_OK)
		return st;
	return run(doc->errmsg, [&] {
		doc->doc.add_boolean_term(std::string(term, len));
		return XAP_OK;
	});
}

/* Whether doc has term t, leaving it at *it if so. */
static bool find_doc_term(const Xapian::Document &doc, const std::string &t,
			  Xapian::TermIterator &it)
{
	it = doc.termlist_begin();
	it.skip_to(t);
	return it != doc.termlist_end() && *it == t;
}

extern "C" xap_status xap_document_remove_term(xap_document *doc, const char *term, size_t len)
{
	if (!doc)
		return XAP_INVALID_ARGUMENT;
	doc->errmsg.clear();
	if (!term)
		return bad_arg(doc->errmsg, __func__, "term is NULL");
	return run(doc->errmsg, [&] {
		std::string t(term, len);
		Xapian::TermIterator it;
		if (!find_doc_term(doc->doc, t, it)) {
			set_msg(doc->errmsg, "the document has no term ", t);
			return XAP_NOT_FOUND;
		}
		doc->doc.remove_term(t);
		return XAP_OK;
	});
}

extern "C" xap_status xap_document_clear_terms(xap_document *doc)
{
	if (!doc)
		return XAP_INVALID_ARGUMENT;
	doc->errmsg.clear();
	return run(doc->errmsg, [&] {
		doc->doc.clear_terms();
		return XAP_OK;
	});
}

extern "C" xap_status xap_document_set_value(xap_document *doc, unsigned slot, const char *val,
					     size_t len)
{
	if (!doc)
		return XAP_INVALID_ARGUMENT;
	doc->errmsg.clear();
	if (!val && len)
		return bad_arg(doc->errmsg, __func__, "val is NULL with len > 0");
	return run(doc->errmsg, [&] {
		doc->doc.add_value(slot, val ? std::string(val, len) : std::string());
		return XAP_OK;
	});
}

extern "C" xap_status xap_document_get_value(xap_document *doc, unsigned slot, const char **val,
					     size_t *len)
{
	if (val)
		*val = NULL;
	if (len)
		*len = 0;
	if (!doc)
		return XAP_INVALID_ARGUMENT;
	doc->errmsg.clear();
	if (!val || !len)
		return bad_arg(doc->errmsg, __func__, "val or len is NULL");
	return run(doc->errmsg, [&] {
		doc->cache = doc->doc.get_value(slot);
		*val = doc->cache.c_str();
		*len = doc->cache.size();
		return XAP_OK;
	});
}

extern "C" xap_status xap_document_set_data(xap_document *doc, const char *data, size_t len)
{
	if (!doc)
		return XAP_INVALID_ARGUMENT;
	doc->errmsg.clear();
	if (!data && len)
		return bad_arg(doc->errmsg, __func__, "data is NULL with len > 0");
	return run(doc->errmsg, [&] {
		doc->doc.set_data(data ? std::string(data, len) : std::string());
		return XAP_OK;
	});
}

extern "C" xap_status xap_document_get_data(xap_document *doc, const char **data, size_t *len)
{
	if (data)
		*data = NULL;
	if (len)
		*len = 0;
	if (!doc)
		return XAP_INVALID_ARGUMENT;
	doc->errmsg.clear();
	if (!data || !len)
		return bad_arg(doc->errmsg, __func__, "data or len is NULL");
	return run(doc->errmsg, [&] {
		doc->cache = doc->doc.get_data();
		*data = doc->cache.c_str();
		*len = doc->cache.size();
		return XAP_OK;
	});
}

extern "C" xap_status xap_document_termcount(xap_document *doc, unsigned *out)
{
	if (out)
		*out = 0;
	if (!doc)
		return XAP_INVALID_ARGUMENT;
	doc->errmsg.clear();
	if (!out)
		return bad_arg(doc->errmsg, __func__, "out is NULL");
	return run(doc->errmsg, [&] {
		*out = doc->doc.termlist_count();
		return XAP_OK;
	});
}

extern "C" xap_status xap_document_termlist(xap_document *doc, xap_term_fn fn, void *ctx)
{
	if (!doc)
		return XAP_INVALID_ARGUMENT;
	doc->errmsg.clear();
	if (!fn)
		return bad_arg(doc->errmsg, __func__, "fn is NULL");
	return run(doc->errmsg, [&] {
		for (Xapian::TermIterator it = doc->doc.termlist_begin();
		     it != doc->doc.termlist_end(); ++it) {
			const std::string &t = *it;
			if (fn(ctx, t.data(), t.size(), it.get_wdf()))
				break;
		}
		return XAP_OK;
	});
}

extern "C" xap_status xap_document_wdf(xap_document *doc, const char *term, size_t len,
				       unsigned *out)
{
	if (out)
		*out = 0;
	if (!doc)
		return XAP_INVALID_ARGUMENT;
	doc->errmsg.clear();
	if (!term || !out)
		return bad_arg(doc->errmsg, __func__, "term or out is NULL");
	return run(doc->errmsg, [&] {
		std::string t(term, len);
		Xapian::TermIterator it;
		if (!find_doc_term(doc->doc, t, it)) {
			set_msg(doc->errmsg, "the document has no term ", t);
			return XAP_NOT_FOUND;
		}
		*out = it.get_wdf();
		return XAP_OK;
	});
}

extern "C" xap_status xap_document_positions(xap_document *doc, const char *term, size_t len,
					     xap_position_fn fn, void *ctx)
{
	if (!doc)
		return XAP_INVALID_ARGUMENT;
	doc->errmsg.clear();
	if (!term || !fn)
		return bad_arg(doc->errmsg, __func__, "term or fn is NULL");
	return run(doc->errmsg, [&] {
		std::string t(term, len);
		Xapian::TermIterator it;
		if (!find_doc_term(doc->doc, t, it)) {
			set_msg(doc->errmsg, "the document has no term ", t);
			return XAP_NOT_FOUND;
		}
		for (Xapian::PositionIterator p = it.positionlist_begin();
		     p != it.positionlist_end(); ++p) {
			if (fn(ctx, *p))
				break;
		}
		return XAP_OK;
	});
}

/* ------------------------------------------------------------------ */
/* Queries                                                              */

/* Runs f for a query constructor, giving its message through errmsg. */
template <typename F> static xap_status query_run(char **errmsg, F &&f) noexcept
{
	std::string msg;
	xap_status st = run(msg, f);
	if (st != XAP_OK)
		give_errmsg(errmsg, msg);
	return st;
}

static bool map_op(int op, Xapian::Query::op *out)
{
	switch (op) {
	case XAP_OP_AND:
		*out = Xapian::Query::OP_AND;
		return true;
	case XAP_OP_OR:
		*out = Xapian::Query::OP_OR;
		return true;
	case XAP_OP_AND_NOT:
		*out = Xapian::Query::OP_AND_NOT;
		return true;
	case XAP_OP_XOR:
		*out = Xapian::Query::OP_XOR;
		return true;
	case XAP_OP_AND_MAYBE:
		*out = Xapian::Query::OP_AND_MAYBE;
		return true;
	case XAP_OP_FILTER:
		*out = Xapian::Query::OP_FILTER;
		return true;
	case XAP_OP_NEAR:
		*out = Xapian::Query::OP_NEAR;
		return true;
	case XAP_OP_PHRASE:
		*out = Xapian::Query::OP_PHRASE;
		return true;
	case XAP_OP_ELITE_SET:
		*out = Xapian::Query::OP_ELITE_SET;
		return true;
	case XAP_OP_SYNONYM:
		*out = Xapian::Query::OP_SYNONYM;
		return true;
	case XAP_OP_MAX:
		*out = Xapian::Query::OP_MAX;
		return true;
	}
	return false;
}

extern "C" xap_status xap_query_new_term(const char *term, size_t len, unsigned wqf, unsigned pos,
					 xap_query **out, char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	if (out)
		*out = NULL;
	if (!term || !out)
		return bad_arg(errmsg, __func__, "term or out is NULL");
	/* Xapian reads the empty term as "match everything". */
	if (len == 0)
		return bad_arg(errmsg, __func__, "empty term (use xap_query_new_match_all)");
	return query_run(errmsg, [&] {
		std::unique_ptr<xap_query> q(new xap_query);
		std::string t(term, len);
		q->q = Xapian::Query(t, wqf, pos);
		q->leaves.emplace_back(std::move(t), wqf);
		*out = q.release();
		return XAP_OK;
	});
}

extern "C" xap_status xap_query_new_combine(xap_op opcode, xap_query *const *subs, size_t n,
					    unsigned window, xap_query **out, char **errmsg)
{
	int op = enum_value(opcode);
	if (errmsg)
		*errmsg = NULL;
	if (out)
		*out = NULL;
	if (!out || (!subs && n))
		return bad_arg(errmsg, __func__, "out is NULL, or subs is NULL with n > 0");
	for (size_t i = 0; i < n; i++)
		if (!subs[i])
			return bad_arg(errmsg, __func__, "a subquery is NULL");
	Xapian::Query::op xop;
	if (!map_op(op, &xop))
		return bad_arg(errmsg, __func__, "unknown operator");
	/* The window means something only to these three. */
	if (op != XAP_OP_NEAR && op != XAP_OP_PHRASE && op != XAP_OP_ELITE_SET)
		window = 0;
	return query_run(errmsg, [&] {
		std::unique_ptr<xap_query> q(new xap_query);
		std::vector<Xapian::Query> v;
		v.reserve(n);
		for (size_t i = 0; i < n; i++) {
			v.push_back(subs[i]->q);
			q->leaves.insert(q->leaves.end(), subs[i]->leaves.begin(),
					 subs[i]->leaves.end());
		}
		q->q = Xapian::Query(xop, v.begin(), v.end(), window);
		*out = q.release();
		return XAP_OK;
	});
}

extern "C" xap_status xap_query_new_value_range(unsigned slot, const char *lo, size_t lolen,
						const char *hi, size_t hilen, xap_query **out,
						char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	if (out)
		*out = NULL;
	if (!out)
		return bad_arg(errmsg, __func__, "out is NULL");
	return query_run(errmsg, [&] {
		std::unique_ptr<xap_query> q(new xap_query);
		if (lo && hi)
			q->q = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot,
					     std::string(lo, lolen), std::string(hi, hilen));
		else if (hi)
			q->q = Xapian::Query(Xapian::Query::OP_VALUE_LE, slot,
					     std::string(hi, hilen));
		else
			/* No lower bound is "" as a lower bound: every
			 * document with a (non-empty) value in slot. */
			q->q = Xapian::Query(Xapian::Query::OP_VALUE_GE, slot,
					     lo ? std::string(lo, lolen) : std::string());
		*out = q.release();
		return XAP_OK;
	});
}

extern "C" xap_status xap_query_new_scale(const xap_query *q, double factor, xap_query **out,
					  char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	if (out)
		*out = NULL;
	if (!q || !out)
		return bad_arg(errmsg, __func__, "q or out is NULL");
	return query_run(errmsg, [&] {
		std::unique_ptr<xap_query> r(new xap_query);
		r->q = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor);
		r->leaves = q->leaves;
		*out = r.release();
		return XAP_OK;
	});
}

extern "C" xap_status xap_query_new_wildcard(const char *prefix, size_t len, unsigned max_expansion,
					     xap_query **out, char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	if (out)
		*out = NULL;
	if (!prefix || !out)
		return bad_arg(errmsg, __func__, "prefix or out is NULL");
	return query_run(errmsg, [&] {
		std::unique_ptr<xap_query> q(new xap_query);
		q->q = Xapian::Query(Xapian::Query::OP_WILDCARD, std::string(prefix, len),
				     max_expansion, Xapian::Query::WILDCARD_LIMIT_ERROR);
		*out = q.release();
		return XAP_OK;
	});
}

namespace {
/*
 * The documents of a list of ids, weight 0: a filter for a search that
 * runs again over documents an earlier one found.  The ids are those of
 * the database searched; over several shards Xapian interleaves them
 * (shard i of n holds global id (local - 1) * n + i + 1), and each shard's
 * copy of the source keeps the ids of its own shard, found by the shard's
 * UUID among those of the whole (Database::get_uuid() joins them with ':').
 * No name, so no serialisation: not for remote shards.
 */
class DocidSource : public Xapian::PostingSource {
	std::shared_ptr<const std::vector<Xapian::docid>> ids; /* sorted, global */
	std::shared_ptr<const std::vector<std::string>> uuids; /* one per shard */
	std::vector<Xapian::docid> local;                      /* this shard's */
	size_t at = 0;
	bool started = false;

      public:
	DocidSource(std::shared_ptr<const std::vector<Xapian::docid>> i,
		    std::shared_ptr<const std::vector<std::string>> u)
		: ids(std::move(i)), uuids(std::move(u))
	{
	}

	PostingSource *clone() const override { return new DocidSource(ids, uuids); }

	void init(const Xapian::Database &db) override
	{
		size_t n = uuids->size(), shard = 0;
		if (n > 1) {
			auto it = std::find(uuids->begin(), uuids->end(), db.get_uuid());
			if (it == uuids->end())
				throw Xapian::InvalidOperationError("a shard's UUID is not the database's");
			shard = static_cast<size_t>(it - uuids->begin());
		}
		local.clear();
		for (Xapian::docid g : *ids)
			if ((g - 1) % n == shard)
				local.push_back(static_cast<Xapian::docid>((g - 1) / n + 1));
		at = 0;
		started = false;
	}

	Xapian::doccount size() const { return static_cast<Xapian::doccount>(local.size()); }
	Xapian::doccount get_termfreq_min() const override { return size(); }
	Xapian::doccount get_termfreq_est() const override { return size(); }
	Xapian::doccount get_termfreq_max() const override { return size(); }

	void next(double) override
	{
		if (started)
			++at;
		started = true;
	}

	void skip_to(Xapian::docid did, double) override
	{
		started = true;
		auto from = local.begin() + static_cast<long>(at);
		at = static_cast<size_t>(std::lower_bound(from, local.end(), did) - local.begin());
	}

	bool at_end() const override { return started && at >= local.size(); }
	Xapian::docid get_docid() const override { return local[at]; }
	std::string get_description() const override { return "DocidSource"; }
};
} // namespace

extern "C" xap_status xap_query_new_docids(xap_database *db, const xap_docid *ids, size_t n,
					   xap_query **out, char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	if (out)
		*out = NULL;
	if (!db || !out || (!ids && n))
		return bad_arg(errmsg, __func__, "db or out is NULL, or ids is NULL with n > 0");
	if (db->closed)
		return bad_arg(errmsg, __func__, "the database is closed");
	return query_run(errmsg, [&] {
		auto sorted = std::make_shared<std::vector<Xapian::docid>>(ids, ids + n);
		std::sort(sorted->begin(), sorted->end());
		sorted->erase(std::unique(sorted->begin(), sorted->end()), sorted->end());
		sorted->erase(std::remove(sorted->begin(), sorted->end(), 0u), sorted->end());
		auto uuids = std::make_shared<std::vector<std::string>>();
		std::string all = db->db->get_uuid();
		for (size_t from = 0;;) {
			size_t to = all.find(':', from);
			size_t len = to == std::string::npos ? std::string::npos : to - from;
			uuids->push_back(all.substr(from, len));
			if (to == std::string::npos)
				break;
			from = to + 1;
		}
		if (uuids->size() > 1) {
			std::vector<std::string> u(*uuids);
			std::sort(u.begin(), u.end());
			if (u.front().empty() || std::adjacent_find(u.begin(), u.end()) != u.end())
				throw Xapian::UnimplementedError(
					"the shards cannot be told apart (a shard without a UUID, or one given twice)");
		}
		std::unique_ptr<xap_query> q(new xap_query);
		q->q = Xapian::Query((new DocidSource(sorted, uuids))->release());
		*out = q.release();
		return XAP_OK;
	});
}

extern "C" xap_status xap_query_new_match_all(xap_query **out, char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	if (out)
		*out = NULL;
	if (!out)
		return bad_arg(errmsg, __func__, "out is NULL");
	return query_run(errmsg, [&] {
		std::unique_ptr<xap_query> q(new xap_query);
		q->q = Xapian::Query::MatchAll;
		*out = q.release();
		return XAP_OK;
	});
}

extern "C" xap_status xap_query_new_match_nothing(xap_query **out, char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	if (out)
		*out = NULL;
	if (!out)
		return bad_arg(errmsg, __func__, "out is NULL");
	return query_run(errmsg, [&] {
		*out = new xap_query;
		return XAP_OK;
	});
}

extern "C" xap_status xap_query_copy(const xap_query *q, xap_query **out, char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	if (out)
		*out = NULL;
	if (!q || !out)
		return bad_arg(errmsg, __func__, "q or out is NULL");
	return query_run(errmsg, [&] {
		*out = new xap_query(*q);
		return XAP_OK;
	});
}

extern "C" void xap_query_free(xap_query *q)
{
	delete q;
}

extern "C" int xap_query_is_empty(const xap_query *q)
{
	return !q || q->q.empty();
}

extern "C" char *xap_query_describe(const xap_query *q)
{
	if (!q)
		return NULL;
	try {
		std::string d = q->q.get_description();
		return dup_bytes(d.data(), d.size());
	} catch (...) {
		return NULL;
	}
}

extern "C" xap_status xap_query_terms(const xap_query *q, xap_term_fn fn, void *ctx)
{
	if (!q || !fn)
		return XAP_INVALID_ARGUMENT;
	std::string msg;
	return run(msg, [&] {
		std::map<std::string, unsigned> wqf;
		for (const auto &leaf : q->leaves)
			wqf[leaf.first] += leaf.second;
		std::set<std::string> seen;
		for (Xapian::TermIterator it = q->q.get_terms_begin(); it != q->q.get_terms_end();
		     ++it) {
			const std::string &t = *it;
			if (!seen.insert(t).second)
				continue;
			auto w = wqf.find(t);
			if (fn(ctx, t.data(), t.size(), w != wqf.end() ? w->second : 1))
				break;
		}
		return XAP_OK;
	});
}

/* ------------------------------------------------------------------ */
/* Enquire                                                              */

extern "C" xap_status xap_enquire_new(xap_database *db, xap_enquire **out, char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	if (out)
		*out = NULL;
	if (!db || !out)
		return bad_arg(errmsg, __func__, "db or out is NULL");
	if (db->closed) {
		std::string msg;
		set_msg(msg, __func__, ": the database has been closed");
		give_errmsg(errmsg, msg);
		return XAP_CLOSED;
	}
	std::string msg;
	xap_status st = run(msg, [&] {
		*out = new xap_enquire(*db->db);
		return XAP_OK;
	});
	if (st != XAP_OK)
		give_errmsg(errmsg, msg);
	return st;
}

extern "C" void xap_enquire_free(xap_enquire *enq)
{
	delete enq;
}

extern "C" const char *xap_enquire_errmsg(const xap_enquire *enq)
{
	return enq ? enq->errmsg.c_str() : "";
}

/* Runs f on an enquire, with its message on the enquire. */
template <typename F> static xap_status enq_run(xap_enquire *enq, F &&f) noexcept
{
	enq->errmsg.clear();
	return race_status(enq->db, run(enq->errmsg, f), enq->errmsg);
}

extern "C" xap_status xap_enquire_set_query(xap_enquire *enq, const xap_query *q, unsigned qlen)
{
	if (!enq)
		return XAP_INVALID_ARGUMENT;
	if (!q)
		return bad_arg(enq->errmsg, __func__, "q is NULL");
	return enq_run(enq, [&] {
		enq->enquire.set_query(q->q, qlen);
		return XAP_OK;
	});
}

extern "C" xap_status xap_enquire_set_bm25(xap_enquire *enq, double k1, double k2, double k3,
					   double b, double min_normlen)
{
	if (!enq)
		return XAP_INVALID_ARGUMENT;
	return enq_run(enq, [&] {
		enq->enquire.set_weighting_scheme(Xapian::BM25Weight(k1, k2, k3, b, min_normlen));
		return XAP_OK;
	});
}

extern "C" xap_status xap_enquire_set_weighting(xap_enquire *enq, const char *scheme,
						const double *params, size_t nparams)
{
	if (!enq)
		return XAP_INVALID_ARGUMENT;
	if (!scheme || (nparams && !params))
		return bad_arg(enq->errmsg, __func__, "NULL scheme or parameters");
	std::string name(scheme);
	/* Each scheme with the number of parameters it takes. */
	static const struct {
		const char *name;
		size_t max;
	} schemes[] = { { "bm25", 5 }, { "bm25+", 6 }, { "pl2", 1 }, { "pl2+", 2 }, { "dph", 0 },
			{ "dlh", 0 }, { "inl2", 1 }, { "ifb2", 1 }, { "ineb2", 1 }, { "bb2", 1 },
			{ "lm", 4 }, { "trad", 1 }, { "bool", 0 } };
	size_t k = 0;
	while (k < sizeof(schemes) / sizeof(schemes[0]) && name != schemes[k].name)
		k++;
	if (k == sizeof(schemes) / sizeof(schemes[0]))
		return bad_arg(enq->errmsg, __func__, "unknown weighting scheme");
	if (nparams > schemes[k].max)
		return bad_arg(enq->errmsg, __func__, "too many parameters for this scheme");
	/* Parameters not given take Xapian's defaults. */
	auto p = [&](size_t i, double def) { return i < nparams ? params[i] : def; };
	return enq_run(enq, [&] {
		if (name == "bm25")
			enq->enquire.set_weighting_scheme(
				Xapian::BM25Weight(p(0, 1), p(1, 0), p(2, 1), p(3, 0.5), p(4, 0.5)));
		else if (name == "bm25+")
			enq->enquire.set_weighting_scheme(Xapian::BM25PlusWeight(
				p(0, 1), p(1, 0), p(2, 1), p(3, 0.5), p(4, 0.5), p(5, 1)));
		else if (name == "pl2")
			enq->enquire.set_weighting_scheme(Xapian::PL2Weight(p(0, 1)));
		else if (name == "pl2+")
			enq->enquire.set_weighting_scheme(Xapian::PL2PlusWeight(p(0, 1), p(1, 0.8)));
		else if (name == "dph")
			enq->enquire.set_weighting_scheme(Xapian::DPHWeight());
		else if (name == "dlh")
			enq->enquire.set_weighting_scheme(Xapian::DLHWeight());
		else if (name == "inl2")
			enq->enquire.set_weighting_scheme(Xapian::InL2Weight(p(0, 1)));
		else if (name == "ifb2")
			enq->enquire.set_weighting_scheme(Xapian::IfB2Weight(p(0, 1)));
		else if (name == "ineb2")
			enq->enquire.set_weighting_scheme(Xapian::IneB2Weight(p(0, 1)));
		else if (name == "bb2")
			enq->enquire.set_weighting_scheme(Xapian::BB2Weight(p(0, 1)));
		else if (name == "lm")
			enq->enquire.set_weighting_scheme(Xapian::LMWeight(
				p(0, 0.0), static_cast<Xapian::Weight::type_smoothing>(
						   static_cast<int>(p(1, Xapian::Weight::TWO_STAGE_SMOOTHING))),
				p(2, 0.7), p(3, 2000)));
		else if (name == "trad")
			enq->enquire.set_weighting_scheme(Xapian::TradWeight(p(0, 1)));
		else
			enq->enquire.set_weighting_scheme(Xapian::BoolWeight());
		return XAP_OK;
	});
}

extern "C" xap_status xap_enquire_set_boolean(xap_enquire *enq)
{
	if (!enq)
		return XAP_INVALID_ARGUMENT;
	return enq_run(enq, [&] {
		enq->enquire.set_weighting_scheme(Xapian::BoolWeight());
		return XAP_OK;
	});
}

extern "C" xap_status xap_enquire_set_sort(xap_enquire *enq, xap_sort order, unsigned slot,
					   int reverse)
{
	int sort = enum_value(order);
	if (!enq)
		return XAP_INVALID_ARGUMENT;
	if (sort != XAP_SORT_RELEVANCE && sort != XAP_SORT_VALUE &&
	    sort != XAP_SORT_VALUE_THEN_RELEVANCE && sort != XAP_SORT_RELEVANCE_THEN_VALUE)
		return bad_arg(enq->errmsg, __func__, "unknown sort order");
	return enq_run(enq, [&] {
		bool rev = reverse != 0;
		switch (sort) {
		case XAP_SORT_RELEVANCE:
			enq->enquire.set_sort_by_relevance();
			break;
		case XAP_SORT_VALUE:
			enq->enquire.set_sort_by_value(slot, rev);
			break;
		case XAP_SORT_VALUE_THEN_RELEVANCE:
			enq->enquire.set_sort_by_value_then_relevance(slot, rev);
			break;
		case XAP_SORT_RELEVANCE_THEN_VALUE:
			enq->enquire.set_sort_by_relevance_then_value(slot, rev);
			break;
		}
		return XAP_OK;
	});
}

extern "C" xap_status xap_enquire_set_docid_order(xap_enquire *enq, int descending)
{
	if (!enq)
		return XAP_INVALID_ARGUMENT;
	return enq_run(enq, [&] {
		enq->enquire.set_docid_order(descending ? Xapian::Enquire::DESCENDING
							: Xapian::Enquire::ASCENDING);
		return XAP_OK;
	});
}

extern "C" xap_status xap_enquire_set_collapse_key(xap_enquire *enq, unsigned slot, unsigned max)
{
	if (!enq)
		return XAP_INVALID_ARGUMENT;
	return enq_run(enq, [&] {
		if (max == 0)
			enq->enquire.set_collapse_key(Xapian::BAD_VALUENO);
		else
			enq->enquire.set_collapse_key(slot, max);
		return XAP_OK;
	});
}

extern "C" xap_status xap_enquire_set_cutoff(xap_enquire *enq, int percent, double weight)
{
	if (!enq)
		return XAP_INVALID_ARGUMENT;
	return enq_run(enq, [&] {
		enq->enquire.set_cutoff(percent, weight);
		return XAP_OK;
	});
}

/* Registers a new spy with enq; make fills a new xap_valuecount. */
template <typename F>
static xap_status add_spy(xap_enquire *enq, const char *fn, xap_valuecount **out, F &&make)
{
	if (out)
		*out = NULL;
	if (!enq)
		return XAP_INVALID_ARGUMENT;
	if (!out)
		return bad_arg(enq->errmsg, fn, "out is NULL");
	return enq_run(enq, [&] {
		std::unique_ptr<xap_valuecount> vc(new xap_valuecount);
		make(*vc);
		/* Room first, so that the push_back below cannot throw after
		 * Enquire holds a pointer to the spy. */
		enq->spies.reserve(enq->spies.size() + 1);
		enq->enquire.add_matchspy(&vc->spy());
		*out = vc.get();
		enq->spies.push_back(std::move(vc));
		return XAP_OK;
	});
}

extern "C" xap_status xap_enquire_add_valuecount(xap_enquire *enq, unsigned slot,
						 xap_valuecount **out)
{
	return add_spy(enq, __func__, out, [&](xap_valuecount &vc) {
		vc.single.reset(new Xapian::ValueCountMatchSpy(slot));
	});
}

extern "C" xap_status xap_enquire_add_valuecount_split(xap_enquire *enq, unsigned slot, char sep,
						       xap_valuecount **out)
{
	return add_spy(enq, __func__, out, [&](xap_valuecount &vc) {
		vc.split.reset(new SplitCountSpy(slot, sep));
	});
}

extern "C" xap_status xap_enquire_clear_matchspies(xap_enquire *enq)
{
	if (!enq)
		return XAP_INVALID_ARGUMENT;
	return enq_run(enq, [&] {
		enq->enquire.clear_matchspies();
		enq->spies.clear();
		return XAP_OK;
	});
}

extern "C" unsigned xap_valuecount_total(const xap_valuecount *vc)
{
	if (!vc)
		return 0;
	if (vc->split)
		return vc->split->total;
	return static_cast<unsigned>(vc->single->get_total());
}

/* Calls fn for the (value, count) pairs in all, most frequent first, ties
 * in byte order, at most max (0: all). */
static void report_counts(std::vector<std::pair<std::string, unsigned>> &all, unsigned max,
			  xap_term_fn fn, void *ctx)
{
	std::stable_sort(all.begin(), all.end(), [](const auto &a, const auto &b) {
		if (a.second != b.second)
			return a.second > b.second;
		return a.first < b.first;
	});
	size_t n = 0;
	for (const auto &v : all) {
		if (max > 0 && n++ == max)
			break;
		if (fn(ctx, v.first.data(), v.first.size(), v.second))
			break;
	}
}

extern "C" xap_status xap_valuecount_values(const xap_valuecount *vc, unsigned max, xap_term_fn fn,
					    void *ctx)
{
	if (!vc || !fn)
		return XAP_INVALID_ARGUMENT;
	std::string msg;
	return run(msg, [&] {
		std::vector<std::pair<std::string, unsigned>> all;
		if (vc->split) {
			all.reserve(vc->split->counts.size());
			for (const auto &c : vc->split->counts)
				all.emplace_back(c.first, c.second);
			report_counts(all, max, fn, ctx);
			return XAP_OK;
		}
		const Xapian::ValueCountMatchSpy &spy = *vc->single;
		if (max > 0) {
			for (Xapian::TermIterator it = spy.top_values_begin(max);
			     it != spy.top_values_end(max); ++it) {
				const std::string &v = *it;
				if (fn(ctx, v.data(), v.size(), it.get_termfreq()))
					break;
			}
			return XAP_OK;
		}
		/* All values: most frequent first, ties in byte order, as
		 * top_values_begin() orders them. */
		for (Xapian::TermIterator it = spy.values_begin(); it != spy.values_end(); ++it)
			all.emplace_back(*it, it.get_termfreq());
		report_counts(all, 0, fn, ctx);
		return XAP_OK;
	});
}

/* Builds an RSet; InvalidArgumentError from Xapian for a docid of 0. */
static Xapian::RSet make_rset(const xap_docid *ids, size_t n)
{
	Xapian::RSet r;
	for (size_t i = 0; i < n; i++)
		r.add_document(ids[i]);
	return r;
}

extern "C" xap_status xap_enquire_get_mset(xap_enquire *enq, unsigned first, unsigned maxitems,
					   unsigned check_at_least, const xap_docid *rset,
					   size_t rsetlen, xap_mset **out)
{
	if (out)
		*out = NULL;
	if (!enq)
		return XAP_INVALID_ARGUMENT;
	if (!out || (!rset && rsetlen))
		return bad_arg(enq->errmsg, __func__, "out, or rset with rsetlen > 0, is NULL");
	return enq_run(enq, [&] {
		std::unique_ptr<xap_mset> m(new xap_mset);
		m->db = enq->db;
		if (rsetlen) {
			Xapian::RSet r = make_rset(rset, rsetlen);
			m->mset = enq->enquire.get_mset(first, maxitems, check_at_least, &r);
		} else {
			m->mset = enq->enquire.get_mset(first, maxitems, check_at_least);
		}
		*out = m.release();
		return XAP_OK;
	});
}

extern "C" xap_status xap_enquire_matching_terms(xap_enquire *enq, xap_docid did, xap_term_fn fn,
						 void *ctx)
{
	if (!enq)
		return XAP_INVALID_ARGUMENT;
	if (!fn)
		return bad_arg(enq->errmsg, __func__, "fn is NULL");
	return enq_run(enq, [&] {
		Xapian::Document doc = enq->db.get_document(did);
		for (Xapian::TermIterator it = enq->enquire.get_matching_terms_begin(did);
		     it != enq->enquire.get_matching_terms_end(did); ++it) {
			const std::string &t = *it;
			Xapian::TermIterator d;
			unsigned wdf = find_doc_term(doc, t, d) ? d.get_wdf() : 0;
			if (fn(ctx, t.data(), t.size(), wdf))
				break;
		}
		return XAP_OK;
	});
}

extern "C" xap_status xap_enquire_set_expansion(xap_enquire *enq, xap_expand scheme, double k)
{
	int sch = enum_value(scheme);
	if (!enq)
		return XAP_INVALID_ARGUMENT;
	if (sch != XAP_EXPAND_TRAD && sch != XAP_EXPAND_BO1)
		return bad_arg(enq->errmsg, __func__, "unknown expansion scheme");
	return enq_run(enq, [&] {
		enq->enquire.set_expansion_scheme(sch == XAP_EXPAND_BO1 ? "bo1" : "trad", k);
		return XAP_OK;
	});
}

/* Keeps the candidate expand terms that start with a prefix. */
namespace {
class PrefixDecider : public Xapian::ExpandDecider {
	std::string prefix;

      public:
	explicit PrefixDecider(std::string p) : prefix(std::move(p)) {}
	bool operator()(const std::string &term) const override
	{
		return term.compare(0, prefix.size(), prefix) == 0;
	}
};
} // namespace

extern "C" xap_status xap_enquire_get_eset(xap_enquire *enq, unsigned size, const xap_docid *rset,
					   size_t rsetlen, const char *prefix, xap_eset **out)
{
	if (out)
		*out = NULL;
	if (!enq)
		return XAP_INVALID_ARGUMENT;
	if (!out || (!rset && rsetlen))
		return bad_arg(enq->errmsg, __func__, "out, or rset with rsetlen > 0, is NULL");
	return enq_run(enq, [&] {
		Xapian::RSet r = make_rset(rset, rsetlen);
		PrefixDecider decider(prefix ? prefix : "");
		/* flags 0: no INCLUDE_QUERY_TERMS, so the terms of the
		 * current query are left out. */
		Xapian::ESet es = enq->enquire.get_eset(size, r, 0, prefix ? &decider : nullptr);
		std::unique_ptr<xap_eset> e(new xap_eset);
		e->items.reserve(es.size());
		for (Xapian::ESetIterator it = es.begin(); it != es.end(); ++it)
			e->items.emplace_back(*it, it.get_weight());
		*out = e.release();
		return XAP_OK;
	});
}

/* ------------------------------------------------------------------ */
/* MSet and ESet                                                        */

extern "C" void xap_mset_free(xap_mset *m)
{
	delete m;
}

extern "C" const char *xap_mset_errmsg(const xap_mset *m)
{
	return m ? m->errmsg.c_str() : "";
}

extern "C" double xap_mset_max_possible(const xap_mset *m)
{
	if (!m)
		return 0;
	try {
		return m->mset.get_max_possible();
	} catch (...) {
		return 0;
	}
}

extern "C" unsigned xap_mset_size(const xap_mset *m)
{
	if (!m)
		return 0;
	try {
		return m->mset.size();
	} catch (...) {
		return 0;
	}
}

extern "C" void xap_mset_matches(const xap_mset *m, unsigned *lower, unsigned *estimated,
				 unsigned *upper)
{
	if (lower)
		*lower = 0;
	if (estimated)
		*estimated = 0;
	if (upper)
		*upper = 0;
	if (!m)
		return;
	try {
		if (lower)
			*lower = m->mset.get_matches_lower_bound();
		if (estimated)
			*estimated = m->mset.get_matches_estimated();
		if (upper)
			*upper = m->mset.get_matches_upper_bound();
	} catch (...) {
		/* These only read numbers the MSet holds; leave zeros. */
	}
}

/* XAP_RANGE unless i indexes m. */
static xap_status mset_index(xap_mset *m, const char *fn, unsigned i)
{
	if (i >= m->mset.size()) {
		try {
			m->errmsg = std::string(fn) + ": index " + std::to_string(i) +
				    " out of range (the mset holds " +
				    std::to_string(m->mset.size()) + ")";
		} catch (...) {
			m->errmsg.clear();
		}
		return XAP_RANGE;
	}
	return XAP_OK;
}

extern "C" xap_status xap_mset_item(xap_mset *m, unsigned i, xap_docid *did, double *weight,
				    int *percent)
{
	if (did)
		*did = 0;
	if (weight)
		*weight = 0;
	if (percent)
		*percent = 0;
	if (!m)
		return XAP_INVALID_ARGUMENT;
	m->errmsg.clear();
	return run(m->errmsg, [&] {
		xap_status st = mset_index(m, "xap_mset_item", i);
		if (st != XAP_OK)
			return st;
		Xapian::MSetIterator it = m->mset[i];
		if (did)
			*did = *it;
		if (weight)
			*weight = it.get_weight();
		if (percent)
			*percent = it.get_percent();
		return XAP_OK;
	});
}

extern "C" xap_status xap_mset_document(xap_mset *m, unsigned i, xap_document **out)
{
	if (out)
		*out = NULL;
	if (!m)
		return XAP_INVALID_ARGUMENT;
	m->errmsg.clear();
	if (!out)
		return bad_arg(m->errmsg, __func__, "out is NULL");
	xap_status st = run(m->errmsg, [&] {
		xap_status s = mset_index(m, "xap_mset_document", i);
		if (s != XAP_OK)
			return s;
		std::unique_ptr<xap_document> d(new xap_document);
		d->doc = m->mset[i].get_document();
		*out = d.release();
		return XAP_OK;
	});
	return race_status(m->db, st, m->errmsg);
}

extern "C" xap_status xap_mset_termweight(xap_mset *m, const char *term, size_t len, double *out)
{
	if (out)
		*out = 0;
	if (!m)
		return XAP_INVALID_ARGUMENT;
	m->errmsg.clear();
	if (!term || !out)
		return bad_arg(m->errmsg, __func__, "term or out is NULL");
	return run(m->errmsg, [&] {
		*out = m->mset.get_termweight(std::string(term, len));
		return XAP_OK;
	});
}

extern "C" xap_status xap_mset_termfreq(xap_mset *m, const char *term, size_t len, unsigned *out)
{
	if (out)
		*out = 0;
	if (!m)
		return XAP_INVALID_ARGUMENT;
	m->errmsg.clear();
	if (!term || !out)
		return bad_arg(m->errmsg, __func__, "term or out is NULL");
	return run(m->errmsg, [&] {
		*out = m->mset.get_termfreq(std::string(term, len));
		return XAP_OK;
	});
}

extern "C" void xap_eset_free(xap_eset *e)
{
	delete e;
}

extern "C" unsigned xap_eset_size(const xap_eset *e)
{
	return e ? static_cast<unsigned>(e->items.size()) : 0;
}

extern "C" xap_status xap_eset_item(const xap_eset *e, unsigned i, const char **term, size_t *len,
				    double *weight)
{
	if (term)
		*term = NULL;
	if (len)
		*len = 0;
	if (weight)
		*weight = 0;
	if (!e)
		return XAP_INVALID_ARGUMENT;
	if (i >= e->items.size())
		return XAP_RANGE;
	const auto &item = e->items[i];
	if (term)
		*term = item.first.c_str();
	if (len)
		*len = item.first.size();
	if (weight)
		*weight = item.second;
	return XAP_OK;
}

/* ------------------------------------------------------------------ */
/* TermGenerator and QueryParser: Xapian's own text handling            */

struct xap_termgenerator {
	Xapian::TermGenerator tg;
	std::string errmsg;
};

struct xap_queryparser {
	Xapian::QueryParser qp;
	Xapian::Database db; /* kept so that the parser's pointer stays valid */
	std::string errmsg;
};

static bool map_strategy(int s, Xapian::TermGenerator::stem_strategy *tg,
			 Xapian::QueryParser::stem_strategy *qp)
{
	switch (s) {
	case XAP_STEM_NONE:
		*tg = Xapian::TermGenerator::STEM_NONE;
		*qp = Xapian::QueryParser::STEM_NONE;
		return true;
	case XAP_STEM_SOME:
		*tg = Xapian::TermGenerator::STEM_SOME;
		*qp = Xapian::QueryParser::STEM_SOME;
		return true;
	case XAP_STEM_ALL:
		*tg = Xapian::TermGenerator::STEM_ALL;
		*qp = Xapian::QueryParser::STEM_ALL;
		return true;
	case XAP_STEM_ALL_Z:
		*tg = Xapian::TermGenerator::STEM_ALL_Z;
		*qp = Xapian::QueryParser::STEM_ALL_Z;
		return true;
	default:
		return false;
	}
}

/* A new TermGenerator or QueryParser handle H with a stemmer for lang (NULL:
 * none) and a stemming strategy; set(h, tg_strategy, qp_strategy) sets it. */
template <typename H, typename F>
static xap_status new_text_handle(const char *fn, const char *lang, int strategy, H **out,
				  char **errmsg, F &&set) noexcept
{
	if (errmsg)
		*errmsg = NULL;
	if (out)
		*out = NULL;
	Xapian::TermGenerator::stem_strategy tgs;
	Xapian::QueryParser::stem_strategy qps;
	if (!out)
		return bad_arg(errmsg, fn, "out is NULL");
	if (!map_strategy(strategy, &tgs, &qps))
		return bad_arg(errmsg, fn, "unknown stemming strategy");
	return query_run(errmsg, [&] {
		std::unique_ptr<H> h(new H);
		set(*h, lang ? Xapian::Stem(lang) : Xapian::Stem(), tgs, qps);
		*out = h.release();
		return XAP_OK;
	});
}

extern "C" xap_status xap_termgenerator_new(const char *lang, int strategy,
					    xap_termgenerator **out, char **errmsg)
{
	return new_text_handle(__func__, lang, strategy, out, errmsg,
			       [](xap_termgenerator &h, const Xapian::Stem &stem,
				  Xapian::TermGenerator::stem_strategy tgs,
				  Xapian::QueryParser::stem_strategy) {
				       h.tg.set_stemmer(stem);
				       h.tg.set_stemming_strategy(tgs);
			       });
}

extern "C" void xap_termgenerator_free(xap_termgenerator *tg)
{
	delete tg;
}

extern "C" const char *xap_termgenerator_errmsg(const xap_termgenerator *tg)
{
	return tg ? tg->errmsg.c_str() : "";
}

extern "C" xap_status xap_termgenerator_set_document(xap_termgenerator *tg, xap_document *doc)
{
	if (!tg)
		return XAP_INVALID_ARGUMENT;
	if (!doc)
		return bad_arg(tg->errmsg, __func__, "doc is NULL");
	return run(tg->errmsg, [&] {
		tg->tg.set_document(doc->doc);
		return XAP_OK;
	});
}

extern "C" xap_status xap_termgenerator_get_document(xap_termgenerator *tg, xap_document *doc)
{
	if (!tg)
		return XAP_INVALID_ARGUMENT;
	if (!doc)
		return bad_arg(tg->errmsg, __func__, "doc is NULL");
	return run(tg->errmsg, [&] {
		doc->doc = tg->tg.get_document();
		return XAP_OK;
	});
}

extern "C" xap_status xap_termgenerator_index_text(xap_termgenerator *tg, const char *text,
						   size_t len, unsigned wdfinc, const char *prefix)
{
	if (!tg)
		return XAP_INVALID_ARGUMENT;
	if (!text && len)
		return bad_arg(tg->errmsg, __func__, "text is NULL");
	return run(tg->errmsg, [&] {
		tg->tg.index_text(std::string(text ? text : "", len), wdfinc,
				  std::string(prefix ? prefix : ""));
		return XAP_OK;
	});
}

extern "C" xap_status xap_termgenerator_increase_termpos(xap_termgenerator *tg, unsigned delta)
{
	if (!tg)
		return XAP_INVALID_ARGUMENT;
	return run(tg->errmsg, [&] {
		tg->tg.increase_termpos(delta);
		return XAP_OK;
	});
}

extern "C" xap_status xap_queryparser_new(const char *lang, int strategy, xap_queryparser **out,
					  char **errmsg)
{
	return new_text_handle(__func__, lang, strategy, out, errmsg,
			       [](xap_queryparser &h, const Xapian::Stem &stem,
				  Xapian::TermGenerator::stem_strategy,
				  Xapian::QueryParser::stem_strategy qps) {
				       h.qp.set_stemmer(stem);
				       h.qp.set_stemming_strategy(qps);
			       });
}

extern "C" void xap_queryparser_free(xap_queryparser *qp)
{
	delete qp;
}

extern "C" const char *xap_queryparser_errmsg(const xap_queryparser *qp)
{
	return qp ? qp->errmsg.c_str() : "";
}

extern "C" xap_status xap_queryparser_set_database(xap_queryparser *qp, xap_database *db)
{
	if (!qp)
		return XAP_INVALID_ARGUMENT;
	if (!db)
		return bad_arg(qp->errmsg, __func__, "db is NULL");
	if (db->closed) {
		set_msg(qp->errmsg, __func__, ": the database has been closed");
		return XAP_CLOSED;
	}
	return run(qp->errmsg, [&] {
		qp->db = *db->db;
		qp->qp.set_database(qp->db);
		return XAP_OK;
	});
}

extern "C" xap_status xap_queryparser_set_default_op(xap_queryparser *qp, xap_op opcode)
{
	int op = enum_value(opcode);
	if (!qp)
		return XAP_INVALID_ARGUMENT;
	Xapian::Query::op xop;
	if ((op != XAP_OP_AND && op != XAP_OP_OR) || !map_op(op, &xop))
		return bad_arg(qp->errmsg, __func__, "the default operator must be AND or OR");
	return run(qp->errmsg, [&] {
		qp->qp.set_default_op(xop);
		return XAP_OK;
	});
}

extern "C" xap_status xap_queryparser_parse(xap_queryparser *qp, const char *text, size_t len,
					    unsigned flags, xap_query **out)
{
	if (out)
		*out = NULL;
	if (!qp)
		return XAP_INVALID_ARGUMENT;
	if (!out || (!text && len))
		return bad_arg(qp->errmsg, __func__, "text or out is NULL");
	return run(qp->errmsg, [&] {
		std::unique_ptr<xap_query> q(new xap_query);
		unsigned f = flags ? flags : (unsigned)Xapian::QueryParser::FLAG_DEFAULT;
		q->q = qp->qp.parse_query(std::string(text ? text : "", len), f);
		*out = q.release();
		return XAP_OK;
	});
}

/* ------------------------------------------------------------------ */
/* Testing                                                              */

#define TEST_MSG "thrown by xap_test_throw"

namespace {
struct thrower {
	const char *kind;
	void (*fn)();
};
} // namespace

static const thrower throwers[] = {
	{"AssertionError", [] { throw Xapian::AssertionError(TEST_MSG); }},
	{"InvalidArgumentError", [] { throw Xapian::InvalidArgumentError(TEST_MSG); }},
	{"InvalidOperationError", [] { throw Xapian::InvalidOperationError(TEST_MSG); }},
	{"UnimplementedError", [] { throw Xapian::UnimplementedError(TEST_MSG); }},
	{"DatabaseError", [] { throw Xapian::DatabaseError(TEST_MSG); }},
	{"DatabaseCorruptError", [] { throw Xapian::DatabaseCorruptError(TEST_MSG); }},
	{"DatabaseCreateError", [] { throw Xapian::DatabaseCreateError(TEST_MSG); }},
	{"DatabaseLockError", [] { throw Xapian::DatabaseLockError(TEST_MSG); }},
	{"DatabaseModifiedError", [] { throw Xapian::DatabaseModifiedError(TEST_MSG); }},
	{"DatabaseOpeningError", [] { throw Xapian::DatabaseOpeningError(TEST_MSG); }},
	{"DatabaseVersionError", [] { throw Xapian::DatabaseVersionError(TEST_MSG); }},
	{"DocNotFoundError", [] { throw Xapian::DocNotFoundError(TEST_MSG); }},
	{"FeatureUnavailableError", [] { throw Xapian::FeatureUnavailableError(TEST_MSG); }},
	{"InternalError", [] { throw Xapian::InternalError(TEST_MSG); }},
	{"NetworkError", [] { throw Xapian::NetworkError(TEST_MSG); }},
	{"NetworkTimeoutError", [] { throw Xapian::NetworkTimeoutError(TEST_MSG); }},
	{"QueryParserError", [] { throw Xapian::QueryParserError(TEST_MSG); }},
	{"SerialisationError", [] { throw Xapian::SerialisationError(TEST_MSG); }},
	{"RangeError", [] { throw Xapian::RangeError(TEST_MSG); }},
	{"WildcardError", [] { throw Xapian::WildcardError(TEST_MSG); }},
	{"DatabaseNotFoundError", [] { throw Xapian::DatabaseNotFoundError(TEST_MSG); }},
	{"DatabaseClosedError", [] { throw Xapian::DatabaseClosedError(TEST_MSG); }},
	/* A DatabaseError carrying ENOSPC or EFBIG, as from a failed write,
	 * and one that only says so in its text, as from a remote server. */
	{"DatabaseError+ENOSPC", [] { throw Xapian::DatabaseError(TEST_MSG, ENOSPC); }},
	{"DatabaseError+EFBIG", [] { throw Xapian::DatabaseError(TEST_MSG, EFBIG); }},
	{"DatabaseError+text",
	 [] { throw Xapian::DatabaseError(TEST_MSG ": No space left on device"); }},
	{"bad_alloc", [] { throw std::bad_alloc(); }},
	{"length_error", [] { throw std::length_error(TEST_MSG); }},
	{"runtime_error", [] { throw std::runtime_error(TEST_MSG); }},
	{"int", [] { throw 42; }},
};

extern "C" xap_status xap_test_throw(const char *kind, char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	if (!kind)
		return bad_arg(errmsg, __func__, "kind is NULL");
	for (const thrower &t : throwers) {
		if (strcmp(kind, t.kind) != 0)
			continue;
		std::string msg;
		xap_status st = run(msg, [&] {
			t.fn();
			return XAP_OK;
		});
		give_errmsg(errmsg, msg);
		return st;
	}
	std::string msg;
	set_msg(msg, "xap_test_throw: unknown exception kind: ", kind);
	give_errmsg(errmsg, msg);
	return XAP_INVALID_ARGUMENT;
}
