/* test_effective.c - the policy of one run: the built-in one recognised as
 * it is, --allow/--block, --blocked-errno, --on-blocked kill, --learn and
 * --policy FILE, each checked in the program a run would load (run here on
 * every syscall number) and in the supervisor's table of answers. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "effective.h"
#include "policy_table.h"
#include "sysnames.h"
#include "tap.h"

#include "banned.h"

#define RET_ALLOW    SECCOMP_RET_ALLOW
#define RET_NOTIFY   SECCOMP_RET_USER_NOTIF
#define RET_ERRNO(e) (SECCOMP_RET_ERRNO | (uint32_t)(e))
#define RET_BAD	     0xffffffffU /* no action: the program broke */

static struct jail_spec spec;
static struct cj_effective eff;
static struct cj_err err;
static char dir[] = "/tmp/cj-test-effective.XXXXXX";

/* Run a seccomp program as the kernel would on syscall nr of this
 * architecture with these first two arguments: what capejail's generator
 * emits (32-bit loads from seccomp_data, and with a constant, ja,
 * jeq/jge/jgt/jset with a constant, ret with a constant), anything else
 * answers RET_BAD. */
static uint32_t run_bpf(const struct sock_filter *prog, size_t len, int nr,
			uint64_t a0, uint64_t a1)
{
	struct seccomp_data d;
	uint32_t a = 0;
	size_t pc = 0;

	memset(&d, 0, sizeof(d));
	d.nr = nr;
	d.arch = sysnames_arch();
	d.args[0] = a0;
	d.args[1] = a1;
	while (pc < len) {
		const struct sock_filter *f = &prog[pc++];

		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (f->k % 4 != 0 || f->k > sizeof(d) - 4)
				return RET_BAD;
			memcpy(&a, (const char *)&d + f->k, 4);
			break;
		case BPF_ALU | BPF_AND | BPF_K: /* a masked rule */
			a &= f->k;
			break;
		case BPF_JMP | BPF_JA:
			pc += f->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += a >= f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
			pc += a > f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += (a & f->k) != 0 ? f->jt : f->jf;
			break;
		case BPF_RET | BPF_K:
			return f->k;
		default:
			return RET_BAD;
		}
	}
	return RET_BAD;
}

/* What this run's program answers for nr (arguments 0). */
static uint32_t act(int nr)
{
	return run_bpf(eff.insns, eff.len, nr, 0, 0);
}

/* What the built-in program answers. */
static uint32_t act_builtin(int nr, uint64_t a0, uint64_t a1)
{
	return run_bpf(cj_default_bpf, cj_default_bpf_len, nr, a0, a1);
}

/* The syscall numbers below CJ_MAX_NR that this run's program answers
 * otherwise than the built-in one (arguments 0); the first in *first. */
static int differ_from_builtin(int *first)
{
	int n = 0;

	*first = -1;
	for (int nr = 0; nr < CJ_MAX_NR; nr++)
		if (act(nr) != act_builtin(nr, 0, 0)) {
			if (n++ == 0)
				*first = nr;
		}
	return n;
}

static void reset(void)
{
	effective_release(&eff);
	memset(&spec, 0, sizeof(spec));
	memset(&err, 0, sizeof(err));
}

/* effective_prepare and effective_answers of spec as set. */
static int prepare(void)
{
	memset(&err, 0, sizeof(err));
	/* Garbage in eff, to see that effective_prepare starts afresh. */
	memset(&eff, 0x5a, sizeof(eff));
	if (effective_prepare(&spec, &eff, &err) < 0)
		return -1;
	return effective_answers(&eff, &err);
}

static int prepare_with(const char *override)
{
	reset();
	spec.policy.overrides[0] = override;
	spec.policy.n_overrides = 1;
	return prepare();
}

static const struct cj_answer *answer(int nr)
{
	return eff.by_nr != NULL ? &eff.by_nr[nr] : NULL;
}

/* A failed prepare: -1, status 125, exactly msg (one line), and nothing
 * left in eff to use or to release. */
static void is_refused(int rc, const char *msg, const char *what)
{
	ok(rc == -1 && err.status == CJ_EXIT_SETUP, "%s: refused, status 125",
	   what);
	is_str(err.msg, msg, "%s: the message", what);
	ok(strchr(err.msg, '\n') == NULL, "%s: the message is one line", what);
	ok(eff.insns == NULL && eff.owned == NULL && eff.by_nr == NULL &&
	       eff.p.v == NULL && eff.p.n == 0,
	   "%s: nothing prepared", what);
}

static void test_default(void)
{
	struct cj_outcomes o;

	reset();
	ok(effective_is_default(&spec), "no option: the built-in policy");
	o = effective_outcomes(&spec);
	ok(o.blocked_errno == EPERM && !o.kill_blocked &&
	       o.learn == CJ_LEARN_OFF,
	   "no option: blocks answer EPERM, no kill, no learning");
	ok(prepare() == 0, "no option: prepared ('%s')", err.msg);
	ok(eff.insns == cj_default_bpf && eff.len == cj_default_bpf_len &&
	       eff.owned == NULL,
	   "no option: the program compiled at build time, nothing compiled "
	   "now");
	is_str(eff.hash, cj_policy_hash, "no option: the built-in hash");
	ok(eff.p.n == 0, "no option: no policy parsed at launch");
	reset();

	spec.policy.file = "p.md";
	ok(!effective_is_default(&spec), "--policy: not the built-in policy");
	reset();
	spec.policy.overrides[0] = "+chroot";
	spec.policy.n_overrides = 1;
	ok(!effective_is_default(&spec), "--allow: not the built-in policy");
	reset();
	spec.policy.blocked_errno = EACCES;
	ok(!effective_is_default(&spec),
	   "--blocked-errno: not the built-in policy");
	reset();
	spec.policy.kill_blocked = true;
	ok(!effective_is_default(&spec),
	   "--on-blocked kill: not the built-in policy");
	reset();
	spec.policy.learn = CJ_LEARN;
	ok(!effective_is_default(&spec), "--learn: not the built-in policy");
	spec.policy.learn = CJ_LEARN_ALL;
	ok(!effective_is_default(&spec),
	   "--learn=all: not the built-in policy");
	reset();
}

/* The built-in policy compiled now (by an option that changes nothing) is
 * the built-in one: the same hash, the same answer for every syscall number,
 * the same table of answers as the one made from the build-time table. */
static void test_same_as_builtin(void)
{
	struct cj_answer *builtin;
	int first, bad = 0, bad_nr = -1;

	reset();
	ok(prepare() == 0 && eff.by_nr != NULL, "built-in answers made");
	builtin = eff.by_nr;
	eff.by_nr = NULL; /* kept for the comparison */
	reset();

	ok(prepare_with("+read") == 0,
	   "--allow read (allowed already): prepared ('%s')", err.msg);
	ok(eff.owned != NULL && eff.insns == eff.owned,
	   "--allow read: a program compiled now");
	is_str(eff.hash, cj_policy_hash,
	       "--allow read: the hash of the built-in policy");
	ok(differ_from_builtin(&first) == 0,
	   "--allow read: every syscall number answered as by the built-in "
	   "program (first difference: %d)",
	   first);
	for (int nr = 0; nr < CJ_MAX_NR && builtin != NULL; nr++) {
		const struct cj_answer *x = &builtin[nr], *y = answer(nr);
		bool same =
		    y != NULL && (x->name == NULL) == (y->name == NULL) &&
		    (x->name == NULL ||
		     (strcmp(x->name, y->name) == 0 &&
		      strcmp(x->why, y->why) == 0 &&
		      strcmp(x->source, y->source) == 0 &&
		      x->err_no == y->err_no && x->kills == y->kills &&
		      x->warn == y->warn && x->own_errno == y->own_errno &&
		      x->quiet == y->quiet && x->allowed == y->allowed));

		if (!same && bad++ == 0)
			bad_nr = nr;
	}
	ok(builtin != NULL && bad == 0,
	   "the answers made from the parsed policy are those of the built-in "
	   "table (%d differ, first %d)",
	   bad, bad_nr);
	free(builtin);
	reset();
}

static void test_answers_builtin(void)
{
	const struct cj_answer *a;

	reset();
	ok(prepare() == 0, "built-in: answers made");
	a = answer(SYS_listen);
	is_str(a ? a->name : NULL, "listen",
	       "built-in: the answer of listen's number names listen");
	is_str(a ? a->why : NULL, "Listen for a connection on a socket.",
	       "built-in: listen's reason, its first sentence");
	is_str(a ? a->source : NULL, "SYSCALLS.md",
	       "built-in: listen's source");
	ok(a && !a->allowed && !a->kills && !a->warn && a->err_no == EPERM &&
	       !a->own_errno && !a->quiet,
	   "built-in: listen blocked with EPERM, not a kill");
	a = answer(SYS_chroot);
	is_str(a ? a->name : NULL, "chroot", "built-in: chroot's number");
	ok(a && a->kills && a->warn && !a->allowed,
	   "built-in: chroot kills the jail");
	a = answer(SYS_clone3);
	ok(a && a->err_no == ENOSYS && a->own_errno && a->quiet && !a->kills,
	   "built-in: clone3 gets its own ENOSYS, quietly");
	a = answer(SYS_socket);
	ok(a && a->allowed && a->err_no == EAFNOSUPPORT && a->own_errno,
	   "built-in: socket allowed, its rule's blocks get EAFNOSUPPORT");
	a = answer(SYS_getpid);
	ok(a && a->allowed && !a->warn, "built-in: getpid allowed");
	ok(answer(CJ_MAX_NR - 1) && answer(CJ_MAX_NR - 1)->name == NULL,
	   "built-in: a number no syscall has has no entry");
	reset();
}

static void test_overrides(void)
{
	const struct cj_answer *a;
	int first;

	ok(act_builtin(SYS_getpid, 0, 0) == RET_ALLOW,
	   "built-in program: getpid allowed");
	ok(prepare_with("-getpid") == 0, "--block getpid: prepared ('%s')",
	   err.msg);
	ok(act(SYS_getpid) == RET_NOTIFY,
	   "--block getpid: getpid goes to capejail");
	ok(differ_from_builtin(&first) == 1 && first == SYS_getpid,
	   "--block getpid: no other syscall number answered otherwise");
	ok(strcmp(eff.hash, cj_policy_hash) != 0,
	   "--block getpid: a hash of its own");
	a = answer(SYS_getpid);
	is_str(a ? a->name : NULL, "getpid", "--block getpid: its answer");
	ok(a && !a->allowed && !a->kills && a->err_no == EPERM,
	   "--block getpid: answered EPERM, no kill");
	is_str(a ? a->source : NULL, "--block", "--block getpid: its source");
	is_str(a ? a->why : NULL, "Blocked for this run by --block.",
	       "--block getpid: its reason");
	a = answer(SYS_getppid);
	ok(a && a->allowed, "--block getpid: getppid still allowed");

	ok(act_builtin(SYS_listen, 0, 0) == RET_NOTIFY,
	   "built-in program: listen goes to capejail");
	ok(prepare_with("+listen") == 0, "--allow listen: prepared");
	ok(act(SYS_listen) == RET_ALLOW, "--allow listen: allowed");
	ok(differ_from_builtin(&first) == 1 && first == SYS_listen,
	   "--allow listen: no other syscall number answered otherwise");
	a = answer(SYS_listen);
	ok(a && a->allowed, "--allow listen: its answer says allowed");
	is_str(a ? a->source : NULL, "--allow", "--allow listen: its source");
	is_str(a ? a->why : NULL, "Allowed for this run by --allow.",
	       "--allow listen: its reason");

	ok(prepare_with("+chroot") == 0, "--allow chroot: prepared");
	ok(act(SYS_chroot) == RET_ALLOW, "--allow chroot: allowed");
	a = answer(SYS_chroot);
	ok(a && a->allowed && !a->warn && !a->kills,
	   "--allow chroot: its warning sign is gone");

	ok(act_builtin(SYS_clone3, 0, 0) == RET_ERRNO(ENOSYS),
	   "built-in program: clone3 answered ENOSYS by the kernel");
	ok(prepare_with("+clone3") == 0 && act(SYS_clone3) == RET_ALLOW,
	   "--allow clone3: allowed, its errno and quiet gone");
	a = answer(SYS_clone3);
	ok(a && !a->own_errno && !a->quiet,
	   "--allow clone3: its answer has no errno of its own");

	ok(act_builtin(SYS_socket, AF_INET, SOCK_STREAM) == RET_ALLOW &&
	       act_builtin(SYS_socket, AF_PACKET, SOCK_STREAM) == RET_NOTIFY,
	   "built-in program: socket allowed for AF_INET, not AF_PACKET");
	ok(act_builtin(SYS_socket, AF_INET, 6 /* SOCK_DCCP */) == RET_NOTIFY &&
	       act_builtin(SYS_socket, AF_INET, SOCK_DGRAM | SOCK_NONBLOCK) ==
		   RET_ALLOW,
	   "built-in program: socket's type checked, its low 4 bits (DCCP "
	   "blocked, a non-blocking datagram socket allowed)");
	ok(prepare_with("-socket") == 0, "--block socket: prepared");
	ok(run_bpf(eff.insns, eff.len, SYS_socket, AF_INET, 0) == RET_NOTIFY,
	   "--block socket: AF_INET blocked too");
	a = answer(SYS_socket);
	ok(a && !a->allowed && a->err_no == EPERM && !a->own_errno,
	   "--block socket: its rule's EAFNOSUPPORT gone, EPERM");

	ok(prepare_with("+ioctl") == 0, "--allow ioctl: prepared");
	ok(run_bpf(eff.insns, eff.len, SYS_ioctl, 0, TIOCSTI) == RET_NOTIFY &&
	       run_bpf(eff.insns, eff.len, SYS_ioctl, 0, TCGETS) == RET_ALLOW,
	   "--allow ioctl: its argument rule stays (TIOCSTI blocked)");
	is_str(eff.hash, cj_policy_hash, "--allow ioctl: the built-in hash");

	reset();
	spec.policy.overrides[0] = "-getpid";
	spec.policy.overrides[1] = "+getpid";
	spec.policy.n_overrides = 2;
	ok(prepare() == 0 && act(SYS_getpid) == RET_ALLOW,
	   "--block getpid --allow getpid: the last one holds (allowed)");
	reset();
	spec.policy.overrides[0] = "+getpid";
	spec.policy.overrides[1] = "-getpid";
	spec.policy.n_overrides = 2;
	ok(prepare() == 0 && act(SYS_getpid) == RET_NOTIFY,
	   "--allow getpid --block getpid: the last one holds (blocked)");
	reset();
	spec.policy.overrides[0] = "-getpid";
	spec.policy.overrides[1] = "-getppid";
	spec.policy.n_overrides = 2;
	ok(prepare() == 0 && differ_from_builtin(&first) == 2 &&
	       act(SYS_getpid) == RET_NOTIFY && act(SYS_getppid) == RET_NOTIFY,
	   "--block getpid --block getppid: both, nothing else");
	reset();
}

static void test_refused_overrides(void)
{
	is_refused(prepare_with("+nosuchcall"),
		   "--allow nosuchcall: not a syscall of this architecture",
		   "--allow of an unknown name");
	is_refused(prepare_with("-nosuchcall"),
		   "--block nosuchcall: not a syscall of this architecture",
		   "--block of an unknown name");
	is_refused(prepare_with("+GETPID"),
		   "--allow GETPID: not a syscall of this architecture",
		   "--allow of a name in capitals");
	is_refused(prepare_with("-__clone2"),
		   "--block __clone2: not a syscall of this architecture",
		   "--block of another architecture's entry");
	is_refused(prepare_with("-ioctl"),
		   "ioctl cannot be blocked: capejail's init calls it under "
		   "the filter",
		   "--block ioctl");
	is_refused(prepare_with("-wait4"),
		   "wait4 cannot be blocked: capejail's init calls it under "
		   "the filter",
		   "--block wait4");
	reset();
	spec.policy.overrides[0] = "-getpid";
	spec.policy.overrides[1] = "+nosuchcall";
	spec.policy.n_overrides = 2;
	is_refused(prepare(),
		   "--allow nosuchcall: not a syscall of this architecture",
		   "a good --block then an unknown --allow");
	reset();
}

static void test_blocked_errno(void)
{
	const struct cj_answer *a;

	reset();
	spec.policy.blocked_errno = EACCES;
	ok(effective_outcomes(&spec).blocked_errno == EACCES,
	   "--blocked-errno EACCES: the outcome");
	ok(prepare() == 0, "--blocked-errno EACCES: prepared");
	ok(strcmp(eff.hash, cj_policy_hash) != 0,
	   "--blocked-errno EACCES: a hash of its own");
	a = answer(SYS_listen);
	ok(a && a->err_no == EACCES && !a->kills,
	   "--blocked-errno EACCES: listen answered EACCES");
	a = answer(SYS_clone3);
	ok(a && a->err_no == ENOSYS,
	   "--blocked-errno EACCES: clone3 keeps its own ENOSYS");
	a = answer(SYS_chroot);
	ok(a && a->kills, "--blocked-errno EACCES: chroot still kills");
	ok(act_builtin(SYS_capget, 0, 0) == RET_ERRNO(EPERM),
	   "built-in program: capget (quiet) answered EPERM by the kernel");
	ok(act(SYS_capget) == RET_ERRNO(EACCES),
	   "--blocked-errno EACCES: capget (quiet) answered EACCES by the "
	   "kernel");
	ok(act(SYS_clone3) == RET_ERRNO(ENOSYS),
	   "--blocked-errno EACCES: clone3 still ENOSYS in the kernel");
	ok(act(SYS_listen) == RET_NOTIFY && act(SYS_getpid) == RET_ALLOW,
	   "--blocked-errno EACCES: listen to capejail, getpid allowed");
	reset();
}

static void test_kill(void)
{
	const struct cj_answer *a;

	reset();
	spec.policy.kill_blocked = true;
	ok(effective_outcomes(&spec).kill_blocked,
	   "--on-blocked kill: the outcome");
	ok(prepare() == 0, "--on-blocked kill: prepared");
	a = answer(SYS_listen);
	ok(a && a->kills && !a->warn,
	   "--on-blocked kill: listen kills (without a warning sign)");
	a = answer(SYS_clone3);
	ok(a && !a->kills && a->err_no == ENOSYS,
	   "--on-blocked kill: clone3 keeps its own ENOSYS");
	a = answer(SYS_socket);
	ok(a && !a->kills && a->err_no == EAFNOSUPPORT,
	   "--on-blocked kill: socket's rule keeps its own EAFNOSUPPORT");
	a = answer(SYS_ioctl);
	ok(a && a->kills, "--on-blocked kill: a TIOCSTI ioctl kills");
	ok(act(SYS_capget) == RET_NOTIFY,
	   "--on-blocked kill: capget (quiet) goes to capejail, to be killed");
	ok(act(SYS_clone3) == RET_ERRNO(ENOSYS),
	   "--on-blocked kill: clone3 still ENOSYS in the kernel");
	ok(act(SYS_getpid) == RET_ALLOW, "--on-blocked kill: getpid allowed");
	ok(strcmp(eff.hash, cj_policy_hash) != 0,
	   "--on-blocked kill: a hash of its own");
	reset();
}

static void test_learn(void)
{
	char learn_hash[17];
	const struct cj_answer *a;

	reset();
	spec.policy.learn = CJ_LEARN;
	ok(effective_outcomes(&spec).learn == CJ_LEARN, "--learn: the outcome");
	ok(prepare() == 0 && eff.owned != NULL,
	   "--learn: a program compiled now");
	ok(act(SYS_capget) == RET_NOTIFY && act(SYS_clone3) == RET_NOTIFY,
	   "--learn: quiet blocks (capget, clone3) go to capejail too");
	ok(act(SYS_listen) == RET_NOTIFY && act(SYS_chroot) == RET_NOTIFY,
	   "--learn: other blocks go to capejail");
	ok(act(SYS_getpid) == RET_ALLOW, "--learn: getpid allowed");
	ok(run_bpf(eff.insns, eff.len, SYS_ioctl, 0, TIOCSTI) == RET_NOTIFY,
	   "--learn: a blocked ioctl goes to capejail");
	ok(act(CJ_MAX_NR - 1) == RET_ERRNO(ENOSYS),
	   "--learn: a number no syscall has is still ENOSYS");
	a = answer(SYS_chroot);
	ok(a && a->kills && a->warn,
	   "--learn: chroot's answer still says kill (the supervisor "
	   "decides)");
	a = answer(SYS_clone3);
	ok(a && a->own_errno && a->quiet,
	   "--learn: clone3's answer keeps its own errno and quiet mark");
	(void)snprintf(learn_hash, sizeof(learn_hash), "%s", eff.hash);
	ok(strcmp(learn_hash, cj_policy_hash) != 0,
	   "--learn: a hash of its own");
	reset();
	spec.policy.learn = CJ_LEARN_ALL;
	ok(prepare() == 0 && strcmp(eff.hash, learn_hash) != 0 &&
	       strcmp(eff.hash, cj_policy_hash) != 0,
	   "--learn=all: a hash of its own");
	ok(act(SYS_chroot) == RET_NOTIFY && act(SYS_getpid) == RET_ALLOW,
	   "--learn=all: chroot to capejail, getpid allowed");
	reset();
}

/* Write text to dir/name; its path in a static buffer. */
static const char *file(const char *name, const char *text)
{
	static char path[sizeof(dir) + 64];
	FILE *f;

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	return path;
}

static int prepare_file(const char *path)
{
	reset();
	spec.policy.file = path;
	return prepare();
}

static void test_policy_file(void)
{
	const struct cj_answer *a;
	const char *path;
	char msg[512];
	int first;

	path = file("ok.md", "# Mine\n"
			     "\n"
			     "## Blocked\n"
			     "\n"
			     "### getpid\n"
			     "\n"
			     "No pid for this program. It has no need.\n"
			     "\n"
			     "## Allowed\n"
			     "\n"
			     "### listen\n"
			     "\n"
			     "The program sets modes.\n"
			     "\n"
			     "### __clone2 (ia64)\n"
			     "\n"
			     "Documentation only.\n");
	ok(prepare_file(path) == 0, "--policy: a good file ('%s')", err.msg);
	ok(act(SYS_getpid) == RET_NOTIFY && act(SYS_listen) == RET_ALLOW,
	   "--policy: getpid blocked, listen allowed");
	ok(differ_from_builtin(&first) == 2,
	   "--policy: no other syscall number answered otherwise");
	a = answer(SYS_getpid);
	is_str(a ? a->name : NULL, "getpid", "--policy: getpid's answer");
	is_str(a ? a->why : NULL, "No pid for this program.",
	       "--policy: getpid's reason, the file's first sentence");
	is_str(a ? a->source : NULL, path,
	       "--policy: getpid's source, the file");
	ok(a && !a->allowed && a->err_no == EPERM && !a->kills,
	   "--policy: getpid answered EPERM");
	a = answer(SYS_listen);
	ok(a && a->allowed, "--policy: listen's answer says allowed");
	is_str(a ? a->source : NULL, path, "--policy: listen's source");
	a = answer(SYS_fchown);
	is_str(a ? a->source : NULL, "SYSCALLS.md",
	       "--policy: an entry the file does not name stays SYSCALLS.md's");

	reset();
	spec.policy.file = path;
	spec.policy.overrides[0] = "+getpid";
	spec.policy.n_overrides = 1;
	ok(prepare() == 0 && act(SYS_getpid) == RET_ALLOW,
	   "--policy then --allow getpid: --allow comes after the file");

	path = file("rules.md", "## Allowed\n"
				"\n"
				"### socket\n"
				"\n"
				"Only UNIX sockets.\n"
				"\n"
				"- `block if arg0 not in AF_UNIX=1`\n"
				"- `errno EACCES`\n");
	ok(prepare_file(path) == 0, "--policy: a rule of the file's own");
	ok(run_bpf(eff.insns, eff.len, SYS_socket, AF_UNIX, 0) == RET_ALLOW &&
	       run_bpf(eff.insns, eff.len, SYS_socket, AF_INET, 0) ==
		   RET_NOTIFY,
	   "--policy: socket AF_UNIX allowed, AF_INET blocked");
	a = answer(SYS_socket);
	ok(a && a->err_no == EACCES && a->own_errno,
	   "--policy: socket's blocks get the file's EACCES");

	path = file("todo.md", "## Allowed\n"
			       "\n"
			       "### getpid\n"
			       "\n"
			       "Fine.\n"
			       "\n"
			       "### listen\n"
			       "\n"
			       "TODO: say why this program needs it.\n");
	(void)snprintf(msg, sizeof(msg),
		       "%s:7: listen: the reason still starts with TODO: say "
		       "why the program needs it",
		       path);
	is_refused(prepare_file(path), msg, "--policy with a TODO reason");

	path = file("unknown.md", "## Blocked\n"
				  "\n"
				  "### nosuchcall\n"
				  "\n"
				  "Not one.\n");
	(void)snprintf(msg, sizeof(msg),
		       "%s:3: nosuchcall: not a syscall of this architecture",
		       path);
	is_refused(prepare_file(path), msg, "--policy naming an unknown call");

	path = file("init.md", "## Blocked\n"
			       "\n"
			       "### execve\n"
			       "\n"
			       "No programs.\n");
	is_refused(prepare_file(path),
		   "execve cannot be blocked: capejail's init calls it under "
		   "the filter",
		   "--policy blocking execve");

	(void)snprintf(msg, sizeof(msg), "%s/missing.md", dir);
	path = msg;
	{
		char want[600];

		(void)snprintf(want, sizeof(want),
			       "--policy %s: No such file or directory", msg);
		is_refused(prepare_file(path), want, "--policy of no file");
		(void)snprintf(want, sizeof(want),
			       "--policy %s: not a regular file", dir);
		is_refused(prepare_file(dir), want, "--policy of a directory");
	}

	path = file("bad.md", "## Blocked\n"
			      "\n"
			      "### getpid\n"
			      "\n"
			      "## Allowed\n");
	ok(prepare_file(path) == -1 &&
	       strncmp(err.msg, path, strlen(path)) == 0 &&
	       strncmp(err.msg + strlen(path), ":3: ", 4) == 0,
	   "--policy with an entry without reason: file:line ('%s')", err.msg);
	reset();
}

static void cleanup(void)
{
	static const char *const names[] = {"ok.md",	  "rules.md", "todo.md",
					    "unknown.md", "init.md",  "bad.md"};
	char path[sizeof(dir) + 64];

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		(void)snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		(void)unlink(path);
	}
	(void)rmdir(dir);
}

int main(void)
{
	if (mkdtemp(dir) == NULL) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_default();
	test_same_as_builtin();
	test_answers_builtin();
	test_overrides();
	test_refused_overrides();
	test_blocked_errno();
	test_kill();
	test_learn();
	test_policy_file();
	cleanup();
	return tap_done();
}
