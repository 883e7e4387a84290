#include "index/xxhash64.h"

#include <cstring>

namespace cortex::index::detail {

namespace {

constexpr uint64_t kPrime1 = 0x9E3779B185EBCA87ULL;
constexpr uint64_t kPrime2 = 0xC2B2AE3D27D4EB4FULL;
constexpr uint64_t kPrime3 = 0x165667B19E3779F9ULL;
constexpr uint64_t kPrime4 = 0x85EBCA77C2B2AE63ULL;
constexpr uint64_t kPrime5 = 0x27D4EB2F165667C5ULL;

inline uint64_t rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

// The specification reads words little-endian; every platform Cortex targets is little-endian.
inline uint64_t read64(const unsigned char *p)
{
    uint64_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

inline uint32_t read32(const unsigned char *p)
{
    uint32_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

inline uint64_t round(uint64_t acc, uint64_t input)
{
    acc += input * kPrime2;
    acc = rotl(acc, 31);
    return acc * kPrime1;
}

inline uint64_t mergeRound(uint64_t acc, uint64_t value)
{
    acc ^= round(0, value);
    return acc * kPrime1 + kPrime4;
}

} // namespace

Xxh64::Xxh64(uint64_t seed) : seed_(seed)
{
    acc_[0] = seed + kPrime1 + kPrime2;
    acc_[1] = seed + kPrime2;
    acc_[2] = seed;
    acc_[3] = seed - kPrime1;
}

void Xxh64::update(const void *data, size_t size)
{
    auto *p = static_cast<const unsigned char *>(data);
    totalSize_ += size;

    if (pendingSize_ + size < 32) {
        std::memcpy(pending_ + pendingSize_, p, size);
        pendingSize_ += size;
        return;
    }
    if (pendingSize_ > 0) {
        const size_t fill = 32 - pendingSize_;
        std::memcpy(pending_ + pendingSize_, p, fill);
        for (int lane = 0; lane < 4; ++lane)
            acc_[lane] = round(acc_[lane], read64(pending_ + 8 * lane));
        p += fill;
        size -= fill;
        pendingSize_ = 0;
    }
    // Four independent lanes: the loop runs at memory bandwidth.
    uint64_t a0 = acc_[0], a1 = acc_[1], a2 = acc_[2], a3 = acc_[3];
    while (size >= 32) {
        a0 = round(a0, read64(p));
        a1 = round(a1, read64(p + 8));
        a2 = round(a2, read64(p + 16));
        a3 = round(a3, read64(p + 24));
        p += 32;
        size -= 32;
    }
    acc_[0] = a0;
    acc_[1] = a1;
    acc_[2] = a2;
    acc_[3] = a3;
    std::memcpy(pending_, p, size);
    pendingSize_ = size;
}

uint64_t Xxh64::digest() const
{
    uint64_t h;
    if (totalSize_ >= 32) {
        h = rotl(acc_[0], 1) + rotl(acc_[1], 7) + rotl(acc_[2], 12) + rotl(acc_[3], 18);
        for (uint64_t acc : acc_)
            h = mergeRound(h, acc);
    } else {
        h = seed_ + kPrime5;
    }
    h += totalSize_;

    const unsigned char *p = pending_;
    size_t left = pendingSize_;
    while (left >= 8) {
        h ^= round(0, read64(p));
        h = rotl(h, 27) * kPrime1 + kPrime4;
        p += 8;
        left -= 8;
    }
    if (left >= 4) {
        h ^= uint64_t(read32(p)) * kPrime1;
        h = rotl(h, 23) * kPrime2 + kPrime3;
        p += 4;
        left -= 4;
    }
    while (left > 0) {
        h ^= (*p) * kPrime5;
        h = rotl(h, 11) * kPrime1;
        ++p;
        --left;
    }

    h ^= h >> 33;
    h *= kPrime2;
    h ^= h >> 29;
    h *= kPrime3;
    h ^= h >> 32;
    return h;
}

uint64_t Xxh64::of(const void *data, size_t size, uint64_t seed)
{
    Xxh64 hash(seed);
    hash.update(data, size);
    return hash.digest();
}

} // namespace cortex::index::detail
