// caravan-bench-web: serves the generated web of `make bench-crawl` and
// `make bench-freshness`, one site per loopback address 127.0.1.1,
// 127.0.1.2, ... on one port, so that crawlers keying politeness on host
// (caravan) or on hostname (Scrapy) both see that many distinct sites. All of
// 127.0.0.0/8 reaches lo on Linux.
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <vector>

#include <CLI/CLI.hpp>

#include "bench/crawl/generated_web.h"
#include "net/http_server.h"

namespace {

// Site i listens on 127.0.(1 + i/254).(1 + i%254): never a .0 or .255 octet.
std::string SiteAddress(int site) {
  return "127.0." + std::to_string(1 + site / 254) + "." + std::to_string(1 + site % 254);
}

enum Kind { kArticle, kFeed, kSitemap, kRobots, kHome, kListing, kNotModified, kMissing, kKinds };

Kind KindOf(const caravan::net::HttpResponse& response, const std::string& path) {
  if (response.status == 404) return kMissing;
  if (response.status == 304) return kNotModified;
  if (path == "/") return kHome;
  if (path == "/feed/") return kFeed;
  if (path == "/sitemap.xml") return kSitemap;
  if (path == "/robots.txt") return kRobots;
  if (path.starts_with("/category/")) return kListing;
  return kArticle;
}

int64_t UnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

// One line per request: "<unix ms> <monotonic ms> <address> <target> <status>",
// the times of when the handler got the request. Lines are written in
// blocks of up to 64 KiB or a second, so that logging costs the server next
// to nothing and a reader tailing the file is at most a second behind.
class RequestLog {
 public:
  explicit RequestLog(int fd) : fd_(fd) {}
  ~RequestLog() {
    Flush();
    ::close(fd_);
  }
  void Add(int64_t unix_ms, double monotonic_ms, const std::string& address, const std::string& target,
           int status) {
    char head[64];
    std::snprintf(head, sizeof(head), "%lld %.3f ", static_cast<long long>(unix_ms), monotonic_ms);
    std::lock_guard lock(mu_);
    buffer_ += head;
    buffer_ += address;
    buffer_ += ' ';
    buffer_ += target;
    buffer_ += ' ';
    buffer_ += std::to_string(status);
    buffer_ += '\n';
    if (buffer_.size() >= 64 * 1024 || monotonic_ms - written_ms_ >= 1000) {
      WriteLocked();
      written_ms_ = monotonic_ms;
    }
  }
  void Flush() {
    std::lock_guard lock(mu_);
    WriteLocked();
  }

 private:
  void WriteLocked() {
    for (size_t done = 0; done < buffer_.size();) {
      ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    buffer_.clear();
  }

  int fd_;
  std::mutex mu_;
  std::string buffer_;
  double written_ms_ = 0;
};

// Written to a temporary name and renamed, so a reader polling for the file
// never sees half of it.
bool WriteSchedule(const caravan::bench::GeneratedWeb& web, const std::vector<std::string>& origins,
                   const std::string& path) {
  std::string partial = path + ".partial";
  {
    std::ofstream out(partial);
    web.WriteSchedule(origins, out);
    if (!out.flush()) return false;
  }
  return std::rename(partial.c_str(), path.c_str()) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"serve the generated web of make bench-crawl and make bench-freshness on 127.0.1.x"};
  int sites = 200;
  int port = 18180;
  std::string origins_file, request_log_file, schedule_file;
  caravan::bench::WebShape shape;
  double new_start_s = 0, new_window_s = static_cast<double>(shape.new_window_ms) / 1000,
         archive_spacing_s = static_cast<double>(shape.archive_spacing_ms) / 1000;
  bool hold_new = false;
  app.add_option("--sites", sites, "sites, one per loopback address")->check(CLI::Range(1, 254 * 200))
      ->capture_default_str();
  app.add_option("--pages,--archive", shape.pages, "articles per site (with a clock: out from the start)")
      ->check(CLI::Range(1, 999'999))->capture_default_str();
  app.add_option("--port", port, "port on every address")->capture_default_str();
  app.add_option("--origins-file", origins_file, "write the sites' origins here, one a line, once serving");
  app.add_option("--listing-size", shape.listing_size,
                 "teasers per page of the category listings /category/<section>/[page/N/]; 0: none")
      ->check(CLI::Range(0, 1000))->capture_default_str();
  auto* new_per_site =
      app.add_option("--new-per-site", shape.new_per_site,
                     "puts the web on a clock (real publication times, Last-Modified/ETag, 304s): this many "
                     "articles per site come out while serving")
          ->check(CLI::Range(0, 999'999));
  app.add_option("--new-start", new_start_s, "seconds from the clock's start to the new articles' window")
      ->check(CLI::NonNegativeNumber)->capture_default_str()->needs(new_per_site);
  app.add_option("--new-window", new_window_s, "seconds over which the new articles come out at random")
      ->check(CLI::NonNegativeNumber)->capture_default_str()->needs(new_per_site);
  app.add_option("--archive-spacing", archive_spacing_s,
                 "seconds between two archive articles' publication times; the newest is that old at start")
      ->check(CLI::PositiveNumber)->capture_default_str()->needs(new_per_site);
  app.add_option("--seed", shape.seed, "of the new articles' times")
      ->capture_default_str()->needs(new_per_site);
  app.add_flag("--hold-new", hold_new, "start the clock on SIGUSR1 rather than at start-up")
      ->needs(new_per_site);
  app.add_option("--schedule-file", schedule_file,
                 "once the clock starts, write every article's site, URL and publication time (unix ms) here")
      ->needs(new_per_site);
  app.add_option("--request-log", request_log_file,
                 "append one line per request: unix ms, monotonic ms, address, target, status");
  CLI11_PARSE(app, argc, argv);
  shape.clock = new_per_site->count() > 0;
  shape.new_start_ms = static_cast<int64_t>(new_start_s * 1000);
  shape.new_window_ms = static_cast<int64_t>(new_window_s * 1000);
  shape.archive_spacing_ms = static_cast<int64_t>(archive_spacing_s * 1000);

  std::unique_ptr<RequestLog> request_log;
  if (!request_log_file.empty()) {
    int fd = ::open(request_log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
      std::cerr << "caravan-bench-web: cannot open " << request_log_file << "\n";
      return 1;
    }
    request_log = std::make_unique<RequestLog>(fd);
  }

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  caravan::bench::GeneratedWeb web(shape, sites, UnixMs());
  const auto steady_start = std::chrono::steady_clock::now();
  std::array<std::atomic<int64_t>, kKinds> served{};
  std::vector<std::string> origins;
  std::vector<std::unique_ptr<caravan::net::HttpServer>> servers;
  for (int site = 0; site < sites; ++site) {
    std::string address = SiteAddress(site);
    std::string origin = "http://" + address + ":" + std::to_string(port);
    auto server = std::make_unique<caravan::net::HttpServer>(
        [&web, &served, &request_log, steady_start, site, address, origin](
            const caravan::net::HttpRequest& request) {
          int64_t now_ms = UnixMs();
          std::chrono::duration<double, std::milli> monotonic =
              std::chrono::steady_clock::now() - steady_start;
          caravan::net::HttpResponse response = web.Serve(site, origin, request, now_ms);
          served[KindOf(response, request.path)]++;
          if (request_log) {
            request_log->Add(now_ms, monotonic.count(), address, request.target, response.status);
          }
          return response;
        });
    std::string error;
    if (!server->Start(address, port, &error)) {
      std::cerr << "caravan-bench-web: " << error << "\n";
      return 1;
    }
    servers.push_back(std::move(server));
    origins.push_back(origin);
  }
  // Starts the new articles' clock, once; false if the schedule cannot be written.
  auto start_clock = [&] {
    if (!web.StartClock(UnixMs())) return true;
    std::cout << "clock started" << std::endl;
    if (schedule_file.empty() || WriteSchedule(web, origins, schedule_file)) return true;
    std::cerr << "caravan-bench-web: cannot write " << schedule_file << "\n";
    return false;
  };
  if (shape.clock && !hold_new && !start_clock()) return 1;
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
  int exit_code = 0;
  while (sigwait(&signals, &sig) == 0 && sig == SIGUSR1) {
    if (shape.clock && !start_clock()) {
      exit_code = 1;
      break;
    }
  }
  for (auto& s : servers) s->Stop();
  request_log.reset();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
               static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  std::cout << "served articles " << served[kArticle] << ", feeds " << served[kFeed] << ", sitemaps "
            << served[kSitemap] << ", robots " << served[kRobots] << ", home " << served[kHome]
            << ", listings " << served[kListing] << ", 304 " << served[kNotModified] << ", 404 "
            << served[kMissing] << "; cpu " << cpu << " s" << std::endl;
  return exit_code;
}
