// SPDX-License-Identifier: GPL-2.0
/*
 * The test-guest runtime: monitor calls that do not return, a small
 * printf, the libc bits gcc may call, and exception dispatch.
 */
#include "guest.h"

void disco_exit(int code)
{
	for (;;)
		hypcall(DISCO_MC_EXIT, code, 0);
}

void disco_assert(const char *msg, int line)
{
	for (;;)
		hypcall(DISCO_MC_ASSERT, (long)msg, line);
}

/* A guest that expects no other vCPU: one that starts anyway exits 255. */
__attribute__((weak)) int guest_secondary(u64 arg, u64 id)
{
	return -1;
}

/* ---- libc subset -------------------------------------------------------- */

void *memset(void *s, int c, size_t n)
{
	u8 *p = s;

	while (n--)
		*p++ = c;
	return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* ---- printf ------------------------------------------------------------- */

struct outbuf {
	char *buf;
	size_t size, len;
};

static void out_c(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_num(struct outbuf *o, u64 v, unsigned int base, bool neg,
		    int width, char pad)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	while (width-- > n)
		out_c(o, pad);
	while (n)
		out_c(o, tmp[--n]);
}

/**
 * guest_vsnprintf() - format into @buf, always NUL-terminated.
 *
 * Supports %d %i %u %x %p %s %c %% with an optional '0' flag, a width and
 * the l/ll/z length modifiers; no floating point.  Returns the length the
 * whole output needed, like vsnprintf().
 */
int guest_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		int lng = 0, width = 0;
		char pad = ' ';
		const char *s;
		s64 sv;
		u64 uv;

		if (*fmt != '%') {
			out_c(&o, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + *fmt++ - '0';
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i':
			sv = lng ? va_arg(ap, s64) : va_arg(ap, int);
			out_num(&o, sv < 0 ? -(u64)sv : (u64)sv, 10, sv < 0,
				width, pad);
			break;
		case 'u':
		case 'x':
			uv = lng ? va_arg(ap, u64) : va_arg(ap, unsigned int);
			out_num(&o, uv, *fmt == 'u' ? 10 : 16, false, width, pad);
			break;
		case 'p':
			out_c(&o, '0');
			out_c(&o, 'x');
			out_num(&o, (u64)va_arg(ap, void *), 16, false, 0, ' ');
			break;
		case 's':
			s = va_arg(ap, const char *);
			for (s = s ? s : "(null)"; *s; s++)
				out_c(&o, *s);
			break;
		case 'c':
			out_c(&o, (char)va_arg(ap, int));
			break;
		case '%':
			out_c(&o, '%');
			break;
		case '\0':
			fmt--;	/* a lone '%' at the end */
			break;
		default:
			out_c(&o, '%');
			out_c(&o, *fmt);
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len;
}

int guest_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = guest_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int guest_printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = guest_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	disco_write(buf, n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1);
	return n;
}

void guest_assert_fail(const char *file, int line, const char *fmt, ...)
{
	static char msg[256];	/* DISCO_MC_ASSERT takes at most 256 bytes */
	va_list ap;
	int n;

	n = guest_snprintf(msg, sizeof(msg), "%s:%d: ", file, line);
	if (n < (int)sizeof(msg)) {
		va_start(ap, fmt);
		guest_vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
		va_end(ap);
	}
	disco_assert(msg, line);
}

/* ---- exceptions --------------------------------------------------------- */

/* vectors.S hard-codes the frame layout. */
_Static_assert(offsetof(struct ex_frame, hi) == 256, "ex_frame.hi");
_Static_assert(offsetof(struct ex_frame, epc) == 272, "ex_frame.epc");
_Static_assert(offsetof(struct ex_frame, badvaddr) == 296, "ex_frame.badvaddr");
_Static_assert(offsetof(struct ex_frame, vector) == 304, "ex_frame.vector");
_Static_assert(sizeof(struct ex_frame) == 320, "ex_frame size");

extern char guest_vectors[];
static handler_fn handlers[32];
static bool vectors_installed;

/*
 * EBase holds a kseg0 address naming guest-physical EBase & 0x1ffff000;
 * guest_vectors is 4 KiB aligned and the image sits far below 512 MiB.
 * BEV is set around the write, as the architecture asks.
 */
void install_vectors(void)
{
	u32 status;

	if (vectors_installed)
		return;
	status = read_c0(C0_STATUS);
	write_c0(C0_STATUS, status | ST_BEV);
	write_c0(C0_EBASE, 0x80000000U | (u32)VA_TO_GPA(guest_vectors));
	write_c0(C0_STATUS, status & ~ST_BEV);
	vectors_installed = true;
}

void install_handler(int exccode, handler_fn fn)
{
	install_vectors();
	handlers[exccode & 31] = fn;
}

void dump_frame(const struct ex_frame *f)
{
	int i;

	guest_printf("exception %u (vector 0x%llx): epc %llx cause %llx status %llx badvaddr %llx\n",
		     frame_exccode(f), f->vector, f->epc, f->cause, f->status,
		     f->badvaddr);
	for (i = 0; i < 32; i += 4)
		guest_printf("  $%02d: %016llx %016llx %016llx %016llx\n", i,
			     f->regs[i], f->regs[i + 1], f->regs[i + 2],
			     f->regs[i + 3]);
}

/* Called by vectors.S with the saved frame. */
void guest_exception(struct ex_frame *f);
void guest_exception(struct ex_frame *f)
{
	handler_fn fn = handlers[frame_exccode(f)];

	if (fn) {
		fn(f);
		return;
	}
	dump_frame(f);
	GUEST_FAIL("unexpected exception %u at epc 0x%llx badvaddr 0x%llx",
		   frame_exccode(f), f->epc, f->badvaddr);
}

/* ---- user mode ---------------------------------------------------------- */

extern u64 user_ctx[12];	/* s0-s7, gp, sp, fp, ra: see run_user */
extern char user_resume[];

/**
 * user_return() - make the current exception return from run_user().
 * @f:		the frame of an exception taken in user mode
 * @value:	what run_user() returns
 *
 * Restores run_user()'s callee-saved registers into @f, points EPC at
 * user_resume and switches Status.KSU back to kernel, so the common
 * handler's eret resumes the guest kernel where it entered user mode.
 */
void user_return(struct ex_frame *f, long value)
{
	int i;

	for (i = 0; i < 8; i++)
		f->regs[16 + i] = user_ctx[i];
	f->regs[28] = user_ctx[8];
	f->regs[29] = user_ctx[9];
	f->regs[30] = user_ctx[10];
	f->regs[31] = user_ctx[11];
	f->regs[2] = value;
	f->epc = (u64)user_resume;
	write_c0(C0_STATUS, read_c0(C0_STATUS) & ~ST_KSU);
}
