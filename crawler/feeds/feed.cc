#include "crawler/feeds/feed.h"

#include <nlohmann/json.hpp>

#include "crawler/url/url.h"
#include "crawler/xml/xml_doc.h"

namespace caravan::feeds {
namespace {

std::string_view SkipPrologue(std::string_view body) {
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  while (!body.empty() && isspace(static_cast<unsigned char>(body.front()))) body.remove_prefix(1);
  return body;
}

std::string Absolute(const std::string& base, const std::string& ref) {
  if (ref.empty()) return "";
  auto resolved = url::Resolve(base, ref);
  return resolved ? *resolved : "";
}

// xml:base in effect at `node` (Atom), resolved from the outside in.
std::string BaseOf(const xmlNode* node, const std::string& document_url) {
  xmlChar* base = xmlNodeGetBase(node->doc, node);
  if (!base) return document_url;
  std::string b(reinterpret_cast<const char*>(base));
  xmlFree(base);
  std::string resolved = Absolute(document_url, b);
  return resolved.empty() ? document_url : resolved;
}

std::optional<int64_t> DateOf(const xmlNode* item, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (auto d = ParseFeedDate(xml::Text(xml::Child(item, name)))) return d;
  }
  return std::nullopt;
}

void ParseRssItems(const xmlNode* parent, const std::string& feed_url, Feed* feed) {
  for (xmlNode* item : xml::Children(parent, "item")) {
    FeedEntry e;
    e.title = xml::Text(xml::Child(item, "title"));
    std::string link = xml::Text(xml::Child(item, "link"));
    if (link.empty()) {
      // <guid> is the permalink unless isPermaLink="false".
      xmlNode* guid = xml::Child(item, "guid");
      if (guid && xml::Attr(guid, "isPermaLink") != "false") link = xml::Text(guid);
    }
    if (link.empty()) link = xml::Attr(item, "about");  // RSS 1.0 rdf:about
    e.url = Absolute(BaseOf(item, feed_url), link);
    if (e.url.empty()) continue;
    e.published_ms = DateOf(item, {"pubDate", "date", "published", "issued"});
    e.updated_ms = DateOf(item, {"updated", "modified"});
    feed->entries.push_back(std::move(e));
  }
}

std::string AtomLink(const xmlNode* node) {
  std::string fallback;
  for (xmlNode* link : xml::Children(node, "link")) {
    std::string rel = xml::Attr(link, "rel");
    std::string href = xml::Attr(link, "href");
    if (href.empty()) continue;
    if (rel.empty() || rel == "alternate") return href;
    if (fallback.empty() && rel != "self" && rel != "edit" && rel != "replies") fallback = href;
  }
  return fallback;
}

std::optional<Feed> ParseJsonFeed(std::string_view body, std::string_view feed_url, std::string* error) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("items") || !j["items"].is_array()) {
    if (error) *error = "not a JSON Feed (no items array)";
    return std::nullopt;
  }
  Feed feed;
  std::string base(feed_url);
  auto str = [](const nlohmann::json& o, const char* key) {
    return o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : std::string();
  };
  feed.title = str(j, "title");
  feed.link = str(j, "home_page_url");
  for (const auto& item : j["items"]) {
    if (!item.is_object()) continue;
    FeedEntry e;
    std::string link = str(item, "url");
    if (link.empty()) link = str(item, "external_url");
    e.url = Absolute(base, link);
    if (e.url.empty()) continue;
    e.title = str(item, "title");
    e.published_ms = ParseFeedDate(str(item, "date_published"));
    e.updated_ms = ParseFeedDate(str(item, "date_modified"));
    feed.entries.push_back(std::move(e));
  }
  return feed;
}

}  // namespace

bool LooksLikeFeed(std::string_view body) {
  std::string_view head = SkipPrologue(body).substr(0, 2048);
  if (!head.empty() && head.front() == '{') return head.find("jsonfeed.org") != std::string_view::npos;
  if (head.empty() || head.front() != '<') return false;
  for (const char* root : {"<rss", "<feed", "<rdf:RDF", "<RDF"}) {
    if (head.find(root) != std::string_view::npos) return head.find("<html") == std::string_view::npos;
  }
  return false;
}

std::optional<Feed> ParseFeed(std::string_view body, std::string_view feed_url, std::string* error) {
  std::string_view trimmed = SkipPrologue(body);
  if (!trimmed.empty() && trimmed.front() == '{') return ParseJsonFeed(trimmed, feed_url, error);
  xml::DocPtr doc = xml::Parse(body);
  xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (!root) {
    if (error) *error = "not XML";
    return std::nullopt;
  }
  Feed feed;
  std::string url(feed_url);
  std::string_view kind = xml::LocalName(root);
  if (kind == "rss") {
    xmlNode* channel = xml::Child(root, "channel");
    if (!channel) {
      if (error) *error = "RSS without <channel>";
      return std::nullopt;
    }
    feed.title = xml::Text(xml::Child(channel, "title"));
    feed.link = Absolute(url, xml::Text(xml::Child(channel, "link")));
    ParseRssItems(channel, url, &feed);
    ParseRssItems(root, url, &feed);  // some feeds put items beside the channel
  } else if (kind == "RDF") {
    xmlNode* channel = xml::Child(root, "channel");
    feed.title = xml::Text(xml::Child(channel, "title"));
    feed.link = Absolute(url, xml::Text(xml::Child(channel, "link")));
    ParseRssItems(root, url, &feed);
  } else if (kind == "feed") {
    feed.title = xml::Text(xml::Child(root, "title"));
    feed.link = Absolute(BaseOf(root, url), AtomLink(root));
    for (xmlNode* entry : xml::Children(root, "entry")) {
      FeedEntry e;
      e.title = xml::Text(xml::Child(entry, "title"));
      e.url = Absolute(BaseOf(entry, url), AtomLink(entry));
      if (e.url.empty()) continue;
      e.published_ms = DateOf(entry, {"published", "issued", "created", "updated"});
      e.updated_ms = DateOf(entry, {"updated", "modified"});
      feed.entries.push_back(std::move(e));
    }
  } else {
    if (error) *error = "root element <" + std::string(kind) + "> is not rss, RDF or feed";
    return std::nullopt;
  }
  return feed;
}

}  // namespace caravan::feeds
