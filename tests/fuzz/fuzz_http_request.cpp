// HTTP requests (core/serve/http_request_reader.cpp) from any bytes, fed in pieces whose sizes the
// input's first byte picks, as a socket would deliver them: the reader must never take more than it is
// given, never keep a body above the cap or a head above its limit, and always end in Complete or
// Error, or ask for more having taken every byte.
#include "serve/http_request_reader.h"

#include <QByteArrayView>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    cortex::serve::HttpLimits limits;
    limits.maxBodyBytes = 256;
    limits.maxHeaderBytes = 512;
    limits.maxHeaderCount = 8;
    const qsizetype piece = 1 + data[0] % 17;
    const QByteArrayView bytes(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);

    cortex::serve::HttpRequestReader reader(limits);
    qsizetype offset = 0;
    while (offset < bytes.size()) {
        const QByteArrayView chunk = bytes.sliced(offset, qMin(piece, bytes.size() - offset));
        const auto step = reader.feed(chunk);
        if (step.consumed < 0 || step.consumed > chunk.size())
            __builtin_trap();
        offset += step.consumed;
        using Progress = cortex::serve::HttpRequestReader::Progress;
        if (step.progress == Progress::NeedMore && step.consumed != chunk.size())
            __builtin_trap();
        if (step.progress == Progress::Error) {
            if (reader.errorStatus() < 400 || reader.errorStatus() > 599 || reader.errorMessage().isEmpty())
                __builtin_trap();
            break;
        }
        if (reader.bodyBytesRead() > limits.maxBodyBytes)
            __builtin_trap();
        if (step.progress == Progress::Complete) {
            const cortex::serve::HttpRequest request = reader.takeRequest();
            if (request.body.size() > limits.maxBodyBytes || request.headers.size() > limits.maxHeaderCount ||
                !request.path.startsWith('/'))
                __builtin_trap();
            reader.reset(); // the next pipelined request
        }
    }
    return 0;
}
