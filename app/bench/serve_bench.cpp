// cortex-bench-serve: the embeddings route of `cortex-cli serve` under concurrent load, with dynamic
// batching on and off. The server (Cortex's HTTP server and the model API, as the command wires them)
// runs in this process on 127.0.0.1; --clients threads each send their share of --requests over one
// keep-alive connection, one request after another (each a text of about --words words, in the rendered
// prompt form Cortex's own client sends). Prints the throughput and the p50/p99 latency of each mode.

#include "api/model_api.h"
#include "api/model_routes.h"
#include "embedding/qwen_models.h"
#include "remote/vllm_protocol.h"
#include "serve/http_server.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

using namespace cortex;

namespace {

struct Options {
    std::string model = CORTEX_TINY_A_DIR;
    int clients = 32;
    int requests = 640;
    int words = 40;
    int maxBatch = 16;
    int windowMs = 5;
};

void usage()
{
    std::fprintf(stderr,
                 "usage: cortex-bench-serve [--model DIR (the tiny test model)] [--clients N (32)]\n"
                 "       [--requests N (640)] [--words N (40)] [--max-batch N (16)] [--window-ms MS (5)]\n");
}

bool parse(int argc, char **argv, Options &o)
{
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc)
            return false;
        const char *v = argv[++i];
        if (a == "--model")
            o.model = v;
        else if (a == "--clients")
            o.clients = std::atoi(v);
        else if (a == "--requests")
            o.requests = std::atoi(v);
        else if (a == "--words")
            o.words = std::atoi(v);
        else if (a == "--max-batch")
            o.maxBatch = std::atoi(v);
        else if (a == "--window-ms")
            o.windowMs = std::atoi(v);
        else
            return false;
    }
    return o.clients > 0 && o.requests > 0 && o.words > 0 && o.maxBatch > 0 && o.windowMs >= 0;
}

std::string text(int request, int words)
{
    static const char *vocabulary[] = {"revenue", "chart", "cat",    "window", "quarter", "table",   "garden",
                                       "report",  "page",  "figure", "growth", "profit",  "summary", "notes"};
    std::string out = "request " + std::to_string(request) + ":";
    for (int w = 0; w < words; ++w)
        out += std::string(" ") + vocabulary[(request * 7 + w * 3) % 14];
    return out;
}

// One answer read from a keep-alive connection; false on any failure.
bool readAnswer(QTcpSocket &socket, int &status)
{
    QByteArray received;
    for (int waited = 0; waited < 600; ++waited) {
        const qsizetype end = received.indexOf("\r\n\r\n");
        if (end >= 0) {
            static const QRegularExpression length(QStringLiteral("(?i)content-length:\\s*(\\d+)"));
            const auto match = length.match(QString::fromLatin1(received.left(end)));
            const qsizetype body = match.hasMatch() ? match.captured(1).toLongLong() : 0;
            if (received.size() >= end + 4 + body) {
                status = received.mid(9, 3).toInt();
                return true;
            }
        }
        if (socket.state() != QAbstractSocket::ConnectedState && !socket.bytesAvailable())
            return false;
        socket.waitForReadyRead(1000);
        received += socket.readAll();
    }
    return false;
}

struct Figures {
    double seconds = 0;
    std::vector<double> latenciesMs;
    int failures = 0;
    api::BatchStats stats;
};

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}

Figures runLoad(embedding::Encoder &encoder, const Options &o, api::BatchOptions batching,
                const QString &model)
{
    api::ServedModels models;
    models.encoder = &encoder;
    models.encoderName = model;
    api::ModelApiOptions apiOptions;
    apiOptions.embedding = batching;
    apiOptions.embedding.maxQueue = std::max(256, o.clients * 2);
    api::ModelApi modelApi(models, apiOptions);
    serve::HttpServer server;
    api::addModelRoutes(server, modelApi);
    if (auto listening = server.listen(QHostAddress::LocalHost, 0); !listening) {
        std::fprintf(stderr, "cortex-bench-serve: %s\n", listening.error().message.c_str());
        std::exit(1);
    }
    const quint16 port = server.port();

    Figures figures;
    std::vector<std::vector<double>> latencies(size_t(o.clients));
    std::atomic<int> failures{0};
    QElapsedTimer wall;
    wall.start();
    std::thread load([&] {
        std::vector<std::thread> clients;
        for (int c = 0; c < o.clients; ++c)
            clients.emplace_back([&, c] {
                QTcpSocket socket;
                socket.connectToHost(QStringLiteral("127.0.0.1"), port);
                if (!socket.waitForConnected(10'000)) {
                    ++failures;
                    return;
                }
                for (int r = c; r < o.requests; r += o.clients) {
                    embedding::EncodeInput input;
                    input.text = text(r, o.words);
                    const QByteArray body = remote::textEmbeddingRequest(model, std::span(&input, 1),
                                                                         "Represent the user's input.");
                    const QByteArray request =
                        "POST /v1/embeddings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
                        QByteArray::number(body.size()) + "\r\n\r\n" + body;
                    QElapsedTimer clock;
                    clock.start();
                    socket.write(request);
                    int status = 0;
                    if (!readAnswer(socket, status) || status != 200) {
                        ++failures;
                        return;
                    }
                    latencies[size_t(c)].push_back(double(clock.nsecsElapsed()) / 1e6);
                }
            });
        for (auto &t : clients)
            t.join();
        QMetaObject::invokeMethod(QCoreApplication::instance(), &QCoreApplication::quit,
                                  Qt::QueuedConnection);
    });
    QCoreApplication::exec();
    load.join();
    figures.seconds = double(wall.nsecsElapsed()) / 1e9;
    for (const auto &l : latencies)
        figures.latenciesMs.insert(figures.latenciesMs.end(), l.begin(), l.end());
    figures.failures = failures.load();
    figures.stats = modelApi.embeddingStats();
    server.close();
    return figures;
}

void print(const char *mode, const Figures &f)
{
    std::printf("%-22s %6zu requests in %7.2f s: %8.1f requests/s, latency p50 %8.1f ms, p99 %8.1f ms; "
                "%zu engine batches (largest %zu), %d failed\n",
                mode, f.latenciesMs.size(), f.seconds, double(f.latenciesMs.size()) / f.seconds,
                percentile(f.latenciesMs, 0.5), percentile(f.latenciesMs, 0.99), f.stats.batches,
                f.stats.largestBatch, f.failures);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Options o;
    if (!parse(argc, argv, o)) {
        usage();
        return 2;
    }
    auto encoder = embedding::QwenEncoder::load(o.model, {}, 0);
    if (!encoder) {
        std::fprintf(stderr, "cortex-bench-serve: %s\n", encoder.error().message.c_str());
        return 1;
    }
    const QString model = QString::fromStdString((*encoder)->identity().modelName);
    std::printf("cortex-bench-serve: %s on %s (%s), %d clients, %d requests of ~%d words each\n",
                model.toStdString().c_str(), (*encoder)->compute().device.c_str(),
                (*encoder)->compute().dtype.c_str(), o.clients, o.requests, o.words);
    api::BatchOptions on;
    on.maxBatch = o.maxBatch;
    on.windowMs = o.windowMs;
    api::BatchOptions off;
    off.maxBatch = 1;
    off.windowMs = 0;
    // A short warm-up, so that neither mode pays for the first allocations.
    Options warm = o;
    warm.requests = std::min(o.requests, o.clients);
    runLoad(**encoder, warm, on, model);
    const std::string onLabel =
        "batching on (" + std::to_string(o.maxBatch) + ", " + std::to_string(o.windowMs) + " ms)";
    print(onLabel.c_str(), runLoad(**encoder, o, on, model));
    print("batching off", runLoad(**encoder, o, off, model));
    return 0;
}
