// caravanctl: the operator's and developer's command line for caravand.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"caravanctl: talk to caravand over gRPC, or run its extractor offline"};
  app.require_subcommand(1);
  caravan::cli::Options options;
  app.add_option("--server", options.server, "caravand gRPC address")->capture_default_str();
  app.add_option("--token", options.token, "bearer token (auth.consumer_tokens or auth.admin_tokens of caravand)")
      ->envname("CARAVAN_TOKEN");
  app.add_flag("--tls", options.tls, "connect with TLS, verifying caravand's certificate against the system's CAs");
  app.add_option("--tls-ca", options.tls_ca, "connect with TLS, verifying caravand's certificate against this CA (PEM)")
      ->check(CLI::ExistingFile);
  caravan::cli::Register(app, options);
  CLI11_PARSE(app, argc, argv);
  return options.exit_code;
}
