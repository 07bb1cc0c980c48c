#include "storage/db_worker.hpp"

#include "storage/database.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <algorithm>

namespace peeringd::storage {

namespace detail {

std::optional<domain::Error> run_translating_errors(const std::function<void()>& body) {
    try {
        body();
        return std::nullopt;
    } catch (const SQLite::Exception& e) {
        // Conditions an operator or time can fix: the client should retry (503), not see a bug.
        switch (e.getErrorCode()) {
            case SQLITE_BUSY:
            case SQLITE_LOCKED:
            case SQLITE_FULL:
            case SQLITE_READONLY:
            case SQLITE_IOERR:
            case SQLITE_CANTOPEN:
            case SQLITE_PROTOCOL:
            case SQLITE_NOMEM:
                return domain::Error{domain::ErrorCode::unavailable,
                                     std::string("storage unavailable: ") + e.what()};
            default:
                throw;
        }
    }
}

}  // namespace detail

struct DbWorker::Reader {
    std::unique_ptr<SQLite::Database> db;
    std::unique_ptr<PeeringRepository> repository;
};

DbWorker::ReaderLease::ReaderLease(DbWorker& owner, std::unique_ptr<Reader> reader)
    : owner_(owner), reader_(std::move(reader)) {}

DbWorker::ReaderLease::~ReaderLease() {
    std::lock_guard lock{owner_.readers_mutex_};
    owner_.idle_readers_.push_back(std::move(reader_));
}

PeeringRepository& DbWorker::ReaderLease::repository() { return *reader_->repository; }

namespace {
std::unique_ptr<SQLite::Database> open_reader(const StorageOptions& options) {
    return open_connection(options.path, OpenMode::read_only, options.busy_timeout);
}
}  // namespace

DbWorker::DbWorker(StorageOptions options)
    : options_(std::move(options)),
      writer_db_(open_connection(options_.path, OpenMode::read_write, options_.busy_timeout)),
      writer_(std::make_unique<PeeringRepository>(*writer_db_, options_.policy)),
      reader_pool_(std::max<std::size_t>(1, options_.readers)) {
    for (std::size_t i = 0; i < std::max<std::size_t>(1, options_.readers); ++i) {
        auto reader = std::make_unique<Reader>();
        reader->db = open_reader(options_);
        reader->repository = std::make_unique<PeeringRepository>(*reader->db, options_.policy);
        idle_readers_.push_back(std::move(reader));
    }
}

DbWorker::~DbWorker() { stop(); }

DbWorker::ReaderLease DbWorker::lease_reader() {
    std::unique_lock lock{readers_mutex_};
    if (!idle_readers_.empty()) {
        auto reader = std::move(idle_readers_.back());
        idle_readers_.pop_back();
        return ReaderLease{*this, std::move(reader)};
    }
    lock.unlock();
    // More jobs than pool threads cannot run at once, so this is only reached if a job nests.
    auto reader = std::make_unique<Reader>();
    reader->db = open_reader(options_);
    reader->repository = std::make_unique<PeeringRepository>(*reader->db, options_.policy);
    return ReaderLease{*this, std::move(reader)};
}

void DbWorker::stop() {
    if (stopped_) return;
    stopped_ = true;
    writer_pool_.join();
    reader_pool_.join();
}

}  // namespace peeringd::storage
