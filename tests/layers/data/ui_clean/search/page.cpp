// Not compiled: the input of the layer check's test (tests/layers/CMakeLists.txt). Only allowed includes.
#include "application/collections.h"
#include "generated_header.h"
#include "session/library_session.h"
#include "ui/common/format.h"
#include <store/not_a_project_header.h>
