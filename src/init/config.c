// SPDX-License-Identifier: MIT
/*
 * config.c - the machine configuration: defaults, and one parser per key
 * in a table (the kernel-command-line of a simulated machine).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define SZ_1M (1ULL << 20)
#define SZ_1G (1ULL << 30)

/**
 * mms_config_init - a 1 GiB, 2-CPU, 1-node x86_64 PC with Linux's
 * computed min_free_kbytes and watermark_scale_factor 10.
 */
void mms_config_init(struct mms_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->arch, sizeof(cfg->arch), "x86_64");
	cfg->ram = SZ_1G;
	cfg->cpus = 2;
	cfg->nodes = 1;
	cfg->seed = 0;
	cfg->min_free_kbytes = -1;
	cfg->watermark_scale_factor = 10;
}

typedef int (*config_setter)(struct mms_config *, const char *, char *, size_t);

static int set_arch(struct mms_config *cfg, const char *v, char *err, size_t n)
{
	if (!arch_lookup(v)) {
		snprintf(err, n, "arch=%s: unknown architecture (x86_64 or i386)", v);
		return -EINVAL;
	}
	snprintf(cfg->arch, sizeof(cfg->arch), "%s", v);
	return 0;
}

static int set_ram(struct mms_config *cfg, const char *v, char *err, size_t n)
{
	uint64_t ram;

	if (memparse(v, &ram) || ram < 16 * SZ_1M || ram > 64 * SZ_1G) {
		snprintf(err, n, "ram=%s: must be a size from 16M to 64G", v);
		return -EINVAL;
	}
	cfg->ram = ram;
	return 0;
}

static int set_int_range(int *dst, const char *key, const char *v, long lo,
			 long hi, char *err, size_t n)
{
	long x;

	if (parse_long(v, &x) || x < lo || x > hi) {
		snprintf(err, n, "%s=%s: must be a number from %ld to %ld", key, v, lo, hi);
		return -EINVAL;
	}
	*dst = (int)x;
	return 0;
}

static int set_cpus(struct mms_config *cfg, const char *v, char *err, size_t n)
{
	return set_int_range(&cfg->cpus, "cpus", v, 1, MAX_CPUS, err, n);
}

static int set_nodes(struct mms_config *cfg, const char *v, char *err, size_t n)
{
	return set_int_range(&cfg->nodes, "nodes", v, 1, MAX_NUMNODES, err, n);
}

static int set_wsf(struct mms_config *cfg, const char *v, char *err, size_t n)
{
	/* the sysctl's range: 1 .. 3000 (0.01% .. 30%) */
	return set_int_range(&cfg->watermark_scale_factor, "watermark_scale_factor",
			     v, 1, 3000, err, n);
}

static int set_seed(struct mms_config *cfg, const char *v, char *err, size_t n)
{
	if (parse_u64(v, &cfg->seed)) {
		snprintf(err, n, "seed=%s: must be a whole number", v);
		return -EINVAL;
	}
	return 0;
}

static int set_min_free_kbytes(struct mms_config *cfg, const char *v, char *err,
			       size_t n)
{
	long x;

	if (parse_long(v, &x) || x < 0 || x > 0x7fffffffL) {
		snprintf(err, n, "min_free_kbytes=%s: must be a number from 0 to 2147483647", v);
		return -EINVAL;
	}
	cfg->min_free_kbytes = x;
	return 0;
}

static int set_on_off(int *dst, const char *key, const char *v, char *err, size_t n)
{
	if (!strcmp(v, "on") || !strcmp(v, "1"))
		*dst = 1;
	else if (!strcmp(v, "off") || !strcmp(v, "0"))
		*dst = 0;
	else {
		snprintf(err, n, "%s=%s: must be on or off", key, v);
		return -EINVAL;
	}
	return 0;
}

static int set_caches(struct mms_config *cfg, const char *v, char *err, size_t n)
{
	return set_on_off(&cfg->caches, "caches", v, err, n);
}

static int set_kaslr(struct mms_config *cfg, const char *v, char *err, size_t n)
{
	return set_on_off(&cfg->kaslr, "kaslr", v, err, n);
}

/* norandmaps: no address-space randomization for processes (randomize_va_space 0). */
static int set_norandmaps(struct mms_config *cfg, const char *v, char *err, size_t n)
{
	return set_on_off(&cfg->norandmaps, "norandmaps", v, err, n);
}

/* cpu_mhz=N and cost.NAME=CYCLES: the cost model. */
static const struct {
	const char *key;
	size_t offset;
} hw_numbers[] = {
	{ "cpu_mhz", offsetof(struct mms_hw_config, cpu_mhz) },
	{ "cost.tlb_hit", offsetof(struct mms_hw_config, cost_tlb_hit) },
	{ "cost.stlb_hit", offsetof(struct mms_hw_config, cost_stlb_hit) },
	{ "cost.walk_step", offsetof(struct mms_hw_config, cost_walk_step) },
	{ "cost.l1", offsetof(struct mms_hw_config, cost_l1) },
	{ "cost.l2", offsetof(struct mms_hw_config, cost_l2) },
	{ "cost.llc", offsetof(struct mms_hw_config, cost_llc) },
	{ "cost.dram", offsetof(struct mms_hw_config, cost_dram) },
	{ "cost.minor_fault", offsetof(struct mms_hw_config, cost_minor_fault) },
	{ "cost.disk_io", offsetof(struct mms_hw_config, cost_disk_io) },
};

static int set_hw_number(struct mms_config *cfg, const char *key, const char *v,
			 char *err, size_t n)
{
	long x;

	for (size_t i = 0; i < sizeof(hw_numbers) / sizeof(hw_numbers[0]); i++) {
		if (strcmp(hw_numbers[i].key, key))
			continue;
		if (parse_long(v, &x) || x < 1 || x > 100000000L) {
			snprintf(err, n, "%s=%s: must be a number from 1 to 100000000", key, v);
			return -EINVAL;
		}
		*(uint32_t *)((char *)&cfg->hw + hw_numbers[i].offset) = (uint32_t)x;
		return 0;
	}
	return 1;	/* not a hardware number */
}

static int word_index(const char *w, const char *const *words, int nr)
{
	for (int i = 0; i < nr; i++)
		if (!strcmp(w, words[i]))
			return i;
	return -1;
}

/* tlb.LEVEL.SIZE=SETSxWAYS (LEVEL l1d, l1i, stlb; SIZE 4k, 2m, 1g). */
static int set_tlb_geometry(struct mms_config *cfg, const char *key, const char *v,
			    char *err, size_t n)
{
	static const char *const levels[] = { "l1d", "l1i", "stlb" };
	static const char *const sizes[] = { "4k", "2m", "1g" };
	char lvl[8] = "", sz[8] = "";
	unsigned long sets, ways;
	int l, z;
	char *x;

	if (sscanf(key, "tlb.%7[^.].%7s", lvl, sz) != 2 ||
	    (l = word_index(lvl, levels, 3)) < 0 || (z = word_index(sz, sizes, 3)) < 0) {
		snprintf(err, n, "unknown machine key '%s' (tlb.{l1d,l1i,stlb}.{4k,2m,1g})", key);
		return -EINVAL;
	}
	sets = strtoul(v, &x, 10);
	if (*x != 'x' || (ways = strtoul(x + 1, &x, 10), *x) || sets == 0 || sets > 4096 ||
	    (sets & (sets - 1)) || ways > 64) {
		snprintf(err, n, "%s=%s: expected SETSxWAYS, sets a power of two up to 4096, ways up to 64",
			 key, v);
		return -EINVAL;
	}
	cfg->hw.tlb_sets[l][z] = (uint16_t)sets;
	cfg->hw.tlb_ways[l][z] = (uint16_t)ways;
	cfg->hw.tlb_set[l][z] = 1;
	return 0;
}

/* cache.LEVEL=SIZE/WAYS (LEVEL l1d, l1i, l2, llc), e.g. cache.l2=1M/16. */
static int set_cache_geometry(struct mms_config *cfg, const char *key, const char *v,
			      char *err, size_t n)
{
	static const char *const levels[] = { "l1d", "l1i", "l2", "llc" };
	int l = word_index(key + 6, levels, 4);
	char buf[32], *slash;
	uint64_t size;
	long ways;

	if (l < 0) {
		snprintf(err, n, "unknown machine key '%s' (cache.{l1d,l1i,l2,llc})", key);
		return -EINVAL;
	}
	snprintf(buf, sizeof(buf), "%s", v);
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (!slash || memparse(buf, &size) || parse_long(slash + 1, &ways) || ways < 1 ||
	    ways > 64 || size > (1ULL << 30) ||
	    (size && ((size / (uint64_t)ways / 64) & (size / (uint64_t)ways / 64 - 1)))) {
		snprintf(err, n, "%s=%s: expected SIZE/WAYS with a power-of-two number of 64-byte sets",
			 key, v);
		return -EINVAL;
	}
	cfg->hw.cache_size[l] = (uint32_t)size;
	cfg->hw.cache_ways[l] = (uint16_t)ways;
	cfg->hw.cache_set[l] = 1;
	return 0;
}

static const struct {
	const char *name;
	enum mms_e820_type type;
} e820_type_words[] = {
	{ "usable", MMS_E820_USABLE }, { "reserved", MMS_E820_RESERVED },
	{ "acpi", MMS_E820_ACPI }, { "nvs", MMS_E820_NVS },
	{ "unusable", MMS_E820_UNUSABLE },
};

/*
 * e820=START-END:TYPE[,START-END:TYPE...]: END is inclusive, as the boot
 * log prints it; TYPE is usable, reserved, acpi, nvs or unusable.
 */
static int set_e820(struct mms_config *cfg, const char *v, char *err, size_t n)
{
	char buf[4096], *save = NULL, *tok;
	int nr = 0;

	if (strlen(v) >= sizeof(buf)) {
		snprintf(err, n, "e820: map too long");
		return -EINVAL;
	}
	snprintf(buf, sizeof(buf), "%s", v);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(tok, '-'), *colon = strchr(tok, ':');
		uint64_t start, end;
		size_t i;

		if (!dash || !colon || colon < dash) {
			snprintf(err, n, "e820: '%s': expected START-END:TYPE", tok);
			return -EINVAL;
		}
		*dash = *colon = '\0';
		if (memparse(tok, &start) || memparse(dash + 1, &end) || end < start) {
			snprintf(err, n, "e820: '%s-%s': bad range", tok, dash + 1);
			return -EINVAL;
		}
		for (i = 0; i < sizeof(e820_type_words) / sizeof(e820_type_words[0]); i++)
			if (!strcmp(colon + 1, e820_type_words[i].name))
				break;
		if (i == sizeof(e820_type_words) / sizeof(e820_type_words[0])) {
			snprintf(err, n, "e820: unknown type '%s' (usable, reserved, acpi, nvs, unusable)",
				 colon + 1);
			return -EINVAL;
		}
		if (nr >= MMS_E820_MAX) {
			snprintf(err, n, "e820: more than %d entries", MMS_E820_MAX);
			return -EINVAL;
		}
		cfg->e820[nr++] = (struct mms_e820_entry){ start, end - start + 1,
							   e820_type_words[i].type };
	}
	if (nr == 0) {
		snprintf(err, n, "e820: the memory map is empty");
		return -EINVAL;
	}
	cfg->nr_e820 = nr;
	return 0;
}

/* slab=slub|slab|slob: the old Kconfig choice of object allocator. */
static int set_slab(struct mms_config *cfg, const char *v, char *err, size_t n)
{
	if (strcmp(v, "slub") && strcmp(v, "slab") && strcmp(v, "slob")) {
		snprintf(err, n, "slab=%s: must be slub, slab or slob", v);
		return -EINVAL;
	}
	snprintf(cfg->slab, sizeof(cfg->slab), "%s", v);
	return 0;
}

static int set_slab_nomerge(struct mms_config *cfg, const char *v, char *err, size_t n)
{
	return set_on_off(&cfg->slab_nomerge, "slab_nomerge", v, err, n);
}

/* slub_debug=OPTIONS[,cache...][;...]: parsed by SLUB at boot. */
static int set_slub_debug(struct mms_config *cfg, const char *v, char *err, size_t n)
{
	if (strlen(v) >= sizeof(cfg->slub_debug)) {
		snprintf(err, n, "slub_debug=%s: longer than %zu characters", v,
			 sizeof(cfg->slub_debug) - 1);
		return -EINVAL;
	}
	/* "slub_debug" alone (an empty value) is full debugging: "FZPU" */
	snprintf(cfg->slub_debug, sizeof(cfg->slub_debug), "%s", *v ? v : "FZPU");
	return 0;
}

/*
 * cma=SIZE[@BASE[-LIMIT]] (kernel/dma/contiguous.c early_cma): SIZE@BASE
 * alone means exactly there (LIMIT = BASE + SIZE); with -LIMIT, anywhere
 * in [BASE, LIMIT).  cma=0 asks for no area.
 */
static int set_cma(struct mms_config *cfg, const char *v, char *err, size_t n)
{
	char buf[96], *at, *dash = NULL;
	uint64_t size, base = 0, limit = 0;

	if (strlen(v) >= sizeof(buf))
		goto bad;
	snprintf(buf, sizeof(buf), "%s", v);
	at = strchr(buf, '@');
	if (at) {
		*at = '\0';
		dash = strchr(at + 1, '-');
		if (dash)
			*dash = '\0';
	}
	if (memparse(buf, &size) || size > 64 * SZ_1G)
		goto bad;
	if (at && memparse(at + 1, &base))
		goto bad;
	if (dash && memparse(dash + 1, &limit))
		goto bad;
	if (at && !dash)
		limit = base + size;
	if (base + size < base || (dash && limit < base + size)) {
		snprintf(err, n, "cma=%s: the area [BASE, BASE+SIZE) must fit below LIMIT", v);
		return -EINVAL;
	}
	cfg->cma_size = size;
	cfg->cma_base = base;
	cfg->cma_limit = limit;
	return 0;
bad:
	snprintf(err, n, "cma=%s: expected SIZE[@BASE[-LIMIT]] with sizes up to 64G (e.g. 64M or 64M@0x20000000)",
		 v);
	return -EINVAL;
}

static const struct {
	const char *key;
	config_setter set;
} config_keys[] = {
	{ "arch", set_arch },
	{ "ram", set_ram },
	{ "cpus", set_cpus },
	{ "nodes", set_nodes },
	{ "seed", set_seed },
	{ "min_free_kbytes", set_min_free_kbytes },
	{ "watermark_scale_factor", set_wsf },
	{ "e820", set_e820 },
	{ "caches", set_caches },
	{ "kaslr", set_kaslr },
	{ "norandmaps", set_norandmaps },
	{ "slab", set_slab },
	{ "slab_nomerge", set_slab_nomerge },
	{ "slub_debug", set_slub_debug },
	{ "cma", set_cma },
};
#define NR_CONFIG_KEYS (sizeof(config_keys) / sizeof(config_keys[0]))

/**
 * mms_config_set - set @key from @value; -EINVAL and a message naming the
 * value when either is bad.
 */
int mms_config_set(struct mms_config *cfg, const char *key, const char *value,
		   char *err, size_t errlen)
{
	int r;

	for (size_t i = 0; i < NR_CONFIG_KEYS; i++)
		if (!strcmp(config_keys[i].key, key))
			return config_keys[i].set(cfg, value, err, errlen);
	if (!strncmp(key, "tlb.", 4))
		return set_tlb_geometry(cfg, key, value, err, errlen);
	if (!strncmp(key, "cache.", 6))
		return set_cache_geometry(cfg, key, value, err, errlen);
	r = set_hw_number(cfg, key, value, err, errlen);
	if (r <= 0)
		return r;
	snprintf(err, errlen, "unknown machine key '%s'", key);
	return -EINVAL;
}

/**
 * mms_config_keys - the known keys, NULL-terminated.
 */
const char *const *mms_config_keys(void)
{
	static const char *const keys[] = {
		"arch", "ram", "cpus", "nodes", "seed", "min_free_kbytes",
		"watermark_scale_factor", "e820", "caches", "kaslr", "norandmaps", "cpu_mhz", "cost.*",
		"tlb.LEVEL.SIZE", "cache.LEVEL", "cma", "slab", "slab_nomerge", "slub_debug", NULL,
	};
	return keys;
}

/**
 * config_validate - range checks for a config built in C rather than
 * through mms_config_set.
 */
int config_validate(const struct mms_config *cfg, char *err, size_t n)
{
	if (!arch_lookup(cfg->arch)) {
		snprintf(err, n, "arch=%s: unknown architecture (x86_64 or i386)", cfg->arch);
		return -EINVAL;
	}
	if (cfg->ram < 16 * SZ_1M || cfg->ram > 64 * SZ_1G) {
		snprintf(err, n, "ram=%llu: must be a size from 16M to 64G",
			 (unsigned long long)cfg->ram);
		return -EINVAL;
	}
	if (cfg->cpus < 1 || cfg->cpus > MAX_CPUS) {
		snprintf(err, n, "cpus=%d: must be a number from 1 to %d", cfg->cpus, MAX_CPUS);
		return -EINVAL;
	}
	if (cfg->nodes < 1 || cfg->nodes > MAX_NUMNODES) {
		snprintf(err, n, "nodes=%d: must be a number from 1 to %d", cfg->nodes,
			 MAX_NUMNODES);
		return -EINVAL;
	}
	if (cfg->watermark_scale_factor < 1 || cfg->watermark_scale_factor > 3000) {
		snprintf(err, n, "watermark_scale_factor=%d: must be a number from 1 to 3000",
			 cfg->watermark_scale_factor);
		return -EINVAL;
	}
	if (cfg->min_free_kbytes < -1 || cfg->min_free_kbytes > 0x7fffffffL) {
		snprintf(err, n, "min_free_kbytes=%ld: must be a number from 0 to 2147483647",
			 cfg->min_free_kbytes);
		return -EINVAL;
	}
	if (cfg->nr_e820 < 0 || cfg->nr_e820 > MMS_E820_MAX) {
		snprintf(err, n, "e820: %d entries (at most %d)", cfg->nr_e820, MMS_E820_MAX);
		return -EINVAL;
	}
	if (cfg->cma_size > 64 * SZ_1G || cfg->cma_base + cfg->cma_size < cfg->cma_base) {
		snprintf(err, n, "cma=%llu@%llu: the area must be at most 64G and end below 2^64",
			 (unsigned long long)cfg->cma_size, (unsigned long long)cfg->cma_base);
		return -EINVAL;
	}
	return 0;
}
