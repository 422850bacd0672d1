#include "crawler/discovery/discovery.h"

#include "crawler/feeds/feed.h"
#include "crawler/sitemaps/sitemap.h"
#include "crawler/url/url.h"

namespace caravan::discovery {
namespace {

bool LastmodsAreGenerationTimes(const sitemaps::Sitemap& sitemap, int64_t fetched_ms) {
  constexpr int64_t kRecentMs = 3600'000;
  size_t recent = 0;
  for (const auto& e : sitemap.entries) {
    if (e.lastmod_ms && *e.lastmod_ms >= fetched_ms - kRecentMs) ++recent;
  }
  return sitemap.entries.size() >= 10 && recent * 2 > sitemap.entries.size();
}

bool LooksLikeWordPress(std::string_view body) {
  return body.find("/wp-content/") != std::string_view::npos ||
         body.find("/wp-includes/") != std::string_view::npos;
}

}  // namespace

bool LooksLikeFeed(std::string_view body) { return feeds::LooksLikeFeed(body); }

bool FromFeed(std::string_view body, std::string_view url, std::vector<Found>* out, std::string* error) {
  auto feed = feeds::ParseFeed(body, url, error);
  if (!feed) return false;
  for (const auto& entry : feed->entries) {
    Found f;
    f.url = entry.url;
    f.announced = true;
    f.lastmod_ms = entry.updated_ms ? entry.updated_ms : entry.published_ms;
    out->push_back(std::move(f));
  }
  return true;
}

bool FromSitemap(std::string_view body, std::string_view url, int64_t fetched_ms, std::vector<Found>* out,
                 std::string* error) {
  auto sitemap = sitemaps::ParseSitemap(body, url, error);
  if (!sitemap) return false;
  bool use_lastmod = !LastmodsAreGenerationTimes(*sitemap, fetched_ms);
  for (const auto& entry : sitemap->entries) {
    Found f;
    f.url = entry.url;
    f.kind = sitemap->is_index ? caravan::v1::SITEMAP : caravan::v1::PAGE;
    f.depth = sitemap->is_index ? 0 : 1;
    f.announced = !sitemap->is_index;
    if (use_lastmod) f.lastmod_ms = entry.lastmod_ms;
    out->push_back(std::move(f));
  }
  return true;
}

std::vector<Found> Conventional(std::string_view url, std::string_view body) {
  std::vector<Found> out;
  if (!LooksLikeWordPress(body)) return out;
  auto base = url::Parse(url);
  if (!base) return out;
  out.push_back({base->Origin() + "/feed/", caravan::v1::FEED, 0, false, std::nullopt});
  out.push_back({base->Origin() + "/wp-sitemap.xml", caravan::v1::SITEMAP, 0, false, std::nullopt});
  return out;
}

}  // namespace caravan::discovery
