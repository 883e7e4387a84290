// The helpers shared by the library_db_*.cpp files: error wording, statements, row readers.

#include "store/library_db_impl.h"

#include <chrono>

namespace cortex::store {

Error Action::fail(std::string_view reason) const
{
    return makeError(db_.file().string() + ": cannot " + what_ + ": " + std::string(reason));
}

Error Action::fail(const Error &inner) const
{
    // The Database layer names the file first; say it once.
    std::string reason = inner.message;
    if (const std::string prefix = db_.file().string() + ": "; reason.starts_with(prefix))
        reason.erase(0, prefix.size());
    return fail(reason);
}

Status Action::run(Statement &st) const
{
    if (!st.run())
        return fail(st.reason());
    return {};
}

Result<bool> Action::fetch(Statement &st) const
{
    switch (st.step()) {
    case Step::Row:
        return true;
    case Step::Done:
        return false;
    case Step::Error:
        break;
    }
    return fail(st.reason());
}

Result<int64_t> Action::returnedId(Statement &st) const
{
    auto row = fetch(st);
    if (!row)
        return row.error();
    if (!*row)
        return fail("the row was not written");
    const int64_t id = st.int64(0);
    if (!st.run()) // finishes the statement (RETURNING hands back the row before the end)
        return fail(st.reason());
    return id;
}

Status Action::forEachRow(Statement &st, const std::function<void(const Statement &)> &visit) const
{
    for (;;) {
        switch (st.step()) {
        case Step::Row:
            visit(st);
            continue;
        case Step::Done:
            return {};
        case Step::Error:
            return fail(st.reason());
        }
    }
}

Result<std::vector<int64_t>> Action::ids(Statement &st) const
{
    std::vector<int64_t> result;
    if (auto read = forEachRow(st, [&](const Statement &row) { result.push_back(row.int64(0)); }); !read)
        return read.error();
    return result;
}

Status Action::transaction(const std::function<Status()> &body) const
{
    bool bodyFailed = false;
    Status status = db_.transaction([&] {
        Status s = body();
        bodyFailed = !s.ok();
        return s;
    });
    if (status.ok() || bodyFailed)
        return status;
    return fail(status.error()); // BEGIN or COMMIT failed (a lock held too long, a full disk)
}

int64_t nowSeconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string trimmed(std::string_view text)
{
    constexpr std::string_view kSpace = " \t\r\n\f\v";
    const size_t begin = text.find_first_not_of(kSpace);
    if (begin == std::string_view::npos)
        return {};
    const size_t end = text.find_last_not_of(kSpace);
    return std::string(text.substr(begin, end - begin + 1));
}

std::string inQuotes(std::string_view text)
{
    std::string result;
    result.reserve(text.size() + 2);
    return result.append(1, '\'').append(text).append(1, '\'');
}

DocumentRecord readDocument(const Statement &st, int first)
{
    DocumentRecord d;
    d.id = st.int64(first);
    d.path = st.text(first + 1);
    d.size = st.int64(first + 2);
    d.mtimeNs = st.int64(first + 3);
    d.sha256 = st.text(first + 4);
    d.type = st.text(first + 5);
    d.status = documentStatusFromString(st.text(first + 6)).value_or(DocumentStatus::Failed);
    d.error = st.text(first + 7);
    if (!st.isNull(first + 8))
        d.contentId = st.int64(first + 8);
    d.pageCount = int(st.int64(first + 9));
    d.addedAt = st.int64(first + 10);
    d.updatedAt = st.int64(first + 11);
    return d;
}

ItemRecord readItem(const Statement &st, int first)
{
    ItemRecord item;
    item.id = st.int64(first);
    item.contentId = st.int64(first + 1);
    item.kind = itemKindFromString(st.text(first + 2)).value_or(ItemKind::Text);
    item.page = int(st.int64(first + 3));
    item.position = int(st.int64(first + 4));
    item.text = st.text(first + 5);
    item.sourceRef = st.text(first + 6);
    item.thumbnailPng = st.blob(first + 7);
    // NULL (every kind but VideoSegment) reads as -1: "no time range".
    item.startSeconds = st.isNull(first + 8) ? -1 : st.real(first + 8);
    item.endSeconds = st.isNull(first + 9) ? -1 : st.real(first + 9);
    item.frameStripPng = st.blob(first + 10);
    return item;
}

} // namespace cortex::store
