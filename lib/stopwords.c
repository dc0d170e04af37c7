/*
 * stopwords.c - the function words of a few languages (see stopwords.h).
 *
 * The lists are ours: articles, pronouns, auxiliary and modal verbs,
 * prepositions, conjunctions and the commonest adverbs of each language,
 * folded as the analyser folds words (lower case, no accents, ё as е).
 * Each list is kept sorted for bsearch(); stopwords_selftest() checks it.
 */
#include "stopwords.h"

#include <stdlib.h>
#include <string.h>

static const char *const en[] = {
	"a", "about", "above", "after", "again", "against", "all", "also", "am", "among", "an",
	"and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below",
	"between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down",
	"during", "each", "either", "few", "for", "from", "further", "had", "has", "have",
	"having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i",
	"if", "in", "into", "is", "it", "its", "itself", "just", "may", "me", "might", "more",
	"most", "must", "my", "myself", "neither", "no", "nor", "not", "now", "of", "off", "on",
	"once", "only", "or", "other", "ought", "our", "ours", "ourselves", "out", "over", "own",
	"same", "shall", "she", "should", "so", "some", "such", "than", "that", "the", "their",
	"theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
	"through", "thus", "to", "too", "under", "until", "up", "upon", "very", "was", "we",
	"were", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose",
	"why", "will", "with", "within", "without", "would", "yet", "you", "your", "yours",
	"yourself", "yourselves",
};

static const char *const ru[] = {
	"а", "без", "более", "бы", "был", "была", "были", "было", "быть", "в", "вам", "вас",
	"весь", "во", "вот", "все", "всего", "всех", "вы", "где", "да", "даже", "для", "до",
	"его", "ее", "если", "есть", "еще", "же", "за", "здесь", "и", "из", "или", "им", "их",
	"к", "как", "когда", "кто", "ли", "либо", "мне", "может", "мы", "на", "над", "надо",
	"наш", "не", "него", "нее", "нет", "ни", "них", "но", "ну", "о", "об", "однако", "он",
	"она", "они", "оно", "от", "очень", "по", "под", "при", "с", "со", "так", "также",
	"такой", "там", "те", "тем", "то", "того", "тоже", "той", "только", "том", "ты", "у",
	"уже", "чем", "что", "чтобы", "эта", "эти", "этого", "этой", "этом", "этот", "я",
};

static const char *const fr[] = {
	"a", "afin", "ai", "aient", "ait", "au", "aucun", "aussi", "autre", "aux", "avaient",
	"avait", "avec", "avoir", "c", "ce", "ceci", "cela", "celle", "celles", "celui", "ces",
	"cet", "cette", "ceux", "chaque", "comme", "d", "dans", "de", "des", "donc", "dont", "du",
	"elle", "elles", "en", "entre", "est", "et", "etaient", "etait", "ete", "etre", "eu",
	"il", "ils", "j", "je", "l", "la", "le", "les", "leur", "leurs", "lui", "m", "ma", "mais",
	"me", "meme", "mes", "moi", "mon", "n", "ne", "ni", "nos", "notre", "nous", "on", "ont",
	"ou", "par", "pas", "peu", "plus", "pour", "qu", "quand", "que", "quel", "quelle",
	"quels", "qui", "s", "sa", "sans", "se", "ses", "si", "son", "sont", "sous", "sur", "t",
	"ta", "te", "tes", "toi", "ton", "tous", "tout", "tres", "tu", "un", "une", "vos",
	"votre", "vous", "y",
};

static const char *const es[] = {
	"a", "al", "algo", "algunos", "ante", "antes", "como", "con", "contra", "cual", "cuando",
	"de", "del", "desde", "donde", "durante", "e", "el", "ella", "ellas", "ellos", "en",
	"entre", "era", "eran", "es", "esa", "esas", "ese", "eso", "esos", "esta", "estaba",
	"estado", "estan", "estar", "estas", "este", "esto", "estos", "fue", "fueron", "ha",
	"habia", "han", "hasta", "hay", "la", "las", "le", "les", "lo", "los", "mas", "me", "mi",
	"muy", "nada", "ni", "no", "nos", "nosotros", "o", "otra", "otras", "otro", "otros",
	"para", "pero", "poco", "por", "porque", "que", "quien", "se", "sea", "ser", "si", "sin",
	"sino", "sobre", "son", "su", "sus", "tambien", "te", "tiene", "todo", "todos", "tu",
	"un", "una", "unas", "uno", "unos", "y", "ya", "yo",
};

static const char *const de[] = {
	"aber", "alle", "als", "also", "am", "an", "auch", "auf", "aus", "bei", "bin", "bis",
	"bist", "da", "damit", "dann", "das", "dass", "dem", "den", "denn", "der", "des", "die",
	"dies", "diese", "diesem", "diesen", "dieser", "dieses", "doch", "dort", "du", "durch",
	"ein", "eine", "einem", "einen", "einer", "eines", "er", "es", "etwas", "fur", "hat",
	"hatte", "ich", "ihm", "ihn", "ihr", "ihre", "im", "in", "ist", "ja", "jede", "jeder",
	"kann", "kein", "keine", "man", "mich", "mit", "muss", "nach", "nicht", "noch", "nur",
	"ob", "oder", "ohne", "sehr", "sein", "seine", "sich", "sie", "sind", "so", "soll",
	"uber", "um", "und", "uns", "unter", "vom", "von", "vor", "war", "waren", "was", "weil",
	"wenn", "wer", "werden", "wie", "wir", "wird", "wurde", "zu", "zum", "zur",
};

static const struct {
	const char *code;
	const char *const *words;
	size_t n;
} lists[] = {
	{ "de", de, sizeof(de) / sizeof(de[0]) }, { "en", en, sizeof(en) / sizeof(en[0]) },
	{ "es", es, sizeof(es) / sizeof(es[0]) }, { "fr", fr, sizeof(fr) / sizeof(fr[0]) },
	{ "ru", ru, sizeof(ru) / sizeof(ru[0]) },
};

static int cmp_word(const void *key, const void *elem)
{
	return strcmp((const char *)key, *(const char *const *)elem);
}

int stopwords_has(const char *lang)
{
	for (size_t i = 0; lang && i < sizeof(lists) / sizeof(lists[0]); i++)
		if (strcmp(lists[i].code, lang) == 0)
			return 1;
	return 0;
}

int stopword(const char *lang, const char *word, size_t len)
{
	char buf[64];
	if (!lang || len == 0 || len >= sizeof(buf))
		return 0;
	memcpy(buf, word, len);
	buf[len] = 0;
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (strcmp(lists[i].code, lang) == 0)
			return bsearch(buf, lists[i].words, lists[i].n, sizeof(char *), cmp_word) != NULL;
	return 0;
}

int stopwords_selftest(void)
{
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		for (size_t k = 1; k < lists[i].n; k++)
			if (strcmp(lists[i].words[k - 1], lists[i].words[k]) >= 0)
				return -1;
	return 0;
}
