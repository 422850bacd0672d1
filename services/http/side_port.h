// caravand's HTTP side port: /healthz, /metrics (Prometheus text format),
// a status page for people, and the read-only JSON API (json_api.h).
#pragma once

#include <functional>
#include <string>

#include "caravan/v1/admin.pb.h"
#include "caravan/v1/documents.grpc.pb.h"
#include "net/http_server.h"
#include "services/api/auth.h"

namespace caravan::http {

// Where the side port reads the live status from.
using StatusFn = std::function<caravan::v1::Status()>;

// The handler of the side port; `documents` (not owned) serves /api/v1/,
// which answers 404 without it.
net::HttpHandler SidePortHandler(StatusFn status, caravan::v1::Documents::Service* documents = nullptr,
                                 const api::Authorizer* authorizer = nullptr);

// Prometheus text exposition (format 0.0.4) of a status snapshot.
std::string RenderMetrics(const caravan::v1::Status& status);

// Self-refreshing HTML page with one row per source.
std::string RenderStatusPage(const caravan::v1::Status& status);

}  // namespace caravan::http
