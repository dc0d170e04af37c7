/*
 * test-reader.c - reading files into documents (reader.h, input.h) and
 * walking trees (walk.h).
 *
 * Every fixture is written at run time into a fresh directory from
 * mkdtemp(), gzip files with zlib, and the directory is removed at the end.
 */
#include "document.h"
#include "hash.h"
#include "input.h"
#include "reader.h"
#include "util.h"
#include "walk.h"

#include "tap.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

static char tmpdir[] = "/tmp/dateline-test-reader.XXXXXX";

/* ------------------------------------------------------------------ */
/* Fixtures                                                             */

static char *fixture_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static void write_file(const char *name, const void *data, size_t len)
{
	char *path = fixture_path(name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		diag("cannot write %s: %s", path, strerror(errno));
		exit(2);
	}
	free(path);
}

static void write_gz(const char *name, const void *data, size_t len)
{
	char *path = fixture_path(name);
	gzFile gz = gzopen(path, "wb9");
	if (!gz || (len && gzwrite(gz, data, (unsigned)len) != (int)len) || gzclose(gz) != Z_OK) {
		diag("cannot write %s", path);
		exit(2);
	}
	free(path);
}

static void cut_file(const char *name, off_t len)
{
	char *path = fixture_path(name);
	if (truncate(path, len) != 0) {
		diag("cannot truncate %s: %s", path, strerror(errno));
		exit(2);
	}
	free(path);
}

static off_t file_size(const char *name)
{
	char *path = fixture_path(name);
	struct stat st;
	off_t n = stat(path, &st) == 0 ? st.st_size : -1;
	free(path);
	return n;
}

static int rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	chmod(path, 0700);
	return remove(path) != 0 && errno != ENOENT;
}

/* ------------------------------------------------------------------ */
/* Running the reader                                                   */

struct problem {
	unsigned line;
	char msg[256];
	enum reader_problem kind;
};

struct result {
	reader_status st;
	strbuf reason;
	document docs[32];
	int ndocs;
	struct problem probs[32];
	int nprobs;
	int stop_after; /* stop after this many documents (0: never) */
};

static int doc_cb(void *ctx, document *doc)
{
	struct result *r = ctx;
	if (r->ndocs < (int)ARRAY_SIZE(r->docs)) {
		/* Take every field: the reader then releases nothing. */
		r->docs[r->ndocs] = *doc;
		document_init(doc);
	}
	r->ndocs++;
	return r->stop_after && r->ndocs >= r->stop_after;
}

static void problem_cb(void *ctx, const char *source, unsigned line, const char *msg,
		       enum reader_problem kind)
{
	struct result *r = ctx;
	(void)source;
	if (r->nprobs < (int)ARRAY_SIZE(r->probs)) {
		r->probs[r->nprobs].line = line;
		snprintf(r->probs[r->nprobs].msg, sizeof(r->probs[0].msg), "%s", msg);
		r->probs[r->nprobs].kind = kind;
	}
	r->nprobs++;
}

static void result_release(struct result *r)
{
	for (int i = 0; i < r->ndocs && i < (int)ARRAY_SIZE(r->docs); i++)
		document_release(&r->docs[i]);
	strbuf_release(&r->reason);
	memset(r, 0, sizeof(*r));
}

static void read_fixture(const char *name, const char *id, size_t max_doc,
			 unsigned long long max_input, int stop_after, struct result *r)
{
	reader_opts o = { READER_AUTO, max_doc, max_input, 0 };
	reader_callbacks cb = { doc_cb, problem_cb, r };
	char *path = fixture_path(name);
	memset(r, 0, sizeof(*r));
	strbuf_init(&r->reason, 0);
	r->stop_after = stop_after;
	r->st = reader_read(path, id, &o, &cb, NULL, &r->reason);
	free(path);
}

/* The problem reported for line (0: the file) of the given kind, or NULL. */
static const struct problem *find_problem(const struct result *r, unsigned line,
					  enum reader_problem kind)
{
	for (int i = 0; i < r->nprobs && i < (int)ARRAY_SIZE(r->probs); i++)
		if (r->probs[i].line == line && r->probs[i].kind == kind)
			return &r->probs[i];
	return NULL;
}

static const document *find_doc(const struct result *r, const char *id)
{
	for (int i = 0; i < r->ndocs && i < (int)ARRAY_SIZE(r->docs); i++)
		if (r->docs[i].id && strcmp(r->docs[i].id, id) == 0)
			return &r->docs[i];
	return NULL;
}

static int date_is(const document *d, int y, int m, int day)
{
	return d && d->date.year == y && d->date.month == m && d->date.day == day;
}

static const char *reason_of(const struct result *r)
{
	return r->reason.buf;
}

/* ------------------------------------------------------------------ */
/* Text files                                                           */

static const char release_text[] =
	"OSCE supports new domestic violence law\n"
	"ALMATY, Kazakhstan, 18 October 2012 – The OSCE Centre in Astana supported a seminar.\n"
	"\n"
	"Second paragraph.\n";

static const char release_body[] =
	"ALMATY, Kazakhstan, 18 October 2012 – The OSCE Centre in Astana supported a seminar.\n"
	"\n"
	"Second paragraph.";

static void check_release_doc(const struct result *r, const char *what)
{
	const document *d = r->ndocs == 1 ? &r->docs[0] : NULL;
	is_int(r->st, READER_OK, "%s: read", what);
	is_int(r->ndocs, 1, "%s: one document", what);
	if (!d)
		return;
	is_str(d->id, "2012/release", "%s: the id is passed through", what);
	is_str(d->title, "OSCE supports new domestic violence law", "%s: title", what);
	is_str(d->place, "Almaty, Kazakhstan", "%s: place from the dateline", what);
	ok(date_is(d, 2012, 10, 18), "%s: date from the dateline", what);
	is_str(d->text, release_body, "%s: body, trimmed, with its dateline", what);
	is_int(d->textlen, strlen(release_body), "%s: textlen", what);
	ok(d->lang == NULL && d->line == 0 && d->nmeta == 0, "%s: no lang, line or metadata",
	   what);
	ok(d->source && strstr(d->source, tmpdir) == d->source, "%s: source is the path", what);
	is_int(r->nprobs, 0, "%s: no problem reported", what);
}

static void test_text_files(void)
{
	struct result r;

	write_file("release.txt", release_text, strlen(release_text));
	read_fixture("release.txt", "2012/release", 0, 0, 0, &r);
	check_release_doc(&r, "text file");
	result_release(&r);

	write_gz("release.dat", release_text, strlen(release_text));
	read_fixture("release.dat", "2012/release", 0, 0, 0, &r);
	check_release_doc(&r, "gzip without .gz in the name");
	result_release(&r);

	read_fixture("release.txt", "2012/release", 0, 0, 1, &r);
	is_int(r.st, READER_STOPPED, "a non-zero doc callback gives READER_STOPPED");
	result_release(&r);

	/* Windows line endings */
	static const char crlf[] = "Title\r\nVIENNA, 5 March 2021 – Text.\r\n";
	write_file("crlf.txt", crlf, sizeof(crlf) - 1);
	read_fixture("crlf.txt", "crlf", 0, 0, 0, &r);
	ok(r.ndocs == 1 && strcmp(r.docs[0].title, "Title") == 0 &&
		   strcmp(r.docs[0].place, "Vienna") == 0 && date_is(&r.docs[0], 2021, 3, 5),
	   "CRLF line endings");
	result_release(&r);
}

static void test_damaged_gzip(void)
{
	struct result r;
	/* Enough varied text that the compressed stream is long. */
	strbuf big = STRBUF_INIT;
	strbuf_adds(&big, "A title\n");
	for (unsigned i = 0; big.len < 200000; i++)
		strbuf_addf(&big, "Paragraph %u says %u things about %x. ", i, i * 7919u, i * 104729u);

	write_gz("cut.txt.gz", big.buf, big.len);
	off_t full = file_size("cut.txt.gz");
	cut_file("cut.txt.gz", full / 2);
	read_fixture("cut.txt.gz", "cut", 0, 0, 0, &r);
	is_int(r.st, READER_FAILED, "a truncated gzip fails");
	ok(strstr(reason_of(&r), "truncated") || strstr(reason_of(&r), "unexpected end"),
	   "the reason says it was cut short: '%s'", reason_of(&r));
	is_int(r.ndocs, 0, "no document from a truncated gzip");
	result_release(&r);

	write_gz("cut2.gz", big.buf, big.len);
	cut_file("cut2.gz", 20);
	read_fixture("cut2.gz", "cut", 0, 0, 0, &r);
	ok(r.st == READER_FAILED && r.reason.len && r.ndocs == 0,
	   "a gzip cut after its header fails: '%s'", reason_of(&r));
	result_release(&r);

	/* All the data, but not the trailer (CRC and size). */
	write_gz("notrailer.gz", release_text, strlen(release_text));
	cut_file("notrailer.gz", file_size("notrailer.gz") - 8);
	read_fixture("notrailer.gz", "x", 0, 0, 0, &r);
	ok(r.st == READER_FAILED && (strstr(reason_of(&r), "truncated") ||
				     strstr(reason_of(&r), "unexpected end")),
	   "a gzip without its trailer fails: '%s'", reason_of(&r));
	result_release(&r);

	/* A damaged stream: bytes in the middle overwritten. */
	write_gz("damaged.gz", big.buf, big.len);
	char *path = fixture_path("damaged.gz");
	FILE *f = fopen(path, "r+b");
	if (f) {
		fseek(f, (long)(file_size("damaged.gz") / 3), SEEK_SET);
		for (int i = 0; i < 64; i++)
			fputc(0xA5 ^ i, f);
		fclose(f);
	}
	free(path);
	read_fixture("damaged.gz", "x", 0, 0, 0, &r);
	ok(r.st == READER_FAILED && r.reason.len && r.ndocs == 0,
	   "a damaged gzip fails: '%s'", reason_of(&r));
	result_release(&r);

	/* A gzip bomb: far more decompressed bytes than max_input. */
	strbuf zeros = STRBUF_INIT;
	for (int i = 0; i < 400000; i++)
		strbuf_adds(&zeros, "word ");
	write_gz("bomb.gz", zeros.buf, zeros.len);
	ok(file_size("bomb.gz") < 20000, "the bomb is small compressed (%lld bytes)",
	   (long long)file_size("bomb.gz"));
	read_fixture("bomb.gz", "bomb", 0, 100000, 0, &r);
	is_int(r.st, READER_FAILED, "a gzip bomb fails at max_input");
	ok(strstr(reason_of(&r), "limit") && strstr(reason_of(&r), "100000"),
	   "the reason names the limit: '%s'", reason_of(&r));
	is_int(r.ndocs, 0, "no document from a gzip bomb");
	result_release(&r);

	read_fixture("bomb.gz", "bomb", 0, 4096, 0, &r);
	ok(r.st == READER_FAILED && strstr(reason_of(&r), "limit"),
	   "a limit smaller than the first block read: '%s'", reason_of(&r));
	result_release(&r);

	read_fixture("bomb.gz", "bomb", 0, 0, 0, &r);
	ok(r.st == READER_OK && r.ndocs == 1 && r.docs[0].textlen == zeros.len - 1,
	   "without a limit the same file is read whole");
	result_release(&r);

	write_gz("bomb.jsonl.gz", zeros.buf, zeros.len);
	read_fixture("bomb.jsonl.gz", "bomb", 0, 100000, 0, &r);
	ok(r.st == READER_FAILED && strstr(reason_of(&r), "limit"),
	   "a JSON Lines gzip bomb fails too: '%s'", reason_of(&r));
	result_release(&r);

	strbuf_release(&zeros);
	strbuf_release(&big);
}

static void test_empty_and_binary(void)
{
	struct result r;

	write_file("empty.txt", "", 0);
	read_fixture("empty.txt", "e", 0, 0, 0, &r);
	ok(r.st == READER_SKIPPED && strstr(reason_of(&r), "empty") && r.ndocs == 0,
	   "an empty file is skipped: '%s'", reason_of(&r));
	result_release(&r);

	write_gz("empty.gz", "", 0);
	read_fixture("empty.gz", "e", 0, 0, 0, &r);
	ok(r.st == READER_SKIPPED && strstr(reason_of(&r), "empty") && r.ndocs == 0,
	   "an empty gzip is skipped: '%s'", reason_of(&r));
	result_release(&r);

	write_file("blank.txt", " \n\t\r\n  \n", 8);
	read_fixture("blank.txt", "b", 0, 0, 0, &r);
	ok(r.st == READER_SKIPPED && strstr(reason_of(&r), "empty") && r.ndocs == 0,
	   "a file of blank lines is skipped: '%s'", reason_of(&r));
	result_release(&r);

	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
					     0, 0, 0, 13, 'I', 'H', 'D', 'R' };
	write_file("image.txt", png, sizeof(png));
	read_fixture("image.txt", "p", 0, 0, 0, &r);
	ok(r.st == READER_SKIPPED && strstr(reason_of(&r), "binary") && r.ndocs == 0,
	   "a PNG named .txt is skipped as binary: '%s'", reason_of(&r));
	result_release(&r);

	unsigned char noise[4096];
	unsigned x = 12345;
	for (size_t i = 0; i < sizeof(noise); i++) {
		x = x * 1103515245u + 12345u;
		noise[i] = i % 16 == 0 ? 0 : (unsigned char)(x >> 16);
	}
	write_file("noise.bin", noise, sizeof(noise));
	read_fixture("noise.bin", "n", 0, 0, 0, &r);
	ok(r.st == READER_SKIPPED && strstr(reason_of(&r), "binary") && r.ndocs == 0,
	   "random bytes with NULs are skipped as binary: '%s'", reason_of(&r));
	result_release(&r);

	write_gz("noise.gz", noise, sizeof(noise));
	read_fixture("noise.gz", "n", 0, 0, 0, &r);
	ok(r.st == READER_SKIPPED && strstr(reason_of(&r), "binary"),
	   "binary data is recognised after decompression");
	result_release(&r);

	read_fixture("no-such-file.txt", "x", 0, 0, 0, &r);
	ok(r.st == READER_FAILED && strstr(reason_of(&r), "No such file"),
	   "a missing file fails: '%s'", reason_of(&r));
	result_release(&r);

	char *dir = fixture_path("adir");
	mkdir(dir, 0755);
	free(dir);
	read_fixture("adir", "x", 0, 0, 0, &r);
	ok(r.st == READER_FAILED && strstr(reason_of(&r), "directory"),
	   "a directory fails: '%s'", reason_of(&r));
	result_release(&r);
}

static void test_bad_text(void)
{
	struct result r;
	const struct problem *p;

	static const char nuls[] = "Title\nA body with\0a NUL byte and another\0one, "
				   "in a text long enough to be text and not binary data.";
	write_file("nuls.txt", nuls, sizeof(nuls) - 1);
	read_fixture("nuls.txt", "n", 0, 0, 0, &r);
	ok(r.st == READER_OK && r.ndocs == 1, "a text with NUL bytes is read");
	if (r.ndocs == 1) {
		ok(strncmp(r.docs[0].text, "A body with a NUL byte and another one,", 39) == 0 &&
			   strlen(r.docs[0].text) == r.docs[0].textlen,
		   "NUL bytes became spaces");
	}
	p = find_problem(&r, 0, READER_WARNING);
	ok(p && strstr(p->msg, "2 NUL bytes"), "and a warning says so: '%s'", p ? p->msg : "");
	result_release(&r);

	static const char mixed[] = "Title\nCafé \xFF menu \xC3 end";
	write_file("mixed.txt", mixed, sizeof(mixed) - 1);
	read_fixture("mixed.txt", "m", 0, 0, 0, &r);
	ok(r.st == READER_OK && r.ndocs == 1, "a text with invalid UTF-8 is read");
	if (r.ndocs == 1)
		is_str(r.docs[0].text, "Café \xEF\xBF\xBD menu \xEF\xBF\xBD end",
		       "invalid bytes became U+FFFD, valid ones kept");
	p = find_problem(&r, 0, READER_WARNING);
	ok(p && strstr(p->msg, "U+FFFD"), "and a warning says so: '%s'", p ? p->msg : "");
	result_release(&r);

	static const char cp1252[] = "Caf\xE9 news\n\x93Quoted\x94 \x96 na\xEFve \x80 5 \x85";
	write_file("legacy.txt", cp1252, sizeof(cp1252) - 1);
	read_fixture("legacy.txt", "l", 0, 0, 0, &r);
	ok(r.st == READER_OK && r.ndocs == 1, "a Windows-1252 text is read");
	if (r.ndocs == 1) {
		is_str(r.docs[0].title, "Café news", "Windows-1252 title transcoded");
		is_str(r.docs[0].text, "“Quoted” – naïve € 5 …", "Windows-1252 body transcoded");
	}
	p = find_problem(&r, 0, READER_WARNING);
	ok(p && strstr(p->msg, "Windows-1252"), "and a warning says so: '%s'", p ? p->msg : "");
	result_release(&r);

	/* max_doc: a longer text is cut at a character boundary. */
	strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "Title!\n");
	while (sb.len < 3000)
		strbuf_adds(&sb, "é");
	write_file("long.txt", sb.buf, sb.len);
	read_fixture("long.txt", "l", 1000, 0, 0, &r);
	ok(r.st == READER_OK && r.ndocs == 1, "a text longer than max_doc is read");
	if (r.ndocs == 1) {
		is_int(r.docs[0].textlen, 992, "cut at the last whole character before max_doc");
		ok(utf8_valid(r.docs[0].text, r.docs[0].textlen), "the cut text is valid UTF-8");
	}
	p = find_problem(&r, 0, READER_WARNING);
	ok(p && strstr(p->msg, "1000 bytes"), "a warning says it was cut: '%s'", p ? p->msg : "");
	is_int(r.nprobs, 1, "and no other (the cut leaves no bad byte to replace)");
	result_release(&r);
	strbuf_release(&sb);
}

static void test_file_name_dates(void)
{
	static const struct {
		const char *name, *text;
		int y, m, d;
		const char *what;
	} cases[] = {
		{ "2012-10-18-x.txt", "Title\nNEW YORK, 18 October – Text", 2012, 10, 18,
		  "a dateline without year takes the name's year" },
		{ "2012-10-x.txt", "Title\nNEW YORK, 18 October – Text", 2012, 10, 18,
		  "also from a name with year and month" },
		{ "2013-10-29-x.txt", "Title\nNEW YORK, 18 October – Text", 2013, 10, 18,
		  "the dateline's day wins over the name's" },
		{ "2012-11-05-x.txt", "Title\nNEW YORK, 18 October – Text", 2012, 11, 5,
		  "months disagree: the name's date" },
		{ "2015-06-10-vienna.txt", "Title\nThe body has no dateline.", 2015, 6, 10,
		  "no dateline: the name's date" },
		{ "2015-06_notes.txt", "Title\nThe body.", 2015, 6, 0, "a partial date in the name" },
		{ "2015.txt", "Title\nThe body.", 2015, 0, 0, "a year as the name" },
		{ "2015-06-10-vienna-b.txt", "Title\nVIENNA – The body.", 2015, 6, 10,
		  "an undated dateline: the name's date" },
		{ "2011-01-01-x.txt", "Title\nVIENNA, 5 March 2021 – Text", 2021, 3, 5,
		  "a whole dateline date wins over the name" },
		{ "notes.txt", "Title\nNEW YORK, 18 October – Text", 0, 0, 0,
		  "no year anywhere: no date" },
		{ "2012-02-30-x.txt", "Title\nThe body.", 2012, 2, 0,
		  "an impossible day: the longest possible prefix, year and month" },
		{ "2012-13-01-x.txt", "Title\nThe body.", 2012, 0, 0,
		  "an impossible month: the year only" },
		{ "20121018-x.txt", "Title\nThe body.", 0, 0, 0, "a compact date in a name is none" },
		{ "2012-10-18x.txt", "Title\nThe body.", 2012, 10, 0,
		  "a date that does not end the word: the prefix that does" },
		{ "201x-notes.txt", "Title\nThe body.", 0, 0, 0, "no date at the start of the name" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct result r;
		write_file(cases[i].name, cases[i].text, strlen(cases[i].text));
		read_fixture(cases[i].name, cases[i].name, 0, 0, 0, &r);
		ok(r.ndocs == 1 && date_is(&r.docs[0], cases[i].y, cases[i].m, cases[i].d),
		   "%s: %s -> %d-%d-%d", cases[i].what, cases[i].name, cases[i].y, cases[i].m,
		   cases[i].d);
		if (r.ndocs == 1 && !date_is(&r.docs[0], cases[i].y, cases[i].m, cases[i].d))
			diag("got %d-%d-%d", r.docs[0].date.year, r.docs[0].date.month,
			     r.docs[0].date.day);
		result_release(&r);
	}
}

/* ------------------------------------------------------------------ */
/* JSON Lines                                                           */

static void test_jsonl(void)
{
	struct result r;
	const document *d;
	const struct problem *p;
	strbuf sb = STRBUF_INIT;

	/* line 1 */
	strbuf_adds(&sb, "{\"id\":\"a1\",\"title\":\"First\",\"text\":\"Body one\",\"date\":\"2012-10\","
			 "\"lang\":\"ru\",\"place\":\"Almaty\",\"source url\":\"http://x\","
			 "\"author\":\"Jane Doe\",\"count\":3,\"tags\":[\"a\"],\"nothing\":null}\n");
	strbuf_adds(&sb, "\n");                                        /* 2: blank */
	strbuf_adds(&sb, "{\"id\": 42, \"text\": \"Integer id\"}\n"); /* 3 */
	strbuf_adds(&sb, "{not json\n");                               /* 4 */
	strbuf_adds(&sb, "[1, 2, 3]\n");                               /* 5 */
	for (int i = 0; i < 5000; i++)                                 /* 6: deep */
		strbuf_addc(&sb, '[');
	for (int i = 0; i < 5000; i++)
		strbuf_addc(&sb, ']');
	strbuf_addc(&sb, '\n');
	strbuf_adds(&sb, "{\"title\":\"No id\",\"text\":\"x\"}\n");           /* 7 */
	strbuf_adds(&sb, "{\"id\":\"d\",\"date\":\"2012-10-18\"}\n");         /* 8 */
	strbuf_adds(&sb, "{\"id\":\"e\",\"text\":\"Bad date\",\"date\":\"yesterday\"}\n"); /* 9 */
	strbuf_adds(&sb, "{\"id\":\"f\",\"title\":\"T\\u0000x\",\"text\":\"NUL\\u0000inside\","
			 "\"author\":\"Jane\\u0000Doe\"}\n");                 /* 10 */
	strbuf_adds(&sb, "{\"id\":\"g\",\"text\":\"ALMATY, Kazakhstan, 18 October 2012 – The text\"}\n"); /* 11 */
	strbuf_adds(&sb, "{\"id\":\"h\",\"text\":\"VIENNA, 5 March 2021 – x\",\"date\":\"2020-01-01\"}\n"); /* 12 */
	strbuf_adds(&sb, "{\"id\":\"i\",\"title\":\"Only a title\"}\n");      /* 13 */
	strbuf_adds(&sb, "{\"id\":\"\",\"text\":\"empty id\"}\n");            /* 14 */
	strbuf_adds(&sb, "{\"id\":1.5,\"text\":\"float id\"}\n");             /* 15 */
	strbuf_adds(&sb, "{\"id\":\"j\",\"title\":5,\"text\":\"title is a number\"}\n"); /* 16 */
	strbuf_adds(&sb, "{\"id\":\"k\",\"text\":\"NEW YORK, 8 March – no year\"}\n"); /* 17 */
	strbuf_adds(&sb, "  {\"id\":\"l\",\"text\":\"last line, no newline\"}  ");  /* 18 */

	write_file("docs.jsonl", sb.buf, sb.len);
	read_fixture("docs.jsonl", "ignored", 0, 0, 0, &r);
	is_int(r.st, READER_OK, "JSON Lines: read");

	d = find_doc(&r, "a1");
	ok(d != NULL, "line 1 read");
	if (d) {
		is_str(d->title, "First", "title");
		is_str(d->text, "Body one", "text");
		ok(date_is(d, 2012, 10, 0), "a partial date");
		is_str(d->lang, "ru", "lang");
		is_str(d->place, "Almaty", "place");
		is_int(d->line, 1, "line number");
		ok(d->nmeta == 2 && strcmp(d->meta[0].key, "source url") == 0 &&
			   strcmp(d->meta[0].value, "http://x") == 0 &&
			   strcmp(d->meta[1].key, "author") == 0 &&
			   strcmp(d->meta[1].value, "Jane Doe") == 0,
		   "other string fields are metadata, in order; other types ignored");
	}
	d = find_doc(&r, "42");
	ok(d && strcmp(d->text, "Integer id") == 0 && d->line == 3 && !d->title,
	   "an integer id, line numbers count blank lines");
	ok(!find_problem(&r, 2, READER_DOC_INVALID) && !find_problem(&r, 2, READER_WARNING),
	   "a blank line is no problem");
	p = find_problem(&r, 4, READER_DOC_INVALID);
	ok(p && strstr(p->msg, "invalid JSON"), "a malformed line is invalid: '%s'",
	   p ? p->msg : "");
	p = find_problem(&r, 5, READER_DOC_INVALID);
	ok(p && strstr(p->msg, "not a JSON object"), "a non-object line is invalid: '%s'",
	   p ? p->msg : "");
	p = find_problem(&r, 6, READER_DOC_INVALID);
	ok(p != NULL, "5000 nested arrays are invalid, without a crash: '%s'", p ? p->msg : "");
	p = find_problem(&r, 7, READER_DOC_INVALID);
	ok(p && strstr(p->msg, "id"), "a line without id is invalid: '%s'", p ? p->msg : "");
	p = find_problem(&r, 8, READER_DOC_EMPTY);
	ok(p && !find_doc(&r, "d"), "a line with only a date is empty: '%s'", p ? p->msg : "");
	d = find_doc(&r, "e");
	p = find_problem(&r, 9, READER_WARNING);
	ok(d && d->date.year == 0 && p && strstr(p->msg, "date"),
	   "a bad date is a warning, the line indexed without date: '%s'", p ? p->msg : "");
	d = find_doc(&r, "f");
	ok(d && strcmp(d->title, "T x") == 0 && strcmp(d->text, "NUL inside") == 0 &&
		   d->textlen == 10,
	   "\\u0000 in title and text becomes a space");
	ok(d && d->nmeta == 1 && strcmp(d->meta[0].value, "Jane Doe") == 0,
	   "\\u0000 in a metadata value becomes a space");
	d = find_doc(&r, "g");
	ok(d && d->place && strcmp(d->place, "Almaty, Kazakhstan") == 0 && date_is(d, 2012, 10, 18),
	   "a dateline in text gives place and date");
	d = find_doc(&r, "h");
	ok(d && d->place && strcmp(d->place, "Vienna") == 0 && date_is(d, 2020, 1, 1),
	   "a dateline gives the place but not the date when \"date\" is there");
	d = find_doc(&r, "i");
	ok(d && strcmp(d->title, "Only a title") == 0 && d->text && d->textlen == 0,
	   "a title without text is indexed, text empty");
	p = find_problem(&r, 14, READER_DOC_INVALID);
	ok(p && strstr(p->msg, "empty"), "an empty id is invalid: '%s'", p ? p->msg : "");
	p = find_problem(&r, 15, READER_DOC_INVALID);
	ok(p && strstr(p->msg, "id"), "a non-integer number id is invalid: '%s'", p ? p->msg : "");
	d = find_doc(&r, "j");
	p = find_problem(&r, 16, READER_WARNING);
	ok(d && !d->title && p && strstr(p->msg, "title"),
	   "a title that is no string is ignored with a warning: '%s'", p ? p->msg : "");
	d = find_doc(&r, "k");
	ok(d && d->place && strcmp(d->place, "New York") == 0 && d->date.year == 0,
	   "a dateline without year gives the place, no date");
	d = find_doc(&r, "l");
	ok(d && d->line == 18, "the last line without a newline, surrounded by spaces");
	is_int(r.ndocs, 10, "ten documents in all");
	int invalid = 0, empty = 0;
	for (int i = 0; i < r.nprobs; i++) {
		invalid += r.probs[i].kind == READER_DOC_INVALID;
		empty += r.probs[i].kind == READER_DOC_EMPTY;
	}
	ok(invalid == 6 && empty == 1, "six invalid lines and one empty (%d, %d)", invalid, empty);
	ok(d && strstr(d->source, "docs.jsonl"), "source is the file");
	result_release(&r);

	/* Recognised by content under another name, and gzipped. */
	write_file("docs.txt", sb.buf, sb.len);
	read_fixture("docs.txt", "ignored", 0, 0, 0, &r);
	ok(r.st == READER_OK && r.ndocs == 10 && find_doc(&r, "a1"),
	   "JSON Lines recognised by content in a .txt file");
	result_release(&r);
	write_gz("docs.data", sb.buf, sb.len);
	read_fixture("docs.data", "ignored", 0, 0, 0, &r);
	ok(r.st == READER_OK && r.ndocs == 10, "and when gzipped without .gz");
	result_release(&r);

	read_fixture("docs.jsonl", "ignored", 0, 0, 2, &r);
	ok(r.st == READER_STOPPED && r.ndocs == 2, "the doc callback stops a JSON Lines file");
	result_release(&r);

	/* A gzip cut short: the lines before the cut are read, then it fails. */
	strbuf many = STRBUF_INIT;
	for (unsigned i = 0; many.len < 300000; i++)
		strbuf_addf(&many, "{\"id\":\"n%u\",\"text\":\"document %u of %x\"}\n", i, i * 7919u,
			    i * 104729u);
	write_gz("many.jsonl.gz", many.buf, many.len);
	cut_file("many.jsonl.gz", file_size("many.jsonl.gz") / 2);
	read_fixture("many.jsonl.gz", "x", 0, 0, 0, &r);
	ok(r.st == READER_FAILED && r.ndocs > 100 && strstr(reason_of(&r), "line "),
	   "a truncated JSON Lines gzip fails after its first lines (%d): '%s'", r.ndocs,
	   reason_of(&r));
	result_release(&r);
	strbuf_release(&many);

	/* max_doc: a line far longer is skipped; a text a little longer is cut. */
	strbuf_reset(&sb);
	strbuf_adds(&sb, "{\"id\":\"huge\",\"text\":\"");
	for (int i = 0; i < 3000; i++)
		strbuf_addc(&sb, 'x');
	strbuf_adds(&sb, "\"}\n{\"id\":\"long\",\"text\":\"a");
	for (int i = 0; i < 550; i++)
		strbuf_adds(&sb, "é");
	strbuf_adds(&sb, "\"}\n{\"id\":\"after\",\"text\":\"fine\"}\n");
	write_file("long.jsonl", sb.buf, sb.len);
	read_fixture("long.jsonl", "x", 1000, 0, 0, &r);
	p = find_problem(&r, 1, READER_DOC_INVALID);
	ok(p && strstr(p->msg, "longer"), "a line longer than max_doc is invalid: '%s'",
	   p ? p->msg : "");
	ok(!find_doc(&r, "huge"), "and left out");
	d = find_doc(&r, "long");
	ok(d && d->textlen == 999 && utf8_valid(d->text, d->textlen) && strlen(d->text) == 999,
	   "a text over max_doc is cut at a character boundary");
	p = find_problem(&r, 2, READER_WARNING);
	ok(p && strstr(p->msg, "1000"), "with a warning: '%s'", p ? p->msg : "");
	ok(find_doc(&r, "after") != NULL, "the line after a long one is read");
	result_release(&r);

	strbuf_release(&sb);

	/* A field with an empty name cannot be stored (found by fuzz-reader-jsonl). */
	const char *nameless = "{\"id\":\"m\",\"text\":\"x\",\"\":\"nameless\",\"k\":\"v\"}\n";
	write_file("nameless.jsonl", nameless, strlen(nameless));
	read_fixture("nameless.jsonl", "ignored", 0, 0, 0, &r);
	d = find_doc(&r, "m");
	ok(d && d->nmeta == 1 && strcmp(d->meta[0].key, "k") == 0,
	   "a field with an empty name is left out of the metadata");
	p = find_problem(&r, 1, READER_WARNING);
	ok(p && strstr(p->msg, "a field with an empty name: ignored"), "and said so: '%s'",
	   p ? p->msg : "");
	result_release(&r);
}

/* ------------------------------------------------------------------ */
/* reader_looks_binary                                                  */

/* Pulls the rest of a long body, as the indexer does. */
struct pulled {
	strbuf body;    /* text kept, then every piece */
	int pieces, bad_edges, stop_after;
	size_t kept;
};

static int pull_cb(void *ctx, document *doc)
{
	struct pulled *p = ctx;
	p->kept = doc->textlen;
	strbuf_add(&p->body, doc->text, doc->textlen);
	if (!doc->more)
		return 0;
	const char *piece;
	size_t n;
	while ((!p->stop_after || p->pieces < p->stop_after) &&
	       doc->more->next(doc->more->ctx, &piece, &n) > 0) {
		/* Pieces end at white space: no word is split. */
		if (n && piece[n - 1] != ' ' && piece[n - 1] != '\n')
			p->bad_edges++;
		strbuf_addc(&p->body, ' ');
		strbuf_add(&p->body, piece, n);
		p->pieces++;
	}
	/* As the indexer does: a failed finish means "do not index it", and
	 * the reader reports the failure. */
	doc->more->finish(doc->more->ctx);
	return 0;
}

static void pull_problem(void *ctx, const char *source, unsigned line, const char *msg,
			 enum reader_problem kind)
{
	(void)ctx, (void)source, (void)line, (void)msg, (void)kind;
}

static void test_long_text_pieces(void)
{
	strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "A long release\nVIENNA, 5 March 2021 - ");
	for (int i = 0; i < 40000; i++)
		strbuf_addf(&sb, "w%d%s", i, i % 13 == 12 ? "\n" : " ");
	write_file("long.txt", sb.buf, sb.len);
	write_gz("long.txt.gz", sb.buf, sb.len);
	const char *names[] = { "long.txt", "long.txt.gz" };
	for (int k = 0; k < 2; k++) {
		struct pulled p;
		memset(&p, 0, sizeof(p));
		strbuf_init(&p.body, 0);
		reader_opts o = { .format = READER_AUTO, .max_doc = 1000 };
		reader_callbacks cb = { pull_cb, pull_problem, &p };
		reader_info info;
		strbuf reason = STRBUF_INIT;
		char *path = fixture_path(names[k]);
		reader_status st = reader_read(path, "long", &o, &cb, &info, &reason);
		is_int(st, READER_OK, "%s: a long text is read", names[k]);
		ok(p.kept <= 1000, "%s: at most --max-doc bytes are kept (%zu)", names[k], p.kept);
		ok(p.pieces >= 3, "%s: the rest comes in pieces (%d)", names[k], p.pieces);
		/* Every word once, in order, none split. */
		int words_ok = 1;
		const char *q = p.body.buf;
		for (int i = 0; i < 40000 && words_ok; i++) {
			char w[16];
			snprintf(w, sizeof(w), "w%d", i);
			const char *at = strstr(q, w);
			size_t wl = strlen(w);
			if (!at || (at[wl] != ' ' && at[wl] != '\n' && at[wl] != 0))
				words_ok = 0;
			else
				q = at + wl;
		}
		ok(words_ok, "%s: the kept text and the pieces hold every word once, in order", names[k]);
		is_int(p.bad_edges, 0, "%s: every piece ends at white space (as the file does)", names[k]);
		ok(info.complete && info.hash == hash64_bytes(sb.buf, sb.len),
		   "%s: the content hash covers the whole file", names[k]);
		free(path);
		strbuf_release(&reason);
		strbuf_release(&p.body);
	}
	/* A consumer that stops early: finish() still reads to the end, so
	 * the hash covers it and damage at the end is found. */
	char *cut = fixture_path("long-cut.txt.gz");
	char *src = fixture_path("long.txt.gz");
	struct stat stt;
	stat(src, &stt);
	FILE *in = fopen(src, "rb"), *out = fopen(cut, "wb");
	char *gz = xmalloc((size_t)stt.st_size);
	if (in && out && fread(gz, 1, (size_t)stt.st_size, in) == (size_t)stt.st_size)
		fwrite(gz, 1, (size_t)stt.st_size - 20, out);
	if (in)
		fclose(in);
	if (out)
		fclose(out);
	free(gz);
	struct pulled p;
	memset(&p, 0, sizeof(p));
	strbuf_init(&p.body, 0);
	p.stop_after = 1;
	reader_opts o = { .format = READER_AUTO, .max_doc = 1000 };
	reader_callbacks cb = { pull_cb, pull_problem, &p };
	strbuf reason = STRBUF_INIT;
	reader_status st = reader_read(cut, "cut", &o, &cb, NULL, &reason);
	is_int(st, READER_FAILED, "a truncated gzip whose damage lies past the pieces used is found");
	is_str(reason.buf, "unexpected end of file (truncated gzip)", "with the reason");
	strbuf_release(&reason);
	strbuf_release(&p.body);
	free(cut);
	free(src);
	strbuf_release(&sb);
}

static void test_looks_binary(void)
{
	static const struct {
		const char *name;
		const char *data;
		size_t len;
		int binary;
	} cases[] = {
		{ "plain text", "Hello world.\nSecond line.\n", 26, 0 },
		{ "empty", "", 0, 0 },
		{ "Cyrillic UTF-8", "Привет, мир", 20, 0 },
		{ "text with tabs, form feed and an escape", "a\tb\fc\x1B[1md\r\n", 13, 0 },
		{ "one NUL in a long line", "This is a long line of text with\0one NUL", 40, 0 },
		{ "PDF: not binary, the PDF reader reads it", "%PDF-1.4\n", 9, 0 },
		{ "PNG", "\x89PNG\r\n\x1A\n", 8, 1 },
		{ "JPEG", "\xFF\xD8\xFF\xE0", 4, 1 },
		{ "ZIP", "PK\x03\x04rest", 8, 1 },
		{ "ELF", "\x7F" "ELF\x02\x01", 6, 1 },
		{ "GIF", "GIF89a", 6, 1 },
		{ "half NULs", "a\0b\0c\0d\0e\0", 10, 1 },
		{ "control bytes", "\x01\x02\x03\x04 text", 9, 1 },
		{ "a PDF signature cut short", "%PDF", 4, 0 },
		{ "a DOS end-of-file byte", "Some old text\r\nfrom DOS\r\n\x1A", 26, 0 },
		{ "sparse control bytes", "\x01 x \x02 x \x03 x \x04 x \x05 x \x06 x \x07 x \x0E x "
		  "and some more text to make it longer than thirty-two times eight bytes, "
		  "which it is not yet, so more words follow here and here and here and there "
		  "until the line is long enough for the rule", 221, 1 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		is_int(reader_looks_binary(cases[i].data, cases[i].len), cases[i].binary,
		       "reader_looks_binary: %s", cases[i].name);
	/* Random bytes, as compressed or encrypted data without a signature:
	 * about one in ten is a control byte. */
	char noise[8192];
	unsigned long x = 88172645463325252ul;
	for (size_t i = 0; i < sizeof(noise); i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		noise[i] = (char)(x >> 24);
	}
	for (size_t n = 256; n <= sizeof(noise); n *= 2)
		ok(reader_looks_binary(noise, n), "reader_looks_binary: %zu random bytes", n);
}

/* ------------------------------------------------------------------ */
/* The UTF-8 helpers the readers rely on (util.h)                       */

static void test_utf8(void)
{
	static const struct {
		const char *s;
		size_t n, max, want;
		const char *what;
	} cases[] = {
		{ "abc", 3, 10, 3, "ASCII shorter than max" },
		{ "abcdef", 6, 4, 4, "ASCII cut at max" },
		{ "h\xC3\xA9llo", 6, 2, 1, "a cut inside é steps back" },
		{ "h\xC3\xA9llo", 6, 3, 3, "a cut after é keeps it" },
		{ "\xF0\x9F\x98\x80!", 5, 3, 0, "a cut inside a 4-byte sequence" },
		{ "\xF0\x9F\x98\x80!", 5, 4, 4, "a cut after a 4-byte sequence" },
		{ "ab\xE2\x80", 4, 10, 2, "a string that ends inside a sequence" },
		{ "ab\xE2\x80", 4, 4, 2, "the same with n == max" },
		{ "a\x80", 2, 10, 2, "a stray continuation byte is no cut sequence" },
		{ "", 0, 5, 0, "empty" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		is_int(utf8_truncate(cases[i].s, cases[i].n, cases[i].max), cases[i].want,
		       "utf8_truncate: %s", cases[i].what);

	ok(utf8_valid("Caf\xC3\xA9", 5) && !utf8_valid("Caf\xE9", 4) &&
		   !utf8_valid("\xC0\xAF", 2) && !utf8_valid("\xED\xA0\x80", 3),
	   "utf8_valid rejects Latin-1, overlong forms and surrogates");
	strbuf sb = STRBUF_INIT;
	utf8_sanitise(&sb, "a\xFF" "b\xC3", 4);
	is_str(sb.buf, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD", "utf8_sanitise replaces each bad byte");
	strbuf_release(&sb);
}

/* ------------------------------------------------------------------ */
/* walk                                                                 */

struct walked {
	strbuf files;  /* "relpath|" for each file */
	strbuf errors; /* "relpath: reason|" for each error */
	int stop_at;
	int n;
	int paths_ok;
	const char *root;
};

static int walk_file(void *ctx, const walk_entry *e)
{
	struct walked *w = ctx;
	strbuf_adds(&w->files, e->relpath);
	strbuf_addc(&w->files, '|');
	/* path is the root joined with relpath, and names a regular file. */
	char *want = xasprintf("%s%s%s", w->root,
			       w->root[strlen(w->root) - 1] == '/' ? "" : "/", e->relpath);
	if (strcmp(e->path, want) != 0 || !S_ISREG(e->st.st_mode))
		w->paths_ok = 0;
	free(want);
	w->n++;
	return w->stop_at && w->n >= w->stop_at ? 42 : 0;
}

static void walk_error(void *ctx, const char *path, const char *reason, int skipped)
{
	struct walked *w = ctx;
	size_t rl = strlen(w->root);
	if (strncmp(path, w->root, rl) == 0)
		path += rl + (path[rl] == '/');
	strbuf_addf(&w->errors, "%s: %s%s|", path, reason, skipped ? " (skipped)" : "");
}

static int do_walk(const char *root, struct walked *w, int stop_at)
{
	memset(w, 0, sizeof(*w));
	strbuf_init(&w->files, 0);
	strbuf_init(&w->errors, 0);
	w->stop_at = stop_at;
	w->paths_ok = 1;
	w->root = root;
	return walk(root, walk_file, walk_error, w);
}

static void walked_release(struct walked *w)
{
	strbuf_release(&w->files);
	strbuf_release(&w->errors);
}

static void touch(const char *rel)
{
	write_file(rel, "x\n", 2);
}

static void test_walk(void)
{
	char *root = fixture_path("tree");
	char *p;
	mkdir(root, 0755);
	const char *dirs[] = { "tree/sub", "tree/sub/deeper", "tree/.hiddendir", "tree/sub2",
			       "tree/empty" };
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		p = fixture_path(dirs[i]);
		mkdir(p, 0755);
		free(p);
	}
	const char *files[] = { "tree/b.txt",       "tree/a.txt",         "tree/B.txt",
				"tree/.hidden.txt", "tree/.hiddendir/x",  "tree/sub/z.txt",
				"tree/sub/A.txt",   "tree/sub/deeper/c",  "tree/a-b.txt",
				"tree/a_b.txt",     "tree/\xC3\xA9t\xC3\xA9.txt" };
	for (size_t i = 0; i < ARRAY_SIZE(files); i++)
		touch(files[i]);
	int links = 1;
	p = fixture_path("tree/sub2/link");
	links &= symlink("..", p) == 0;
	free(p);
	p = fixture_path("tree/dangling");
	links &= symlink("nowhere", p) == 0;
	free(p);
	p = fixture_path("tree/link-to-file");
	links &= symlink("a.txt", p) == 0;
	free(p);
	p = fixture_path("tree/fifo");
	links &= mkfifo(p, 0644) == 0;
	free(p);
	ok(links, "fixture tree with symbolic links and a FIFO");

	struct walked w;
	int rc = do_walk(root, &w, 0);
	is_int(rc, 0, "walk returns 0 when done");
	is_str(w.files.buf,
	       "B.txt|a-b.txt|a.txt|a_b.txt|b.txt|link-to-file|sub/A.txt|sub/deeper/c|sub/z.txt|"
	       "\xC3\xA9t\xC3\xA9.txt|",
	       "files in byte order of names, hidden ones skipped, links to files followed");
	is_str(w.errors.buf,
	       "dangling: dangling symbolic link, or vanished|"
	       "fifo: not a regular file or directory (skipped)|"
	       "sub2/link: symbolic link loop, not followed (skipped)|",
	       "a dangling link, a FIFO and a loop are reported");
	ok(w.paths_ok, "each path is the root joined with its relpath, a regular file");
	walked_release(&w);

	/* The root given with a trailing slash. */
	char *rootslash = xasprintf("%s/", root);
	rc = do_walk(rootslash, &w, 0);
	ok(rc == 0 && strncmp(w.files.buf, "B.txt|a-b.txt|", 14) == 0 && w.paths_ok,
	   "a root with a trailing slash gives the same relpaths");
	walked_release(&w);
	free(rootslash);

	/* A subdirectory as root: relpaths relative to it. */
	p = fixture_path("tree/sub");
	rc = do_walk(p, &w, 0);
	is_str(w.files.buf, "A.txt|deeper/c|z.txt|", "relpaths are relative to the root given");
	walked_release(&w);
	free(p);

	/* An empty directory. */
	p = fixture_path("tree/empty");
	rc = do_walk(p, &w, 0);
	ok(rc == 0 && w.files.len == 0 && w.errors.len == 0, "an empty directory gives nothing");
	walked_release(&w);
	free(p);

	/* Stopping. */
	rc = do_walk(root, &w, 3);
	ok(rc == 42 && w.n == 3, "walk returns file_fn's non-zero value and stops");
	walked_release(&w);

	/* A single file. */
	p = fixture_path("tree/sub/z.txt");
	rc = do_walk(p, &w, 0);
	ok(rc == 0 && strcmp(w.files.buf, "z.txt|") == 0, "walking a file: relpath is its name");
	walked_release(&w);
	free(p);

	/* A root that does not exist. */
	p = fixture_path("tree/none");
	rc = do_walk(p, &w, 0);
	ok(rc == -1 && strstr(w.errors.buf, "No such file") && w.files.len == 0,
	   "a missing root: -1 and an error");
	walked_release(&w);
	free(p);

	/* A FIFO as root. */
	p = fixture_path("tree/fifo");
	rc = do_walk(p, &w, 0);
	ok(rc == 0 && strstr(w.errors.buf, "not a regular file") && w.files.len == 0,
	   "a FIFO as root is reported, not opened");
	walked_release(&w);
	free(p);

	/* An unreadable directory. */
	if (geteuid() == 0) {
		ok(1, "unreadable directory # SKIP running as root, which reads it anyway");
	} else {
		p = fixture_path("tree/sub/deeper");
		chmod(p, 0);
		rc = do_walk(root, &w, 0);
		ok(rc == 0 && strstr(w.errors.buf, "sub/deeper: Permission denied") &&
			   strstr(w.files.buf, "sub/z.txt|"),
		   "an unreadable directory is reported and the walk goes on");
		walked_release(&w);
		chmod(p, 0755);
		free(p);
	}
	free(root);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 2;
	}
	test_text_files();
	test_damaged_gzip();
	test_empty_and_binary();
	test_bad_text();
	test_file_name_dates();
	test_jsonl();
	test_long_text_pieces();
	test_looks_binary();
	test_utf8();
	test_walk();
	if (!getenv("KEEP")) nftw(tmpdir, rm_cb, 16, FTW_DEPTH | FTW_PHYS); else diag("kept %s", tmpdir);
	return done_testing();
}
