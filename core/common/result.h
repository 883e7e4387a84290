#pragma once
// Errors as values: every fallible engine call returns Result<T>, whose error carries one readable
// sentence that names the file, tensor or input and the reason (the GUI shows it as it is).

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace cortex {

// What kind of failure an error is, for the code that decides what to do next (retry on the CPU, ask
// the user to wait, report damage); the message is for people and is never searched for it.
enum class ErrorKind {
    Other,
    InvalidInput, // the input (a query, an option, a file's content) is not acceptable
    NotFound,     // a file, folder, item or job that does not exist
    Corrupt,      // stored or given data is damaged (checksums, formats)
    OutOfMemory,  // an allocation failed (host or device memory)
    Device,       // the compute device failed or is missing (no CUDA device, a CUDA error)
    Io,           // reading or writing failed
    Cancelled,    // stopped on request
    Busy,         // held by someone else (another process has the library)
};

struct Error {
    std::string message;
    ErrorKind kind = ErrorKind::Other;
};

inline Error makeError(std::string message, ErrorKind kind = ErrorKind::Other)
{
    return Error{std::move(message), kind};
}

// `inner` restated with more context in front, keeping its kind.
inline Error wrapError(const Error &inner, const std::string &context)
{
    return Error{context + inner.message, inner.kind};
}

template <typename T> class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() &
    {
        assert(ok());
        return std::get<0>(state_);
    }
    const T &value() const &
    {
        assert(ok());
        return std::get<0>(state_);
    }
    T &&value() &&
    {
        assert(ok());
        return std::get<0>(std::move(state_));
    }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    const Error &error() const
    {
        assert(!ok());
        return std::get<1>(state_);
    }

private:
    std::variant<T, Error> state_;
};

// Result of an operation that produces nothing but can fail.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error) : error_(std::move(error)) {}
    static Status success() { return {}; }

    bool ok() const { return !error_.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const
    {
        assert(!ok());
        return *error_;
    }

private:
    std::optional<Error> error_;
};

} // namespace cortex
