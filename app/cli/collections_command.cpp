// collections list | create NAME | rename OLD NEW | delete NAME | merge FROM INTO | add NAME PATH... |
//             remove NAME PATH... | tag NAME TAG... | documents NAME

#include "commands.h"
#include "json_output.h"
#include "library_commands.h"
#include "library_context.h"

#include "application/collections.h"
#include "store/library_db.h"

#include <iostream>

namespace cortex::cli {
namespace {

const char *kCollectionsUsage =
    R"(usage: cortex-cli collections ACTION [ARGS] [--library DIR] [--json] [--yes]
  list                     the collections with their document counts, sizes and tags
  create NAME              a new, empty collection
  rename OLD NEW
  delete NAME --yes        deletes the collection and the documents that are in no other collection
  merge FROM INTO          moves every document of FROM into INTO and deletes FROM
  add NAME PATH...         adds already ingested documents to the collection (a folder: every
                           document of the library in it)
  remove NAME PATH...      removes documents (or a folder's) from the collection (they stay in the library)
  tag NAME TAG...          sets the collection's tags (none: clears them)
  documents NAME           the documents of the collection
)";

nlohmann::json collectionJson(const store::CollectionInfo &c)
{
    return {
        {"id", c.id},     {"name", c.name},        {"documents", c.documentCount}, {"bytes", c.totalBytes},
        {"tags", c.tags}, {"created", c.createdAt}};
}

} // namespace

int runCollections(const std::vector<std::string> &argv)
{
    auto specs = libraryOptionSpecs();
    specs.push_back({"yes", false, false, "confirm a deletion"});
    auto args = Arguments::parse(argv, specs, true);
    if (!args)
        return usageError(args.error().message);
    const auto &pos = args->positional();
    if (pos.empty())
        return usageError(std::string("collections needs an action\n") + kCollectionsUsage);
    const std::string action = pos[0];
    const auto need = [&](size_t count) {
        return pos.size() >= count + 1;
    };

    // The actions that only read open the database read-only, so they work while another process ingests.
    if (action == "list" || (action == "documents" && need(1))) {
        auto context = openLibraryReadOnly(*args);
        if (!context)
            return fail(context.error().message);
        store::LibraryDb *reader = context->db.get();
        if (action == "list") {
            auto all = application::listCollections(*reader);
            if (!all)
                return fail(all.error().message);
            nlohmann::json list = nlohmann::json::array();
            for (const auto &c : *all) {
                list.push_back(collectionJson(c));
                if (!context->json) {
                    std::cout << c.name << "  " << c.documentCount << " documents, " << c.totalBytes
                              << " bytes";
                    for (const auto &t : c.tags)
                        std::cout << "  #" << t;
                    std::cout << '\n';
                }
            }
            if (context->json)
                printJson({{"collections", list}});
            return 0;
        }
        if (action == "documents" && need(1)) {
            auto docs = application::collectionDocuments(*reader, application::CollectionRef::byName(pos[1]));
            if (!docs)
                return fail(docs.error().message);
            nlohmann::json list = nlohmann::json::array();
            for (const auto &d : *docs) {
                list.push_back({{"id", d.id},
                                {"path", d.path},
                                {"type", d.type},
                                {"size", d.size},
                                {"status", std::string(store::toString(d.status))},
                                {"error", d.error}});
                if (!context->json)
                    std::cout << d.path << "  " << d.type << "  " << store::toString(d.status) << '\n';
            }
            if (context->json)
                printJson({{"documents", list}});
            return 0;
        }
    }

    auto context = openLibrary(*args);
    if (!context)
        return fail(context.error().message);
    auto &library = *context->library;
    nlohmann::json out = {{"action", action}};
    using application::CollectionRef;
    const auto named = [&](size_t i) {
        return CollectionRef::byName(pos[i]);
    };

    // Every edit is the application layer's, the one the Collections tab calls.
    Status status;
    if (action == "create" && need(1)) {
        auto id = application::createCollection(library, pos[1]);
        if (!id)
            return fail(id.error().message);
        out["id"] = *id;
    } else if (action == "rename" && need(2)) {
        status = application::renameCollection(library, named(1), pos[2]);
    } else if (action == "delete" && need(1)) {
        if (!args->has("yes"))
            return fail("deleting collection '" + pos[1] +
                        "' also deletes its documents that are in no other collection; add --yes to confirm");
        auto removed = application::deleteCollection(library, named(1));
        if (!removed)
            return fail(removed.error().message);
        out["removed_items"] = *removed;
    } else if (action == "merge" && need(2)) {
        status = application::mergeCollections(library, named(1), named(2));
    } else if ((action == "add" || action == "remove") && need(2)) {
        auto documents = application::documentsAt(library, {pos.begin() + 2, pos.end()});
        if (!documents)
            return fail(documents.error().message);
        auto changed = action == "add" ? application::addDocuments(library, named(1), *documents)
                                       : application::removeDocuments(library, named(1), *documents);
        if (!changed)
            return fail(changed.error().message);
        out["documents"] = *changed;
    } else if (action == "tag" && need(1)) {
        status = application::setCollectionTags(library, named(1), {pos.begin() + 2, pos.end()});
    } else {
        return usageError("collections: unknown action or missing arguments\n" +
                          std::string(kCollectionsUsage));
    }
    if (!status)
        return fail(status.error().message);
    if (context->json)
        printJson(out);
    else
        std::cout << "done\n";
    return 0;
}

} // namespace cortex::cli
