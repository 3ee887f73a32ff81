// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal flattened device tree writer (the devicetree specification,
 * version 17): nodes and properties appended in order, no editing.
 */
#include <stdlib.h>
#include <string.h>

#include "fdt.h"

#define FDT_MAGIC	0xd00dfeedU
#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_END		9
#define HEADER_SIZE	40
#define RSVMAP_SIZE	16	/* one terminating, empty entry */

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static int grow(unsigned char **buf, size_t *cap, size_t need)
{
	unsigned char *n;
	size_t c = *cap ? *cap : 256;

	if (need <= *cap)
		return 0;
	while (c < need)
		c *= 2;
	n = realloc(*buf, c);
	if (!n)
		return -1;
	*buf = n;
	*cap = c;
	return 0;
}

/* Appends @len bytes of @data to the structure block, padded to 4. */
static void put_struct(struct fdt *f, const void *data, size_t len)
{
	size_t padded = (len + 3) & ~(size_t)3;

	if (f->err || grow(&f->st, &f->st_cap, f->st_len + padded)) {
		f->err = 1;
		return;
	}
	memcpy(f->st + f->st_len, data, len);
	memset(f->st + f->st_len + len, 0, padded - len);
	f->st_len += padded;
}

static void put_token(struct fdt *f, uint32_t tok)
{
	unsigned char b[4];

	put_be32(b, tok);
	put_struct(f, b, 4);
}

/* The offset of @name in the strings block, adding it if new. */
static uint32_t string_offset(struct fdt *f, const char *name)
{
	size_t len = strlen(name) + 1, off = 0;

	while (off < f->str_len) {
		if (!strcmp((char *)f->str + off, name))
			return off;
		off += strlen((char *)f->str + off) + 1;
	}
	if (f->err || grow(&f->str, &f->str_cap, f->str_len + len)) {
		f->err = 1;
		return 0;
	}
	memcpy(f->str + f->str_len, name, len);
	f->str_len += len;
	return off;
}

void fdt_begin_node(struct fdt *f, const char *name)
{
	put_token(f, FDT_BEGIN_NODE);
	put_struct(f, name, strlen(name) + 1);
}

void fdt_end_node(struct fdt *f)
{
	put_token(f, FDT_END_NODE);
}

void fdt_prop(struct fdt *f, const char *name, const void *data, size_t len)
{
	unsigned char b[8];

	put_token(f, FDT_PROP);
	put_be32(b, len);
	put_be32(b + 4, string_offset(f, name));
	put_struct(f, b, 8);
	put_struct(f, data, len);
}

void fdt_prop_u32(struct fdt *f, const char *name, uint32_t v)
{
	unsigned char b[4];

	put_be32(b, v);
	fdt_prop(f, name, b, 4);
}

void fdt_prop_u64(struct fdt *f, const char *name, uint64_t v)
{
	unsigned char b[8];

	put_be32(b, v >> 32);
	put_be32(b + 4, v);
	fdt_prop(f, name, b, 8);
}

/* A reg of one (address, size) pair, two cells each. */
void fdt_prop_reg(struct fdt *f, uint64_t addr, uint64_t size)
{
	unsigned char b[16];

	put_be32(b, addr >> 32);
	put_be32(b + 4, addr);
	put_be32(b + 8, size >> 32);
	put_be32(b + 12, size);
	fdt_prop(f, "reg", b, 16);
}

void fdt_prop_str(struct fdt *f, const char *name, const char *s)
{
	fdt_prop(f, name, s, strlen(s) + 1);
}

void *fdt_finish(struct fdt *f, size_t *size)
{
	size_t off_struct = HEADER_SIZE + RSVMAP_SIZE;
	size_t off_strings, total;
	unsigned char *blob;

	put_token(f, FDT_END);
	if (f->err)
		return NULL;
	off_strings = off_struct + f->st_len;
	total = (off_strings + f->str_len + 7) & ~(size_t)7;
	blob = calloc(1, total);
	if (!blob)
		return NULL;
	put_be32(blob, FDT_MAGIC);
	put_be32(blob + 4, total);
	put_be32(blob + 8, off_struct);
	put_be32(blob + 12, off_strings);
	put_be32(blob + 16, HEADER_SIZE);	/* memory reservation map */
	put_be32(blob + 20, 17);		/* version */
	put_be32(blob + 24, 16);		/* last compatible version */
	put_be32(blob + 28, 0);			/* boot CPU */
	put_be32(blob + 32, f->str_len);
	put_be32(blob + 36, f->st_len);
	memcpy(blob + off_struct, f->st, f->st_len);
	memcpy(blob + off_strings, f->str, f->str_len);
	*size = total;
	return blob;
}

void fdt_free(struct fdt *f)
{
	free(f->st);
	free(f->str);
	memset(f, 0, sizeof(*f));
}
