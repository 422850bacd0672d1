// Read-only JSON over the HTTP side port, for tools without gRPC: the
// Documents service's Get, List and Search, requests and answers in
// protobuf's JSON mapping (the .proto field names).
//
//   GET /api/v1/documents?source=cabar&language=ru&page_size=50&page_token=...
//   GET /api/v1/documents/ID[?version=2]
//   GET /api/v1/search?query="middle corridor"&language=en&published_after=2024-09-01T00:00:00Z
//
// Any field of the request message can be given as a query parameter by
// its name; `q` is short for `query`. Errors answer with the HTTP status
// of the gRPC code and {"code": ..., "message": ...}.
#pragma once

#include <optional>

#include "caravan/v1/documents.grpc.pb.h"
#include "net/http_server.h"
#include "services/api/auth.h"

namespace caravan::http {

// The answer to `request` when its path is under /api/v1/; nullopt for
// other paths. `documents` (not owned) serves it in process, so the JSON
// API means exactly what the gRPC one does.
// `authorizer` (may be null: open) checks the request's Authorization
// header against the consumer scope first, as the gRPC service does.
std::optional<net::HttpResponse> ServeJsonApi(const net::HttpRequest& request,
                                              caravan::v1::Documents::Service* documents,
                                              const api::Authorizer* authorizer = nullptr);

}  // namespace caravan::http
