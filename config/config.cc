#include "config/config.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include "common/time.h"
#include "crawler/fetch/address_guard.h"
#include "crawler/url/url.h"
#include "topics/topics.h"

namespace caravan::config {
namespace {

// Thrown inside the parser and turned into the caller's error string, so
// every check can name its key and line without threading status codes.
struct ConfigError {
  std::string message;
};

[[noreturn]] void Fail(const YAML::Node& node, const std::string& key, const std::string& what) {
  int line = node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
  throw ConfigError{std::to_string(line) + ": " + key + ": " + what};
}

void CheckKeys(const YAML::Node& map, const std::string& where,
               const std::set<std::string>& allowed) {
  for (const auto& kv : map) {
    std::string key = kv.first.as<std::string>();
    if (!allowed.count(key)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      Fail(kv.first, where.empty() ? key : where + "." + key,
           "unknown key (expected one of: " + list + ")");
    }
  }
}

std::string String(const YAML::Node& node, const std::string& key) {
  if (!node.IsScalar()) Fail(node, key, "expected a string");
  return node.as<std::string>();
}

int64_t Duration(const YAML::Node& node, const std::string& key) {
  std::string text = String(node, key);
  auto ms = ParseDurationMs(text);
  if (!ms || *ms <= 0) Fail(node, key, "'" + text + "' is not a duration (e.g. 500ms, 30s, 15m, 6h, 7d)");
  return *ms;
}

int64_t Integer(const YAML::Node& node, const std::string& key, int64_t min, int64_t max) {
  std::string text = String(node, key);
  int64_t value = 0;
  try {
    size_t used = 0;
    value = std::stoll(text, &used);
    if (used != text.size()) throw std::invalid_argument(text);
  } catch (const std::exception&) {
    Fail(node, key, "'" + text + "' is not an integer");
  }
  if (value < min || value > max) {
    Fail(node, key, std::to_string(value) + " is out of range [" + std::to_string(min) + ", " +
                        std::to_string(max) + "]");
  }
  return value;
}

// Byte sizes such as 16MB, 512KiB or 1048576.
int64_t Bytes(const YAML::Node& node, const std::string& key) {
  std::string text = String(node, key);
  size_t i = 0;
  while (i < text.size() && isdigit(static_cast<unsigned char>(text[i]))) ++i;
  std::string unit = text.substr(i);
  int64_t factor = 0;
  if (unit.empty() || unit == "B") factor = 1;
  else if (unit == "KB" || unit == "KiB") factor = 1024;
  else if (unit == "MB" || unit == "MiB") factor = 1024 * 1024;
  else if (unit == "GB" || unit == "GiB") factor = 1024LL * 1024 * 1024;
  if (i == 0 || factor == 0) Fail(node, key, "'" + text + "' is not a size (e.g. 16MB, 512KB)");
  return std::stoll(text.substr(0, i)) * factor;
}

std::vector<std::string> Strings(const YAML::Node& node, const std::string& key) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.as<std::string>());
    return out;
  }
  if (!node.IsSequence()) Fail(node, key, "expected a list of strings");
  for (size_t i = 0; i < node.size(); ++i) {
    out.push_back(String(node[i], key + "[" + std::to_string(i) + "]"));
  }
  return out;
}

void CheckUrls(const YAML::Node& node, const std::string& key, const std::vector<std::string>& urls) {
  for (size_t i = 0; i < urls.size(); ++i) {
    const std::string& u = urls[i];
    auto parsed = url::Parse(u);
    if (!parsed || (parsed->scheme != "http" && parsed->scheme != "https") || parsed->host.empty()) {
      Fail(node.IsSequence() ? node[i] : node, key + "[" + std::to_string(i) + "]",
           "'" + u + "' is not an absolute http(s) URL");
    }
  }
}

bool Bool(const YAML::Node& node, const std::string& key) {
  std::string text = String(node, key);
  if (text == "true") return true;
  if (text == "false") return false;
  Fail(node, key, "'" + text + "' is not true or false");
}

double Fraction(const YAML::Node& node, const std::string& key) {
  std::string text = String(node, key);
  double value = 0;
  try {
    size_t used = 0;
    value = std::stod(text, &used);
    if (used != text.size()) throw std::invalid_argument(text);
  } catch (const std::exception&) {
    Fail(node, key, "'" + text + "' is not a number between 0 and 1");
  }
  if (value < 0 || value > 1) Fail(node, key, text + " is out of range [0, 1]");
  return value;
}

// `revisit_pages: {min: 1d, max: 30d}`; a missing bound keeps `defaults`'.
RevisitPagesConfig ParseRevisitPages(const YAML::Node& node, const std::string& key,
                                     const RevisitPagesConfig& defaults) {
  if (!node.IsMap()) Fail(node, key, "expected a mapping with min and max");
  CheckKeys(node, key, {"min", "max"});
  RevisitPagesConfig r = defaults;
  if (node["min"]) r.min_ms = Duration(node["min"], key + ".min");
  if (node["max"]) r.max_ms = Duration(node["max"], key + ".max");
  if (r.max_ms < r.min_ms) Fail(node, key + ".max", "is shorter than " + key + ".min");
  return r;
}

SourceConfig ParseSource(const YAML::Node& node, const std::string& where, const CrawlConfig& crawl) {
  if (!node.IsMap()) Fail(node, where, "expected a mapping with name, start_urls, ...");
  CheckKeys(node, where, {"name", "start_urls", "feeds", "sitemaps", "scope", "revisit",
                          "revisit_pages", "max_depth", "strip_params",
                           "require_topics"});
  SourceConfig s;
  if (!node["name"]) Fail(node, where + ".name", "missing (every source needs a name)");
  s.name = String(node["name"], where + ".name");
  if (s.name.empty()) Fail(node["name"], where + ".name", "must not be empty");
  std::string at = "sources[" + s.name + "]";
  if (node["start_urls"]) s.start_urls = Strings(node["start_urls"], at + ".start_urls");
  if (node["feeds"]) s.feeds = Strings(node["feeds"], at + ".feeds");
  if (node["sitemaps"]) s.sitemaps = Strings(node["sitemaps"], at + ".sitemaps");
  if (s.start_urls.empty() && s.feeds.empty() && s.sitemaps.empty()) {
    Fail(node, at, "needs at least one of start_urls, feeds, sitemaps");
  }
  CheckUrls(node["start_urls"], at + ".start_urls", s.start_urls);
  CheckUrls(node["feeds"], at + ".feeds", s.feeds);
  CheckUrls(node["sitemaps"], at + ".sitemaps", s.sitemaps);
  if (node["scope"]) {
    s.scope = Strings(node["scope"], at + ".scope");
    for (size_t i = 0; i < s.scope.size(); ++i) {
      RE2 re(s.scope[i], RE2::Quiet);
      if (!re.ok()) {
        Fail(node["scope"].IsSequence() ? node["scope"][i] : node["scope"],
             at + ".scope[" + std::to_string(i) + "]", "bad regex: " + re.error());
      }
    }
  } else {
    std::set<std::string> hosts;
    for (const auto* list : {&s.start_urls, &s.feeds, &s.sitemaps}) {
      for (const auto& u : *list) hosts.insert(url::HostOf(u));
    }
    for (const auto& h : hosts) s.scope.push_back(HostScopeRegex(h));
  }
  if (node["revisit"]) s.revisit_ms = Duration(node["revisit"], at + ".revisit");
  if (node["revisit_pages"]) {
    s.revisit_pages = ParseRevisitPages(node["revisit_pages"], at + ".revisit_pages", crawl.revisit_pages);
  }
  if (node["max_depth"]) s.max_depth = static_cast<int>(Integer(node["max_depth"], at + ".max_depth", 0, 100));
  if (node["strip_params"]) s.strip_params = Strings(node["strip_params"], at + ".strip_params");
  if (node["require_topics"]) {
    s.require_topics = Strings(node["require_topics"], at + ".require_topics");
    const std::vector<std::string>& known = topics::TopicNames();
    for (const std::string& t : s.require_topics) {
      if (std::find(known.begin(), known.end(), t) == known.end()) {
        Fail(node["require_topics"], at + ".require_topics", "unknown topic '" + t + "' (see topics/lexicon.txt)");
      }
    }
  }
  return s;
}

CrawlConfig ParseCrawl(const YAML::Node& node) {
  if (!node.IsMap()) Fail(node, "crawl", "expected a mapping");
  CheckKeys(node, "crawl", {"delay", "timeout", "connect_timeout", "max_body_bytes", "max_parallel",
                            "max_revisit", "delete_after", "max_delay", "max_urls_per_host", "revisit_pages",
                            "revisit_share", "politeness_key", "site_templates", "allow_networks"});
  CrawlConfig c;
  if (node["delay"]) {
    std::string text = String(node["delay"], "crawl.delay");
    auto ms = ParseDurationMs(text);
    if (text == "0") ms = 0;
    if (!ms) Fail(node["delay"], "crawl.delay", "'" + text + "' is not a duration (e.g. 0, 500ms, 1s)");
    c.delay_ms = *ms;
  }
  if (node["timeout"]) c.timeout_ms = Duration(node["timeout"], "crawl.timeout");
  if (node["connect_timeout"]) c.connect_timeout_ms = Duration(node["connect_timeout"], "crawl.connect_timeout");
  if (node["max_body_bytes"]) c.max_body_bytes = Bytes(node["max_body_bytes"], "crawl.max_body_bytes");
  if (node["max_parallel"]) c.max_parallel = static_cast<int>(Integer(node["max_parallel"], "crawl.max_parallel", 1, 4096));
  if (node["max_revisit"]) c.max_revisit_ms = Duration(node["max_revisit"], "crawl.max_revisit");
  if (node["delete_after"]) c.delete_after_ms = Duration(node["delete_after"], "crawl.delete_after");
  if (node["max_delay"]) c.max_delay_ms = Duration(node["max_delay"], "crawl.max_delay");
  if (node["max_urls_per_host"]) {
    c.max_urls_per_host = Integer(node["max_urls_per_host"], "crawl.max_urls_per_host", 1, 1'000'000'000);
  }
  if (node["revisit_pages"]) {
    c.revisit_pages = ParseRevisitPages(node["revisit_pages"], "crawl.revisit_pages", c.revisit_pages);
  }
  if (node["revisit_share"]) c.revisit_share = Fraction(node["revisit_share"], "crawl.revisit_share");
  if (node["politeness_key"]) {
    c.politeness_key = String(node["politeness_key"], "crawl.politeness_key");
    if (c.politeness_key != "host" && c.politeness_key != "ip") {
      Fail(node["politeness_key"], "crawl.politeness_key", "'" + c.politeness_key + "' is not host or ip");
    }
  }
  if (node["allow_networks"]) {
    c.allow_networks = Strings(node["allow_networks"], "crawl.allow_networks");
    for (size_t i = 0; i < c.allow_networks.size(); ++i) {
      std::string error;
      if (!fetch::ParseNetwork(c.allow_networks[i], &error)) {
        const YAML::Node& list = node["allow_networks"];
        Fail(list.IsSequence() ? list[i] : list, "crawl.allow_networks[" + std::to_string(i) + "]", error);
      }
    }
  }
  if (const YAML::Node& t = node["site_templates"]) {
    const std::string key = "crawl.site_templates";
    if (!t.IsMap()) Fail(t, key, "expected a mapping with enabled, min_pages, min_share, window_pages");
    CheckKeys(t, key, {"enabled", "min_pages", "min_share", "window_pages"});
    SiteTemplatesConfig& st = c.site_templates;
    if (t["enabled"]) st.enabled = Bool(t["enabled"], key + ".enabled");
    if (t["min_pages"]) st.min_pages = static_cast<int>(Integer(t["min_pages"], key + ".min_pages", 1, 1'000'000));
    if (t["min_share"]) st.min_share = Fraction(t["min_share"], key + ".min_share");
    if (t["window_pages"]) {
      st.window_pages = static_cast<int>(Integer(t["window_pages"], key + ".window_pages", 1, 1'000'000));
    }
  }
  return c;
}

void CheckListen(const YAML::Node& node, const std::string& key, const std::string& value) {
  size_t colon = value.rfind(':');
  if (colon == std::string::npos || colon + 1 == value.size() ||
      value.find_first_not_of("0123456789", colon + 1) != std::string::npos) {
    Fail(node, key, "'" + value + "' is not HOST:PORT");
  }
}

}  // namespace

std::string HostScopeRegex(std::string_view host) {
  std::string h(host);
  if (h.rfind("www.", 0) == 0) h = h.substr(4);
  return "^https?://(www\\.)?" + RE2::QuoteMeta(h) + "(:[0-9]+)?(/|$)";
}

StorageConfig ParseStorage(const YAML::Node& node) {
  if (!node.IsMap()) Fail(node, "storage", "expected a mapping");
  CheckKeys(node, "storage", {"change_log_retention", "sync", "sync_interval"});
  StorageConfig c;
  if (const YAML::Node& r = node["change_log_retention"]) {
    const std::string key = "storage.change_log_retention";
    std::string text = String(r, key);
    if (!text.empty() && std::all_of(text.begin(), text.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
      c.change_log_retention_events = Integer(r, key, 1, INT64_MAX);
      c.change_log_retention_ms = 0;
    } else {
      std::optional<int64_t> ms = ParseDurationMs(text);
      if (!ms || *ms <= 0) {
        Fail(r, key, "'" + text + "' is neither a duration (90d) nor a number of events (1000000)");
      }
      c.change_log_retention_ms = *ms;
    }
  }
  if (const YAML::Node& s = node["sync"]) {
    c.sync = String(s, "storage.sync");
    if (c.sync != "always" && c.sync != "interval" && c.sync != "never") {
      Fail(s, "storage.sync", "'" + c.sync + "' is not always, interval or never");
    }
  }
  if (node["sync_interval"]) c.sync_interval_ms = Duration(node["sync_interval"], "storage.sync_interval");
  return c;
}

namespace {

TlsConfig ParseTls(const YAML::Node& node) {
  if (!node.IsMap()) Fail(node, "tls", "expected a mapping with cert_file, key_file, client_ca_file");
  CheckKeys(node, "tls", {"cert_file", "key_file", "client_ca_file"});
  TlsConfig c;
  if (node["cert_file"]) c.cert_file = String(node["cert_file"], "tls.cert_file");
  if (node["key_file"]) c.key_file = String(node["key_file"], "tls.key_file");
  if (node["client_ca_file"]) c.client_ca_file = String(node["client_ca_file"], "tls.client_ca_file");
  if (c.cert_file.empty() != c.key_file.empty()) {
    Fail(node, c.cert_file.empty() ? "tls.cert_file" : "tls.key_file",
         "missing: a certificate needs its key and a key its certificate");
  }
  if (!c.client_ca_file.empty() && c.cert_file.empty()) {
    Fail(node["client_ca_file"], "tls.client_ca_file", "needs tls.cert_file and tls.key_file (mTLS is on top of TLS)");
  }
  return c;
}

// Tokens are compared whole: one too short to resist guessing is refused.
std::vector<std::string> Tokens(const YAML::Node& node, const std::string& key) {
  std::vector<std::string> tokens = Strings(node, key);
  for (size_t i = 0; i < tokens.size(); ++i) {
    const YAML::Node& at = node.IsSequence() ? node[i] : node;
    const std::string where = node.IsSequence() ? key + "[" + std::to_string(i) + "]" : key;
    if (tokens[i].size() < 16) Fail(at, where, "a token needs at least 16 characters");
    if (tokens[i].find_first_of(" \t\r\n") != std::string::npos) Fail(at, where, "a token cannot hold whitespace");
  }
  return tokens;
}

AuthConfig ParseAuth(const YAML::Node& node) {
  if (!node.IsMap()) Fail(node, "auth", "expected a mapping with consumer_tokens, admin_tokens, cluster_token");
  CheckKeys(node, "auth", {"consumer_tokens", "admin_tokens", "cluster_token"});
  AuthConfig c;
  if (node["consumer_tokens"]) c.consumer_tokens = Tokens(node["consumer_tokens"], "auth.consumer_tokens");
  if (node["admin_tokens"]) c.admin_tokens = Tokens(node["admin_tokens"], "auth.admin_tokens");
  if (const YAML::Node& t = node["cluster_token"]) {
    if (!t.IsScalar()) Fail(t, "auth.cluster_token", "expected one token");
    c.cluster_token = Tokens(t, "auth.cluster_token").front();
  }
  return c;
}

}  // namespace

std::optional<Config> ParseConfig(std::string_view yaml, std::string_view origin, std::string* error) {
  try {
    YAML::Node root = YAML::Load(std::string(yaml));
    Config c;
    if (!root.IsMap()) Fail(root, "(top level)", "expected a mapping of settings");
    CheckKeys(root, "",
              {"data_dir", "grpc_listen", "http_listen", "user_agent", "crawl", "storage", "tls", "auth", "sources"});
    if (root["data_dir"]) c.data_dir = String(root["data_dir"], "data_dir");
    if (root["grpc_listen"]) {
      c.grpc_listen = String(root["grpc_listen"], "grpc_listen");
      CheckListen(root["grpc_listen"], "grpc_listen", c.grpc_listen);
    }
    if (root["http_listen"]) {
      c.http_listen = String(root["http_listen"], "http_listen");
      CheckListen(root["http_listen"], "http_listen", c.http_listen);
    }
    if (root["user_agent"]) c.user_agent = String(root["user_agent"], "user_agent");
    if (root["crawl"]) c.crawl = ParseCrawl(root["crawl"]);
    if (root["storage"]) c.storage = ParseStorage(root["storage"]);
    if (root["tls"]) c.tls = ParseTls(root["tls"]);
    if (root["auth"]) c.auth = ParseAuth(root["auth"]);
    if (root["sources"]) {
      const YAML::Node& sources = root["sources"];
      if (!sources.IsSequence()) Fail(sources, "sources", "expected a list of sources");
      std::set<std::string> names;
      for (size_t i = 0; i < sources.size(); ++i) {
        SourceConfig s = ParseSource(sources[i], "sources[" + std::to_string(i) + "]", c.crawl);
        if (!names.insert(s.name).second) {
          Fail(sources[i]["name"], "sources[" + std::to_string(i) + "].name", "duplicate source name '" + s.name + "'");
        }
        c.sources.push_back(std::move(s));
      }
    }
    return c;
  } catch (const ConfigError& e) {
    if (error) *error = std::string(origin) + ":" + e.message;
  } catch (const YAML::Exception& e) {
    if (error) {
      *error = std::string(origin) + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg;
    }
  }
  return std::nullopt;
}

std::optional<Config> LoadConfig(const std::string& path, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    if (error) *error = path + ": cannot read config file";
    return std::nullopt;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseConfig(buffer.str(), path, error);
}

}  // namespace caravan::config
