// SPDX-License-Identifier: GPL-2.0
/*
 * Loading guest images: DISCO_VM_LOAD_ELF.
 *
 * The whole image is checked before a byte reaches guest memory, so a
 * refused image leaves the VM as it was.
 */
#include <linux/elf.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "disco.h"
#include "mmu/mmu.h"

#define ELF_MAX_PHDRS	64

static bool range_in(u64 off, u64 len, u64 size)
{
	return off <= size && len <= size - off;
}

static int check_ehdr(const Elf64_Ehdr *eh, u64 size)
{
	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_ident[EI_VERSION] != EV_CURRENT ||
	    eh->e_type != ET_EXEC || eh->e_machine != EM_MIPS ||
	    eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    eh->e_phnum == 0 || eh->e_phnum > ELF_MAX_PHDRS ||
	    !range_in(eh->e_phoff, (u64)eh->e_phnum * sizeof(Elf64_Phdr), size))
		return -ENOEXEC;
	return 0;
}

/* A PT_LOAD segment: in the file, and in the direct window over guest RAM. */
static int check_phdr(struct disco_vm *vm, const Elf64_Phdr *ph, u64 size)
{
	if (ph->p_filesz > ph->p_memsz ||
	    !range_in(ph->p_offset, ph->p_filesz, size))
		return -ENOEXEC;
	if (!disco_in_window(ph->p_vaddr) ||
	    !disco_gpa_valid(vm, ph->p_vaddr - DISCO_XSSEG_BASE, ph->p_memsz))
		return -ERANGE;
	return 0;
}

static int check_image(struct disco_vm *vm, const void *image, u64 size,
		       struct disco_load_elf *args)
{
	const Elf64_Ehdr *eh = image;
	const Elf64_Phdr *ph;
	bool entry_ok = false;
	u64 lo = U64_MAX, hi = 0, gpa;
	int i, ret, loads = 0;

	ret = check_ehdr(eh, size);
	if (ret)
		return ret;
	ph = image + eh->e_phoff;
	for (i = 0; i < eh->e_phnum; i++, ph++) {
		if (ph->p_type != PT_LOAD || !ph->p_memsz)
			continue;
		ret = check_phdr(vm, ph, size);
		if (ret)
			return ret;
		gpa = ph->p_vaddr - DISCO_XSSEG_BASE;
		lo = min(lo, gpa);
		hi = max(hi, gpa + ph->p_memsz);
		if (eh->e_entry >= ph->p_vaddr &&
		    eh->e_entry - ph->p_vaddr < ph->p_memsz)
			entry_ok = true;
		loads++;
	}
	if (!loads || !entry_ok || (eh->e_entry & 3))
		return -ENOEXEC;
	args->entry = eh->e_entry;
	args->gpa_start = lo;
	args->gpa_end = hi;
	return 0;
}

static void copy_segments(struct disco_vm *vm, const void *image)
{
	const Elf64_Ehdr *eh = image;
	const Elf64_Phdr *ph = image + eh->e_phoff;
	u64 gpa;
	int i;

	for (i = 0; i < eh->e_phnum; i++, ph++) {
		if (ph->p_type != PT_LOAD || !ph->p_memsz)
			continue;
		gpa = ph->p_vaddr - DISCO_XSSEG_BASE;
		disco_pmap_write(vm, gpa, image + ph->p_offset, ph->p_filesz);
		disco_pmap_zero(vm, gpa + ph->p_filesz, ph->p_memsz - ph->p_filesz);
	}
}

int disco_load_elf(struct disco_vm *vm, struct disco_load_elf *args)
{
	void *image;
	int i, ret;

	if (args->flags || args->pad || !args->size)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(args->reserved); i++)
		if (args->reserved[i])
			return -EINVAL;
	if (args->size > DISCO_IMAGE_MAX)
		return -E2BIG;
	if (args->size < sizeof(Elf64_Ehdr))
		return -ENOEXEC;

	image = kvmalloc(args->size, GFP_KERNEL_ACCOUNT);
	if (!image)
		return -ENOMEM;
	ret = -EFAULT;
	if (copy_from_user(image, u64_to_user_ptr(args->image), args->size))
		goto out;
	ret = check_image(vm, image, args->size, args);
	if (!ret)
		copy_segments(vm, image);
out:
	kvfree(image);
	return ret;
}

/* DISCO_VM_LOAD_RAW / READ_RAW arguments. */
int disco_check_mem_range(struct disco_vm *vm, const struct disco_mem *args)
{
	if (args->flags || args->pad || !args->size ||
	    (args->gpa | args->size) % DISCO_LOAD_ALIGN)
		return -EINVAL;
	if (!disco_gpa_valid(vm, args->gpa, args->size))
		return -ERANGE;
	return 0;
}
