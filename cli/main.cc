// caravanctl: the operator's and developer's command line for caravand.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"caravanctl: talk to caravand over gRPC, or run its extractor offline"};
  app.require_subcommand(1);
  caravan::cli::Options options;
  app.add_option("--server", options.server, "caravand gRPC address")->capture_default_str();
  caravan::cli::Register(app, options);
  CLI11_PARSE(app, argc, argv);
  return options.exit_code;
}
