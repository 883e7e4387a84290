#include "store/watched_folder.h"

namespace cortex::store {

std::string_view toString(WatchedFolderState state)
{
    switch (state) {
    case WatchedFolderState::Idle:
        return "idle";
    case WatchedFolderState::Syncing:
        return "syncing";
    case WatchedFolderState::Unavailable:
        return "unavailable";
    }
    return "idle";
}

std::optional<WatchedFolderState> watchedFolderStateFromString(std::string_view word)
{
    for (const auto state :
         {WatchedFolderState::Idle, WatchedFolderState::Syncing, WatchedFolderState::Unavailable})
        if (toString(state) == word)
            return state;
    return std::nullopt;
}

std::string watchedPatternProblem(const std::vector<std::string> &patterns)
{
    for (const auto &p : patterns) {
        if (p.empty())
            return "a pattern is empty";
        if (p.find_first_of("\r\n") != std::string::npos)
            return "the pattern '" + p.substr(0, p.find_first_of("\r\n")) + "...' holds a line break";
    }
    return {};
}

} // namespace cortex::store
