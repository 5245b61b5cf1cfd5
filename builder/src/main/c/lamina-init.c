/*
 * lamina-init: runs one command with a given root filesystem as "/" in new namespaces.
 *
 * Started by dev.lamina.builder.run.NamespaceRunner, which explains why this is a native helper (a JVM is
 * multi-threaded, so unshare/setns/pivot_root cannot be done in-process; util-linux tools cost an exec
 * each and cannot express "pivot, then set groups, then chdir, then exec"). Everything a user could
 * get wrong (USER names, limits, mount specs, id maps) is checked in Java; this program only performs
 * the system calls, in the right order, and reports failures as one line.
 *
 * Process tree:
 *   lamina (JVM)
 *    └─ outer    host namespaces: writes id maps, moves the init into its cgroups, waits, cleans up.
 *        └─ init PID 1 of new mount/PID/UTS/IPC[/net][/user] namespaces: builds the mount tree in its
 *            │    private mount namespace, pivots into the root, then only reaps. When it exits the
 *            │    kernel kills every process left in the PID namespace: the step's whole tree ends.
 *            └─ command  new session, groups/gid/uid, Docker's default capabilities, WORKDIR, exec.
 *
 * Lifetime: the outer asks for a signal when lamina dies (PR_SET_PDEATHSIG) and the init asks for
 * SIGKILL when the outer dies, so a SIGKILLed lamina still takes the step down; the outer then removes
 * the mount-point stubs, the step's cgroups and its scratch directory, which lamina would have done.
 * Every mount lives in the init's private mount namespace and vanishes with it: the host never sees one.
 *
 * Terminal (--tty, --tty-stdin): the init opens a pseudo-terminal in the container's own devpts instance
 * (so the command sees /dev/pts/0), makes it the command's controlling terminal and stdio, and relays
 * between it and the stdin/stdout it inherited from lamina, forwarding window-size changes and the
 * terminal's SIGINT/SIGQUIT. With --tty-stdin on a terminal the outer puts that terminal in raw mode before
 * the step and restores it after, on every way out but its own SIGKILL.
 *
 * Status: the outer writes one line to --status FILE: "exit N", "signal N", "error MESSAGE" or, when the
 * command itself could not be executed, "noexec CODE MESSAGE" (127 not found, 126 otherwise), then a
 * "timing ..." line of CLOCK_MONOTONIC nanoseconds (the same clock as Java's System.nanoTime()).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* ---- configuration, from the command line (see parse_args) ---- */

enum mount_kind { BIND, BIND_RO, TMPFS, SECRET };

struct mount_spec {
    enum mount_kind kind;
    const char *source;  /* host path (BIND, BIND_RO, SECRET) */
    const char *target;  /* container path */
    const char *options; /* tmpfs data */
    uid_t uid;
    gid_t gid;
    mode_t mode;
};

static struct {
    pid_t parent;
    const char *status_path;
    const char *step_dir;
    const char *rootfs;        /* a directory used as the root */
    const char *overlay_data;  /* or an overlay: lowerdir=…,upperdir=…,workdir=… */
    const char *overlay_upper; /* where stubs land in the overlay case */
    const char *merged;        /* the empty directory the overlay is mounted on */
    const char *secrets_dir;   /* an empty directory the secrets' tmpfs is mounted on */
    const char *hostname;
    int net_none;
    int userns;
    int keep_session;
    int tty;       /* the command gets a pseudo-terminal; the init relays its output to our stdout */
    int tty_stdin; /* ... and our stdin to it, in raw mode when stdin is a terminal */
    char uid_map[1024], gid_map[1024];
    const char *newuidmap, *newgidmap;
    const char **cgroups;
    int ncgroups;
    struct mount_spec *mounts;
    int nmounts;
    uid_t uid;
    gid_t gid;
    gid_t *groups;
    int ngroups;
    const char *cwd;
    char **env;
    int nenv;
    char **argv;
} cfg = {.cwd = "/"};

/* ---- small utilities ---- */

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int write_all(int fd, const void *data, size_t len) {
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int write_file(const char *path, const char *content) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        return -1;
    }
    int rc = write_all(fd, content, strlen(content));
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

static char *fd_path(int fd, char buf[static 32]) {
    snprintf(buf, 32, "/proc/self/fd/%d", fd);
    return buf;
}

/*
 * The init reports to the outer through one pipe, in records: a type byte, a 16-bit length, the payload.
 * 'E' an error message (the step failed to start), 'S' a stub it created (parent times, then the path),
 * 'T' the monotonic times setup began and ended. The command inherits the pipe close-on-exec, so the
 * outer's read reaching end-of-file means the command was executed or everything died.
 */
static int report_fd = -1;

static void report(char type, const void *payload, size_t len) {
    unsigned char header[3] = {(unsigned char)type, (unsigned char)(len >> 8), (unsigned char)len};
    if (report_fd >= 0) {
        write_all(report_fd, header, sizeof header);
        write_all(report_fd, payload, len);
    }
}

/* Reports a setup failure as one line and ends this process. */
__attribute__((noreturn, format(printf, 1, 2))) static void fail(const char *format, ...) {
    char message[1024];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    report('E', message, strlen(message));
    _exit(125);
}

/* ---- resolving container paths inside the root ---- */

struct stub_record {
    int64_t times[4]; /* the parent directory's atime and mtime (sec, nsec) before the stub existed */
    char path[PATH_MAX];
};

static int root_mount_id = -1;

/* The kernel's id of the mount FD is on, as /proc/self/fdinfo tells it (a field since Linux 3.15). */
static int mount_id(int fd) {
    char path[64], line[256];
    int id = -2;
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
    FILE *info = fopen(path, "re");
    while (info && fgets(line, sizeof line, info)) {
        if (sscanf(line, "mnt_id: %d", &id) == 1) {
            break;
        }
    }
    if (info) {
        fclose(info);
    }
    return id;
}

/*
 * Opens PATH as the container will see it: ROOTFD is "/", symlinks are followed inside it, ".." stops at
 * it; mounts already made below the root are crossed. Missing components are created when CREATE is
 * S_IFDIR or S_IFREG (directories on the way, the last one of that type). When STUB is set, those made on
 * the root filesystem itself are reported so the outer can remove them once the step is over (a mount
 * point must never end up in a layer); otherwise they are kept and given to OWNER:GROUP (a WORKDIR).
 * Returns an O_PATH descriptor, or -1 with errno set.
 */
static int open_in_root(int rootfd, const char *path, mode_t create, int stub, uid_t owner, gid_t group) {
    char todo[2 * PATH_MAX], link[PATH_MAX], resolved[PATH_MAX] = "";
    if (strlen(path) >= PATH_MAX) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(todo, path);
    int cur = dup(rootfd);
    int links = 0;
    while (cur >= 0) {
        char *rest = todo;
        while (*rest == '/') {
            rest++;
        }
        if (*rest == '\0') {
            return cur;
        }
        char name[NAME_MAX + 1];
        size_t n = strcspn(rest, "/");
        if (n > NAME_MAX) {
            close(cur);
            errno = ENAMETOOLONG;
            return -1;
        }
        memcpy(name, rest, n);
        name[n] = '\0';
        memmove(todo, rest + n, strlen(rest + n) + 1);
        int last = todo[strspn(todo, "/")] == '\0';
        if (strcmp(name, ".") == 0) {
            continue;
        }
        if (strcmp(name, "..") == 0) {
            char *slash = strrchr(resolved, '/');
            if (slash) {
                *slash = '\0';
            }
            close(cur);
            cur = open_in_root(rootfd, resolved[0] ? resolved : "/", 0, 0, 0, 0);
            continue;
        }
        if (strlen(resolved) + n + 2 > sizeof resolved) {
            errno = ENAMETOOLONG;
            break;
        }
        int next = openat(cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0 && errno == ENOENT && create) {
            struct stat parent;
            mode_t kind = last ? create : S_IFDIR;
            if (fstat(cur, &parent) < 0) {
                break;
            }
            int made;
            if (kind == S_IFDIR) {
                made = mkdirat(cur, name, 0755);
            } else if ((made = openat(cur, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644)) >= 0) {
                close(made);
                made = 0;
            }
            if (made < 0) {
                break;
            }
            if (!stub) {
                /* A WORKDIR Docker creates belongs to the USER it runs as. */
                fchownat(cur, name, owner, group, AT_SYMLINK_NOFOLLOW);
            } else if (mount_id(cur) == root_mount_id) {
                /* Only what lands on the root filesystem itself: our tmpfs and bind sources keep theirs. */
                struct stub_record record = {{parent.st_atim.tv_sec, parent.st_atim.tv_nsec,
                                              parent.st_mtim.tv_sec, parent.st_mtim.tv_nsec}, ""};
                strcat(strcat(strcpy(record.path, resolved), "/"), name);
                report('S', &record, sizeof record.times + strlen(record.path));
            }
            next = openat(cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
        }
        if (next < 0) {
            break;
        }
        struct stat st;
        if (fstat(next, &st) < 0) {
            close(next);
            break;
        }
        if (S_ISLNK(st.st_mode)) {
            close(next);
            ssize_t len = readlinkat(cur, name, link, sizeof link - 1);
            if (len < 0 || ++links > 40) {
                errno = len < 0 ? errno : ELOOP;
                break;
            }
            link[len] = '\0';
            if (strlen(link) + strlen(todo) + 2 > sizeof todo) {
                errno = ENAMETOOLONG;
                break;
            }
            memmove(todo + len + 1, todo, strlen(todo) + 1);
            memcpy(todo, link, (size_t)len);
            todo[len] = '/';
            if (link[0] == '/') {
                resolved[0] = '\0';
                close(cur);
                cur = dup(rootfd);
            }
            continue;
        }
        if (!last && !S_ISDIR(st.st_mode)) {
            close(next);
            errno = ENOTDIR;
            break;
        }
        strcat(resolved, "/");
        strcat(resolved, name);
        close(cur);
        cur = next;
    }
    int saved = errno;
    if (cur >= 0) {
        close(cur);
    }
    errno = saved;
    return -1;
}

static int must_open(int rootfd, const char *path, mode_t create) {
    int fd = open_in_root(rootfd, path, create, 1, 0, 0);
    if (fd < 0) {
        fail("cannot open %s in the root: %s", path, strerror(errno));
    }
    return fd;
}

/* ---- mounting ---- */

static void mount_on(int targetfd, const char *what, const char *source, const char *type, unsigned long flags,
                     const char *data) {
    char target[32];
    if (mount(source, fd_path(targetfd, target), type, flags, data) < 0) {
        fail("cannot mount %s: %s", what, strerror(errno));
    }
}

/*
 * Makes the mount at PATH read-only. A bind keeps its source's flags, and in a user namespace the
 * nosuid/nodev/noexec/atime ones are locked: a remount must repeat them or fail with EPERM.
 */
static void remount_read_only(int rootfd, const char *path) {
    int fd = open_in_root(rootfd, path, 0, 0, 0, 0); /* reopened: this reaches the new mount */
    struct statvfs vfs;
    char target[32];
    if (fd < 0 || fstatvfs(fd, &vfs) < 0) {
        fail("cannot reopen %s: %s", path, strerror(errno));
    }
    unsigned long flags = MS_REMOUNT | MS_BIND | MS_RDONLY;
    static const struct { unsigned long st, ms; } keep[] = {
        {ST_NOSUID, MS_NOSUID}, {ST_NODEV, MS_NODEV}, {ST_NOEXEC, MS_NOEXEC},
        {ST_NOATIME, MS_NOATIME}, {ST_NODIRATIME, MS_NODIRATIME}, {ST_RELATIME, MS_RELATIME}};
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
        if (vfs.f_flag & keep[i].st) {
            flags |= keep[i].ms;
        }
    }
    if (mount(NULL, fd_path(fd, target), NULL, flags, NULL) < 0) {
        fail("cannot make %s read-only: %s", path, strerror(errno));
    }
    close(fd);
}

static void bind_at(int rootfd, const char *source, const char *target, int read_only) {
    struct stat st;
    if (stat(source, &st) < 0) {
        fail("cannot bind %s: %s", source, strerror(errno));
    }
    int fd = must_open(rootfd, target, S_ISDIR(st.st_mode) ? S_IFDIR : S_IFREG);
    mount_on(fd, target, source, NULL, MS_BIND | MS_REC, NULL);
    close(fd);
    if (read_only) {
        remount_read_only(rootfd, target);
    }
}

static void setup_proc(int rootfd) {
    int fd = must_open(rootfd, "/proc", S_IFDIR);
    mount_on(fd, "/proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    close(fd);
}

/* /sys read-only; in a user namespace without its own network namespace sysfs refuses a new instance. */
static void setup_sys(int rootfd) {
    int fd = must_open(rootfd, "/sys", S_IFDIR);
    char target[32];
    if (mount("sysfs", fd_path(fd, target), "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
        if (errno != EPERM || !cfg.userns) {
            fail("cannot mount /sys: %s", strerror(errno));
        }
        mount_on(fd, "/sys", "/sys", NULL, MS_BIND | MS_REC, NULL);
        remount_read_only(rootfd, "/sys");
    }
    close(fd);
}

static void setup_dev(int rootfd) {
    static const struct { const char *name; unsigned major, minor; } devices[] = {
        {"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0}};
    static const struct { const char *name, *target; } links[] = {
        {"fd", "/proc/self/fd"}, {"stdin", "/proc/self/fd/0"}, {"stdout", "/proc/self/fd/1"},
        {"stderr", "/proc/self/fd/2"}, {"ptmx", "pts/ptmx"}, {"core", "/proc/kcore"}};
    int fd = must_open(rootfd, "/dev", S_IFDIR);
    mount_on(fd, "/dev", "tmpfs", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k");
    close(fd);
    int dev = must_open(rootfd, "/dev", 0);
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++) {
        if (mknodat(dev, devices[i].name, S_IFCHR | 0666, makedev(devices[i].major, devices[i].minor)) == 0) {
            continue;
        }
        if (errno != EPERM) {
            fail("cannot create /dev/%s: %s", devices[i].name, strerror(errno));
        }
        /* A user namespace may not create devices: bind the host's node onto an empty file instead. */
        char host[64], target[64];
        snprintf(host, sizeof host, "/dev/%s", devices[i].name);
        snprintf(target, sizeof target, "/dev/%s", devices[i].name);
        bind_at(rootfd, host, target, 0);
    }
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        if (symlinkat(links[i].target, dev, links[i].name) < 0) {
            fail("cannot create /dev/%s: %s", links[i].name, strerror(errno));
        }
    }
    static const struct { const char *name; mode_t mode; } dirs[] = {{"pts", 0755}, {"shm", 01777}, {"mqueue", 01777}};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        if (mkdirat(dev, dirs[i].name, dirs[i].mode) < 0) {
            fail("cannot create /dev/%s: %s", dirs[i].name, strerror(errno));
        }
    }
    close(dev);
    fd = must_open(rootfd, "/dev/pts", 0);
    char target[32];
    const unsigned long pts_flags = MS_NOSUID | MS_NOEXEC;
    /* gid=5 is the tty group; a user namespace that does not map it refuses the option. */
    if (mount("devpts", fd_path(fd, target), "devpts", pts_flags, "newinstance,ptmxmode=0666,mode=0620,gid=5") < 0) {
        mount_on(fd, "/dev/pts", "devpts", "devpts", pts_flags, "newinstance,ptmxmode=0666,mode=0620");
    }
    close(fd);
    fd = must_open(rootfd, "/dev/shm", 0);
    mount_on(fd, "/dev/shm", "shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k");
    close(fd);
    fd = must_open(rootfd, "/dev/mqueue", 0);
    mount_on(fd, "/dev/mqueue", "mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    close(fd);
}

/* What Docker hides from a container in /proc and /sys, and what it makes read-only there. */
static void mask_and_protect(int rootfd) {
    static const char *masked[] = {"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                                   "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
                                   "/sys/firmware"};
    static const char *read_only[] = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"};
    for (size_t i = 0; i < sizeof masked / sizeof masked[0]; i++) {
        int fd = open_in_root(rootfd, masked[i], 0, 0, 0, 0);
        struct stat st;
        if (fd < 0 || fstat(fd, &st) < 0) {
            continue; /* this kernel has no such file */
        }
        if (S_ISDIR(st.st_mode)) {
            mount_on(fd, masked[i], "tmpfs", "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0");
        } else {
            int null = must_open(rootfd, "/dev/null", 0);
            char source[32];
            mount_on(fd, masked[i], fd_path(null, source), NULL, MS_BIND, NULL);
            close(null);
        }
        close(fd);
    }
    for (size_t i = 0; i < sizeof read_only / sizeof read_only[0]; i++) {
        int fd = open_in_root(rootfd, read_only[i], 0, 0, 0, 0);
        if (fd < 0) {
            continue;
        }
        char self[32];
        mount_on(fd, read_only[i], fd_path(fd, self), NULL, MS_BIND | MS_REC, NULL);
        close(fd);
        remount_read_only(rootfd, read_only[i]);
    }
}

/*
 * A secret is copied into a tmpfs private to this mount namespace and bound read-only at its target, so
 * its bytes never touch the root filesystem; the tmpfs goes away with the namespace.
 */
static void mount_secret(int rootfd, const struct mount_spec *m, int index) {
    static int mounted;
    if (!mounted) {
        if (mount("tmpfs", cfg.secrets_dir, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=700,size=16m") < 0) {
            fail("cannot mount the secrets' tmpfs: %s", strerror(errno));
        }
        mounted = 1;
    }
    char copy[PATH_MAX], buffer[65536];
    snprintf(copy, sizeof copy, "%s/%d", cfg.secrets_dir, index);
    int in = open(m->source, O_RDONLY | O_CLOEXEC);
    int out = open(copy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (in < 0 || out < 0) {
        fail("cannot read secret for %s: %s", m->target, strerror(errno));
    }
    ssize_t n;
    while ((n = read(in, buffer, sizeof buffer)) > 0) {
        if (write_all(out, buffer, (size_t)n) < 0) {
            fail("cannot copy secret for %s: %s", m->target, strerror(errno));
        }
    }
    if (n < 0 || fchown(out, m->uid, m->gid) < 0 || fchmod(out, m->mode) < 0) {
        fail("cannot prepare secret for %s: %s", m->target, strerror(errno));
    }
    close(in);
    close(out);
    bind_at(rootfd, copy, m->target, 1);
}

static void mount_all(int rootfd) {
    for (int i = 0; i < cfg.nmounts; i++) {
        const struct mount_spec *m = &cfg.mounts[i];
        int fd;
        switch (m->kind) {
        case BIND:
        case BIND_RO:
            bind_at(rootfd, m->source, m->target, m->kind == BIND_RO);
            break;
        case TMPFS:
            fd = must_open(rootfd, m->target, S_IFDIR);
            mount_on(fd, m->target, "tmpfs", "tmpfs", MS_NOSUID | MS_NODEV, m->options);
            close(fd);
            break;
        case SECRET:
            mount_secret(rootfd, m, i);
            break;
        }
    }
}

/* ---- the init and the command ---- */

/* The original argument area, which `ps` in the container would show: the init blanks it. */
static char *args_start, *args_end;

static void hide_arguments(void) {
    if (args_start) {
        memset(args_start, 0, (size_t)(args_end - args_start));
        snprintf(args_start, (size_t)(args_end - args_start), "lamina-init");
    }
    prctl(PR_SET_NAME, "lamina-init", 0, 0, 0);
}


static void loopback_up(void) {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0) {
        fail("cannot read the loopback interface: %s", strerror(errno));
    }
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0) {
        fail("cannot bring up the loopback interface: %s", strerror(errno));
    }
    close(s);
}

/* Docker's default capability set: a RUN step is root, but not root enough to reconfigure the host. */
static const uint32_t default_caps = 1u << CAP_CHOWN | 1u << CAP_DAC_OVERRIDE | 1u << CAP_FOWNER |
                                     1u << CAP_FSETID | 1u << CAP_KILL | 1u << CAP_SETGID | 1u << CAP_SETUID |
                                     1u << CAP_SETPCAP | 1u << CAP_NET_BIND_SERVICE | 1u << CAP_NET_RAW |
                                     1u << CAP_SYS_CHROOT | 1u << CAP_MKNOD | 1u << CAP_AUDIT_WRITE |
                                     1u << CAP_SETFCAP;

static void limit_capabilities(void) {
    for (int cap = 0; prctl(PR_CAPBSET_READ, cap, 0, 0, 0) >= 0; cap++) {
        if ((cap >= 32 || !(default_caps & (1u << cap))) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
            fail("cannot drop capability %d: %s", cap, strerror(errno));
        }
    }
}

static void set_root_capabilities(void) {
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2] = {{default_caps, default_caps, 0}, {0, 0, 0}};
    if (syscall(SYS_capset, &header, data) < 0) {
        fail("cannot set capabilities: %s", strerror(errno));
    }
}

/* ---- the command's terminal ---- */

static char tty_slave[64]; /* the pty's path inside the container */

/* Gives the pty the window size of whichever of our stdin and stdout is a terminal. */
static void copy_window_size(int master) {
    struct winsize size;
    if (ioctl(0, TIOCGWINSZ, &size) == 0 || ioctl(1, TIOCGWINSZ, &size) == 0) {
        ioctl(master, TIOCSWINSZ, &size);
    }
}

/* Opens a pty in the container's devpts instance (after the pivot); returns the master. */
static int open_terminal(void) {
    int master = open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    int unlock = 0;
    unsigned int number;
    if (master < 0 || ioctl(master, TIOCSPTLCK, &unlock) < 0 || ioctl(master, TIOCGPTN, &number) < 0) {
        fail("cannot open a terminal: %s", strerror(errno));
    }
    snprintf(tty_slave, sizeof tty_slave, "/dev/pts/%u", number);
    /* The command's user owns its terminal, as a login would. */
    if (chown(tty_slave, cfg.uid, (gid_t)-1) < 0 && errno != EINVAL) {
        fail("cannot hand the terminal to user %u: %s", cfg.uid, strerror(errno));
    }
    copy_window_size(master);
    return master;
}

/* Signals the init takes through a signalfd while it relays: blocked before the command is forked. */
static void terminal_signals(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGCHLD);
    sigaddset(set, SIGWINCH);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGQUIT);
}

static void ignore_signal(int sig) {
    (void)sig;
}

/*
 * Relays between the pty and our stdin/stdout until the command has exited, reaping every child (the init
 * is their reaper), then drains what the command wrote last. Input waits in a buffer while the pty is full,
 * so a command that does not read cannot block its own output. Returns the command's wait status.
 */
static int relay_terminal(pid_t command, int master, int signals) {
    char input[4096], output[16384];
    size_t pending = 0, sent = 0;
    int reading_input = cfg.tty_stdin, master_open = 1, status = 0;
    fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
    for (int done = 0; !done;) {
        struct pollfd fds[3] = {
            {signals, POLLIN, 0},
            {master_open ? master : -1, (short)(POLLIN | (sent < pending ? POLLOUT : 0)), 0},
            {reading_input && sent == pending ? 0 : -1, POLLIN, 0}};
        if (poll(fds, 3, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            _exit(125);
        }
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = read(master, output, sizeof output);
            if (n > 0) {
                write_all(1, output, (size_t)n);
            } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                master_open = 0; /* every slave closed (EIO): nothing more can come */
            }
        }
        if (sent < pending && (fds[1].revents & POLLOUT)) {
            ssize_t n = write(master, input + sent, pending - sent);
            if (n > 0) {
                sent += (size_t)n;
            } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
                sent = pending = 0;
                reading_input = 0;
            }
        }
        if (fds[2].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = read(0, input, sizeof input);
            if (n > 0) {
                pending = (size_t)n;
                sent = 0;
            } else if (n == 0 || errno != EINTR) {
                reading_input = 0; /* end of our input: the command keeps its terminal */
            }
        }
        if (fds[0].revents & POLLIN) {
            struct signalfd_siginfo info;
            if (read(signals, &info, sizeof info) != sizeof info) {
                continue;
            }
            if (info.ssi_signo == SIGWINCH) {
                copy_window_size(master);
            } else if (info.ssi_signo == SIGINT || info.ssi_signo == SIGQUIT) {
                /* Our terminal's ^C (without raw mode): for the job in the foreground of the command's. */
                pid_t group = 0;
                if (ioctl(master, TIOCGPGRP, &group) < 0 || group <= 0) {
                    group = command;
                }
                kill(-group, (int)info.ssi_signo);
            } else if (info.ssi_signo == SIGCHLD) {
                int child_status;
                pid_t pid;
                while ((pid = waitpid(-1, &child_status, WNOHANG)) > 0) {
                    if (pid == command) {
                        status = child_status;
                        done = 1;
                    }
                }
            }
        }
    }
    while (master_open) {
        ssize_t n = read(master, output, sizeof output);
        if (n <= 0) {
            break;
        }
        write_all(1, output, (size_t)n);
    }
    return status;
}

static void exec_command(void) {
    for (int sig = 1; sig < NSIG; sig++) {
        signal(sig, SIG_DFL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (cfg.tty) {
        /* A new session whose controlling terminal is the pty: job control and ^C work inside. */
        int slave = setsid() < 0 ? -1 : open(tty_slave, O_RDWR);
        if (slave < 0 || ioctl(slave, TIOCSCTTY, 0) < 0) {
            fail("cannot attach the terminal %s: %s", tty_slave, strerror(errno));
        }
        for (int fd = 0; fd < 3; fd++) {
            if (dup2(slave, fd) < 0) {
                fail("cannot attach the terminal: %s", strerror(errno));
            }
        }
        if (slave > 2) {
            close(slave);
        }
    } else if (!cfg.keep_session && setsid() < 0) {
        fail("cannot start a session: %s", strerror(errno));
    }
    limit_capabilities();
    /* With a single-id map the kernel refuses setgroups(); having no groups to set is then fine. */
    if (setgroups((size_t)cfg.ngroups, cfg.groups) < 0 && !(errno == EPERM && cfg.ngroups == 0 && cfg.userns)) {
        fail("cannot set supplementary groups: %s%s", strerror(errno), errno == EPERM && cfg.userns
             ? " (a user namespace without subordinate gids in /etc/subgid cannot have them)" : "");
    }
    if (setresgid(cfg.gid, cfg.gid, cfg.gid) < 0 || setresuid(cfg.uid, cfg.uid, cfg.uid) < 0) {
        fail("cannot switch to user %u:%u: %s%s", cfg.uid, cfg.gid, strerror(errno),
             errno == EINVAL ? " (the id is not mapped in the user namespace)" : "");
    }
    if (cfg.uid == 0) {
        set_root_capabilities();
    }
    if (chdir(cfg.cwd) < 0) {
        fail("cannot change to working directory %s: %s", cfg.cwd, strerror(errno));
    }
    umask(022);
    environ = cfg.env;
    execvp(cfg.argv[0], cfg.argv);
    /* Reported apart from setup failures: a shell's and docker's 127 (not found) or 126 (not executable). */
    int saved = errno;
    char message[1024];
    message[0] = saved == ENOENT || saved == ENOTDIR ? 127 : 126;
    snprintf(message + 1, sizeof message - 1, "cannot execute %s: %s", cfg.argv[0],
             saved == ENOENT && !strchr(cfg.argv[0], '/') ? "executable file not found in $PATH" : strerror(saved));
    report('X', message, strlen(message + 1) + 1);
    _exit((unsigned char)message[0]);
}

static int init_main(int sync_fd, int status_fd) {
    char go;
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || read(sync_fd, &go, 1) != 1) {
        _exit(125); /* the outer is gone before releasing us */
    }
    close(sync_fd);
    int64_t times[2] = {now_ns(), 0};
    /* Our ids are the caller's until we take the namespace's root, which the maps may place elsewhere. */
    if (cfg.userns && (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)) {
        fail("cannot become root in the user namespace: %s", strerror(errno));
    }
    umask(0);
    if (cfg.hostname && sethostname(cfg.hostname, strlen(cfg.hostname)) < 0) {
        fail("cannot set the hostname: %s", strerror(errno));
    }
    if (cfg.net_none) {
        loopback_up();
    }
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
        fail("cannot make the mount namespace private: %s", strerror(errno));
    }
    const char *root = cfg.rootfs;
    if (cfg.overlay_data) {
        if (mount("overlay", cfg.merged, "overlay", 0, cfg.overlay_data) < 0) {
            fail("cannot mount the overlay root filesystem: %s", strerror(errno));
        }
        root = cfg.merged;
    } else if (mount(cfg.rootfs, cfg.rootfs, NULL, MS_BIND | MS_REC, NULL) < 0) {
        fail("cannot bind the root filesystem %s: %s", cfg.rootfs, strerror(errno));
    }
    int rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0) {
        fail("cannot open the root filesystem %s: %s", root, strerror(errno));
    }
    root_mount_id = mount_id(rootfd);
    setup_proc(rootfd);
    setup_dev(rootfd);
    setup_sys(rootfd);
    mount_all(rootfd);
    mask_and_protect(rootfd);
    int workdir = open_in_root(rootfd, cfg.cwd, S_IFDIR, 0, cfg.uid, cfg.gid);
    if (workdir < 0) {
        fail("cannot create working directory %s: %s", cfg.cwd, strerror(errno));
    }
    close(workdir);
    /* pivot_root(".", ".") stacks the old root on the new one; detaching it leaves only the new root. */
    if (fchdir(rootfd) < 0 || syscall(SYS_pivot_root, ".", ".") < 0 || umount2(".", MNT_DETACH) < 0 ||
        chdir("/") < 0) {
        fail("cannot change root to %s: %s", root, strerror(errno));
    }
    close(rootfd);
    hide_arguments();
    int master = -1, signals = -1;
    sigset_t relayed;
    if (cfg.tty) {
        master = open_terminal();
        terminal_signals(&relayed);
        for (int sig = 1; sig < NSIG; sig++) {
            if (sigismember(&relayed, sig)) {
                signal(sig, ignore_signal); /* a handler, so the PID namespace's init may receive it */
            }
        }
        signal(SIGPIPE, SIG_IGN);
        sigprocmask(SIG_BLOCK, &relayed, NULL);
        signals = signalfd(-1, &relayed, SFD_CLOEXEC);
        if (signals < 0) {
            fail("cannot relay the terminal's signals: %s", strerror(errno));
        }
    }
    times[1] = now_ns();
    report('T', times, sizeof times);
    pid_t command = fork();
    if (command < 0) {
        fail("cannot start the command: %s", strerror(errno));
    }
    if (command == 0) {
        close(status_fd);
        exec_command();
    }
    close(report_fd);
    report_fd = -1;
    if (cfg.tty) {
        int status = relay_terminal(command, master, signals);
        int32_t result[2] = {WIFSIGNALED(status) ? 1 : 0, WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status)};
        write_all(status_fd, result, sizeof result);
        _exit(0);
    }
    for (;;) {
        int status;
        pid_t pid = wait(&status);
        if (pid == command) {
            int32_t result[2] = {WIFSIGNALED(status) ? 1 : 0,
                                 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status)};
            write_all(status_fd, result, sizeof result);
            _exit(0); /* the kernel now kills whatever the command left running */
        }
        if (pid < 0 && errno != EINTR) {
            _exit(125);
        }
    }
}

/* ---- the outer ---- */

static volatile pid_t init_pid;
static volatile sig_atomic_t stop_signal, parent_died;

static void on_signal(int sig) {
    /* The death signal also comes when the thread that started us ends while lamina lives on. */
    if (sig == SIGUSR2) {
        if (getppid() == cfg.parent) {
            return;
        }
        parent_died = 1;
    }
    stop_signal = sig;
    if (init_pid > 0) {
        kill(init_pid, SIGKILL);
    }
}

/* Our stdin's terminal modes, while the outer has it in raw mode for --tty-stdin. */
static struct termios saved_terminal;
static int terminal_raw;

static void make_terminal_raw(void) {
    if (cfg.tty_stdin && isatty(0) && tcgetattr(0, &saved_terminal) == 0) {
        struct termios raw = saved_terminal;
        cfmakeraw(&raw);
        terminal_raw = tcsetattr(0, TCSANOW, &raw) == 0;
    }
}

static void restore_terminal(void) {
    if (terminal_raw) {
        tcsetattr(0, TCSANOW, &saved_terminal);
        terminal_raw = 0;
    }
}

static int64_t marks[7]; /* start, clone, released, setup begin, setup end, command executed, command done */

__attribute__((format(printf, 1, 2))) static void write_status(const char *format, ...) {
    if (parent_died || !cfg.status_path) {
        return;
    }
    char line[1200];
    va_list args;
    va_start(args, format);
    int n = vsnprintf(line, sizeof line, format, args);
    va_end(args);
    if (n < 0 || (size_t)n >= sizeof line) {
        n = (int)strlen(line);
    }
    n += snprintf(line + n, sizeof line - (size_t)n, "\ntiming");
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        n += snprintf(line + n, sizeof line - (size_t)n, " %lld", (long long)marks[i]);
    }
    snprintf(line + n, sizeof line - (size_t)n, "\n");
    int fd = open(cfg.status_path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
        write_all(fd, line, strlen(line));
        close(fd);
    }
}

static int run_mapper(const char *tool, pid_t pid, const char *map) {
    char pid_text[16], copy[1024];
    char *argv[64] = {(char *)tool, pid_text};
    int argc = 2;
    snprintf(pid_text, sizeof pid_text, "%d", pid);
    snprintf(copy, sizeof copy, "%s", map);
    for (char *save, *word = strtok_r(copy, " \n", &save); word && argc < 63; word = strtok_r(NULL, " \n", &save)) {
        argv[argc++] = word;
    }
    argv[argc] = NULL;
    pid_t child = fork();
    if (child == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        execv(tool, argv);
        _exit(127);
    }
    int status;
    while (child > 0 && waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    return child > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static const char *map_ids(pid_t pid) {
    char path[64];
    static char error[256];
    if (cfg.newuidmap) {
        if (run_mapper(cfg.newuidmap, pid, cfg.uid_map) < 0 || run_mapper(cfg.newgidmap, pid, cfg.gid_map) < 0) {
            snprintf(error, sizeof error, "%s/%s failed to map ids (see its message above)", cfg.newuidmap,
                     cfg.newgidmap);
            return error;
        }
        return NULL;
    }
    snprintf(path, sizeof path, "/proc/%d/uid_map", pid);
    if (write_file(path, cfg.uid_map) < 0) {
        snprintf(error, sizeof error, "cannot write uid_map: %s", strerror(errno));
        return error;
    }
    /* Without privilege a process may map its own gid only after giving up setgroups(). */
    snprintf(path, sizeof path, "/proc/%d/setgroups", pid);
    if (geteuid() != 0 && write_file(path, "deny") < 0) {
        snprintf(error, sizeof error, "cannot write setgroups: %s", strerror(errno));
        return error;
    }
    snprintf(path, sizeof path, "/proc/%d/gid_map", pid);
    if (write_file(path, cfg.gid_map) < 0) {
        snprintf(error, sizeof error, "cannot write gid_map: %s", strerror(errno));
        return error;
    }
    return NULL;
}

static const char *join_cgroups(pid_t pid) {
    static char error[PATH_MAX + 64];
    char pid_text[16], path[PATH_MAX];
    snprintf(pid_text, sizeof pid_text, "%d", pid);
    for (int i = 0; i < cfg.ncgroups; i++) {
        snprintf(path, sizeof path, "%s/cgroup.procs", cfg.cgroups[i]);
        if (write_file(path, pid_text) < 0) {
            snprintf(error, sizeof error, "cannot join cgroup %s: %s", cfg.cgroups[i], strerror(errno));
            return error;
        }
    }
    return NULL;
}

/*
 * Removes a stub the init reported, relative to BASE (the root directory, or the overlay's upper one),
 * if it is still an empty file or directory, and gives its parent back the times it had. Every component
 * is opened without following symlinks: the step may have replaced any of them.
 */
static void remove_stub(int base, const struct stub_record *stub) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s", stub->path);
    char *name = strrchr(path, '/');
    if (!name) {
        return;
    }
    *name++ = '\0';
    int dir = dup(base);
    for (char *save, *part = strtok_r(path, "/", &save); part && dir >= 0; part = strtok_r(NULL, "/", &save)) {
        int next = openat(dir, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        close(dir);
        dir = next;
    }
    struct stat st;
    if (dir < 0) {
        return;
    }
    if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        ((S_ISDIR(st.st_mode) && unlinkat(dir, name, AT_REMOVEDIR) == 0) ||
         (S_ISREG(st.st_mode) && st.st_size == 0 && unlinkat(dir, name, 0) == 0))) {
        struct timespec times[2] = {{stub->times[0], stub->times[1]}, {stub->times[2], stub->times[3]}};
        futimens(dir, times);
    }
    close(dir);
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void)st;
    (void)ftw;
    if (type == FTW_DP) {
        rmdir(path);
    } else {
        unlink(path);
    }
    return 0;
}

/* What lamina would have removed, had it lived: the step's cgroups and scratch directory. */
static void clean_up_for_lamina(void) {
    for (int i = 0; i < cfg.ncgroups; i++) {
        for (int attempt = 0; attempt < 50 && rmdir(cfg.cgroups[i]) < 0 && errno == EBUSY; attempt++) {
            usleep(2000);
        }
    }
    if (cfg.step_dir) {
        nftw(cfg.step_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
    }
}

struct buffer {
    char *data;
    size_t len, cap;
};

static void read_reports(int fd, struct buffer *buf) {
    for (;;) {
        if (buf->len == buf->cap) {
            buf->cap = buf->cap ? buf->cap * 2 : 8192;
            buf->data = realloc(buf->data, buf->cap);
            if (!buf->data) {
                abort();
            }
        }
        ssize_t n = read(fd, buf->data + buf->len, buf->cap - buf->len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return;
        }
        buf->len += (size_t)n;
    }
}

static void parse_args(int argc, char **argv);
__attribute__((noreturn)) static void usage(const char *problem);

int main(int argc, char **argv) {
    marks[0] = now_ns();
    /* Work on copies, so that the init can blank the original area without losing its configuration. */
    char **copy = calloc((size_t)argc + 1, sizeof *copy);
    for (int i = 0; copy && i < argc; i++) {
        copy[i] = strdup(argv[i]);
    }
    if (!copy || (argc > 0 && !copy[argc - 1])) {
        usage("out of memory");
    }
    args_start = argv[0];
    args_end = argv[argc - 1] + strlen(argv[argc - 1]) + 1;
    parse_args(argc, copy);

    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigfillset(&action.sa_mask);
    int stops[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR2};
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) {
        if ((cfg.keep_session || cfg.tty) && (stops[i] == SIGINT || stops[i] == SIGQUIT)) {
            /* an interactive command gets the terminal's signals itself, or through the init's relay */
            if (cfg.tty) {
                signal(stops[i], SIG_IGN);
            }
            continue;
        }
        sigaction(stops[i], &action, NULL);
    }
    if (prctl(PR_SET_PDEATHSIG, SIGUSR2) < 0 || getppid() != cfg.parent) {
        return 125; /* lamina is already gone */
    }

    int sync_pipe[2], report_pipe[2], status_pipe[2];
    if (pipe2(sync_pipe, O_CLOEXEC) < 0 || pipe2(report_pipe, O_CLOEXEC) < 0 || pipe2(status_pipe, O_CLOEXEC) < 0) {
        write_status("error cannot create pipes: %s", strerror(errno));
        return 125;
    }
    make_terminal_raw();
    unsigned long flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | SIGCHLD;
    flags |= (cfg.net_none ? CLONE_NEWNET : 0) | (cfg.userns ? CLONE_NEWUSER : 0);
    pid_t pid = (pid_t)syscall(SYS_clone, flags, NULL, NULL, NULL, NULL);
    if (pid == 0) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) {
            signal(stops[i], SIG_DFL);
        }
        close(sync_pipe[1]);
        close(report_pipe[0]);
        close(status_pipe[0]);
        report_fd = report_pipe[1];
        return init_main(sync_pipe[0], status_pipe[1]);
    }
    int clone_errno = errno;
    init_pid = pid;
    sigprocmask(SIG_SETMASK, &old, NULL);
    marks[1] = now_ns();
    close(sync_pipe[0]);
    close(report_pipe[1]);
    close(status_pipe[1]);
    if (pid < 0) {
        restore_terminal();
        write_status("error cannot create namespaces: %s%s", strerror(clone_errno),
                     clone_errno == EPERM || clone_errno == ENOSPC ? " (are user namespaces disabled?)" : "");
        return 125;
    }

    const char *setup_error = cfg.userns ? map_ids(pid) : NULL;
    if (!setup_error) {
        setup_error = join_cgroups(pid);
    }
    if (setup_error || stop_signal) {
        kill(pid, SIGKILL);
    } else {
        write_all(sync_pipe[1], "1", 1);
    }
    close(sync_pipe[1]);
    marks[2] = now_ns();

    struct buffer reports = {0};
    read_reports(report_pipe[0], &reports);
    marks[5] = now_ns();
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    marks[6] = now_ns();
    restore_terminal();
    int32_t result[2];
    ssize_t got = read(status_pipe[0], result, sizeof result);

    /* The namespace is gone, and its mounts with it: the stubs below them are plain files again. */
    const char *error = setup_error;
    static char not_executed[1100];
    int not_executed_code = 0;
    const char *base = cfg.overlay_data ? cfg.overlay_upper : cfg.rootfs;
    int basefd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    size_t count = 0;
    struct stub_record **stubs = calloc(reports.len / 3 + 1, sizeof *stubs);
    for (size_t at = 0; at + 3 <= reports.len;) {
        char type = reports.data[at];
        size_t len = (size_t)(unsigned char)reports.data[at + 1] << 8 | (unsigned char)reports.data[at + 2];
        char *payload = reports.data + at + 3;
        if (at + 3 + len > reports.len) {
            break;
        }
        if (type == 'E' && !error) {
            static char message[1100];
            snprintf(message, sizeof message, "%.*s", (int)len, payload);
            error = message;
        } else if (type == 'X' && len > 1 && !not_executed_code) {
            not_executed_code = (unsigned char)payload[0];
            snprintf(not_executed, sizeof not_executed, "%.*s", (int)len - 1, payload + 1);
        } else if (type == 'T' && len == 2 * sizeof(int64_t)) {
            memcpy(&marks[3], payload, 2 * sizeof(int64_t));
        } else if (type == 'S' && stubs && len > sizeof(int64_t) * 4 && len < sizeof(struct stub_record)) {
            struct stub_record *stub = calloc(1, sizeof *stub);
            memcpy(stub, payload, len);
            stubs[count++] = stub;
        }
        at += 3 + len;
    }
    for (size_t i = count; i-- > 0 && basefd >= 0;) {
        remove_stub(basefd, stubs[i]);
    }
    if (parent_died) {
        clean_up_for_lamina();
        return 125;
    }
    if (error) {
        write_status("error %s", error);
        return 125;
    }
    if (not_executed_code) {
        write_status("noexec %d %s", not_executed_code, not_executed);
        return not_executed_code;
    }
    if (got == (ssize_t)sizeof result) {
        write_status("%s %d", result[0] ? "signal" : "exit", result[1]);
        return result[0] ? 128 + result[1] : result[1];
    }
    /* The init itself died: killed on request, by the OOM killer, or by lamina's death. */
    int signal_number = WIFSIGNALED(status) ? WTERMSIG(status) : SIGKILL;
    write_status("signal %d", signal_number);
    return 128 + signal_number;
}

/* ---- arguments ---- */

__attribute__((noreturn)) static void usage(const char *problem) {
    fprintf(stderr, "lamina-init: %s\n", problem);
    exit(125);
}

static unsigned long number(const char *text) {
    char *end;
    errno = 0;
    unsigned long value = strtoul(text, &end, 10);
    if (errno || *end || end == text) {
        usage("expected a number");
    }
    return value;
}

static void append_map(char *map, size_t size, const char *entry) {
    size_t len = strlen(map);
    if (len + strlen(entry) + 2 > size) {
        usage("too many id map entries");
    }
    snprintf(map + len, size - len, "%s\n", entry);
}

static void parse_args(int argc, char **argv) {
    cfg.cgroups = calloc((size_t)argc, sizeof *cfg.cgroups);
    cfg.mounts = calloc((size_t)argc, sizeof *cfg.mounts);
    cfg.groups = calloc((size_t)argc, sizeof *cfg.groups);
    cfg.env = calloc((size_t)argc + 1, sizeof *cfg.env);
    if (!cfg.cgroups || !cfg.mounts || !cfg.groups || !cfg.env) {
        usage("out of memory");
    }
    int i = 1;
#define NEED(n) if (i + (n) >= argc) usage("missing value for an option")
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (strcmp(a, "--parent") == 0) {
            NEED(1);
            cfg.parent = (pid_t)number(argv[++i]);
        } else if (strcmp(a, "--status") == 0) {
            NEED(1);
            cfg.status_path = argv[++i];
        } else if (strcmp(a, "--step-dir") == 0) {
            NEED(1);
            cfg.step_dir = argv[++i];
        } else if (strcmp(a, "--rootfs") == 0) {
            NEED(1);
            cfg.rootfs = argv[++i];
        } else if (strcmp(a, "--overlay") == 0) {
            NEED(3);
            cfg.overlay_data = argv[++i];
            cfg.overlay_upper = argv[++i];
            cfg.merged = argv[++i];
        } else if (strcmp(a, "--secrets-dir") == 0) {
            NEED(1);
            cfg.secrets_dir = argv[++i];
        } else if (strcmp(a, "--hostname") == 0) {
            NEED(1);
            cfg.hostname = argv[++i];
        } else if (strcmp(a, "--net-none") == 0) {
            cfg.net_none = 1;
        } else if (strcmp(a, "--keep-session") == 0) {
            cfg.keep_session = 1;
        } else if (strcmp(a, "--tty") == 0) {
            cfg.tty = 1;
        } else if (strcmp(a, "--tty-stdin") == 0) {
            cfg.tty = cfg.tty_stdin = 1;
        } else if (strcmp(a, "--userns") == 0) {
            cfg.userns = 1;
        } else if (strcmp(a, "--uid-map") == 0) {
            NEED(1);
            append_map(cfg.uid_map, sizeof cfg.uid_map, argv[++i]);
        } else if (strcmp(a, "--gid-map") == 0) {
            NEED(1);
            append_map(cfg.gid_map, sizeof cfg.gid_map, argv[++i]);
        } else if (strcmp(a, "--id-mappers") == 0) {
            NEED(2);
            cfg.newuidmap = argv[++i];
            cfg.newgidmap = argv[++i];
        } else if (strcmp(a, "--cgroup") == 0) {
            NEED(1);
            cfg.cgroups[cfg.ncgroups++] = argv[++i];
        } else if (strcmp(a, "--bind") == 0 || strcmp(a, "--bind-ro") == 0) {
            NEED(2);
            struct mount_spec *m = &cfg.mounts[cfg.nmounts++];
            m->kind = a[6] == '-' ? BIND_RO : BIND;
            m->source = argv[++i];
            m->target = argv[++i];
        } else if (strcmp(a, "--tmpfs") == 0) {
            NEED(2);
            struct mount_spec *m = &cfg.mounts[cfg.nmounts++];
            m->kind = TMPFS;
            m->target = argv[++i];
            m->options = argv[++i];
        } else if (strcmp(a, "--secret") == 0) {
            NEED(5);
            struct mount_spec *m = &cfg.mounts[cfg.nmounts++];
            m->kind = SECRET;
            m->source = argv[++i];
            m->target = argv[++i];
            m->uid = (uid_t)number(argv[++i]);
            m->gid = (gid_t)number(argv[++i]);
            m->mode = (mode_t)strtoul(argv[++i], NULL, 8);
        } else if (strcmp(a, "--user") == 0) {
            NEED(2);
            cfg.uid = (uid_t)number(argv[++i]);
            cfg.gid = (gid_t)number(argv[++i]);
        } else if (strcmp(a, "--group") == 0) {
            NEED(1);
            cfg.groups[cfg.ngroups++] = (gid_t)number(argv[++i]);
        } else if (strcmp(a, "--cwd") == 0) {
            NEED(1);
            cfg.cwd = argv[++i];
        } else if (strcmp(a, "--env") == 0) {
            NEED(1);
            cfg.env[cfg.nenv++] = argv[++i];
        } else {
            usage("unknown option");
        }
    }
#undef NEED
    if (i >= argc) {
        usage("no command given");
    }
    if (!cfg.rootfs == !cfg.overlay_data) {
        usage("exactly one of --rootfs and --overlay is required");
    }
    if (cfg.userns && (!cfg.uid_map[0] || !cfg.gid_map[0])) {
        usage("--userns needs --uid-map and --gid-map");
    }
    cfg.argv = argv + i;
}
