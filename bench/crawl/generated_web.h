// The generated web of `make bench-crawl`: many think-tank-like sites, each
// with a home page, an RSS feed, a sitemap, robots.txt and article pages
// linking to each other. Every response is computed from (site, page) on
// request, so a 100,000-page web costs no memory and no disk.
#pragma once

#include <string>

#include "net/http_server.h"

namespace caravan::bench {

struct WebShape {
  int pages = 100;       // articles per site
  int feed_items = 20;   // newest articles in the feed
  int home_links = 30;   // newest articles on the home page
};

// The response of site `site` (0-based) served at `origin`
// ("http://127.0.1.1:18180") for `path`; 404 for paths the site lacks.
net::HttpResponse Serve(const WebShape& shape, int site, const std::string& origin, const std::string& path);

}  // namespace caravan::bench
