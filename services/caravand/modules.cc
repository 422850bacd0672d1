#include "services/caravand/modules.h"

#include <csignal>
#include <filesystem>
#include <functional>
#include <map>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <spdlog/fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "common/periodic.h"
#include "common/time.h"
#include "crawler/fetch/fetcher.h"
#include "crawler/frontier/frontier.h"
#include "dedup/document.h"
#include "net/http_server.h"
#include "search/feeder.h"
#include "services/api/admin_service.h"
#include "services/api/auth.h"
#include "services/api/documents_service.h"
#include "services/api/stage_services.h"
#include "services/http/side_port.h"
#include "services/pipeline/local_fetch.h"
#include "services/pipeline/local_stages.h"
#include "services/pipeline/pipeline.h"
#include "services/pipeline/sources.h"
#include "storage/database.h"
#include "storage/document_store.h"
#include "storage/retention.h"
#include "templates/site_templates.h"

namespace caravan::daemon {
namespace {

struct ModuleDef {
  std::string name;
  std::vector<std::string> deps;
};

// The dependency graph of the modules; `all` runs every one.
const std::vector<ModuleDef>& ModuleDefs() {
  static const std::vector<ModuleDef> defs = {
      {"database", {}},
      {"store", {"database"}},
      {"frontier", {"database"}},
      {"fetcher", {}},
      {"extractor", {}},
      {"dedup", {"store"}},
      {"api", {"store"}},
      {"crawler", {"frontier", "fetcher", "extractor", "dedup", "store", "api"}},
  };
  return defs;
}

void AddWithDeps(const std::string& name, std::vector<std::string>* order) {
  for (const auto& d : ModuleDefs()) {
    if (d.name != name) continue;
    for (const auto& dep : d.deps) AddWithDeps(dep, order);
    if (std::find(order->begin(), order->end(), name) == order->end()) order->push_back(name);
  }
}

// Everything one process may hold; each module fills its part.
struct Process {
  explicit Process(const config::Config& c) : config(c) {}
  const config::Config& config;
  int64_t started_ms = NowMs();
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<storage::DocumentStore> store;
  std::unique_ptr<storage::ConsumerStore> consumers;
  std::unique_ptr<storage::Retention> retention;
  std::unique_ptr<search::SearchIndex> search;
  std::unique_ptr<search::Feeder> search_feeder;
  std::unique_ptr<pipeline::Sources> sources;
  std::unique_ptr<frontier::Frontier> frontier;
  std::unique_ptr<fetch::Fetcher> fetcher;
  std::unique_ptr<pipeline::LocalFrontier> frontier_stage;
  std::unique_ptr<pipeline::LocalFetch> fetch_stage;
  std::unique_ptr<pipeline::LocalExtract> extract_stage;
  std::unique_ptr<pipeline::LocalDedup> dedup_stage;
  std::unique_ptr<pipeline::LocalStore> store_stage;
  std::unique_ptr<templates::SiteTemplates> templates;
  std::unique_ptr<pipeline::Pipeline> pipeline;
  std::vector<std::unique_ptr<grpc::Service>> services;
  api::DocumentsService* documents = nullptr;
  // The side port's own: its JSON API checks the HTTP Authorization header
  // itself, where the gRPC service reads the call's metadata.
  std::unique_ptr<api::DocumentsService> http_documents;
  api::AdminService* admin = nullptr;
};

// Builds one module; false (with the reason logged) stops start-up.
bool InitModule(const std::string& name, Process* p) {
  const config::Config& c = p->config;
  if (name == "database") {
    std::error_code ec;
    std::filesystem::create_directories(c.data_dir, ec);
    if (ec) {
      spdlog::error("cannot create data_dir {}: {}", c.data_dir, ec.message());
      return false;
    }
    std::string error;
    storage::DatabaseOptions options;
    options.sync = c.storage.sync == "always"  ? storage::SyncMode::kAlways
                   : c.storage.sync == "never" ? storage::SyncMode::kNever
                                               : storage::SyncMode::kInterval;
    options.sync_interval_ms = c.storage.sync_interval_ms;
    p->db = storage::Database::Open(c.data_dir + "/db", &error, options);
    if (!p->db) {
      spdlog::error("{}", error);
      return false;
    }
    p->sources = std::make_unique<pipeline::Sources>(c.sources, p->db.get(), c.crawl);
  } else if (name == "store") {
    p->store = std::make_unique<storage::DocumentStore>(p->db.get());
    p->consumers = std::make_unique<storage::ConsumerStore>(p->db.get());
    storage::RetentionOptions retention;
    retention.max_age_ms = c.storage.change_log_retention_ms;
    retention.max_events = static_cast<uint64_t>(c.storage.change_log_retention_events);
    p->retention = std::make_unique<storage::Retention>(p->store.get(), retention);
    std::string error;
    int64_t retagged = dedup::RetagStoredTopics(p->store.get(), &error);
    if (retagged < 0) {
      spdlog::error("{}", error);
      return false;
    }
    if (retagged > 0) spdlog::info("tagged {} stored documents with the topics of this lexicon", retagged);
    p->store_stage = std::make_unique<pipeline::LocalStore>(p->store.get());
    p->services.push_back(std::make_unique<api::StoreService>(p->store_stage.get(), p->store.get()));
  } else if (name == "frontier") {
    frontier::FrontierOptions options;
    options.politeness.default_delay_ms = c.crawl.delay_ms;
    options.politeness.max_delay_ms = std::max(c.crawl.max_delay_ms, c.crawl.delay_ms);
    options.traps.max_urls_per_host = c.crawl.max_urls_per_host;
    options.max_revisit_ms = c.crawl.max_revisit_ms;
    options.delete_after_ms = c.crawl.delete_after_ms;
    options.revisit_share = c.crawl.revisit_share;
    options.politeness_key =
        c.crawl.politeness_key == "ip" ? frontier::PolitenessKey::kIp : frontier::PolitenessKey::kHost;
    pipeline::Sources* sources = p->sources.get();
    p->frontier = std::make_unique<frontier::Frontier>(
        p->db.get(), options, [sources](const std::string& s) { return sources->Revisit(s); });
    p->frontier_stage = std::make_unique<pipeline::LocalFrontier>(p->frontier.get());
    p->services.push_back(std::make_unique<api::FrontierService>(p->frontier_stage.get()));
  } else if (name == "fetcher") {
    fetch::FetchOptions options;
    options.user_agent = c.user_agent;
    options.total_timeout_ms = c.crawl.timeout_ms;
    options.connect_timeout_ms = c.crawl.connect_timeout_ms;
    options.max_body_bytes = static_cast<size_t>(c.crawl.max_body_bytes);
    options.max_parallel = c.crawl.max_parallel;
    std::vector<fetch::Network> allowed;
    for (const std::string& cidr : c.crawl.allow_networks) {
      std::string error;  // none: the config's check parsed it
      if (std::optional<fetch::Network> n = fetch::ParseNetwork(cidr, &error)) allowed.push_back(std::move(*n));
    }
    if (!allowed.empty()) {
      spdlog::info("fetcher: connecting to public addresses and crawl.allow_networks {}",
                   fmt::join(c.crawl.allow_networks, ", "));
    }
    options.guard = fetch::AddressGuard(std::move(allowed));
    p->fetcher = std::make_unique<fetch::Fetcher>(options);
    p->fetch_stage = std::make_unique<pipeline::LocalFetch>(p->fetcher.get(), c.user_agent);
    p->services.push_back(std::make_unique<api::FetcherService>(p->fetch_stage.get()));
  } else if (name == "extractor") {
    p->extract_stage = std::make_unique<pipeline::LocalExtract>();
    p->services.push_back(std::make_unique<api::ExtractorService>(p->extract_stage.get()));
  } else if (name == "dedup") {
    p->dedup_stage = std::make_unique<pipeline::LocalDedup>(p->store.get());
    p->services.push_back(std::make_unique<api::DedupService>(p->dedup_stage.get()));
  } else if (name == "api") {
    std::string error;
    p->search = search::SearchIndex::Open(c.data_dir + "/search", &error);
    if (!p->search) {
      spdlog::error("{}", error);
      return false;
    }
    p->search_feeder = std::make_unique<search::Feeder>(p->store.get(), p->search.get());
    auto documents = std::make_unique<api::DocumentsService>(p->store.get(), p->consumers.get(), p->search.get());
    p->documents = documents.get();
    p->services.push_back(std::move(documents));
    p->http_documents = std::make_unique<api::DocumentsService>(p->store.get(), p->consumers.get(), p->search.get());
  } else if (name == "crawler") {
    pipeline::PipelineOptions options;
    options.max_parallel = c.crawl.max_parallel;
    if (const config::SiteTemplatesConfig& t = c.crawl.site_templates; t.enabled) {
      templates::SiteTemplateOptions to;
      to.min_pages = t.min_pages;
      to.min_share = t.min_share;
      to.window_pages = t.window_pages;
      p->templates = std::make_unique<templates::SiteTemplates>(p->db.get(), to);
    }
    p->pipeline = std::make_unique<pipeline::Pipeline>(
        p->sources.get(), p->frontier_stage.get(), p->fetch_stage.get(), p->extract_stage.get(),
        p->dedup_stage.get(), p->store_stage.get(), options, p->templates.get());
  }
  return true;
}

sigset_t TermSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

bool SplitHostPort(const std::string& listen, std::string* host, int* port) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  *host = listen.substr(0, colon);
  if (host->size() >= 2 && host->front() == '[' && host->back() == ']') *host = host->substr(1, host->size() - 2);
  try {
    *port = std::stoi(listen.substr(colon + 1));
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

}  // namespace

const std::vector<std::string>& Targets() {
  static const std::vector<std::string> targets = {"all",   "frontier", "fetcher", "extractor",
                                                   "dedup", "store",    "api"};
  return targets;
}

std::vector<std::string> ModulesOf(const std::string& target) {
  std::vector<std::string> order;
  if (target == "all") {
    for (const auto& d : ModuleDefs()) AddWithDeps(d.name, &order);
  } else if (std::find(Targets().begin(), Targets().end(), target) != Targets().end()) {
    AddWithDeps(target, &order);
  }
  return order;
}

namespace {

constexpr int64_t kCounterSaveMs = 10'000;

// Why serving `config` would expose the process to the network unguarded,
// or "" when it would not.
std::string Exposure(const config::Config& config) {
  auto beyond_loopback = [](const std::string& listen) {
    std::string host;
    int port = 0;
    return !SplitHostPort(listen, &host, &port) || !api::IsLoopbackHost(host);
  };
  if (beyond_loopback(config.grpc_listen) && !(config.tls.enabled() && config.auth.enabled())) {
    return "grpc_listen " + config.grpc_listen +
           " is reachable from the network, but gRPC lacks TLS (tls.cert_file, tls.key_file) or tokens "
           "(auth.consumer_tokens, auth.admin_tokens, auth.cluster_token)";
  }
  if (!config.http_listen.empty() && beyond_loopback(config.http_listen)) {
    return "http_listen " + config.http_listen +
           " is reachable from the network, and the side port (status, /metrics, /api/v1) has no TLS";
  }
  return "";
}

}  // namespace

int Run(const config::Config& config, const std::string& target, bool insecure_listen) {
  std::vector<std::string> modules = ModulesOf(target);
  if (modules.empty()) {
    spdlog::error("unknown target '{}'", target);
    return 2;
  }
  // Signals are taken by sigwait below, never by a random thread.
  sigset_t signals = TermSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  if (std::string exposure = Exposure(config); !exposure.empty()) {
    if (!insecure_listen) {
      spdlog::error("{}: refusing to start; listen on loopback, configure TLS and tokens, or pass --insecure-listen",
                    exposure);
      return 2;
    }
    spdlog::warn("{} (--insecure-listen)", exposure);
  }
  std::string credentials_error;
  std::shared_ptr<grpc::ServerCredentials> credentials = api::ServerCredentialsFor(config.tls, &credentials_error);
  if (!credentials) {
    spdlog::error("{}", credentials_error);
    return 2;
  }
  const api::Authorizer authorizer(config.auth, !config.tls.client_ca_file.empty());

  Process p(config);
  for (const auto& m : modules) {
    if (!InitModule(m, &p)) return 1;
  }
  if (p.retention) p.retention->Start();
  // Per-source counts outlive the process, less the last interval's after
  // a kill.
  auto save_counters = [&p] {
    std::string error;
    if (p.sources && !p.sources->SaveCounters(&error)) spdlog::error("{}", error);
  };
  Periodic counter_saver(kCounterSaveMs, save_counters);
  counter_saver.Start();
  if (p.store) {
    auto admin = std::make_unique<api::AdminService>(p.sources.get(), p.pipeline.get(), p.frontier.get(),
                                                     p.store.get(), p.consumers.get(), p.search_feeder.get(),
                                                     p.started_ms);
    p.admin = admin.get();
    p.services.push_back(std::move(admin));
  }

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int grpc_port = 0;
  builder.AddListeningPort(config.grpc_listen, credentials, &grpc_port);
  builder.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  for (auto& s : p.services) {
    if (auto* guarded = dynamic_cast<api::Guarded*>(s.get())) guarded->Guard(&authorizer);
    builder.RegisterService(s.get());
  }
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || grpc_port == 0) {
    spdlog::error("cannot listen for gRPC on {} (grpc_listen)", config.grpc_listen);
    return 1;
  }

  std::unique_ptr<net::HttpServer> http;
  if (!config.http_listen.empty() && p.admin) {
    std::string host, error;
    int port = 0;
    api::AdminService* admin = p.admin;
    http = std::make_unique<net::HttpServer>(
        http::SidePortHandler([admin] { return admin->BuildStatus(); }, p.http_documents.get(), &authorizer));
    if (!SplitHostPort(config.http_listen, &host, &port) || !http->Start(host, port, &error)) {
      spdlog::error("cannot serve HTTP on {} (http_listen): {}", config.http_listen, error);
      server->Shutdown();
      return 1;
    }
  }

  if (p.search_feeder) p.search_feeder->Start();
  if (p.pipeline) p.pipeline->Start();
  std::string joined;
  for (const auto& m : modules) joined += (joined.empty() ? "" : ",") + m;
  spdlog::info("caravand {} target={} modules={} grpc={} http={} data_dir={} sources={}", CARAVAN_VERSION, target,
               joined, config.grpc_listen, config.http_listen, config.data_dir, config.sources.size());

  int sig = 0;
  sigwait(&signals, &sig);
  spdlog::info("caravand: signal {}, shutting down", sig);
  if (p.pipeline) p.pipeline->Stop();
  counter_saver.Stop();
  save_counters();
  if (p.documents) p.documents->Shutdown();
  if (p.store) p.store->Shutdown();
  if (p.search_feeder) p.search_feeder->Stop();
  if (p.retention) p.retention->Stop();
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  if (http) http->Stop();
  // Stopping the fetcher fails its in-flight requests through their
  // callbacks, which point into the fetch stage and the pipeline: it must
  // go before them, not in member order. Their leases are fetched again on
  // the next start.
  p.fetcher.reset();
  return 0;
}

}  // namespace caravan::daemon
