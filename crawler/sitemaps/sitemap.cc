#include "crawler/sitemaps/sitemap.h"

#include <zlib.h>

#include "crawler/feeds/feed.h"
#include "crawler/url/url.h"
#include "crawler/xml/xml_doc.h"

namespace caravan::sitemaps {
namespace {

// The sitemaps.org limit is 50 MB uncompressed; more is a zip bomb.
constexpr size_t kMaxInflated = 50 * 1024 * 1024;

bool Gunzip(std::string_view in, std::string* out, std::string* error) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
    *error = "zlib init failed";
    return false;
  }
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  char buffer[64 * 1024];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof buffer;
    rc = inflate(&zs, Z_NO_FLUSH);
    out->append(buffer, sizeof buffer - zs.avail_out);
    if (out->size() > kMaxInflated) {
      inflateEnd(&zs);
      *error = "gzip sitemap inflates beyond 50 MB";
      return false;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;  // truncated: keep what we have
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END && rc != Z_BUF_ERROR && out->empty()) {
    *error = "corrupt gzip data";
    return false;
  }
  return true;
}

std::string Absolute(std::string_view base, const std::string& ref) {
  auto resolved = url::Resolve(base, ref);
  return resolved ? *resolved : "";
}

std::optional<Sitemap> ParseText(std::string_view body, std::string_view sitemap_url) {
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  Sitemap sitemap;
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    std::string line(body.substr(start, end - start));
    start = end + 1;
    while (!line.empty() && isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
    size_t b = line.find_first_not_of(" \t");
    if (b == std::string::npos) continue;
    line = line.substr(b);
    if (line.rfind("http://", 0) != 0 && line.rfind("https://", 0) != 0) continue;
    std::string u = Absolute(sitemap_url, line);
    if (!u.empty()) sitemap.entries.push_back({u, std::nullopt});
  }
  if (sitemap.entries.empty()) return std::nullopt;
  return sitemap;
}

}  // namespace

std::optional<Sitemap> ParseSitemap(std::string_view body, std::string_view sitemap_url, std::string* error) {
  std::string inflated;
  std::string local_error;
  if (body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1f && static_cast<unsigned char>(body[1]) == 0x8b) {
    if (!Gunzip(body, &inflated, &local_error)) {
      if (error) *error = local_error;
      return std::nullopt;
    }
    body = inflated;
  }
  std::string_view head = body.substr(0, 512);
  if (head.find('<') == std::string_view::npos) {
    auto text = ParseText(body, sitemap_url);
    if (!text && error) *error = "neither XML nor a list of URLs";
    return text;
  }
  xml::DocPtr doc = xml::Parse(body);
  xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (!root) {
    if (error) *error = "not XML";
    return std::nullopt;
  }
  Sitemap sitemap;
  std::string_view kind = xml::LocalName(root);
  const char* child;
  if (kind == "urlset") {
    child = "url";
  } else if (kind == "sitemapindex") {
    sitemap.is_index = true;
    child = "sitemap";
  } else {
    if (error) *error = "root element <" + std::string(kind) + "> is not urlset or sitemapindex";
    return std::nullopt;
  }
  for (xmlNode* node : xml::Children(root, child)) {
    std::string loc = xml::Text(xml::Child(node, "loc"));
    if (loc.empty()) continue;
    SitemapEntry entry;
    entry.url = Absolute(sitemap_url, loc);
    if (entry.url.empty()) continue;
    entry.lastmod_ms = feeds::ParseFeedDate(xml::Text(xml::Child(node, "lastmod")));
    if (!entry.lastmod_ms) {
      // Google News sitemaps carry the date in news:publication_date.
      if (xmlNode* news = xml::Child(node, "news")) {
        entry.lastmod_ms = feeds::ParseFeedDate(xml::Text(xml::Child(news, "publication_date")));
      }
    }
    sitemap.entries.push_back(std::move(entry));
  }
  return sitemap;
}

}  // namespace caravan::sitemaps
