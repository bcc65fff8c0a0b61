// SPDX-License-Identifier: MIT
/*
 * ratelimit.c - ___ratelimit (lib/ratelimit.c) on the simulated clock.
 */
#include "machine.h"
#include "ratelimit.h"

/**
 * ___ratelimit - Linux's rate limiter: @rs->burst messages per interval.
 * Returns 1 if the caller may print.
 */
int ___ratelimit(struct machine *m, struct ratelimit_state *rs, const char *func)
{
	uint64_t interval = rs->interval_ns ? rs->interval_ns : DEFAULT_RATELIMIT_INTERVAL_NS;
	int burst = rs->burst ? rs->burst : DEFAULT_RATELIMIT_BURST;

	if (!rs->begun) {
		rs->begun = 1;
		rs->begin = m->clock_ns;
	}
	/* time_is_before_jiffies(rs->begin + interval) */
	if (m->clock_ns > rs->begin + interval) {
		if (rs->missed) {
			pr_warn(m, "%s: %d callbacks suppressed", func, rs->missed);
			rs->missed = 0;
		}
		rs->begin = m->clock_ns;
		rs->printed = 0;
	}
	if (burst > rs->printed) {
		rs->printed++;
		return 1;
	}
	rs->missed++;
	return 0;
}
