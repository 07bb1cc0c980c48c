#include "ctl/credential_commands.hpp"

#include "domain/timestamp.hpp"
#include "domain/validation.hpp"

#include "storage/sql/transaction.hpp"

#include <boost/json.hpp>
#include <SQLiteCpp/Database.h>

#include <sstream>

namespace peeringd::ctl {
namespace {

using storage::CredentialRepository;

void require_project(const std::string& project) {
    if (auto ok = domain::validate_tenant_id(project, "project"); !ok)
        throw std::runtime_error(ok.error().message);
}

domain::Timestamp now() { return domain::SystemClock{}.now(); }

void add_credentials(CLI::App& app, std::function<void(CtlContext&)>& run) {
    auto* credentials = app.add_subcommand("credentials", "AK/SK credentials for signed requests");
    credentials->require_subcommand(1);

    auto* create = credentials->add_subcommand("create", "create an AK/SK pair; the SK is printed once");
    auto project = std::make_shared<std::string>();
    auto admin = std::make_shared<bool>(false);
    create->add_option("--project", *project, "project the AK acts for")->required();
    create->add_flag("--admin", *admin, "may list and show every project's peerings");
    create->callback([&run, project, admin] {
        run = [project, admin](CtlContext& ctx) {
            require_project(*project);
            storage::sql::Transaction tx{ctx.writable()};  // the use case runs in a savepoint of it
            CredentialRepository repo{ctx.writable(), &ctx.secrets(true)};
            const auto issued = repo.create_credential(*project, *admin, now());
            tx.commit();
            std::ostringstream text;
            text << "access key (AK): " << issued.access_key << "\nsecret key (SK): " << issued.secret_key
                 << "\nproject: " << issued.project_id << (issued.admin ? " (admin)" : "")
                 << "\nThe SK is shown only now; store it safely.\n";
            ctx.print(boost::json::object{{"ak", issued.access_key}, {"sk", issued.secret_key},
                                          {"project_id", issued.project_id}, {"admin", issued.admin}},
                      text.str());
        };
    });

    auto* list = credentials->add_subcommand("list", "list credentials (never shows a secret)");
    list->callback([&run] {
        run = [](CtlContext& ctx) {
            CredentialRepository repo{ctx.readable(), nullptr};
            boost::json::array rows;
            std::ostringstream text;
            for (const auto& c : repo.list_credentials()) {
                rows.push_back({{"ak", c.access_key}, {"project_id", c.project_id}, {"admin", c.admin},
                                {"created_at", c.created_at},
                                {"revoked_at", c.revoked_at ? boost::json::value(*c.revoked_at) : nullptr}});
                text << c.access_key << "  " << c.project_id << (c.admin ? "  admin" : "") << "  created "
                     << c.created_at << (c.revoked_at ? "  REVOKED " + *c.revoked_at : "") << "\n";
            }
            ctx.print(rows, text.str());
        };
    });

    auto* revoke = credentials->add_subcommand("revoke", "revoke an AK; takes effect on the next request");
    auto ak = std::make_shared<std::string>();
    revoke->add_option("AK", *ak, "access key")->required();
    revoke->callback([&run, ak] {
        run = [ak](CtlContext& ctx) {
            storage::sql::Transaction tx{ctx.writable()};  // the use case runs in a savepoint of it
            CredentialRepository repo{ctx.writable(), nullptr};
            if (!repo.revoke_credential(*ak, now())) throw std::runtime_error("no live credential " + *ak);
            tx.commit();
            ctx.print(boost::json::object{{"revoked", *ak}}, "revoked " + *ak + "\n");
        };
    });
}

void add_tokens(CLI::App& app, std::function<void(CtlContext&)>& run) {
    auto* token = app.add_subcommand("token", "X-Auth-Token bearer tokens");
    token->require_subcommand(1);

    auto* create = token->add_subcommand("create", "issue a token bound to one project; printed once");
    auto project = std::make_shared<std::string>();
    auto admin = std::make_shared<bool>(false);
    auto ttl = std::make_shared<long long>(86400);
    create->add_option("--project", *project, "project the token acts for")->required();
    create->add_option("--ttl", *ttl, "lifetime in seconds (default 86400)")->check(CLI::Range(1LL, 31LL * 86400 * 12));
    create->add_flag("--admin", *admin, "may list and show every project's peerings");
    create->callback([&run, project, admin, ttl] {
        run = [project, admin, ttl](CtlContext& ctx) {
            require_project(*project);
            storage::sql::Transaction tx{ctx.writable()};  // the use case runs in a savepoint of it
            CredentialRepository repo{ctx.writable(), nullptr};
            const auto issued = repo.create_token(*project, *admin, std::chrono::seconds(*ttl), now());
            tx.commit();
            ctx.print(boost::json::object{{"token", issued.token}, {"token_id", issued.token_id},
                                          {"project_id", issued.project_id}, {"expires_at", issued.expires_at}},
                      "token: " + issued.token + "\ntoken id: " + issued.token_id + "\nexpires: " +
                          issued.expires_at + " UTC\n");
        };
    });

    auto* list = token->add_subcommand("list", "list tokens (ids only, never the token)");
    list->callback([&run] {
        run = [](CtlContext& ctx) {
            CredentialRepository repo{ctx.readable(), nullptr};
            boost::json::array rows;
            std::ostringstream text;
            for (const auto& t : repo.list_tokens()) {
                rows.push_back({{"token_id", t.token_id}, {"project_id", t.project_id}, {"admin", t.admin},
                                {"expires_at", t.expires_at},
                                {"revoked_at", t.revoked_at ? boost::json::value(*t.revoked_at) : nullptr}});
                text << t.token_id << "  " << t.project_id << "  expires " << t.expires_at
                     << (t.revoked_at ? "  REVOKED" : "") << "\n";
            }
            ctx.print(rows, text.str());
        };
    });

    auto* revoke = token->add_subcommand("revoke", "revoke a token by its id");
    auto id = std::make_shared<std::string>();
    revoke->add_option("TOKEN_ID", *id, "token id (tok-...)")->required();
    revoke->callback([&run, id] {
        run = [id](CtlContext& ctx) {
            storage::sql::Transaction tx{ctx.writable()};  // the use case runs in a savepoint of it
            CredentialRepository repo{ctx.writable(), nullptr};
            if (!repo.revoke_token(*id, now())) throw std::runtime_error("no live token " + *id);
            tx.commit();
            ctx.print(boost::json::object{{"revoked", *id}}, "revoked " + *id + "\n");
        };
    });
}

}  // namespace

void add_credential_commands(CLI::App& app, std::function<void(CtlContext&)>& run) {
    add_credentials(app, run);
    add_tokens(app, run);
}

}  // namespace peeringd::ctl
