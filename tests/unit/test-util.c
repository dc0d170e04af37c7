/*
 * test-util.c - the shared helpers of util.h that no other test covers:
 * strmap, the hash map behind highlight sets, organisation sets and
 * spelling counts.
 */
#include "util.h"

#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_strmap(void)
{
	strmap m = STRMAP_INIT;
	int added = -1;

	ok(strmap_get(&m, "a", 1) == NULL, "an empty map holds nothing");
	unsigned *v = strmap_put(&m, "a", 1, &added);
	ok(v && *v == 0 && added == 1, "a new key starts at 0 and is reported added");
	*v = 7;
	v = strmap_put(&m, "a", 1, &added);
	ok(v && *v == 7 && added == 0, "an old key keeps its value");
	ok(strmap_get(&m, "a", 1) && *strmap_get(&m, "a", 1) == 7, "strmap_get finds it");
	ok(strmap_get(&m, "b", 1) == NULL, "another key is absent");

	/* Keys are bytes with lengths: NUL inside, prefixes, the empty key. */
	strmap_put(&m, "a\0b", 3, &added);
	ok(added == 1, "a key with a NUL byte is its own key");
	ok(strmap_get(&m, "a\0c", 3) == NULL, "... and differs after the NUL");
	strmap_put(&m, "", 0, &added);
	ok(added == 1 && strmap_get(&m, "", 0), "the empty key");
	ok(strmap_put(&m, NULL, 0, NULL) == strmap_get(&m, "", 0), "added may be NULL");
	is_int(m.count, 3, "three keys");

	/* Many keys: growth keeps every value. */
	char key[32];
	for (unsigned i = 0; i < 10000; i++) {
		int n = snprintf(key, sizeof(key), "key%u", i);
		*strmap_put(&m, key, (size_t)n, NULL) = i;
	}
	int fine = 1;
	for (unsigned i = 0; i < 10000 && fine; i++) {
		int n = snprintf(key, sizeof(key), "key%u", i);
		unsigned *got = strmap_get(&m, key, (size_t)n);
		fine = got && *got == i;
	}
	ok(fine, "10,000 keys keep their values through growth");
	is_int(m.count, 10003, "the count");
	size_t seen = 0;
	for (size_t i = 0; i < m.cap; i++)
		if (m.slots[i].key)
			seen++;
	is_int(seen, 10003, "visiting the slots finds every key once");
	ok(m.cap >= 2 * m.count, "the table stays at most half full");

	strmap_release(&m);
	ok(m.count == 0 && m.cap == 0 && m.slots == NULL, "release empties the map");
	strmap_put(&m, "again", 5, &added);
	ok(added == 1 && m.count == 1, "a released map is reusable");
	strmap_release(&m);
	strmap_release(&m);
	ok(1, "releasing twice is harmless");
}

int main(void)
{
	test_strmap();
	return done_testing();
}
