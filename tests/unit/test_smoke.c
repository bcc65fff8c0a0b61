// SPDX-License-Identifier: MIT
/* test_smoke.c - a machine boots, views exist, the checker passes. */
#include "helpers.h"

static void test_boot_default(void **state)
{
	struct machine *m = boot_spec("");

	(void)state;
	assert_true(m->booted);
	assert_int_equal(check_machine(m), 0);
	assert_true(dmesg_has(m, "Memory: "));
	mms_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_default),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
