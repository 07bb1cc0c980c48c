#include "ctl/ctl_context.hpp"

#include "storage/sql/sqlite_session.hpp"

#include "storage/database.hpp"

#include <boost/json/serialize.hpp>
#include <SQLiteCpp/Database.h>

#include <iostream>

namespace peeringd::ctl {

std::filesystem::path default_key_file(const std::string& db_path) {
    // A URI has no folder; every replica must be given the same key file explicitly.
    if (storage::is_postgresql(db_path)) return {};
    return std::filesystem::path(db_path).parent_path() / "peeringd.key";
}

CtlContext::CtlContext(CtlOptions options) : options_(std::move(options)) {
    if (options_.secret_key_file.empty()) options_.secret_key_file = default_key_file(options_.db_path).string();
}

CtlContext::~CtlContext() = default;

storage::sql::Session& CtlContext::writable() {
    if (!db_ || !writable_) {
        constexpr std::chrono::milliseconds kBusy{5000};
        storage::prepare_database(options_.db_path, kBusy);
        db_ = storage::open_session(options_.db_path, storage::OpenMode::read_write, kBusy);
        writable_ = true;
    }
    return *db_;
}

storage::sql::Session& CtlContext::readable() {
    if (!db_) {
        if (!storage::is_postgresql(options_.db_path) && !std::filesystem::exists(options_.db_path))
            throw std::runtime_error("database " + options_.db_path + " does not exist");
        db_ = storage::open_session(options_.db_path, storage::OpenMode::read_only, std::chrono::milliseconds(5000));
    }
    return *db_;
}

SQLite::Database& CtlContext::sqlite_file(std::string_view command) {
    if (storage::is_postgresql(options_.db_path))
        throw std::runtime_error(std::string(command) +
                                 " works on a SQLite file only; on PostgreSQL use the server's own tools "
                                 "(pg_dump / pg_basebackup for backups, amcheck for integrity)");
    return storage::sql::sqlite_database(readable());
}

const crypto::SecretBox& CtlContext::secrets(bool create) {
    if (!secrets_)
        secrets_ = std::make_unique<crypto::SecretBox>(crypto::SecretBox::from_key_file(options_.secret_key_file, create));
    return *secrets_;
}

void CtlContext::print(const boost::json::value& value, const std::string& text) const {
    if (options_.json)
        std::cout << boost::json::serialize(value) << "\n";
    else
        std::cout << text;
}

}  // namespace peeringd::ctl
