#include "extract/images.h"

#include <string>
#include <unordered_set>

#include "crawler/url/reference.h"
#include "extract/text_util.h"

namespace caravan::extract {
namespace {

constexpr size_t kMaxImages = 50;
// How far up from an <img> its caption's container may be: <figure><a><img>
// and <div class="wp-caption"><a><picture><img> are common.
constexpr int kCaptionLevels = 4;

std::string_view SourceOf(const Node* img) {
  std::string_view src = TrimAscii(Attr(img, "src"));
  if (!src.empty() && !StartsWithNoCase(src, "data:")) return src;
  for (std::string_view lazy : {"data-src", "data-lazy-src", "data-original"}) {
    std::string_view s = TrimAscii(Attr(img, lazy));
    if (!s.empty()) return s;
  }
  return {};
}

bool IsPixel(const Node* img) {
  for (std::string_view dim : {"width", "height"}) {
    std::string_view v = TrimAscii(Attr(img, dim));
    if (v == "0" || v == "1" || v == "0px" || v == "1px") return true;
  }
  return false;
}

// The first element under `root` accepted by `match`, or null.
template <typename Match>
const Node* FindBelow(const Node* root, Match&& match) {
  const Node* found = nullptr;
  Walk(
      const_cast<Node*>(root),
      [&](Node* n) {
        if (found != nullptr || !IsElement(n)) return false;
        if (n != root && match(n)) {
          found = n;
          return false;
        }
        return true;
      },
      [](Node*) {});
  return found;
}

std::string CaptionOf(const Node* img) {
  const Node* up = img->parent;
  for (int level = 0; level < kCaptionLevels && up != nullptr && IsElement(up); ++level, up = up->parent) {
    const Node* caption = nullptr;
    if (TagOf(up) == Tag::kFigure) {
      caption = FindBelow(up, [](const Node* n) { return TagOf(n) == Tag::kFigcaption; });
    } else if (HasToken(Attr(up, "class"), "wp-caption")) {
      caption = FindBelow(up, [](const Node* n) { return HasToken(Attr(n, "class"), "wp-caption-text"); });
    }
    if (caption != nullptr) {
      std::string text = InnerText(caption);
      if (!text.empty()) return text;
    }
  }
  return CollapseSpaces(Attr(img, "alt"));
}

}  // namespace

std::vector<Image> FindImages(const std::vector<Node*>& roots, std::string_view base, Image lead) {
  std::vector<Image> images;
  std::unordered_set<std::string> seen;
  if (!lead.url.empty()) {
    seen.insert(lead.url);
    images.push_back(std::move(lead));
  }
  for (Node* root : roots) {
    Walk(
        root,
        [&](Node* n) {
          if (!IsElement(n) || images.size() >= kMaxImages) return false;
          Tag tag = TagOf(n);
          if (tag != Tag::kImg) return !IsScriptLike(tag);
          std::string_view src = SourceOf(n);
          if (src.empty() || IsPixel(n)) return false;
          std::string url = url::ResolveLink(base, src);
          if (url.empty() || !seen.insert(url).second) return false;
          images.push_back(Image{std::move(url), CaptionOf(n)});
          return false;
        },
        [](Node*) {});
  }
  return images;
}

}  // namespace caravan::extract
