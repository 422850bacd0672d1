// robots.txt parsing and matching: the body as served, checked against
// fixed paths and against the paths its own lines name.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crawler/robots/robots.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using caravan::robots::RobotsRules;
  std::string_view body(reinterpret_cast<const char*>(data), size);
  RobotsRules rules = RobotsRules::Parse(body, "caravan");
  for (std::string_view path : {"/", "/private/a.html", "/en/2024/09/13/x?utm=1", "/%7Euser/a%2Fb$"}) {
    rules.Check(path);
  }
  // Each line's value as a path, so that patterns meet strings they match.
  size_t checked = 0;
  for (size_t pos = 0; pos < body.size() && checked < 64; ++checked) {
    size_t nl = body.find('\n', pos);
    std::string_view line = body.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    std::string_view value = line.substr(std::min(line.size(), line.find(':') + 1));
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    // Check takes a URL's path[?query], which always starts with '/'.
    if (value.starts_with('/')) rules.Check(value);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  rules.crawl_delay();
  caravan::robots::ProductToken(body.substr(0, body.find('\n')));
  return 0;
}
