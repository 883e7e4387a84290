#pragma once
// Reading a collection archive for import (collection_transfer.h), which is hostile until checked: the
// manifest, every entry's checksum, the documents' list (held: the importer decides document by
// document), and the items with their vectors, streamed row by row and each checked, as often as the
// importer needs them (once to check, once inside the transaction).

#include "common/result.h"
#include "service/archive_zip.h"
#include "service/collection_manifest.h"
#include "store/records.h"

#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace cortex::service {

struct ArchiveDocument {
    std::string path, sha256, type;
    int64_t size = 0, mtimeNs = 0;
    int pageCount = 0;
};

class ArchiveReader {
public:
    // The manifest alone (its identity, for a "would this import?" check).
    Status openManifest(const std::filesystem::path &file);
    // The manifest, then every entry's checksum (a damaged file is reported as damaged, not by the first
    // row that fails to parse), then the documents' list.
    Status open(const std::filesystem::path &file);

    const std::string &name() const { return zip_.name(); }
    const CollectionManifest &manifest() const { return manifest_; }
    const std::vector<ArchiveDocument> &documents() const { return documents_; }

    using ItemVisitor = std::function<Status(const std::string &content, store::NewItem &&item)>;
    // Every item with its vector, in the file's order (a content's items together), each checked: its
    // fields' types and ranges, its content one of the documents', its vector finite and of unit length
    // when the space is normalised. The items' and vectors' checksums are checked again at the end, so
    // a file changed since open() is refused. Stops at the first error, the visitor's included.
    Status forEachItem(const ItemVisitor &visit);

private:
    Status verifyChecksum(const char *entry, int64_t bound, const std::string &why);
    Status readDocuments();

    ZipReader zip_;
    CollectionManifest manifest_;
    std::vector<ArchiveDocument> documents_;
    std::set<std::string> contents_; // the documents' SHA-256s
};

} // namespace cortex::service
