#include "tests/reliability/db_snapshot.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>

namespace peeringd::test {

DbSnapshot read_snapshot(const std::filesystem::path& path) {
    SQLite::Database db(path.string(), SQLite::OPEN_READONLY, 2000);
    DbSnapshot out;
    {
        SQLite::Statement check(db, "PRAGMA integrity_check");
        while (check.executeStep()) {
            if (!out.integrity.empty()) out.integrity += "; ";
            out.integrity += check.getColumn(0).getString();
        }
    }
    out.schema_version = db.execAndGet("PRAGMA user_version").getInt();
    {
        SQLite::Statement objects(db, "SELECT type, name, coalesce(sql, '') FROM sqlite_master");
        while (objects.executeStep())
            out.schema.push_back(objects.getColumn(0).getString() + " " + objects.getColumn(1).getString() +
                                 " " + objects.getColumn(2).getString());
        std::sort(out.schema.begin(), out.schema.end());
    }
    if (!db.tableExists("peerings")) return out;
    // One snapshot for both tables: a read transaction.
    db.exec("BEGIN");
    SQLite::Statement rows(db, "SELECT id, name, description, status, request_vpc_id, request_tenant_id, "
                               "accept_vpc_id, accept_tenant_id FROM peerings");
    while (rows.executeStep()) {
        StoredPeering p{rows.getColumn(0).getString(), rows.getColumn(1).getString(),
                        rows.getColumn(2).getString(), rows.getColumn(3).getString(),
                        rows.getColumn(4).getString(), rows.getColumn(5).getString(),
                        rows.getColumn(6).getString(), rows.getColumn(7).getString(), {}};
        out.ids_by_name[p.name].push_back(p.id);
        out.by_id.emplace(p.id, std::move(p));
    }
    SQLite::Statement history(db, "SELECT peering_id, action FROM peering_history ORDER BY revision");
    while (history.executeStep()) {
        const auto id = history.getColumn(0).getString();
        auto it = out.by_id.find(id);
        // A history row without its peering is impossible with foreign keys on; make it visible.
        if (it == out.by_id.end())
            out.by_id.emplace(id, StoredPeering{id, "", "", "<history without row>", "", "", "", "",
                                                {history.getColumn(1).getString()}});
        else
            it->second.history.push_back(history.getColumn(1).getString());
    }
    db.exec("COMMIT");
    return out;
}

}  // namespace peeringd::test
