/*
 * output.c - text, JSON Lines and TSV writers for query results.
 */
#include "output.h"
#include "util.h"

#include <string.h>

#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_MATCH "\033[1;31m"
#define C_RESET "\033[0m"

void output_init(output *o, enum out_format format, enum out_highlight hl, int color, FILE *f)
{
	o->format = format;
	o->highlight = hl;
	o->color = color;
	o->f = f;
	o->count = 0;
}

void json_put_string(strbuf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	strbuf_addc(out, '"');
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		strbuf_add(out, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': strbuf_adds(out, "\\\""); break;
		case '\\': strbuf_adds(out, "\\\\"); break;
		case '\n': strbuf_adds(out, "\\n"); break;
		case '\t': strbuf_adds(out, "\\t"); break;
		case '\r': strbuf_adds(out, "\\r"); break;
		default: {
			char u[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };
			strbuf_adds(out, u);
		}
		}
	}
	strbuf_add(out, s + run, n - run);
	strbuf_addc(out, '"');
}

static void json_field(strbuf *sb, const char *name, const char *val)
{
	if (!val || !*val)
		return;
	strbuf_addf(sb, ",\"%s\":", name);
	json_put_string(sb, val, strlen(val));
}

/* Appends s with tabs and line breaks as spaces (for TSV). */
static void tsv_field(strbuf *sb, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		strbuf_addc(sb, c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
	}
}

void output_begin(output *o)
{
	if (o->format == OUT_TSV)
		fputs("rank\tscore\tid\tdate\tplace\tlang\ttitle\tsnippet\n", o->f);
}

static void mark(const output *o, const snippet *s, strbuf *out)
{
	switch (o->highlight) {
	case HL_COLOR: snippet_mark(s, C_MATCH, C_RESET, out); break;
	case HL_BRACKETS: snippet_mark(s, "[", "]", out); break;
	case HL_NONE: strbuf_add(out, s->text, s->len); break;
	}
}

void output_result(output *o, const out_result *r)
{
	strbuf sb = STRBUF_INIT;
	const document *d = r->doc;
	char date[11];
	date_format(&d->date, date);
	o->count++;

	switch (o->format) {
	case OUT_JSON:
		strbuf_addf(&sb, "{\"rank\":%u,\"score\":%.4f", r->rank, r->score);
		json_field(&sb, "id", d->id);
		json_field(&sb, "title", d->title);
		json_field(&sb, "date", date);
		json_field(&sb, "place", d->place);
		json_field(&sb, "lang", d->lang);
		json_field(&sb, "source", d->source);
		if (d->line)
			strbuf_addf(&sb, ",\"line\":%u", d->line);
		if (d->nmeta) {
			strbuf_adds(&sb, ",\"meta\":{");
			for (size_t i = 0; i < d->nmeta; i++) {
				if (i)
					strbuf_addc(&sb, ',');
				json_put_string(&sb, d->meta[i].key, strlen(d->meta[i].key));
				strbuf_addc(&sb, ':');
				json_put_string(&sb, d->meta[i].value, strlen(d->meta[i].value));
			}
			strbuf_addc(&sb, '}');
		}
		if (r->snip) {
			strbuf_adds(&sb, ",\"snippet\":");
			json_put_string(&sb, r->snip->text, r->snip->len);
			strbuf_adds(&sb, ",\"highlights\":[");
			for (size_t i = 0; i < r->snip->nmatches; i++) {
				const snippet_match *m = &r->snip->matches[i];
				size_t s = snippet_chars(r->snip->text, m->start);
				size_t e = s + snippet_chars(r->snip->text + m->start, m->end - m->start);
				strbuf_addf(&sb, "%s[%zu,%zu]", i ? "," : "", s, e);
			}
			strbuf_addc(&sb, ']');
		}
		strbuf_adds(&sb, "}\n");
		break;
	case OUT_TSV:
		strbuf_addf(&sb, "%u\t%.4f\t", r->rank, r->score);
		tsv_field(&sb, d->id, strlen(d->id));
		strbuf_addf(&sb, "\t%s\t", date);
		if (d->place)
			tsv_field(&sb, d->place, strlen(d->place));
		strbuf_addc(&sb, '\t');
		if (d->lang)
			tsv_field(&sb, d->lang, strlen(d->lang));
		strbuf_addc(&sb, '\t');
		if (d->title)
			tsv_field(&sb, d->title, strlen(d->title));
		strbuf_addc(&sb, '\t');
		if (r->snip) {
			strbuf marked = STRBUF_INIT;
			mark(o, r->snip, &marked);
			tsv_field(&sb, marked.buf, marked.len);
			strbuf_release(&marked);
		}
		strbuf_addc(&sb, '\n');
		break;
	case OUT_TEXT:
		if (o->count > 1)
			strbuf_addc(&sb, '\n');
		strbuf_addf(&sb, "%s%3u%s  %7.3f  %-10s  ", o->color ? C_BOLD : "", r->rank,
			    o->color ? C_RESET : "", r->score, *date ? date : "-");
		if (d->place)
			strbuf_addf(&sb, "%s  ", d->place);
		strbuf_addf(&sb, "%s%s%s\n", o->color ? C_DIM : "", d->id, o->color ? C_RESET : "");
		if (d->title)
			strbuf_addf(&sb, "     %s%s%s\n", o->color ? C_BOLD : "", d->title,
				    o->color ? C_RESET : "");
		if (r->snip && r->snip->len) {
			strbuf_adds(&sb, "     ");
			mark(o, r->snip, &sb);
			strbuf_addc(&sb, '\n');
		}
		break;
	}
	fwrite(sb.buf, 1, sb.len, o->f);
	strbuf_release(&sb);
}

void output_summary(output *o, const out_summary *s)
{
	strbuf sb = STRBUF_INIT;
	switch (o->format) {
	case OUT_JSON:
		strbuf_adds(&sb, "{\"summary\":{\"query\":");
		json_put_string(&sb, s->query, strlen(s->query));
		strbuf_addf(&sb,
			    ",\"matches\":%u,\"matches_lower\":%u,\"matches_upper\":%u,"
			    "\"returned\":%u,\"offset\":%u,\"elapsed_ms\":%.3f}}\n",
			    s->matches, s->lower, s->upper, s->returned, s->offset, s->elapsed_ms);
		break;
	case OUT_TSV:
		break;
	case OUT_TEXT:
		strbuf_addf(&sb, "\n%s%u of about %u matches (%.1f ms)%s\n", o->color ? C_DIM : "",
			    s->returned, s->matches, s->elapsed_ms, o->color ? C_RESET : "");
		break;
	}
	fwrite(sb.buf, 1, sb.len, o->f);
	strbuf_release(&sb);
}
