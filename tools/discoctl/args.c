// SPDX-License-Identifier: GPL-2.0
/*
 * discoctl: command-line parsing.  Usage errors are one line on stderr and
 * exit status 2, so scripts can tell them from failed operations (1).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/disco.h>

#include "discoctl.h"

void usage_error(const struct cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s: ", PROG, cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_USAGE);
}

static void cmd_help(const struct cmd *cmd)
{
	printf("usage: %s %s%s%s\n\n%s", PROG, cmd->name,
	       *cmd->usage ? " " : "", cmd->usage, cmd->help);
	exit(0);
}

static struct opt *find_opt(struct opt *opts, const char *name, size_t len)
{
	for (; opts && opts->name; opts++)
		if (strlen(opts->name) == len && !strncmp(opts->name, name, len))
			return opts;
	return NULL;
}

/* Handles argv[*i], an option; advances *i past an option's argument. */
static void parse_opt(const struct cmd *cmd, int argc, char **argv, int *i,
		      struct opt *opts)
{
	const char *arg = argv[*i];
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
	struct opt *o;

	if (!strcmp(arg, "--help") || !strcmp(arg, "-h"))
		cmd_help(cmd);
	o = arg[1] == '-' ? find_opt(opts, arg + 2, len) : NULL;
	if (!o)
		usage_error(cmd, "unknown option '%.*s'",
			    (int)(eq ? eq - arg : (long)strlen(arg)), arg);
	if (!o->metavar) {
		if (eq)
			usage_error(cmd, "--%s takes no argument", o->name);
		o->value = "";
		return;
	}
	if (eq) {
		o->value = eq + 1;
	} else {
		if (*i + 1 >= argc)
			usage_error(cmd, "--%s: missing %s", o->name, o->metavar);
		o->value = argv[++*i];
	}
	if (o->repeat) {
		if (o->count == o->repeat)
			usage_error(cmd, "--%s may be given at most %u times",
				    o->name, o->repeat);
		o->values[o->count++] = o->value;
	}
}

/*
 * Fills @opts (terminated by a zero entry; may be NULL) and, if @posname
 * is set, *@pos with the one positional argument.  --help anywhere
 * before "--" prints the command's help and exits.
 */
void parse_args(const struct cmd *cmd, int argc, char **argv,
		struct opt *opts, const char *posname, const char **pos)
{
	int i, dashdash = 0;

	for (i = 0; i < argc; i++) {
		const char *arg = argv[i];

		if (!dashdash && !strcmp(arg, "--"))
			dashdash = 1;
		else if (!dashdash && arg[0] == '-' && arg[1])
			parse_opt(cmd, argc, argv, &i, opts);
		else if (posname && !*pos)
			*pos = arg;
		else
			usage_error(cmd, "unexpected argument '%s'", arg);
	}
	if (posname && !*pos)
		usage_error(cmd, "missing %s (see '%s %s --help')", posname,
			    PROG, cmd->name);
}

/* "64M", "1G", "16384": bytes; must be whole guest pages. */
__u64 parse_mem_size(const struct cmd *cmd, const char *opt, const char *s)
{
	unsigned long long n, mult = 1;
	char *end;

	errno = 0;
	n = strtoull(s, &end, 10);
	if (end == s || *s < '0' || *s > '9' || errno)
		goto bad;
	if (*end) {
		static const char units[] = "KMG";
		const char *u = strchr(units, toupper((unsigned char)*end));

		if (!u || end[1])
			goto bad;
		mult = 1ULL << (10 * (u - units + 1));
	}
	if (n > DISCO_MEM_MAX / mult)
		usage_error(cmd, "%s: %s is more than the 64G a VM may have",
			    opt, s);
	n *= mult;
	if (n < DISCO_MEM_MIN)
		usage_error(cmd, "%s: %s is less than 16K, one guest page",
			    opt, s);
	if (n % DISCO_PAGE_SIZE)
		usage_error(cmd, "%s: %s is not a multiple of 16K, the guest page size",
			    opt, s);
	return n;
bad:
	usage_error(cmd, "%s: expected a size like 64M, got '%s'", opt, s);
}

unsigned int parse_uint(const struct cmd *cmd, const char *opt,
			const char *s, unsigned int min, unsigned int max)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (end == s || *end || *s < '0' || *s > '9' || errno)
		usage_error(cmd, "%s: expected a number, got '%s'", opt, s);
	if (n < min || n > max)
		usage_error(cmd, "%s: %s is out of range (%u to %u)", opt, s,
			    min, max);
	return n;
}

/* The kernel checks this too; checking here gives a clearer message. */
void check_vm_name(const struct cmd *cmd, const char *name)
{
	static const char ok[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				 "abcdefghijklmnopqrstuvwxyz0123456789._-";
	size_t len = strlen(name);

	if (len == 0 || len >= DISCO_NAME_MAX)
		usage_error(cmd, "VM name '%s' must be 1 to %d characters",
			    name, DISCO_NAME_MAX - 1);
	if (strspn(name, ok) != len)
		usage_error(cmd, "VM name '%s' may only hold A-Z a-z 0-9 . _ -",
			    name);
}

/* The largest unit that divides @bytes exactly, as --mem accepts it. */
void format_size(char *buf, size_t len, __u64 bytes)
{
	static const char units[] = "GMK";
	int i;

	for (i = 0; i < 3; i++) {
		__u64 unit = 1ULL << (10 * (3 - i));

		if (bytes && bytes % unit == 0) {
			snprintf(buf, len, "%llu%c",
				 (unsigned long long)(bytes / unit), units[i]);
			return;
		}
	}
	snprintf(buf, len, "%llu", (unsigned long long)bytes);
}
