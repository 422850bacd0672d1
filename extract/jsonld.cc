#include "extract/jsonld.h"

#include <nlohmann/json.hpp>

#include "extract/text_util.h"

namespace caravan::extract {
namespace {

using nlohmann::json;

bool TypeIs(const json& obj, std::initializer_list<std::string_view> types) {
  auto it = obj.find("@type");
  if (it == obj.end()) return false;
  auto match = [&](const json& t) {
    if (!t.is_string()) return false;
    std::string s = t.get<std::string>();
    for (std::string_view want : types) {
      if (s == want) return true;
    }
    return false;
  };
  if (it->is_array()) return std::any_of(it->begin(), it->end(), match);
  return match(*it);
}

std::string StringOf(const json& v) {
  if (v.is_string()) return CollapseSpaces(v.get<std::string>());
  if (v.is_object()) {
    auto it = v.find("name");
    if (it != v.end() && it->is_string()) return CollapseSpaces(it->get<std::string>());
  }
  if (v.is_array() && !v.empty()) return StringOf(v.front());
  return "";
}

void AuthorsOf(const json& v, std::vector<std::string>* out) {
  if (v.is_array()) {
    for (const json& a : v) AuthorsOf(a, out);
  } else {
    std::string name = StringOf(v);
    if (!name.empty()) out->push_back(std::move(name));
  }
}

// Flattens top-level arrays and @graph into the list of objects.
void Objects(const json& v, std::vector<const json*>* out, int depth = 0) {
  if (depth > 4) return;
  if (v.is_array()) {
    for (const json& e : v) Objects(e, out, depth + 1);
  } else if (v.is_object()) {
    out->push_back(&v);
    auto g = v.find("@graph");
    if (g != v.end()) Objects(*g, out, depth + 1);
  }
}

}  // namespace

LinkedData ReadLinkedData(const std::vector<std::string>& scripts) {
  static const std::initializer_list<std::string_view> kArticleTypes = {"Article",
                                                                        "NewsArticle",
                                                                        "BlogPosting",
                                                                        "ReportageNews",
                                                                        "AnalysisNewsArticle",
                                                                        "OpinionNewsArticle",
                                                                        "ScholarlyArticle",
                                                                        "Report",
                                                                        "TechArticle",
                                                                        "BackgroundNewsArticle",
                                                                        "Blog",
                                                                        "LiveBlogPosting",
                                                                        "SocialMediaPosting",
                                                                        "CreativeWork"};
  LinkedData ld;
  std::vector<json> docs;
  for (const std::string& s : scripts) {
    json j = json::parse(s, nullptr, /*allow_exceptions=*/false);
    if (!j.is_discarded()) docs.push_back(std::move(j));
  }
  std::vector<const json*> objects;
  for (const json& d : docs) Objects(d, &objects);
  // Article-like objects speak for the page; a WebPage only fills gaps.
  for (int pass = 0; pass < 2; ++pass) {
    for (const json* o : objects) {
      bool article = TypeIs(*o, kArticleTypes);
      if (pass == 0 ? !article : (article || !TypeIs(*o, {"WebPage", "ItemPage", "AboutPage"}))) continue;
      auto get = [&](const char* key) {
        auto it = o->find(key);
        return it == o->end() ? std::string() : StringOf(*it);
      };
      if (ld.headline.empty() && pass == 0) ld.headline = get("headline");
      if (ld.published.empty()) ld.published = get("datePublished");
      if (ld.modified.empty()) ld.modified = get("dateModified");
      if (ld.language.empty()) ld.language = get("inLanguage");
      if (ld.authors.empty()) {
        auto it = o->find("author");
        if (it != o->end()) AuthorsOf(*it, &ld.authors);
      }
      if (ld.publisher.empty()) ld.publisher = get("publisher");
      if (pass == 0 && ld.keywords.empty()) {
        for (const char* key : {"keywords", "articleSection"}) {
          auto it = o->find(key);
          if (it == o->end()) continue;
          for (const json& k : it->is_array() ? *it : json::array({*it})) {
            if (k.is_string()) ld.keywords.push_back(k.get<std::string>());
          }
        }
      }
    }
  }
  // Failing those, the date of whatever the page presents (a HowTo, a
  // VideoObject) is the page's.
  for (const json* o : objects) {
    for (const char* key : {"datePublished", "uploadDate"}) {
      auto it = o->find(key);
      if (ld.published.empty() && it != o->end()) ld.published = StringOf(*it);
    }
  }
  for (const json* o : objects) {
    if (ld.publisher.empty() && TypeIs(*o, {"Organization", "NewsMediaOrganization", "WebSite"})) {
      auto it = o->find("name");
      if (it != o->end()) ld.publisher = StringOf(*it);
    }
  }
  return ld;
}

}  // namespace caravan::extract
