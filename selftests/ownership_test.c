// SPDX-License-Identifier: GPL-2.0
/*
 * Access control: /dev/disco is root's (mode 0600) unless the administrator
 * says otherwise, and every VM belongs to its creator.  Another user — even
 * one holding a /dev/disco or VM descriptor root opened — gets EPERM for
 * the VM, and discoctl says whose it is.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "disco_util.h"

#define NOBODY		65534
#define DISCOCTL	"/disco/bin/discoctl"

FIXTURE(own) {
	int dev;
	struct disco_vm vm;
};

FIXTURE_SETUP(own)
{
	if (geteuid() != 0)
		SKIP(return, "needs root to create a VM and become another user");
	disco_vm_init(&self->vm);
	self->dev = disco_open_dev();
	ASSERT_LE(0, self->dev);
	ASSERT_EQ(0, disco_vm_setup(&self->vm, self->dev, "own", "hello",
				    1 << 20, 0));
}

FIXTURE_TEARDOWN(own)
{
	disco_vm_destroy(&self->vm);
	if (self->dev >= 0)
		close(self->dev);
}

/* Runs @fn as user NOBODY in a child; returns its exit status. */
static int as_nobody(int (*fn)(FIXTURE_DATA(own) *self), FIXTURE_DATA(own) *self)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		if (setgid(NOBODY) || setuid(NOBODY))
			_exit(99);
		_exit(fn(self));
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* With descriptors root opened: each VM operation must fail with EPERM. */
static int foreign_ioctls(FIXTURE_DATA(own) *self)
{
	struct disco_vm_ref ref = { 0 };
	struct disco_vm_info info;
	struct disco_run run = { 0 };
	struct disco_vm_list list = { 0 };

	memcpy(ref.name, self->vm.name, sizeof(ref.name));
	if (ioctl(self->dev, DISCO_OPEN_VM, &ref) >= 0 || errno != EPERM)
		return 1;
	if (ioctl(self->dev, DISCO_DESTROY_VM, &ref) >= 0 || errno != EPERM)
		return 2;
	if (ioctl(self->vm.fd, DISCO_VM_GET_INFO, &info) >= 0 || errno != EPERM)
		return 3;
	if (ioctl(self->vm.fd, DISCO_VM_RUN, &run) >= 0 || errno != EPERM)
		return 4;
	if (ioctl(self->vm.fd, DISCO_VM_STOP) >= 0 || errno != EPERM)
		return 5;
	/* Listing is not acting on a VM: it works, and names the owner. */
	if (ioctl(self->dev, DISCO_LIST_VMS, &list) < 0 || list.count == 0)
		return 6;
	return 0;
}

TEST_F(own, another_user_gets_eperm)
{
	struct disco_vm_info info;

	EXPECT_EQ(0, as_nobody(foreign_ioctls, self))
		TH_LOG("0 expected; n = the n-th check failed, 99 = setuid failed");
	/* ... and the VM is untouched: still there, still root's. */
	ASSERT_EQ(0, ioctl(self->vm.fd, DISCO_VM_GET_INFO, &info));
	EXPECT_EQ(0, info.owner_uid);
	EXPECT_EQ(DISCO_VM_STATE_CREATED, info.state);
}

TEST_F(own, device_is_root_only)
{
	struct stat st;

	ASSERT_EQ(0, stat(DISCO_DEV, &st));
	EXPECT_EQ(0600, st.st_mode & 0777);
	EXPECT_EQ(0, st.st_uid);
}

/* discoctl run by another user: a clear one-line refusal, non-zero exit. */
TEST_F(own, discoctl_refuses_another_users_vm)
{
	char out[512] = "";
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	if (access(DISCOCTL, X_OK))
		SKIP(return, "%s not found", DISCOCTL);
	/* Let the other user reach the device, as a group setting would. */
	ASSERT_EQ(0, chmod(DISCO_DEV, 0666));
	ASSERT_EQ(0, pipe(fds));
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 2);
		dup2(fds[1], 1);
		if (setgid(NOBODY) || setuid(NOBODY))
			_exit(99);
		execl(DISCOCTL, DISCOCTL, "destroy", self->vm.name, (char *)NULL);
		_exit(98);
	}
	close(fds[1]);
	n = read(fds[0], out, sizeof(out) - 1);
	close(fds[0]);
	waitpid(pid, &status, 0);
	chmod(DISCO_DEV, 0600);
	if (n > 0)
		out[n] = '\0';
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_NE(0, WEXITSTATUS(status));
	EXPECT_NE(NULL, strstr(out, "belongs to another user")) TH_LOG("discoctl said: %s", out);
	/* The VM survived the attempt. */
	EXPECT_EQ(0, ioctl(self->vm.fd, DISCO_VM_STOP));
}

TEST_HARNESS_MAIN
