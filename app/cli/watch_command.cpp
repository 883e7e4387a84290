// watch [run] | add PATH | list | pause PATH | resume PATH | edit PATH | remove PATH: the library's
// watched folders (application/watched_folders.h). `watch` itself keeps them in sync (watch_run.cpp).

#include "commands.h"
#include "json_output.h"
#include "library_commands.h"
#include "library_context.h"
#include "page_images_option.h"
#include "watch_run.h"

#include "application/reembedding.h"
#include "application/watched_folders.h"
#include "store/library_db.h"

#include <iostream>

namespace cortex::cli {
namespace {

const char *kWatchUsage =
    R"(usage: cortex-cli watch [ACTION] [ARGS] [--library DIR] [--json]
  (none) or run            keeps every watched folder that is not paused in sync until SIGTERM or Ctrl-C:
                           catches up with what changed while nothing watched, then follows changes
  add PATH                 watches a folder (or a file) [--collection NAME] [--include GLOB]...
                           [--exclude GLOB]... [--chunk-tokens N --overlap N] [--no-follow-symlinks]
                           [--page-images off|SIZE]
  list                     the watched folders, their settings and state
  pause PATH               no sync looks at it (its documents stay searchable)
  resume PATH              syncs it again (the next sync catches up)
  edit PATH                changes its settings (the options of add; --collection moves its documents;
                           new --chunk-tokens/--overlap embed its documents again: says how many and how
                           long, and needs --yes; --page-images applies to the files ingested from
                           then on, the documents in the library keep theirs)
  remove PATH --keep-documents | --drop-documents
                           stops watching it, keeping its documents in the library or removing them
)";

std::vector<OptionSpec> watchSpecs()
{
    auto specs = libraryOptionSpecs();
    specs.push_back({"collection", true, false, "collection the folder's documents join"});
    specs.push_back({"include", true, true, "only files whose name matches this glob (repeatable)"});
    specs.push_back({"exclude", true, true, "skip files and folders matching this glob (repeatable)"});
    specs.push_back({"no-include", false, false, "edit: clear the include patterns"});
    specs.push_back({"no-exclude", false, false, "edit: clear the exclude patterns"});
    specs.push_back({"chunk-tokens", true, false, "tokens per text chunk (default: the settings')"});
    specs.push_back({"overlap", true, false, "tokens shared by neighbouring chunks"});
    specs.push_back({"no-follow-symlinks", false, false, "do not follow symbolic links"});
    specs.push_back(pageImagesSpec());
    specs.push_back({"follow-symlinks", false, false, "edit: follow symbolic links again"});
    specs.push_back({"keep-documents", false, false, "remove: keep the folder's documents in the library"});
    specs.push_back({"drop-documents", false, false, "remove: remove the folder's documents too"});
    specs.push_back({"yes", false, false, "edit: confirm embedding the folder's documents again"});
    for (auto &spec : watchRunSpecs())
        specs.push_back(spec);
    return specs;
}

std::vector<std::string> patterns(const Arguments &args, const std::string &name)
{
    return args.values(name);
}

// --chunk-tokens and --overlap: both given, or neither (0: the settings' chunk size).
Status readChunk(const Arguments &args, int &chunk, int &overlap)
{
    if (!args.has("chunk-tokens") && !args.has("overlap"))
        return {};
    const auto c = args.integer("chunk-tokens", 0);
    const auto o = args.integer("overlap", 0);
    if (!c)
        return c.error();
    if (!o)
        return o.error();
    if (*c < 16 || *o < 0 || *o >= *c || *c > 1 << 20)
        return makeError("--chunk-tokens must be at least 16 and --overlap between 0 and the chunk size");
    chunk = int(*c);
    overlap = int(*o);
    return {};
}

std::string joined(const std::vector<std::string> &list)
{
    std::string out;
    for (const auto &s : list)
        out += (out.empty() ? "" : " ") + s;
    return out;
}

nlohmann::json folderJson(const store::WatchedFolder &f)
{
    return {{"id", f.id},
            {"path", f.path},
            {"collection", f.settings.collection},
            {"include", f.settings.includePatterns},
            {"exclude", f.settings.excludePatterns},
            {"chunk_tokens", f.settings.chunkTokens},
            {"overlap_tokens", f.settings.overlapTokens},
            {"follow_symlinks", f.settings.followSymlinks},
            {"page_images", f.settings.pageImageSide},
            {"paused", f.paused},
            {"state", std::string(store::toString(f.state))},
            {"state_detail", f.stateDetail},
            {"last_sync", f.lastSyncAt}};
}

void printFolder(const store::WatchedFolder &f)
{
    std::cout << f.path << "  " << (f.paused ? "paused" : std::string(store::toString(f.state)));
    if (!f.settings.collection.empty())
        std::cout << "  collection " << f.settings.collection;
    if (!f.settings.includePatterns.empty())
        std::cout << "  include " << joined(f.settings.includePatterns);
    if (!f.settings.excludePatterns.empty())
        std::cout << "  exclude " << joined(f.settings.excludePatterns);
    if (f.settings.chunkTokens > 0)
        std::cout << "  chunks " << f.settings.chunkTokens << "/" << f.settings.overlapTokens;
    if (!f.settings.followSymlinks)
        std::cout << "  no symlinks";
    if (f.settings.pageImageSide != kDefaultPageImageSide)
        std::cout << "  page images " << pageImagesText(f.settings.pageImageSide);
    if (!f.stateDetail.empty())
        std::cout << "  (" << f.stateDetail << ")";
    std::cout << '\n';
}

} // namespace

int runWatch(const std::vector<std::string> &argv)
{
    const auto specs = watchSpecs();
    auto args = Arguments::parse(argv, specs, true);
    if (!args)
        return usageError(args.error().message);
    const auto &pos = args->positional();
    const std::string action = pos.empty() ? "run" : pos[0];
    if (action == "run") {
        if (pos.size() > 1)
            return usageError(std::string("watch run takes no paths\n") + kWatchUsage);
        return runWatchLoop(*args);
    }

    if (action == "list") {
        if (pos.size() > 1)
            return usageError(std::string("watch list takes no paths\n") + kWatchUsage);
        // Read-only: works while `cortex-cli watch` holds the library.
        auto context = openLibraryReadOnly(*args);
        if (!context)
            return fail(context.error().message);
        auto folders = application::listWatchedFolders(*context->db);
        if (!folders)
            return fail(folders.error().message);
        nlohmann::json list = nlohmann::json::array();
        for (const auto &f : *folders) {
            list.push_back(folderJson(f));
            if (!context->json)
                printFolder(f);
        }
        if (context->json)
            printJson({{"watched_folders", list}});
        else if (folders->empty())
            std::cout << "no watched folders (cortex-cli watch add PATH, or ingest, adds one)\n";
        return 0;
    }

    if (action != "add" && action != "pause" && action != "resume" && action != "edit" && action != "remove")
        return usageError("unknown watch action '" + action + "'\n" + kWatchUsage);
    if (pos.size() != 2)
        return usageError("watch " + action + " needs one folder\n" + kWatchUsage);
    const std::string path = pos[1];
    const auto ref = application::WatchedFolderRef::byPath(path);

    if (action == "remove" && args->has("keep-documents") == args->has("drop-documents"))
        return usageError("watch remove needs --keep-documents or --drop-documents (the folder's documents "
                          "stay in the library, or go with it)\n" +
                          std::string(kWatchUsage));
    int chunk = 0;
    int overlap = 0;
    if (auto s = readChunk(*args, chunk, overlap); !s)
        return fail(s.error().message);
    const auto pageImages = pageImagesOption(*args);
    if (!pageImages)
        return fail(pageImages.error().message);

    auto context = openLibrary(*args, action == "add" ? LibraryCreation::Allowed : LibraryCreation::Refused);
    if (!context)
        return fail(context.error().message);
    library::Library &lib = *context->library;

    if (action == "add") {
        store::WatchedFolderSettings settings;
        settings.collection = args->valueOr("collection", "");
        settings.includePatterns = patterns(*args, "include");
        settings.excludePatterns = patterns(*args, "exclude");
        settings.chunkTokens = chunk;
        settings.overlapTokens = overlap;
        settings.followSymlinks = !args->has("no-follow-symlinks");
        settings.pageImageSide = pageImages->value_or(kDefaultPageImageSide);
        auto id = application::addWatchedFolder(lib, path, settings);
        if (!id)
            return fail(id.error().message);
        if (context->json)
            printJson({{"watched_folder", *id}, {"path", application::watchedPathOf(path)}});
        else
            std::cout << "watching " << application::watchedPathOf(path)
                      << " (cortex-cli watch keeps it in sync)\n";
        return 0;
    }
    if (action == "pause" || action == "resume") {
        if (auto s = application::setWatchedFolderPaused(lib, ref, action == "pause"); !s)
            return fail(s.error().message);
        if (context->json)
            printJson({{"path", application::watchedPathOf(path)}, {"paused", action == "pause"}});
        else
            std::cout << (action == "pause" ? "paused " : "resumed ") << application::watchedPathOf(path)
                      << '\n';
        return 0;
    }
    if (action == "edit") {
        application::WatchedFolderEdit edit;
        if (args->has("collection"))
            edit.collection = args->valueOr("collection", "");
        if (args->has("include") || args->has("no-include"))
            edit.includePatterns = patterns(*args, "include");
        if (args->has("exclude") || args->has("no-exclude"))
            edit.excludePatterns = patterns(*args, "exclude");
        if (args->has("chunk-tokens")) {
            edit.chunkTokens = chunk;
            edit.overlapTokens = overlap;
        }
        if (args->has("no-follow-symlinks") || args->has("follow-symlinks"))
            edit.followSymlinks = args->has("follow-symlinks");
        edit.pageImageSide = *pageImages;
        // A new chunk size embeds the folder's documents again: how many and how long is said first, and
        // it is done only with --yes (the window asks the same question in a dialog).
        std::optional<application::ReembedEstimate> reembedding;
        {
            auto reader = lib.openReader();
            if (!reader)
                return fail(reader.error().message);
            auto asked = application::reembeddingForEdit(**reader, ref, edit);
            if (!asked)
                return fail(asked.error().message);
            reembedding = *asked;
        }
        if (reembedding) {
            const std::string what = application::watchedPathOf(path) + ": at the new chunk size, " +
                                     application::describeReembedding(*reembedding);
            if (!args->has("yes"))
                return fail(what + ". Nothing was changed; add --yes to confirm");
            edit.reembed = true;
            if (!context->json)
                std::cout << what << "; the next sync (cortex-cli watch) embeds them\n";
        }
        auto edited = application::editWatchedFolder(lib, ref, edit);
        if (!edited)
            return fail(edited.error().message);
        if (context->json) {
            nlohmann::json out{{"watched_folder", folderJson(*edited)}};
            if (reembedding)
                out["reembedding"] = {{"documents", reembedding->documents},
                                      {"items", reembedding->items},
                                      {"seconds", reembedding->seconds ? nlohmann::json(*reembedding->seconds)
                                                                       : nlohmann::json(nullptr)}};
            printJson(out);
        } else {
            printFolder(*edited);
        }
        return 0;
    }
    // remove
    const auto documents =
        args->has("drop-documents") ? application::FolderDocuments::Drop : application::FolderDocuments::Keep;
    auto removed = application::removeWatchedFolder(lib, ref, documents);
    if (!removed)
        return fail(removed.error().message);
    if (context->json)
        printJson({{"path", application::watchedPathOf(path)}, {"removed_documents", *removed}});
    else
        std::cout << "stopped watching " << application::watchedPathOf(path) << "; " << *removed
                  << " document(s) removed\n";
    return 0;
}

} // namespace cortex::cli
