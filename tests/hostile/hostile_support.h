// The hostile-input suite's one way of running cortex-cli: a child process with a private home
// (settings and data folders), a hard wall-clock limit after which it is killed and reported as a hang,
// and its peak resident memory, read from the kernel's accounting (wait4's ru_maxrss) when it ends.
// A case passes only when the process ended on its own, by exit (never a signal), within the limit and
// the memory bound, and printed a reason that names the file.
#pragma once

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace hostile {

namespace fs = std::filesystem;

// The bounds for any single hostile input with the tiny model.
inline constexpr std::chrono::seconds kHangLimit{30};
inline constexpr long kPeakRssLimitKb = 1536L * 1024L;

inline const std::string kCli = std::string(CORTEX_BIN_DIR) + "/cortex-cli";
inline const std::string kTinyModel = CORTEX_TINY_A_DIR;
inline const std::string kOtherTinyModel = CORTEX_TINY_B_DIR;

struct Run {
    int exitCode = -1;  // the exit status, -1 when it did not exit normally
    int signal = 0;     // the signal that ended it (SIGKILL after a hang), 0 when it exited
    bool hung = false;  // killed by us at the wall-clock limit
    long peakRssKb = 0; // the child's peak resident set
    double seconds = 0; // wall-clock time
    std::string out;
    std::string err;

    // One line for a failing CHECK's message.
    std::string describe() const
    {
        return "exit " + std::to_string(exitCode) + ", signal " + std::to_string(signal) +
               (hung ? " (killed after the time limit)" : "") + ", peak " + std::to_string(peakRssKb / 1024) +
               " MiB, " + std::to_string(seconds) + " s; stderr: " + err + " stdout: " + out.substr(0, 2000);
    }
    // Ended by itself, by exit, within the time and memory bounds.
    bool wellBehaved() const { return !hung && signal == 0 && exitCode >= 0 && peakRssKb <= kPeakRssLimitKb; }
};

struct TempHome {
    fs::path path;
    TempHome()
    {
        path = fs::temp_directory_path() /
               ("cortex-hostile-" + std::to_string(getpid()) + "-" + std::to_string(std::random_device{}()));
        fs::create_directories(path);
    }
    ~TempHome()
    {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    TempHome(const TempHome &) = delete;
    TempHome &operator=(const TempHome &) = delete;
};

// Runs cortex-cli with a private settings and data folder under `home`; stdin is /dev/null unless
// `stdinFile` names a file to feed it.
inline Run cli(const fs::path &home, std::vector<std::string> args, const fs::path &stdinFile = {},
               std::chrono::seconds limit = kHangLimit)
{
    const fs::path outFile = home / "stdout.txt", errFile = home / "stderr.txt";
    const auto start = std::chrono::steady_clock::now();
    // What the test printed so far must not be printed again by the child's copy of the buffers.
    std::fflush(stdout);
    std::fflush(stderr);
    const pid_t pid = fork();
    if (pid < 0)
        return {};
    if (pid == 0) {
        setenv("XDG_CONFIG_HOME", (home / "config").c_str(), 1);
        setenv("XDG_DATA_HOME", (home / "data").c_str(), 1);
        setenv("HF_HUB_CACHE", (home / "no-hf-cache").c_str(), 1);
        setenv("HF_ENDPOINT", "http://127.0.0.1:9", 1);
        unsetenv("DISPLAY");
        unsetenv("WAYLAND_DISPLAY");
        if (!freopen(stdinFile.empty() ? "/dev/null" : stdinFile.c_str(), "r", stdin) ||
            !freopen(outFile.c_str(), "w", stdout) || !freopen(errFile.c_str(), "w", stderr))
            _exit(126);
        std::vector<char *> argv{const_cast<char *>(kCli.c_str())};
        for (auto &a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(kCli.c_str(), argv.data());
        _exit(127);
    }
    Run r;
    int raw = 0;
    rusage usage{};
    for (;;) {
        const pid_t done = wait4(pid, &raw, WNOHANG, &usage);
        if (done == pid)
            break;
        if (std::chrono::steady_clock::now() - start > limit && !r.hung) {
            r.hung = true;
            kill(pid, SIGKILL);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.peakRssKb = usage.ru_maxrss;
    if (WIFEXITED(raw))
        r.exitCode = WEXITSTATUS(raw);
    if (WIFSIGNALED(raw))
        r.signal = WTERMSIG(raw);
    std::ifstream o(outFile), e(errFile);
    r.out.assign(std::istreambuf_iterator<char>(o), {});
    r.err.assign(std::istreambuf_iterator<char>(e), {});
    return r;
}

// The options every library command of the suite takes: a library under `home`, the tiny model, CPU.
inline std::vector<std::string> libraryArgs(const fs::path &home, const std::string &name = "lib")
{
    return {"--library", (home / name).string(), "--model", kTinyModel, "--max-pixels", "65536", "--device",
            "cpu"};
}

inline std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string> &b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

inline bool contains(const std::string &text, const std::string &part)
{
    return text.find(part) != std::string::npos;
}

inline void writeBytes(const fs::path &file, const std::string &bytes)
{
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << bytes;
}

// A hash of every file in a library folder (the database, index files, thumbnails), to prove that a
// refused input left existing data intact. Files that SQLite rewrites without a change in content
// (the -shm index) are left out.
inline std::string folderFingerprint(const fs::path &folder)
{
    std::vector<std::string> lines;
    for (const auto &entry : fs::recursive_directory_iterator(folder)) {
        if (!entry.is_regular_file())
            continue;
        const std::string name = entry.path().filename().string();
        if (name.ends_with("-shm") || name.ends_with(".lock"))
            continue;
        std::ifstream in(entry.path(), std::ios::binary);
        const std::string content((std::istreambuf_iterator<char>(in)), {});
        lines.push_back(fs::relative(entry.path(), folder).string() + ":" +
                        std::to_string(std::hash<std::string>{}(content)));
    }
    std::sort(lines.begin(), lines.end());
    std::string all;
    for (const auto &l : lines)
        all += l + "\n";
    return all;
}

} // namespace hostile
