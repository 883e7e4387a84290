#include "embedding/space_fingerprint.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace cortex::embedding {
namespace {

constexpr const char *kHeader = "cortex-fingerprint-1";
constexpr size_t kMaxProbes = 16;
constexpr size_t kMaxDim = 65536;

model::Image probeImage()
{
    // 64x48 RGB: a gradient with a diagonal band, so that every patch differs and nothing is uniform.
    model::Image image;
    image.width = 64;
    image.height = 48;
    image.channels = 3;
    image.pixels.resize(size_t(image.width) * size_t(image.height) * 3);
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            uint8_t *p = &image.pixels[(size_t(y) * size_t(image.width) + size_t(x)) * 3];
            const bool band = std::abs(x - y) < 6;
            p[0] = uint8_t(x * 4);
            p[1] = uint8_t(y * 5);
            p[2] = band ? uint8_t(255) : uint8_t((x * y) % 256);
        }
    return image;
}

} // namespace

std::vector<EncodeInput> fingerprintProbes()
{
    std::vector<EncodeInput> probes(2);
    probes[0].text = "Cortex fingerprint probe: a quarterly revenue chart, a cat on a windowsill, and the "
                     "boiling point of water at sea level (100 degrees Celsius).";
    probes[0].name = "the fingerprint probe text";
    probes[1].images.push_back(probeImage());
    probes[1].name = "the fingerprint probe image";
    return probes;
}

Result<Fingerprint> computeFingerprint(Encoder &encoder)
{
    const auto probes = fingerprintProbes();
    auto vectors = encoder.embedDocuments(probes);
    if (!vectors)
        return wrapError(vectors.error(), "the model's fingerprint: ");
    return std::move(vectors).value();
}

double fingerprintAgreement(const Fingerprint &a, const Fingerprint &b)
{
    if (a.size() != b.size() || a.empty())
        return -1;
    double lowest = 1;
    for (size_t k = 0; k < a.size(); ++k) {
        if (a[k].size() != b[k].size() || a[k].empty())
            return -1;
        double dot = 0, na = 0, nb = 0;
        for (size_t i = 0; i < a[k].size(); ++i) {
            dot += double(a[k][i]) * double(b[k][i]);
            na += double(a[k][i]) * double(a[k][i]);
            nb += double(b[k][i]) * double(b[k][i]);
        }
        const double cosine = na > 0 && nb > 0 ? dot / std::sqrt(na * nb) : -1;
        lowest = std::min(lowest, std::isfinite(cosine) ? cosine : -1);
    }
    return lowest;
}

std::string encodeFingerprint(const Fingerprint &fingerprint)
{
    std::string out = kHeader;
    out += ' ' + std::to_string(fingerprint.size()) + ' ' +
           std::to_string(fingerprint.empty() ? 0 : fingerprint.front().size());
    char number[32];
    for (const auto &row : fingerprint)
        for (const float x : row) {
            // %.9g round-trips a float exactly.
            std::snprintf(number, sizeof number, " %.9g", double(x));
            out += number;
        }
    return out;
}

Result<Fingerprint> decodeFingerprint(const std::string &text)
{
    const auto damaged = [](const std::string &why) {
        return makeError("the library's recorded model fingerprint is damaged (" + why + ")",
                         ErrorKind::Corrupt);
    };
    std::istringstream in(text);
    std::string header;
    size_t rows = 0, dim = 0;
    if (!(in >> header >> rows >> dim) || header != kHeader)
        return damaged("no header");
    if (rows == 0 || rows > kMaxProbes || dim == 0 || dim > kMaxDim)
        return damaged("implausible size " + std::to_string(rows) + " x " + std::to_string(dim));
    Fingerprint out(rows, std::vector<float>(dim));
    std::string token;
    for (auto &row : out)
        for (float &x : row) {
            if (!(in >> token))
                return damaged("too few values");
            const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), x);
            if (ec != std::errc() || end != token.data() + token.size() || !std::isfinite(x))
                return damaged("not a number: " + token.substr(0, 20));
        }
    if (in >> token)
        return damaged("values left over");
    return out;
}

std::string otherModelMessage(const std::string &libraryName, const store::SpaceIdentity &library,
                              const store::SpaceIdentity &model)
{
    const auto describe = [](const store::SpaceIdentity &id) {
        return id.modelName + " (" + std::to_string(id.storedDim()) + " dimensions)";
    };
    return libraryName + " was made with " + describe(library) + ", but the loaded model is " +
           describe(model) +
           "; a library holds one model's vectors, so nothing was ingested. Load the library's model, "
           "or move the library to this one (Maintenance: Migrate, or cortex-cli migrate --to-model DIR)";
}

Result<store::SpaceIdentity> spaceByFingerprint(const std::string &libraryName,
                                                const store::SpaceIdentity &library,
                                                const Fingerprint &recorded,
                                                const store::SpaceIdentity &model, const Fingerprint &probe)
{
    const double agreement =
        model.storedDim() == library.storedDim() ? fingerprintAgreement(recorded, probe) : -1;
    if (agreement < kFingerprintMinCosine) {
        // The local path's words, then why: the two may carry one name (a served model named like the
        // library's) and still be other weights.
        char cosine[32];
        std::snprintf(cosine, sizeof cosine, "%.4f", agreement);
        const std::string why = agreement < -0.5 ? std::string(" (its fingerprint has another shape)")
                                                 : std::string(" (its fingerprint agrees to a cosine of ") +
                                                       cosine + "; the same weights agree to 0.999 or more)";
        return makeError(otherModelMessage(libraryName, library, model) + why, ErrorKind::InvalidInput);
    }
    store::SpaceIdentity joined = library;
    joined.dtype = model.dtype; // for information only (SpaceIdentity::operator==)
    return joined;
}

} // namespace cortex::embedding
