// caravand: the caravan daemon. One binary, many roles (--target).
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "config/config.h"
#include "services/caravand/modules.h"

int main(int argc, char** argv) {
  CLI::App app{"caravand: crawls, extracts, deduplicates, stores and serves publications over gRPC"};
  std::string config_path = "caravan.yaml";
  std::string target = "all";
  std::string log_level = "info";
  app.add_option("--config", config_path, "YAML configuration file")->capture_default_str();
  app.add_option("--target", target, "which modules this process runs")
      ->check(CLI::IsMember(caravan::daemon::Targets()))
      ->capture_default_str();
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error")->capture_default_str();
  bool insecure_listen = false;
  app.add_flag("--insecure-listen", insecure_listen,
               "listen beyond loopback although gRPC lacks TLS or tokens, or on the side port (which has no TLS)");
  CLI11_PARSE(app, argc, argv);

  spdlog::set_level(spdlog::level::from_str(log_level));
  std::string error;
  auto config = caravan::config::LoadConfig(config_path, &error);
  if (!config) {
    spdlog::error("{}", error);
    return 2;
  }
  return caravan::daemon::Run(*config, target, insecure_listen);
}
