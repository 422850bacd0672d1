#include "services/http/side_port.h"

#include <map>
#include <vector>
#include <sstream>

#include "common/time.h"
#include "services/http/json_api.h"

namespace caravan::http {
namespace {

// Label values escape backslash, quote and newline (exposition format).
std::string Label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string Html(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string When(const google::protobuf::Timestamp& ts) {
  if (ts.seconds() == 0) return "never";
  return FormatRfc3339(ts.seconds() * 1000);
}

// Protobuf maps iterate in no fixed order; scrapes and pages should not
// reshuffle between refreshes.
std::map<std::string, int64_t> Sorted(const google::protobuf::Map<std::string, int64_t>& m) {
  return {m.begin(), m.end()};
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += ", ";
    out += i;
  }
  return out;
}

// "http_5xx 2, timeout 3"
std::string Counts(const google::protobuf::Map<std::string, int64_t>& m) {
  std::vector<std::string> items;
  for (const auto& [k, n] : Sorted(m)) items.push_back(k + " " + std::to_string(n));
  return Joined(items);
}

struct Family {
  const char* name;
  const char* type;
  const char* help;
  std::function<int64_t(const caravan::v1::SourceStatus&)> value;
};

}  // namespace

std::string RenderMetrics(const caravan::v1::Status& status) {
  std::ostringstream out;
  out << "# HELP caravan_documents Documents in the store, tombstones included.\n"
      << "# TYPE caravan_documents gauge\n"
      << "caravan_documents " << status.documents() << "\n";
  out << "# HELP caravan_change_log_sequence Sequence number of the newest change event.\n"
      << "# TYPE caravan_change_log_sequence counter\n"
      << "caravan_change_log_sequence " << status.last_cursor() << "\n";
  const Family families[] = {
      {"caravan_fetches_total", "counter", "Fetches with an HTTP 2xx answer.",
       [](const auto& s) { return s.fetches_ok(); }},
      {"caravan_fetch_errors_total", "counter", "Fetches that failed (transport error or HTTP status).",
       [](const auto& s) { return s.fetch_errors(); }},
      {"caravan_robots_denied_total", "counter", "URLs not fetched because robots.txt disallows them.",
       [](const auto& s) { return s.robots_denied(); }},
      {"caravan_not_modified_total", "counter", "Conditional fetches answered 304.",
       [](const auto& s) { return s.not_modified(); }},
      {"caravan_documents_created_total", "counter", "New documents stored.",
       [](const auto& s) { return s.documents(); }},
      {"caravan_documents_updated_total", "counter", "Changed documents stored as new versions.",
       [](const auto& s) { return s.updated(); }},
      {"caravan_duplicates_total", "counter", "Pages whose text duplicated a stored document.",
       [](const auto& s) { return s.duplicates(); }},
      {"caravan_copies_total", "counter", "New documents linked to another as its copy or original.",
       [](const auto& s) { return s.copies(); }},
      {"caravan_documents_deleted_total", "counter", "Documents whose page was confirmed gone (404/410).",
       [](const auto& s) { return s.deleted(); }},
      {"caravan_frontier_queued", "gauge", "URLs scheduled in the frontier.",
       [](const auto& s) { return s.queued(); }},
      {"caravan_source_paused", "gauge", "1 when the operator paused the source.",
       [](const auto& s) { return s.paused() ? 1 : 0; }},
      {"caravan_source_last_document_timestamp_seconds", "gauge",
       "When the source last yielded a new or changed document.",
       [](const auto& s) { return s.last_document().seconds(); }},
  };
  for (const auto& f : families) {
    out << "# HELP " << f.name << " " << f.help << "\n# TYPE " << f.name << " " << f.type << "\n";
    for (const auto& s : status.sources()) {
      out << f.name << "{source=\"" << Label(s.name()) << "\"} " << f.value(s) << "\n";
    }
  }
  using Counts = google::protobuf::Map<std::string, int64_t>;
  // A counter family with a second label, one series per key of a map.
  auto keyed = [&](const char* name, const char* help, const char* label,
                   const Counts& (caravan::v1::SourceStatus::*counts)() const) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " counter\n";
    for (const auto& s : status.sources()) {
      for (const auto& [key, n] : Sorted((s.*counts)())) {
        out << name << "{source=\"" << Label(s.name()) << "\"," << label << "=\"" << Label(key) << "\"} " << n
            << "\n";
      }
    }
  };
  keyed("caravan_fetch_failures_total", "Failed fetches by kind.", "kind", &caravan::v1::SourceStatus::failures);
  keyed("caravan_urls_skipped_total", "Discovered URLs not queued, by reason (traps, host budget).", "reason",
        &caravan::v1::SourceStatus::skipped);
  out << "# HELP caravan_hosts_suspended Hosts whose circuit breaker is open.\n"
      << "# TYPE caravan_hosts_suspended gauge\n";
  for (const auto& s : status.sources()) {
    out << "caravan_hosts_suspended{source=\"" << Label(s.name()) << "\"} " << s.hosts_suspended_size()
        << "\n";
  }
  out << "# HELP caravan_consumer_lag_events Change-log events after a named consumer's acknowledged cursor.\n"
      << "# TYPE caravan_consumer_lag_events gauge\n";
  for (const auto& c : status.consumers()) {
    out << "caravan_consumer_lag_events{consumer=\"" << Label(c.name()) << "\"} " << c.lag_events() << "\n";
  }
  out << "# HELP caravan_consumer_lag_seconds Age of the oldest event a named consumer has not acknowledged.\n"
      << "# TYPE caravan_consumer_lag_seconds gauge\n";
  for (const auto& c : status.consumers()) {
    out << "caravan_consumer_lag_seconds{consumer=\"" << Label(c.name()) << "\"} " << c.lag_seconds() << "\n";
  }
  return out.str();
}

std::string RenderStatusPage(const caravan::v1::Status& status) {
  std::ostringstream out;
  out << "<!doctype html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"10\">"
      << "<title>caravan status</title><style>body{font-family:sans-serif;margin:2em}"
      << "table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left}"
      << ".err{color:#b00}.paused{color:#888}</style></head><body>"
      << "<h1>caravan</h1><p>version " << Html(status.version()) << " &middot; started "
      << When(status.started()) << " &middot; " << status.documents() << " documents &middot; cursor "
      << Html(status.last_cursor()) << "</p><table><tr><th>source</th><th>state</th><th>documents</th>"
      << "<th>updated</th><th>duplicates</th><th>fetches</th><th>errors</th><th>robots denied</th>"
      << "<th>queued</th><th>failures</th><th>skipped</th><th>suspended hosts</th>"
      << "<th>last fetch</th><th>last document</th><th>last error</th></tr>";
  for (const auto& s : status.sources()) {
    out << "<tr" << (s.paused() ? " class=\"paused\"" : "") << "><td>" << Html(s.name()) << "</td><td>"
        << (s.paused() ? "paused" : "active") << "</td><td>" << s.documents() << "</td><td>" << s.updated()
        << "</td><td>" << s.duplicates() << "</td><td>" << s.fetches_ok() << "</td><td>"
        << s.fetch_errors() << "</td><td>" << s.robots_denied() << "</td><td>" << s.queued() << "</td><td>"
        << Html(Counts(s.failures())) << "</td><td>" << Html(Counts(s.skipped())) << "</td><td>"
        << Html(Joined({s.hosts_suspended().begin(), s.hosts_suspended().end()})) << "</td><td>"
        << When(s.last_fetch()) << "</td><td>" << When(s.last_document()) << "</td><td class=\"err\">"
        << Html(s.last_error()) << "</td></tr>";
  }
  out << "</table>";
  if (status.consumers_size() > 0) {
    out << "<h2>consumers</h2><table><tr><th>consumer</th><th>cursor</th><th>events behind</th>"
        << "<th>seconds behind</th></tr>";
    for (const auto& c : status.consumers()) {
      out << "<tr><td>" << Html(c.name()) << "</td><td>" << Html(c.cursor()) << "</td><td>" << c.lag_events()
          << "</td><td>" << c.lag_seconds() << "</td></tr>";
    }
    out << "</table>";
  }
  out << "</body></html>\n";
  return out.str();
}

net::HttpHandler SidePortHandler(StatusFn status, caravan::v1::Documents::Service* documents,
                                 const api::Authorizer* authorizer) {
  return [status = std::move(status), documents, authorizer](const net::HttpRequest& request) {
    net::HttpResponse response;
    if (documents) {
      if (std::optional<net::HttpResponse> api = ServeJsonApi(request, documents, authorizer)) return *api;
    }
    if (request.path == "/healthz") {
      response.headers.emplace_back("Content-Type", "text/plain");
      response.body = "ok\n";
    } else if (request.path == "/metrics") {
      response.headers.emplace_back("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      response.body = RenderMetrics(status());
    } else if (request.path == "/" || request.path == "/status") {
      response.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
      response.body = RenderStatusPage(status());
    } else {
      response.status = 404;
      response.headers.emplace_back("Content-Type", "text/plain");
      response.body = "not found: " + request.path + "\n";
    }
    return response;
  };
}

}  // namespace caravan::http
