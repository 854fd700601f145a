/* launch.c - the steps of a run, in the order they run. This is the only
 * file that knows the order; each step is one call into its layer, and the
 * comment on it says why it comes where it does. The steps are numbered as
 * README's "How it works" numbers them.
 *
 *   capejail (host)                    jail init (PID 1)
 *   0 policy, inputs checked
 *   1 clone into namespaces  -------->  1 bound to capejail, its session
 *     map ids, go                         the jail's root
 *     lo up, cgroup, rlimits            2 file system
 *                                       3 network, hostname;
 *     go (supervise)  -------------->     in the cgroup: its namespace
 *                                       4 identity (drop)
 *                                       5 environment, cwd, pty
 *                                       6 seccomp filter, the program
 *   supervise: signals, notifications,    (PID 2: exec)
 *   limits, the terminal; report        init loop: reap, forward
 */
#define _GNU_SOURCE
#include "launch.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "channel.h"
#include "creds.h"
#include "describe.h"
#include "effective.h"
#include "env.h"
#include "hostids.h"
#include "idmap.h"
#include "landlock.h"
#include "rlimits.h"
#include "netns.h"
#include "nocore.h"
#include "ns.h"
#include "pid1.h"
#include "program.h"
#include "rootfs.h"
#include "rootless.h"
#include "seccomp_load.h"
#include "sources.h"
#include "supervise.h"
#include "timings.h"
#include "tty.h"
#include "userns.h"

#include "banned.h"

/* What PID 1 holds from one step to the next. */
struct init {
	const struct jail_spec *spec;
	const struct cj_effective *prog;
	bool pty; /* make the jail a terminal of its own */
	const sigset_t *oldmask;
	int msg_fd, sync_fd;
	int root_fd;		     /* -r DIR, -1 for the default root */
	int src_fds[CJ_MAX_MOUNTS];  /* bind sources, -1 for tmpfs */
	struct jail_sources sources; /* -r DIR and the sources, checked */
	int proc_fd;		     /* rootless: the host's /proc */
	int slave;		     /* the jail's pty, -1 if none */
	const struct host_ids *ids;  /* root mode: the jail's host ids */
	int cgroup_fd;		     /* cgroup v2: the jail's, to clone into */
	bool in_cgroup;		     /* the clone put init there */
	bool cgroup_early;	     /* its cgroup made before the clone */
	bool data_limit;	     /* the program's RLIMIT_DATA: the memory
					limit (no memory cgroup) */
	struct identity id;	     /* the jail's user */
	struct jail_env env;	     /* the program's environment */
	char **argv;		     /* the program's, copied out */
	sigset_t waited;	     /* what init waits for */
};

/* 1. Before anything else: if capejail dies, so does the jail (and with
 * PID 1 gone, the kernel kills every process in it; if it died before
 * this, the wait for go below sees it). Then a session of our own, so the
 * jail cannot signal or type into the caller's process group and
 * terminal, and nothing the caller left open may enter the jail. None of
 * this needs our ids mapped: it is done while capejail maps them. -r DIR
 * and the bind sources are opened while we still hold the host root's
 * identity (mapped or not, it owns what root owns): the jail's root could
 * not walk a private directory to them. Rootless, "the host root's
 * identity" is the caller's: they are opened with the caller's rights, no
 * more. capejail checked their paths before the clone (step 0): init opens
 * what it found there, or fails. */
static int bind_to_capejail(struct init *c, struct cj_err *err)
{
	int keep[2] = {c->msg_fd < c->sync_fd ? c->msg_fd : c->sync_fd,
		       c->msg_fd < c->sync_fd ? c->sync_fd : c->msg_fd};

	if (chan_arm_deathsig(err) < 0)
		return -1;
	if (setsid() < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "setsid");
	if (ns_close_fds_except(keep, 2, err) < 0 ||
	    sources_open_root(&c->spec->fs, &c->sources, &c->root_fd, err) <
		0 ||
	    sources_open_binds(&c->spec->fs, &c->sources, c->src_fds, err) < 0)
		return -1;
	timings_mark("session");
	return 0;
}

/* Rootless with the caller's one id mapped (not its subordinate ids,
 * hostids_rootless): the jail's user is the caller too, in a namespace
 * of its own (userns_enter_user). */
static bool one_id_mapped(const struct jail_spec *spec)
{
	return spec->rootless && !spec->ids.sub;
}

/* 1. capejail says go once it mapped our ids: now we become the jail's
 * root. A second lock behind the filter's refusal of CLONE_NEWUSER and
 * unshare: no user namespace can be made in ours (the jail's /proc/sys is
 * read-only later, so now); nor any other namespace but the jail's own
 * cgroup namespace (step 3), and the jail's user gets its own inotify and
 * fanotify budgets, below its owner's. Rootless, the jail's user gets a
 * user namespace of its own once it is known (step 4), whose id maps are
 * written through a /proc that must outlive the host's tree: the jail's
 * root may have none. */
static int become_jail_root(struct init *c, struct cj_err *err)
{
	bool one_id = one_id_mapped(c->spec);

	if (chan_wait_go(c->sync_fd, NULL, err) < 0)
		return -1;
	timings_mark("wait-go");
	if (userns_become_jail_root(c->spec->rootless, one_id, err) < 0 ||
	    chan_rebind(c->sync_fd, err) < 0 ||
	    userns_forbid_nested(one_id, err) < 0 ||
	    userns_bound_budgets(err) < 0)
		return -1;
	if (one_id) {
		c->proc_fd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (c->proc_fd < 0)
			return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
					     "/proc");
	}
	timings_mark("jail-root");
	return 0;
}

/* 2. The file system, while we are still root and can still see the
 * host's tree to bind from. Leaves us in the jail's root. */
static int build_filesystem(struct init *c, struct cj_err *err)
{
	int rc = rootfs_enter(&c->spec->fs, c->root_fd, c->src_fds, err);

	c->root_fd = -1; /* rootfs_enter closed it */
	for (size_t i = 0; i < c->spec->fs.n_mounts; i++)
		if (c->src_fds[i] >= 0)
			(void)close(c->src_fds[i]);
	return rc;
}

/* 3. The hostname needs CAP_SYS_ADMIN in the new UTS namespace: before the
 * identity drop. (capejail brings lo up meanwhile; rootless it cannot
 * reach our network namespace, and we do it, with our CAP_NET_ADMIN in
 * it.) Then capejail's second go: it brought lo up, made the jail's cgroup
 * and set our rlimits while we built the above (raising a limit needs the
 * host's privilege). All are in place from then on: before anything of the
 * jail's own files is read, before the identity change (where RLIMIT_NPROC
 * is looked at), and so before any process the program could start. */
static int name_host(struct init *c, struct cj_err *err)
{
	if (!c->spec->share_net && c->spec->rootless &&
	    netns_loopback_up(c->spec->net_user, err) < 0)
		return -1;
	if (sethostname(c->spec->fs.hostname, strlen(c->spec->fs.hostname)) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "sethostname");
	timings_mark("hostname");
	if (chan_wait_go(c->sync_fd, &c->data_limit, err) < 0)
		return -1;
	timings_mark("wait-limits");
	/* Now in the jail's cgroup (if a limit made one): a cgroup namespace
	 * of its own from here, so /proc/self/cgroup shows the jail's cgroup
	 * as / and nothing of the host's tree or capejail's pid. Made here,
	 * not in the clone, so that the cgroup is still made while we build
	 * the file system; before the drop, which takes CAP_SYS_ADMIN. */
	if (unshare(CLONE_NEWCGROUP) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "the jail's cgroup namespace");
	return 0;
}

/* 4. Identity: the user is looked up in the jail's own /etc (we are inside
 * its root now), then every privilege goes. Rootless with the caller's one
 * id mapped, the user is the caller too: the user's uid and gid, in a user
 * namespace inside ours (userns.h), made while we still hold our
 * namespace's capabilities; its setgroups is denied: the groups stay the
 * caller's. With the caller's subordinate ids, the user is one of them,
 * in our namespace, as in root mode (its groups set, the caller's gone).
 * Landlock needs no_new_privs, set by the drop; with the host's network,
 * abstract unix sockets are the host's: it scopes them. The drop cleared
 * PR_SET_PDEATHSIG again (every id change does). Root mode, once the user
 * is known, capejail idmaps the read-write binds to it and init mounts
 * them over the plain ones (idmap.h), still holding CAP_SYS_ADMIN. */
static int drop_identity(struct init *c, struct cj_err *err)
{
	bool rootless = c->spec->rootless, one_id = one_id_mapped(c->spec);
	int rc;

	if (creds_lookup(c->spec->user, &c->id, err) < 0)
		return -1;
	if (!rootless && (creds_check_range(&c->id, CJ_JAIL_IDS, err) < 0 ||
			  idmap_attach(c->msg_fd, &c->spec->fs, c->id.uid,
				       c->id.gid, err) < 0))
		return -1;
	if (rootless && !one_id &&
	    creds_check_range(&c->id, c->spec->ids.count + 1, err) < 0)
		return -1;
	if (one_id) {
		if (creds_check_rootless(&c->id, err) < 0 ||
		    userns_enter_user(c->proc_fd, c->id.uid, c->id.gid, err) <
			0 ||
		    chan_rebind(c->sync_fd, err) < 0)
			return -1;
		(void)close(c->proc_fd);
	}
	if (creds_drop(&c->id, one_id, err) < 0)
		return -1;
	rc = landlock_scope(err);
	if (rc < 0)
		return -1;
	if (rc > 0 && c->spec->share_net)
		cj_warn("--share-net: this kernel cannot keep the jail from "
			"the host's abstract unix sockets (Landlock ABI 6, "
			"Linux 6.12)");
	if (chan_rebind(c->sync_fd, err) < 0)
		return -1;
	timings_mark("identity");
	return 0;
}

/* 5. Environment and working directory, as the user: a directory the user
 * may not enter is an error, not a surprise later. Nothing of capejail's
 * command line is left for the jail to read (the rest of spec no longer
 * points into it). An interactive run gets a terminal of its own, as the
 * user (who then owns it) and before the filter. */
static int enter_workdir(struct init *c, struct cj_err *err)
{
	const struct jail_spec *spec = c->spec;
	const char *cwd = spec->fs.chdir  ? spec->fs.chdir
			  : spec->fs.root ? "/"
					  : "/tmp";

	if (env_build(spec, &c->id, getenv("TERM"), &c->env, err) < 0)
		return -1;
	if (chdir(cwd) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "--chdir %s",
				     cwd);
	timings_mark("env-cwd");
	if (program_hide_cmdline(spec->argv, &c->argv, err) < 0)
		return -1;
	if (c->pty) {
		int master;

		if (tty_open_pty(&master, &c->slave, err) < 0)
			return -1;
		if (chan_send_fd(c->msg_fd, CJ_MSG_PTY, master, err) < 0) {
			(void)close(master);
			return -1;
		}
		(void)close(master);
	}
	timings_mark("cmdline-pty");
	return 0;
}

/* 6. The filter last, so the set-up above is not bound by it; PID 1 is
 * filtered too, and the program inherits the filter across fork and exec
 * (with the rules in front of it that keep core dumps in the jail). Its
 * listener goes to capejail, outside the jail, which answers blocked
 * calls and kills the jail on a ⚠️ one; the jail keeps no copy of it. */
static int load_filter(struct init *c, struct cj_err *err)
{
	int listener;

	if (!c->spec->policy.insecure) {
		/* With the rules that keep RLIMIT_CORE at 1 in front
		 * (nocore.h). */
		if (nocore_load_with(c->prog->insns, c->prog->len, &listener,
				     err) < 0)
			return -1;
		if (chan_send_fd(c->msg_fd, CJ_MSG_LISTENER, listener, err) <
		    0) {
			(void)close(listener);
			return -1;
		}
		(void)close(listener);
	}
	timings_mark("seccomp");
	return 0;
}

/* 6. The program, PID 2. What init waits for has been blocked since the
 * clone (launch), so no signal is lost before the wait loop. init keeps
 * the jail's terminal open (slave) until the jail ends: a program that
 * closes fds 0-2 and opens /dev/tty again (as a daemon does) would
 * otherwise find it hung up, capejail's relay having seen EIO in between
 * and closed the master. */
static pid_t start_program(struct init *c, struct cj_err *err)
{
	struct program_start ps = {
	    c->argv,   &c->env,	 c->oldmask,
	    c->msg_fd, c->slave, c->data_limit ? c->spec->limits.memory : 0};
	pid_t program = program_start(&ps);

	if (program < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "starting the program");
	timings_mark("fork");
	return program;
}

/* PID 1 of the jail: set everything up, start the program, then reap. */
static _Noreturn void jail_init(struct init *c)
{
	struct cj_err err = {0, ""};
	pid_t program = -1;

	if (bind_to_capejail(c, &err) < 0 || become_jail_root(c, &err) < 0 ||
	    build_filesystem(c, &err) < 0 || name_host(c, &err) < 0 ||
	    drop_identity(c, &err) < 0 || enter_workdir(c, &err) < 0 ||
	    load_filter(c, &err) < 0 || (program = start_program(c, &err)) < 0)
		program_die(c->msg_fd, &err);
	chan_send_timings(c->msg_fd);
	env_free(&c->env);
	pid1_loop(program, c->msg_fd, &c->waited);
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

/* init into the jail's cgroups. On v1, init moves itself (when it reads
 * the second go, before anything of the jail runs) through the tasks
 * files we open: writing its pid from here waits for an RCU grace period
 * on every run (cgroup.h). */
static int join_cgroups(const struct cgroup_set *cg, pid_t init, int sync_fd,
			struct cj_err *err)
{
	int fds[CG_N];
	size_t n;
	int rc;

	if (cg->v2)
		return cgroup_add(cg, init, err);
	if (cgroup_open_tasks(cg, fds, &n, err) < 0)
		return -1;
	rc = chan_send_join(sync_fd, fds, n, err);
	for (size_t i = 0; i < n; i++)
		(void)close(fds[i]);
	return rc;
}

/* capejail's side between the clone and the second go. init can do
 * nothing before its ids are mapped; once they are, it builds the jail's
 * file system while we bring lo up, put it in its cgroup (v1, or a kernel
 * without CLONE_INTO_CGROUP; and, with --cpus or --cpu-time, ourselves
 * into its CPU cgroups: our work for the jail is the jail's), and set its
 * rlimits, in parallel. It waits for the second go (supervise) before
 * anything of the jail runs. */
static int prepare_init(const struct jail_spec *spec, struct cj_effective *prog,
			const struct init *c, pid_t init, int sync_fd,
			struct cgroup_set *cg, bool pids_fallback,
			struct net_helper *net, struct cj_err *err)
{
	const struct host_ids *ids = c->ids;
	struct userns_owner owner;
	int rc;

	if (userns_map_ids(init, ids, &spec->ids, err) < 0)
		return -1;
	timings_mark("map-ids");
	if (chan_say_go(sync_fd) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "starting the jail");
	timings_mark("go-build");
	/* The jail's network: only lo, up (the jail's init would do the same,
	 * in the same namespace, but it has the file system to build).
	 * Rootless, capejail cannot enter the namespace and come back: init
	 * does it. */
	if (!spec->share_net && !spec->rootless &&
	    netns_loopback_up_in(init, spec->net_user, err) < 0)
		return -1;
	timings_mark("lo-up");
	/* --net user: its stack, once the ids are mapped (rootless, it
	 * joins the jail's user namespace); waited for at the end. */
	if (spec->net_user && netns_user_start(init, net, err) < 0)
		return -1;
	/* What capejail answers the jail's blocked syscalls with is made
	 * when the first is handed over (notify.c); a learning run lists
	 * what it saw from it at the end, even nothing: made now. */
	if (spec->policy.learn != CJ_LEARN_OFF &&
	    effective_answers(prog, err) < 0)
		return -1;
	timings_mark("answers");
	/* cgroup v1: made now, in parallel with init (on v2 it was made
	 * before the clone). */
	if (!c->cgroup_early) {
		if (cgroup_create(spec, cg, &pids_fallback, err) < 0)
			return -1;
		timings_mark("cgroup-create");
	}
	if ((!c->in_cgroup && join_cgroups(cg, init, sync_fd, err) < 0) ||
	    cgroup_join_cpu(cg, err) < 0)
		return -1;
	timings_mark("cgroup-add");
	if (ids && userns_owner_begin(ids, &owner, err) < 0)
		return -1;
	rc = rlimits_set(&spec->limits, init, pids_fallback, err);
	if (ids && userns_owner_end(&owner, err) < 0)
		rc = -1;
	if (rc < 0)
		return -1;
	/* No memory cgroup for the default limit: RLIMIT_DATA of the
	 * program's processes instead (not of init, which is capejail's,
	 * and whose sanitizer build needs terabytes of address space),
	 * unless --rlimit data says otherwise. */
	if (cg->memory_fallback && spec->limits.memory > 0 &&
	    !rlimits_has(&spec->limits, RLIMIT_DATA)) {
		if (chan_say_data_limit(sync_fd) < 0)
			return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
					     "starting the jail");
		if (spec->verbosity == CJ_VERBOSE)
			describe_memory_fallback(stderr, spec);
	}
	timings_mark("rlimits");
	if (spec->net_user && netns_user_ready(net, err) < 0)
		return -1;
	timings_mark("net-user");
	return 0;
}

/* capejail's own error stopped a jail that may have failed first: what the
 * jail said, if it said anything, is the cause. */
static void jail_error_first(int msg_fd, struct cj_err *err)
{
	struct cj_msg m;
	int passed;

	while (chan_recv(msg_fd, &m, &passed) > 0) {
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

/* The two channels between capejail and init: messages keep their bounds
 * and can carry an fd; the go signals are a socket pair, so that saying go
 * to a jail that is gone is an error (EPIPE), not a SIGPIPE. Close-on-exec:
 * the program never holds either end. */
static int open_channels(int msg[2], int sync[2], struct cj_err *err)
{
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, msg) < 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno, "socketpair");
		return -1;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sync) < 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno, "socketpair");
		(void)close(msg[0]);
		(void)close(msg[1]);
		return -1;
	}
	return 0;
}

/* 1. Every namespace in one clone; the child is the jail's PID 1 and does
 * not return. A user namespace of its own, so that what the jail's root
 * can do is bounded by that namespace even before its capabilities are
 * dropped, and its uid 0 is no host root (userns.h). Root mode, the clone
 * is made with the jail's own host uid as effective uid: the namespace is
 * then that uid's, and the kernel charges what the jail takes of per-user
 * budgets to it, not to root (userns_owner_begin). The child starts with
 * the signals it forwards blocked: a PID namespace's init ignores a signal
 * it has no handler for, so one that capejail passed on during the set-up
 * was dropped, and the program never saw it (a SIGTERM then only ended in
 * --kill-after's SIGKILL). Blocked, it waits for init's loop. capejail
 * unblocks them at once. */
static pid_t clone_jail(struct init *c, int msg[2], int sync[2],
			sigset_t *oldmask, struct cj_err *err)
{
	/* The cgroup namespace comes later (name_host), once init is in
	 * the jail's cgroup. */
	unsigned long flags = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS |
			      CLONE_NEWIPC | CLONE_NEWUTS;
	struct userns_owner owner;
	int clone_errno;
	pid_t init;

	if (!c->spec->share_net)
		flags |= CLONE_NEWNET;
	sigemptyset(&c->waited);
	pid1_signal_set(&c->waited, true);
	if (sigprocmask(SIG_BLOCK, &c->waited, oldmask) < 0) {
		(void)close(msg[1]);
		(void)close(sync[0]);
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "sigprocmask");
	}
	if (c->ids && userns_owner_begin(c->ids, &owner, err) < 0) {
		(void)sigprocmask(SIG_SETMASK, oldmask, NULL);
		(void)close(msg[1]);
		(void)close(sync[0]);
		return -1;
	}
	init = ns_clone_into(flags, c->cgroup_fd, &c->in_cgroup);
	if (init == 0) {
		timings_enter_init();
		(void)close(msg[0]);
		(void)close(sync[1]);
		c->msg_fd = msg[1];
		c->sync_fd = sync[0];
		jail_init(c);
	}
	clone_errno = errno;
	if (c->ids && userns_owner_end(&owner, err) < 0) {
		/* Never going on with another effective uid than root's. */
		if (init > 0) {
			(void)kill(init, SIGKILL);
			(void)waitpid(init, NULL, 0);
		}
		(void)sigprocmask(SIG_SETMASK, oldmask, NULL);
		(void)close(msg[1]);
		(void)close(sync[0]);
		return -1;
	}
	(void)sigprocmask(SIG_SETMASK, oldmask, NULL);
	(void)close(msg[1]);
	(void)close(sync[0]);
	timings_mark("clone");
	if (init < 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, clone_errno,
			      "creating the jail's namespaces");
		if (c->spec->rootless)
			rootless_explain(err);
	}
	return init;
}

int launch(const struct jail_spec *spec, struct cj_effective *prog,
	   struct cj_outcome *out, struct cj_err *err)
{
	struct init c = {.spec = spec,
			 .prog = prog,
			 .root_fd = -1,
			 .proc_fd = -1,
			 .slave = -1,
			 .cgroup_fd = -1};
	struct tty_state tty;
	/* Not on the stack: its paths (16 KB) would be faulted in page by
	 * page on every launch, then copied after the clone; only those
	 * written are (cgroup.h). One launch per process. */
	static struct cgroup_set cg;
	struct host_ids ids = {.lock_fd = -1};
	struct idmap_plan idmap;
	bool pids_fallback = true;
	struct net_helper net = {.pid = -1, .ready = -1, .exit_fd = -1};
	sigset_t oldmask;
	int msg[2], sync[2], status;
	pid_t init;

	/* 0. What we hand in, before anything exists (the policy was decided
	 * before: prog): an error here is the whole run's error, and nothing
	 * was created. */
	if (check_std_fds(err) < 0 ||
	    rlimits_check(&spec->limits, spec->rootless, err) < 0)
		return err->status;
	/* -r DIR and the binds' sources, resolved here, where the owners of
	 * the symlinks on the way show (sources.h); init opens them later. */
	if (sources_vet(&spec->fs, &c.sources, err) < 0)
		return err->status;
	timings_mark("sources");
	/* Root mode: host ids of the jail's own, held until it is gone
	 * (hostids.h). */
	if (!spec->rootless) {
		if (hostids_take(&ids, err) < 0) {
			sources_free(&c.sources);
			return err->status;
		}
		c.ids = &ids;
	}
	timings_mark("host-ids");
	/* Root mode: the read-write binds' sources, cloned while we are on
	 * the host's side, to be idmapped to the jail's user once init
	 * knows it (idmap.h). */
	memset(&idmap, 0, sizeof(idmap));
	for (size_t i = 0; i < CJ_MAX_MOUNTS; i++)
		idmap.tree[i] = -1;
	if (idmap_wanted(&spec->fs, spec->rootless))
		(void)idmap_plan(&spec->fs, &c.sources, &ids, &idmap);
	if (spec->policy.insecure)
		cj_warn("--insecure: no seccomp filter, the program may make "
			"any system call");
	if (open_channels(msg, sync, err) < 0) {
		idmap_free(&idmap);
		hostids_release(&ids);
		sources_free(&c.sources);
		return err->status;
	}
	cgroup_reset(&cg);
	tty_save(&tty);
	c.pty = tty_wants_pty();
	c.oldmask = &oldmask;

	/* 1. On cgroup v2, the jail's cgroup, if a limit needs one (first
	 * removing what killed capejails left): before the clone, so that
	 * init is born in it. Then the jail's PID 1, in its namespaces;
	 * then, while it builds its file system, its ids, network, cgroup
	 * (v1) and rlimits from here. */
	c.cgroup_early = cgroup_v2_host();
	if (c.cgroup_early &&
	    cgroup_create(spec, &cg, &pids_fallback, err) < 0) {
		init = -1;
		(void)close(msg[1]);
		(void)close(sync[0]);
	} else {
		if (c.cgroup_early)
			timings_mark("cgroup-create");
		c.cgroup_fd = cgroup_fd(&cg);
		timings_mark("pre-clone");
		init = clone_jail(&c, msg, sync, &oldmask, err);
	}
	if (init < 0) {
		status = CJ_EXIT_SETUP;
	} else if (prepare_init(spec, prog, &c, init, sync[1], &cg,
				pids_fallback, &net, err) < 0) {
		/* init waits for the second go: it dies before anything of
		 * the jail ran. */
		(void)kill(init, SIGKILL);
		(void)waitpid(init, NULL, 0);
		jail_error_first(msg[0], err);
		status = err->status;
	} else {
		/* 2-6 run in the jail; capejail says go and supervises. */
		struct supervise_opts opt = {
		    .time_limit_ms = spec->limits.time_limit_ms,
		    .cpu_time_ms = spec->limits.cpu_time_ms,
		    .cpus_milli = spec->limits.cpus_milli,
		    .memory = spec->limits.memory,
		    .memory_default = !spec->limits.memory_set,
		    .kill_after_ms = spec->limits.kill_after_ms,
		    .cg = &cg,
		    .eff = prog,
		    .learn = spec->policy.learn,
		    .idmap =
			idmap_wanted(&spec->fs, spec->rootless) ? &idmap : NULL,
		    .quiet = spec->verbosity == CJ_QUIET,
		    .tty = &tty};

		status = supervise(init, sync[1], msg[0], &opt, out, err);
	}
	/* After the jail: capejail leaves its CPU cgroups, then they (and
	 * anything still in them) go. */
	cgroup_leave_cpu(&cg);
	cgroup_destroy(&cg);
	timings_mark("cgroup-remove");
	netns_user_stop(&net);
	tty_restore(&tty);
	(void)close(msg[0]);
	(void)close(sync[1]);
	/* init was reaped (supervise waits for it; an error path killed
	 * and reaped it): no process of the jail holds its ids now. */
	idmap_free(&idmap);
	hostids_release(&ids);
	sources_free(&c.sources);
	return status;
}
