// caravand's HTTP side port: /healthz, /metrics (Prometheus text format)
// and a status page for people.
#pragma once

#include <functional>
#include <string>

#include "caravan/v1/admin.pb.h"
#include "net/http_server.h"

namespace caravan::http {

// Where the side port reads the live status from.
using StatusFn = std::function<caravan::v1::Status()>;

// The handler of the side port.
net::HttpHandler SidePortHandler(StatusFn status);

// Prometheus text exposition (format 0.0.4) of a status snapshot.
std::string RenderMetrics(const caravan::v1::Status& status);

// Self-refreshing HTML page with one row per source.
std::string RenderStatusPage(const caravan::v1::Status& status);

}  // namespace caravan::http
