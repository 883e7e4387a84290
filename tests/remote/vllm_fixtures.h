#pragma once
// vLLM's answers as its OpenAI-compatible server writes them, pinned here so that the client is tested
// against the documented shapes rather than against itself. Each cites where the shape comes from:
//
//   vllm/entrypoints/openai/protocol.py (github.com/vllm-project/vllm):
//     ModelList / ModelCard        {"object": "list", "data": [{"id", "object": "model", "created",
//                                   "owned_by": "vllm", "root", "parent", "max_model_len", "permission"}]}
//     EmbeddingResponse            {"id": "embd-...", "object": "list", "created", "model",
//                                   "data": [{"index", "object": "embedding", "embedding": [float]}],
//                                   "usage": UsageInfo}
//     RerankResponse               {"id", "model", "usage": {"prompt_tokens", "total_tokens"},
//                                   "results": [{"index", "document": {"text"}, "relevance_score"}]}
//     ScoreResponse                {"id", "object": "list", "created", "model",
//                                   "data": [{"index", "object": "score", "score"}], "usage"}
//     ErrorResponse                {"object": "error", "message", "type", "param", "code"}
//   tests/entrypoints/openai/test_vision_embedding.py: POST /v1/embeddings with "messages" (a user
//     message whose content is [{"type": "image_url", "image_url": {"url"}}, {"type": "text", "text"}])
//     and "encoding_format": "float"; one row in "data"; usage with completion_tokens 0.
//   examples/online_serving/openai_chat_embedding_client_for_multimodal.py (docs.vllm.ai, "OpenAI Chat
//     Embedding Client For Multimodal"): the same chat form, images as data: URLs (base64).
//   tests/entrypoints/openai/test_rerank.py: POST /rerank {"model", "query", "documents": [str]} ->
//     RerankResponse, "top_n"; an over-long input is answered 400 "Please reduce the length of the input."
//   tests/entrypoints/openai/test_score.py: POST /score {"model", "text_1", "text_2"} -> ScoreResponse.
//   vllm/entrypoints/openai/serving_engine.py (_check_model): a request for a model the server does not
//     serve is answered 404 ErrorResponse "The model `NAME` does not exist." of type NotFoundError.

#include <QByteArray>

namespace cortex::testing::vllm {

// GET /v1/models of a server started as `vllm serve Qwen/Qwen3-VL-Embedding-2B` from the HF cache.
inline const QByteArray kModelList =
    R"({"object":"list","data":[{"id":"Qwen/Qwen3-VL-Embedding-2B","object":"model","created":1764720000,"owned_by":"vllm","root":"/root/.cache/huggingface/hub/models--Qwen--Qwen3-VL-Embedding-2B/snapshots/0123456789abcdef0123456789abcdef01234567","parent":null,"max_model_len":8192,"permission":[{"id":"modelperm-5b1f0c3e","object":"model_permission","created":1764720000,"allow_create_engine":false,"allow_sampling":true,"allow_logprobs":true,"allow_search_indices":false,"allow_view":true,"allow_fine_tuning":false,"organization":"*","group":null,"is_blocking":false}]}]})";

// The same server answering for a reranker.
inline const QByteArray kRerankerModelList =
    R"({"object":"list","data":[{"id":"Qwen/Qwen3-VL-Reranker-2B","object":"model","created":1764720000,"owned_by":"vllm","root":"Qwen/Qwen3-VL-Reranker-2B","parent":null,"max_model_len":8192,"permission":[]}]})";

// POST /v1/embeddings with two inputs, answered with the rows out of order (the client must use
// "index", not the position).
inline const QByteArray kEmbeddingTwoRowsOutOfOrder =
    R"({"id":"embd-3f2a","object":"list","created":1764720001,"model":"Qwen/Qwen3-VL-Embedding-2B","data":[{"index":1,"object":"embedding","embedding":[0.0,0.6,0.0,0.8]},{"index":0,"object":"embedding","embedding":[0.5,0.5,0.5,0.5]}],"usage":{"prompt_tokens":42,"total_tokens":42,"completion_tokens":0,"prompt_tokens_details":null}})";

// POST /v1/rerank (test_rerank.py's query and documents), results sorted by relevance as vLLM does.
inline const QByteArray kRerankResponse =
    R"({"id":"rerank-9c1d","model":"Qwen/Qwen3-VL-Reranker-2B","usage":{"prompt_tokens":36,"total_tokens":36},"results":[{"index":1,"document":{"text":"The capital of France is Paris.","multi_modal":null},"relevance_score":0.9921875},{"index":0,"document":{"text":"The capital of Brazil is Brasilia.","multi_modal":null},"relevance_score":0.0031}]})";

// POST /score with one query and two documents.
inline const QByteArray kScoreResponse =
    R"({"id":"score-77aa","object":"list","created":1764720002,"model":"Qwen/Qwen3-VL-Reranker-2B","data":[{"index":0,"object":"score","score":0.0031},{"index":1,"object":"score","score":0.9921875}],"usage":{"prompt_tokens":36,"total_tokens":36,"completion_tokens":0,"prompt_tokens_details":null}})";

// 404 for a model the server does not serve.
inline const QByteArray kModelNotFound =
    R"({"object":"error","message":"The model `Qwen/Qwen3-VL-Embedding-8B` does not exist.","type":"NotFoundError","param":null,"code":404})";

// 400 for an input longer than the model's context (test_rerank.py, test_rerank_max_model_len).
inline const QByteArray kTooLong =
    R"({"object":"error","message":"This model's maximum context length is 8192 tokens. However, you requested 9000 tokens in the input for embedding generation. Please reduce the length of the input.","type":"BadRequestError","param":null,"code":400})";

// What a reverse proxy in front of a stopped server answers (not vLLM's).
inline const QByteArray kProxyHtml =
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n";

} // namespace cortex::testing::vllm
