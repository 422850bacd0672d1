// caravand's YAML configuration: what to crawl and where to serve.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caravan::config {

// How often articles and documents (not hubs) are fetched again: first
// after `min`, doubling while unchanged up to `max` (frontier/revisit.h).
struct RevisitPagesConfig {
  int64_t min_ms = 24LL * 3600 * 1000;
  int64_t max_ms = 30LL * 24 * 3600 * 1000;
};

// Text blocks learnt as a site's boilerplate once they are on this many of
// its pages and this share of its recent pages (templates/site_templates.h).
struct SiteTemplatesConfig {
  bool enabled = true;
  int min_pages = 5;
  double min_share = 0.1;
  int window_pages = 500;
};

// One site (or part of one) that caravan follows.
struct SourceConfig {
  std::string name;
  std::vector<std::string> start_urls;
  std::vector<std::string> feeds;
  std::vector<std::string> sitemaps;
  // URL regexes (RE2, partial match); a URL is in scope when any matches.
  // Defaults to the hosts of start_urls, feeds and sitemaps.
  std::vector<std::string> scope;
  // How often hubs (start URLs, feeds, sitemaps, listing pages) are
  // fetched again.
  int64_t revisit_ms = 15 * 60 * 1000;
  // Articles' revisits; the crawl-wide ones when unset.
  std::optional<RevisitPagesConfig> revisit_pages;
  // Link hops from a start URL, feed or sitemap that are still followed.
  int max_depth = 3;
  // Extra query parameters dropped in URL normalization ("name" or "prefix*").
  std::vector<std::string> strip_params;
  // Only pages about one of these topics (topics/lexicon.txt) become
  // documents; the others are counted as skipped{off_topic}. Empty: all.
  std::vector<std::string> require_topics;
};

// Crawl-wide knobs with defaults that are polite to real sites.
struct CrawlConfig {
  // Minimum time between two requests to one host.
  int64_t delay_ms = 1000;
  int64_t timeout_ms = 30'000;
  int64_t connect_timeout_ms = 10'000;
  int64_t max_body_bytes = 16 * 1024 * 1024;
  // Hosts fetched in parallel at most.
  int max_parallel = 64;
  // Longest interval a URL that keeps failing backs off to.
  int64_t max_revisit_ms = 7LL * 24 * 3600 * 1000;
  // A stored page answering 404 or 410 on two checks this far apart is
  // deleted (a tombstone).
  int64_t delete_after_ms = 24LL * 3600 * 1000;
  RevisitPagesConfig revisit_pages;
  // Share of a host's requests that revisits may take while new URLs wait.
  double revisit_share = 0.2;
  // "host": each host waits its own delay; "ip": hosts on one address
  // share it.
  std::string politeness_key = "host";
  SiteTemplatesConfig site_templates;
  // Longest gap a slow host's answers stretch its delay to.
  int64_t max_delay_ms = 60'000;
  // URLs one host may have in the frontier; bounds traps the checks miss.
  int64_t max_urls_per_host = 200'000;
  // Networks (CIDR) the fetcher may reach although they are loopback,
  // private, link-local... (crawler/fetch/address_guard.h): an intranet's
  // sites, or a test's fixture on 127.0.0.1. Validated.
  std::vector<std::string> allow_networks;
};

// How long the store keeps what it need not keep forever.
struct StorageConfig {
  // Change-log events older than this are dropped (storage.change_log_retention
  // as a duration; 0: no limit). Documents and versions are never dropped.
  int64_t change_log_retention_ms = 90LL * 24 * 3600 * 1000;
  // Only the newest this many events are kept (the setting as a count; 0:
  // no limit).
  int64_t change_log_retention_events = 0;
  // storage.sync: "always", "interval" or "never" (storage::SyncMode): what
  // a power loss can take. By default at most the last sync_interval.
  std::string sync = "interval";
  int64_t sync_interval_ms = 1000;
};

// TLS for the gRPC port: a certificate and its key (PEM files), and
// optionally a CA whose client certificates are verified (mTLS). The files
// are read when caravand starts.
struct TlsConfig {
  std::string cert_file;
  std::string key_file;
  // A client presenting a certificate this CA signed is a cluster peer
  // (the internal stage services), as with auth.cluster_token.
  std::string client_ca_file;
  bool enabled() const { return !cert_file.empty(); }
};

// Bearer tokens, in three scopes. With none set every caller is let in, and
// caravand refuses to listen beyond loopback (unless --insecure-listen).
struct AuthConfig {
  std::vector<std::string> consumer_tokens;  // Documents and Search: read, and a consumer's own acks
  std::vector<std::string> admin_tokens;     // Admin, and everything consumers may do
  std::string cluster_token;                 // the stage services one caravand process calls in another
  bool enabled() const { return !consumer_tokens.empty() || !admin_tokens.empty() || !cluster_token.empty(); }
};

struct Config {
  std::string data_dir = "./data";
  std::string grpc_listen = "127.0.0.1:7070";
  std::string http_listen = "127.0.0.1:7071";
  std::string user_agent = "caravan/0.1 (+https://github.com/caravan-crawler/caravan)";
  CrawlConfig crawl;
  StorageConfig storage;
  TlsConfig tls;
  AuthConfig auth;
  std::vector<SourceConfig> sources;
};

// Parses YAML text; `origin` names the file in error messages. On error
// returns nullopt and sets `error` to "origin:LINE: key: what is wrong".
std::optional<Config> ParseConfig(std::string_view yaml, std::string_view origin,
                                  std::string* error);

// Reads and parses the file at `path`.
std::optional<Config> LoadConfig(const std::string& path, std::string* error);

// "https://ankasam.org/en/" -> "^https?://(www\.)?ankasam\.org(:[0-9]+)?/"
std::string HostScopeRegex(std::string_view host);

}  // namespace caravan::config
