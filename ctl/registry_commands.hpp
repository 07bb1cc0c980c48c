#pragma once
/// peeringctl cluster … and vpc …: the cluster registry (spec §4, §10 Q17) and the VPC registry
/// (§6.7, §10 Q10), the same entries the admin endpoints manage.

#include "ctl/ctl_context.hpp"

#include <CLI/CLI.hpp>

#include <functional>

namespace peeringd::ctl {

void add_registry_commands(CLI::App& app, std::function<void(CtlContext&)>& run);

}  // namespace peeringd::ctl
