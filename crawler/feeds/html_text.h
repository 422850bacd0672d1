// HTML as it appears inside feeds: the HTML 4 named entities that feeds use
// without declaring them (&nbsp;, &eacute;), and HTML titles flattened to
// the plain text a crawler stores.
#pragma once

#include <string>
#include <string_view>

namespace caravan::feeds {

// UTF-8 text of the HTML 4 entity `name` ("nbsp", no '&' or ';'; also
// "apos"), or "" when HTML 4 does not define it. Names are case-sensitive,
// as in HTML.
std::string HtmlEntity(std::string_view name);

// Plain text of an HTML fragment: tags and comments dropped, character and
// HTML 4 entity references decoded, white space runs collapsed to one space
// and trimmed. A '<' that does not start a tag is kept as text.
std::string HtmlToText(std::string_view html);

}  // namespace caravan::feeds
