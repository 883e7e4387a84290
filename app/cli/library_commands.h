#pragma once
// The library commands of cortex-cli (built only with the Qt layers: not in CORTEX_ENGINE_ONLY).

#include <string>
#include <vector>

namespace cortex::cli {

int runIngest(const std::vector<std::string> &args);
int runResume(const std::vector<std::string> &args);
int runRescan(const std::vector<std::string> &args);
int runWatch(const std::vector<std::string> &args); // run, add, list, pause, resume, edit, remove
int runJobs(const std::vector<std::string> &args);
int runSearch(const std::vector<std::string> &args);
int runCollections(const std::vector<std::string> &args);
int runInspectDb(const std::vector<std::string> &args);
int runCheck(const std::vector<std::string> &args);
int runMaintenance(const std::vector<std::string> &args); // vacuum, backup, rebuild-index, failures
int runMigrate(const std::vector<std::string> &args);
int runExport(const std::vector<std::string> &args);
int runImport(const std::vector<std::string> &args);
int runModels(const std::vector<std::string> &args); // list, download
int runServe(const std::vector<std::string> &args);  // the model API over HTTP (core/api)

} // namespace cortex::cli
