// caravanctl's subcommands.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace caravan::cli {

struct Options {
  std::string server = "127.0.0.1:7070";
  std::string token;   // sent as "authorization: Bearer TOKEN" on every call
  bool tls = false;    // TLS, verified against the system's CAs or tls_ca
  std::string tls_ca;  // PEM file of the CA that signed caravand's certificate
  int exit_code = 0;  // set by the subcommand that ran
};

// Adds every subcommand to `app`; each writes its exit code to options.
void Register(CLI::App& app, Options& options);

}  // namespace caravan::cli
