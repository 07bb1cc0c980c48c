#pragma once
/// What every peeringctl command shares: the database path, the key file, output mode, and a
/// way to open the database for reading or writing.

#include "storage/credential_repository.hpp"

#include <boost/json/value.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace SQLite {
class Database;
}
namespace peeringd::storage::sql {
class Session;
}

namespace peeringd::ctl {

struct CtlOptions {
    std::string db_path = "./var/peeringd.db";
    std::string secret_key_file;  ///< empty: peeringd.key beside the database
    bool json = false;
};

/// The key file the daemon and peeringctl agree on when none is given.
std::filesystem::path default_key_file(const std::string& db_path);

class CtlContext {
public:
    explicit CtlContext(CtlOptions options);
    ~CtlContext();

    const CtlOptions& options() const { return options_; }
    /// A read-write connection on a prepared (created/migrated) database, SQLite or
    /// PostgreSQL. Writes use short write transactions, so a running daemon only waits for
    /// their commit.
    storage::sql::Session& writable();
    /// A read-only connection: safe beside a running daemon.
    storage::sql::Session& readable();
    /// The SQLite file itself, for the commands that exist only for a file (check, backup);
    /// throws std::runtime_error naming the command on a PostgreSQL database.
    SQLite::Database& sqlite_file(std::string_view command);
    /// The SK key; created on first use when `create` is set.
    const crypto::SecretBox& secrets(bool create);

    /// Prints `value` as one JSON document (with --json) or `text` otherwise.
    void print(const boost::json::value& value, const std::string& text) const;

private:
    CtlOptions options_;
    std::unique_ptr<storage::sql::Session> db_;
    bool writable_ = false;
    std::unique_ptr<crypto::SecretBox> secrets_;
};

}  // namespace peeringd::ctl
