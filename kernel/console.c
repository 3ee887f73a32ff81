// SPDX-License-Identifier: GPL-2.0
/*
 * The VM console: guest output kept in a ring of the newest
 * DISCO_CONSOLE_SIZE bytes, so nothing recent is lost while no one is
 * attached.  Readers (read(2) on a VM descriptor) each keep their own
 * position in f_pos, counted in bytes ever written.
 */
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "disco.h"

int disco_console_init(struct disco_console *con)
{
	spin_lock_init(&con->lock);
	init_waitqueue_head(&con->wq);
	con->head = 0;
	con->buf = kvmalloc(DISCO_CONSOLE_SIZE, GFP_KERNEL_ACCOUNT);
	return con->buf ? 0 : -ENOMEM;
}

void disco_console_free(struct disco_console *con)
{
	kvfree(con->buf);
	con->buf = NULL;
}

void disco_console_write(struct disco_console *con, const char *buf, size_t len)
{
	unsigned long flags;
	size_t i;

	spin_lock_irqsave(&con->lock, flags);
	for (i = 0; i < len; i++)
		con->buf[(con->head + i) % DISCO_CONSOLE_SIZE] = buf[i];
	con->head += len;
	spin_unlock_irqrestore(&con->lock, flags);
	wake_up_interruptible(&con->wq);
}

void disco_console_wake(struct disco_console *con)
{
	wake_up_interruptible(&con->wq);
}

/* Nothing more will come: destroyed, or no vCPU running. */
static bool console_idle(struct disco_vm *vm)
{
	return READ_ONCE(vm->destroyed) || !atomic_read(&vm->running);
}

static u64 console_head(struct disco_console *con)
{
	unsigned long flags;
	u64 head;

	spin_lock_irqsave(&con->lock, flags);
	head = con->head;
	spin_unlock_irqrestore(&con->lock, flags);
	return head;
}

/* Copy out from @pos; a reader that fell behind skips to the oldest byte. */
static ssize_t console_copy(struct disco_console *con, char *kbuf, size_t len,
			    loff_t *ppos)
{
	unsigned long flags;
	u64 pos = *ppos, oldest;
	size_t n, i;

	spin_lock_irqsave(&con->lock, flags);
	oldest = con->head > DISCO_CONSOLE_SIZE ? con->head - DISCO_CONSOLE_SIZE : 0;
	if (pos < oldest || pos > con->head)
		pos = oldest;
	n = min_t(u64, len, con->head - pos);
	for (i = 0; i < n; i++)
		kbuf[i] = con->buf[(pos + i) % DISCO_CONSOLE_SIZE];
	spin_unlock_irqrestore(&con->lock, flags);
	*ppos = pos + n;
	return n;
}

ssize_t disco_console_read(struct disco_vm *vm, struct file *file,
			   char __user *ubuf, size_t len, loff_t *ppos)
{
	struct disco_console *con = &vm->console;
	ssize_t n;
	char *kbuf;
	int ret;

	if (!len)
		return 0;
	len = min_t(size_t, len, PAGE_SIZE);
	for (;;) {
		if (console_head(con) != (u64)*ppos)
			break;
		if (console_idle(vm))
			return 0;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(con->wq,
					       console_head(con) != (u64)*ppos ||
					       console_idle(vm));
		if (ret)
			return ret;
	}

	kbuf = kmalloc(len, GFP_KERNEL);
	if (!kbuf)
		return -ENOMEM;
	n = console_copy(con, kbuf, len, ppos);
	if (n && copy_to_user(ubuf, kbuf, n))
		n = -EFAULT;
	kfree(kbuf);
	return n;
}

__poll_t disco_console_poll(struct disco_vm *vm, struct file *file,
			    struct poll_table_struct *wait)
{
	struct disco_console *con = &vm->console;

	poll_wait(file, &con->wq, wait);
	if (console_head(con) != (u64)file->f_pos || console_idle(vm))
		return EPOLLIN | EPOLLRDNORM;
	return 0;
}
