#include "crawler/feeds/feed.h"

#include <cctype>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "common/spaces.h"
#include "crawler/feeds/html_text.h"
#include "crawler/feeds/trim.h"
#include "crawler/url/reference.h"
#include "crawler/feeds/xml_stream.h"

namespace caravan::feeds {
namespace {

using xml::Element;

enum class Format { kUnknown, kRss, kRdf, kAtom };

bool IsRssNs(std::string_view ns) {
  return ns.empty() || ns == "http://purl.org/rss/1.0/" || ns == "http://my.netscape.com/rdf/simple/0.9/" ||
         ns == "http://backend.userland.com/rss2" || ns == "http://backend.userland.com/rss";
}

bool IsAtomNs(std::string_view ns) { return ns == xml::kAtom10Ns || ns == xml::kAtom03Ns; }

constexpr std::string_view kMediaRssNs = "http://search.yahoo.com/mrss/";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view SkipBomAndSpace(std::string_view body) {
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.front()))) body.remove_prefix(1);
  return body;
}

// feedparser's test, which RSS generators have been written against: a
// closing tag or a character/entity reference means the title is HTML.
bool LooksLikeHtml(std::string_view text) {
  for (size_t i = 0; i + 2 < text.size(); ++i) {
    if (text[i] == '<' && text[i + 1] == '/' && std::isalpha(static_cast<unsigned char>(text[i + 2]))) return true;
    if (text[i] == '&') {
      size_t semi = text.find(';', i);
      if (semi != std::string_view::npos && semi > i + 1 && semi - i < 12) {
        bool word = true;
        for (size_t k = i + 1; k < semi && word; ++k) {
          word = std::isalnum(static_cast<unsigned char>(text[k])) || (k == i + 1 && text[k] == '#');
        }
        if (word) return true;
      }
    }
  }
  return false;
}

std::string Base64Decode(std::string_view in) {
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (char c : in) {
    int v = c >= 'A' && c <= 'Z'   ? c - 'A'
            : c >= 'a' && c <= 'z' ? c - 'a' + 26
            : c >= '0' && c <= '9' ? c - '0' + 52
            : c == '+'             ? 62
            : c == '/'             ? 63
                                   : -1;
    if (v < 0) continue;  // white space, padding
    bits = (bits << 6) | static_cast<uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return out;
}

// Plain text of a title, whatever markup the feed wrapped it in.
std::string TitleText(const Element& e, std::string text, Format format) {
  if (format == Format::kAtom || IsAtomNs(e.ns)) {
    std::string type = Lower(e.Attr("type"));
    std::string_view mode = e.Attr("mode");
    // Atom 0.3's mode="base64", and RFC 4287 4.1.3.3: any other media type
    // that is not text/* or XML is base64.
    if (mode == "base64" || (type.find('/') != std::string::npos && !type.starts_with("text/") &&
                             type.find("xml") == std::string::npos)) {
      text = Base64Decode(text);
    }
    // Atom 1.0 says html/xhtml; Atom 0.3 said text/html and mode="escaped".
    // xhtml arrives as the text of its <div>, markup already dropped.
    if (type == "html" || type == "text/html" || mode == "escaped") return HtmlToText(text);
    return CollapseSpaces(text, Spaces::kAscii);
  }
  return LooksLikeHtml(text) ? HtmlToText(text) : CollapseSpaces(text, Spaces::kAscii);
}

bool IsHtmlType(std::string_view type) {
  std::string t = Lower(type);
  return t.empty() || t == "text/html" || t == "application/xhtml+xml";
}

// What an item, an entry or the channel says about itself.
struct Draft {
  std::string title;
  int title_rank = 0;     // 3: the format's <title>, 2: <dc:title>, 1: <media:title>
  std::string text_link;  // RSS <link>http://...</link>
  std::string href_link;  // Atom <link rel="alternate" href="...">
  int href_rank = 0;      // 2: alternate HTML, 1: alternate of another type
  std::string guid;       // a permalink <guid>
  std::string about;      // RSS 1.0 rdf:about
  std::optional<int64_t> published, updated, created;
};

// Element names are compared in lower case: <pubdate>, <PubDate> and
// <TiTlE> are all in the wild, and feedparser has always accepted them.
class FeedHandler : public xml::Handler {
 public:
  bool Start(const Element& e) override {
    if (e.depth == 1) return StartRoot(e);
    const std::string name = Lower(e.local);
    if (entry_depth_ == 0 && IsEntry(e, name)) {
      entry_depth_ = e.depth;
      entry_ = Draft();
      entry_.about = Resolve(e.base, e.Attr("about"));
      return false;
    }
    if (format_ != Format::kAtom && e.depth == 2 && name == "channel" && IsCore(e)) {
      channel_depth_ = 2;
      return false;
    }
    Draft* target = TargetOf(e);
    if (!target) return false;
    if (name == "link" && IsCore(e) && !e.Attr("href").empty()) {
      OnHrefLink(e, target);
      return false;
    }
    return Wanted(e, name);
  }

  void End(const Element& e, std::string text) override {
    if (entry_depth_ && e.depth == entry_depth_) {
      FinishEntry();
      entry_depth_ = 0;
      return;
    }
    if (channel_depth_ && e.depth == channel_depth_ && format_ != Format::kAtom) channel_depth_ = 0;
    Draft* target = TargetOf(e);
    if (target && !text.empty()) Apply(e, Lower(e.local), std::move(text), target);
  }

  bool Done() const override { return format_ == Format::kUnknown && !root_.empty(); }

  std::optional<Feed> Result(const xml::ParseResult& parsed, std::string* error) {
    if (parsed.elements == 0) {
      if (error) *error = "not XML (" + (parsed.first_error.empty() ? "empty" : parsed.first_error) + ")";
      return std::nullopt;
    }
    if (format_ == Format::kUnknown) {
      if (error) *error = "root element <" + root_ + "> is not rss, rdf:RDF or feed";
      return std::nullopt;
    }
    feed_.title = channel_.title;
    feed_.link = !channel_.text_link.empty() ? channel_.text_link : channel_.href_link;
    return std::move(feed_);
  }

 private:
  bool StartRoot(const Element& e) {
    root_ = e.local;
    const std::string name = Lower(e.local);
    if (name == "rss") format_ = Format::kRss;
    else if (name == "rdf") format_ = Format::kRdf;
    else if (name == "feed") format_ = Format::kAtom;
    // Pre-standard Atom and namespaced RSS put everything in the root's
    // namespace; RDF's root namespace is RDF's, not the feed's.
    if (format_ == Format::kRss || format_ == Format::kAtom) root_ns_ = e.ns;
    if (format_ == Format::kAtom) channel_depth_ = 1;
    return false;
  }

  // An element of the feed format itself, as opposed to an extension's
  // (<media:title> must not pass for <title>).
  bool IsCore(const Element& e) const { return IsRssNs(e.ns) || IsAtomNs(e.ns) || e.ns == root_ns_; }

  bool IsEntry(const Element& e, const std::string& name) const {
    if (e.depth > 3) return false;
    if (format_ == Format::kAtom) return name == "entry" && IsCore(e);
    return name == "item" && IsCore(e);
  }

  // Whose property `e` is: the open entry's, the channel's, or nobody's
  // (an <image><title> must not become the feed title).
  Draft* TargetOf(const Element& e) {
    if (entry_depth_) return e.depth == entry_depth_ + 1 ? &entry_ : nullptr;
    return channel_depth_ && e.depth == channel_depth_ + 1 ? &channel_ : nullptr;
  }

  bool Wanted(const Element& e, const std::string& name) const {
    static constexpr std::string_view kCore[] = {"title",  "link",     "guid",    "pubdate", "published",
                                                 "updated", "issued", "modified", "created"};
    if (IsCore(e)) {
      for (std::string_view core : kCore) {
        if (name == core) return true;
      }
      return false;
    }
    if (e.ns == xml::kDcNs) return name == "title" || name == "date";
    if (e.ns == kMediaRssNs) return name == "title";
    if (e.ns == xml::kDcTermsNs) return name == "issued" || name == "modified" || name == "created";
    return false;
  }

  void OnHrefLink(const Element& e, Draft* target) {
    std::string rel = Lower(e.Attr("rel"));
    if (!rel.empty() && rel != "alternate") return;  // self, edit, enclosure, replies: not the page
    int rank = IsHtmlType(e.Attr("type")) ? 2 : 1;
    if (rank <= target->href_rank) return;
    std::string url = Resolve(e.base, e.Attr("href"));
    if (url.empty()) return;
    target->href_link = std::move(url);
    target->href_rank = rank;
  }

  void Apply(const Element& e, const std::string& name, std::string text, Draft* target) {
    if (name == "title") {
      int rank = IsCore(e) ? 3 : e.ns == xml::kDcNs ? 2 : 1;
      if (rank <= target->title_rank) return;
      target->title = TitleText(e, std::move(text), format_);
      target->title_rank = rank;
    } else if (name == "link") {
      if (target->text_link.empty()) target->text_link = Resolve(e.base, text);
    } else if (name == "guid") {
      // A guid is the item's address unless isPermaLink="false"; guids that
      // are not http(s) URLs (tag:, urn:, bare ids) are never resolved.
      if (Lower(TrimSpace(e.Attr("isPermaLink"))) == "false" || !target->guid.empty()) return;
      std::string lowered = Lower(TrimSpace(text).substr(0, 8));
      if (lowered.starts_with("http://") || lowered.starts_with("https://")) target->guid = Resolve(e.base, text);
    } else if (auto date = ParseFeedDate(text)) {
      // Repeated elements: the last one wins, as in feedparser.
      if (name == "updated" || name == "modified") target->updated = date;
      else if (name == "created") target->created = date;
      else target->published = date;  // pubDate, published, issued, dc:date
    }
  }

  void FinishEntry() {
    FeedEntry entry;
    for (const std::string* url : {&entry_.text_link, &entry_.href_link, &entry_.guid, &entry_.about}) {
      if (!url->empty()) {
        entry.url = *url;
        break;
      }
    }
    if (entry.url.empty()) return;  // nothing to crawl
    entry.title = std::move(entry_.title);
    entry.published_ms = entry_.published ? entry_.published : entry_.created;
    entry.updated_ms = entry_.updated;
    feed_.entries.push_back(std::move(entry));
  }

  static std::string Resolve(std::string_view base, std::string_view ref) {
    auto url = url::ResolveReference(base, TrimSpace(ref));
    return url ? *url : "";
  }

  Format format_ = Format::kUnknown;
  std::string root_;
  std::string root_ns_;
  int channel_depth_ = 0;  // depth of <channel> (RSS) or <feed> (Atom) while open
  int entry_depth_ = 0;    // depth of the open <item>/<entry>, 0 outside one
  Draft channel_;
  Draft entry_;
  Feed feed_;
};

std::optional<Feed> ParseJsonFeed(std::string_view body, std::string_view feed_url, std::string* error) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    if (error) *error = "JSON Feed: not valid JSON";
    return std::nullopt;
  }
  if (!j.is_object() || !j.contains("items") || !j["items"].is_array()) {
    if (error) *error = "JSON Feed: no \"items\" array";
    return std::nullopt;
  }
  auto str = [](const nlohmann::json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto resolve = [&](const std::string& ref) {
    auto url = url::ResolveReference(feed_url, TrimSpace(ref));
    return url ? *url : "";
  };
  Feed feed;
  feed.title = CollapseSpaces(str(j, "title"), Spaces::kAscii);
  feed.link = resolve(str(j, "home_page_url"));
  for (const auto& item : j["items"]) {
    if (!item.is_object()) continue;
    FeedEntry entry;
    // url is the item's own page; external_url what a link blog points at.
    entry.url = resolve(str(item, "url"));
    if (entry.url.empty()) entry.url = resolve(str(item, "external_url"));
    if (entry.url.empty()) continue;
    entry.title = CollapseSpaces(str(item, "title"), Spaces::kAscii);
    entry.published_ms = ParseFeedDate(str(item, "date_published"));
    entry.updated_ms = ParseFeedDate(str(item, "date_modified"));
    feed.entries.push_back(std::move(entry));
  }
  return feed;
}

// Local name of the first element, past the prolog (declaration,
// comments, processing instructions, DOCTYPE); "" when there is none.
std::string_view RootName(std::string_view body) {
  size_t i = 0;
  while (true) {
    i = body.find('<', i);
    if (i == std::string_view::npos || i + 1 >= body.size()) return {};
    std::string_view rest = body.substr(i);
    if (rest.starts_with("<?")) {
      i = body.find("?>", i);
    } else if (rest.starts_with("<!--")) {
      i = body.find("-->", i);
    } else if (rest.starts_with("<!")) {  // DOCTYPE, possibly with an internal subset
      size_t bracket = body.find('[', i), close = body.find('>', i);
      if (bracket != std::string_view::npos && bracket < close) close = body.find("]>", bracket);
      i = close;
    } else {
      size_t end = i + 1;
      while (end < body.size() && !std::isspace(static_cast<unsigned char>(body[end])) && body[end] != '>' &&
             body[end] != '/') {
        ++end;
      }
      std::string_view name = body.substr(i + 1, end - i - 1);
      if (size_t colon = name.find(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
      return name;
    }
    if (i == std::string_view::npos) return {};
    ++i;
  }
}

}  // namespace

bool LooksLikeFeed(std::string_view body) {
  body = SkipBomAndSpace(body);
  std::string_view head = body.substr(0, 4096);
  if (head.starts_with("{")) return head.find("jsonfeed.org/version") != std::string_view::npos;
  std::string_view root = RootName(head);
  if (root == "rss" || root == "feed") return true;
  // RDF/XML is not always RSS 1.0: look for its namespaces.
  return root == "RDF" && (head.find("purl.org/rss") != std::string_view::npos ||
                           head.find("netscape.com/rdf/simple") != std::string_view::npos);
}

std::optional<Feed> ParseFeed(std::string_view body, std::string_view feed_url, std::string* error) {
  if (SkipBomAndSpace(body).starts_with("{")) return ParseJsonFeed(SkipBomAndSpace(body), feed_url, error);
  FeedHandler handler;
  xml::ParseResult parsed = xml::Parse(body, feed_url, &handler);
  return handler.Result(parsed, error);
}

}  // namespace caravan::feeds
