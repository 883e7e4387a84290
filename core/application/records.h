#pragma once
// The plain records the window shows and passes back: values from the layers below (library rows,
// search answers, ingestion options and summaries), with no behaviour that reaches a library. ui/
// includes them from here, never from store/, search/ or ingest/ directly (cmake/CortexLayers.cmake).

#include "embedding/compute_info.h"
#include "ingest/ingestor.h"
#include "library/check_report.h"
#include "search/searcher.h"
#include "store/records.h"
