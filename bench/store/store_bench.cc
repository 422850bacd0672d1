// make bench-store: the document store and the consumer API at a million
// documents. Not a timed test: it prints figures, each beside its target
// (met / NOT met), and fails only when something does not work.
//
// Generates --docs articles (bench/store/corpus.h: 2-20 KB of text in five
// languages, 200 sources, two years) on a thread of their own, stores them
// through DocumentStore::Put with their HTML bodies, then feeds the Xapian
// index with search::Feeder::CatchUp, as caravand's feeder does. Then
// serves DocumentsService over loopback gRPC in this process, the client
// as caravanctl makes it (64 MiB receive limit), one call at a time:
// Subscribe from a cursor with and without text; Get of random ids; List
// pages with filters (a source; a language; both), each from a random
// place in the listing; Search (a word, two words, a phrase, a name, with
// a language or a source filter, newest first). Reports p50 and p99 of the
// per-call times, bytes on disk per document and peak RSS (VmHWM, the
// whole process: store, index, server and client).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>

#include "bench/store/corpus.h"
#include "caravan/v1/documents.grpc.pb.h"
#include "search/feeder.h"
#include "search/index.h"
#include "services/api/documents_service.h"
#include "services/api/limits.h"
#include "storage/consumers.h"
#include "storage/database.h"
#include "storage/document_store.h"

namespace {

using Clock = std::chrono::steady_clock;
using caravan::bench::Corpus;
using caravan::bench::Generated;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }
double Ms(Clock::time_point since) { return std::chrono::duration<double, std::milli>(Clock::now() - since).count(); }

// kB of a /proc/self/status line ("VmHWM", "VmRSS").
int64_t StatusKb(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stoll(line.substr(field.size() + 1));
  }
  return -1;
}

std::string Memory() {
  return "RSS " + std::to_string(StatusKb("VmRSS") / 1024) + " MiB, peak " + std::to_string(StatusKb("VmHWM") / 1024) +
         " MiB";
}

uint64_t DirBytes(const std::filesystem::path& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      const uintmax_t size = it->file_size(size_ec);
      if (!size_ec) total += size;
    }
  }
  return total;
}

// CPU seconds the whole process has used, all threads.
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double GiB(uint64_t bytes) { return static_cast<double>(bytes) / (1u << 30); }

// Thousands separated: 1234567 -> "1,234,567".
std::string Num(double v) {
  std::string digits = std::to_string(static_cast<int64_t>(v + 0.5));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0 && digits[i - 1] != '-') out += ',';
    out += digits[i];
  }
  return out;
}

// Bounded hand-over from the generating thread to the storing one.
class Queue {
 public:
  explicit Queue(size_t capacity) : capacity_(capacity) {}
  void Push(Generated g) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_ || closed_; });
    items_.push_back(std::move(g));
    not_empty_.notify_one();
  }
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }
  // False when closed and drained. Counts the time spent waiting.
  bool Pop(Generated* g) {
    std::unique_lock lock(mu_);
    if (items_.empty()) {
      const auto start = Clock::now();
      not_empty_.wait(lock, [&] { return !items_.empty() || closed_; });
      waited_s_ += Seconds(start);
    }
    if (items_.empty()) return false;
    *g = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return true;
  }
  double waited_s() const { return waited_s_; }

 private:
  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Generated> items_;
  bool closed_ = false;
  double waited_s_ = 0;
};

struct Timings {
  std::vector<double> ms;
  void Add(double v) { ms.push_back(v); }
  double P(double q) {
    if (ms.empty()) return 0;
    std::sort(ms.begin(), ms.end());
    return ms[std::min(ms.size() - 1, static_cast<size_t>(static_cast<double>(ms.size()) * q))];
  }
};

std::string Verdict(bool met) { return met ? "met" : "NOT met"; }

// One line of figures with p50 and p99, and the target when there is one.
void ReportLatency(const std::string& what, Timings t, const std::string& extra, double target_p99_ms) {
  const double p50 = t.P(0.50), p99 = t.P(0.99);
  std::printf("  %-34s %5zu calls  p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms%s", what.c_str(), t.ms.size(), p50, p99,
              t.P(1.0), extra.c_str());
  if (target_p99_ms > 0) std::printf("   target p99 <= %g ms: %s", target_p99_ms, Verdict(p99 <= target_p99_ms).c_str());
  std::printf("\n");
}

// Waits until RocksDB neither runs nor owes a flush or compaction, at most
// `limit_s`, and returns the seconds waited: the API is timed on a settled
// store, not beside the compaction backlog a bulk ingest leaves behind
// (reopening the store for --reuse resumes that backlog).
double SettleCompactions(const caravan::storage::Database& db, double limit_s) {
  const auto start = Clock::now();
  auto busy = [&] {
    uint64_t v = 0;
    if (db.db()->GetIntProperty("rocksdb.num-running-compactions", &v) && v > 0) return true;
    if (db.db()->GetIntProperty("rocksdb.num-running-flushes", &v) && v > 0) return true;
    for (const char* name : caravan::storage::kColumnFamilies) {
      if (db.db()->GetIntProperty(db.cf(name), "rocksdb.compaction-pending", &v) && v > 0) return true;
      if (db.db()->GetIntProperty(db.cf(name), "rocksdb.mem-table-flush-pending", &v) && v > 0) return true;
    }
    return false;
  };
  while (busy() && Seconds(start) < limit_s) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  return Seconds(start);
}

struct SubscribeRun {
  size_t events = 0;
  size_t with_document = 0;
  size_t with_text = 0;
  double seconds = 0;
  double cpu_seconds = 0;  // of server and client together
  uint64_t bytes = 0;
  std::string error;
};

SubscribeRun Subscribe(caravan::v1::Documents::Stub* stub, uint64_t after, size_t n, bool omit_text) {
  SubscribeRun run;
  caravan::v1::SubscribeRequest request;
  request.set_cursor(std::to_string(after));
  request.set_omit_text(omit_text);
  grpc::ClientContext context;
  const auto start = Clock::now();
  const double cpu_start = CpuSeconds();
  auto reader = stub->Subscribe(&context, request);
  caravan::v1::DocumentEvent event;
  while (run.events < n && reader->Read(&event)) {
    ++run.events;
    run.bytes += event.ByteSizeLong();
    if (event.has_document()) ++run.with_document;
    if (!event.document().text().empty()) ++run.with_text;
  }
  run.seconds = Seconds(start);
  run.cpu_seconds = CpuSeconds() - cpu_start;
  context.TryCancel();
  grpc::Status s = reader->Finish();
  if (run.events < n) run.error = "stream ended after " + std::to_string(run.events) + " events: " + s.error_message();
  return run;
}

struct SearchCase {
  std::string kind;
  caravan::v1::SearchRequest request;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"store_bench: the document store and consumer API (gRPC) at many documents"};
  int64_t docs = 1'000'000;
  std::string dir = "/tmp/caravan-store-bench";
  int queries = 1000;
  int list_queries = 100;
  int64_t events = 200'000;
  uint64_t seed = 42;
  bool quick = false;
  bool keep = false;
  bool reuse = false;
  bool ingest_only = false;
  bool skip_search = false;
  app.add_option("--docs", docs, "documents to generate and store")->check(CLI::PositiveNumber);
  app.add_option("--dir", dir, "scratch data directory (emptied first, removed after unless --keep)");
  app.add_option("--queries", queries, "Get calls, and Search calls, to time")->check(CLI::PositiveNumber);
  app.add_option("--list-queries", list_queries, "List pages to time for each filter")->check(CLI::PositiveNumber);
  app.add_option("--events", events, "Subscribe events to read in each run (at most the documents)")
      ->check(CLI::PositiveNumber);
  app.add_option("--seed", seed, "seed of the generated corpus and of the queries");
  app.add_flag("--quick", quick, "a quick run for development: 20,000 documents, 200 queries, 20 List pages each");
  app.add_flag("--keep", keep, "leave the data directory in place");
  app.add_flag("--reuse", reuse,
               "use the store and index already in --dir (from a --keep run) instead of generating; measures "
               "only the API");
  app.add_flag("--ingest-only", ingest_only,
               "stop after the ingest and keep --dir, for a later --reuse run to index and measure the API");
  app.add_flag("--skip-search", skip_search,
               "neither feed the search index nor time Search (what the index lacks waits for a later run)");
  CLI11_PARSE(app, argc, argv);
  if (ingest_only) keep = true;
  if (quick) {
    docs = 20'000;
    queries = 200;
    list_queries = 20;
  }

  const std::string db_dir = dir + "/db";
  const std::string search_dir = dir + "/search";
  if (!reuse) std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string error;
  auto db = caravan::storage::Database::Open(db_dir, &error);
  if (!db) {
    std::fprintf(stderr, "store_bench: %s\n", error.c_str());
    return 1;
  }
  caravan::storage::DocumentStore store(db.get());
  Corpus corpus(seed, docs);
  std::printf("store_bench: %s documents, %zu sources, %u cores; data in %s\n", Num(docs).c_str(),
              corpus.sources().size(), std::thread::hardware_concurrency(), dir.c_str());
  std::fflush(stdout);

  // Ids to Get: every stride-th document's, at most 65,536 of them.
  std::vector<std::string> sample_ids;
  const int64_t stride = std::max<int64_t>(1, docs / 65'536);
  std::map<std::string, int64_t> per_language;
  uint64_t text_bytes = 0, raw_bytes = 0;

  bool failed = false;
  if (reuse) {
    docs = store.Count();
    if (docs == 0) {
      std::fprintf(stderr, "store_bench: --reuse: no documents in %s\n", db_dir.c_str());
      return 1;
    }
    int64_t i = 0;
    store.ForEachDocument([&](const caravan::v1::Document& d) {
      if (i++ % stride == 0) sample_ids.push_back(d.id());
      ++per_language[d.language()];
      text_bytes += d.text().size();
      return true;
    });
    std::printf("reusing %s documents in %s (ingest not measured; the index catches up on what it lacks)\n",
                Num(docs).c_str(), dir.c_str());
  } else {
    // ---- ingest ----------------------------------------------------------
    Queue queue(256);
    std::thread generator([&] {
      for (int64_t i = 0; i < docs; ++i) {
        Generated g = corpus.Next();
        if (i % stride == 0) sample_ids.push_back(g.doc.id());
        ++per_language[g.doc.language()];
        text_bytes += g.doc.text().size();
        raw_bytes += g.raw.size();
        queue.Push(std::move(g));
      }
      queue.Close();
    });
    double put_s = 0;
    int64_t stored = 0, unchanged = 0;
    const auto start = Clock::now();
    Generated g;
    while (queue.Pop(&g)) {
      const auto t = Clock::now();
      auto event = store.Put(std::move(g.doc), g.raw, &error);
      put_s += Seconds(t);
      if (event) {
        ++stored;
      } else if (!error.empty()) {
        std::fprintf(stderr, "store_bench: put: %s\n", error.c_str());
        failed = true;
        break;
      } else {
        ++unchanged;
      }
      if (stored % std::max<int64_t>(1, docs / 10) == 0) {
        std::fprintf(stderr, "  ingest: %s of %s after %.0f s (%.0f docs/s); %s\n", Num(stored).c_str(),
                     Num(docs).c_str(), Seconds(start), stored / Seconds(start), Memory().c_str());
      }
    }
    const double ingest_s = Seconds(start);
    queue.Close();
    generator.join();
    if (failed) return 1;
    std::printf("corpus: text %.2f GiB (mean %.1f KB, 2-20 KB log-uniform), HTML bodies %.2f GiB; languages",
                GiB(text_bytes), text_bytes / 1024.0 / docs, GiB(raw_bytes));
    for (const auto& [lang, n] : per_language) std::printf(" %s %.0f%%", lang.c_str(), 100.0 * n / docs);
    std::printf("; sources from %.1f%% of documents down to %.2f%%\n", 100 * corpus.SourceShare(0),
                100 * corpus.SourceShare(corpus.sources().size() - 1));
    if (unchanged > 0) std::printf("  (%s documents were duplicates of earlier ids and not stored)\n", Num(unchanged).c_str());
    std::printf("ingest (DocumentStore::Put)    %s docs in %.1f s: %s docs/s, %.1f MB/s of text "
                "(Put alone %s docs/s; waited %.1f s for the generator)   %s\n",
                Num(stored).c_str(), ingest_s, Num(stored / ingest_s).c_str(), text_bytes / 1e6 / ingest_s,
                Num(stored / put_s).c_str(), queue.waited_s(), Memory().c_str());
    std::fflush(stdout);
  }
  const uint64_t store_bytes_after_ingest = DirBytes(db_dir);
  if (ingest_only) {
    std::printf("store %.2f GiB; stopping after the ingest (--ingest-only), data kept in %s\n",
                GiB(store_bytes_after_ingest), dir.c_str());
    return 0;
  }

  // ---- search index, fed from the change log -----------------------------
  auto index = caravan::search::SearchIndex::Open(search_dir, &error);
  if (!index) {
    std::fprintf(stderr, "store_bench: %s\n", error.c_str());
    return 1;
  }
  if (!skip_search) {
    caravan::search::Feeder feeder(&store, index.get());
    const uint64_t from = index->LastSeq();
    std::atomic<bool> done{false};
    bool ok = true;
    const auto start = Clock::now();
    std::thread catch_up([&] {
      ok = feeder.CatchUp(&error);
      done = true;
    });
    while (!done) {
      for (int i = 0; i < 300 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (!done) {
        std::fprintf(stderr, "  index: %s of %s events after %.0f s; %s\n", Num(index->LastSeq()).c_str(),
                     Num(store.LastSeq()).c_str(), Seconds(start), Memory().c_str());
      }
    }
    catch_up.join();
    const double index_s = Seconds(start);
    if (!ok) {
      std::fprintf(stderr, "store_bench: search index: %s\n", error.c_str());
      return 1;
    }
    const uint64_t indexed = index->LastSeq() - from;
    if (indexed > 0) {
      std::printf("search index (Feeder::CatchUp) %s docs in %.1f s: %s docs/s   %s\n", Num(indexed).c_str(), index_s,
                  Num(indexed / index_s).c_str(), Memory().c_str());
    }
  }
  const uint64_t store_bytes = DirBytes(db_dir), search_bytes = DirBytes(search_dir);
  std::printf("disk: store %.2f GiB (%.2f GiB right after ingest), search index %.2f GiB: %s bytes per document "
              "(store %s, index %s; text alone %s)\n",
              GiB(store_bytes), GiB(store_bytes_after_ingest), GiB(search_bytes),
              Num(static_cast<double>(store_bytes + search_bytes) / docs).c_str(),
              Num(static_cast<double>(store_bytes) / docs).c_str(), Num(static_cast<double>(search_bytes) / docs).c_str(),
              Num(static_cast<double>(text_bytes) / docs).c_str());
  std::fflush(stdout);

  // ---- the API over loopback gRPC ----------------------------------------
  const double settle_s = SettleCompactions(*db, 3600);
  std::printf("compactions: waited %.1f s for RocksDB to finish the ingest's compactions before timing the API\n",
              settle_s);
  caravan::storage::ConsumerStore consumers(db.get());
  caravan::api::DocumentsService service(&store, &consumers, index.get());
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.SetMaxReceiveMessageSize(64 * 1024 * 1024);  // as caravand
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    std::fprintf(stderr, "store_bench: cannot start the gRPC server on 127.0.0.1\n");
    return 1;
  }
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(caravan::api::kClientMaxReceiveBytes);  // as caravanctl
  auto channel = grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials(), args);
  auto stub = caravan::v1::Documents::NewStub(channel);
  std::mt19937_64 rng(seed + 1);
  std::printf("API over loopback gRPC, one call at a time (%d Get and Search calls, %d List pages per filter):\n",
              queries, list_queries);

  // Subscribe: without text from the beginning, then with text over the
  // last events, so that neither run reads what the other brought into
  // the caches.
  const uint64_t last = store.LastSeq();
  const size_t n_events = static_cast<size_t>(std::min<int64_t>(events, static_cast<int64_t>(last)));
  {
    // The store's part alone, beside it: what the gRPC stream adds.
    const auto read_start = Clock::now();
    size_t read = 0;
    for (uint64_t seq = 0; read < n_events;) {
      const size_t n = store.VisitChanges(seq, 256, /*omit_text=*/true, [&](uint64_t s, caravan::v1::DocumentEvent*) {
        seq = s;
        return true;
      });
      if (n == 0) break;
      read += n;
    }
    const double read_rate = read / Seconds(read_start);
    SubscribeRun bare = Subscribe(stub.get(), 0, n_events, /*omit_text=*/true);
    const double rate = bare.events / bare.seconds;
    std::printf("  %-34s %s events in %.2f s: %s events/s, %.1f MB/s, %.2f cores busy (the store alone, "
                "VisitChanges: %s events/s)   target >= 50,000 events/s: %s\n",
                "Subscribe, omit_text", Num(bare.events).c_str(), bare.seconds, Num(rate).c_str(),
                bare.bytes / 1e6 / bare.seconds, bare.cpu_seconds / bare.seconds, Num(read_rate).c_str(),
                Verdict(rate >= 50'000).c_str());
    if (!bare.error.empty() || bare.with_document != bare.events || bare.with_text > 0) {
      std::printf("    PROBLEM: %zu of %zu events carried their document, %zu with text; %s\n", bare.with_document,
                  bare.events, bare.with_text, bare.error.c_str());
      failed = true;
    }
    SubscribeRun full = Subscribe(stub.get(), last - n_events, n_events, /*omit_text=*/false);
    std::printf("  %-34s %s events in %.2f s: %s events/s, %.1f MB/s (no target)\n", "Subscribe, with text",
                Num(full.events).c_str(), full.seconds, Num(full.events / full.seconds).c_str(),
                full.bytes / 1e6 / full.seconds);
    if (!full.error.empty() || full.with_text != full.events) {
      std::printf("    PROBLEM: %zu of %zu events carried text; %s\n", full.with_text, full.events, full.error.c_str());
      failed = true;
    }
  }
  std::fflush(stdout);

  // Get by id.
  {
    Timings t;
    size_t bytes = 0, missing = 0;
    for (int i = -20; i < queries; ++i) {  // the first 20 warm the channel
      caravan::v1::GetDocumentRequest request;
      request.set_id(sample_ids[rng() % sample_ids.size()]);
      caravan::v1::Document doc;
      grpc::ClientContext context;
      const auto start = Clock::now();
      grpc::Status s = stub->Get(&context, request, &doc);
      const double ms = Ms(start);
      if (i < 0) continue;
      t.Add(ms);
      if (!s.ok() || doc.text().empty()) ++missing;
      bytes += doc.ByteSizeLong();
    }
    ReportLatency("Get by random id", t, "  (" + Num(bytes / 1024.0 / queries) + " KB each)", 2);
    if (missing > 0) {
      std::printf("    PROBLEM: %zu Gets failed or came without text\n", missing);
      failed = true;
    }
  }
  std::fflush(stdout);

  // List: a page of 100 from a random place in id order (the page token is
  // the last id of the page before), with a filter.
  {
    const auto& sources = corpus.sources();
    const std::vector<std::string> languages = {"en", "ru", "tr", "kk", "zh"};
    struct ListKind {
      std::string name;
      std::function<void(caravan::v1::ListDocumentsRequest*)> filter;
    };
    const std::vector<ListKind> kinds = {
        {"List source=S, 100/page",
         [&](caravan::v1::ListDocumentsRequest* r) { r->set_source(sources[rng() % sources.size()].name); }},
        {"List language=L, 100/page",
         [&](caravan::v1::ListDocumentsRequest* r) { r->set_language(languages[rng() % languages.size()]); }},
        {"List source=S language=L, 100/page",
         [&](caravan::v1::ListDocumentsRequest* r) {
           const auto& s = sources[rng() % sources.size()];
           r->set_source(s.name);
           r->set_language(s.primary);
         }},
        {"List source=S, omit_text, 100/page",
         [&](caravan::v1::ListDocumentsRequest* r) {
           r->set_source(sources[rng() % sources.size()].name);
           r->set_omit_text(true);
         }},
    };
    for (const ListKind& kind : kinds) {
      Timings t;
      size_t listed = 0, full = 0, errors = 0;
      for (int i = 0; i < list_queries; ++i) {
        caravan::v1::ListDocumentsRequest request;
        kind.filter(&request);
        request.set_page_size(100);
        char token[33];
        std::snprintf(token, sizeof token, "%016llx%016llx", static_cast<unsigned long long>(rng()),
                      static_cast<unsigned long long>(rng()));
        request.set_page_token(token);
        caravan::v1::ListDocumentsResponse response;
        grpc::ClientContext context;
        const auto start = Clock::now();
        grpc::Status s = stub->List(&context, request, &response);
        t.Add(Ms(start));
        if (!s.ok()) ++errors;
        listed += response.documents_size();
        if (response.documents_size() == 100) ++full;
      }
      ReportLatency(kind.name, t,
                    "  (" + Num(static_cast<double>(listed) / list_queries) + " docs/page, " + Num(full) + " full)", 20);
      if (errors > 0) {
        std::printf("    PROBLEM: %zu List calls failed\n", errors);
        failed = true;
      }
      std::fflush(stdout);
    }
  }

  // Search.
  if (!skip_search) {
    const auto& sources = corpus.sources();
    std::vector<SearchCase> cases;
    for (int i = 0; i < queries; ++i) {
      const auto& lang = corpus.languages()[rng() % corpus.languages().size()];
      SearchCase c;
      switch (i % 6) {
        case 0:
          c.kind = "one word";
          c.request.set_query(corpus.ContentWord(lang.code, rng));
          break;
        case 1:
          c.kind = "two words";
          c.request.set_query(corpus.ContentWord(lang.code, rng) + " " +
                              corpus.ContentWord(lang.code, rng));
          break;
        case 2:
          c.kind = "a phrase";
          c.request.set_query("\"" + lang.phrases[rng() % lang.phrases.size()] + "\"");
          break;
        case 3:
          c.kind = "a name";
          c.request.set_query(corpus.Name(lang.code, rng));
          break;
        case 4:
          c.kind = "one word, language filter";
          c.request.set_query(corpus.ContentWord(lang.code, rng));
          c.request.set_language(lang.code);
          break;
        case 5: {
          c.kind = "one word, source filter, newest";
          // A source writing in this language.
          std::vector<const caravan::bench::Source*> in_language;
          for (const auto& s : sources) {
            if (s.primary == lang.code) in_language.push_back(&s);
          }
          c.request.set_query(corpus.ContentWord(lang.code, rng));
          if (!in_language.empty()) c.request.set_source(in_language[rng() % in_language.size()]->name);
          c.request.set_order(caravan::v1::SearchRequest::NEWEST);
          break;
        }
      }
      cases.push_back(std::move(c));
    }
    std::map<std::string, Timings> by_kind;
    std::map<std::string, std::pair<int64_t, int64_t>> hits_by_kind;  // hits, estimated total
    Timings all;
    size_t errors = 0;
    std::string first_error;
    for (const SearchCase& c : cases) {
      caravan::v1::SearchResponse response;
      grpc::ClientContext context;
      const auto start = Clock::now();
      grpc::Status s = stub->Search(&context, c.request, &response);
      const double ms = Ms(start);
      all.Add(ms);
      by_kind[c.kind].Add(ms);
      hits_by_kind[c.kind].first += response.hits_size();
      hits_by_kind[c.kind].second += response.estimated_total();
      if (!s.ok()) {
        if (first_error.empty()) first_error = c.request.query() + ": " + s.error_message();
        ++errors;
      }
    }
    ReportLatency("Search, all kinds below (20/page)", all, "", 50);
    for (auto& [kind, t] : by_kind) {
      const double n = static_cast<double>(t.ms.size());
      ReportLatency("  " + kind, t,
                    "  (" + Num(hits_by_kind[kind].first / n) + " hits of ~" + Num(hits_by_kind[kind].second / n) +
                        " matches)",
                    0);
    }
    if (errors > 0) {
      std::printf("    PROBLEM: %zu Search calls failed, e.g. %s\n", errors, first_error.c_str());
      failed = true;
    }
  }

  service.Shutdown();
  server->Shutdown();
  server.reset();
  const int64_t peak_kb = StatusKb("VmHWM");
  std::printf("peak RSS %s MiB (VmHWM of the whole process: store, index, gRPC server and client, generator)\n",
              Num(peak_kb / 1024.0).c_str());
  index.reset();
  db.reset();
  if (!keep) std::filesystem::remove_all(dir);
  return failed ? 1 : 0;
}
