// RFC 3986 reference resolution on strings, for the links documents carry:
// hundreds per page, so no WHATWG parse (url.h) and no allocation but the
// result. Parse() is for URLs the crawler keeps; these are for the links it
// reads, before Normalize() decides what is kept.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace caravan::url {

// Resolves `ref` against the absolute URI `base` as RFC 3986 section 5.2
// does, strictly (a scheme in `ref` always wins), for any scheme: feeds'
// xml:base and sitemap locations. ASCII white space around `ref` and
// tabs and line breaks inside it are dropped. The scheme is lowercased;
// nothing else is normalized. nullopt when the result would not be
// absolute: an empty `ref`, or a relative one without a usable `base`.
std::optional<std::string> ResolveReference(std::string_view base, std::string_view ref);

// Resolves an HTML link `ref` against the absolute `base` as browsers
// follow it: besides ResolveReference's cleaning, backslashes count as
// slashes and spaces become %20. Returns the result without its fragment,
// with lowercase scheme and host and no default port, or "" when it is not
// an http(s) URL with a host (mailto:, javascript:, a relative `ref` with
// no usable base, ...).
std::string ResolveLink(std::string_view base, std::string_view ref);

// The URL a page's relative links resolve against: its <base href> value
// resolved against the page's URL when that gives a URL, else the page's
// URL; "" when neither is absolute.
std::string LinkBase(std::string_view page_url, std::string_view base_href);

}  // namespace caravan::url
