#include "crawler/xml/xml_doc.h"

#include <libxml/parser.h>

namespace caravan::xml {
namespace {

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

}  // namespace

DocPtr Parse(std::string_view body) {
  // XML_PARSE_NOENT is deliberately absent: entities stay unexpanded, so
  // hostile feeds cannot read files or explode in memory.
  int options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
  if (body.size() > static_cast<size_t>(INT32_MAX)) return nullptr;
  return DocPtr(xmlReadMemory(body.data(), static_cast<int>(body.size()), nullptr, nullptr, options));
}

std::string_view LocalName(const xmlNode* node) {
  if (!node || node->type != XML_ELEMENT_NODE || !node->name) return "";
  std::string_view name(reinterpret_cast<const char*>(node->name));
  // Recovered documents may keep an unbound prefix in the name.
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::vector<xmlNode*> Children(const xmlNode* node, std::string_view name) {
  std::vector<xmlNode*> out;
  if (!node) return out;
  for (xmlNode* c = node->children; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && (name.empty() || LocalName(c) == name)) out.push_back(c);
  }
  return out;
}

xmlNode* Child(const xmlNode* node, std::string_view name) {
  if (!node) return nullptr;
  for (xmlNode* c = node->children; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && LocalName(c) == name) return c;
  }
  return nullptr;
}

std::string Text(const xmlNode* node) {
  if (!node) return "";
  xmlChar* content = xmlNodeGetContent(node);
  if (!content) return "";
  std::string out(reinterpret_cast<const char*>(content));
  xmlFree(content);
  return Trim(std::move(out));
}

std::string Attr(const xmlNode* node, const char* name) {
  if (!node) return "";
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  if (!value) return "";
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return Trim(std::move(out));
}

}  // namespace caravan::xml
