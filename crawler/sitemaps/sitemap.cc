#include "crawler/sitemaps/sitemap.h"

#include <zlib.h>

#include <cctype>
#include <climits>

#include "crawler/feeds/feed.h"
#include "crawler/feeds/trim.h"
#include "crawler/feeds/xml_stream.h"
#include "crawler/url/reference.h"

namespace caravan::sitemaps {
namespace {

// sitemaps.org caps a sitemap at 50 MB uncompressed; past that a gzip body
// is a mistake or a zip bomb.
constexpr size_t kMaxInflated = 50 * 1024 * 1024;

bool IsGzip(std::string_view body) {
  return body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1f &&
         static_cast<unsigned char>(body[1]) == 0x8b;
}

// Inflates a gzip body (all members, when several were concatenated). A
// stream cut short keeps what it inflated so far: a truncated download
// still lists URLs, which the XML reader then recovers.
std::optional<std::string> Gunzip(std::string_view in, std::string* error) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
    *error = "gzip: zlib could not start inflating";
    return std::nullopt;
  }
  std::string out;
  char buffer[64 * 1024];
  size_t fed = 0;
  int rc = Z_OK;
  while (true) {
    if (zs.avail_in == 0 && fed < in.size()) {
      size_t chunk = std::min<size_t>(in.size() - fed, UINT_MAX);
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + fed));
      zs.avail_in = static_cast<uInt>(chunk);
      fed += chunk;
    }
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof buffer;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - zs.avail_out);
    if (out.size() > kMaxInflated) {
      inflateEnd(&zs);
      *error = "gzip: inflates to more than the 50 MB a sitemap may have";
      return std::nullopt;
    }
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0 && fed == in.size()) break;
      inflateReset(&zs);  // another gzip member follows
      continue;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0 && fed == in.size()) break;  // truncated
    if (rc != Z_OK) {
      std::string reason = zs.msg ? zs.msg : "error " + std::to_string(rc);
      inflateEnd(&zs);
      if (!out.empty()) return out;  // corruption after some data: keep the good part
      *error = "gzip: corrupt data (" + reason + ")";
      return std::nullopt;
    }
  }
  inflateEnd(&zs);
  return out;
}

bool StartsWithHttp(std::string_view s) {
  auto prefix = [&](std::string_view p) {
    if (s.size() < p.size()) return false;
    for (size_t i = 0; i < p.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(s[i])) != p[i]) return false;
    }
    return true;
  };
  return prefix("http://") || prefix("https://");
}

// sitemaps.org text format: one absolute URL per line. Lines that are not
// http(s) URLs are skipped; a body with none at all is not a sitemap.
std::optional<Sitemap> ParseText(std::string_view body, std::string_view sitemap_url, std::string* error) {
  Sitemap sitemap;
  size_t lines = 0;
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = feeds::TrimSpace(body.substr(start, end - start));
    start = end + 1;
    if (line.empty()) continue;
    ++lines;
    if (!StartsWithHttp(line) || line.find_first_of(" \t") != std::string_view::npos) continue;
    if (auto url = url::ResolveReference(sitemap_url, line)) sitemap.entries.push_back({*url, std::nullopt});
  }
  if (sitemap.entries.empty()) {
    *error = "text sitemap: none of its " + std::to_string(lines) + " non-empty lines is an http(s) URL";
    return std::nullopt;
  }
  return sitemap;
}

enum class Root { kNone, kUrlset, kIndex, kFeed, kOther };

// Streams <urlset> and <sitemapindex>. Namespaces are not checked (sites
// omit them or use Google's pre-2006 one); structure is: <loc> and
// <lastmod> directly under a <url>/<sitemap>, so extension elements such as
// <image:loc> (one level deeper) are ignored.
class SitemapHandler : public feeds::xml::Handler {
 public:
  explicit SitemapHandler(std::string_view sitemap_url) : sitemap_url_(sitemap_url) {}

  bool Start(const feeds::xml::Element& e) override {
    if (e.depth == 1) {
      root_name_ = e.local;
      root_ = e.local == "urlset"         ? Root::kUrlset
              : e.local == "sitemapindex" ? Root::kIndex
              : (e.local == "rss" || e.local == "RDF" || e.local == "feed") ? Root::kFeed
                                                                             : Root::kOther;
      sitemap_.is_index = root_ == Root::kIndex;
      return false;
    }
    if (e.depth == 2) {
      in_item_ = e.local == (root_ == Root::kIndex ? "sitemap" : "url");
      item_first_entry_ = sitemap_.entries.size();
      pending_lastmod_.reset();
      news_date_.reset();
      return in_item_;  // for items that hold their URL without a <loc>
    }
    if (!in_item_) return false;
    if (e.depth == 3) {
      parent_ = e.local;
      return e.local == "loc" || e.local == "lastmod";
    }
    // Google News: <news:news><news:publication_date>.
    return e.depth == 4 && parent_ == "news" && e.local == "publication_date";
  }

  void End(const feeds::xml::Element& e, std::string text) override {
    if (!in_item_) return;
    if (e.depth == 2) {
      // <sitemap>https://...</sitemap>: some generators forget the <loc>.
      std::string_view bare = feeds::TrimSpace(text);
      if (sitemap_.entries.size() == item_first_entry_ && StartsWithHttp(bare) &&
          bare.find_first_of(" \t\r\n") == std::string_view::npos) {
        if (auto url = url::ResolveReference(sitemap_url_, bare)) sitemap_.entries.push_back({*url, pending_lastmod_});
      }
      // A news sitemap dates its articles by publication only.
      for (size_t i = item_first_entry_; i < sitemap_.entries.size(); ++i) {
        if (!sitemap_.entries[i].lastmod_ms) sitemap_.entries[i].lastmod_ms = news_date_;
      }
      in_item_ = false;
    } else if (e.depth == 3 && e.local == "loc") {
      // Broken generators put several <loc> in one item: each is an entry.
      if (auto url = url::ResolveReference(sitemap_url_, feeds::TrimSpace(text))) {
        bool first = sitemap_.entries.size() == item_first_entry_;
        sitemap_.entries.push_back({*url, first ? pending_lastmod_ : std::nullopt});
      }
    } else if (e.depth == 3 && e.local == "lastmod") {
      // Dates the latest <loc> of the item, or the next one when it comes first.
      auto date = feeds::ParseFeedDate(text);
      if (sitemap_.entries.size() > item_first_entry_) {
        sitemap_.entries.back().lastmod_ms = date;
      } else {
        pending_lastmod_ = date;
      }
    } else if (e.depth == 4 && e.local == "publication_date") {
      news_date_ = feeds::ParseFeedDate(text);
    }
  }

  bool Done() const override { return root_ == Root::kFeed || root_ == Root::kOther; }

  Root root() const { return root_; }
  const std::string& root_name() const { return root_name_; }
  Sitemap TakeSitemap() { return std::move(sitemap_); }

 private:
  std::string sitemap_url_;
  Root root_ = Root::kNone;
  std::string root_name_;
  Sitemap sitemap_;
  bool in_item_ = false;
  size_t item_first_entry_ = 0;
  std::string parent_;  // local name of the open depth-3 element
  std::optional<int64_t> pending_lastmod_;
  std::optional<int64_t> news_date_;
};

// sitemaps.org accepts RSS 2.0 and Atom feeds as sitemaps.
std::optional<Sitemap> FromFeed(std::string_view body, std::string_view sitemap_url, std::string* error) {
  auto feed = feeds::ParseFeed(body, sitemap_url, error);
  if (!feed) return std::nullopt;
  Sitemap sitemap;
  for (auto& entry : feed->entries) {
    sitemap.entries.push_back({std::move(entry.url), entry.updated_ms ? entry.updated_ms : entry.published_ms});
  }
  return sitemap;
}

std::optional<Sitemap> Parse(std::string_view body, std::string_view sitemap_url, std::string* error,
                             int gzip_layers = 0) {
  if (IsGzip(body)) {
    // Two layers happen: a .xml.gz served with Content-Encoding: gzip that
    // nobody decoded. More is not a sitemap.
    if (gzip_layers == 2) {
      *error = "gzip: more than two nested gzip layers";
      return std::nullopt;
    }
    std::optional<std::string> inflated = Gunzip(body, error);
    if (!inflated) return std::nullopt;
    return Parse(*inflated, sitemap_url, error, gzip_layers + 1);
  }
  std::string_view content = body;
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  while (!content.empty() && std::isspace(static_cast<unsigned char>(content.front()))) content.remove_prefix(1);
  if (!content.starts_with("<")) return ParseText(content, sitemap_url, error);

  SitemapHandler handler(sitemap_url);
  feeds::xml::ParseResult parsed = feeds::xml::Parse(body, sitemap_url, &handler);
  switch (handler.root()) {
    case Root::kUrlset:
    case Root::kIndex:
      return handler.TakeSitemap();
    case Root::kFeed:
      return FromFeed(body, sitemap_url, error);
    case Root::kOther:
      *error = "root element <" + handler.root_name() + "> is not urlset, sitemapindex or a feed";
      return std::nullopt;
    case Root::kNone:
      break;
  }
  *error = "not XML (" + (parsed.first_error.empty() ? std::string("no element") : parsed.first_error) + ")";
  return std::nullopt;
}

}  // namespace

std::optional<Sitemap> ParseSitemap(std::string_view body, std::string_view sitemap_url, std::string* error) {
  std::string local_error;
  auto sitemap = Parse(body, sitemap_url, &local_error);
  if (!sitemap && error) *error = std::move(local_error);
  return sitemap;
}

}  // namespace caravan::sitemaps
