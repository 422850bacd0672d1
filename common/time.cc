#include "common/time.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "common/clock.h"

namespace caravan {

const Clock* SystemClock() {
  class System : public Clock {
   public:
    int64_t NowMs() const override { return caravan::NowMs(); }
  };
  static const System clock;
  return &clock;
}

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::optional<int64_t> ParseDurationMs(std::string_view text) {
  if (text.empty()) return std::nullopt;
  int64_t total = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    int64_t value = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      value = value * 10 + (text[i] - '0');
      if (value > (int64_t{1} << 40)) return std::nullopt;
      ++i;
    }
    if (i == start) return std::nullopt;
    size_t unit_start = i;
    while (i < text.size() && (text[i] < '0' || text[i] > '9')) ++i;
    std::string_view unit = text.substr(unit_start, i - unit_start);
    int64_t factor;
    if (unit == "ms") factor = 1;
    else if (unit == "s") factor = 1000;
    else if (unit == "m") factor = 60'000;
    else if (unit == "h") factor = 3'600'000;
    else if (unit == "d") factor = 86'400'000;
    else return std::nullopt;
    total += value * factor;
  }
  return total;
}

std::string FormatRfc3339(int64_t unix_ms) {
  std::time_t secs = static_cast<std::time_t>(unix_ms / 1000);
  int ms = static_cast<int>(unix_ms % 1000);
  if (ms < 0) { ms += 1000; --secs; }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out(buf, n);
  if (ms != 0) {
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%03d", ms);
    out += frac;
  }
  out += 'Z';
  return out;
}

std::string FormatRfc3339(int64_t unix_ms, int offset_min) {
  if (offset_min == 0) return FormatRfc3339(unix_ms);
  std::string local = FormatRfc3339(unix_ms + offset_min * 60'000LL);
  local.pop_back();  // 'Z'
  char zone[16];
  int abs = offset_min < 0 ? -offset_min : offset_min;
  std::snprintf(zone, sizeof zone, "%c%02d:%02d", offset_min < 0 ? '-' : '+', abs / 60, abs % 60);
  return local + zone;
}

}  // namespace caravan
