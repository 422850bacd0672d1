// Sitemap parsing: XML, text and gzip sitemaps, sitemap indexes, and feeds
// served as sitemaps.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "crawler/sitemaps/sitemap.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string error;
  caravan::sitemaps::ParseSitemap(std::string_view(reinterpret_cast<const char*>(data), size),
                                  "https://www.example.org/sitemap.xml", &error);
  return 0;
}
