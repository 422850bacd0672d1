// caravan-bench-web: serves the generated web of `make bench-crawl`, one
// site per loopback address 127.0.1.1, 127.0.1.2, ... on one port, so that
// crawlers keying politeness on host (caravan) or on hostname (Scrapy) both
// see that many distinct sites. All of 127.0.0.0/8 reaches lo on Linux.
#include <sys/resource.h>

#include <array>
#include <atomic>
#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>
#include <vector>

#include <CLI/CLI.hpp>

#include "bench/crawl/generated_web.h"
#include "net/http_server.h"

namespace {

// Site i listens on 127.0.(1 + i/254).(1 + i%254): never a .0 or .255 octet.
std::string SiteAddress(int site) {
  return "127.0." + std::to_string(1 + site / 254) + "." + std::to_string(1 + site % 254);
}

enum Kind { kArticle, kFeed, kSitemap, kRobots, kHome, kMissing, kKinds };

Kind KindOf(const caravan::net::HttpResponse& response, const std::string& path) {
  if (response.status == 404) return kMissing;
  if (path == "/") return kHome;
  if (path == "/feed/") return kFeed;
  if (path == "/sitemap.xml") return kSitemap;
  if (path == "/robots.txt") return kRobots;
  return kArticle;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"serve the generated web of make bench-crawl on 127.0.1.x"};
  int sites = 200;
  int port = 18180;
  std::string origins_file;
  caravan::bench::WebShape shape;
  app.add_option("--sites", sites, "sites, one per loopback address")->check(CLI::Range(1, 254 * 200))
      ->capture_default_str();
  app.add_option("--pages", shape.pages, "articles per site")->check(CLI::Range(1, 999'999))->capture_default_str();
  app.add_option("--port", port, "port on every address")->capture_default_str();
  app.add_option("--origins-file", origins_file, "write the sites' origins here, one a line, once serving");
  CLI11_PARSE(app, argc, argv);

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::array<std::atomic<int64_t>, kKinds> served{};
  std::vector<std::string> origins;
  std::vector<std::unique_ptr<caravan::net::HttpServer>> servers;
  for (int site = 0; site < sites; ++site) {
    std::string origin = "http://" + SiteAddress(site) + ":" + std::to_string(port);
    auto server = std::make_unique<caravan::net::HttpServer>(
        [&shape, &served, site, origin](const caravan::net::HttpRequest& request) {
          caravan::net::HttpResponse response = caravan::bench::Serve(shape, site, origin, request.path);
          served[KindOf(response, request.path)]++;
          return response;
        });
    std::string error;
    if (!server->Start(SiteAddress(site), port, &error)) {
      std::cerr << "caravan-bench-web: " << error << "\n";
      return 1;
    }
    servers.push_back(std::move(server));
    origins.push_back(origin);
  }
  if (!origins_file.empty()) {
    std::ofstream out(origins_file);
    for (const auto& o : origins) out << o << "\n";
    if (!out.flush()) {
      std::cerr << "caravan-bench-web: cannot write " << origins_file << "\n";
      return 1;
    }
  }
  std::cout << "serving " << sites << " sites x " << shape.pages << " articles on " << origins.front() << " ... "
            << origins.back() << std::endl;

  int sig = 0;
  sigwait(&signals, &sig);
  for (auto& s : servers) s->Stop();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
               static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  std::cout << "served articles " << served[kArticle] << ", feeds " << served[kFeed] << ", sitemaps "
            << served[kSitemap] << ", robots " << served[kRobots] << ", home " << served[kHome] << ", 404 "
            << served[kMissing] << "; cpu " << cpu << " s" << std::endl;
  return 0;
}
