// When a page was published and modified, from its markup, its URL, the
// dates it prints for readers and its opening lines (metadata.h lists the
// order). Private to extract/.
#pragma once

#include <string_view>

#include "extract/article.h"
#include "extract/jsonld.h"
#include "extract/main_text.h"
#include "extract/page_walk.h"

namespace caravan::extract {

// Sets out->published_ms, published_offset_min and modified_ms.
void FindPageDates(const Page& page, const LinkedData& ld, std::string_view url, const MainText& main,
                   Article* out);

}  // namespace caravan::extract
