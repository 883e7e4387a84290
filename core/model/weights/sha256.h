#pragma once
// SHA-256 (FIPS 180-4), used to compare checkpoint tensors with the fixture's manifest without
// depending on a crypto library.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace cortex::model {

class Sha256 {
public:
    Sha256();
    void update(std::span<const std::byte> data);
    // Finishes the hash; the object must not be updated afterwards.
    std::array<uint8_t, 32> finish();
    std::string finishHex(); // lowercase hex, 64 characters

private:
    void compress(const uint8_t *block);

    std::array<uint32_t, 8> state_;
    std::array<uint8_t, 64> pending_{};
    size_t pendingSize_ = 0;
    uint64_t totalBytes_ = 0;
};

std::string sha256Hex(std::span<const std::byte> data);

} // namespace cortex::model
