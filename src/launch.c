/* launch.c - the steps of a run, in the order they run. This is the only
 * file that knows the order; each step is one call into its layer, and the
 * comment on it says why it comes where it does.
 *
 *   capejail (host)                 jail init (PID 1)        program (PID 2)
 *   1 clone into namespaces  ---->  2 bind to capejail
 *   supervise: go, forward          3 file system
 *   signals, kill the jail on a     4 network, hostname
 *   ⚠️ syscall, wait, report
 *                                   5 identity (drop)
 *                                   6 environment, cwd
 *                                   7 seccomp filter
 *                                   8 fork  ------------->   9 exec
 *                                   init loop: reap, forward
 */
#define _GNU_SOURCE
#include "launch.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "cgroup.h"
#include "cli.h"
#include "creds.h"
#include "env.h"
#include "landlock.h"
#include "ns.h"
#include "effective.h"
#include "rootfs.h"
#include "rootless.h"
#include "seccomp_load.h"
#include "supervise.h"
#include "timings.h"
#include "tty.h"
#include "util.h"

#include "banned.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

static const char jail_hostname[] = "jail";

/* Report err to capejail and end this process of the jail. */
static _Noreturn void die(int msg_fd, const struct cj_err *err)
{
	ns_send_error(msg_fd, err);
	_exit(err->status);
}

/* execvp(3) on the jail's PATH, with the jail's environment. Returns only
 * on failure, with 127 (not found) or 126 (cannot execute) in err. */
static void exec_program(char *const argv[], const struct jail_env *env,
			 struct cj_err *err)
{
	const char *prog = argv[0], *path = env_get(env, "PATH");
	char buf[4096];
	bool denied = false;

	if (strchr(prog, '/') != NULL || path == NULL) {
		(void)execve(prog, argv, env->vars);
		cj_fail_errno(
		    err, errno == ENOENT ? CJ_EXIT_NOTFOUND : CJ_EXIT_NOEXEC,
		    errno, "%s", prog);
		return;
	}
	while (path != NULL) {
		const char *end = strchr(path, ':');
		int len = end ? (int)(end - path) : (int)strlen(path);
		int n = snprintf(buf, sizeof(buf), "%.*s/%s", len ? len : 1,
				 len ? path : ".", prog);

		path = end ? end + 1 : NULL;
		if (n < 0 || (size_t)n >= sizeof(buf))
			continue;
		(void)execve(buf, argv, env->vars);
		if (errno == EACCES)
			denied = true;
		else if (errno != ENOENT && errno != ENOTDIR) {
			cj_fail_errno(err, CJ_EXIT_NOEXEC, errno, "%s", buf);
			return;
		}
	}
	if (denied)
		cj_fail_errno(err, CJ_EXIT_NOEXEC, EACCES, "%s", prog);
	else
		cj_fail(err, CJ_EXIT_NOTFOUND, "%s: command not found", prog);
}

/* PID 2 in a process group of its own within init's session: a group
 * whose parent (init) is in the same session is not orphaned, so SIGTSTP
 * stops it (job control); signals from capejail go to the whole group. On
 * the jail's own pty (init's controlling terminal), it becomes the
 * terminal's foreground group, so Ctrl-C and Ctrl-Z (bytes relayed by
 * capejail) signal it, and the pty replaces those of fds 0-2 that were the
 * caller's terminal. */
static int own_group(int slave, struct cj_err *err)
{
	sigset_t ttou, old;

	if (setpgid(0, 0) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "setpgid");
	if (slave < 0)
		return 0;
	/* From the background until this call: no SIGTTOU for it. */
	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU);
	if (sigprocmask(SIG_BLOCK, &ttou, &old) < 0 ||
	    tcsetpgrp(slave, getpid()) < 0 ||
	    sigprocmask(SIG_SETMASK, &old, NULL) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "the jail's terminal");
	for (int fd = 0; fd < 3; fd++)
		if (isatty(fd) && dup2(slave, fd) < 0)
			return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "dup2");
	return 0;
}

/* PID 2: what remains before the program is the program. */
static _Noreturn void start_program(char *const *argv,
				    const struct jail_env *env,
				    const sigset_t *oldmask, int msg_fd,
				    int slave)
{
	struct cj_err err = {0, ""};

	if (own_group(slave, &err) < 0)
		die(msg_fd, &err);

	/* Only fds 0, 1 and 2 reach the program; the message pipe stays
	 * open until exec so a failed exec can still be reported. */
	if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) < 0) {
		cj_fail_errno(&err, CJ_EXIT_SETUP, errno, "close_range");
		die(msg_fd, &err);
	}
	/* init blocked the signals it waits for; the program starts with
	 * the mask capejail was given. */
	if (sigprocmask(SIG_SETMASK, oldmask, NULL) < 0) {
		cj_fail_errno(&err, CJ_EXIT_SETUP, errno, "sigprocmask");
		die(msg_fd, &err);
	}
	if (argv == NULL || argv[0] == NULL)
		cj_fail(&err, CJ_EXIT_SETUP, "no program");
	else
		exec_program(argv, env, &err);
	die(msg_fd, &err);
}

/* capejail's arguments in its memory (launch_note_cmdline). */
static char *cmdline_start, *cmdline_end;

void launch_note_cmdline(int argc, char *const argv[])
{
	if (argc < 1 || argv[0] == NULL)
		return;
	cmdline_start = argv[0];
	cmdline_end = argv[argc - 1] + strlen(argv[argc - 1]) + 1;
}

/* PID 1 is a fork of capejail: its /proc/1/cmdline, which every process
 * may read, would show the jail capejail's whole command line (the policy
 * file, -e values, the host paths of binds, which /proc/self/mountinfo
 * shows anyway). The program's argv is copied out and the area the kernel
 * shows is overwritten with "capejail" and NULs. Its last byte is not a
 * NUL: the kernel then takes the area for a title the process set
 * (setproctitle) and shows it up to the first NUL only, so not even the
 * command line's length is left to read. */
static int hide_cmdline(char *const *argv, char ***copy, struct cj_err *err)
{
	size_t n = 0;

	while (argv[n] != NULL)
		n++;
	if (n == 0)
		return cj_fail(err, CJ_EXIT_SETUP, "no program");
	*copy = calloc(n + 1, sizeof(**copy));
	if (*copy == NULL)
		return cj_fail(err, CJ_EXIT_SETUP, "out of memory");
	for (size_t i = 0; i < n; i++)
		if (((*copy)[i] = strdup(argv[i])) == NULL)
			return cj_fail(err, CJ_EXIT_SETUP, "out of memory");
	if (cmdline_start == NULL || cmdline_end <= cmdline_start)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "capejail's command line: not noted");
	memset(cmdline_start, 0, (size_t)(cmdline_end - cmdline_start));
	if ((size_t)(cmdline_end - cmdline_start) > sizeof("capejail")) {
		memcpy(cmdline_start, "capejail", sizeof("capejail"));
		cmdline_end[-1] = '.';
	}
	return 0;
}

/* 9. PID 2, started by clone(CLONE_VM | CLONE_VFORK): */
struct program_start {
	char *const *argv;
	const struct jail_env *env;
	const sigset_t *oldmask;
	int msg_fd, slave;
};

#ifndef __SANITIZE_ADDRESS__
static _Alignas(16) char program_stack[64 * 1024];
#endif

static int program_main(void *arg)
{
	const struct program_start *ps = arg;

	start_program(ps->argv, ps->env, ps->oldmask, ps->msg_fd, ps->slave);
}

/* PID 1 of the jail: set everything up, start the program, then reap. */
/* The jail's own terminal, made in its devpts by the jail's user (so the
 * program owns it, as a login owns its tty), and init's controlling
 * terminal (init leads the jail's session): the master goes to capejail,
 * which relays the caller's terminal to it; the slave stays for PID 2. */
static int make_pty(int msg_fd, int *slave, struct cj_err *err)
{
	int unlock = 0,
	    master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (master < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "/dev/ptmx");
	if (ioctl(master, TIOCSPTLCK, &unlock) < 0 ||
	    (*slave = ioctl(master, TIOCGPTPEER,
			    O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno, "the jail's terminal");
		(void)close(master);
		return -1;
	}
	if (ioctl(*slave, TIOCSCTTY, 0) < 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno,
			      "the jail's controlling terminal");
		(void)close(master);
		(void)close(*slave);
		return -1;
	}
	if (ns_send_fd(msg_fd, CJ_MSG_PTY, master, err) < 0) {
		(void)close(master);
		(void)close(*slave);
		return -1;
	}
	(void)close(master);
	return 0;
}

static _Noreturn void jail_init(const struct jail_spec *spec,
				const struct cj_effective *prog, bool pty,
				const sigset_t *oldmask, int msg_fd,
				int sync_fd)
{
	struct cj_err err = {0, ""};
	struct identity id;
	struct jail_env env;
	sigset_t waited;
	const char *term = getenv("TERM");
	const char *cwd;
	pid_t program;
	char **argv = NULL;
	int root_fd, rc, src_fds[CJ_MAX_MOUNTS], slave = -1, proc_fd = -1;

	/* 2. Before anything else: if capejail dies, so does the jail (and
	 * with PID 1 gone, the kernel kills every process in it; if it died
	 * before this, the wait for go below sees it). Then a session of our
	 * own, so the jail cannot signal or type into the caller's process
	 * group and terminal. None of this needs our ids mapped: it is done
	 * while capejail maps them. */
	if (ns_arm_deathsig(&err) < 0)
		_exit(CJ_EXIT_SETUP);
	if (setsid() < 0) {
		cj_fail_errno(&err, CJ_EXIT_SETUP, errno, "setsid");
		die(msg_fd, &err);
	}
	/* Nothing the caller left open may enter the jail. */
	{
		int keep[2] = {msg_fd < sync_fd ? msg_fd : sync_fd,
			       msg_fd < sync_fd ? sync_fd : msg_fd};

		if (ns_close_fds_except(keep, 2, &err) < 0)
			die(msg_fd, &err);
	}
	/* -r DIR is opened while we still hold the host root's identity
	 * (mapped or not, it owns what root owns): the jail's root could not
	 * walk a private directory to it. Rootless, "the host root's
	 * identity" is the caller's: -r DIR and the binds are opened with the
	 * caller's rights, no more. */
	root_fd = rootfs_open_root(spec, &err);
	if (root_fd == -2 || rootfs_open_sources(spec, src_fds, &err) < 0)
		die(msg_fd, &err);
	timings_mark("session");
	/* capejail says go once it mapped our ids: now we become the jail's
	 * root. A second lock behind the filter's refusal of CLONE_NEWUSER
	 * and unshare: no user namespace can be made in ours (the jail's
	 * /proc/sys is read-only later, so now). */
	if (ns_wait_go(sync_fd, &err) < 0)
		_exit(CJ_EXIT_SETUP); /* capejail is gone: nobody to tell */
	timings_mark("wait-go");
	if (ns_become_jail_root(spec->rootless, &err) < 0 ||
	    ns_rebind_to_parent(sync_fd, &err) < 0 ||
	    ns_forbid_userns(spec->rootless, &err) < 0)
		die(msg_fd, &err);
	/* Rootless, the jail's user gets a user namespace of its own once it
	 * is known (step 5), whose id maps are written through a /proc that
	 * must outlive the host's tree: the jail's root may have none. */
	if (spec->rootless) {
		proc_fd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (proc_fd < 0) {
			cj_fail_errno(&err, CJ_EXIT_SETUP, errno, "/proc");
			die(msg_fd, &err);
		}
	}
	timings_mark("jail-root");

	/* 3. The file system, while we are still root and can still see the
	 * host's tree to bind from. Leaves us in the jail's root. */
	if (rootfs_enter(spec, root_fd, src_fds, &err) < 0)
		die(msg_fd, &err);
	if (root_fd >= 0)
		(void)close(root_fd);
	for (size_t i = 0; i < spec->n_mounts; i++)
		if (src_fds[i] >= 0)
			(void)close(src_fds[i]);

	/* 4. The hostname needs CAP_SYS_ADMIN in the new UTS namespace:
	 * before the identity drop. (capejail brings lo up meanwhile; rootless
	 * it cannot reach our network namespace, and we do it, with our
	 * CAP_NET_ADMIN in it.) */
	if (!spec->share_net && spec->rootless && ns_loopback_up(&err) < 0)
		die(msg_fd, &err);
	if (sethostname(jail_hostname, sizeof(jail_hostname) - 1) < 0) {
		cj_fail_errno(&err, CJ_EXIT_SETUP, errno, "sethostname");
		die(msg_fd, &err);
	}
	timings_mark("hostname");

	/* capejail brought lo up, made the jail's cgroup and set our rlimits
	 * while we built the above (raising a limit needs the host's
	 * privilege). All are in
	 * place from its second go on: before anything of the jail's own files
	 * is read, before the identity change (where RLIMIT_NPROC is looked
	 * at), and so before any process the program could start. */
	if (ns_wait_go(sync_fd, &err) < 0)
		die(msg_fd, &err);
	timings_mark("wait-limits");

	/* 5. Identity: the user is looked up in the jail's own /etc (we are
	 * inside its root now), then every privilege goes. */
	if (creds_lookup(spec->user, &id, &err) < 0)
		die(msg_fd, &err);
	/* Rootless, the caller can only be mapped to one uid and gid: the
	 * user's, in a user namespace inside ours (ns.h), made while we still
	 * hold our namespace's capabilities. Its setgroups is denied: the
	 * groups stay the caller's. */
	if (spec->rootless) {
		if (creds_check_rootless(&id, &err) < 0 ||
		    ns_enter_user(proc_fd, id.uid, id.gid, &err) < 0 ||
		    ns_rebind_to_parent(sync_fd, &err) < 0)
			die(msg_fd, &err);
		(void)close(proc_fd);
	}
	if (creds_drop(&id, spec->rootless, &err) < 0)
		die(msg_fd, &err);
	/* Landlock needs no_new_privs, set by the drop. With the host's
	 * network, abstract unix sockets are the host's: scope them. */
	rc = landlock_scope(&err);
	if (rc < 0)
		die(msg_fd, &err);
	if (rc > 0 && spec->share_net)
		(void)fprintf(stderr,
			      "capejail: warning: --share-net: this kernel "
			      "cannot keep the jail from the host's abstract "
			      "unix sockets (Landlock ABI 6, Linux 6.12)\n");
	/* The drop cleared PR_SET_PDEATHSIG again (every id change does). */
	if (ns_rebind_to_parent(sync_fd, &err) < 0)
		die(msg_fd, &err);
	timings_mark("identity");

	/* 6. Environment and working directory, as the user: a directory
	 * the user may not enter is an error, not a surprise later. */
	if (env_build(spec, &id, term, &env, &err) < 0)
		die(msg_fd, &err);
	cwd = spec->chdir ? spec->chdir : spec->root ? "/" : "/tmp";
	if (chdir(cwd) < 0) {
		cj_fail_errno(&err, CJ_EXIT_SETUP, errno, "--chdir %s", cwd);
		die(msg_fd, &err);
	}
	timings_mark("env-cwd");
	/* Nothing of capejail's command line for the jail to read; the rest
	 * of spec no longer points into it. */
	if (hide_cmdline(spec->argv, &argv, &err) < 0)
		die(msg_fd, &err);
	/* An interactive run gets a terminal of its own, as the user (who
	 * then owns it) and before the filter. */
	if (pty && make_pty(msg_fd, &slave, &err) < 0)
		die(msg_fd, &err);
	timings_mark("cmdline-pty");

	/* 7. The filter last, so the set-up above is not bound by it; PID 1
	 * is filtered too, and the program inherits the filter across fork
	 * and exec. Its listener goes to capejail, outside the jail, which
	 * kills the jail on a ⚠️ syscall; the jail keeps no copy of it. */
	if (!spec->insecure) {
		int listener;

		if (seccomp_load_bpf(prog->insns, prog->len, &listener, &err) <
			0 ||
		    ns_send_fd(msg_fd, CJ_MSG_LISTENER, listener, &err) < 0)
			die(msg_fd, &err);
		(void)close(listener);
	}
	timings_mark("seccomp");

	/* 8. What init waits for has been blocked since the clone (launch),
	 * so no signal is lost before the wait loop. */
	sigemptyset(&waited);
	sigaddset(&waited, SIGCHLD);
	for (int i = 0; i < ns_forwarded_count; i++)
		sigaddset(&waited, ns_forwarded_signals[i]);
	if (sigprocmask(SIG_BLOCK, &waited, NULL) < 0) {
		cj_fail_errno(&err, CJ_EXIT_SETUP, errno, "sigprocmask");
		die(msg_fd, &err);
	}
	{
		struct program_start ps = {argv, &env, oldmask, msg_fd, slave};

		/* The program borrows our memory until its execve (CLONE_VM,
		 * as posix_spawn does) rather than copying it, and we wait
		 * until then (CLONE_VFORK): nothing is shared while both
		 * run. It has a stack of its own. AddressSanitizer cannot
		 * follow a process onto a stack it did not make: its build
		 * forks (the same code runs in the child). */
#ifdef __SANITIZE_ADDRESS__
		program = fork();
		if (program == 0)
			(void)program_main(&ps);
#else
		program =
		    clone(program_main, program_stack + sizeof(program_stack),
			  CLONE_VM | CLONE_VFORK | SIGCHLD, &ps);
#endif
	}
	if (program < 0) {
		cj_fail_errno(&err, CJ_EXIT_SETUP, errno,
			      "starting the "
			      "program");
		die(msg_fd, &err);
	}
	/* As the program does (whichever runs first): its own group. */
	(void)setpgid(program, program);
	/* init keeps the jail's terminal open (slave) until the jail ends: a
	 * program that closes fds 0-2 and opens /dev/tty again (as a daemon
	 * does) would otherwise find it hung up, capejail's relay having seen
	 * EIO in between and closed the master. */
	timings_mark("fork");
	ns_send_timings(msg_fd);
	env_free(&env);
	ns_init_loop(program, msg_fd, &waited);
}

/* fds 0-2 go into the jail as they are. A directory among them is a door:
 * /proc/self/fd/0/.. walks the host's tree from there. */
static int check_std_fds(struct cj_err *err)
{
	static const char *const names[] = {"stdin", "stdout", "stderr"};

	for (int fd = 0; fd < 3; fd++) {
		struct stat st;

		if (fstat(fd, &st) < 0)
			return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s",
					     names[fd]);
		if (S_ISDIR(st.st_mode))
			return cj_fail(err, CJ_EXIT_SETUP,
				       "%s is a directory: it would let the "
				       "jail reach the host's files",
				       names[fd]);
	}
	return 0;
}

/* Is CAP_SYS_RESOURCE in our effective set (in the host's namespace)? */
static bool may_raise_limits(void)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data) < 0)
		return false;
	return (data[CAP_SYS_RESOURCE / 32].effective &
		(1U << (CAP_SYS_RESOURCE % 32))) != 0;
}

/* Without CAP_SYS_RESOURCE (always so rootless), a hard limit can only go
 * down: one above capejail's own is an error that names the privilege,
 * before anything is made, not a bare EPERM from prlimit later. */
static int check_rlimits(const struct jail_spec *spec, struct cj_err *err)
{
	if (spec->n_rlimits == 0 || (!spec->rootless && may_raise_limits()))
		return 0;
	for (size_t i = 0; i < spec->n_rlimits; i++) {
		struct rlimit cur;

		if (getrlimit(spec->rlimits[i].resource, &cur) < 0)
			return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
					     "getrlimit");
		if (spec->rlimits[i].hard > cur.rlim_max)
			return cj_fail(
			    err, CJ_EXIT_SETUP,
			    "--rlimit %s: a hard limit above the caller's "
			    "(%llu) needs %s",
			    cli_rlimit_name(spec->rlimits[i].resource),
			    (unsigned long long)cur.rlim_max,
			    spec->rootless ? "root (CAP_SYS_RESOURCE)"
					   : "CAP_SYS_RESOURCE, which this "
					     "root does not have");
	}
	return 0;
}

/* rlimits of PID 1, inherited by everything in the jail: set by capejail
 * with the host's privilege, so a hard limit may also go up (as root). No
 * core dumps unless asked; the pids cap as RLIMIT_NPROC where no cgroup can
 * hold it (Linux counts it per user namespace: the jail's processes). */
static int set_rlimits(const struct jail_spec *spec, pid_t init,
		       bool pids_fallback, struct cj_err *err)
{
	struct rlimit no_core = {0, 0}, nproc = {spec->pids, spec->pids}, cur;

	if (prlimit(init, RLIMIT_CORE, &no_core, NULL) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "RLIMIT_CORE");
	/* A hard limit of capejail's own below the cap is kept: it is the
	 * stricter one (and rootless, it could not be raised). */
	if (pids_fallback && getrlimit(RLIMIT_NPROC, &cur) == 0 &&
	    cur.rlim_max < nproc.rlim_max)
		nproc.rlim_cur = nproc.rlim_max = cur.rlim_max;
	if (pids_fallback && prlimit(init, RLIMIT_NPROC, &nproc, NULL) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "RLIMIT_NPROC");
	for (size_t i = 0; i < spec->n_rlimits; i++) {
		struct rlimit r = {spec->rlimits[i].soft,
				   spec->rlimits[i].hard};

		if (prlimit(init, spec->rlimits[i].resource, &r, NULL) < 0)
			return cj_fail_errno(
			    err, CJ_EXIT_SETUP, errno, "--rlimit %s",
			    cli_rlimit_name(spec->rlimits[i].resource));
	}
	return 0;
}

/* capejail's side between the clone and the second go. init can do
 * nothing before its ids are mapped; once they are, it builds the jail's
 * file system while we bring lo up, make its cgroup (first removing what
 * killed capejails left), put it in, and set its rlimits, in parallel. It
 * waits
 * for the second go (supervise) before anything of the jail runs. */
static int prepare_init(const struct jail_spec *spec, struct cj_effective *prog,
			pid_t init, int sync_fd, struct cgroup_set *cg,
			struct cj_err *err)
{
	bool pids_fallback;

	if (ns_map_ids(init, spec->rootless, err) < 0)
		return -1;
	timings_mark("map-ids");
	if (ns_say_go(sync_fd) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "starting the jail");
	timings_mark("go-build");
	/* The jail's network: only lo, up (the jail's init would do the same,
	 * in the same namespace, but it has the file system to build).
	 * Rootless, capejail cannot enter the namespace and come back: init
	 * does it. */
	if (!spec->share_net && !spec->rootless &&
	    ns_loopback_up_in(init, err) < 0)
		return -1;
	timings_mark("lo-up");
	/* What capejail answers the jail's blocked syscalls with: needed
	 * from the second go on. */
	if (effective_answers(prog, err) < 0)
		return -1;
	timings_mark("answers");
	if (cgroup_create(spec, cg, &pids_fallback, err) < 0)
		return -1;
	timings_mark("cgroup-create");
	if (cgroup_add(cg, init, err) < 0)
		return -1;
	timings_mark("cgroup-add");
	if (set_rlimits(spec, init, pids_fallback, err) < 0)
		return -1;
	timings_mark("rlimits");
	return 0;
}

/* capejail's own error stopped a jail that may have failed first: what the
 * jail said, if it said anything, is the cause. */
static void jail_error_first(int msg_fd, struct cj_err *err)
{
	struct cj_msg m;
	int passed;

	while (ns_recv(msg_fd, &m, &passed) > 0) {
		if (passed >= 0)
			(void)close(passed);
		if (m.kind == CJ_MSG_ERROR && m.value != 0) {
			err->status = m.value;
			(void)snprintf(err->msg, sizeof(err->msg), "%s",
				       m.text);
			return;
		}
	}
}

int launch(const struct jail_spec *spec, struct cj_effective *prog,
	   struct cj_outcome *out, struct cj_err *err)
{
	/* A user namespace of its own, so that what the jail's root can do
	 * is bounded by that namespace even before its capabilities are
	 * dropped, and its uid 0 is no host root (ns.h). */
	unsigned long flags = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS |
			      CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP;
	struct tty_state tty;
	struct cgroup_set cg;
	bool pty;
	int msg[2], sync[2], status;
	sigset_t waited, oldmask;
	pid_t init;

	/* 0. What we hand in, before anything exists (the policy was decided
	 * before: prog): an error here is the whole run's error, and nothing
	 * was created. */
	if (check_std_fds(err) < 0 || check_rlimits(spec, err) < 0)
		return err->status;

	if (!spec->share_net)
		flags |= CLONE_NEWNET;
	if (spec->insecure)
		(void)fprintf(stderr, "capejail: warning: --insecure: no "
				      "seccomp filter, the program may make "
				      "any system call\n");
	/* Messages keep their bounds and can carry an fd; close-on-exec:
	 * the program never holds either end. */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, msg) < 0) {
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "socketpair"),
		       CJ_EXIT_SETUP;
	}
	/* The go signals: a socket pair, so that saying go to a jail that
	 * is gone is an error (EPIPE), not a SIGPIPE. */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sync) < 0) {
		(void)close(msg[0]);
		(void)close(msg[1]);
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "socketpair"),
		       CJ_EXIT_SETUP;
	}
	memset(&cg, 0, sizeof(cg));
	tty_save(&tty);
	pty = tty_wants_pty();
	/* 1. Every namespace in one clone; the child is the jail's PID 1. It
	 * starts with the signals it forwards blocked: a PID namespace's init
	 * ignores a signal it has no handler for, so one that capejail passed
	 * on during the set-up was dropped, and the program never saw it
	 * (a SIGTERM then only ended in --kill-after's SIGKILL). Blocked,
	 * it waits for init's loop. capejail unblocks them at once. */
	sigemptyset(&waited);
	sigaddset(&waited, SIGCHLD);
	for (int i = 0; i < ns_forwarded_count; i++)
		sigaddset(&waited, ns_forwarded_signals[i]);
	if (sigprocmask(SIG_BLOCK, &waited, &oldmask) < 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno, "sigprocmask");
		cgroup_destroy(&cg);
		(void)close(msg[0]);
		(void)close(msg[1]);
		(void)close(sync[0]);
		(void)close(sync[1]);
		return CJ_EXIT_SETUP;
	}
	init = ns_clone(flags);
	if (init == 0) {
		timings_enter_init();
		(void)close(msg[0]);
		(void)close(sync[1]);
		jail_init(spec, prog, pty, &oldmask, msg[1], sync[0]);
	}
	(void)sigprocmask(SIG_SETMASK, &oldmask, NULL);
	(void)close(msg[1]);
	(void)close(sync[0]);
	timings_mark("clone");
	if (init < 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno,
			      "creating the jail's namespaces");
		if (spec->rootless)
			rootless_explain(err);
		status = CJ_EXIT_SETUP;
	} else if (prepare_init(spec, prog, init, sync[1], &cg, err) < 0) {
		/* init waits for the second go: it dies before anything of
		 * the jail ran. */
		(void)kill(init, SIGKILL);
		(void)waitpid(init, NULL, 0);
		jail_error_first(msg[0], err);
		status = err->status;
	} else {
		struct supervise_opts opt = {spec->time_limit_ms,
					     spec->cpu_time_ms,
					     spec->memory,
					     spec->kill_after_ms,
					     &cg,
					     prog->by_nr,
					     spec->learn,
					     spec->verbosity == CJ_QUIET,
					     &tty};

		status = supervise(init, sync[1], msg[0], &opt, out, err);
	}
	/* After the jail: its cgroup (and anything still in it) goes. */
	cgroup_destroy(&cg);
	timings_mark("cgroup-remove");
	tty_restore(&tty);
	(void)close(msg[0]);
	(void)close(sync[1]);
	return status;
}
