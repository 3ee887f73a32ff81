/* SPDX-License-Identifier: GPL-2.0 */
/* fdt.c: a minimal flattened device tree writer. */
#ifndef DISCOCTL_FDT_H
#define DISCOCTL_FDT_H

#include <stddef.h>
#include <stdint.h>

struct fdt {
	unsigned char *st, *str;	/* structure and strings blocks */
	size_t st_len, st_cap, str_len, str_cap;
	int err;			/* an allocation failed */
};

void fdt_begin_node(struct fdt *f, const char *name);
void fdt_end_node(struct fdt *f);
void fdt_prop(struct fdt *f, const char *name, const void *data, size_t len);
void fdt_prop_u32(struct fdt *f, const char *name, uint32_t v);
void fdt_prop_u64(struct fdt *f, const char *name, uint64_t v);
void fdt_prop_reg(struct fdt *f, uint64_t addr, uint64_t size);
void fdt_prop_str(struct fdt *f, const char *name, const char *s);
/* The finished blob (malloc'd) and its size; NULL if out of memory. */
void *fdt_finish(struct fdt *f, size_t *size);
void fdt_free(struct fdt *f);

#endif /* DISCOCTL_FDT_H */
