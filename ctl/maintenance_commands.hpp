#pragma once
/// `peeringctl stats`, `check`, `backup FILE` and `expire --dry-run|--now`.

#include "ctl/ctl_context.hpp"

#include <CLI/CLI.hpp>

#include <functional>

namespace peeringd::ctl {

/// Registers the subcommands; the chosen one sets `run`.
void add_maintenance_commands(CLI::App& app, std::function<void(CtlContext&)>& run);

}  // namespace peeringd::ctl
