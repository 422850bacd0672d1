// What a fetched hub says exists: a feed's items, a sitemap's locations,
// and the feed and sitemap a WordPress site has whether or not it links
// them. The pipeline decides scope and depth; this knows the formats.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caravan/v1/stages.pb.h"

namespace caravan::discovery {

// One URL a hub names, absolute but not yet normalized or scoped.
struct Found {
  std::string url;
  caravan::v1::UrlKind kind = caravan::v1::PAGE;
  // Hops from the source's entry points: feed items and sitemap locations
  // are one, whatever the depth of the hub; sitemaps a sitemap index
  // names, and a site's conventional feed and sitemap, are entry points.
  int depth = 1;
  // Published by the source's own account (a feed item, a sitemap entry):
  // the frontier serves these before URLs found in links.
  bool announced = false;
  // When the source says the page last changed; for a feed item its
  // updated date, else its published date.
  std::optional<int64_t> lastmod_ms;
};

// Whether `body` is a feed, whatever it was fetched as (a start URL that
// turns out to be one, say).
bool LooksLikeFeed(std::string_view body);

// The items of the RSS, Atom or JSON feed `body` fetched from `url`; false
// with `error` set when it is no feed.
bool FromFeed(std::string_view body, std::string_view url, std::vector<Found>* out, std::string* error);

// The entries of the sitemap or sitemap index `body` fetched from `url` at
// `fetched_ms`. Lastmods are dropped when most of them are within the hour
// before the fetch: such a sitemap stamps every URL with the time it was
// generated, which says nothing about the pages and would refetch all of
// them on every visit. False with `error` set when it is no sitemap.
bool FromSitemap(std::string_view body, std::string_view url, int64_t fetched_ms, std::vector<Found>* out,
                 std::string* error);

// The feed and sitemap of the site of start page `url` with HTML `body`
// by convention: WordPress, which most think tanks run on, serves /feed/
// and /wp-sitemap.xml (SEO plugins redirect it to theirs) whether or not
// the theme links them. Empty for other sites.
std::vector<Found> Conventional(std::string_view url, std::string_view body);

}  // namespace caravan::discovery
