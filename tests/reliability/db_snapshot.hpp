#pragma once
/// What a database file holds, read the way an admin's `sqlite3 -readonly` reads it (a
/// read-only connection beside the running daemon): every peering row with its history, the
/// schema version and PRAGMA integrity_check.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace peeringd::test {

struct StoredPeering {
    std::string id, name, description, status;
    std::string request_vpc, request_project, accept_vpc, accept_project;
    std::vector<std::string> history;  ///< actions in revision order
};

struct DbSnapshot {
    std::string integrity;  ///< "ok", or the lines of integrity_check joined
    int schema_version = 0;
    std::map<std::string, StoredPeering> by_id;
    std::map<std::string, std::vector<std::string>> ids_by_name;
    std::vector<std::string> schema;  ///< sqlite_master "type name sql" lines, sorted
};

DbSnapshot read_snapshot(const std::filesystem::path& db);

}  // namespace peeringd::test
