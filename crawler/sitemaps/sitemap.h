// XML sitemaps (sitemaps.org 0.9): urlsets and sitemap indexes, gzip or
// plain, plus plain-text sitemaps (one URL per line) and the RSS/Atom feeds
// sitemaps.org allows in their place.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caravan::sitemaps {

struct SitemapEntry {
  std::string url;  // absolute
  // <lastmod>; in news sitemaps without one, news:publication_date.
  std::optional<int64_t> lastmod_ms;
};

struct Sitemap {
  // True for a <sitemapindex>: entries are further sitemaps.
  bool is_index = false;
  std::vector<SitemapEntry> entries;
};

// Parses a sitemap body; gunzips it first when it starts with the gzip
// magic (at most two layers, 50 MB inflated). Namespaces are not enforced
// and malformed or truncated XML keeps what was read. Entries outside the
// sitemap's own host are kept (the caller applies scope). nullopt with
// `error` set when nothing sitemap-like is found.
std::optional<Sitemap> ParseSitemap(std::string_view body, std::string_view sitemap_url,
                                    std::string* error = nullptr);

}  // namespace caravan::sitemaps
