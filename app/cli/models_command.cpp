// cortex-cli models list | download: the models already on this computer (Hugging Face cache, Cortex's
// models folder) and downloads from the Hub into the Hugging Face cache.

#include "commands.h"
#include "json_output.h"
#include "library_commands.h"
#include "library_context.h"
#include "progress_text.h"

#include "hub/hub_cache.h"
#include "hub/hub_environment.h"
#include "hub/model_download.h"

#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace cortex::cli {
namespace {

std::string gb(qint64 bytes)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.2f GB", bytes / 1e9);
    return text;
}

nlohmann::json foundJson(const hub::FoundModel &model)
{
    nlohmann::json refs = nlohmann::json::array();
    for (const QString &ref : model.refs)
        refs.push_back(ref.toStdString());
    nlohmann::json missing = nlohmann::json::array();
    for (const QString &file : model.missingFiles)
        missing.push_back(file.toStdString());
    return {{"repo", model.repoId.toStdString()},
            {"revision", model.revision.toStdString()},
            {"refs", refs},
            {"path", model.path.toStdString()},
            {"source", model.source.toStdString()},
            {"role", hub::roleName(model.role).toStdString()},
            {"size", model.size.toStdString()},
            {"size_on_disk", model.sizeOnDisk},
            {"complete", model.complete},
            {"missing", missing}};
}

int runList(const std::vector<std::string> &argv)
{
    const std::vector<OptionSpec> specs = {
        {"in", true, true, "also search this folder (a hub cache or a folder of model folders)"},
        {"all", false, false, "also list repositories that are not Qwen3-VL models"},
        {"json", false, false, "one JSON object on stdout"},
    };
    auto args = Arguments::parse(argv, specs);
    if (!args)
        return usageError(args.error().message);
    QStringList roots = hub::defaultSearchRoots();
    for (const std::string &dir : args->values("in"))
        roots.append(QString::fromStdString(dir));
    const std::vector<hub::FoundModel> found = hub::findModels(roots, args->has("all"));

    if (args->has("json")) {
        nlohmann::json models = nlohmann::json::array();
        for (const auto &model : found)
            models.push_back(foundJson(model));
        nlohmann::json searched = nlohmann::json::array();
        for (const QString &root : roots)
            searched.push_back(root.toStdString());
        printJson({{"models", models}, {"searched", searched}});
        return 0;
    }
    if (found.empty())
        std::cout << "No Qwen3-VL model found in " << roots.join(QStringLiteral(", ")).toStdString()
                  << ".\nDownload one with: cortex-cli models download Qwen/Qwen3-VL-Embedding-2B\n";
    for (const auto &model : found) {
        std::cout << model.repoId.toStdString();
        if (!model.revision.isEmpty())
            std::cout << " @ " << model.revision.left(12).toStdString();
        if (!model.refs.isEmpty())
            std::cout << " (" << model.refs.join(QStringLiteral(", ")).toStdString() << ")";
        std::cout << ", " << gb(model.sizeOnDisk) << ", "
                  << (model.complete ? std::string("complete")
                                     : "incomplete: missing " +
                                           model.missingFiles.join(QStringLiteral(", ")).toStdString())
                  << "\n    " << model.path.toStdString() << '\n';
    }
    return 0;
}

hub::DownloadProgressCallback downloadProgress()
{
    if (!isatty(STDERR_FILENO))
        return {};
    return [](const hub::DownloadProgress &p) {
        std::fprintf(stderr, "\r\033[K[%d/%d] %s  %s of %s", p.fileIndex, p.fileCount,
                     p.file.toUtf8().constData(), gb(p.done).c_str(), gb(p.total).c_str());
        if (p.bytesPerSecond > 0)
            std::fprintf(stderr, ", %.1f MB/s", p.bytesPerSecond / 1e6);
        if (p.etaSeconds >= 0)
            std::fprintf(stderr, ", %s", etaText(p.etaSeconds).c_str());
        if (!p.note.isEmpty())
            std::fprintf(stderr, " (%s)", p.note.toUtf8().constData());
        if (p.total > 0 && p.done >= p.total)
            std::fputc('\n', stderr);
        std::fflush(stderr);
    };
}

int runDownload(const std::vector<std::string> &argv)
{
    const std::vector<OptionSpec> specs = {
        {"revision", true, false, "branch, tag or commit (default: main)"},
        {"to", true, false,
         "hub cache folder to download into (default: HF_HUB_CACHE or ~/.cache/huggingface/hub)"},
        {"json", false, false, "one JSON object on stdout"},
    };
    auto args = Arguments::parse(argv, specs, /*allowPositional=*/true);
    if (!args)
        return usageError(args.error().message);
    if (args->positional().size() != 1)
        return usageError("models download takes one repository, e.g. Qwen/Qwen3-VL-Embedding-2B");

    const hub::HubEnvironment environment = hub::HubEnvironment::fromSystem();
    hub::DownloadRequest request;
    request.repoId = QString::fromStdString(args->positional().front());
    request.revision = QString::fromStdString(args->valueOr("revision", "main"));
    request.cacheDir = QString::fromStdString(args->valueOr("to", environment.cacheDir.toStdString()));
    request.endpoint = environment.endpoint;
    request.token = environment.token;

    installInterruptHandler(); // Ctrl+C keeps the partial files; the next run resumes them
    auto result = hub::downloadModel(request, downloadProgress(), interruptRequested());
    if (!result)
        return fail(result.error().message);
    if (args->has("json")) {
        printJson({{"repo", request.repoId.toStdString()},
                   {"commit", result->commit.toStdString()},
                   {"path", result->snapshotDir.toStdString()},
                   {"bytes_transferred", result->bytesTransferred},
                   {"files_transferred", result->filesTransferred},
                   {"files_present", result->filesAlreadyPresent},
                   {"offline", result->offline}});
        return 0;
    }
    if (result->offline)
        std::cout << "The Hub is unreachable; the cached copy is complete.\n";
    std::cout << request.repoId.toStdString() << " @ " << result->commit.left(12).toStdString() << ": "
              << result->filesTransferred << " files downloaded (" << gb(result->bytesTransferred) << "), "
              << result->filesAlreadyPresent
              << " already present.\nModel folder: " << result->snapshotDir.toStdString() << '\n';
    return 0;
}

} // namespace

int runModels(const std::vector<std::string> &argv)
{
    if (argv.empty() || (argv.front() != "list" && argv.front() != "download"))
        return usageError("models takes a subcommand: list [--in DIR]... [--all] [--json] | download REPO "
                          "[--revision REV] [--to DIR] [--json]");
    const std::vector<std::string> rest(argv.begin() + 1, argv.end());
    return argv.front() == "list" ? runList(rest) : runDownload(rest);
}

} // namespace cortex::cli
