// SPDX-License-Identifier: GPL-2.0
/*
 * lifetime_test: time, discoctl runs, the thread that runs a vCPU, and a
 * child process that gives up root.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lifetime.h"

extern char **environ;

#define DISCOCTL_DEFAULT "/disco/bin/discoctl"

double lt_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void lt_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

const char *lt_discoctl_path(void)
{
	const char *p = getenv("DISCOCTL");

	return p && *p ? p : DISCOCTL_DEFAULT;
}

/*
 * Starts discoctl with @argv (argv[0] is ignored), stdout to /dev/null
 * (the guest console and "created ..." lines would break the TAP stream),
 * stderr inherited; returns the pid or -errno.
 */
pid_t lt_spawn_discoctl(char *const argv[])
{
	posix_spawn_file_actions_t fa;
	char *args[8];
	pid_t pid;
	int i, r;

	args[0] = (char *)lt_discoctl_path();
	for (i = 1; argv[i] && i < 7; i++)
		args[i] = argv[i];
	args[i] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null",
					 O_WRONLY, 0);
	r = posix_spawn(&pid, args[0], &fa, NULL, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	return r ? -r : pid;
}

/* Runs discoctl to completion; its exit status, or -errno / -1000 - signal. */
int lt_run_discoctl(char *const argv[])
{
	pid_t pid = lt_spawn_discoctl(argv);
	int st;

	if (pid < 0)
		return pid;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return -1000 - WTERMSIG(st);
}

void *lt_runner_fn(void *arg)
{
	struct runner *rn = arg;

	memset(&rn->run, 0, sizeof(rn->run));
	rn->r = disco_ioctl(rn->fd, DISCO_VM_RUN, &rn->run);
	return NULL;
}

int lt_quota_child(int dev, char (*names)[DISCO_NAME_MAX], int n, __u64 mem)
{
	pid_t pid;
	int i, r, st;

	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		/* The descriptor stays usable: it was opened as root. */
		if (setresgid(NOBODY, NOBODY, NOBODY) || setresuid(NOBODY, NOBODY, NOBODY))
			_exit(99);
		for (i = 0; i <= n; i++) {
			r = lt_create_raw(dev, names[i], mem);
			if (r != (i < n ? 0 : -EDQUOT)) {
				fprintf(stderr, "# uid %d: VM %d of %d: %s\n",
					NOBODY, i + 1, n + 1,
					r ? strerror(-r) : "created");
				_exit(i + 1);
			}
		}
		_exit(0);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st);
}
