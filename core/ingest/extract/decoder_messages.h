#pragma once
// What image decoders say while they decode, kept for the file's failure reason instead of the process's
// standard error. In cortex-cli a damaged PNG printed a bare "libpng error: Read Error" line beside a
// failure that said less ("Unable to read image data"), and in the window the words went nowhere.
//
// Decoders speak in two ways: through Qt (qWarning: libjpeg's "Premature end of JPEG file", libpng's
// warnings), and straight onto file descriptor 2 (libpng's errors: Qt leaves libpng's default error
// function in place, which writes "libpng error: ..." there itself). While a DecoderMessages object lives:
// - the Qt messages of its thread are collected (those of other threads, and all of them when none is
//   alive, go to the handler that was installed before: the collecting handler is installed once, on
//   first use, and passes on what it does not collect);
// - with CaptureStandardError, descriptor 2 is a temporary file; the lines that start with "libpng" are
//   collected and every other line is written to the real standard error when it ends, so nothing is
//   lost (output of other threads in that time is delayed, not dropped). Descriptor 2 is the process's:
//   such captures are serialised, one decode at a time.

#include <QStringList>

#include <memory>

namespace cortex::ingest::detail {

class DecoderMessages {
public:
    enum Mode { QtMessages, CaptureStandardError };
    explicit DecoderMessages(Mode mode = QtMessages);
    ~DecoderMessages();
    DecoderMessages(const DecoderMessages &) = delete;
    DecoderMessages &operator=(const DecoderMessages &) = delete;

    // Stops collecting (restores descriptor 2 and the thread's previous collector); idempotent.
    void stop();
    const QStringList &messages() const { return messages_; }
    // `reason` followed by what the decoder said, when it said anything: "REASON: libpng error: ...".
    QString appendTo(const QString &reason) const;

    void add(const QString &message); // called by the message handler

private:
    class StandardErrorCapture;
    QStringList messages_;
    DecoderMessages *outer_ = nullptr; // an enclosing collector on the same thread
    bool active_ = true;
    std::unique_ptr<StandardErrorCapture> capture_;
};

} // namespace cortex::ingest::detail
