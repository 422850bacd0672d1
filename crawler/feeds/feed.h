// RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed parsing: feeds are URL sources.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caravan::feeds {

struct FeedEntry {
  // Absolute, resolved against the feed URL / xml:base. RSS: <link>, else a
  // permalink <guid> (never one with isPermaLink="false"), else rdf:about.
  // Atom: the rel="alternate" (or rel-less) link, HTML types first. JSON
  // Feed: url, else external_url. Entries without one are dropped.
  std::string url;
  std::string title;  // plain text: HTML/XHTML titles are flattened
  // Unix ms. published: pubDate, Atom published/issued, dc:date,
  // dcterms:issued, else created. updated: Atom updated/modified,
  // dcterms:modified, JSON date_modified.
  std::optional<int64_t> published_ms;
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

// Parses a feed. Malformed XML is recovered where libxml2 can; external
// entities and DTDs are never loaded. Returns nullopt with `error` set (what
// was found instead: not XML, another root element, invalid JSON) when
// nothing feed-like is found.
std::optional<Feed> ParseFeed(std::string_view body, std::string_view feed_url,
                              std::string* error = nullptr);

// Parses the date formats feeds use (RFC 822/1123 with named, military or
// numeric zones and 2-digit years; RFC 3339 / W3C-DTF; ISO 8601 variants;
// asctime). No zone means UTC; out-of-range fields mean nullopt. Unix ms.
std::optional<int64_t> ParseFeedDate(std::string_view text);

}  // namespace caravan::feeds
