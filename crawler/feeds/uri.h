// RFC 3986 reference resolution for the links feeds and sitemaps carry.
// Private to crawler/feeds and crawler/sitemaps: they only need to make a
// reference absolute; the crawl-wide normalisation happens later, in the
// frontier, with crawler/url.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace caravan::feeds {

// Drops ASCII and Unicode white space (NBSP, U+2000..U+200B, U+202F, U+205F,
// U+3000, BOM) from both ends: sitemaps and feeds pad URLs with all of them.
std::string_view TrimSpace(std::string_view text);

// Resolves `ref` against the absolute URI `base` (RFC 3986 section 5.2,
// strict: a scheme in `ref` always wins). White space around `ref` and
// tabs/newlines inside it are dropped. nullopt when the result would not be
// absolute: empty `ref`, or a relative `ref` without a usable `base`.
std::optional<std::string> ResolveUri(std::string_view base, std::string_view ref);

}  // namespace caravan::feeds
