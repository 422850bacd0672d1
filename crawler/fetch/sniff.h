// Content sniffing: the media type a body really has, when the server's
// Content-Type is missing, generic or wrong (a PDF served as text/html, an
// image behind an article URL, a feed served as text/plain).
#pragma once

#include <string>
#include <string_view>

namespace caravan::fetch {

// The media type to process `body` as, given the declared one (lowercase,
// without parameters; "" when absent). Follows the WHATWG MIME Sniffing
// standard where it applies to a crawler: magic numbers win over any
// declaration, a declared text type on a body with binary bytes becomes
// application/octet-stream, and an absent or generic declaration is
// settled by HTML, XML and feed signatures. A specific declaration that
// the body does not contradict is kept.
std::string SniffMediaType(std::string_view declared, std::string_view body);

// Whether caravan extracts anything from this media type (HTML, XML and
// feeds, plain text, PDF).
bool IsProcessableType(std::string_view media_type);

}  // namespace caravan::fetch
