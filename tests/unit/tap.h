/*
 * tap.h - a minimal Test Anything Protocol producer for dateline's C unit tests.
 *
 *   ok(cond, "name %d", i);          one test point
 *   is_str(got, want, "name");       compares strings (NULL-safe) and shows both on failure
 *   is_int(got, want, "name");
 *   return done_testing();           prints the plan; exit status 1 if any failed
 *
 * Header-only: each test program includes it once.
 */
#ifndef DATELINE_TAP_H
#define DATELINE_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_run, tap_failed;

static int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	tap_run++;
	printf("%s %d - ", cond ? "ok" : "not ok", tap_run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

#define is_str(got, want, ...)                                                          \
	do {                                                                            \
		const char *tap_g = (got), *tap_w = (want);                             \
		int tap_c = (tap_g == NULL && tap_w == NULL) ||                         \
			    (tap_g && tap_w && strcmp(tap_g, tap_w) == 0);              \
		if (!tap_ok(tap_c, __FILE__, __LINE__, __VA_ARGS__))                    \
			printf("#   got:  '%s'\n#   want: '%s'\n", tap_g ? tap_g : "(null)", \
			       tap_w ? tap_w : "(null)");                               \
	} while (0)

#define is_int(got, want, ...)                                                          \
	do {                                                                            \
		long long tap_g = (long long)(got), tap_w = (long long)(want);          \
		if (!tap_ok(tap_g == tap_w, __FILE__, __LINE__, __VA_ARGS__))           \
			printf("#   got:  %lld\n#   want: %lld\n", tap_g, tap_w);           \
	} while (0)

#define diag(...) (printf("# "), printf(__VA_ARGS__), printf("\n"))

static int done_testing(void)
{
	printf("1..%d\n", tap_run);
	if (tap_failed)
		printf("# %d of %d failed\n", tap_failed, tap_run);
	return tap_failed ? 1 : 0;
}

#endif
