// Not compiled: the input of the layer check's test (tests/layers/CMakeLists.txt). A store file that
// includes a layer above it (search/), which cmake/check_includes.cmake must refuse.
#include "common/result.h"
#include "search/searcher.h"
#include "store/records.h"
