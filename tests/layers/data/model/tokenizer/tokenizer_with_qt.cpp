// Not compiled: the input of the layer check's test (tests/layers/CMakeLists.txt). Only allowed project
// headers, but a Qt one too: the engine builds without Qt, so NO_QT must refuse it.
#include "common/result.h"
#include "model/tokenizer/tokenizer.h"
#include <QString>
#include <string>
