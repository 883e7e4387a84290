#pragma once
// The engine uses the project-wide error values (core/common/result.h) under its own namespace.

#include "common/result.h"

namespace cortex::model {
using cortex::Error;
using cortex::makeError;
using cortex::Result;
using cortex::Status;
} // namespace cortex::model
