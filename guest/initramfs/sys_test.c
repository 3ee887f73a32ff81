// SPDX-License-Identifier: GPL-2.0
/*
 * sys_test - run inside the Linux guest (static, n64): the system services
 * a commodity OS must get right on the monitor, each a TAP line on the
 * console prefixed "guest-tap: " (the host's linux_test.sh collects them).
 *
 * fork/exec/wait, pipes, signals, interval timers and clocks, anonymous
 * and file mappings, munmap and mprotect faults.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int failed;

static void result(int ok, const char *what)
{
	printf("guest-tap: %s - %s\n", ok ? "ok" : "not ok", what);
	fflush(stdout);
	failed |= !ok;
}

static int fork_exec(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execl("/bin/busybox", "sh", "-c", "exit 7", (char *)NULL);
		_exit(99);
	}
	return pid > 0 && waitpid(pid, &status, 0) == pid &&
	       WIFEXITED(status) && WEXITSTATUS(status) == 7;
}

/* 1 MiB through a pipe to a child, which sends back its byte sum. */
static int pipes(void)
{
	int down[2], up[2], status;
	unsigned long sum = 0, got = 0;
	char buf[4096];
	size_t i, n;
	pid_t pid;

	if (pipe(down) || pipe(up))
		return 0;
	pid = fork();
	if (pid == 0) {
		ssize_t r;

		close(down[1]);
		while ((r = read(down[0], buf, sizeof(buf))) > 0)
			for (i = 0; i < (size_t)r; i++)
				got += (unsigned char)buf[i];
		_exit(write(up[1], &got, sizeof(got)) == sizeof(got) ? 0 : 1);
	}
	close(down[0]);
	for (n = 0; n < 256; n++) {
		for (i = 0; i < sizeof(buf); i++) {
			buf[i] = (char)(i * 7 + n);
			sum += (unsigned char)buf[i];
		}
		if (write(down[1], buf, sizeof(buf)) != sizeof(buf))
			return 0;
	}
	close(down[1]);
	if (read(up[0], &got, sizeof(got)) != sizeof(got))
		return 0;
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       !WEXITSTATUS(status) && got == sum;
}

static volatile sig_atomic_t usr1, alarms;

static void on_usr1(int sig)
{
	(void)sig;
	usr1++;
}

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static int signals(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigset_t set;

	sigaction(SIGUSR1, &sa, NULL);
	kill(getpid(), SIGUSR1);
	if (usr1 != 1)
		return 0;
	/* Blocked, then pending, then delivered on unblock. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	kill(getpid(), SIGUSR1);
	if (usr1 != 1)
		return 0;
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	return usr1 == 2;
}

static double now(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int timers(void)
{
	struct itimerval it = { { 0, 20000 }, { 0, 20000 } };
	struct sigaction sa = { .sa_handler = on_alarm };
	double t0 = now(CLOCK_MONOTONIC), t1;

	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	while (alarms < 5)
		pause();
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	t1 = now(CLOCK_MONOTONIC);
	/* five 20 ms periods: at least 100 ms, and not absurdly long */
	return t1 - t0 >= 0.099 && t1 - t0 < 30;
}

static int clocks(void)
{
	struct timespec req = { 0, 50 * 1000 * 1000 };
	double prev = now(CLOCK_MONOTONIC), t, t0;
	int i;

	for (i = 0; i < 20000; i++) {
		t = now(CLOCK_MONOTONIC);
		if (t < prev)
			return 0;
		prev = t;
	}
	t0 = now(CLOCK_MONOTONIC);
	nanosleep(&req, NULL);
	return now(CLOCK_MONOTONIC) - t0 >= 0.0499;
}

static sigjmp_buf fault_jmp;
static volatile sig_atomic_t faults;

static void on_segv(int sig)
{
	(void)sig;
	faults++;
	siglongjmp(fault_jmp, 1);
}

/* Does a store to @p fault? */
static int store_faults(volatile char *p)
{
	struct sigaction sa = { .sa_handler = on_segv };
	int before = faults;

	sigaction(SIGSEGV, &sa, NULL);
	if (!sigsetjmp(fault_jmp, 1))
		*p = 1;
	signal(SIGSEGV, SIG_DFL);
	return faults == before + 1;
}

static int anon_mmap(void)
{
	size_t len = 8 << 20, i, page = sysconf(_SC_PAGESIZE);
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int ok = 1;

	if (p == MAP_FAILED)
		return 0;
	for (i = 0; i < len; i += page)
		p[i] = (unsigned char)(i / page * 13);
	for (i = 0; i < len; i += page)
		ok &= p[i] == (unsigned char)(i / page * 13);
	ok &= mprotect(p, page, PROT_READ) == 0 && store_faults((char *)p);
	ok &= munmap(p, len) == 0 && store_faults((char *)p + page);
	return ok;
}

/* A shared file mapping, written through memory, read back with read(). */
static int file_mmap(const char *path)
{
	size_t len = 256 << 10, i;
	char *p, buf[4096];
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644), ok = 1;

	if (fd < 0 || ftruncate(fd, len))
		return 0;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return 0;
	for (i = 0; i < len; i++)
		p[i] = (char)(i % 251);
	ok &= msync(p, len, MS_SYNC) == 0 && munmap(p, len) == 0;
	for (i = 0; ok && i < len; i += sizeof(buf)) {
		size_t j;

		ok &= pread(fd, buf, sizeof(buf), i) == sizeof(buf);
		for (j = 0; ok && j < sizeof(buf); j++)
			ok &= buf[j] == (char)((i + j) % 251);
	}
	close(fd);
	unlink(path);
	return ok;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/tmp";
	char path[256];

	snprintf(path, sizeof(path), "%s/sys_test.map", dir);
	result(fork_exec(), "fork, exec and wait (exit status 7)");
	result(pipes(), "1 MiB through a pipe to a child and its checksum back");
	result(signals(), "signals: delivered, blocked and pending, then delivered");
	result(timers(), "setitimer: five 20 ms SIGALRMs");
	result(clocks(), "CLOCK_MONOTONIC never goes back; nanosleep(50 ms) sleeps");
	result(anon_mmap(), "8 MiB anonymous mapping; mprotect and munmap faults");
	result(file_mmap(path), "shared file mapping written, msync'd, read back");
	return failed;
}
