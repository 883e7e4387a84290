// The zip reader of office documents (core/ingest/extract/zip_archive.cpp) on any bytes: open, list,
// and read every entry under a 1 MiB limit, which must hold whatever the entry's header claims.
#include "fuzz_support.h"

#include "ingest/extract/zip_archive.h"

#include <cstdlib>

namespace {

constexpr int64_t kEntryLimit = 1 << 20;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using cortex::ingest::detail::ZipArchive;
    const cortex::fuzz::MemoryFile file(data, size);
    auto archive = ZipArchive::open(QString::fromStdString(file.path()), QStringLiteral("DOCX"));
    if (!archive)
        return 0;
    for (const QString &name : archive->entryNames()) {
        auto bytes = archive->read(name, kEntryLimit);
        if (bytes && bytes->size() > kEntryLimit)
            std::abort(); // the limit did not hold
    }
    (void)archive->read(QStringLiteral("word/document.xml"), kEntryLimit);
    return 0;
}
