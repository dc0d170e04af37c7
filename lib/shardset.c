/*
 * shardset.c - the databases an index path stands for, with Xapian's stub
 * files expanded into the shards they list (see shardset.h).
 */
#include "shardset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The first bytes of a single-file glass database. */
static const char glass_magic[] = "\x0f\x0dXapian Glass";

static void push(shard_set *set, const char *name, const char *path, const char *host,
		 unsigned port)
{
	set->v = xrealloc(set->v, (set->n + 1) * sizeof(*set->v));
	shard *s = &set->v[set->n++];
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(name);
	s->path = path ? xstrdup(path) : NULL;
	s->host = host ? xstrdup(host) : NULL;
	s->port = port;
	if (!path)
		set->remote = 1;
}

/* Moves the shards of from to the end of to, leaving from empty. */
static void move_all(shard_set *to, shard_set *from)
{
	for (size_t i = 0; i < from->n; i++) {
		to->v = xrealloc(to->v, (to->n + 1) * sizeof(*to->v));
		to->v[to->n++] = from->v[i];
	}
	to->remote |= from->remote;
	free(from->v);
	memset(from, 0, sizeof(*from));
}

static int parse_port(const char *s, unsigned *port)
{
	unsigned long v = 0;
	if (!*s)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || (v = v * 10 + (unsigned long)(*p - '0')) > 65535)
			return -1;
	}
	if (v == 0)
		return -1;
	*port = (unsigned)v;
	return 0;
}

/* Splits "HOST:PORT" or "[IPV6]:PORT" into a malloc'd *host and *port. */
static int split_host_port(const char *spec, char **host, unsigned *port)
{
	const char *colon = strrchr(spec, ':');
	if (!colon || colon == spec || parse_port(colon + 1, port))
		return -1;
	const char *h = spec;
	size_t hl = (size_t)(colon - spec);
	if (h[0] == '[') {
		if (hl < 3 || h[hl - 1] != ']')
			return -1;
		h++;
		hl -= 2;
	} else if (memchr(h, ':', hl)) {
		return -1; /* an IPv6 address needs brackets to tell it from the port */
	}
	*host = xstrndup(h, hl);
	return 0;
}

int shards_add_remote(shard_set *set, const char *spec, strbuf *err)
{
	char *host = NULL;
	unsigned port = 0;
	if (split_host_port(spec, &host, &port) != 0) {
		strbuf_adds(err, "HOST:PORT (a port from 1 to 65535; [ADDRESS]:PORT for IPv6)");
		return -1;
	}
	push(set, spec, NULL, host, port);
	free(host);
	return 0;
}

static int is_file(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/*
 * The stub file that path is or holds (malloc'd), or NULL if path is a
 * database, or nothing Xapian would read as a stub: opening it will say
 * what it is.  Xapian looks the same way: a directory is a database if
 * it has iamglass or iamchert, else a stub directory if it has XAPIANDB;
 * a file is a single-file database if it starts with glass's magic,
 * else a stub.
 */
static char *stub_of(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return NULL;
	if (S_ISDIR(sb.st_mode)) {
		char *glass = xasprintf("%s/iamglass", path), *chert = xasprintf("%s/iamchert", path);
		char *stub = xasprintf("%s/XAPIANDB", path);
		int db = is_file(glass) || is_file(chert);
		free(glass);
		free(chert);
		if (!db && is_file(stub))
			return stub;
		free(stub);
		return NULL;
	}
	if (!S_ISREG(sb.st_mode))
		return NULL;
	char magic[sizeof(glass_magic) - 1];
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL; /* Xapian will say why it cannot read it */
	size_t got = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	if (got == sizeof(magic) && memcmp(magic, glass_magic, sizeof(magic)) == 0)
		return NULL;
	return xstrdup(path);
}

/* path as Xapian reads it in stub: relative to the stub's directory. */
static char *resolve(const char *path, const char *stub)
{
	const char *slash = strrchr(stub, '/');
	if (path[0] == '/' || !slash)
		return xstrdup(path);
	return xasprintf("%.*s%s", (int)(slash - stub + 1), stub, path);
}

/*
 * Reads the stub into sub.  Returns 1 if every line is one this file
 * understands, 0 if the stub is to be left to Xapian whole, -1 on an
 * error (in err).
 */
static int read_stub(shard_set *sub, const char *stub, int depth, strbuf *err);

static int expand(shard_set *set, const char *path, int depth, strbuf *err)
{
	char *stub = stub_of(path);
	if (!stub) {
		push(set, path, path, NULL, 0);
		return 0;
	}
	if (depth >= SHARDS_MAX_DEPTH) {
		strbuf_addf(err, "stubs nested more than %d deep (does one list itself?) at '%s'",
			    SHARDS_MAX_DEPTH, stub);
		free(stub);
		return -1;
	}
	shard_set sub = SHARD_SET_INIT;
	sub.databases = set->databases;
	int rc = read_stub(&sub, stub, depth, err);
	free(stub);
	if (rc < 0) {
		shards_release(&sub);
		return -1;
	}
	if (rc == 0 || (sub.n == 1 && sub.v[0].path && !set->databases)) {
		/* Left to Xapian, or a single local database: the stub itself. */
		shards_release(&sub);
		push(set, path, path, NULL, 0);
		return 0;
	}
	move_all(set, &sub);
	return 0;
}

static int read_stub(shard_set *sub, const char *stub, int depth, strbuf *err)
{
	FILE *f = fopen(stub, "r");
	if (!f)
		return 0; /* Xapian reports it when it opens the stub */
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	int rc = 1;
	while (rc == 1 && (got = getline(&line, &cap, f)) != -1) {
		/* As Xapian reads it: the line up to '\n', its type up to the
		 * first space, the rest after that space. */
		if (got > 0 && line[got - 1] == '\n')
			line[--got] = '\0';
		if (got == 0 || line[0] == '#')
			continue;
		char *space = strchr(line, ' ');
		const char *rest = space ? space + 1 : "";
		if (space)
			*space = '\0';
		const char *type = line;
		if (!*rest) {
			rc = 0;
		} else if (strcmp(type, "auto") == 0) {
			char *p = resolve(rest, stub);
			if (expand(sub, p, depth + 1, err) != 0)
				rc = -1;
			free(p);
		} else if (strcmp(type, "glass") == 0 || strcmp(type, "chert") == 0) {
			char *p = resolve(rest, stub);
			push(sub, p, p, NULL, 0);
			free(p);
		} else if (strcmp(type, "remote") == 0 && rest[0] != ':') {
			char *host = NULL;
			unsigned port;
			if (split_host_port(rest, &host, &port) == 0)
				push(sub, rest, NULL, host, port);
			else
				rc = 0;
			free(host);
		} else {
			rc = 0;
		}
	}
	free(line);
	fclose(f);
	return rc;
}

int shards_add_path(shard_set *set, const char *path, strbuf *err)
{
	return expand(set, path, 0, err);
}

void shards_release(shard_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		free(set->v[i].name);
		free(set->v[i].path);
		free(set->v[i].host);
		xap_database_destroy(set->v[i].db);
	}
	free(set->v);
	memset(set, 0, sizeof(*set));
}
