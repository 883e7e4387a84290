#include "store/records.h"

#include <array>
#include <utility>

namespace cortex::store {

namespace {

// One table per enum gives both directions; these words are what the database stores, so they
// must never change (add new ones instead).
constexpr std::array kSpaceStates{std::pair{SpaceState::Active, std::string_view("active")},
                                  std::pair{SpaceState::Building, std::string_view("building")},
                                  std::pair{SpaceState::Retired, std::string_view("retired")}};
constexpr std::array kVectorEncodings{std::pair{VectorEncoding::Float32, std::string_view("float32")},
                                      std::pair{VectorEncoding::Float16, std::string_view("float16")}};
constexpr std::array kDocumentStatuses{std::pair{DocumentStatus::Indexed, std::string_view("indexed")},
                                       std::pair{DocumentStatus::Failed, std::string_view("failed")}};
constexpr std::array kJobStates{std::pair{JobState::Queued, std::string_view("queued")},
                                std::pair{JobState::Running, std::string_view("running")},
                                std::pair{JobState::Paused, std::string_view("paused")},
                                std::pair{JobState::Cancelled, std::string_view("cancelled")},
                                std::pair{JobState::Finished, std::string_view("finished")},
                                std::pair{JobState::Failed, std::string_view("failed")}};
constexpr std::array kJobFileStates{std::pair{JobFileState::Pending, std::string_view("pending")},
                                    std::pair{JobFileState::Done, std::string_view("done")},
                                    std::pair{JobFileState::Skipped, std::string_view("skipped")},
                                    std::pair{JobFileState::Failed, std::string_view("failed")}};

template <typename Enum, size_t N>
std::string_view nameOf(const std::array<std::pair<Enum, std::string_view>, N> &table, Enum value)
{
    for (const auto &[e, name] : table)
        if (e == value)
            return name;
    return table[0].second;
}

template <typename Enum, size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, std::string_view>, N> &table,
                            std::string_view name)
{
    for (const auto &[e, n] : table)
        if (n == name)
            return e;
    return std::nullopt;
}

} // namespace

std::string_view toString(SpaceState v)
{
    return nameOf(kSpaceStates, v);
}
std::string_view toString(VectorEncoding v)
{
    return nameOf(kVectorEncodings, v);
}
std::string_view toString(DocumentStatus v)
{
    return nameOf(kDocumentStatuses, v);
}
std::string_view toString(JobState v)
{
    return nameOf(kJobStates, v);
}
std::string_view toString(JobFileState v)
{
    return nameOf(kJobFileStates, v);
}

std::optional<SpaceState> spaceStateFromString(std::string_view s)
{
    return valueOf(kSpaceStates, s);
}
std::optional<VectorEncoding> vectorEncodingFromString(std::string_view s)
{
    return valueOf(kVectorEncodings, s);
}
std::optional<DocumentStatus> documentStatusFromString(std::string_view s)
{
    return valueOf(kDocumentStatuses, s);
}
std::optional<JobState> jobStateFromString(std::string_view s)
{
    return valueOf(kJobStates, s);
}
std::optional<JobFileState> jobFileStateFromString(std::string_view s)
{
    return valueOf(kJobFileStates, s);
}

const SpaceInfo *activeSpaceIn(const std::vector<SpaceInfo> &spaces)
{
    for (const auto &space : spaces)
        if (space.state == SpaceState::Active)
            return &space;
    return nullptr;
}

} // namespace cortex::store
