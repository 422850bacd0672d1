// frontier_bench: memory and time of the persistent frontier at crawl
// scale. Adds --urls URLs over --hosts hosts the way the pipeline does (one
// Add per fetched page, its links all of one host), then leases and
// completes --complete of them, and prints time, peak RSS and what RocksDB
// says it holds in memory.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <CLI/CLI.hpp>

#include "crawler/frontier/frontier.h"
#include "storage/database.h"

namespace {

namespace fs = std::filesystem;

double MiB(int64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

// Current resident set from /proc: unlike ru_maxrss it can go down, which
// shows what each phase keeps.
int64_t CurrentRssBytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
  }
  return 0;
}

int64_t PeakRssBytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<int64_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

int64_t SumProperty(const caravan::storage::Database& db, const std::string& property) {
  int64_t total = 0;
  for (const char* name : caravan::storage::kColumnFamilies) {
    uint64_t value = 0;
    if (db.db()->GetIntProperty(db.cf(name), property, &value)) total += static_cast<int64_t>(value);
  }
  return total;
}

// Where the memory is after a phase: the process as a whole and the parts
// RocksDB accounts for; the rest is mostly the frontier's own maps.
void Report(const char* phase, const caravan::storage::Database& db) {
  uint64_t cache = 0;
  db.db()->GetIntProperty(db.cf("frontier_urls"), "rocksdb.block-cache-usage", &cache);
  std::printf("  after %-15s RSS %5.0f MiB (peak %5.0f); rocksdb: memtables %4.0f MiB, block cache %4.0f MiB, "
              "table readers %4.0f MiB\n",
              phase, MiB(CurrentRssBytes()), MiB(PeakRssBytes()),
              MiB(SumProperty(db, "rocksdb.cur-size-all-mem-tables")), MiB(static_cast<int64_t>(cache)),
              MiB(SumProperty(db, "rocksdb.estimate-table-readers-mem")));
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"frontier memory and speed with a million URLs"};
  int64_t urls = 1'000'000;
  int hosts = 10'000;
  int64_t complete = 100'000;
  int links_per_page = 100;
  int lease_batch = 256;
  std::string dir = (fs::temp_directory_path() / ("frontier-bench-" + std::to_string(getpid()))).string();
  int64_t max_rss_mib = 300;
  app.add_option("--urls", urls, "URLs added")->capture_default_str();
  app.add_option("--hosts", hosts, "hosts they spread over")->check(CLI::PositiveNumber)->capture_default_str();
  app.add_option("--complete", complete, "URLs leased and completed afterwards")->capture_default_str();
  app.add_option("--links-per-page", links_per_page, "URLs per Add call")->check(CLI::PositiveNumber)
      ->capture_default_str();
  // The pipeline leases as fetch slots free up, often one at a time.
  app.add_option("--lease-batch", lease_batch, "URLs asked of each Lease call")->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--dir", dir, "database directory (removed before and after)")->capture_default_str();
  app.add_option("--max-rss-mib", max_rss_mib, "exit 1 when the peak RSS is above this")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  fs::remove_all(dir);
  std::string error;
  auto db = caravan::storage::Database::Open(dir, &error);
  if (!db) {
    std::fprintf(stderr, "frontier_bench: %s\n", error.c_str());
    return 1;
  }
  auto frontier = std::make_unique<caravan::frontier::Frontier>(
      db.get(), caravan::frontier::FrontierOptions(), [](const std::string&) {
        return caravan::frontier::RevisitPolicy{.hub_ms = 3'600'000};
      });
  std::printf("frontier_bench: %lld URLs over %d hosts, %d per Add; then %lld leased (%d per Lease) and "
              "completed\n",
              static_cast<long long>(urls), hosts, links_per_page, static_cast<long long>(complete), lease_batch);
  Report("open", *db);

  using Clock = std::chrono::steady_clock;
  int64_t now_ms = 1'700'000'000'000;
  auto start = Clock::now();
  int64_t added = 0;
  std::vector<caravan::v1::UrlCandidate> batch;
  for (int64_t next = 0; next < urls;) {
    // Page p of host h links to articles p*links ... of that host, so every
    // host's queue grows over the whole run as on a real crawl.
    int64_t page = next / links_per_page;
    int host = static_cast<int>(page % hosts);
    batch.clear();
    for (int i = 0; i < links_per_page && next < urls; ++i, ++next) {
      caravan::v1::UrlCandidate c;
      c.set_url("https://www.host-" + std::to_string(host) + ".example.org/en/analysis/belt-and-road-article-" +
                std::to_string(next) + "/");
      c.set_source("source-" + std::to_string(host % 100));
      c.set_kind(caravan::v1::PAGE);
      c.set_depth(2);
      batch.push_back(std::move(c));
    }
    added += frontier->Add(batch, now_ms);
  }
  double add_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("add: %.1f s, %.0f URLs/s\n", add_seconds, static_cast<double>(urls) / add_seconds);
  Report("add", *db);
  if (added != urls) {
    std::fprintf(stderr, "frontier_bench: only %lld of %lld URLs were added\n", static_cast<long long>(added),
                 static_cast<long long>(urls));
    return 1;
  }

  start = Clock::now();
  int64_t done = 0;
  int64_t empty_rounds = 0;
  while (done < complete) {
    // A simulated second per round: past any host's politeness delay, so
    // every round may lease from every host.
    now_ms += 1000;
    auto tasks = frontier->Lease(static_cast<int>(std::min<int64_t>(lease_batch, complete - done)), now_ms);
    if (tasks.empty() && ++empty_rounds > 1000) break;
    for (const auto& task : tasks) {
      caravan::v1::CompleteRequest request;
      *request.mutable_task() = task;
      request.set_status(200);
      request.set_changed(true);
      frontier->Complete(request, now_ms);
      ++done;
    }
  }
  double lease_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("lease+complete: %.1f s, %.0f URLs/s\n", lease_seconds, static_cast<double>(done) / lease_seconds);
  Report("lease+complete", *db);

  frontier.reset();
  db.reset();
  fs::remove_all(dir);
  int64_t peak = PeakRssBytes();
  std::printf("frontier_bench: %lld URLs: add %.1f s, lease+complete %lld in %.1f s, peak RSS %.0f MiB "
              "(target < %lld MiB)\n",
              static_cast<long long>(urls), add_seconds, static_cast<long long>(done), lease_seconds, MiB(peak),
              static_cast<long long>(max_rss_mib));
  return MiB(peak) < static_cast<double>(max_rss_mib) && done == complete ? 0 : 1;
}
