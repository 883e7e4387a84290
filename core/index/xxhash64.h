#pragma once
// XXH64 (xxHash, 64-bit, seed 0), streaming: the checksum of an index file. It runs at memory speed,
// so verifying a gigabyte-sized index costs a fraction of reading it; it detects corruption, it is no
// protection against tampering.

#include <cstddef>
#include <cstdint>

namespace cortex::index::detail {

class Xxh64 {
public:
    Xxh64() : Xxh64(0) {}
    explicit Xxh64(uint64_t seed);
    void update(const void *data, size_t size);
    uint64_t digest() const; // of everything so far; the state stays usable

    static uint64_t of(const void *data, size_t size, uint64_t seed = 0);

private:
    uint64_t acc_[4];
    uint64_t seed_;
    uint64_t totalSize_ = 0;
    unsigned char pending_[32]; // the tail that does not fill a 32-byte stripe yet
    size_t pendingSize_ = 0;
};

} // namespace cortex::index::detail
