#include "ctl/maintenance_commands.hpp"

#include "ctl/admin_format.hpp"
#include "domain/timestamp.hpp"
#include "storage/admin_queries.hpp"
#include "storage/database.hpp"
#include "storage/maintenance.hpp"
#include "storage/peering_repository.hpp"
#include "storage/sql/transaction.hpp"

#include <boost/json.hpp>
#include <SQLiteCpp/Database.h>

#include <memory>
#include <sstream>
#include <stdexcept>

namespace peeringd::ctl {
namespace {

domain::Timestamp now() { return domain::SystemClock{}.now(); }

boost::json::object stats_json(const storage::DatabaseStats& s) {
    boost::json::object by_status;
    for (const auto& c : s.by_status) by_status[c.status] = c.count;
    return {{"by_status", by_status},
            {"tombstones", s.tombstones},
            {"pending_due", s.pending_due},
            {"pending_expiring_24h", s.pending_expiring_24h},
            {"history_rows", s.history_rows},
            {"db_bytes", s.db_bytes},
            {"wal_bytes", s.wal_bytes},
            {"schema_version", s.schema_version},
            {"latest_schema_version", s.latest_schema_version}};
}

void add_stats(CLI::App& app, std::function<void(CtlContext&)>& run) {
    auto* stats = app.add_subcommand("stats", "counts by status, due and soon-due requests, file sizes");
    stats->callback([&run] {
        run = [](CtlContext& ctx) {
            const auto s = storage::AdminQueries{ctx.readable()}.stats(now());
            std::ostringstream text;
            for (const auto& c : s.by_status) text << c.status << ": " << c.count << "\n";
            text << "DELETED (tombstones): " << s.tombstones << "\n"
                 << "pending past their deadline (not yet swept): " << s.pending_due << "\n"
                 << "pending expiring within 24 h: " << s.pending_expiring_24h << "\n"
                 << "history rows: " << s.history_rows << "\n"
                 << "database: " << s.db_bytes << " bytes, -wal: " << s.wal_bytes << " bytes\n"
                 << "schema version: " << s.schema_version << " (this peeringctl knows "
                 << s.latest_schema_version << ")\n";
            ctx.print(stats_json(s), text.str());
        };
    });
}

void add_check(CLI::App& app, std::function<void(CtlContext&)>& run) {
    auto* check = app.add_subcommand("check", "integrity, foreign keys and schema version; exit 1 on failure");
    check->callback([&run] {
        run = [](CtlContext& ctx) {
            const auto report = storage::check_database(ctx.sqlite_file("check"));
            boost::json::array integrity(report.integrity.begin(), report.integrity.end());
            boost::json::array foreign_keys(report.foreign_keys.begin(), report.foreign_keys.end());
            std::ostringstream text;
            text << "integrity: " << (report.integrity_ok() ? "ok" : "FAILED") << "\n";
            if (!report.integrity_ok())
                for (const auto& line : report.integrity) text << "  " << line << "\n";
            text << "foreign keys: " << (report.foreign_keys.empty() ? "ok" : "FAILED") << "\n";
            for (const auto& line : report.foreign_keys) text << "  " << line << "\n";
            const bool schema_ok = report.schema_version == report.expected_schema_version;
            text << "schema version: " << report.schema_version << (schema_ok ? " ok" : " MISMATCH")
                 << " (this peeringctl knows " << report.expected_schema_version << ")\n";
            ctx.print(boost::json::object{{"ok", report.ok()},
                                          {"integrity", integrity},
                                          {"foreign_keys", foreign_keys},
                                          {"schema_version", report.schema_version},
                                          {"expected_schema_version", report.expected_schema_version}},
                      text.str());
            // The report is printed either way; the exit code is what scripts act on.
            if (!report.ok()) throw std::runtime_error("check failed");
        };
    });
}

void add_backup(CLI::App& app, std::function<void(CtlContext&)>& run) {
    auto* backup = app.add_subcommand("backup", "consistent online copy of the database into FILE");
    auto file = std::make_shared<std::string>();
    auto force = std::make_shared<bool>(false);
    backup->add_option("FILE", *file, "destination; refused if it exists")->required();
    backup->add_flag("--force", *force, "overwrite an existing FILE");
    backup->callback([&run, file, force] {
        run = [file, force](CtlContext& ctx) {
            const int pages = storage::backup_database(ctx.sqlite_file("backup"), *file, *force);
            // Prove the copy before anyone relies on it.
            const auto copy = storage::open_connection(*file, storage::OpenMode::read_only,
                                                       std::chrono::milliseconds(5000));
            const auto report = storage::check_database(*copy);
            if (!report.integrity_ok()) throw std::runtime_error("backup " + *file + " fails its integrity check");
            ctx.print(boost::json::object{{"backup", *file}, {"pages", pages},
                                          {"schema_version", report.schema_version}},
                      "backed up " + std::to_string(pages) + " pages to " + *file + " (integrity ok)\n");
        };
    });
}

void expire_dry_run(CtlContext& ctx) {
    const auto due = storage::AdminQueries{ctx.readable()}.due_pending(now());
    boost::json::array rows;
    std::ostringstream text;
    for (const auto& p : due) {
        rows.push_back(to_json(storage::AdminPeering{p, std::nullopt}));
        text << to_text(storage::AdminPeering{p, std::nullopt}) << "\n";
    }
    text << due.size() << " pending peering(s) are due; nothing changed (dry run)\n";
    ctx.print(boost::json::object{{"dry_run", true}, {"due", due.size()}, {"peerings", rows}}, text.str());
}

void expire_now(CtlContext& ctx, std::size_t batch) {
    // The daemon's own use case, so rows, history and guards are exactly the sweeper's. Each
    // batch is one short IMMEDIATE transaction: the daemon's writes get in between batches.
    storage::PeeringRepository repo{ctx.writable(), storage::RepositoryPolicy{}};
    const auto at = now();
    std::size_t total = 0;
    for (;;) {
        storage::sql::Transaction tx{ctx.writable()};
        auto moved = repo.expire_due(at, batch);
        if (!moved) throw std::runtime_error(moved.error().message);
        tx.commit();
        total += *moved;
        if (*moved < batch) break;
    }
    ctx.print(boost::json::object{{"dry_run", false}, {"expired", total}},
              "expired " + std::to_string(total) + " pending peering(s)\n");
}

void add_expire(CLI::App& app, std::function<void(CtlContext&)>& run) {
    auto* expire = app.add_subcommand("expire", "expire due pending requests, as the daemon's sweeper does");
    auto dry_run = std::make_shared<bool>(false);
    auto now_flag = std::make_shared<bool>(false);
    auto batch = std::make_shared<std::size_t>(1000);
    auto* dry = expire->add_flag("--dry-run", *dry_run, "list what is due; change nothing");
    expire->add_flag("--now", *now_flag, "move due requests to EXPIRED now")->excludes(dry);
    expire->add_option("--batch", *batch, "peerings per transaction (default 1000)")->check(CLI::Range(1, 100000));
    expire->callback([&run, dry_run, now_flag, batch] {
        if (*dry_run == *now_flag) throw CLI::ValidationError("expire", "give exactly one of --dry-run or --now");
        if (*dry_run)
            run = expire_dry_run;
        else
            run = [batch](CtlContext& ctx) { expire_now(ctx, *batch); };
    });
}

}  // namespace

void add_maintenance_commands(CLI::App& app, std::function<void(CtlContext&)>& run) {
    add_stats(app, run);
    add_check(app, run);
    add_backup(app, run);
    add_expire(app, run);
}

}  // namespace peeringd::ctl
