// SPDX-License-Identifier: MIT
/* helpers.c - shared helpers for the unit tests (see helpers.h). */
#include "helpers.h"
