// Not compiled: the input of the layer check's test (tests/layers/CMakeLists.txt). A page that includes
// the store directly, which cmake/check_includes.cmake must refuse, naming this file and the header.
#include "application/collections.h"
#include "session/library_session.h"
#include "store/library_db.h"
#include "ui/common/format.h"
#include <QWidget>
