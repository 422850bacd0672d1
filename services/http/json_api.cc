#include "services/http/json_api.h"

#include <type_traits>

#include <google/protobuf/util/json_util.h>
#include <nlohmann/json.hpp>

#include "common/ascii.h"

namespace caravan::http {
namespace {

// application/x-www-form-urlencoded: '+' is a space, %XX a byte.
std::string FormDecode(std::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out += ' ';
    } else if (in[i] == '%' && i + 2 < in.size() && IsHexDigit(in[i + 1]) && IsHexDigit(in[i + 2])) {
      out += static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2]));
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

// The query string as a JSON object protobuf's parser reads into a
// request: numbers and booleans as such, everything else as strings.
std::string QueryAsJson(std::string_view query) {
  nlohmann::json object = nlohmann::json::object();
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string name = FormDecode(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "true" : FormDecode(pair.substr(eq + 1));
    if (name == "q") name = "query";
    if (value == "true" || value == "false") {
      object[name] = value == "true";
    } else if (!value.empty() && value.find_first_not_of("0123456789") == std::string::npos && value.size() < 16) {
      object[name] = std::stoll(value);
    } else {
      object[name] = value;
    }
  }
  return object.dump();
}

net::HttpResponse Json(int status, const std::string& body) {
  net::HttpResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
  response.body = body + "\n";
  return response;
}

int HttpStatusOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::OUT_OF_RANGE: return 400;
    case grpc::StatusCode::UNAUTHENTICATED: return 401;
    case grpc::StatusCode::PERMISSION_DENIED: return 403;
    case grpc::StatusCode::NOT_FOUND: return 404;
    case grpc::StatusCode::UNAVAILABLE: return 503;
    default: return 500;
  }
}

net::HttpResponse Error(grpc::StatusCode code, const std::string& message) {
  return Json(HttpStatusOf(code), nlohmann::json{{"code", static_cast<int>(code)}, {"message", message}}.dump());
}

// Runs `method` of the service on the request the query describes, with
// `id` (from the path) set when given.
template <typename Request, typename Response, typename Method>
net::HttpResponse Call(caravan::v1::Documents::Service* documents, Method method, std::string_view query,
                       const std::string& id = "") {
  Request request;
  google::protobuf::util::JsonParseOptions parse;
  parse.ignore_unknown_fields = false;
  if (auto s = google::protobuf::util::JsonStringToMessage(QueryAsJson(query), &request, parse); !s.ok()) {
    return Error(grpc::StatusCode::INVALID_ARGUMENT, "query parameters: " + std::string(s.message()));
  }
  if constexpr (std::is_same_v<Request, caravan::v1::GetDocumentRequest>) request.set_id(id);
  Response response;
  grpc::ServerContext context;
  grpc::Status status = (documents->*method)(&context, &request, &response);
  if (!status.ok()) return Error(status.error_code(), status.error_message());
  std::string body;
  google::protobuf::util::JsonPrintOptions print;
  print.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(response, &body, print);
  return Json(200, body);
}

}  // namespace

std::optional<net::HttpResponse> ServeJsonApi(const net::HttpRequest& request,
                                              caravan::v1::Documents::Service* documents,
                                              const api::Authorizer* authorizer) {
  constexpr std::string_view kPrefix = "/api/v1/";
  if (!request.path.starts_with(kPrefix)) return std::nullopt;
  if (authorizer) {
    grpc::Status allowed = authorizer->CheckToken(request.Header("Authorization"), false, api::Scope::kConsumer);
    if (!allowed.ok()) {
      net::HttpResponse denied = Error(allowed.error_code(), allowed.error_message());
      if (allowed.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
        denied.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"caravan\"");
      }
      return denied;
    }
  }
  if (request.method != "GET") return Error(grpc::StatusCode::INVALID_ARGUMENT, "the JSON API is read-only: use GET");
  std::string_view rest = std::string_view(request.path).substr(kPrefix.size());
  using Service = caravan::v1::Documents::Service;
  if (rest == "documents") {
    return Call<caravan::v1::ListDocumentsRequest, caravan::v1::ListDocumentsResponse>(documents, &Service::List,
                                                                                       request.query);
  }
  if (rest.starts_with("documents/") && rest.size() > 10 && rest.find('/', 10) == std::string_view::npos) {
    return Call<caravan::v1::GetDocumentRequest, caravan::v1::Document>(documents, &Service::Get, request.query,
                                                                        FormDecode(rest.substr(10)));
  }
  if (rest == "search") {
    return Call<caravan::v1::SearchRequest, caravan::v1::SearchResponse>(documents, &Service::Search,
                                                                         request.query);
  }
  return Error(grpc::StatusCode::NOT_FOUND, "no such resource: " + request.path +
                                                " (there are /api/v1/documents, /api/v1/documents/ID, /api/v1/search)");
}

}  // namespace caravan::http
