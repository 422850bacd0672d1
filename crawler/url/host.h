// Host parsing of the WHATWG URL Standard (section 3.5), shared by the URL
// parser and its tests. Internal to crawler/url.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace caravan::url::internal {

// Parses the raw (not yet percent-decoded) host text of a URL and returns it
// serialized: a lowercase ASCII domain (IDNA applied), dotted IPv4, or
// "[v6]" in compressed form. `special` selects domain parsing; other schemes
// get an opaque, percent-encoded host. nullopt when the host is invalid.
std::optional<std::string> ParseHost(std::string_view input, bool special);

// UTS #46 ToASCII with the WHATWG settings (non-transitional, CheckBidi,
// CheckJoiners, no STD3 rules, no DNS length check). nullopt on failure.
std::optional<std::string> DomainToAscii(std::string_view domain);

// Replaces invalid UTF-8 sequences by U+FFFD, as the standard's UTF-8
// decode does before a string meets the parser.
std::string SanitizeUtf8(std::string_view in);

}  // namespace caravan::url::internal
