// Author names from bylines, meta tags and JSON-LD.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace caravan::extract {

// Cleans a byline into names: strips "By", "Posted by", "Автор:",
// "Yazar:", "作者：" and the like, splits on "and", "&", ",", ";", "и",
// "ve", "、", and drops parts that are no names (URLs, e-mail addresses,
// dates, overlong phrases).
std::vector<std::string> SplitAuthors(std::string_view byline);

// Adds the names SplitAuthors finds in `byline` that `out` lacks (case
// folded).
void AddAuthors(std::string_view byline, std::vector<std::string>* out);

}  // namespace caravan::extract
