/*
 * test-formats.c - telling formats by content (sniff.c), the character set
 * a page declares (html.c), and the text helpers of extract.c.
 */
#include "extract.h"
#include "html.h"
#include "reader.h"
#include "util.h"

#include "tap.h"

#include <string.h>

#define S(lit) lit, sizeof(lit) - 1

static const struct scase {
	const char *name;
	const char *data;
	size_t len;
	enum reader_format want;
} sniff_cases[] = {
	{ "a doctype", S("<!DOCTYPE html>\n<html>"), READER_HTML },
	{ "a doctype in lower case", S("<!doctype HTML><p>x"), READER_HTML },
	{ "<html> alone", S("<html><body>x</body></html>"), READER_HTML },
	{ "<html lang=...>", S("<html lang=\"ru\">"), READER_HTML },
	{ "<HEAD>", S("<HEAD><TITLE>x</TITLE>"), READER_HTML },
	{ "<body> after white space", S("\n\n   <body>"), READER_HTML },
	{ "after a UTF-8 byte order mark", S("\xEF\xBB\xBF<!DOCTYPE html>"), READER_HTML },
	{ "after comments", S("<!-- saved from url=(0042) -->\n<!-- x --><html>"), READER_HTML },
	{ "after an XML declaration (XHTML)", S("<?xml version=\"1.0\"?>\n<html xmlns=\"x\">"),
	  READER_HTML },
	{ "UTF-16 little-endian with its mark", S("\xFF\xFE<\0h\0t\0m\0l\0>\0"), READER_HTML },
	{ "UTF-16 big-endian with its mark", S("\xFE\xFF\0<\0h\0t\0m\0l\0>"), READER_HTML },
	{ "a PDF", S("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"), READER_PDF },
	{ "a PDF after a byte order mark", S("\xEF\xBB\xBF%PDF-1.4"), READER_PDF },
	{ "a press release", S("OSCE supports\nVIENNA, 5 March 2021 – text"), READER_AUTO },
	{ "text that mentions <html> later", S("About HTML: <html> starts a page"), READER_AUTO },
	{ "<htmlx> is no html tag", S("<htmlx>"), READER_AUTO },
	{ "a paragraph tag is not enough", S("<p>Only a paragraph</p>"), READER_AUTO },
	{ "an unclosed comment", S("<!-- never closed <html>"), READER_AUTO },
	{ "%PDF not at the start", S("see %PDF-1.4"), READER_AUTO },
	{ "%PDF cut short", S("%PDF"), READER_AUTO },
	{ "empty", S(""), READER_AUTO },
	{ "JSON", S("{\"id\": 1}\n"), READER_AUTO },
};

static const struct ccase {
	const char *name;
	const char *data;
	size_t len;
	const char *want;
} charset_cases[] = {
	{ "meta charset", S("<html><head><meta charset=\"windows-1251\">"), "windows-1251" },
	{ "meta charset without quotes", S("<meta charset=UTF-8>"), "utf-8" },
	{ "http-equiv content type",
	  S("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=ISO-8859-1\">"),
	  "iso-8859-1" },
	{ "spaces around =", S("<meta charset = 'koi8-r' >"), "koi8-r" },
	{ "UTF-8 byte order mark wins", S("\xEF\xBB\xBF<meta charset=\"windows-1252\">"), "utf-8" },
	{ "UTF-16LE byte order mark", S("\xFF\xFE<\0"), "utf-16le" },
	{ "UTF-16BE byte order mark", S("\xFE\xFF\0<"), "utf-16be" },
	{ "no declaration", S("<html><head><title>x</title>"), "" },
	{ "charset outside a meta tag", S("<p>charset=koi8-r</p>"), "" },
	{ "an empty value", S("<meta charset=\"\">"), "" },
};

static void test_sniff(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(sniff_cases); i++)
		is_int(reader_sniff_format(sniff_cases[i].data, sniff_cases[i].len), sniff_cases[i].want,
		       "reader_sniff_format: %s", sniff_cases[i].name);
}

static void test_charset(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(charset_cases); i++) {
		char out[32];
		html_declared_charset(charset_cases[i].data, charset_cases[i].len, out, sizeof(out));
		is_str(out, charset_cases[i].want, "html_declared_charset: %s", charset_cases[i].name);
	}
	/* A declaration past the first 4 KB is not looked for. */
	strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 5000; i++)
		strbuf_addc(&sb, ' ');
	strbuf_adds(&sb, "<meta charset=\"koi8-r\">");
	char out[32];
	html_declared_charset(sb.buf, sb.len, out, sizeof(out));
	is_str(out, "", "html_declared_charset: only the first 4 KB");
	strbuf_release(&sb);
	/* A long name is cut to the room given. */
	html_declared_charset(S("<meta charset=\"abcdefghijklmnopqrstuvwxyz0123456789\">"), out, 8);
	is_str(out, "abcdefg", "html_declared_charset: cut to the room given");
}

static void test_text(void)
{
	strbuf sb = STRBUF_INIT;
	extract_add_text(&sb, S("  Two   words\t here "));
	extract_end_line(&sb);
	extract_end_line(&sb);
	extract_add_text(&sb, S("\n  next\xC2\xA0line  "));
	extract_end_line(&sb);
	is_str(sb.buf, "Two words here\nnext line\n",
	       "extract_add_text: spaces made one, lines ended once, no-break spaces are spaces");
	strbuf_release(&sb);
	strbuf empty = STRBUF_INIT;
	extract_end_line(&empty);
	is_int(empty.len, 0, "extract_end_line on nothing adds nothing");
	strbuf_release(&empty);
}

int main(void)
{
	test_sniff();
	test_charset();
	test_text();
	return done_testing();
}
