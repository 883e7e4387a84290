// collections list | create NAME | rename OLD NEW | delete NAME | merge FROM INTO | add NAME PATH... |
//             remove NAME PATH... | tag NAME TAG... | documents NAME

#include "commands.h"
#include "json_output.h"
#include "library_commands.h"
#include "library_context.h"

#include "store/library_db.h"

#include <QDir>
#include <QFileInfo>

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

Result<int64_t> collectionId(store::LibraryDb &db, const std::string &name)
{
    auto c = db.collectionByName(name);
    if (!c)
        return c.error();
    if (!c->has_value())
        return makeError("there is no collection named '" + name + "' in " + db.file().string());
    return (*c)->id;
}

Result<int64_t> documentId(store::LibraryDb &db, const std::string &path)
{
    const std::string canonical = QFileInfo(QString::fromStdString(path)).absoluteFilePath().toStdString();
    for (const auto &candidate : {path, canonical}) {
        auto d = db.documentByPath(candidate);
        if (!d)
            return d.error();
        if (d->has_value())
            return (*d)->id;
    }
    return makeError(path + " is not in the library (ingest it first)");
}

// The library's documents that PATH names: the document itself, or every document under a folder (the
// folder as given, made absolute, and with its links resolved, since documents are recorded by the path
// they were ingested under).
Result<std::vector<int64_t>> documentIds(store::LibraryDb &db, const std::string &path)
{
    const QFileInfo info(QString::fromStdString(path));
    if (!info.isDir()) {
        auto one = documentId(db, path);
        if (!one)
            return one.error();
        return std::vector<int64_t>{*one};
    }
    std::vector<std::string> prefixes;
    for (const QString &folder : {info.absoluteFilePath(), info.canonicalFilePath()})
        if (!folder.isEmpty())
            prefixes.push_back(QDir::cleanPath(folder).toStdString() +
                               (folder == QStringLiteral("/") ? "" : "/"));
    auto all = db.documents();
    if (!all)
        return all.error();
    std::vector<int64_t> ids;
    for (const auto &d : *all)
        for (const auto &prefix : prefixes)
            if (d.path.rfind(prefix, 0) == 0) {
                ids.push_back(d.id);
                break;
            }
    if (ids.empty())
        return makeError(path + " is a folder, and no document of the library is in it (ingest it first)");
    return ids;
}

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
            auto all = reader->collections();
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
            auto id = collectionId(*reader, pos[1]);
            if (!id)
                return fail(id.error().message);
            auto docs = reader->documents(*id);
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

    Status status;
    if (action == "create" && need(1)) {
        status = library.write([&](store::LibraryDb &db) -> Status {
            auto id = db.createCollection(pos[1]);
            if (!id)
                return id.error();
            out["id"] = *id;
            return {};
        });
    } else if (action == "rename" && need(2)) {
        status = library.write([&](store::LibraryDb &db) -> Status {
            auto id = collectionId(db, pos[1]);
            if (!id)
                return id.error();
            return db.renameCollection(*id, pos[2]);
        });
    } else if (action == "delete" && need(1)) {
        if (!args->has("yes"))
            return fail("deleting collection '" + pos[1] +
                        "' also deletes its documents that are in no other collection; add --yes to confirm");
        status = library.commit([&](store::LibraryDb &db, library::IndexChanges &index) -> Status {
            auto id = collectionId(db, pos[1]);
            if (!id)
                return id.error();
            auto removed = db.deleteCollection(*id);
            if (!removed)
                return removed.error();
            index.remove(*removed);
            out["removed_items"] = removed->size();
            return {};
        });
    } else if (action == "merge" && need(2)) {
        status = library.write([&](store::LibraryDb &db) -> Status {
            auto from = collectionId(db, pos[1]);
            auto into = collectionId(db, pos[2]);
            if (!from)
                return from.error();
            if (!into)
                return into.error();
            return db.mergeCollections(*from, *into);
        });
    } else if ((action == "add" || action == "remove") && need(2)) {
        status = library.write([&](store::LibraryDb &db) -> Status {
            return db.transaction([&]() -> Status {
                auto id = collectionId(db, pos[1]);
                if (!id)
                    return id.error();
                int64_t changed = 0;
                for (size_t i = 2; i < pos.size(); ++i) {
                    auto docs = documentIds(db, pos[i]);
                    if (!docs)
                        return docs.error();
                    for (const int64_t doc : *docs) {
                        auto s = action == "add" ? db.addToCollection(doc, *id)
                                                 : db.removeFromCollection(doc, *id);
                        if (!s)
                            return s;
                    }
                    changed += int64_t(docs->size());
                }
                out["documents"] = changed;
                return {};
            });
        });
    } else if (action == "tag" && need(1)) {
        status = library.write([&](store::LibraryDb &db) -> Status {
            auto id = collectionId(db, pos[1]);
            if (!id)
                return id.error();
            return db.setCollectionTags(*id, std::vector<std::string>(pos.begin() + 2, pos.end()));
        });
    } else {
        return usageError("collections: unknown action or missing arguments\n" +
                          std::string(kCollectionsUsage));
    }
    if (!status)
        return fail(status.error().message);
    if (auto s = library.saveIndexes(); !s)
        return fail(s.error().message);
    if (context->json)
        printJson(out);
    else
        std::cout << "done\n";
    return 0;
}

} // namespace cortex::cli
