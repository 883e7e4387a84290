#include "api/model_routes.h"

namespace cortex::api {

void addModelRoutes(serve::HttpServer &server, ModelApi &api)
{
    using serve::HttpRequest;
    using serve::Responder;
    const auto bind = [&api](void (ModelApi::*method)(const HttpRequest &, Responder)) {
        return [&api, method](const HttpRequest &request, Responder respond) {
            (api.*method)(request, std::move(respond));
        };
    };
    server.route("POST", "/v1/embeddings", bind(&ModelApi::embeddings));
    server.route("POST", "/v1/rerank", bind(&ModelApi::rerank));
    server.route("POST", "/rerank", bind(&ModelApi::rerank));
    server.route("POST", "/score", bind(&ModelApi::score));
    server.route("POST", "/v1/score", bind(&ModelApi::score));
    server.route("GET", "/v1/models", bind(&ModelApi::models));
    server.route("GET", "/health", bind(&ModelApi::health));
}

} // namespace cortex::api
