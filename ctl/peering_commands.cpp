#include "ctl/peering_commands.hpp"

#include "ctl/admin_format.hpp"
#include "domain/timestamp.hpp"
#include "storage/admin_queries.hpp"

#include <boost/json.hpp>

#include <memory>
#include <sstream>
#include <stdexcept>

namespace peeringd::ctl {
namespace {

using storage::AdminQueries;

/// CLI11 validator: the database spelling of a status, e.g. ACTIVE.
const CLI::Validator kStatus{[](std::string& text) -> std::string {
                                 return domain::parse_status(text) ? "" : "unknown status '" + text + "'";
                             },
                             "STATUS"};

/// CLI11 validator: 'YYYY-MM-DDTHH:MM:SS' in UTC, the spelling of every stored timestamp.
const CLI::Validator kTimestamp{[](std::string& text) -> std::string {
                                    return domain::parse_timestamp(text) ? ""
                                                                         : "expected YYYY-MM-DDTHH:MM:SS (UTC), got '" +
                                                                               text + "'";
                                },
                                "TIME"};

void add_list(CLI::App& app, std::function<void(CtlContext&)>& run) {
    auto* list = app.add_subcommand("list", "list peerings (every project, tombstones included)");
    auto status = std::make_shared<std::string>();
    auto project = std::make_shared<std::string>();
    list->add_option("--status", *status, "only this status (PENDING_ACCEPTANCE, ACTIVE, ..., DELETED)")
        ->check(kStatus);
    list->add_option("--project", *project, "only peerings with this project on either side");
    list->callback([&run, status, project] {
        run = [status, project](CtlContext& ctx) {
            storage::AdminFilter filter;
            if (!status->empty()) filter.status = domain::parse_status(*status);
            if (!project->empty()) filter.project = *project;
            boost::json::array rows;
            std::ostringstream text;
            for (const auto& row : AdminQueries{ctx.readable()}.peerings(filter)) {
                rows.push_back(to_json(row));
                text << to_text(row) << "\n";
            }
            text << rows.size() << (rows.size() == 1 ? " peering\n" : " peerings\n");
            ctx.print(boost::json::object{{"peerings", rows}, {"count", rows.size()}}, text.str());
        };
    });
}

void add_show(CLI::App& app, std::function<void(CtlContext&)>& run) {
    auto* show = app.add_subcommand("show", "one peering with its full history");
    auto id = std::make_shared<std::string>();
    show->add_option("ID", *id, "peering id")->required();
    show->callback([&run, id] {
        run = [id](CtlContext& ctx) {
            AdminQueries queries{ctx.readable()};
            // Two reads, two snapshots: a change in between shows as a history row the peering
            // already reflects, or not yet; each part is consistent on its own.
            const auto row = queries.peering(*id);
            if (!row) throw std::runtime_error("no peering " + *id);
            const auto history = queries.history(*id, std::nullopt);
            boost::json::array changes;
            std::ostringstream text;
            text << to_text(*row) << "\n";
            if (!row->peering.description.empty()) text << "description: " << row->peering.description << "\n";
            text << "history:\n";
            for (const auto& h : history) {
                changes.push_back(to_json(h));
                text << "  " << to_text(h) << "\n";
            }
            ctx.print(boost::json::object{{"peering", to_json(*row)}, {"history", changes}}, text.str());
        };
    });
}

void add_history(CLI::App& app, std::function<void(CtlContext&)>& run) {
    auto* history = app.add_subcommand("history", "every recorded change, newest last");
    auto since = std::make_shared<std::string>();
    history->add_option("--since", *since, "only changes at or after TIME (YYYY-MM-DDTHH:MM:SS, UTC)")
        ->check(kTimestamp);
    history->callback([&run, since] {
        run = [since](CtlContext& ctx) {
            std::optional<domain::Timestamp> from;
            if (!since->empty()) from = domain::parse_timestamp(*since);
            boost::json::array rows;
            std::ostringstream text;
            for (const auto& h : AdminQueries{ctx.readable()}.history(std::nullopt, from)) {
                rows.push_back(to_json(h));
                text << to_text(h) << "\n";
            }
            ctx.print(boost::json::object{{"history", rows}, {"count", rows.size()}}, text.str());
        };
    });
}

}  // namespace

void add_peering_commands(CLI::App& app, std::function<void(CtlContext&)>& run) {
    add_list(app, run);
    add_show(app, run);
    add_history(app, run);
}

}  // namespace peeringd::ctl
