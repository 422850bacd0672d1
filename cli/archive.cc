// caravanctl export and import: documents out as JSON lines or WARC for
// other tools, and an existing web archive in through the crawl's path.
#include <fstream>
#include <iostream>

#include <google/protobuf/util/time_util.h>

#include "archive/http_message.h"
#include "archive/warc.h"
#include "caravan/v1/admin.grpc.pb.h"
#include "caravan/v1/documents.grpc.pb.h"
#include "cli/client.h"
#include "common/proto_time.h"
#include "common/time.h"
#include "crawler/url/url.h"

namespace caravan::cli {
namespace {

struct ExportArgs {
  std::string format = "jsonl", output, source, language, topic;
  bool include_copies = false;
};

// Every document the filters select, page by page, with its text.
template <typename Visit>
grpc::Status ForEachListed(caravan::v1::Documents::Stub* stub, const ExportArgs& a, Visit visit) {
  caravan::v1::ListDocumentsRequest request;
  request.set_source(a.source);
  request.set_language(a.language);
  request.set_topic(a.topic);
  request.set_include_copies(a.include_copies);
  request.set_include_attachments(true);  // each file is a capture of its own
  request.set_page_size(1000);
  while (true) {
    caravan::v1::ListDocumentsResponse page;
    grpc::ClientContext context;
    if (grpc::Status s = stub->List(&context, request, &page); !s.ok()) return s;
    for (auto& d : *page.mutable_documents()) {
      d.clear_attached();
      if (grpc::Status s = visit(d); !s.ok()) return s;
    }
    if (page.next_page_token().empty()) return grpc::Status::OK;
    request.set_page_token(page.next_page_token());
  }
}

// A WARC capture of one document: the response as stored, the request that
// fetched it, and the document caravan extracted as metadata.
grpc::Status WriteCapture(caravan::v1::Documents::Stub* stub, const caravan::v1::Document& d,
                          archive::WarcWriter* warc) {
  caravan::v1::GetVersionRequest get;
  get.set_id(d.id());
  get.set_version(d.version());
  caravan::v1::RawBody raw;
  grpc::ClientContext context;
  if (grpc::Status s = stub->GetRaw(&context, get, &raw); !s.ok()) return s;
  const caravan::v1::FetchRecord& f = d.fetch();
  archive::HttpHeaders headers = {
      {"Content-Type", f.content_type().empty() ? d.content_type() : f.content_type()}};
  if (!f.etag().empty()) headers.emplace_back("ETag", f.etag());
  if (!f.last_modified().empty()) headers.emplace_back("Last-Modified", f.last_modified());
  archive::RecordInfo info;
  info.target_uri = f.final_url().empty() ? d.url() : f.final_url();
  info.date_ms = TimestampMs(d.fetched_at());
  archive::WrittenRecord response =
      warc->Response(info, archive::HttpResponseMessage(f.http_status() ? f.http_status() : 200, headers, raw.body()));
  auto parsed = url::Parse(info.target_uri);
  std::string path = parsed ? parsed->PathAndQuery() : "/";
  archive::RecordInfo request_info = info;
  request_info.concurrent_to = response.record_id;
  warc->Request(request_info, "GET " + path + " HTTP/1.1\r\nHost: " + (parsed ? parsed->Authority() : "") +
                                  "\r\nUser-Agent: caravan\r\n\r\n");
  archive::RecordInfo metadata_info = info;
  metadata_info.refers_to = response.record_id;
  warc->Metadata(metadata_info, "application/json", Json(d, false));
  if (!warc->error().empty()) return grpc::Status(grpc::StatusCode::INTERNAL, warc->error());
  return grpc::Status::OK;
}

int Export(const Options& o, const ExportArgs& a) {
  auto stub = caravan::v1::Documents::NewStub(Connect(o));
  std::ofstream file;
  if (!a.output.empty()) {
    file.open(a.output, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "caravanctl export: cannot write " << a.output << "\n";
      return 1;
    }
  }
  std::ostream& out = a.output.empty() ? std::cout : file;
  int64_t n = 0;
  grpc::Status status;
  if (a.format == "jsonl") {
    status = ForEachListed(stub.get(), a, [&](const caravan::v1::Document& d) {
      out << Json(d, false) << "\n";
      ++n;
      return grpc::Status::OK;
    });
  } else {
    archive::WarcWriter warc(&out, a.output.empty() ? "stdout" : a.output);
    warc.Warcinfo(NowMs(), a.output, "caravan");
    status = ForEachListed(stub.get(), a, [&](const caravan::v1::Document& d) {
      ++n;
      return WriteCapture(stub.get(), d, &warc);
    });
  }
  out.flush();
  if (!status.ok()) return Fail(o, status);
  if (!out) {
    std::cerr << "caravanctl export: writing " << (a.output.empty() ? "stdout" : a.output) << " failed\n";
    return 1;
  }
  std::cerr << "exported " << n << " documents\n";
  return 0;
}

int Import(const Options& o, const std::string& path, const std::string& source) {
  std::string error;
  std::unique_ptr<archive::WarcReader> reader = archive::WarcReader::Open(path, &error);
  if (!reader) {
    std::cerr << "caravanctl import: " << error << "\n";
    return 1;
  }
  auto stub = caravan::v1::Admin::NewStub(Connect(o));
  caravan::v1::ImportSummary summary;
  grpc::ClientContext context;
  auto writer = stub->Import(&context, &summary);
  int64_t records = 0, damaged = 0;
  archive::WarcRecord record;
  while (reader->Next(&record)) {
    ++records;
    if (!record.error.empty()) {
      ++damaged;
      std::cerr << "caravanctl import: " << record.error << "\n";
      continue;
    }
    if (record.Header("WARC-Type") != "response") continue;
    archive::HttpResponse http;
    if (!archive::ParseHttpResponse(record.block, &http, &error)) {
      ++damaged;
      std::cerr << "caravanctl import: " << path << " at " << record.offset << ": " << error << "\n";
      continue;
    }
    caravan::v1::ImportPage page;
    std::string target(record.Header("WARC-Target-URI"));
    if (target.size() > 2 && target.front() == '<' && target.back() == '>') target = target.substr(1, target.size() - 2);
    page.set_url(target);
    page.set_source(source);
    page.set_http_status(http.status);
    page.set_content_type(std::string(http.Header("Content-Type")));
    page.set_etag(std::string(http.Header("ETag")));
    page.set_last_modified(std::string(http.Header("Last-Modified")));
    page.set_body(std::move(http.body));
    if (google::protobuf::Timestamp t;
        google::protobuf::util::TimeUtil::FromString(std::string(record.Header("WARC-Date")), &t)) {
      *page.mutable_fetched_at() = t;
    }
    if (!writer->Write(page)) break;
  }
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  if (!reader->error().empty()) std::cerr << "caravanctl import: " << reader->error() << "\n";
  if (!status.ok()) return Fail(o, status);
  std::cout << path << ": " << records << " records (" << damaged << " damaged), " << summary.pages()
            << " responses: " << summary.stored() << " stored, " << summary.not_stored() << " not stored (unchanged, "
            << "duplicate or no document), " << summary.skipped() << " skipped (out of scope or not 2xx)\n";
  return reader->error().empty() ? 0 : 1;
}

}  // namespace

void RegisterArchive(CLI::App& app, Options& o) {
  {
    auto* cmd = app.add_subcommand("export", "write documents as JSON lines or a WARC 1.1 file");
    auto a = std::make_shared<ExportArgs>();
    cmd->add_option("--format", a->format, "jsonl, or warc: response, request and metadata records, gzip each")
        ->check(CLI::IsMember({"jsonl", "warc"}));
    cmd->add_option("--output,-o", a->output, "file to write (default: stdout)");
    cmd->add_option("--source", a->source, "only this source");
    cmd->add_option("--language", a->language, "only this language");
    cmd->add_option("--topic", a->topic, "only documents with this topic");
    cmd->add_flag("--include-copies", a->include_copies, "also documents that are copies of another");
    cmd->callback([&o, a] { o.exit_code = Export(o, *a); });
  }
  {
    auto* cmd = app.add_subcommand("import", "feed a WARC (or ARC) file's responses through extraction and dedup");
    auto path = std::make_shared<std::string>();
    auto source = std::make_shared<std::string>();
    cmd->add_option("FILE", *path, "a .warc or .warc.gz file")->required();
    cmd->add_option("--source", *source, "the configured source the pages belong to (default: by scope)");
    cmd->callback([&o, path, source] { o.exit_code = Import(o, *path, *source); });
  }
}

}  // namespace caravan::cli
