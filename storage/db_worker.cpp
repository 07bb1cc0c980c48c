#include "storage/db_worker.hpp"

#include "storage/crash_point_sqlite.hpp"
#include "storage/database.hpp"
#include "storage/sql/pg_session.hpp"
#include "storage/sql/sqlite_session.hpp"
#include "storage/sql/transaction.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <algorithm>

namespace peeringd::storage {

namespace detail {

std::optional<domain::Error> transient_error(std::exception_ptr failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const sql::TransientError& e) {
        return domain::Error{domain::ErrorCode::unavailable, std::string("storage unavailable: ") + e.what()};
    } catch (const SQLite::Exception& e) {
        // Raw SQLite errors (opening a connection) by the same list as the session's.
        if (!sql::is_transient_sqlite(e.getErrorCode())) return std::nullopt;
        return domain::Error{domain::ErrorCode::unavailable, std::string("storage unavailable: ") + e.what()};
    } catch (...) {
        return std::nullopt;
    }
}

std::optional<domain::Error> run_translating_errors(const std::function<void()>& body) {
    try {
        body();
        return std::nullopt;
    } catch (...) {
        if (auto error = transient_error(std::current_exception())) return error;
        throw;
    }
}

}  // namespace detail

DbWorker::ReaderLease::ReaderLease(DbWorker& owner, std::unique_ptr<Connection> reader)
    : owner_(owner), reader_(std::move(reader)) {}

DbWorker::ReaderLease::~ReaderLease() {
    std::lock_guard lock{owner_.readers_mutex_};
    owner_.idle_readers_.push_back(std::move(reader_));
}

Connection& DbWorker::ReaderLease::connection() { return *reader_; }

std::unique_ptr<Connection> DbWorker::open(bool read_only) const {
    std::unique_ptr<sql::Session> session;
    if (sqlite_) {
        auto db = open_connection(options_.path, read_only ? OpenMode::read_only : OpenMode::read_write,
                                  options_.busy_timeout);
        // Only the API's writer: migrations and peeringctl commit before the crash point may fire.
        if (!read_only) install_commit_crash_hook(db->getHandle());
        session = std::make_unique<sql::SqliteSession>(std::move(db));
    } else {
        session = std::make_unique<sql::PgSession>(options_.path, options_.busy_timeout);
    }
    return std::make_unique<Connection>(std::move(session), options_.policy, options_.secrets.get());
}

DbWorker::DbWorker(StorageOptions options)
    : options_(std::move(options)),
      sqlite_(!is_postgresql(options_.path)),
      max_batch_(sqlite_ ? kMaxBatch : kMaxPostgresqlBatch),
      writer_(open(false)),
      reader_pool_(std::max<std::size_t>(1, options_.readers)) {
    for (std::size_t i = 0; i < std::max<std::size_t>(1, options_.readers); ++i) idle_readers_.push_back(open_reader());
    checkpointer_ = open(false);
    if (sqlite_) configure_sqlite_connections();
    writer_thread_ = std::thread([this] { writer_loop(); });
}

void DbWorker::configure_sqlite_connections() {
    auto& writer = sql::sqlite_database(*writer_->session);
    // A create touches a leaf of each of the 12 B-trees (table, indexes, history) at random
    // keys: with SQLite's default 2 MiB cache the writer spent a sixth of its time in pread().
    // 16 MiB for the writer and 4 MiB per reader keep the daemon within its 64 MiB RSS budget.
    writer.exec("PRAGMA cache_size = -16384");  // KiB
    // Checkpoints happen elsewhere (checkpoint(), and TRUNCATE jobs alone): an automatic one
    // inside COMMIT would stall the whole batch behind copying the WAL into the database.
    writer.exec("PRAGMA wal_autocheckpoint = 0");
    // (after the pragma, which would replace it) counts the WAL for checkpoint_if_wal_big().
    sqlite3_wal_hook(
        writer.getHandle(),
        [](void* self, sqlite3*, const char*, int frames) {
            static_cast<DbWorker*>(self)->wal_frames_ = frames;
            return SQLITE_OK;
        },
        this);
    // Never wait: a TRUNCATE that waited for readers would hold the write lock and stall every
    // writer meanwhile. Without waiting it copies what it can (like PASSIVE) and says busy.
    sqlite3_busy_timeout(sql::sqlite_database(*checkpointer_->session).getHandle(), 0);
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
    // Reached when read_point() calls on the network threads overlap the pool's jobs; the new
    // connection joins the pool when released, so it grows to at most pool threads + network
    // threads connections.
    return ReaderLease{*this, open_reader()};
}

std::unique_ptr<Connection> DbWorker::open_reader() const {
    auto reader = open(true);
    if (sqlite_) sql::sqlite_database(*reader->session).exec("PRAGMA cache_size = -4096");  // KiB
    return reader;
}

void DbWorker::run_after_write() noexcept {
    if (!after_write_) return;
    try {
        after_write_(writer_->repositories);
    } catch (...) {
        // The job's own outcome stands; the next write's hook catches up on what this one missed.
    }
}

void DbWorker::enqueue(std::unique_ptr<detail::WriteJob> job) {
    {
        std::lock_guard lock{queue_mutex_};
        if (!stopping_) {
            queue_.push_back(std::move(job));
            queue_ready_.notify_one();
            return;
        }
    }
    job->fail(domain::Error{domain::ErrorCode::unavailable, "storage is shutting down"});
    job->complete();
}

void DbWorker::writer_loop() {
    std::unique_lock lock{queue_mutex_};
    for (;;) {
        queue_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and every queued job has run
        auto jobs = take_next();
        lock.unlock();
        if (jobs.front()->alone()) {
            run_alone(*jobs.front());
        } else {
            for (std::size_t begin = 0; begin < jobs.size();) begin = run_transaction(jobs, begin);
        }
        checkpoint_if_wal_big();
        lock.lock();
    }
}

DbWorker::Batch DbWorker::take_next() {
    Batch jobs;
    const bool alone = queue_.front()->alone();
    while (!queue_.empty() && queue_.front()->alone() == alone &&
           jobs.size() < (alone ? 1 : max_batch_)) {
        jobs.push_back(std::move(queue_.front()));
        queue_.pop_front();
    }
    return jobs;
}

void DbWorker::observe(std::chrono::steady_clock::time_point started) {
    ++writer_transactions_;
    if (write_observer_) write_observer_(std::chrono::steady_clock::now() - started);
}

void DbWorker::checkpoint_if_wal_big() noexcept {
    if (!sqlite_ || wal_frames_ <= kWriterCheckpointFrames) return;
    wal_frames_ = 0;
    // Busy (another checkpoint is running, or a reader pins an old snapshot) is fine: the
    // checkpoint task and the next commit try again. Nothing here can fail a request.
    (void)sqlite3_wal_checkpoint_v2(sql::sqlite_database(*writer_->session).getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                    nullptr, nullptr);
}

void DbWorker::run_alone(detail::WriteJob& job) {
    const auto started = std::chrono::steady_clock::now();
    job.run(*writer_);
    observe(started);
    run_after_write();
    ++writer_jobs_done_;
    job.complete();
}

bool DbWorker::run_in_savepoint(detail::WriteJob& job) {
    auto& db = *writer_->session;
    try {
        sql::Savepoint savepoint{db, "job"};
        job.run(*writer_);
        // I/O errors, disk full, a lost connection and the like can end the whole transaction.
        if (!db.in_transaction()) return false;
        if (job.threw())
            savepoint.rollback();  // undoes what the job wrote
        else
            savepoint.release();
        return true;
    } catch (...) {
        if (!job.threw()) job.fail_with(std::current_exception());
        return false;
    }
}

std::size_t DbWorker::run_transaction(Batch& jobs, std::size_t begin) {
    const auto started = std::chrono::steady_clock::now();
    std::optional<sql::Transaction> tx;
    try {
        tx.emplace(*writer_->session);  // waits up to the busy/lock timeout for another writer
    } catch (...) {
        for (std::size_t i = begin; i < jobs.size(); ++i) jobs[i]->fail_with(std::current_exception());
        observe(started);
        finish(jobs, begin, jobs.size());
        return jobs.size();
    }
    std::size_t end = begin;
    bool survived = true;
    while (survived && end < jobs.size()) survived = run_in_savepoint(*jobs[end++]);
    try {
        if (!survived) throw std::runtime_error("the transaction was rolled back under a job");
        tx->commit();
    } catch (const std::exception& e) {
        // Nothing of this batch is durable: every job hears so, including those whose own
        // outcome was an error value (an expiry they persisted on the way is gone too).
        tx.reset();  // rolls back what is left of it
        for (std::size_t i = begin; i < end; ++i)
            if (!jobs[i]->threw())
                jobs[i]->fail(domain::Error{domain::ErrorCode::unavailable,
                                            std::string("storage unavailable: ") + e.what()});
    }
    observe(started);
    finish(jobs, begin, end);
    return end;
}

void DbWorker::finish(Batch& jobs, std::size_t begin, std::size_t end) {
    run_after_write();  // after COMMIT (or its failure), before any caller resumes
    writer_jobs_done_ += end - begin;
    for (std::size_t i = begin; i < end; ++i) jobs[i]->complete();
}

void DbWorker::stop() {
    if (stopped_) return;
    stopped_ = true;
    {
        std::lock_guard lock{queue_mutex_};
        stopping_ = true;
        queue_ready_.notify_one();
    }
    writer_thread_.join();
    reader_pool_.join();
    checkpoint_pool_.join();
}

}  // namespace peeringd::storage
