#pragma once
// The model API's routes on Cortex's HTTP server: the paths vLLM's OpenAI-compatible server answers
// (/v1/embeddings, /v1/rerank and /rerank, /score and /v1/score, /v1/models, /health).

#include "api/model_api.h"
#include "serve/http_server.h"

namespace cortex::api {

// `api` must outlive the server's routes (close the server before destroying it).
void addModelRoutes(serve::HttpServer &server, ModelApi &api);

} // namespace cortex::api
