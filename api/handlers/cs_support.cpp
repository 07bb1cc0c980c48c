#include "api/handlers/cs_support.hpp"

#include "api/handlers/handler_support.hpp"
#include "domain/registry.hpp"
#include "domain/validation.hpp"

namespace peeringd::api {

domain::Result<CsScope> cs_scope(const RequestContext& ctx) {
    auto project = caller_project(ctx.identity);
    if (!project) return project.error();
    // An admin credential is no exception: CS calls act for a project, and the path names it.
    if (ctx.cs_path.project != *project)
        return domain::bad_request(
            "Invalid input for project_id. Reason: the project in the path is not the "
            "authenticated project.");
    auto cluster_id = domain::parse_cluster_id(ctx.cs_path.cluster);
    if (!cluster_id) return cluster_id.error();
    return CsScope{std::move(*project), *cluster_id};
}

}  // namespace peeringd::api
