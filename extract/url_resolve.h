// Resolution of links found in documents against the document's URL.
// A stand-in for a shared URL library: just what outlinks need.
#pragma once

#include <string>
#include <string_view>

namespace caravan::extract {

// Resolves `ref` against the absolute `base` (RFC 3986 section 5.2, with
// dot segments removed) and returns the result without its fragment, or ""
// when the result is not an http(s) URL with a host (mailto:, javascript:,
// a relative `ref` with no usable base, ...). Scheme and host are
// lowercased; surrounding whitespace and embedded tabs/newlines in `ref`
// are ignored, backslashes count as slashes and spaces become %20, as
// browsers do.
std::string ResolveUrl(std::string_view base, std::string_view ref);

// The URL a document's relative links resolve against: its <base href>
// value resolved against the page's URL when that gives a URL, else the
// page's URL; "" when neither is absolute.
std::string DocumentBase(std::string_view page_url, std::string_view base_href);

// The lowercased host of an absolute URL, or "".
std::string UrlHost(std::string_view url);

}  // namespace caravan::extract
