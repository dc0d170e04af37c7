/*
 * pdf.c - the PDF reader: pdftotext run safely (see pdf.h).
 */
#include "pdf.h"
#include "extract.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PROGRAM "pdftotext"
/* Error output kept for messages. */
#define MAX_STDERR 4096

/* 1 if pdftotext is an executable file in one of PATH's directories. */
static int in_path(const char *prog)
{
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	strbuf f = STRBUF_INIT;
	int found = 0;
	while (!found) {
		size_t k = strcspn(path, ":");
		strbuf_reset(&f);
		if (k)
			strbuf_add(&f, path, k);
		else
			strbuf_addc(&f, '.');
		strbuf_addf(&f, "/%s", prog);
		struct stat st;
		found = stat(f.buf, &st) == 0 && S_ISREG(st.st_mode) && access(f.buf, X_OK) == 0;
		if (!path[k])
			break;
		path += k + 1;
	}
	strbuf_release(&f);
	return found;
}

/* Copies the rest of in to a new temporary file; its name into name.
 * Returns 0, or -1 with the reason in reason. */
static int copy_to_temp(input *in, strbuf *name, strbuf *reason)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	strbuf_addf(name, "%s/dateline-pdf.XXXXXX", dir);
	int fd = mkstemp(name->buf);
	if (fd < 0) {
		strbuf_addf(reason, "cannot make a temporary file in '%s': %s", dir, strerror(errno));
		return -1;
	}
	char buf[65536];
	ssize_t n;
	int rc = 0;
	while ((n = input_read(in, buf, sizeof(buf))) > 0) {
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(fd, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				strbuf_addf(reason, "cannot write a temporary copy: %s", strerror(errno));
				rc = -1;
				break;
			}
			off += w;
		}
		if (rc)
			break;
	}
	if (n < 0 && !rc) {
		strbuf_adds(reason, input_errmsg(in));
		rc = -1;
	}
	if (close(fd) != 0 && !rc) {
		strbuf_addf(reason, "cannot write a temporary copy: %s", strerror(errno));
		rc = -1;
	}
	if (rc)
		unlink(name->buf);
	return rc;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* In the child: becomes pdftotext, or exits 127. */
static void run_child(const char *file, int out, int err, unsigned timeout)
{
	setpgid(0, 0);
	int null = open("/dev/null", O_RDONLY);
	if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(127);
	/* Every other descriptor closed: the index must not leak into it. */
	long maxfd = sysconf(_SC_OPEN_MAX);
	for (long fd = 3; fd < (maxfd > 0 && maxfd < 65536 ? maxfd : 1024); fd++)
		close((int)fd);
	/* CPU time as a second limit, should the wall clock one fail. */
	struct rlimit rl = { (rlim_t)timeout + 5, (rlim_t)timeout + 10 };
	setrlimit(RLIMIT_CPU, &rl);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	char *const argv[] = { (char *)PROGRAM, (char *)"-enc", (char *)"UTF-8", (char *)"-nopgbrk",
			       (char *)file,	(char *)"-",	NULL };
	execvp(PROGRAM, argv);
	dprintf(2, "cannot run " PROGRAM ": %s\n", strerror(errno));
	_exit(127);
}

struct run {
	strbuf out, err;
	int status;    /* from waitpid */
	int timed_out; /* killed at the time limit */
	int cut;       /* killed at the size limit */
};

/* Runs pdftotext on file; fills r.  Returns 0, or -1 with the reason. */
static int run_pdftotext(const char *file, size_t max, unsigned timeout, struct run *r,
			 strbuf *reason)
{
	int po[2], pe[2];
	if (pipe(po) != 0) {
		strbuf_addf(reason, "cannot run " PROGRAM ": %s", strerror(errno));
		return -1;
	}
	if (pipe(pe) != 0) {
		strbuf_addf(reason, "cannot run " PROGRAM ": %s", strerror(errno));
		close(po[0]);
		close(po[1]);
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		strbuf_addf(reason, "cannot run " PROGRAM ": %s", strerror(errno));
		close(po[0]), close(po[1]), close(pe[0]), close(pe[1]);
		return -1;
	}
	if (pid == 0)
		run_child(file, po[1], pe[1], timeout);
	setpgid(pid, pid); /* also here, so that the group exists before any kill */
	close(po[1]);
	close(pe[1]);

	struct pollfd fds[2] = { { po[0], POLLIN, 0 }, { pe[0], POLLIN, 0 } };
	int open_fds = 2;
	double deadline = now_s() + timeout;
	char buf[65536];
	while (open_fds > 0) {
		double left = deadline - now_s();
		if (left <= 0) {
			r->timed_out = 1;
			break;
		}
		int pr = poll(fds, 2, (int)(left * 1000) + 1);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr < 0)
			break;
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t n = read(fds[i].fd, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
				continue;
			}
			if (i == 0) {
				size_t room = max - r->out.len;
				strbuf_add(&r->out, buf, (size_t)n < room ? (size_t)n : room);
				if ((size_t)n >= room) {
					r->cut = 1;
					open_fds = 0;
				}
			} else if (r->err.len < MAX_STDERR) {
				size_t room = MAX_STDERR - r->err.len;
				strbuf_add(&r->err, buf, (size_t)n < room ? (size_t)n : room);
			}
		}
	}
	if (r->timed_out || r->cut)
		kill(-pid, SIGKILL);
	for (int i = 0; i < 2; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);
	while (waitpid(pid, &r->status, 0) < 0 && errno == EINTR)
		;
	return 0;
}

/* The first line of pdftotext's error output worth showing. */
static void first_error(const strbuf *err, strbuf *out)
{
	const char *s = err->buf ? err->buf : "";
	size_t n = strcspn(s, "\n");
	while (n && (s[n - 1] == '\r' || s[n - 1] == ' '))
		n--;
	strbuf_add(out, s, n > 200 ? 200 : n);
}

reader_status pdf_read(input *in, const char *path, const char *id, const reader_opts *o,
		       const reader_callbacks *cb, strbuf *reason)
{
	size_t max = o->max_doc ? o->max_doc : READER_DEFAULT_MAX_DOC;
	unsigned timeout = o->pdf_timeout ? o->pdf_timeout : PDF_DEFAULT_TIMEOUT;
	char msg[400];

	if (!in_path(PROGRAM)) {
		/* Still read it whole, as other files are. */
		char buf[65536];
		while (input_read(in, buf, sizeof(buf)) > 0)
			;
		strbuf_adds(reason, "PDF, but " PROGRAM " is not installed (Debian package poppler-utils)");
		return READER_SKIPPED;
	}
	strbuf tmp = STRBUF_INIT;
	if (copy_to_temp(in, &tmp, reason)) {
		strbuf_release(&tmp);
		return READER_FAILED;
	}
	struct run r;
	memset(&r, 0, sizeof(r));
	strbuf_init(&r.out, 0);
	strbuf_init(&r.err, 0);
	int rc = run_pdftotext(tmp.buf, max, timeout, &r, reason);
	unlink(tmp.buf);
	strbuf_release(&tmp);
	reader_status st = READER_OK;
	if (rc) {
		st = READER_FAILED;
		goto out;
	}
	if (r.timed_out) {
		strbuf_addf(reason, PROGRAM " took longer than %u s: killed (a damaged or hostile PDF?)",
			    timeout);
		st = READER_FAILED;
		goto out;
	}
	if (!r.cut) {
		int code = WIFEXITED(r.status) ? WEXITSTATUS(r.status) : -1;
		int encrypted = r.err.buf && (strstr(r.err.buf, "password") || strstr(r.err.buf, "ncrypt"));
		if (WIFSIGNALED(r.status)) {
			strbuf_addf(reason, PROGRAM " was killed by signal %d (%s)", WTERMSIG(r.status),
				    WTERMSIG(r.status) == SIGXCPU ? "too much CPU time" : strsignal(WTERMSIG(r.status)));
			st = READER_FAILED;
		} else if (encrypted && code != 0) {
			strbuf_adds(reason, "encrypted PDF: its text cannot be read without the password");
			st = READER_FAILED;
		} else if (code == 3) {
			strbuf_adds(reason, "the PDF's permissions forbid copying its text");
			st = READER_FAILED;
		} else if (code == 127) {
			strbuf_adds(reason, "cannot run " PROGRAM ": ");
			first_error(&r.err, reason);
			st = READER_FAILED;
		} else if (code != 0) {
			strbuf_addf(reason, "broken PDF (" PROGRAM " exit status %d", code);
			if (r.err.len) {
				strbuf_adds(reason, ": ");
				first_error(&r.err, reason);
			}
			strbuf_addc(reason, ')');
			st = READER_FAILED;
		} else if (r.err.len) {
			strbuf tmpmsg = STRBUF_INIT;
			first_error(&r.err, &tmpmsg);
			snprintf(msg, sizeof(msg), "damaged PDF, read as well as it could be (%s)",
				 tmpmsg.buf ? tmpmsg.buf : "");
			strbuf_release(&tmpmsg);
			cb->problem(cb->ctx, path, 0, msg, READER_WARNING);
		}
		if (st != READER_OK)
			goto out;
	} else {
		snprintf(msg, sizeof(msg),
			 "text longer than %zu bytes: only the start is indexed (" PROGRAM " stopped)", max);
		cb->problem(cb->ctx, path, 0, msg, READER_WARNING);
	}

	extracted x;
	extracted_init(&x);
	/* pdftotext ends pages with form feeds unless told not to; a fake or
	 * old one may still: they are line breaks here. */
	for (size_t i = 0; i < r.out.len; i++)
		if (r.out.buf[i] == '\f')
			r.out.buf[i] = '\n';
	strbuf_add(&x.text, r.out.buf ? r.out.buf : "", r.out.len);
	st = extract_deliver(&x, path, id, o, cb, reason);
	if (st == READER_SKIPPED) {
		strbuf_reset(reason);
		strbuf_adds(reason, "no text in the PDF (a scan without a text layer?)");
	}
	extracted_release(&x);
out:
	strbuf_release(&r.out);
	strbuf_release(&r.err);
	return st;
}
