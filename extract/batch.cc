#include "extract/batch.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <istream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "common/time.h"
#include "extract/article.h"
#include "extract/text_util.h"

namespace caravan::extract {
namespace {

using nlohmann::json;

// Files beyond this are not pages; Extract would cut them anyway.
constexpr size_t kMaxFileBytes = 64 << 20;

bool ReadFile(const std::string& path, std::string* data, std::string* error) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    *error = "cannot open " + path + ": " + std::strerror(errno);
    return false;
  }
  data->clear();
  char buf[65536];
  while (f.read(buf, sizeof buf) || f.gcount() > 0) {
    data->append(buf, static_cast<size_t>(f.gcount()));
    if (data->size() > kMaxFileBytes) {
      *error = path + " is larger than " + std::to_string(kMaxFileBytes) + " bytes";
      return false;
    }
  }
  if (f.bad()) {
    *error = "cannot read " + path;
    return false;
  }
  return true;
}

// Inflates gzip data (several members allowed, as `cat a.gz b.gz` gives).
bool Gunzip(std::string_view in, std::string* out, std::string* error) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
    *error = "zlib: inflateInit2 failed";
    return false;
  }
  out->clear();
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  char buf[65536];
  int rc = Z_OK;
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out->append(buf, sizeof buf - zs.avail_out);
    if (out->size() > kMaxFileBytes) {
      *error = "gunzipped data exceed " + std::to_string(kMaxFileBytes) + " bytes";
      break;
    }
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) break;
      inflateReset(&zs);
      continue;
    }
    if (rc != Z_OK) {
      *error =
          std::string("zlib: ") + (zs.msg ? zs.msg : "inflate failed") + " (code " + std::to_string(rc) + ")";
      break;
    }
    if (zs.avail_in == 0 && zs.avail_out != 0) {
      *error = "zlib: truncated gzip data";
      break;
    }
  }
  inflateEnd(&zs);
  return error->empty();
}

json Result(const std::string& path) {
  return json{{"path", path},         {"title", ""},    {"author", ""},
              {"published", nullptr}, {"language", ""}, {"text", ""}};
}

// Text is valid UTF-8 by construction; replacement is the last guard
// against a throw that would lose the whole batch.
bool Write(const json& r, std::ostream& out) {
  out << r.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
  return static_cast<bool>(out);
}

json Process(const std::string& line, std::string* url) {
  json req = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (req.is_discarded() || !req.is_object() || !req.contains("path") || !req["path"].is_string()) {
    json r = Result("");
    r["error"] = "input line is not a JSON object with a string \"path\": " + RepairUtf8(line.substr(0, 200));
    return r;
  }
  std::string path = req["path"].get<std::string>();
  if (auto it = req.find("url"); it != req.end() && it->is_string()) *url = it->get<std::string>();
  json r = Result(path);
  std::string data, error;
  if (!ReadFile(path, &data, &error)) {
    r["error"] = error;
    return r;
  }
  if (path.size() > 3 && path.ends_with(".gz")) {
    std::string plain;
    if (!Gunzip(data, &plain, &error)) {
      r["error"] = path + ": " + error;
      return r;
    }
    data = std::move(plain);
  }
  Input input;
  input.body = data;
  input.url = *url;
  Article a = Extract(input);
  std::string authors;
  for (const std::string& name : a.authors) {
    if (!authors.empty()) authors += ", ";
    authors += name;
  }
  r["title"] = a.title;
  r["author"] = authors;
  if (a.published_ms) r["published"] = FormatRfc3339(*a.published_ms, a.published_offset_min);
  r["language"] = a.language;
  r["text"] = a.text;
  if (!a.standfirst.empty()) r["standfirst"] = a.standfirst;
  if (a.modified_ms) r["modified"] = FormatRfc3339(*a.modified_ms);
  if (!a.canonical_url.empty()) r["canonical_url"] = a.canonical_url;
  if (!a.site_name.empty()) r["site_name"] = a.site_name;
  if (!a.description.empty()) r["description"] = a.description;
  if (!a.tags.empty()) r["tags"] = a.tags;
  for (const Translation& t : a.translations) r["translations"].push_back({{"language", t.language}, {"url", t.url}});
  for (const Image& i : a.images) r["images"].push_back({{"url", i.url}, {"caption", i.caption}});
  r["listing"] = a.listing;
  r["listing_continuation"] = a.listing_continuation;
  if (!a.error.empty()) r["error"] = a.error;
  return r;
}

}  // namespace

int RunBatch(std::istream& in, std::ostream& out, const BatchTextPass& pass) {
  std::vector<json> results;
  std::vector<std::string> urls;
  std::string line;
  while (std::getline(in, line)) {
    if (TrimAscii(line).empty()) continue;
    std::string url;
    json r = Process(line, &url);
    if (!pass) {
      if (!Write(r, out)) return 1;
      continue;
    }
    urls.push_back(r.contains("error") ? std::string() : std::move(url));
    results.push_back(std::move(r));
  }
  if (pass) {
    std::vector<std::string> texts;
    for (json& r : results) texts.push_back(std::move(r["text"].get_ref<std::string&>()));
    if (!pass(urls, &texts)) return 1;
    for (size_t i = 0; i < results.size(); ++i) {
      results[i]["text"] = std::move(texts[i]);
      if (!Write(results[i], out)) return 1;
    }
  }
  out.flush();
  return out ? 0 : 1;
}

}  // namespace caravan::extract
