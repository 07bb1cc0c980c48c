// The quota counters of migration 0007 (project_usage and its triggers) against the count they
// replace: the backfill of an existing database, and random repository use cases and admin SQL
// edits, after each of which every project's counters must equal a fresh count of its rows.
#include "migrations/embedded_migrations.hpp"
#include "storage/migrator.hpp"
#include "tests/storage/storage_test_support.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>
#include <vector>

namespace peeringd::storage::test {
namespace {

const std::array<std::string, 4> kProjects = {kProjectA, kProjectB, kProjectC, kProjectD};

// The same queries on the SQLite-only backfill test's raw file and on either engine's session.
std::unique_ptr<SQLite::Statement> prepared(SQLite::Database& db, const std::string& query) {
    return std::make_unique<SQLite::Statement>(db, query);
}
std::unique_ptr<sql::Statement> prepared(sql::Session& db, const std::string& query) { return db.prepare(query); }

/// The quota count before migration 0007 (§6.5, due pending requests aside): live peerings a
/// project requested, plus ACTIVE ones it accepted from another project.
template <class Db>
long long counted_usage(Db& db, const std::string& project) {
    auto count = prepared(db,
                          "SELECT count(*) FROM peerings WHERE "
                          "(request_tenant_id = ?1 AND status IN ('ACTIVE', 'PENDING_ACCEPTANCE')) "
                          "OR (accept_tenant_id = ?1 AND request_tenant_id <> ?1 "
                          "  AND status = 'ACTIVE')");
    count->bind(1, project);
    count->executeStep();
    return count->getColumn(0).getInt64();
}

template <class Db>
long long counter_usage(Db& db, const std::string& project) {
    auto read = prepared(db,
                         "SELECT coalesce(sum(live_requested + active_accepted), 0) "
                         "FROM project_usage WHERE project = ?");
    read->bind(1, project);
    read->executeStep();
    return read->getColumn(0).getInt64();
}

template <class Db>
void expect_counters_match(Db& db, const std::string& after) {
    for (const auto& project : kProjects)
        ASSERT_EQ(counter_usage(db, project), counted_usage(db, project))
            << "project " << project.front() << " after " << after;
}

TEST(ProjectUsage, BackfillOfAnExistingDatabaseMatchesTheCount) {
    SKIP_ON_POSTGRESQL();
    peeringd::test::TempDir dir;
    SQLite::Database db{(dir.path() / "old.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};
    const auto all = migrations::embedded_migrations();
    ASSERT_GE(all.size(), 7u);
    ASSERT_EQ(all[6].version, 7);
    migrate(db, all.first(6));  // the schema before the counters

    const std::string insert =
        "INSERT INTO peerings (id, name, status, request_vpc_id, request_tenant_id, "
        "accept_vpc_id, accept_tenant_id, created_at, updated_at, expires_at, deleted_at) VALUES ";
    const char* statuses[] = {"ACTIVE", "PENDING_ACCEPTANCE", "REJECTED", "EXPIRED", "DELETED"};
    int n = 0;
    for (const auto* status : statuses)
        for (const auto& requester : kProjects)
            for (const auto& accepter : kProjects) {
                const auto id = std::to_string(++n);
                db.exec(insert + "('" + id + "', 'n', '" + status + "', '" + vpc(2 * n) + "', '" +
                        requester + "', '" + vpc(2 * n + 1) + "', '" + accepter + "', 't', 't', " +
                        (std::string{status} == "PENDING_ACCEPTANCE" ? "'d'" : "NULL") + ", " +
                        (std::string{status} == "DELETED" ? "'t'" : "NULL") + ")");
            }

    EXPECT_EQ(migrate(db), latest_schema_version());
    expect_counters_match(db, "backfill");
    // Projects with nothing live have no row at all.
    EXPECT_EQ(count_rows(db, "SELECT count(*) FROM project_usage WHERE "
                             "live_requested = 0 AND active_accepted = 0"),
              0);
}

TEST(ProjectUsage, CountersFollowRandomUseCasesAndAdminEdits) {
    TestDatabase test_db;
    auto& db = test_db.db();
    Autocommit<PeeringRepository> repo{db, policy_with_ttl(1h)};
    std::mt19937 random{20261204};  // fixed: a failure reproduces
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>{0, n - 1}(random); };

    std::vector<std::string> ids;
    auto now = kNow;
    for (int step = 0; step < 600; ++step) {
        now += 1min;
        const auto& a = kProjects[pick(kProjects.size())];
        const auto& b = kProjects[pick(kProjects.size())];
        const int op = static_cast<int>(pick(10));
        std::string what;
        if (op < 4 || ids.empty()) {
            // Few VPC numbers, so pair conflicts happen too (and must change nothing).
            const int v = static_cast<int>(pick(40));
            auto r = repo->create(create_command(v, v + 1 + static_cast<int>(pick(3)), b),
                                 actor(a), now);
            if (succeeded(r)) ids.push_back(r.value().id);
            what = "create";
        } else {
            const auto& id = ids[pick(ids.size())];
            // Either party or a stranger; failures (not a party, wrong state) must change nothing.
            switch (op) {
            case 4: (void)repo->accept(id, actor(a), now); what = "accept"; break;
            case 5: (void)repo->reject(id, actor(a), now); what = "reject"; break;
            case 6: (void)repo->remove(id, actor(a), now); what = "remove"; break;
            case 7: (void)repo->expire_due(now + 2h, 3); what = "expire"; break;
            case 8: {
                // An admin's sqlite3 shell: the triggers keep the counters without the daemon.
                auto edit = db.prepare("UPDATE peerings SET status = ?, accept_tenant_id = ? "
                                       "WHERE id = ? AND status <> 'DELETED'");
                const char* statuses[] = {"ACTIVE", "REJECTED", "EXPIRED"};
                edit->bind(1, std::string{statuses[pick(3)]});
                edit->bind(2, b);
                edit->bind(3, id);
                // A CHECK or the live-pair index may refuse it: then nothing may change either.
                try { (void)edit->exec(); } catch (const std::exception&) {}
                what = "admin update";
                break;
            }
            default: {
                auto purge = db.prepare("DELETE FROM peerings WHERE id = ?");
                purge->bind(1, id);
                if (on_postgresql()) {
                    // No switch for foreign keys that leaves the triggers on: drop what points at it.
                    for (const char* child : {"peering_history", "idempotency_keys", "cs_routes"}) {
                        auto drop = db.prepare(std::string("DELETE FROM ") + child + " WHERE peering_id = ?");
                        drop->bind(1, id);
                        (void)drop->exec();
                    }
                    (void)purge->exec();
                } else {
                    db.exec("PRAGMA foreign_keys = OFF");  // history rows may point at it
                    (void)purge->exec();
                    db.exec("PRAGMA foreign_keys = ON");
                }
                what = "admin delete";
            }
            }
        }
        expect_counters_match(db, what + " at step " + std::to_string(step));
        if (HasFatalFailure()) return;
    }
    // The walk reached every kind of share, so the comparison above was not vacuous.
    EXPECT_GT(count_rows(db, "SELECT sum(live_requested) FROM project_usage"), 0);
    EXPECT_GT(count_rows(db, "SELECT sum(active_accepted) FROM project_usage"), 0);
    EXPECT_GT(count_rows(db, "SELECT count(*) FROM peerings WHERE status = 'EXPIRED'"), 0);
    EXPECT_GT(count_rows(db, "SELECT count(*) FROM peerings WHERE status = 'DELETED'"), 0);
}

}  // namespace
}  // namespace peeringd::storage::test
