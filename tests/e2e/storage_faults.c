/* LD_PRELOAD shim for tests/e2e/test_storage_faults.py: while the file $INFOBOT_FAULT_FLAG exists, every
   write, truncate or sync of a file under $INFOBOT_FAULT_DIR fails with errno $INFOBOT_FAULT_ERRNO (EIO when
   unset), as when the disk fails or the kernel remounts it read-only under a running process. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static int faulty(int fd) {
    const char *flag = getenv("INFOBOT_FAULT_FLAG"), *dir = getenv("INFOBOT_FAULT_DIR");
    char link[64], target[4096];
    if (!flag || !dir || access(flag, F_OK) != 0)
        return 0;
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n < 0)
        return 0;
    target[n] = 0;
    if (strncmp(target, dir, strlen(dir)) != 0)
        return 0;
    const char *code = getenv("INFOBOT_FAULT_ERRNO");
    errno = code ? atoi(code) : EIO;
    return 1;
}

#define REAL(name) static __typeof__(name) *real; if (!real) real = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *buf, size_t count) {
    REAL(write); return faulty(fd) ? -1 : real(fd, buf, count);
}
ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) {
    REAL(pwrite); return faulty(fd) ? -1 : real(fd, buf, count, offset);
}
ssize_t pwrite64(int fd, const void *buf, size_t count, off64_t offset) {
    REAL(pwrite64); return faulty(fd) ? -1 : real(fd, buf, count, offset);
}
ssize_t writev(int fd, const struct iovec *iov, int iovcnt) {
    REAL(writev); return faulty(fd) ? -1 : real(fd, iov, iovcnt);
}
int fsync(int fd) {
    REAL(fsync); return faulty(fd) ? -1 : real(fd);
}
int fdatasync(int fd) {
    REAL(fdatasync); return faulty(fd) ? -1 : real(fd);
}
int ftruncate(int fd, off_t length) {
    REAL(ftruncate); return faulty(fd) ? -1 : real(fd, length);
}
int ftruncate64(int fd, off64_t length) {
    REAL(ftruncate64); return faulty(fd) ? -1 : real(fd, length);
}
