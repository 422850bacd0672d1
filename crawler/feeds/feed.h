// RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed parsing: feeds are URL sources.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caravan::feeds {

struct FeedEntry {
  std::string url;    // absolute, resolved against the feed URL / xml:base
  std::string title;
  std::optional<int64_t> published_ms;  // Unix ms
  std::optional<int64_t> updated_ms;
};

struct Feed {
  std::string title;
  std::string link;  // the site the feed belongs to
  std::vector<FeedEntry> entries;
};

// True when `body` looks like a feed (by its root element / JSON shape),
// whatever the Content-Type said.
bool LooksLikeFeed(std::string_view body);

// Parses a feed. Malformed XML is recovered where libxml2 can; returns
// nullopt with `error` set when nothing feed-like is found.
std::optional<Feed> ParseFeed(std::string_view body, std::string_view feed_url,
                              std::string* error = nullptr);

// Parses the date formats feeds use (RFC 822/1123 with named or numeric
// zones, RFC 3339 / W3C-DTF, ISO 8601 variants). Unix ms, or nullopt.
std::optional<int64_t> ParseFeedDate(std::string_view text);

}  // namespace caravan::feeds
