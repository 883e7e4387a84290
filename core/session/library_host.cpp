#include "session/library_host.h"

#include "library/library.h"

#include <filesystem>
#include <utility>

namespace cortex::session {

LibraryHost::LibraryHost(Callbacks callbacks) : callbacks_(std::move(callbacks))
{
    libraryPool_.setMaxThreadCount(1);
    longWorkPool_.setMaxThreadCount(1);
    previewPool_.setMaxThreadCount(1);
}

LibraryHost::~LibraryHost()
{
    waitForDone();
}

void LibraryHost::waitForDone()
{
    longWorkPool_.waitForDone();
    previewPool_.waitForDone();
    libraryPool_.waitForDone();
}

QFuture<Status> LibraryHost::open(const QString &directory)
{
    return QtConcurrent::run(&libraryPool_, [this, directory]() -> Status {
        // A library that a task still uses (switch to B and back to A while a long task holds A) is
        // taken up again, never opened a second time: two Library objects of one folder would be two
        // writers with two in-memory indexes (Library::open refuses that within a process).
        std::error_code ec;
        const std::string key =
            std::filesystem::weakly_canonical(std::filesystem::absolute(directory.toStdString()), ec)
                .string();
        std::shared_ptr<library::Library> library;
        {
            std::lock_guard lock(mutex_);
            if (const auto it = openLibraries_.find(key); it != openLibraries_.end())
                library = it->second.lock();
        }
        if (!library) {
            auto opened = library::Library::open(directory.toStdString(), [this](const Progress &p) {
                if (callbacks_.progress)
                    callbacks_.progress(p);
            });
            if (!opened) {
                std::lock_guard lock(mutex_);
                openError_ = QString::fromStdString(opened.error().message);
                return opened.error();
            }
            library = std::move(opened).value();
        }
        {
            std::lock_guard lock(mutex_);
            openLibraries_[key] = library;
            library_ = std::move(library);
            directory_ = directory;
            openError_.clear();
        }
        if (callbacks_.opened)
            callbacks_.opened(directory);
        return {};
    });
}

bool LibraryHost::isOpen() const
{
    std::lock_guard lock(mutex_);
    return library_ != nullptr;
}

std::shared_ptr<library::Library> LibraryHost::library() const
{
    std::lock_guard lock(mutex_);
    return library_;
}

QString LibraryHost::openError() const
{
    std::lock_guard lock(mutex_);
    return openError_;
}

QString LibraryHost::directory() const
{
    std::lock_guard lock(mutex_);
    return directory_;
}

} // namespace cortex::session
