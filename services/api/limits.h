// Message sizes our own gRPC clients accept.
#pragma once

namespace caravan::api {

// A Get of the largest document (extraction cuts text at 20 MiB) with its
// attached files' documents; List pages stay far smaller (max_page_bytes).
inline constexpr int kClientMaxReceiveBytes = 64 << 20;

}  // namespace caravan::api
