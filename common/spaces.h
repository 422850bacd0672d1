// White space as readers see it, collapsed one way everywhere: page text,
// feed titles and the text a content hash is taken of.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace caravan {

// Which characters are spaces. kUnicode adds those a reader cannot tell
// from a plain space (U+00A0, U+2000-U+200A, U+2028, U+2029, U+202F,
// U+205F, U+3000). kAscii is what feed readers keep to: a feed's &nbsp; is
// the author's and stays (feedparser's conformance cases expect it).
enum class Spaces { kAscii, kUnicode };

// Byte length of a space (ASCII white space, or one of `set`) at the start
// of `s`, or 0.
size_t SpaceAt(std::string_view s, Spaces set = Spaces::kUnicode);

// Appends `text` to `*out` with every run of spaces collapsed to one ' '.
// `*pending` carries a space seen at the end of one piece into the next so
// pieces can be appended one inline node at a time; leading spaces of a
// block are dropped (when `*out` is empty or ends in '\n').
void AppendCollapsed(std::string_view text, std::string* out, bool* pending, Spaces set = Spaces::kUnicode);

// `s` with runs of spaces collapsed to one ' ' and both ends trimmed.
std::string CollapseSpaces(std::string_view s, Spaces set = Spaces::kUnicode);

}  // namespace caravan
