#pragma once
// Makes file permissions apply to root too, for the life of the object: root reads every file only
// because of two capabilities, CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH. They are taken out of the
// calling thread's effective set (still permitted, so they are put back at the end), so that a test of
// "a file that cannot be read" meets the kernel's real EACCES under CI, which runs as root. For a user
// without them it changes nothing. Linux only; per thread, so the code under test must read on this
// thread (the ingestion does).

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace cortex::testing {

class WithoutFilePrivileges {
public:
    WithoutFilePrivileges()
    {
        if (!get(saved_))
            return;
        __user_cap_data_struct lowered[2] = {saved_[0], saved_[1]};
        lowered[0].effective &= ~(kBit(CAP_DAC_OVERRIDE) | kBit(CAP_DAC_READ_SEARCH));
        active_ = set(lowered);
    }
    ~WithoutFilePrivileges()
    {
        if (active_)
            set(saved_);
    }
    WithoutFilePrivileges(const WithoutFilePrivileges &) = delete;
    WithoutFilePrivileges &operator=(const WithoutFilePrivileges &) = delete;

    // Whether the capabilities could be lowered (false where capget/capset are refused).
    bool active() const { return active_; }

private:
    static constexpr __u32 kBit(int cap) { return __u32(1) << cap; }
    static bool get(__user_cap_data_struct *data)
    {
        __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
        return ::syscall(SYS_capget, &header, data) == 0;
    }
    static bool set(__user_cap_data_struct *data)
    {
        __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
        return ::syscall(SYS_capset, &header, data) == 0;
    }

    __user_cap_data_struct saved_[2] = {};
    bool active_ = false;
};

} // namespace cortex::testing
