/* floors - the kernel's own cost of each step of a launch, alone: what
 * `capejail --timings` shows a step take, against what the same operation
 * costs with nothing of capejail around it (bench/README.md, "Where the
 * time goes").
 *
 *   floors N [CGROUP_DIR]
 *
 * N samples of each, interleaved; prints "STEP MEDIAN_US P10_US P90_US"
 * per step. CGROUP_DIR: a cgroup directory to make and remove a child in
 * (the cgroup step's floor; n/a without). Needs root. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/mount.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_N 10000
#define NS_ALL                                                                 \
	(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC |           \
	 CLONE_NEWUTS | CLONE_NEWNET | CLONE_NEWCGROUP)

/* The steps timed inside one fresh set of namespaces, in the order a
 * launch makes them. */
enum inner {
	IN_TMPFS,
	IN_BIND,
	IN_PROC,
	IN_TREE_MAKE,
	IN_TREE_CLONE,
	IN_PIVOT,
	IN_LO,
	IN_SECCOMP,
	IN_N
};
static const char *const inner_name[IN_N] = {
    "mount-tmpfs",  "bind-usr",	  "mount-proc", "tree-make-5",
    "tree-clone-5", "pivot-root", "lo-up",	"seccomp"};

/* "Build once, clone per jail" (issue #15), measured: a tree like the
 * default root (a tmpfs, TREE_BINDS read-only binds in it) made as a
 * launch makes it, against the clone of such a tree made before
 * (open_tree(OPEN_TREE_CLONE | AT_RECURSIVE)) put in place. */
#define TREE_BINDS 5

static double now_us(void)
{
	struct timespec t;

	if (clock_gettime(CLOCK_MONOTONIC, &t) < 0) {
		perror("clock_gettime");
		exit(2);
	}
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *name, double *v, size_t n)
{
	if (n == 0) {
		printf("%s n/a n/a n/a\n", name);
		return;
	}
	qsort(v, n, sizeof(*v), cmp_double);
	printf("%s %.0f %.0f %.0f\n", name, v[n / 2], v[n / 10], v[n * 9 / 10]);
}

static pid_t clone_ns(unsigned long flags)
{
	return (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL,
			      NULL);
}

static int reap(pid_t p)
{
	int st;

	while (waitpid(p, &st, 0) < 0)
		if (errno != EINTR) {
			perror("waitpid");
			exit(2);
		}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* fork, exec /bin/true, wait: what any launch pays. */
static double fork_exec(void)
{
	double t0 = now_us();
	pid_t p = fork();

	if (p == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	if (p < 0 || reap(p) != 0) {
		fprintf(stderr, "floors: /bin/true failed\n");
		exit(2);
	}
	return now_us() - t0;
}

/* clone with the namespaces, the child exits at once, wait: their making
 * and their teardown. */
static double clone_exit(unsigned long flags)
{
	double t0 = now_us();
	pid_t p = clone_ns(flags);

	if (p == 0)
		_exit(0);
	if (p < 0) {
		perror("clone");
		exit(2);
	}
	(void)reap(p);
	return now_us() - t0;
}

static int lo_up(void)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc;

	if (s < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, "lo", 3);
	rc = ioctl(s, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags |= IFF_UP;
	if (rc == 0)
		rc = ioctl(s, SIOCSIFFLAGS, &ifr);
	(void)close(s);
	return rc;
}

/* capejail's default filter, as built (build/policy_table.c): attaching
 * it, with a listener as capejail asks, is the seccomp step's floor. */
extern const struct sock_filter cj_default_bpf[];
extern const size_t cj_default_bpf_len;

static int load_filter(void)
{
	struct sock_fprog prog = {(unsigned short)cj_default_bpf_len,
				  (struct sock_filter *)cj_default_bpf};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			    SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog) < 0
		   ? -1
		   : 0;
}

/* A read-only bind of /usr on dir/name, as capejail makes one: the tree
 * cloned, its flags set, attached. */
static int ro_bind(const char *dir, const char *name)
{
	struct mount_attr attr = {.attr_set = MOUNT_ATTR_RDONLY |
					      MOUNT_ATTR_NOSUID |
					      MOUNT_ATTR_NODEV};
	char path[256];
	int fd, rc;

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (mkdir(path, 0755) < 0)
		return -1;
	fd = (int)syscall(SYS_open_tree, AT_FDCWD, "/usr",
			  OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
	if (fd < 0)
		return -1;
	rc = (int)syscall(SYS_mount_setattr, fd, "",
			  AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr));
	if (rc == 0)
		rc = (int)syscall(SYS_move_mount, fd, "", AT_FDCWD, path,
				  MOVE_MOUNT_F_EMPTY_PATH);
	(void)close(fd);
	return rc;
}

static int make_tree(const char *dir)
{
	char name[16];

	if (mkdir(dir, 0755) < 0 ||
	    mount("tree", dir, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
		return -1;
	for (int i = 0; i < TREE_BINDS; i++) {
		(void)snprintf(name, sizeof(name), "b%d", i);
		if (ro_bind(dir, name) < 0)
			return -1;
	}
	return 0;
}

static int clone_tree(const char *from, const char *to)
{
	int fd, rc;

	if (mkdir(to, 0755) < 0)
		return -1;
	fd = (int)syscall(SYS_open_tree, AT_FDCWD, from,
			  OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
	if (fd < 0)
		return -1;
	rc = (int)syscall(SYS_move_mount, fd, "", AT_FDCWD, to,
			  MOVE_MOUNT_F_EMPTY_PATH);
	(void)close(fd);
	return rc;
}

/* PID 1 of fresh namespaces: each step once, timed, into fd. */
static _Noreturn void inner_child(int fd, int go)
{
	double t[IN_N], t0;
	char dir[] = "/tmp/floors", c;

	/* Not timed: root mapped (the parent writes it), a private mount
	 * tree, and a directory to build in, in a tmpfs over /tmp of this
	 * mount namespace alone: nothing of it shows on the host. */
	if (read(go, &c, 1) != 1 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("floors", "/tmp", "tmpfs", 0, "mode=0755") < 0 ||
	    mkdir(dir, 0755) < 0)
		_exit(3);
	t0 = now_us();
	if (mount("jail", dir, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
		_exit(4);
	t[IN_TMPFS] = now_us() - t0;
	if (chdir(dir) < 0 || mkdir("usr", 0755) < 0 ||
	    mkdir("proc", 0755) < 0 || mkdir("old", 0755) < 0)
		_exit(5);
	t0 = now_us();
	if (mount("/usr", "usr", NULL, MS_BIND | MS_REC, NULL) < 0 ||
	    mount(NULL, "usr", NULL,
		  MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
		  NULL) < 0)
		_exit(6);
	t[IN_BIND] = now_us() - t0;
	t0 = now_us();
	if (mount("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) < 0)
		_exit(7);
	t[IN_PROC] = now_us() - t0;
	/* The first tree made in the namespace pays 30-100 us more, once,
	 * whichever way it is made (seen, not explained): not timed, so
	 * that making and cloning compare alike. */
	if (make_tree("/tmp/first") < 0)
		_exit(12);
	t0 = now_us();
	if (make_tree("/tmp/made") < 0)
		_exit(12);
	t[IN_TREE_MAKE] = now_us() - t0;
	t0 = now_us();
	if (clone_tree("/tmp/made", "/tmp/cloned") < 0)
		_exit(13);
	t[IN_TREE_CLONE] = now_us() - t0;
	t0 = now_us();
	if (syscall(SYS_pivot_root, ".", "old") < 0 ||
	    umount2("old", MNT_DETACH) < 0 || chdir("/") < 0)
		_exit(8);
	t[IN_PIVOT] = now_us() - t0;
	t0 = now_us();
	if (lo_up() < 0)
		_exit(9);
	t[IN_LO] = now_us() - t0;
	t0 = now_us();
	if (load_filter() < 0)
		_exit(10);
	t[IN_SECCOMP] = now_us() - t0;
	_exit(write(fd, t, sizeof(t)) == (ssize_t)sizeof(t) ? 0 : 11);
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, text, strlen(text)) < 0) {
		perror(path);
		exit(2);
	}
	(void)close(fd);
}

static int inner(double t[IN_N])
{
	char path[64];
	int p[2], go[2];
	pid_t c;
	int rc, st;

	if (pipe2(p, O_CLOEXEC) < 0 || pipe2(go, O_CLOEXEC) < 0) {
		perror("pipe2");
		exit(2);
	}
	c = clone_ns(NS_ALL);
	if (c == 0) {
		(void)close(p[0]);
		(void)close(go[1]);
		inner_child(p[1], go[0]);
	}
	(void)close(p[1]);
	(void)close(go[0]);
	if (c < 0) {
		perror("clone");
		exit(2);
	}
	(void)snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)c);
	write_file(path, "0 0 1");
	(void)snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)c);
	write_file(path, "0 0 1");
	if (write(go[1], "g", 1) != 1) {
		perror("write");
		exit(2);
	}
	(void)close(go[1]);
	rc = read(p[0], t, sizeof(double) * IN_N) ==
		     (ssize_t)(sizeof(double) * IN_N)
		 ? 0
		 : -1;
	(void)close(p[0]);
	st = reap(c);
	if (st != 0 || rc < 0) {
		/* The child's status is the number of the step that failed. */
		fprintf(stderr, "floors: in namespaces: step %d failed\n", st);
		return -1;
	}
	return 0;
}

/* mkdir and rmdir of a child cgroup below dir: what a jail's cgroup costs
 * the kernel (without limits written). */
static double cgroup_pair(const char *dir)
{
	char path[4096];
	double t0;

	(void)snprintf(path, sizeof(path), "%s/capejail-floors.%d", dir,
		       (int)getpid());
	t0 = now_us();
	if (mkdir(path, 0755) < 0 || rmdir(path) < 0) {
		perror(path);
		exit(2);
	}
	return now_us() - t0;
}

int main(int argc, char *argv[])
{
	static double v[4 + IN_N][MAX_N];
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 0;
	const char *cg = argc > 2 ? argv[2] : NULL;
	size_t ok_inner = 0;

	if (n == 0 || n > MAX_N) {
		fprintf(stderr,
			"usage: floors N [CGROUP_DIR] (N at most 10000)\n");
		return 2;
	}
	/* Interleaved: each round takes every step once. */
	for (size_t r = 0; r < n; r++) {
		double t[IN_N];

		v[0][r] = fork_exec();
		v[1][r] = clone_exit(NS_ALL);
		v[2][r] = clone_exit(NS_ALL & ~CLONE_NEWNET);
		if (cg != NULL)
			v[3][r] = cgroup_pair(cg);
		if (inner(t) < 0) {
			return 1;
		}
		for (int i = 0; i < IN_N; i++)
			v[4 + i][ok_inner] = t[i];
		ok_inner++;
	}
	report("fork-exec-true", v[0], n);
	report("clone-exit-all-ns", v[1], n);
	report("clone-exit-no-netns", v[2], n);
	report("cgroup-mkdir-rmdir", v[3], cg != NULL ? n : 0);
	for (int i = 0; i < IN_N; i++)
		report(inner_name[i], v[4 + i], ok_inner);
	return 0;
}
