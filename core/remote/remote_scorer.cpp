#include "remote/remote_scorer.h"

#include "remote/remote_call.h"
#include "remote/vllm_protocol.h"

#include <algorithm>

namespace cortex::remote {

Result<std::unique_ptr<RemoteScorer>> RemoteScorer::connect(const RemoteEndpoint &endpoint, ScoreApi api)
{
    auto model = findServedModel(endpoint);
    if (!model)
        return model.error();
    std::unique_ptr<RemoteScorer> scorer(new RemoteScorer);
    scorer->endpoint_ = endpoint;
    scorer->endpoint_.model = model->id;
    scorer->api_ = api;
    return scorer;
}

Result<std::vector<double>> RemoteScorer::score(const embedding::EncodeInput &query,
                                                std::span<const embedding::EncodeInput> documents)
{
    const QString server = serverName(endpoint_);
    const size_t batch = size_t(std::max(1, endpoint_.batchSize));
    std::vector<double> out;
    out.reserve(documents.size());
    for (size_t start = 0; start < documents.size(); start += batch) {
        const auto part = documents.subspan(start, std::min(batch, documents.size() - start));
        const bool rerank = api_ == ScoreApi::Rerank;
        auto answer = callServer(endpoint_, rerank ? QStringLiteral("/v1/rerank") : QStringLiteral("/score"),
                                 rerank ? rerankRequest(endpoint_.model, query, part)
                                        : scoreRequest(endpoint_.model, query, part));
        if (!answer)
            return answer.error();
        auto scores = rerank ? parseRerankResponse(*answer, part.size(), server)
                             : parseScoreResponse(*answer, part.size(), server);
        if (!scores)
            return scores.error();
        for (const double s : *scores) {
            if (s < 0 || s > 1) {
                const QString message =
                    server +
                    QStringLiteral(" sent a relevance of %1, outside 0..1 (is the reranker served with "
                                   "its activation turned off?)")
                        .arg(s);
                return makeError(message.toStdString(), ErrorKind::Corrupt);
            }
            out.push_back(s);
        }
    }
    return out;
}

} // namespace cortex::remote
