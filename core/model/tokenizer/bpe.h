#pragma once
// The BPE model of a byte-level tokenizer: turns one pre-token (raw bytes) into token ids by
// applying the merges by rank, lowest rank first and leftmost first among equal ranks, which is
// what Hugging Face's BPE::merge_word does with its priority queue.

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace cortex::model {

class BpeModel {
public:
    struct Merge {
        int32_t left;
        int32_t right;
        int32_t merged;
    };

    // byteIds[b]: the id of the single-byte token for byte b, or -1 when the vocabulary lacks it
    // (such bytes are dropped, as Hugging Face does without an unknown token). merges: in rank
    // order; a pair listed twice keeps its last rank, like Hugging Face's map.
    BpeModel(const std::array<int32_t, 256> &byteIds, const std::vector<Merge> &merges);
    BpeModel(); // knows no byte and no merge

    // Reusable buffers of encodeWord, so that encoding many pieces does not allocate each time.
    struct Scratch {
        struct Symbol {
            int32_t id;
            int32_t prev;
            int32_t next;
        };
        struct Candidate {
            uint32_t rank;
            uint32_t pos;
            int32_t merged;
        };
        std::vector<Symbol> symbols;
        std::vector<Candidate> heap;
    };

    // Appends the ids of one pre-token.
    void encodeWord(std::string_view bytes, std::vector<int32_t> &out, Scratch &scratch) const;

private:
    struct PairEntry {
        uint64_t key; // left << 32 | right; kEmptyKey for a free slot
        uint32_t rank;
        int32_t merged;
    };
    static constexpr uint64_t kEmptyKey = ~uint64_t{0};

    // Open addressing with linear probing: the lookup is the hot loop of encoding.
    const PairEntry *findPair(int32_t left, int32_t right) const;
    void insertPair(uint64_t key, uint32_t rank, int32_t merged);

    std::array<int32_t, 256> byteIds_;
    std::vector<PairEntry> table_;
    uint64_t mask_ = 0;
};

} // namespace cortex::model
