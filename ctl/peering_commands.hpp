#pragma once
/// `peeringctl list`, `show ID` and `history`: read-only views of the peerings and their history.

#include "ctl/ctl_context.hpp"

#include <CLI/CLI.hpp>

#include <functional>

namespace peeringd::ctl {

/// Registers the subcommands; the chosen one sets `run`.
void add_peering_commands(CLI::App& app, std::function<void(CtlContext&)>& run);

}  // namespace peeringd::ctl
