// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzzer's oracle: the ioctl table with each call's documented errnos,
 * the expectations the argument generators build up, the check of every
 * result against both, failure reports, and the model of the VMs and VM
 * descriptors the fuzzer made (slots) that the expectations rest on.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "fuzz.h"

/* ---- the ioctls ---------------------------------------------------------- */

const struct cmdinfo fz_cmds[NR_CMDS] = {
	[C_VERSION] = { "GET_API_VERSION", DISCO_GET_API_VERSION, 0, true, false, { 0 } },
	[C_CREATE] = { "CREATE_VM", DISCO_CREATE_VM, sizeof(struct disco_vm_create), true, false,
		       { EEXIST, ENOSPC, EDQUOT, ENODEV } },
	[C_OPEN] = { "OPEN_VM", DISCO_OPEN_VM, sizeof(struct disco_vm_ref), true, false,
		     { ENOENT, EMFILE, ENFILE } },
	[C_DESTROY] = { "DESTROY_VM", DISCO_DESTROY_VM, sizeof(struct disco_vm_ref), true, false,
			{ ENOENT } },
	[C_LIST] = { "LIST_VMS", DISCO_LIST_VMS, sizeof(struct disco_vm_list), true, true, { 0 } },
	[C_INFO] = { "VM_GET_INFO", DISCO_VM_GET_INFO, sizeof(struct disco_vm_info), false, true,
		     { 0 } },
	[C_LOAD_ELF] = { "VM_LOAD_ELF", DISCO_VM_LOAD_ELF, sizeof(struct disco_load_elf), false,
			 true, { ENOEXEC, E2BIG, ERANGE } },
	[C_LOAD_RAW] = { "VM_LOAD_RAW", DISCO_VM_LOAD_RAW, sizeof(struct disco_mem), false, false,
			 { ERANGE } },
	[C_READ_RAW] = { "VM_READ_RAW", DISCO_VM_READ_RAW, sizeof(struct disco_mem), false, false,
			 { ERANGE } },
	[C_CREATE_VCPU] = { "VM_CREATE_VCPU", DISCO_VM_CREATE_VCPU, 0, false, false,
			    { ENOSPC, ENODEV } },
	[C_GET_REGS] = { "VM_GET_REGS", DISCO_VM_GET_REGS, sizeof(struct disco_regs), false, true,
			 { ENOENT, EBUSY } },
	[C_SET_REGS] = { "VM_SET_REGS", DISCO_VM_SET_REGS, sizeof(struct disco_regs), false, false,
			 { ENOENT, EBUSY } },
	[C_RUN] = { "VM_RUN", DISCO_VM_RUN, sizeof(struct disco_run), false, true,
		    { EBUSY, ENOENT, ENODEV } },
	[C_STOP] = { "VM_STOP", DISCO_VM_STOP, 0, false, false, { 0 } },
	[C_STATS] = { "VM_GET_STATS", DISCO_VM_GET_STATS, sizeof(struct disco_stats), false, true,
		      { ENOENT } },
	[C_GET_NUMA] = { "VM_GET_NUMA", DISCO_VM_GET_NUMA, sizeof(struct disco_numa_info), false,
			 true, { 0 } },
	[C_SET_NUMA] = { "VM_SET_NUMA", DISCO_VM_SET_NUMA, sizeof(struct disco_numa_set), false,
			 false, { 0 } },
	[C_MOVE_PAGE] = { "VM_MOVE_PAGE", DISCO_VM_MOVE_PAGE, sizeof(struct disco_page_move), false,
			  false, { ENODEV, EBUSY } },
	[C_ADD_DISK] = { "VM_ADD_DISK", DISCO_VM_ADD_DISK, sizeof(struct disco_disk), false,
			 false, { EBADF, EBUSY, ENOSPC, ENODEV } },
	[C_GET_DISK] = { "VM_GET_DISK", DISCO_VM_GET_DISK, sizeof(struct disco_disk_info), false,
			 true, { ENOENT } },
	[C_UNKNOWN] = { "unknown", 0, 0, false, false, { 0 } },
};

/* Every ioctl may return these (uapi/linux/disco.h, top comment). */
static const int common_errs[] = { EFAULT, EINVAL, ENOTTY, EPERM, EINTR, ENOMEM };

static bool listed(int e, const int *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (l[i] == e)
			return true;
	return false;
}

static bool documented(int c, int e)
{
	return listed(e, common_errs, sizeof(common_errs) / sizeof(common_errs[0])) ||
	       listed(e, fz_cmds[c].errs, 4);
}

/* ---- expectations and checks --------------------------------------------- */

void fz_exp_add(struct expect *x, int e)
{
	if (!listed(e, x->errs, x->n) && x->n < 12)
		x->errs[x->n++] = e;
}

/* An error condition holds: success is no longer acceptable. */
void fz_exp_err(struct expect *x, int e)
{
	fz_exp_add(x, e);
	x->ok = false;
}

void fz_busy_ok(struct slot *s, __u32 vcpu, struct expect *x)
{
	if (s && s->racing && vcpu == 0)
		fz_exp_add(x, EBUSY);
}

void fz_report(struct fuzz *fz, int c, int r, const char *kind,
	       const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int i;

	fz->nfail++;
	for (i = 0; i < fz->nfails_logged; i++)
		if (fz->fails[i].cmd == c && fz->fails[i].err == r &&
		    !strcmp(fz->fails[i].what, kind))
			return;	/* the same failure again: counted only */
	if (fz->nfails_logged >= MAX_FAILS)
		return;
	fz->fails[fz->nfails_logged].cmd = c;
	fz->fails[fz->nfails_logged].err = r;
	snprintf(fz->fails[fz->nfails_logged].what, sizeof(fz->fails[0].what), "%s", kind);
	fz->nfails_logged++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fz_log(fz, "FUZZ FAILURE (%s) seed=%llu call #%lu: %s -> %d (%s): %s",
	       kind, (unsigned long long)fz->seed, fz->calls, fz_cmds[c].name,
	       r, r < 0 ? strerror(-r) : "success", msg);
	fz_log(fz, "  reproduce: DISCO_FUZZ_SEED=%llu DISCO_FUZZ_CALLS=%lu",
	       (unsigned long long)fz->seed, fz->calls + 1);
}

/* Record the result and apply both checks.  @desc describes the call. */
void fz_check(struct fuzz *fz, int c, int r, const struct expect *x,
	      const char *desc)
{
	char set[128];
	int i, n = 0;

	if (r >= 0)
		fz->ok[c]++;
	else if (-r < 140)
		fz->errcount[c][-r]++;

	if (r < 0 && !documented(c, -r)) {
		fz_report(fz, c, r, "undocumented", "%s", desc);
		return;
	}
	if (r >= 0 ? x->ok : listed(-r, x->errs, x->n))
		return;
	if (r == -EINTR && (c == C_RUN))
		return;
	set[0] = '\0';
	for (i = 0; i < x->n; i++)
		n += snprintf(set + n, sizeof(set) - n, "%s%s", i ? "," : "",
			      strerror(x->errs[i]));
	fz_report(fz, c, r, r < 0 ? "wrong errno" : "wrong success",
		  "%s; expected %s%s%s", desc, x->ok ? "success" : "",
		  x->ok && x->n ? " or " : "", x->n ? set : "");
}

int fz_ioctl(struct fuzz *fz, int fd, unsigned long cmd, void *arg)
{
	int r = ioctl(fd, cmd, arg);

	fz->calls++;
	return r < 0 ? -errno : r;
}

/* ---- VM bookkeeping ------------------------------------------------------ */

int fz_slot_by_name(struct fuzz *fz, const char *name)
{
	int i;

	for (i = 0; i < MAX_SLOTS; i++)
		if (fz->slots[i].used &&
		    !strncmp(fz->slots[i].name, name, DISCO_NAME_MAX))
			return i;
	return -1;
}

bool fz_name_valid(const char *name)
{
	size_t len = strnlen(name, DISCO_NAME_MAX), i;

	if (len == 0 || len == DISCO_NAME_MAX)
		return false;
	for (i = 0; i < len; i++) {
		char ch = name[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-'))
			return false;
	}
	return true;
}

int fz_free_slot(struct fuzz *fz)
{
	int i, start = rndn(MAX_SLOTS);

	for (i = 0; i < MAX_SLOTS; i++) {
		int s = (start + i) % MAX_SLOTS;

		if (!fz->slots[s].live && !fz->slots[s].racing)
			return s;
	}
	return -1;
}

int fz_pick_vmfd(struct fuzz *fz)
{
	int i, start = rndn(MAX_VMFDS);

	for (i = 0; i < MAX_VMFDS; i++) {
		int s = (start + i) % MAX_VMFDS;

		if (fz->vmfds[s].fd >= 0)
			return s;
	}
	return -1;
}

/* A VM descriptor of slot @slot's current VM, else any; -1 if none. */
int fz_pick_vmfd_of(struct fuzz *fz, int slot)
{
	int i, start = rndn(MAX_VMFDS);

	for (i = 0; i < MAX_VMFDS; i++) {
		int s = (start + i) % MAX_VMFDS;

		if (fz->vmfds[s].fd >= 0 && fz->vmfds[s].slot == slot &&
		    fz->vmfds[s].gen == fz->gen[slot])
			return s;
	}
	return fz_pick_vmfd(fz);
}

int fz_pick_dev(struct fuzz *fz)
{
	int i = rndn(MAX_DEVS);

	return fz->devs[i] >= 0 ? fz->devs[i] : fz->devs[0];
}

void fz_close_vmfd(struct fuzz *fz, int i)
{
	close(fz->vmfds[i].fd);
	fz->vmfds[i].fd = -1;
}

void fz_add_vmfd(struct fuzz *fz, int fd, int slot)
{
	int i, free = -1;

	for (i = 0; i < MAX_VMFDS; i++)
		if (fz->vmfds[i].fd < 0) {
			free = i;
			break;
		}
	if (free < 0) {
		free = rndn(MAX_VMFDS);
		fz_close_vmfd(fz, free);
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	fz->vmfds[free].fd = fd;
	fz->vmfds[free].slot = slot;
	fz->vmfds[free].gen = fz->gen[slot];
}

/* The VM behind a VM descriptor, if it still exists. */
struct slot *fz_fd_vm(struct fuzz *fz, int i)
{
	struct slot *s = &fz->slots[fz->vmfds[i].slot];

	return s->live && fz->gen[fz->vmfds[i].slot] == fz->vmfds[i].gen ? s : NULL;
}

/* A VM descriptor's slot for knowledge that survives destruction. */
struct slot *fz_fd_slot(struct fuzz *fz, int i)
{
	return fz->gen[fz->vmfds[i].slot] == fz->vmfds[i].gen ?
	       &fz->slots[fz->vmfds[i].slot] : NULL;
}
