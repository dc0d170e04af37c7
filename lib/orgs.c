/*
 * orgs.c - organisations named in a text (see orgs.h for the heuristic).
 *
 * Tokens arrive from the analyser with their byte spans; at orgs_finish()
 * the gaps between them are classified (spaces, a hyphen, or anything
 * else, which ends names), known names are matched token by token, and
 * runs of capitalised words are read for other names.  The tables of known
 * names, head words and small words are built once, on first use, with an
 * analyser of their own, so that they are folded exactly as texts are.
 */
#include "orgs.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ------------------------------------------------------------------ */
/* Tables                                                               */

/* Known organisations: the canonical name, the organisation it belongs to
 * (NULL if none), and its other names separated by '|'. */
static const struct known_org {
	const char *name;
	const char *parent;
	const char *aliases;
} known_orgs[] = {
	{ "OSCE", NULL,
	  "Organization for Security and Co-operation in Europe|"
	  "Organisation for Security and Co-operation in Europe|"
	  "Organization for Security and Cooperation in Europe|ОБСЕ|"
	  "Организация по безопасности и сотрудничеству в Европе" },
	{ "ODIHR", "OSCE",
	  "OSCE Office for Democratic Institutions and Human Rights|"
	  "Office for Democratic Institutions and Human Rights|БДИПЧ|БДИПЧ ОБСЕ|"
	  "Бюро по демократическим институтам и правам человека|"
	  "Бюро ОБСЕ по демократическим институтам и правам человека" },
	{ "OSCE Parliamentary Assembly", "OSCE",
	  "OSCE PA|Парламентская ассамблея ОБСЕ|Парламентской ассамблеи ОБСЕ|ПА ОБСЕ" },
	{ "OSCE High Commissioner on National Minorities", "OSCE",
	  "High Commissioner on National Minorities|HCNM|"
	  "Верховный комиссар ОБСЕ по делам национальных меньшинств|ВКНМ" },
	{ "OSCE Representative on Freedom of the Media", "OSCE",
	  "Representative on Freedom of the Media|RFoM|"
	  "Представитель ОБСЕ по вопросам свободы СМИ" },
	{ "OSCE Secretariat", "OSCE", "Секретариат ОБСЕ" },
	{ "OSCE Centre in Astana", "OSCE", "Центр ОБСЕ в Астане" },
	{ "OSCE Programme Office in Astana", "OSCE", "Офис программ ОБСЕ в Астане" },
	{ "OSCE Centre in Ashgabat", "OSCE", "Центр ОБСЕ в Ашхабаде" },
	{ "OSCE Centre in Bishkek", "OSCE", "Центр ОБСЕ в Бишкеке" },
	{ "OSCE Programme Office in Bishkek", "OSCE", "Офис программ ОБСЕ в Бишкеке" },
	{ "OSCE Academy in Bishkek", "OSCE", "Академия ОБСЕ в Бишкеке" },
	{ "OSCE Programme Office in Dushanbe", "OSCE", "Офис программ ОБСЕ в Душанбе" },
	{ "OSCE Office in Tajikistan", "OSCE", "Офис ОБСЕ в Таджикистане" },
	{ "OSCE Border Management Staff College", "OSCE",
	  "Border Management Staff College|BMSC|"
	  "Колледж ОБСЕ по вопросам управления границами" },
	{ "OSCE Project Co-ordinator in Uzbekistan", "OSCE",
	  "Координатор проектов ОБСЕ в Узбекистане" },
	{ "OSCE Project Co-ordinator in Ukraine", "OSCE", "Координатор проектов ОБСЕ в Украине" },
	{ "OSCE Special Monitoring Mission to Ukraine", "OSCE",
	  "Special Monitoring Mission to Ukraine|SMM|"
	  "Специальная мониторинговая миссия ОБСЕ в Украине" },
	{ "OSCE Mission to Skopje", "OSCE", "Миссия ОБСЕ в Скопье" },
	{ "OSCE Mission in Kosovo", "OSCE", "Миссия ОБСЕ в Косово" },
	{ "OSCE Mission to Serbia", "OSCE", "Миссия ОБСЕ в Сербии" },
	{ "OSCE Mission to Bosnia and Herzegovina", "OSCE", "Миссия ОБСЕ в Боснии и Герцеговине" },
	{ "OSCE Mission to Montenegro", "OSCE", "Миссия ОБСЕ в Черногории" },
	{ "OSCE Mission to Moldova", "OSCE", "Миссия ОБСЕ в Молдове" },
	{ "OSCE Presence in Albania", "OSCE", "Присутствие ОБСЕ в Албании" },
	{ "OSCE Office in Yerevan", "OSCE", "Офис ОБСЕ в Ереване" },
	{ "OSCE Office in Baku", "OSCE", "Офис ОБСЕ в Баку" },
	{ "UN Women", NULL,
	  "UN-Women|United Nations Entity for Gender Equality and the Empowerment of Women|"
	  "ООН-Женщины|Структура ООН-Женщины" },
	{ "United Nations", NULL, "UN|U.N.|ООН|Организация Объединенных Наций" },
	{ "UN General Assembly", NULL,
	  "United Nations General Assembly|General Assembly|Генеральная Ассамблея ООН|"
	  "Генеральной Ассамблеи ООН" },
	{ "UN Security Council", NULL,
	  "United Nations Security Council|Security Council|Совет Безопасности ООН" },
	{ "UNDP", NULL,
	  "United Nations Development Programme|UN Development Programme|ПРООН|"
	  "Программа развития ООН" },
	{ "UNICEF", NULL, "United Nations Children's Fund|UN Children's Fund|ЮНИСЕФ|Детский фонд ООН" },
	{ "UNHCR", NULL,
	  "UN Refugee Agency|United Nations High Commissioner for Refugees|"
	  "UN High Commissioner for Refugees|УВКБ ООН|"
	  "Управление Верховного комиссара ООН по делам беженцев" },
	{ "UNODC", NULL,
	  "United Nations Office on Drugs and Crime|UN Office on Drugs and Crime|УНП ООН|"
	  "Управление ООН по наркотикам и преступности" },
	{ "UNFPA", NULL, "United Nations Population Fund|UN Population Fund|ЮНФПА" },
	{ "UNESCO", NULL, "ЮНЕСКО" },
	{ "UNEP", NULL, "United Nations Environment Programme|UN Environment Programme|ЮНЕП" },
	{ "UNECE", NULL,
	  "United Nations Economic Commission for Europe|UN Economic Commission for Europe|"
	  "ЕЭК ООН" },
	{ "OHCHR", NULL,
	  "Office of the United Nations High Commissioner for Human Rights|"
	  "UN Human Rights Office|УВКПЧ|УВКПЧ ООН" },
	{ "IOM", NULL, "International Organization for Migration|МОМ" },
	{ "ILO", NULL, "International Labour Organization|МОТ" },
	{ "WHO", NULL, "World Health Organization|ВОЗ" },
	{ "World Bank", NULL, "Всемирный банк|Всемирного банка" },
	{ "IMF", NULL, "International Monetary Fund|МВФ" },
	{ "European Union", NULL, "EU|Европейский союз|Европейского союза|Евросоюз|ЕС" },
	{ "European Commission", NULL, "Европейская комиссия|Европейской комиссии" },
	{ "European Parliament", NULL, "Европейский парламент|Европейского парламента" },
	{ "Council of Europe", NULL, "Совет Европы" },
	{ "Venice Commission", NULL,
	  "European Commission for Democracy through Law|Венецианская комиссия" },
	{ "European Court of Human Rights", NULL, "ECtHR|Европейский суд по правам человека" },
	{ "NATO", NULL, "North Atlantic Treaty Organization|НАТО" },
	{ "Commonwealth of Independent States", NULL, "CIS|СНГ" },
	{ "ICRC", NULL, "International Committee of the Red Cross|МККК" },
	{ "African Union", NULL, "Африканский союз" },
};

/* English head words: a capitalised one ends the group of words that
 * names an organisation. */
static const char *const en_heads[] = {
	"ministry", "office", "centre", "center", "mission", "commission", "council",
	"committee", "agency", "programme", "program", "organization", "organisation", "union",
	"institute", "association", "foundation", "department", "court", "parliament",
	"assembly", "presence", "bureau", "fund", "network", "coalition", "service",
	"university", "secretariat", "administration", "authority", "directorate", "board",
	"bank", "college", "academy",
};

/* Russian head words: the stem, the endings of its forms, the folded
 * nominative and its display.  Endings are separated by '|'; "" is the
 * bare stem. */
static const struct ru_head {
	const char *stem, *endings, *fold, *display;
} ru_heads[] = {
	{ "министерств", "о|а|у|ом|е", "министерство", "Министерство" },
	{ "агентств", "о|а|у|ом|е", "агентство", "Агентство" },
	{ "представительств", "о|а|у|ом|е", "представительство", "Представительство" },
	{ "управлени", "е|я|ю|ем|и", "управление", "Управление" },
	{ "центр", "|а|у|ом|е", "центр", "Центр" },
	{ "комитет", "|а|у|ом|е", "комитет", "Комитет" },
	{ "совет", "|а|у|ом|е", "совет", "Совет" },
	{ "фонд", "|а|у|ом|е", "фонд", "Фонд" },
	{ "институт", "|а|у|ом|е", "институт", "Институт" },
	{ "суд", "|а|у|ом|е", "суд", "Суд" },
	{ "парламент", "|а|у|ом|е", "парламент", "Парламент" },
	{ "университет", "|а|у|ом|е", "университет", "Университет" },
	{ "офис", "|а|у|ом|е", "офис", "Офис" },
	{ "департамент", "|а|у|ом|е", "департамент", "Департамент" },
	{ "секретариат", "|а|у|ом|е", "секретариат", "Секретариат" },
	{ "колледж", "|а|у|ем|е", "колледж", "Колледж" },
	{ "мисси", "я|и|ю|ей", "миссия", "Миссия" },
	{ "комисси", "я|и|ю|ей", "комиссия", "Комиссия" },
	{ "организаци", "я|и|ю|ей", "организация", "Организация" },
	{ "ассоциаци", "я|и|ю|ей", "ассоциация", "Ассоциация" },
	{ "академи", "я|и|ю|ей", "академия", "Академия" },
	{ "ассамбле", "я|и|ю|ей|е", "ассамблея", "Ассамблея" },
	{ "служб", "а|ы|е|у|ой", "служба", "Служба" },
	{ "программ", "а|ы|е|у|ой", "программа", "Программа" },
	{ "структур", "а|ы|е|у|ой", "структура", "Структура" },
	{ "палат", "а|ы|е|у|ой", "палата", "Палата" },
	{ "бюро", "", "бюро", "Бюро" },
	{ "присутстви", "е|я|ю|ем|и", "присутствие", "Присутствие" },
};

/* The small words inside names. */
static const char *const connectors[] = {
	"of", "for", "and", "on", "in", "to", "the", "against", "de", "des", "du", "la", "le",
	"в", "по", "при", "и", "на",
};

/* Names the head words take for organisations, which are not (folded). */
static const char *const not_orgs[] = {
	"west bank", "programme of action", "program of action",
};

/* Capitalised words that do not start a name: sentence openers. */
static const char *const openers[] = {
	"the", "a", "an", "this", "that", "these", "those", "its", "their", "our", "his", "her",
	"in", "on", "at", "for", "by", "with", "from", "to", "and", "of", "but", "as", "if",
	"when", "while", "today", "yesterday", "tomorrow", "some", "many", "all", "both",
	"each", "every", "during", "after", "before", "under", "since", "through", "mr", "ms",
	"mrs", "dr", "also", "however", "more", "most", "several", "в", "на", "по", "с", "и",
	"а", "но", "это", "как", "для", "сегодня",
};

/* Words that end a name even after a small word ("Council in December"). */
static const char *const not_in_names[] = {
	"january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
	"friday", "saturday", "sunday",
};

/* Endings of the lower-case Russian words in the genitive that follow a
 * head word ("Министерство внутренних дел"). */
static const char *const ru_genitive[] = {
	"ого", "его", "ых", "их", "ой", "ей", "ии", "ия", "ов", "ев", "ы", "и", "а", "я",
};

struct alias {
	char *fold;      /* folded parts, separated by spaces */
	char **parts;
	size_t nparts;
	int acronym;     /* written in capitals: matches capitals only */
	size_t org;      /* index into known_orgs */
};

static struct tables {
	int ready;
	struct alias *aliases;
	size_t naliases;
	strmap first;     /* first part -> 1 + index into buckets */
	size_t **buckets; /* alias indices, longest first; each ends with SIZE_MAX */
	size_t nbuckets;
	strmap byfold;    /* whole alias fold -> 1 + org index */
	char **orgkeys;   /* folded canonical name of each known org */
	strmap heads, conn, open, notin, notorgs;
} T;

/* Lower-case and accent-folded form of a head form, if word (folded) is a
 * form of a Russian head word: its nominative; else NULL. */
static const struct ru_head *ru_head_of(const char *w, size_t n)
{
	if (n < 2 || ((unsigned char)w[0] != 0xD0 && (unsigned char)w[0] != 0xD1))
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(ru_heads); i++) {
		const struct ru_head *h = &ru_heads[i];
		size_t sl = strlen(h->stem);
		if (n < sl || memcmp(w, h->stem, sl) != 0)
			continue;
		const char *e = h->endings;
		for (;;) {
			const char *bar = strchr(e, '|');
			size_t el = bar ? (size_t)(bar - e) : strlen(e);
			if (n - sl == el && memcmp(w + sl, e, el) == 0)
				return h;
			if (!bar)
				break;
			e = bar + 1;
		}
	}
	return NULL;
}

/* The folded form that names are compared by: a Russian head word in the
 * nominative, else the word. */
static void norm_fold(const char *w, size_t n, const char **out, size_t *outlen)
{
	const struct ru_head *h = ru_head_of(w, n);
	*out = h ? h->fold : w;
	*outlen = h ? strlen(h->fold) : n;
}

struct collect {
	strbuf *folded; /* parts, each normalised, joined with spaces */
	char ***parts;
	size_t *nparts;
	const char *text;
	int allcaps;
};

static int is_upper(int32_t c)
{
	utf8proc_category_t k = utf8proc_category(c);
	return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT;
}

static int is_lower(int32_t c)
{
	return utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

/* 1 if every letter of s[0, n) is upper case and there are two or more. */
static int all_caps(const char *s, size_t n)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	size_t i = 0, letters = 0;
	while (i < n) {
		int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &c);
		if (k <= 0)
			return 0;
		utf8proc_category_t cat = utf8proc_category(c);
		if (cat == UTF8PROC_CATEGORY_LL || cat == UTF8PROC_CATEGORY_LO)
			return 0;
		if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT)
			letters++;
		i += (size_t)k;
	}
	return letters >= 2;
}

static int collect_cb(void *ctx, const an_token *t)
{
	struct collect *c = ctx;
	if (t->flags & AN_JOINED)
		return 0;
	const char *w;
	size_t n;
	norm_fold(t->word, t->len, &w, &n);
	if (c->folded->len)
		strbuf_addc(c->folded, ' ');
	strbuf_add(c->folded, w, n);
	if (c->parts) {
		*c->parts = xrealloc(*c->parts, (*c->nparts + 1) * sizeof(char *));
		(*c->parts)[(*c->nparts)++] = xstrndup(w, n);
	}
	if (!all_caps(c->text + t->start, t->end - t->start))
		c->allcaps = 0;
	return 0;
}

/* Folds s as names are compared: parts normalised, joined with spaces. */
static void fold_name(analyser *a, const char *s, size_t n, strbuf *out, char ***parts,
		      size_t *nparts, int *allcaps)
{
	struct collect c = { out, parts, nparts, s, 1 };
	unsigned pos = 1;
	analyser_run(a, s, n, &pos, collect_cb, &c);
	if (allcaps)
		*allcaps = c.allcaps;
}

static void add_alias(analyser *a, const char *s, size_t n, size_t org)
{
	struct alias al = { NULL, NULL, 0, 0, org };
	strbuf f = STRBUF_INIT;
	fold_name(a, s, n, &f, &al.parts, &al.nparts, &al.acronym);
	if (!al.nparts) {
		strbuf_release(&f);
		return;
	}
	al.fold = strbuf_detach(&f, NULL);
	*strmap_put(&T.byfold, al.fold, strlen(al.fold), NULL) = (unsigned)org + 1;
	T.aliases = xrealloc(T.aliases, (T.naliases + 1) * sizeof(*T.aliases));
	T.aliases[T.naliases++] = al;
}

static int by_length(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	size_t la = T.aliases[a].nparts, lb = T.aliases[b].nparts;
	return la < lb ? 1 : la > lb ? -1 : (a > b) - (a < b);
}

static void add_words(strmap *m, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strmap_put(m, words[i], strlen(words[i]), NULL);
}

static void tables_init(void)
{
	if (T.ready)
		return;
	T.ready = 1;
	analyser *a = analyser_new("none");
	T.orgkeys = xcalloc(ARRAY_SIZE(known_orgs), sizeof(char *));
	for (size_t i = 0; i < ARRAY_SIZE(known_orgs); i++) {
		const struct known_org *k = &known_orgs[i];
		strbuf f = STRBUF_INIT;
		fold_name(a, k->name, strlen(k->name), &f, NULL, NULL, NULL);
		T.orgkeys[i] = strbuf_detach(&f, NULL);
		add_alias(a, k->name, strlen(k->name), i);
		for (const char *p = k->aliases; *p;) {
			const char *bar = strchr(p, '|');
			size_t n = bar ? (size_t)(bar - p) : strlen(p);
			add_alias(a, p, n, i);
			p += n + (bar ? 1 : 0);
		}
	}
	/* Buckets by first part, longest alias first. */
	for (size_t i = 0; i < T.naliases; i++) {
		const char *f = T.aliases[i].parts[0];
		int added;
		unsigned *b = strmap_put(&T.first, f, strlen(f), &added);
		if (added) {
			T.buckets = xrealloc(T.buckets, (T.nbuckets + 1) * sizeof(*T.buckets));
			T.buckets[T.nbuckets] = NULL;
			*b = (unsigned)++T.nbuckets;
		}
		size_t **bucket = &T.buckets[*b - 1], n = 0;
		while (*bucket && (*bucket)[n] != SIZE_MAX)
			n++;
		*bucket = xrealloc(*bucket, (n + 2) * sizeof(size_t));
		(*bucket)[n] = i;
		(*bucket)[n + 1] = SIZE_MAX;
		qsort(*bucket, n + 1, sizeof(size_t), by_length);
	}
	add_words(&T.heads, en_heads, ARRAY_SIZE(en_heads));
	add_words(&T.conn, connectors, ARRAY_SIZE(connectors));
	add_words(&T.open, openers, ARRAY_SIZE(openers));
	add_words(&T.notin, not_in_names, ARRAY_SIZE(not_in_names));
	add_words(&T.notorgs, not_orgs, ARRAY_SIZE(not_orgs));
	analyser_free(a);
}

/* ------------------------------------------------------------------ */
/* The collector                                                        */

enum gap { GAP_HARD, GAP_SOFT, GAP_HYPHEN };

struct tok {
	size_t passage;
	size_t start, end;   /* bytes of the passage: the word as written */
	size_t fold, flen;   /* its folded form, in o->arena */
	const char *nf;      /* normalised fold (set by orgs_finish) */
	size_t nflen;
	unsigned char cap, allcaps, lower, cyr, possessive, dotted;
	unsigned char acronym;   /* a known name of one word in capitals */
	unsigned char gap;   /* enum gap: what separates it from the token before */
};

struct word {
	size_t first, last;  /* tokens, inclusive */
};

struct found {
	size_t at;           /* first token, for the order of mention */
	size_t seq;          /* order found, for ties */
	char *name, *key, *acronym;
};

struct orgs {
	struct {
		const char *text;
		size_t len;
	} *passages;
	size_t npassages;
	struct tok *toks;
	size_t ntoks, atoks;
	strbuf arena;
	struct found *found;
	size_t nfound;
	char **names, **keys;
	size_t nnames, nkeys;
};

orgs *orgs_new(void)
{
	orgs *o = xcalloc(1, sizeof(*o));
	strbuf_init(&o->arena, 0);
	return o;
}

static void clear_results(orgs *o)
{
	for (size_t i = 0; i < o->nfound; i++) {
		free(o->found[i].name);
		free(o->found[i].key);
		free(o->found[i].acronym);
	}
	free(o->found);
	o->found = NULL;
	o->nfound = 0;
	for (size_t i = 0; i < o->nnames; i++)
		free(o->names[i]);
	for (size_t i = 0; i < o->nkeys; i++)
		free(o->keys[i]);
	free(o->names);
	free(o->keys);
	o->names = o->keys = NULL;
	o->nnames = o->nkeys = 0;
}

static void reset(orgs *o)
{
	clear_results(o);
	free(o->passages);
	o->passages = NULL;
	o->npassages = 0;
	o->ntoks = 0;
	strbuf_reset(&o->arena);
}

void orgs_free(orgs *o)
{
	if (!o)
		return;
	reset(o);
	free(o->toks);
	strbuf_release(&o->arena);
	free(o);
}

void orgs_passage(orgs *o, const char *text, size_t len)
{
	o->passages = xrealloc(o->passages, (o->npassages + 1) * sizeof(*o->passages));
	o->passages[o->npassages].text = text;
	o->passages[o->npassages].len = len;
	o->npassages++;
}

/* The first code point of s[0, n), or -1. */
static int32_t first_cp(const char *s, size_t n)
{
	int32_t c = -1;
	if (n && utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c) <= 0)
		c = -1;
	return c;
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* Bytes of a possessive ending ("'s", "’s") at the end of s[0, n), or 0. */
static size_t possessive_len(const char *s, size_t n)
{
	if (ends_with(s, n, "'s") || ends_with(s, n, "'S"))
		return 2;
	if (ends_with(s, n, "\xE2\x80\x99s") || ends_with(s, n, "\xE2\x80\x99S"))
		return 4;
	return 0;
}

void orgs_token(orgs *o, const an_token *t)
{
	if ((t->flags & AN_JOINED) || !o->npassages)
		return;
	const char *text = o->passages[o->npassages - 1].text;
	const char *w = text + t->start;
	size_t n = t->end - t->start;
	if (o->ntoks == o->atoks) {
		o->atoks = o->atoks ? 2 * o->atoks : 256;
		o->toks = xrealloc(o->toks, o->atoks * sizeof(*o->toks));
	}
	struct tok *k = &o->toks[o->ntoks++];
	memset(k, 0, sizeof(*k));
	k->passage = o->npassages - 1;
	k->start = t->start;
	k->end = t->end;
	k->fold = o->arena.len;
	k->flen = t->len;
	strbuf_add(&o->arena, t->word, t->len);
	int32_t c = first_cp(w, n);
	k->cap = c >= 0 && is_upper(c);
	k->lower = c >= 0 && is_lower(c);
	k->cyr = c >= 0x400 && c <= 0x4FF;
	k->allcaps = k->cap && all_caps(w, n);
	k->dotted = memchr(w, '.', n) != NULL;
	size_t pl = possessive_len(w, n);
	k->possessive = pl && !ends_with(t->word, t->len, "'s");
}

/* Classifies the bytes between two tokens of a passage. */
static enum gap classify_gap(const char *g, size_t n)
{
	if ((n == 1 && g[0] == '-') ||
	    (n == 3 && (unsigned char)g[0] == 0xE2 && (unsigned char)g[1] == 0x80 &&
	     ((unsigned char)g[2] == 0x90 || (unsigned char)g[2] == 0x91)))
		return GAP_HYPHEN;
	if (!n)
		return GAP_HARD;
	/* One line break may wrap a name ("Human\nRights Council"); an
	 * empty line ends it, as a paragraph does. */
	int breaks = 0;
	for (size_t i = 0; i < n; i++) {
		if (g[i] == ' ' || g[i] == '\t' || g[i] == '\r')
			continue;
		if (g[i] == '\n' && ++breaks == 1)
			continue;
		if ((unsigned char)g[i] == 0xC2 && i + 1 < n && (unsigned char)g[i + 1] == 0xA0) {
			i++;
			continue;
		}
		return GAP_HARD;
	}
	return GAP_SOFT;
}

/* The gaps, and each token's normalised fold. */
static void prepare(orgs *o)
{
	for (size_t i = 0; i < o->ntoks; i++) {
		struct tok *k = &o->toks[i];
		norm_fold(o->arena.buf + k->fold, k->flen, &k->nf, &k->nflen);
		if (i == 0 || o->toks[i - 1].passage != k->passage || o->toks[i - 1].possessive) {
			k->gap = GAP_HARD;
			continue;
		}
		const struct tok *p = &o->toks[i - 1];
		const char *text = o->passages[k->passage].text;
		size_t from = p->end;
		/* The dot after "U.N" belongs to the acronym; the apostrophe
		 * of a plural possessive ("Journalists’ Association") to the
		 * name. */
		if (p->dotted && from < k->start && text[from] == '.')
			from++;
		else if (p->flen && o->arena.buf[p->fold + p->flen - 1] == 's' && from < k->start &&
			 text[from] == '\'')
			from++;
		else if (p->flen && o->arena.buf[p->fold + p->flen - 1] == 's' &&
			 from + 3 <= k->start && memcmp(text + from, "\xE2\x80\x99", 3) == 0)
			from += 3;
		k->gap = (unsigned char)classify_gap(text + from, k->start - from);
	}
}

static int tok_is(const struct tok *k, const strmap *set)
{
	return strmap_get(set, k->nf, k->nflen) != NULL;
}

static void add_found(orgs *o, size_t at, char *name, char *key, char *acronym)
{
	o->found = xrealloc(o->found, (o->nfound + 1) * sizeof(*o->found));
	o->found[o->nfound] = (struct found){ at, o->nfound, name, key, acronym };
	o->nfound++;
}

static void add_known(orgs *o, size_t at, size_t org)
{
	add_found(o, at, xstrdup(known_orgs[org].name), xstrdup(T.orgkeys[org]), NULL);
	const char *parent = known_orgs[org].parent;
	if (!parent)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(known_orgs); i++)
		if (strcmp(known_orgs[i].name, parent) == 0)
			add_found(o, at, xstrdup(known_orgs[i].name), xstrdup(T.orgkeys[i]), NULL);
}

/* The known alias matching the tokens from i, or SIZE_MAX. */
static size_t match_alias(const orgs *o, size_t i)
{
	const struct tok *k = &o->toks[i];
	if (!k->cap)
		return SIZE_MAX;
	unsigned *b = strmap_get(&T.first, k->nf, k->nflen);
	if (!b)
		return SIZE_MAX;
	for (const size_t *a = T.buckets[*b - 1]; *a != SIZE_MAX; a++) {
		const struct alias *al = &T.aliases[*a];
		if (i + al->nparts > o->ntoks)
			continue;
		int good = 1;
		for (size_t p = 0; p < al->nparts && good; p++) {
			const struct tok *t = &o->toks[i + p];
			good = strlen(al->parts[p]) == t->nflen && memcmp(al->parts[p], t->nf, t->nflen) == 0 &&
			       (p == 0 || t->gap != GAP_HARD) && (!al->acronym || t->allcaps);
		}
		if (good)
			return *a;
	}
	return SIZE_MAX;
}

/* Known names, longest first at each token; marks the tokens they cover. */
static void find_known(orgs *o, unsigned char *covered)
{
	for (size_t i = 0; i < o->ntoks;) {
		size_t a = match_alias(o, i);
		if (a == SIZE_MAX) {
			i++;
			continue;
		}
		const struct alias *al = &T.aliases[a];
		add_known(o, i, al->org);
		memset(covered + i, 1, al->nparts);
		if (al->nparts == 1 && al->acronym)
			o->toks[i].acronym = 1;
		i += al->nparts;
	}
}

/* Words: tokens joined by hyphens ("Co-operation", "ООН-Женщины"). */
static size_t make_words(const orgs *o, struct word *w)
{
	size_t n = 0;
	for (size_t i = 0; i < o->ntoks; i++) {
		if (i > 0 && o->toks[i].gap == GAP_HYPHEN)
			w[n - 1].last = i;
		else
			w[n++] = (struct word){ i, i };
	}
	return n;
}

static int w_cap(const orgs *o, const struct word *w)
{
	return o->toks[w->first].cap;
}

static int w_allcaps(const orgs *o, const struct word *w)
{
	for (size_t i = w->first; i <= w->last; i++)
		if (!o->toks[i].allcaps)
			return 0;
	return 1;
}

static int w_single_in(const orgs *o, const struct word *w, const strmap *set)
{
	return w->first == w->last && tok_is(&o->toks[w->first], set);
}

static int w_connector(const orgs *o, const struct word *w)
{
	return o->toks[w->first].lower && w_single_in(o, w, &T.conn);
}

static int w_en_head(const orgs *o, const struct word *w)
{
	return w_cap(o, w) && tok_is(&o->toks[w->last], &T.heads);
}

static int w_ru_head(const orgs *o, const struct word *w)
{
	const struct tok *k = &o->toks[w->first];
	return k->cap && k->cyr && w->first == w->last && ru_head_of(k->nf, k->nflen);
}

static int w_is(const orgs *o, const struct word *w, const char *s)
{
	const struct tok *k = &o->toks[w->first];
	return w->first == w->last && k->nflen == strlen(s) && memcmp(k->nf, s, k->nflen) == 0;
}

/* A lower-case Russian word that looks like a genitive. */
static int w_genitive(const orgs *o, const struct word *w)
{
	const struct tok *k = &o->toks[w->first];
	if (w->first != w->last || !k->lower || !k->cyr || k->nflen < 6)
		return 0; /* three Cyrillic letters at least */
	if (w_is(o, w, "дел")) /* "внутренних дел" */
		return 1;
	for (size_t i = 0; i < ARRAY_SIZE(ru_genitive); i++)
		if (ends_with(k->nf, k->nflen, ru_genitive[i]))
			return 1;
	return 0;
}

/* Whether words [from, to) may continue a name through their gaps. */
static int soft_before(const orgs *o, const struct word *w)
{
	return o->toks[w->first].gap == GAP_SOFT;
}

#define MAX_NAME_WORDS 16

/*
 * The run of words that may form a name, starting at word s (capitalised):
 * returns one past its last word.
 */
static size_t extend(const orgs *o, const struct word *w, size_t nw, size_t s)
{
	size_t e = s + 1;
	while (e < nw && e - s < MAX_NAME_WORDS && soft_before(o, &w[e])) {
		const struct word *prev = &w[e - 1];
		/* Russian: lower-case genitives after a head word. */
		if (w_ru_head(o, prev) && w_genitive(o, &w[e])) {
			size_t k = e, taken = 0;
			while (k < nw && taken < 4 && soft_before(o, &w[k])) {
				if (w_genitive(o, &w[k])) {
					taken++;
					k++;
				} else if (w_is(o, &w[k], "и") && k + 1 < nw && soft_before(o, &w[k + 1]) &&
					   w_genitive(o, &w[k + 1])) {
					k++;
				} else {
					break;
				}
			}
			e = k;
			continue;
		}
		if (w_cap(o, &w[e])) {
			e++;
			continue;
		}
		if (!w_connector(o, &w[e]))
			break;
		/* A run of small words must lead to a capitalised word. */
		size_t k = e;
		int has_and = 0, the_after_and = 0;
		while (k < nw && k - e < 3 && soft_before(o, &w[k]) && w_connector(o, &w[k])) {
			if (w_is(o, &w[k], "and") || w_is(o, &w[k], "и"))
				has_and = 1;
			else if (has_and && w_is(o, &w[k], "the"))
				the_after_and = 1;
			k++;
		}
		if (k >= nw || !soft_before(o, &w[k]) || !w_cap(o, &w[k]) ||
		    w_single_in(o, &w[k], &T.notin))
			break;
		if (k - e == 1 && w_is(o, &w[e], "the"))
			break; /* "Today the Ministry" */
		if (has_and && (the_after_and || w_allcaps(o, &w[k]) || w_en_head(o, &w[k]) ||
				w_ru_head(o, &w[k]) || w_en_head(o, prev)))
			break; /* two names joined by "and" */
		e = k + 1;
	}
	return e;
}

/* Appends the text of words [s, e) to out, white space folded; a Russian
 * head word first is written in the nominative; a final possessive is left
 * out. */
static void name_text(const orgs *o, const struct word *w, size_t s, size_t e, strbuf *out)
{
	const struct tok *first = &o->toks[w[s].first], *last = &o->toks[w[e - 1].last];
	const char *text = o->passages[first->passage].text;
	size_t from = first->start, to = last->end;
	if (last->possessive)
		to -= possessive_len(text + from, to - from);
	if (w_ru_head(o, &w[s])) {
		const struct ru_head *h = ru_head_of(first->nf, first->nflen);
		strbuf_adds(out, h->display);
		from = first->end;
	}
	for (size_t i = from; i < to; i++) {
		size_t sp = 0;
		while (i + sp < to && (text[i + sp] == ' ' || text[i + sp] == '\t' || text[i + sp] == '\n' ||
				       text[i + sp] == '\r'))
			sp++;
		if (sp) {
			strbuf_addc(out, ' ');
			i += sp - 1;
			continue;
		}
		strbuf_addc(out, text[i]);
	}
}

/* The folded key of words [s, e): normalised parts joined with spaces. */
static void name_key(const orgs *o, const struct word *w, size_t s, size_t e, strbuf *out)
{
	for (size_t i = w[s].first; i <= w[e - 1].last; i++) {
		if (out->len)
			strbuf_addc(out, ' ');
		strbuf_add(out, o->toks[i].nf, o->toks[i].nflen);
	}
}

/* An acronym in parentheses right after word w[e - 1]: its word index, or 0. */
static size_t paren_acronym(const orgs *o, const struct word *w, size_t nw, size_t e)
{
	if (e >= nw || w[e].first != w[e].last || !w_allcaps(o, &w[e]))
		return 0;
	const struct tok *prev = &o->toks[w[e - 1].last], *acr = &o->toks[w[e].first];
	if (prev->passage != acr->passage || prev->possessive)
		return 0;
	const char *text = o->passages[acr->passage].text;
	size_t len = o->passages[acr->passage].len, i = prev->end;
	while (i < acr->start && (text[i] == ' ' || text[i] == '\t'))
		i++;
	if (i + 1 != acr->start || text[i] != '(')
		return 0;
	if (acr->end >= len || text[acr->end] != ')')
		return 0;
	return e;
}

/* Names made of capitalised words around a head word. */
static void find_heuristic(orgs *o, const unsigned char *covered)
{
	struct word *w = xmalloc((o->ntoks ? o->ntoks : 1) * sizeof(*w));
	size_t nw = make_words(o, w);
	strbuf key = STRBUF_INIT, name = STRBUF_INIT;
	for (size_t s = 0; s < nw;) {
		if (!w_cap(o, &w[s]) || w_single_in(o, &w[s], &T.open)) {
			s++;
			continue;
		}
		size_t e = extend(o, w, nw, s), next = e;
		/* The name starts at the first group of capitalised words
		 * (between small words) that ends in a head word, or, in
		 * Russian, at a head word. */
		size_t start = SIZE_MAX;
		for (size_t g = s; g < e && start == SIZE_MAX;) {
			size_t h = g;
			while (h + 1 < e && (!w_connector(o, &w[h + 1]) || w_is(o, &w[h + 1], "and") ||
					     w_is(o, &w[h + 1], "и")))
				h++;
			for (size_t k = g; k <= h && start == SIZE_MAX; k++)
				if (w_ru_head(o, &w[k]))
					start = k;
			if (start == SIZE_MAX && w_en_head(o, &w[h]))
				start = g;
			g = h + 1;
			while (g < e && w_connector(o, &w[g]))
				g++;
		}
		if (start == SIZE_MAX || e - start < 2) {
			s = next;
			continue;
		}
		/* "OSCE Mission", "Центр ОБСЕ": a known acronym and a head word
		 * refer to a name given in full elsewhere; the acronym counts. */
		if (e - start == 2 && w[start].first == w[start].last &&
		    w[start + 1].first == w[start + 1].last &&
		    ((o->toks[w[start].first].acronym && w_en_head(o, &w[start + 1])) ||
		     (w_ru_head(o, &w[start]) && o->toks[w[start + 1].first].acronym))) {
			s = next;
			continue;
		}
		/* A name whose head words all belong to known names was found
		 * already ("Council of Europe Convention", "Центр ОБСЕ в Астане
		 * Томас Эклунд"). */
		int all_known = 1;
		for (size_t k = start; k < e && all_known; k++)
			if ((w_en_head(o, &w[k]) && !covered[w[k].last]) ||
			    (w_ru_head(o, &w[k]) && !covered[w[k].first]))
				all_known = 0;
		size_t acr = paren_acronym(o, w, nw, e);
		char *acronym = NULL;
		if (acr) {
			const struct tok *k = &o->toks[w[acr].first];
			if (strmap_get(&T.byfold, k->nf, k->nflen))
				all_known = 1; /* "... (ODIHR)": the known name counts */
			else
				acronym = xstrndup(k->nf, k->nflen);
		}
		if (all_known) {
			free(acronym);
			s = next;
			continue;
		}
		strbuf_reset(&name);
		strbuf_reset(&key);
		name_text(o, w, start, e, &name);
		name_key(o, w, start, e, &key);
		if (name.len <= ORGS_MAX_NAME && key.len && !strmap_get(&T.notorgs, key.buf, key.len))
			add_found(o, w[start].first, strbuf_detach(&name, NULL), strbuf_detach(&key, NULL),
				  acronym);
		else
			free(acronym);
		s = next;
	}
	strbuf_release(&key);
	strbuf_release(&name);
	free(w);
}

static int by_mention(const void *x, const void *y)
{
	const struct found *a = x, *b = y;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void orgs_finish(orgs *o)
{
	tables_init();
	clear_results(o);
	prepare(o);
	unsigned char *covered = xcalloc(o->ntoks ? o->ntoks : 1, 1);
	find_known(o, covered);
	find_heuristic(o, covered);
	free(covered);

	if (o->nfound)
		qsort(o->found, o->nfound, sizeof(*o->found), by_mention);
	strmap seen = STRMAP_INIT;
	/* Names first (their keys in the same order), then linked acronyms. */
	for (size_t i = 0; i < o->nfound && o->nnames < ORGS_MAX; i++) {
		const struct found *f = &o->found[i];
		int added;
		strmap_put(&seen, f->key, strlen(f->key), &added);
		if (!added)
			continue;
		o->names = xrealloc(o->names, (o->nnames + 1) * sizeof(char *));
		o->names[o->nnames++] = xstrdup(f->name);
		o->keys = xrealloc(o->keys, (o->nkeys + 1) * sizeof(char *));
		o->keys[o->nkeys++] = xstrdup(f->key);
	}
	for (size_t i = 0; i < o->nfound; i++) {
		const struct found *f = &o->found[i];
		int added;
		if (!f->acronym || !strmap_get(&seen, f->key, strlen(f->key)))
			continue;
		strmap_put(&seen, f->acronym, strlen(f->acronym), &added);
		if (!added)
			continue;
		o->keys = xrealloc(o->keys, (o->nkeys + 1) * sizeof(char *));
		o->keys[o->nkeys++] = xstrdup(f->acronym);
	}
	strmap_release(&seen);
}

size_t orgs_count(const orgs *o)
{
	return o->nnames;
}

const char *orgs_name(const orgs *o, size_t i)
{
	return i < o->nnames ? o->names[i] : NULL;
}

size_t orgs_key_count(const orgs *o)
{
	return o->nkeys;
}

const char *orgs_key(const orgs *o, size_t i)
{
	return i < o->nkeys ? o->keys[i] : NULL;
}

static int feed_cb(void *ctx, const an_token *t)
{
	orgs_token(ctx, t);
	return 0;
}

void orgs_extract(orgs *o, analyser *a, const char *title, size_t tlen, const char *text,
		  size_t len)
{
	reset(o);
	unsigned pos = 1;
	if (title) {
		orgs_passage(o, title, tlen);
		analyser_run(a, title, tlen, &pos, feed_cb, o);
	}
	if (text) {
		orgs_passage(o, text, len);
		analyser_run(a, text, len, &pos, feed_cb, o);
	}
	orgs_finish(o);
}

void orgs_query_key(analyser *a, const char *value, size_t len, strbuf *out)
{
	tables_init();
	strbuf f = STRBUF_INIT;
	fold_name(a, value, len, &f, NULL, NULL, NULL);
	unsigned *org = f.len ? strmap_get(&T.byfold, f.buf, f.len) : NULL;
	if (org)
		strbuf_adds(out, T.orgkeys[*org - 1]);
	else
		strbuf_add(out, f.buf, f.len);
	strbuf_release(&f);
}
