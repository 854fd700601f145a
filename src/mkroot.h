/* mkroot.h - --mkroot DIR: build a root directory for -r, from the host's
 * own files (a program, the libraries it needs, its loader, a minimal /etc
 * and the mount points) or through debootstrap. The parts that only compute
 * are in mkroot_parse.h (included), for the unit tests and tests/fuzz. */
#ifndef CAPEJAIL_MKROOT_H
#define CAPEJAIL_MKROOT_H

#include "err.h"
#include "mkroot_parse.h"

#define CJ_MAX_MKROOT_ADD 64

/* --mkroot DIR: build a root directory for -r and run nothing. */
struct mkroot_spec {
	const char *dir;  /* --mkroot DIR; NULL: no --mkroot */
	bool debootstrap; /* --mkroot-from debootstrap (else host) */
	const char *add[CJ_MAX_MKROOT_ADD]; /* --mkroot-add PATH */
	size_t n_add;
	const char *suite;     /* --mkroot-suite SUITE */
	const char *mirror;    /* --mkroot-mirror URL */
	const char *include;   /* --mkroot-include PKG[,PKG...] */
	char *const *programs; /* the PROGRAMs to put in it (empty: a
				  default set) */
};

/* Build ms->dir as the spec says. 0, or -1 with err filled (125). */
int mkroot_build(const struct mkroot_spec *ms, struct cj_err *err);

#endif
