// Not compiled: the input of the layer check's test (tests/layers/CMakeLists.txt). The embedding layer
// may see one store header (store/records.h, the plain records), not the database.
#include "model/image/image.h"
#include "store/library_db.h"
#include "store/records.h"
