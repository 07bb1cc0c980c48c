#pragma once
/// `peeringctl credentials ...` and `peeringctl token ...`.

#include "ctl/ctl_context.hpp"

#include <CLI/CLI.hpp>

#include <functional>

namespace peeringd::ctl {

/// Registers the subcommands; the chosen one sets `run`.
void add_credential_commands(CLI::App& app, std::function<void(CtlContext&)>& run);

}  // namespace peeringd::ctl
