/* SPDX-License-Identifier: MIT */
/*
 * ratelimit.h - printk rate limiting (include/linux/ratelimit_types.h,
 * lib/ratelimit.c), on the machine's simulated clock.
 *
 * Linux keeps one state per call site (a static in printk_ratelimited);
 * mmsim keeps it in the machine state of the code that prints.
 */
#ifndef MMSIM_RATELIMIT_H
#define MMSIM_RATELIMIT_H

#include <stdint.h>

#define DEFAULT_RATELIMIT_INTERVAL_NS (5ULL * 1000000000ULL)	/* 5 * HZ */
#define DEFAULT_RATELIMIT_BURST 10

struct ratelimit_state {
	uint64_t interval_ns;	/* 0: the default */
	int burst;		/* 0: the default */
	int printed;
	int missed;
	uint64_t begin;
	int begun;
};

struct machine;

/*
 * ___ratelimit - may @func print now?  Up to burst messages per interval;
 * when a new interval begins after some were dropped, prints Linux's
 * "<func>: N callbacks suppressed" first.
 */
int ___ratelimit(struct machine *m, struct ratelimit_state *rs, const char *func);

#endif /* MMSIM_RATELIMIT_H */
