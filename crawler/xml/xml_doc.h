// Safe libxml2 parsing for crawled XML (feeds, sitemaps): no network, no
// external entities, recovery from the malformed XML real sites serve.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <libxml/tree.h>

namespace caravan::xml {

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

// Parses `body`; nullptr when libxml2 recovers nothing.
DocPtr Parse(std::string_view body);

// Local name of an element ("item" for <rss:item>), "" for non-elements.
std::string_view LocalName(const xmlNode* node);

// Element children of `node` whose local name is `name` ("" for all).
std::vector<xmlNode*> Children(const xmlNode* node, std::string_view name = "");

// First element child named `name`, or nullptr.
xmlNode* Child(const xmlNode* node, std::string_view name);

// Text content, trimmed.
std::string Text(const xmlNode* node);

// Attribute value (no namespace), "" when absent.
std::string Attr(const xmlNode* node, const char* name);

}  // namespace caravan::xml
