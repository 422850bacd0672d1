// Feed parsing: RSS, RDF, Atom and JSON Feed through the streaming XML
// reader, with the feed dates and the HTML flattening of titles.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "crawler/feeds/feed.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace feeds = caravan::feeds;
  std::string_view body(reinterpret_cast<const char*>(data), size);
  feeds::LooksLikeFeed(body);
  std::string error;
  feeds::ParseFeed(body, "https://www.example.org/en/feed/", &error);
  feeds::ParseFeedDate(body.substr(0, 256));
  return 0;
}
