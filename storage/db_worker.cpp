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

Connection::~Connection() = default;

DbWorker::ReaderLease::ReaderLease(DbWorker& owner, std::unique_ptr<Connection> reader)
    : owner_(owner), reader_(std::move(reader)) {}

DbWorker::ReaderLease::~ReaderLease() {
    std::lock_guard lock{owner_.readers_mutex_};
    owner_.idle_readers_.push_back(std::move(reader_));
}

Connection& DbWorker::ReaderLease::connection() { return *reader_; }

std::unique_ptr<Connection> DbWorker::open(bool read_only) const {
    auto c = std::make_unique<Connection>();
    c->db = open_connection(options_.path, read_only ? OpenMode::read_only : OpenMode::read_write,
                            options_.busy_timeout);
    c->peerings = std::make_unique<PeeringRepository>(*c->db, options_.policy);
    c->credentials = std::make_unique<CredentialRepository>(*c->db, options_.secrets.get());
    c->registry = std::make_unique<RegistryRepository>(*c->db);
    return c;
}

DbWorker::DbWorker(StorageOptions options)
    : options_(std::move(options)),
      writer_(open(false)),
      reader_pool_(std::max<std::size_t>(1, options_.readers)) {
    for (std::size_t i = 0; i < std::max<std::size_t>(1, options_.readers); ++i)
        idle_readers_.push_back(open(true));
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
    return ReaderLease{*this, open(true)};
}

void DbWorker::run_after_write() noexcept {
    if (!after_write_) return;
    try {
        after_write_(*writer_->peerings);
    } catch (...) {
        // The job's own outcome stands; the next write's hook catches up on what this one missed.
    }
}

void DbWorker::stop() {
    if (stopped_) return;
    stopped_ = true;
    writer_pool_.join();
    reader_pool_.join();
}

}  // namespace peeringd::storage
