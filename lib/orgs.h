/*
 * orgs.h - the organisations a text names, for the org: field and the org
 * facet.
 *
 * A heuristic, not a parser of English or Russian.  It reads the tokens
 * the analyser makes (so that it needs no second pass over the text) and
 * the original bytes around them (for capital letters and punctuation),
 * and finds names in two ways:
 *
 *  1. Known organisations: a built-in list of the organisations press
 *     releases of the OSCE and UN Women name most (the OSCE, its
 *     institutions and field operations, UN Women, UNDP, UNICEF, UNHCR,
 *     UNODC, the EU, the Council of Europe, NATO, ...), each with its
 *     acronym, its long English name and its Russian forms (ОБСЕ,
 *     ООН-Женщины, ПРООН, ...).  An acronym matches only in capitals ("UN",
 *     not "un"); a longer name must start with a capital.  The longest name
 *     at a place wins ("UN Women", not "UN").  An OSCE institution or field
 *     operation also counts as the OSCE.  Each is reported by one canonical
 *     name ("OSCE", "UN Women", "OSCE Centre in Astana").
 *
 *  2. Other names: a run of capitalised words, joined by spaces or hyphens
 *     and by the small words of names (of, for, and, in, on, to, the,
 *     against; в, по, при, и, на), in which a word ends a group of
 *     capitalised words and is an organisational head word: Ministry,
 *     Office, Centre, Center, Mission, Commission, Council, Committee,
 *     Agency, Programme, Organization, Union, Institute, Association,
 *     Foundation, Department, Court, Parliament, Assembly, Presence,
 *     Bureau, Fund, Network, Coalition, Service, University, Secretariat,
 *     Administration, Authority, Directorate, Board, Bank, College, Academy
 *     ("Almaty City Department of Education", "Administrative Police
 *     Committee").  The name starts at that group: words before it that
 *     are no organisation are dropped ("Head of the ODIHR Election
 *     Observation Mission" gives "ODIHR Election Observation Mission").
 *     "and" joins only inside a name: before "the", an acronym or another
 *     head word it ends the name ("UN Women and UNDP" are two).  A lone
 *     "the" ends a name ("Today the Ministry").  Possessives, punctuation
 *     and empty lines end names (one line break does not: texts wrap).
 *     A name needs two words or more; a few phrases that look like names
 *     are not ("West Bank", "Programme of Action").
 *     In Cyrillic texts a capitalised head word comes first and may be
 *     followed by up to four lower-case words in the genitive
 *     ("Министерства внутренних дел"); the head word is put in the
 *     nominative ("Министерство внутренних дел").
 *     An acronym in parentheses right after a name is linked to it
 *     ("Border Management Staff College (BMSC)"): org:bmsc finds it.
 *
 * Each document gets at most ORGS_MAX names of at most ORGS_MAX_NAME bytes.
 * Names are compared by their folded form (the analyser's folding), which
 * is also the key that org:VALUE searches (orgs_query_key()).
 */
#ifndef DATELINE_ORGS_H
#define DATELINE_ORGS_H

#include <stddef.h>

#include "analyser.h"

struct strbuf;

#define ORGS_MAX 64
#define ORGS_MAX_NAME 120

typedef struct orgs orgs;

/* A new, empty collector: caller owns; free with orgs_free(). */
orgs *orgs_new(void);
void orgs_free(orgs *o);

/*
 * Starts a passage: the tokens given next come from text (len bytes),
 * which must stay valid until orgs_finish().  No name spans two passages
 * (a title and a body are two).
 */
void orgs_passage(orgs *o, const char *text, size_t len);
/* Adds a token of the current passage, as analyser_run() made it, in order.
 * AN_JOINED tokens are ignored.  Tokens must come after orgs_passage(). */
void orgs_token(orgs *o, const an_token *t);

/*
 * Finds the organisations in the passages given so far.  Afterwards
 * orgs_count() names are available, in the order of their first mention,
 * and orgs_key_count() keys (the folded names, then linked acronyms).
 */
void orgs_finish(orgs *o);

size_t orgs_count(const orgs *o);
/* The i-th name, as displayed ("OSCE Centre in Astana"); owned by o. */
const char *orgs_name(const orgs *o, size_t i);
size_t orgs_key_count(const orgs *o);
/* The i-th key: what org: searches ("osce centre in astana"); owned by o. */
const char *orgs_key(const orgs *o, size_t i);

/*
 * Convenience: the organisations of a title and a body (either may be
 * NULL), analysed by a, into o (which is reset first).
 */
void orgs_extract(orgs *o, analyser *a, const char *title, size_t tlen, const char *text,
		  size_t len);

/*
 * The key that org:VALUE searches for value (len bytes): the canonical key
 * of a known organisation named by any of its names ("ОБСЕ", "Organization
 * for Security and Co-operation in Europe" -> "osce"), else the folded
 * value with a Russian head word in the nominative.  Appends to out;
 * appends nothing if value holds no word.
 */
void orgs_query_key(analyser *a, const char *value, size_t len, struct strbuf *out);

#endif
