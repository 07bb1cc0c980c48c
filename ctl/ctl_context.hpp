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
    /// A read-write connection on a prepared (created/migrated) database. Writes use short
    /// IMMEDIATE transactions, so a running daemon only waits for their commit.
    SQLite::Database& writable();
    /// A read-only connection: safe beside a running daemon.
    SQLite::Database& readable();
    /// The SK key; created on first use when `create` is set.
    const crypto::SecretBox& secrets(bool create);

    /// Prints `value` as one JSON document (with --json) or `text` otherwise.
    void print(const boost::json::value& value, const std::string& text) const;

private:
    CtlOptions options_;
    std::unique_ptr<SQLite::Database> db_;
    bool writable_ = false;
    std::unique_ptr<crypto::SecretBox> secrets_;
};

}  // namespace peeringd::ctl
