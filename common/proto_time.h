// Conversions between Unix milliseconds and google.protobuf time types.
#pragma once

#include <cstdint>

#include <google/protobuf/duration.pb.h>
#include <google/protobuf/timestamp.pb.h>

namespace caravan {

inline void SetTimestampMs(google::protobuf::Timestamp* ts, int64_t unix_ms) {
  int64_t seconds = unix_ms / 1000;
  int64_t ms = unix_ms % 1000;
  if (ms < 0) {
    ms += 1000;
    --seconds;
  }
  ts->set_seconds(seconds);
  ts->set_nanos(static_cast<int32_t>(ms * 1'000'000));
}

inline int64_t TimestampMs(const google::protobuf::Timestamp& ts) {
  return ts.seconds() * 1000 + ts.nanos() / 1'000'000;
}

inline void SetDurationMs(google::protobuf::Duration* d, int64_t ms) {
  d->set_seconds(ms / 1000);
  d->set_nanos(static_cast<int32_t>((ms % 1000) * 1'000'000));
}

}  // namespace caravan
