// peeringctl: the admin command line. Safe beside a running daemon: reads use read-only
// connections, writes are short IMMEDIATE transactions.
#include "ctl/credential_commands.hpp"
#include "ctl/ctl_context.hpp"
#include "ctl/maintenance_commands.hpp"
#include "ctl/peering_commands.hpp"
#include "ctl/registry_commands.hpp"
#include "storage/database.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

int main(int argc, char* argv[]) {
    using namespace peeringd::ctl;
    CLI::App app{"peeringctl: administer a peeringd database"};
    CtlOptions options;
    app.add_option("--db", options.db_path,
                   "SQLite database file (PATH or sqlite:PATH, default ./var/peeringd.db) or a PostgreSQL "
                   "libpq URI (postgresql://USER@HOST:PORT/DBNAME?...)");
    app.add_option("--secret-key-file", options.secret_key_file,
                   "key that encrypts SKs at rest (default: peeringd.key beside a SQLite database; "
                   "required with PostgreSQL)");
    app.add_flag("--json", options.json, "machine-readable output");
    app.require_subcommand(1);
    app.fallthrough();  // global flags such as --json may also follow the subcommand
    std::function<void(CtlContext&)> run;
    add_credential_commands(app, run);
    add_peering_commands(app, run);
    add_maintenance_commands(app, run);
    add_registry_commands(app, run);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    try {
        options.db_path = peeringd::storage::normalize_database(options.db_path);
        if (const char* env = std::getenv("PEERINGD_SECRET_KEY_FILE"); options.secret_key_file.empty() && env && *env)
            options.secret_key_file = env;
        CtlContext ctx{options};
        run(ctx);
        return 0;
    } catch (const peeringd::storage::StartupError& e) {
        std::cerr << "peeringctl: " << e.what() << "\n";
        return e.exit_code();
    } catch (const std::exception& e) {
        std::cerr << "peeringctl: " << e.what() << "\n";
        return 1;
    }
}
