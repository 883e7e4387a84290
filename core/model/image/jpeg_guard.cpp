#include "model/image/jpeg_guard.h"

namespace cortex::model {

// The walk follows the order in which stb reads a JPEG: length-prefixed segments, and between
// them (entropy-coded data, padding) a byte scan for 0xFF followed by a marker, where 0xFF00 is a
// stuffed byte and RSTn/TEM/SOI carry no length. Wherever stb itself would stop with an error
// (bad table class, bad component count) the walk stops too: nothing after that point is parsed.
std::string findJpegHazard(std::span<const uint8_t> b)
{
    const size_t n = b.size();
    // Past the end stb reads zeros; so does this.
    const auto at = [&](size_t i) -> unsigned {
        return i < n ? b[i] : 0u;
    };

    // stb wants 0xFF, optional fill bytes, then SOI; anything else is not a JPEG to it.
    if (at(0) != 0xFF)
        return {};
    size_t i = 1;
    while (i < n && b[i] == 0xFF)
        ++i;
    if (at(i) != 0xD8)
        return {};
    ++i;

    bool defined[2][4] = {}; // [DC, AC][table id]
    bool progressive = false;
    while (i < n) {
        if (b[i] != 0xFF) {
            ++i;
            continue;
        }
        while (i < n && b[i] == 0xFF)
            ++i;
        if (i >= n)
            break;
        const unsigned marker = b[i++];
        if (marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8))
            continue;
        if (marker == 0xD9) // EOI: stb stops here
            break;
        const size_t length = (at(i) << 8) | at(i + 1);
        if (length < 2)
            break;
        const size_t end = i + length;

        if (marker == 0xC0 || marker == 0xC1) {
            progressive = false;
        } else if (marker == 0xC2) {
            progressive = true;
        } else if (marker == 0xC4) {
            // stb reads whole tables while the segment has bytes left, even past its end.
            size_t p = i + 2;
            while (p < end) {
                const unsigned tc = at(p) >> 4, th = at(p) & 15;
                if (tc > 1 || th > 3)
                    return {};
                unsigned count = 0;
                for (size_t k = 1; k <= 16; ++k)
                    count += at(p + k);
                if (count > 256)
                    return "a Huffman table declares " + std::to_string(count) + " codes (at most 256)";
                defined[tc][th] = true;
                p += 17 + count;
            }
        } else if (marker == 0xDA) {
            const size_t p = i + 2;
            const unsigned components = at(p);
            if (components < 1 || components > 4)
                return {};
            const unsigned spectralStart = at(p + 1 + 2 * components);
            const unsigned approxHigh = at(p + 3 + 2 * components) >> 4;
            // Baseline decodes DC and AC; a progressive scan is DC-only or AC-only, and a DC
            // refinement reads raw bits without a table.
            const bool usesDc = !progressive || (spectralStart == 0 && approxHigh == 0);
            const bool usesAc = !progressive || spectralStart != 0;
            for (unsigned c = 0; c < components; ++c) {
                const unsigned dc = at(p + 2 + 2 * c) >> 4, ac = at(p + 2 + 2 * c) & 15;
                if (dc > 3 || ac > 3)
                    return {};
                if ((usesDc && !defined[0][dc]) || (usesAc && !defined[1][ac]))
                    return "a scan uses a Huffman table that the file never defines";
            }
        }
        i = end; // after SOS this lands on the entropy-coded data, scanned bytewise above
    }
    return {};
}

} // namespace cortex::model
