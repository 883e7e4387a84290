#include "json_output.h"
#include "progress_output.h"

#include <iostream>

namespace cortex::cli {

void printJson(const nlohmann::json &value)
{
    endProgressLine(); // a result starts a line of its own
    // Floats are written with the shortest representation that round-trips (nlohmann's default).
    std::cout << value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

} // namespace cortex::cli
