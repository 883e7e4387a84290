#include "ingest/extract/decoder_messages.h"

#include <QtGlobal>

#include <cstdio>
#include <mutex>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

namespace cortex::ingest::detail {
namespace {

thread_local DecoderMessages *tCollector = nullptr;
QtMessageHandler gPrevious = nullptr;

// Kept short: a decoder can repeat itself for every row of a damaged image.
constexpr qsizetype kMaxMessages = 4;
// What is read back from a capture of standard error.
constexpr ssize_t kMaxCapturedBytes = 64 * 1024;

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (tCollector && type != QtFatalMsg) {
        tCollector->add(message);
        return;
    }
    if (gPrevious)
        gPrevious(type, context, message);
}

std::mutex gStandardErrorMutex;

void writeAll(int fd, const char *data, size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n <= 0)
            return;
        data += n;
        size -= size_t(n);
    }
}

} // namespace

class DecoderMessages::StandardErrorCapture {
public:
    StandardErrorCapture() : lock_(gStandardErrorMutex)
    {
        std::fflush(stderr);
        file_ = ::memfd_create("cortex-decoder-messages", MFD_CLOEXEC);
        saved_ = file_ >= 0 ? ::fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 0) : -1;
        if (saved_ < 0 || ::dup2(file_, STDERR_FILENO) < 0) {
            // Not captured: the decoder's words go to standard error as before.
            if (saved_ >= 0)
                ::close(saved_);
            if (file_ >= 0)
                ::close(file_);
            saved_ = file_ = -1;
        }
    }
    ~StandardErrorCapture() { finish(nullptr); }

    // Restores descriptor 2; the decoder's lines go to `messages`, the others to the real standard error.
    void finish(QStringList *messages)
    {
        if (file_ < 0)
            return;
        std::fflush(stderr);
        ::dup2(saved_, STDERR_FILENO);
        ::close(saved_);
        QByteArray captured(kMaxCapturedBytes, Qt::Uninitialized);
        const ssize_t n = ::pread(file_, captured.data(), size_t(captured.size()), 0);
        captured.resize(n > 0 ? n : 0);
        ::close(file_);
        saved_ = file_ = -1;
        QByteArray others;
        for (const QByteArray &line : captured.split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            if (line.startsWith("libpng") && messages) {
                const QString text = QString::fromUtf8(line).trimmed();
                if (!messages->contains(text) && messages->size() < kMaxMessages)
                    *messages << text;
            } else {
                others += line + '\n';
            }
        }
        writeAll(STDERR_FILENO, others.constData(), size_t(others.size()));
    }

private:
    std::lock_guard<std::mutex> lock_;
    int file_ = -1;
    int saved_ = -1;
};

void DecoderMessages::add(const QString &message)
{
    const QString text = message.trimmed();
    if (!text.isEmpty() && !messages_.contains(text) && messages_.size() < kMaxMessages)
        messages_ << text;
}

DecoderMessages::DecoderMessages(Mode mode) : outer_(tCollector)
{
    static std::once_flag installed;
    std::call_once(installed, [] { gPrevious = qInstallMessageHandler(handler); });
    tCollector = this;
    if (mode == CaptureStandardError)
        capture_ = std::make_unique<StandardErrorCapture>();
}

DecoderMessages::~DecoderMessages()
{
    stop();
}

void DecoderMessages::stop()
{
    if (!active_)
        return;
    active_ = false;
    if (capture_) {
        capture_->finish(&messages_);
        capture_.reset();
    }
    tCollector = outer_;
}

QString DecoderMessages::appendTo(const QString &reason) const
{
    if (messages_.isEmpty())
        return reason;
    return reason + QStringLiteral(": ") + messages_.join(QStringLiteral("; "));
}

} // namespace cortex::ingest::detail
