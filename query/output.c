/*
 * output.c - the text, JSON Lines, TSV, ids, paths and TREC writers for
 * query results, facets, explanations and summaries (see output.h).
 */
#include "output.h"

#include <string.h>

#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_MATCH "\033[1;31m"
#define C_RESET "\033[0m"

static const char *const field_names[OF_COUNT] = {
	"qid", "rank", "score", "id", "title", "date", "place", "lang", "orgs",
	"source", "line", "meta", "snippet", "highlights",
};

/* The default TSV columns (after qid in batch mode). */
static const int tsv_default[] = { OF_RANK, OF_SCORE, OF_ID, OF_DATE, OF_PLACE, OF_LANG,
				   OF_TITLE, OF_SNIPPET };

int output_field(const char *name, size_t len)
{
	for (int i = 0; i < OF_COUNT; i++)
		if (strlen(field_names[i]) == len && memcmp(field_names[i], name, len) == 0)
			return i;
	return -1;
}

const char *output_field_names(void)
{
	return "qid, rank, score, id, title, date, place, lang, orgs, source, line, meta, "
	       "snippet, highlights";
}

void output_init(output *o, enum out_format format, enum out_highlight hl, int color, FILE *f,
		 FILE *aux)
{
	memset(o, 0, sizeof(*o));
	o->format = format;
	o->highlight = hl;
	o->color = color;
	o->f = f;
	o->aux = aux;
	o->run_tag = "dateline";
	strbuf_init(&o->facets, 0);
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

/* Appends s with tabs and line breaks as spaces (for TSV). */
static void tsv_field(strbuf *sb, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		strbuf_addc(sb, c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
	}
}

/* The fields of a record: those chosen, or the format's default. */
static size_t record_fields(const output *o, int *out)
{
	size_t n = 0;
	if (o->nfields) {
		for (size_t i = 0; i < o->nfields; i++)
			out[n++] = o->fields[i];
		return n;
	}
	if (o->batch)
		out[n++] = OF_QID;
	if (o->format == OUT_TSV) {
		for (size_t i = 0; i < ARRAY_SIZE(tsv_default); i++)
			out[n++] = tsv_default[i];
		return n;
	}
	for (int f = OF_RANK; f < OF_COUNT; f++)
		out[n++] = f;
	return n;
}

void output_begin(output *o)
{
	if (o->format != OUT_TSV)
		return;
	int fields[OF_COUNT];
	size_t n = record_fields(o, fields);
	strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%s", i ? "\t" : "", field_names[fields[i]]);
	strbuf_addc(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, o->f);
	strbuf_release(&sb);
}

void output_query(output *o, const char *qid, const char *text)
{
	o->count = 0;
	strmap_release(&o->paths);
	if (o->format == OUT_TEXT && o->batch)
		fprintf(o->f, "%squery %s: %s%s\n", o->color ? C_BOLD : "", qid, text,
			o->color ? C_RESET : "");
}

static void mark(const output *o, const snippet *s, strbuf *out)
{
	switch (o->highlight) {
	case HL_COLOR: snippet_mark(s, C_MATCH, C_RESET, out); break;
	case HL_BRACKETS: snippet_mark(s, "[", "]", out); break;
	case HL_NONE: strbuf_add(out, s->text, s->len); break;
	}
}

/* Calls fn for each item of a '\n'-separated list. */
static void each_item(const char *list, size_t len, void (*fn)(void *, const char *, size_t, size_t),
		      void *ctx)
{
	size_t i = 0, k = 0;
	while (list && i < len) {
		const char *nl = memchr(list + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (list + i)) : len - i;
		if (n)
			fn(ctx, list + i, n, k++);
		i += n + 1;
	}
}

static void json_item(void *ctx, const char *s, size_t n, size_t k)
{
	strbuf *sb = ctx;
	if (k)
		strbuf_addc(sb, ',');
	json_put_string(sb, s, n);
}

static void tsv_item(void *ctx, const char *s, size_t n, size_t k)
{
	strbuf *sb = ctx;
	if (k)
		strbuf_adds(sb, "; ");
	tsv_field(sb, s, n);
}

static void json_explain(strbuf *sb, const out_explain *e, const char *sep)
{
	strbuf_addf(sb, "%s\"explain\":{\"score\":%.6f,\"sum\":%.6f,\"doclength\":%u,\"avlength\":%.3f,"
			"\"doccount\":%u,\"model\":",
		    sep, e->score, e->sum, e->doclength, e->avlength, e->doccount);
	json_put_string(sb, e->model, strlen(e->model));
	strbuf_adds(sb, ",\"parts\":[");
	for (size_t i = 0; i < e->nparts; i++) {
		const out_explain_part *p = &e->parts[i];
		strbuf_adds(sb, i ? ",{\"query\":" : "{\"query\":");
		json_put_string(sb, p->label, strlen(p->label));
		strbuf_adds(sb, ",\"field\":");
		json_put_string(sb, p->field, strlen(p->field));
		strbuf_addf(sb, ",\"weight\":%.6f,\"terms\":[", p->weight);
		for (size_t k = 0; k < p->nterms; k++) {
			strbuf_adds(sb, k ? ",{\"term\":" : "{\"term\":");
			json_put_string(sb, p->terms[k].term, strlen(p->terms[k].term));
			strbuf_addf(sb, ",\"wdf\":%u,\"termfreq\":%u", p->terms[k].wdf,
				    p->terms[k].termfreq);
			if (p->additive)
				strbuf_addf(sb, ",\"weight\":%.6f", p->terms[k].weight);
			strbuf_addc(sb, '}');
		}
		strbuf_adds(sb, "]}");
	}
	strbuf_adds(sb, "]}");
}

static void text_explain(const output *o, strbuf *sb, const out_explain *e)
{
	strbuf_addf(sb, "     %sexplain: score %.4f = the sum of these weights (%s; "
			"document length %u, average %.1f, %u documents)%s\n",
		    o->color ? C_DIM : "", e->score, e->model, e->doclength, e->avlength,
		    e->doccount, o->color ? C_RESET : "");
	strbuf_addf(sb, "     %10s  %s\n", "weight",
		    "query part: term (wdf in the document, documents with the term[, its weight])");
	for (size_t i = 0; i < e->nparts; i++) {
		const out_explain_part *p = &e->parts[i];
		strbuf_addf(sb, "     %10.4f  %s%s%s", p->weight, p->field, *p->field ? ":" : "", p->label);
		for (size_t k = 0; k < p->nterms; k++) {
			strbuf_addf(sb, "%s%s (%u, %u", k ? ", " : ": ", p->terms[k].term, p->terms[k].wdf,
				    p->terms[k].termfreq);
			if (p->additive)
				strbuf_addf(sb, ", %.4f", p->terms[k].weight);
			strbuf_addc(sb, ')');
		}
		strbuf_addc(sb, '\n');
	}
	strbuf_addf(sb, "     %10.4f  sum\n", e->sum);
}

static void json_result(output *o, const out_result *r, strbuf *sb)
{
	const document *d = r->doc;
	char date[11];
	date_format(&d->date, date);
	int fields[OF_COUNT];
	size_t n = record_fields(o, fields), put = 0;
	strbuf_addc(sb, '{');
	for (size_t i = 0; i < n; i++) {
		const char *s = NULL;
		size_t before = sb->len;
		strbuf_addf(sb, "%s\"%s\":", put ? "," : "", field_names[fields[i]]);
		size_t mark_len = sb->len;
		switch (fields[i]) {
		case OF_QID: s = r->qid; break;
		case OF_RANK: strbuf_addf(sb, "%u", r->rank); break;
		case OF_SCORE: strbuf_addf(sb, "%.4f", r->score); break;
		case OF_ID: s = d->id; break;
		case OF_TITLE: s = d->title; break;
		case OF_DATE: s = date; break;
		case OF_PLACE: s = d->place; break;
		case OF_LANG: s = d->lang; break;
		case OF_SOURCE: s = d->source; break;
		case OF_ORGS:
			if (r->orgslen) {
				strbuf_addc(sb, '[');
				each_item(r->orgs, r->orgslen, json_item, sb);
				strbuf_addc(sb, ']');
			}
			break;
		case OF_LINE:
			if (d->line)
				strbuf_addf(sb, "%u", d->line);
			break;
		case OF_META:
			if (d->nmeta) {
				strbuf_addc(sb, '{');
				for (size_t k = 0; k < d->nmeta; k++) {
					if (k)
						strbuf_addc(sb, ',');
					json_put_string(sb, d->meta[k].key, strlen(d->meta[k].key));
					strbuf_addc(sb, ':');
					json_put_string(sb, d->meta[k].value, strlen(d->meta[k].value));
				}
				strbuf_addc(sb, '}');
			}
			break;
		case OF_SNIPPET:
			if (r->snip)
				json_put_string(sb, r->snip->text, r->snip->len);
			break;
		case OF_HIGHLIGHTS:
			if (r->snip) {
				strbuf_addc(sb, '[');
				for (size_t k = 0; k < r->snip->nmatches; k++) {
					const snippet_match *m = &r->snip->matches[k];
					size_t st = snippet_chars(r->snip->text, m->start);
					size_t en = st + snippet_chars(r->snip->text + m->start, m->end - m->start);
					strbuf_addf(sb, "%s[%zu,%zu]", k ? "," : "", st, en);
				}
				strbuf_addc(sb, ']');
			}
			break;
		}
		if (s && *s)
			json_put_string(sb, s, strlen(s));
		if (sb->len == mark_len)
			strbuf_setlen(sb, before); /* no value: left out */
		else
			put++;
	}
	if (r->explain)
		json_explain(sb, r->explain, put ? "," : "");
	strbuf_adds(sb, "}\n");
}

static void tsv_result(output *o, const out_result *r, strbuf *sb)
{
	const document *d = r->doc;
	char date[11];
	date_format(&d->date, date);
	int fields[OF_COUNT];
	size_t n = record_fields(o, fields);
	for (size_t i = 0; i < n; i++) {
		const char *s = NULL;
		if (i)
			strbuf_addc(sb, '\t');
		switch (fields[i]) {
		case OF_QID: s = r->qid; break;
		case OF_RANK: strbuf_addf(sb, "%u", r->rank); break;
		case OF_SCORE: strbuf_addf(sb, "%.4f", r->score); break;
		case OF_ID: s = d->id; break;
		case OF_TITLE: s = d->title; break;
		case OF_DATE: s = date; break;
		case OF_PLACE: s = d->place; break;
		case OF_LANG: s = d->lang; break;
		case OF_SOURCE: s = d->source; break;
		case OF_ORGS: each_item(r->orgs, r->orgslen, tsv_item, sb); break;
		case OF_LINE:
			if (d->line)
				strbuf_addf(sb, "%u", d->line);
			break;
		case OF_META:
			/* As a JSON object, which holds any key and value. */
			if (d->nmeta) {
				strbuf js = STRBUF_INIT;
				strbuf_addc(&js, '{');
				for (size_t k = 0; k < d->nmeta; k++) {
					if (k)
						strbuf_addc(&js, ',');
					json_put_string(&js, d->meta[k].key, strlen(d->meta[k].key));
					strbuf_addc(&js, ':');
					json_put_string(&js, d->meta[k].value, strlen(d->meta[k].value));
				}
				strbuf_addc(&js, '}');
				strbuf_add(sb, js.buf, js.len);
				strbuf_release(&js);
			}
			break;
		case OF_SNIPPET:
			if (r->snip) {
				strbuf marked = STRBUF_INIT;
				mark(o, r->snip, &marked);
				tsv_field(sb, marked.buf, marked.len);
				strbuf_release(&marked);
			}
			break;
		case OF_HIGHLIGHTS:
			for (size_t k = 0; r->snip && k < r->snip->nmatches; k++) {
				const snippet_match *m = &r->snip->matches[k];
				size_t st = snippet_chars(r->snip->text, m->start);
				size_t en = st + snippet_chars(r->snip->text + m->start, m->end - m->start);
				strbuf_addf(sb, "%s%zu-%zu", k ? "," : "", st, en);
			}
			break;
		}
		if (s)
			tsv_field(sb, s, strlen(s));
	}
	strbuf_addc(sb, '\n');
}

static void text_result(output *o, const out_result *r, strbuf *sb)
{
	const document *d = r->doc;
	char date[11];
	date_format(&d->date, date);
	if (o->count > 1)
		strbuf_addc(sb, '\n');
	strbuf_addf(sb, "%s%3u%s  %7.3f  %-10s  ", o->color ? C_BOLD : "", r->rank,
		    o->color ? C_RESET : "", r->score, *date ? date : "-");
	if (d->place)
		strbuf_addf(sb, "%s  ", d->place);
	strbuf_addf(sb, "%s%s%s\n", o->color ? C_DIM : "", d->id, o->color ? C_RESET : "");
	if (d->title)
		strbuf_addf(sb, "     %s%s%s\n", o->color ? C_BOLD : "", d->title, o->color ? C_RESET : "");
	if (r->snip && r->snip->len) {
		strbuf_adds(sb, "     ");
		mark(o, r->snip, sb);
		strbuf_addc(sb, '\n');
	}
	if (r->explain)
		text_explain(o, sb, r->explain);
}

/* A record of ids or paths: "value" or "QID<TAB>value", then '\n' or NUL. */
static void line_record(const output *o, const out_result *r, const char *value, strbuf *sb)
{
	if (o->batch)
		strbuf_addf(sb, "%s\t", r->qid);
	strbuf_adds(sb, value);
	strbuf_addc(sb, o->nul ? '\0' : '\n');
}

void output_result(output *o, const out_result *r)
{
	strbuf sb = STRBUF_INIT;
	o->count++;
	switch (o->format) {
	case OUT_JSON: json_result(o, r, &sb); break;
	case OUT_TSV: tsv_result(o, r, &sb); break;
	case OUT_TEXT: text_result(o, r, &sb); break;
	case OUT_IDS: line_record(o, r, r->doc->id, &sb); break;
	case OUT_PATHS: {
		const char *p = r->doc->source ? r->doc->source : r->doc->id;
		int added;
		strmap_put(&o->paths, p, strlen(p), &added);
		if (added)
			line_record(o, r, p, &sb);
		break;
	}
	case OUT_TREC: {
		strbuf id = STRBUF_INIT;
		for (const char *p = r->doc->id; *p; p++)
			strbuf_addc(&id, *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ? '_' : *p);
		strbuf_addf(&sb, "%s Q0 %s %u %.6f %s\n", r->qid ? r->qid : "1", id.buf, r->rank,
			    r->score, o->run_tag);
		strbuf_release(&id);
		break;
	}
	}
	fwrite(sb.buf, 1, sb.len, o->f);
	strbuf_release(&sb);
}

/* Facets and summaries of the formats that print records only go to aux,
 * laid out as text. */
static int to_aux(const output *o)
{
	return o->format == OUT_IDS || o->format == OUT_PATHS || o->format == OUT_TREC;
}

void output_facet(output *o, const out_facet *f)
{
	strbuf sb = STRBUF_INIT;
	FILE *dst = to_aux(o) ? o->aux : o->f;
	switch (to_aux(o) ? OUT_TEXT : o->format) {
	case OUT_JSON:
		strbuf_adds(&sb, "{");
		if (o->batch && f->qid) {
			strbuf_adds(&sb, "\"qid\":");
			json_put_string(&sb, f->qid, strlen(f->qid));
			strbuf_addc(&sb, ',');
		}
		strbuf_adds(&sb, "\"facet\":");
		json_put_string(&sb, f->name, strlen(f->name));
		strbuf_addf(&sb, ",\"documents\":%u,\"counts\":[", f->documents);
		for (size_t i = 0; i < f->n; i++) {
			strbuf_adds(&sb, i ? ",{\"value\":" : "{\"value\":");
			json_put_string(&sb, f->values[i], strlen(f->values[i]));
			strbuf_addf(&sb, ",\"count\":%u}", f->counts[i]);
		}
		strbuf_adds(&sb, "]}\n");
		break;
	case OUT_TSV:
		/* Kept for output_end(): one table after the results. */
		for (size_t i = 0; i < f->n; i++) {
			if (o->batch) {
				tsv_field(&o->facets, f->qid, strlen(f->qid));
				strbuf_addc(&o->facets, '\t');
			}
			strbuf_addf(&o->facets, "%s\t", f->name);
			tsv_field(&o->facets, f->values[i], strlen(f->values[i]));
			strbuf_addf(&o->facets, "\t%u\n", f->counts[i]);
		}
		break;
	default:
		strbuf_addf(&sb, "\n%s%s%s%s%s (%u matching documents):%s\n", o->color && !to_aux(o) ? C_BOLD : "",
			    o->batch && f->qid ? "query " : "", o->batch && f->qid ? f->qid : "",
			    o->batch && f->qid ? ", " : "", f->name, f->documents,
			    o->color && !to_aux(o) ? C_RESET : "");
		for (size_t i = 0; i < f->n; i++)
			strbuf_addf(&sb, "  %7u  %s\n", f->counts[i], f->values[i]);
		if (!f->n)
			strbuf_adds(&sb, "  (no values)\n");
		break;
	}
	fwrite(sb.buf, 1, sb.len, dst);
	strbuf_release(&sb);
}

void output_summary(output *o, const out_summary *s)
{
	strbuf sb = STRBUF_INIT;
	FILE *dst = o->format == OUT_JSON || o->format == OUT_TEXT ? o->f : o->aux;
	if (o->format == OUT_JSON) {
		strbuf_adds(&sb, "{\"summary\":{");
		if (o->batch && s->qid) {
			strbuf_adds(&sb, "\"qid\":");
			json_put_string(&sb, s->qid, strlen(s->qid));
			strbuf_addc(&sb, ',');
		}
		strbuf_adds(&sb, "\"query\":");
		json_put_string(&sb, s->query, strlen(s->query));
		if (s->parsed) {
			strbuf_adds(&sb, ",\"parsed\":");
			json_put_string(&sb, s->parsed, strlen(s->parsed));
		}
		strbuf_addf(&sb,
			    ",\"matches\":%u,\"matches_lower\":%u,\"matches_upper\":%u,"
			    "\"returned\":%u,\"offset\":%u,\"elapsed_ms\":%.3f",
			    s->matches, s->lower, s->upper, s->returned, s->offset, s->elapsed_ms);
		if (s->did_you_mean) {
			strbuf_adds(&sb, ",\"did_you_mean\":");
			json_put_string(&sb, s->did_you_mean, strlen(s->did_you_mean));
		}
		if (s->reranked)
			strbuf_adds(&sb, ",\"reranked\":true");
		if (s->nmissing) {
			strbuf_adds(&sb, ",\"partial\":true,\"missing\":[");
			for (size_t i = 0; i < s->nmissing; i++) {
				if (i)
					strbuf_addc(&sb, ',');
				json_put_string(&sb, s->missing[i], strlen(s->missing[i]));
			}
			strbuf_addc(&sb, ']');
		}
		strbuf_adds(&sb, "}}\n");
	} else {
		int color = o->color && dst == o->f;
		strbuf_addf(&sb, "\n%s%s%s%s%u of about %u matches (%.1f ms)%s\n", color ? C_DIM : "",
			    o->batch && s->qid ? "query " : "", o->batch && s->qid ? s->qid : "",
			    o->batch && s->qid ? ": " : "", s->returned, s->matches, s->elapsed_ms,
			    color ? C_RESET : "");
	}
	fwrite(sb.buf, 1, sb.len, dst);
	strbuf_release(&sb);
}

void output_partial(output *o, const char *const *missing, size_t n, size_t total)
{
	if (o->format != OUT_TEXT)
		return;
	strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%spartial results: %zu of %zu indexes left out:", o->color ? C_BOLD : "", n,
		    total);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, " %s", missing[i]);
	strbuf_addf(&sb, "%s\n", o->color ? C_RESET : "");
	fwrite(sb.buf, 1, sb.len, o->f);
	strbuf_release(&sb);
}

void output_end(output *o)
{
	if (o->facets.len) {
		fprintf(o->f, "\n%sfacet\tvalue\tcount\n", o->batch ? "qid\t" : "");
		fwrite(o->facets.buf, 1, o->facets.len, o->f);
	}
	strbuf_release(&o->facets);
	strmap_release(&o->paths);
}
