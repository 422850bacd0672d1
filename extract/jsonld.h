// What a page's JSON-LD says about it: schema.org Article and its kin,
// found at the top level, in arrays and in @graph.
#pragma once

#include <string>
#include <vector>

namespace caravan::extract {

// What the page's JSON-LD says of its article, as written.
struct LinkedData {
  std::string headline;
  std::vector<std::string> authors;
  std::string published;
  std::string modified;
  std::string publisher;
  std::string language;
  // keywords and articleSection: a comma-separated string or a list.
  std::vector<std::string> keywords;
};

// Reads the bodies of the page's <script type="application/ld+json">;
// broken ones are skipped.
LinkedData ReadLinkedData(const std::vector<std::string>& scripts);

}  // namespace caravan::extract
