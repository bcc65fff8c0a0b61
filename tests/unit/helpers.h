/* SPDX-License-Identifier: MIT */
#ifndef MMSIM_TEST_HELPERS_H
#define MMSIM_TEST_HELPERS_H
#endif
