// SPDX-License-Identifier: MIT
/* helpers.c - shared helpers for the unit tests (see helpers.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "slab.h"

struct machine *boot_spec_err(const char *spec, char *err, size_t errlen)
{
	struct mms_config cfg;
	char buf[1024], *save = NULL, *tok;

	mms_config_init(&cfg);
	snprintf(buf, sizeof(buf), "%s", spec ? spec : "");
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');

		if (!eq) {
			snprintf(err, errlen, "bad spec word '%s'", tok);
			return NULL;
		}
		*eq = '\0';
		if (mms_config_set(&cfg, tok, eq + 1, err, errlen))
			return NULL;
	}
	return mms_machine_boot(&cfg, err, errlen);
}

struct machine *boot_spec(const char *spec)
{
	char err[512] = "";
	struct machine *m = boot_spec_err(spec, err, sizeof(err));

	if (!m)
		fail_msg("boot '%s' failed: %s", spec, err);
	return m;
}

char *view_text(struct machine *m, const char *path)
{
	char *t = mms_view(m, path);

	assert_non_null(t);
	return t;
}

bool dmesg_has(struct machine *m, const char *needle)
{
	return m->log.buf && strstr(m->log.buf, needle);
}

struct zone *zone_of(struct machine *m, int nid, enum zone_type zt)
{
	return &NODE_DATA(m, nid)->node_zones[zt];
}

unsigned long free_blocks(struct zone *zone, unsigned int order)
{
	return zone->free_area[order].nr_free;
}

char *buddyinfo_snapshot(struct machine *m)
{
	return view_text(m, "/proc/buddyinfo");
}

unsigned long init_pages_in(struct machine *m, struct zone *zone)
{
	unsigned long s = PFN_DOWN(m->image.init_start);
	unsigned long e = s + m->image.init_kb / 4;
	unsigned long zs = zone->zone_start_pfn, ze = zone_end_pfn(zone);

	if (!zone->spanned_pages)
		return 0;
	s = s > zs ? s : zs;
	e = e < ze ? e : ze;
	return s < e ? e - s : 0;
}

unsigned long meminfo_kb(struct machine *m, const char *label)
{
	char *t = view_text(m, "/proc/meminfo");
	char *p = strstr(t, label);
	unsigned long v;

	if (!p)
		fail_msg("no '%s' in /proc/meminfo", label);
	v = strtoul(p + strlen(label), NULL, 10);
	free(t);
	return v;
}

unsigned long free_pages_now(struct machine *m)
{
	drain_all_pages(m, NULL);
	return global_zone_page_state(m, NR_FREE_PAGES);
}

const char *slabinfo_line(struct machine *m, const char *name)
{
	static char line[256];
	char *t = view_text(m, "/proc/slabinfo");
	char key[64];
	char *p;

	snprintf(key, sizeof(key), "\n%s ", name);
	p = strstr(t, key);
	if (!p) {
		free(t);
		return NULL;
	}
	p++;
	snprintf(line, sizeof(line), "%.*s", (int)(strchr(p, '\n') - p), p);
	free(t);
	return line;
}

void shrink_all(struct machine *m)
{
	struct kmem_cache *s;

	for (int pass = 0; pass < 2; pass++)
		list_for_each_entry(s, &m->slab->slab_caches, struct kmem_cache, list)
			kmem_cache_shrink(m, s);
}

uint64_t task_val(struct machine *m, int pid, const char *field)
{
	uint64_t v = 0;

	assert_int_equal(mms_task_value(m, pid, field, &v), 0);
	return v;
}

int maps_lines(struct machine *m, int pid)
{
	char path[64], *t;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	t = view_text(m, path);
	for (char *p = t; *p; p++)
		n += *p == '\n';
	free(t);
	return n;
}

bool view_has(struct machine *m, const char *path, const char *text)
{
	char *t = view_text(m, path);
	bool r = strstr(t, text) != NULL;

	if (!r)
		fprintf(stderr, "%s:\n%s\nwanted: %s\n", path, t, text);
	free(t);
	return r;
}

bool pid_maps_has(struct machine *m, int pid, const char *line)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	return view_has(m, path, line);
}

void spawn_static(struct machine *m, const char *name, int *pid)
{
	struct mms_exec e = { .pie = 1, .text = 64 << 10, .data = 16 << 10, .bss = 16 << 10,
			      .is_static = 1 };

	assert_int_equal(mms_spawn(m, name, &e, pid), 0);
}
