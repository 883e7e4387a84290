#include "library/library_lock.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace cortex::library {
namespace {

std::mutex registryMutex;
std::map<std::filesystem::path, std::weak_ptr<LibraryLock>> &registry()
{
    static std::map<std::filesystem::path, std::weak_ptr<LibraryLock>> locks;
    return locks;
}

std::string readHolder(int fd)
{
    char buffer[32] = {};
    const auto n = pread(fd, buffer, sizeof buffer - 1, 0);
    return n > 0 ? std::string(buffer, size_t(n)) : std::string("unknown");
}

// The holder's arguments (Linux: /proc/PID/cmdline), to say what holds the library; empty when unknown.
// The pid comes from a file anyone may have written: only digits make a path.
std::vector<std::string> commandLineOf(const std::string &pid)
{
    if (pid.empty() || pid.size() > 10 || pid.find_first_not_of("0123456789") != std::string::npos)
        return {};
    std::ifstream file("/proc/" + pid + "/cmdline", std::ios::binary);
    std::vector<std::string> args;
    std::string arg;
    while (args.size() < 8 && std::getline(file, arg, '\0'))
        args.push_back(arg);
    return args;
}

// `cortex-cli watch` (or `watch run`): the long-running sync, which holds its library until stopped.
bool isWatchRun(const std::vector<std::string> &args)
{
    if (args.size() < 2 || std::filesystem::path(args[0]).filename() != "cortex-cli" || args[1] != "watch")
        return false;
    return args.size() == 2 || args[2] == "run" || args[2].starts_with("--");
}

} // namespace

Result<std::shared_ptr<LibraryLock>> LibraryLock::acquire(const std::filesystem::path &directory)
{
    std::error_code ec;
    const auto key = std::filesystem::weakly_canonical(directory, ec);
    std::lock_guard guard(registryMutex);
    if (registry()[key].lock())
        return makeError(
            directory.string() +
            " is already open in this Cortex process (a task may still be using it); wait for it "
            "to finish, then try again");

    const auto file = directory / "library.lock";
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return makeError(file.string() + ": cannot create the lock file: " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const std::string holder = readHolder(fd);
        ::close(fd);
        if (isWatchRun(commandLineOf(holder)))
            return makeError(directory.string() + " is in use by another Cortex process (pid " + holder +
                                 "): cortex-cli watch, which keeps the library's folders in sync, holds it. "
                                 "Stop it (Ctrl-C, or SIGTERM; systemctl --user stop cortex-watch for the "
                                 "packaged unit), run this command, then start it again",
                             ErrorKind::Busy);
        return makeError(directory.string() + " is in use by another Cortex process (pid " + holder +
                         "); close it, or use another library folder");
    }
    const std::string pid = std::to_string(::getpid());
    if (::ftruncate(fd, 0) == 0)
        (void)!::pwrite(fd, pid.data(), pid.size(), 0);
    std::shared_ptr<LibraryLock> lock(new LibraryLock(key, fd));
    registry()[key] = lock;
    return lock;
}

LibraryLock::~LibraryLock()
{
    {
        std::lock_guard guard(registryMutex);
        registry().erase(key_);
    }
    if (fd_ >= 0)
        ::close(fd_); // releases the flock
}

} // namespace cortex::library
