// A page's title without the site's name: "Caspian freight outlook |
// Steppe Institute" -> "Caspian freight outlook".
#pragma once

#include <string>
#include <string_view>

namespace caravan::extract {

// Whether a title part names the site: its og:site_name `site_name` or
// its host (without "www." and the suffix), folded, or is empty.
bool LooksLikeSite(std::string_view part, std::string_view site_name, std::string_view host);

// `title` without a leading or trailing part (after " | ", " - ", " — ",
// " :: ", " « ", "_" and the like) that LooksLikeSite; unchanged when no
// part does.
std::string StripSiteName(std::string_view title, std::string_view site_name, std::string_view host);

}  // namespace caravan::extract
