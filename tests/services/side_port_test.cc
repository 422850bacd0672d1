#include "services/http/side_port.h"

#include <gtest/gtest.h>

namespace caravan::http {
namespace {

caravan::v1::Status SampleStatus() {
  caravan::v1::Status s;
  s.set_version("0.1.0");
  s.set_documents(42);
  s.set_last_cursor("57");
  auto* a = s.add_sources();
  a->set_name("ankasam");
  a->set_fetches_ok(10);
  a->set_fetch_errors(2);
  a->set_last_error("HTTP 503 for https://www.ankasam.org/en/");
  (*a->mutable_failures())["http_5xx"] = 2;
  (*a->mutable_skipped())["trap_calendar"] = 7;
  a->add_hosts_suspended("www.ankasam.org");
  auto* b = s.add_sources();
  b->set_name("odd\"name");
  b->set_paused(true);
  auto* c = s.add_consumers();
  c->set_name("analysis-ru");
  c->set_lag_events(12);
  c->set_lag_seconds(340);
  return s;
}

TEST(RenderMetrics, EveryFamilyHasHelpAndType) {
  std::string text = RenderMetrics(SampleStatus());
  EXPECT_NE(text.find("# TYPE caravan_documents gauge\ncaravan_documents 42\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE caravan_fetches_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("caravan_fetches_total{source=\"ankasam\"} 10\n"), std::string::npos);
  EXPECT_NE(text.find("caravan_fetch_errors_total{source=\"ankasam\"} 2\n"), std::string::npos);
  size_t help = 0, type = 0;
  for (size_t at = 0; (at = text.find("# HELP ", at)) != std::string::npos; ++at) ++help;
  for (size_t at = 0; (at = text.find("# TYPE ", at)) != std::string::npos; ++at) ++type;
  EXPECT_EQ(help, type);
}

TEST(RenderMetrics, FailuresAndSkipsCarryTheirKindAsALabel) {
  std::string text = RenderMetrics(SampleStatus());
  EXPECT_NE(text.find("caravan_fetch_failures_total{source=\"ankasam\",kind=\"http_5xx\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("caravan_urls_skipped_total{source=\"ankasam\",reason=\"trap_calendar\"} 7\n"),
            std::string::npos);
  EXPECT_NE(text.find("caravan_hosts_suspended{source=\"ankasam\"} 1\n"), std::string::npos);
}

TEST(RenderMetrics, EachNamedConsumerHasItsLag) {
  std::string text = RenderMetrics(SampleStatus());
  EXPECT_NE(text.find("caravan_consumer_lag_events{consumer=\"analysis-ru\"} 12\n"), std::string::npos);
  EXPECT_NE(text.find("caravan_consumer_lag_seconds{consumer=\"analysis-ru\"} 340\n"), std::string::npos);
}

TEST(RenderStatusPage, ShowsEachConsumersLag) {
  std::string html = RenderStatusPage(SampleStatus());
  EXPECT_NE(html.find("<td>analysis-ru</td><td></td><td>12</td><td>340</td>"), std::string::npos) << html;
}

TEST(RenderStatusPage, ShowsFailureKindsAndSuspendedHosts) {
  std::string html = RenderStatusPage(SampleStatus());
  EXPECT_NE(html.find("http_5xx 2"), std::string::npos);
  EXPECT_NE(html.find("trap_calendar 7"), std::string::npos);
  EXPECT_NE(html.find("www.ankasam.org</td>"), std::string::npos);
}

TEST(RenderMetrics, LabelValuesAreEscaped) {
  std::string text = RenderMetrics(SampleStatus());
  EXPECT_NE(text.find("caravan_source_paused{source=\"odd\\\"name\"} 1\n"), std::string::npos);
}

TEST(RenderStatusPage, ShowsSourcesEscapedAndRefreshes) {
  std::string html = RenderStatusPage(SampleStatus());
  EXPECT_NE(html.find("http-equiv=\"refresh\""), std::string::npos);
  EXPECT_NE(html.find("<td>ankasam</td>"), std::string::npos);
  EXPECT_NE(html.find("odd&quot;name"), std::string::npos);
  EXPECT_NE(html.find("HTTP 503 for https://www.ankasam.org/en/"), std::string::npos);
}

TEST(SidePortHandler, RoutesHealthMetricsStatusAndNotFound) {
  auto handler = SidePortHandler(SampleStatus);
  net::HttpRequest request;
  request.path = "/healthz";
  EXPECT_EQ(handler(request).body, "ok\n");
  request.path = "/metrics";
  EXPECT_NE(handler(request).body.find("caravan_documents 42"), std::string::npos);
  request.path = "/";
  EXPECT_NE(handler(request).body.find("<table>"), std::string::npos);
  request.path = "/nope";
  EXPECT_EQ(handler(request).status, 404);
}

}  // namespace
}  // namespace caravan::http
