#pragma once
/// A queued DbWorker::write() job. The writer thread runs it (inside the batch's transaction,
/// in its own savepoint, or alone) and only later, once the outcome is final (the COMMIT that
/// holds its change succeeded, or failed), resumes the caller on the caller's executor.

#include "domain/error.hpp"
#include "storage/connection.hpp"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>

#include <exception>
#include <memory>
#include <optional>
#include <utility>

namespace peeringd::storage::detail {

/// Error{unavailable} for SQLite's transient failures (busy, disk full, I/O error, ...);
/// nullopt for every other exception, which goes back to the caller as it is.
std::optional<domain::Error> transient_error(std::exception_ptr failure);

class WriteJob {
public:
    explicit WriteJob(bool alone) : alone_(alone) {}
    virtual ~WriteJob() = default;
    WriteJob(const WriteJob&) = delete;
    WriteJob& operator=(const WriteJob&) = delete;

    /// Runs the job's function on the writer connection; an exception is kept, never thrown.
    virtual void run(Connection& writer) = 0;
    /// Replaces the outcome with `failure` (translated like an exception of the job's own).
    virtual void fail_with(std::exception_ptr failure) = 0;
    /// Replaces the outcome with an error value (the batch's COMMIT failed).
    virtual void fail(domain::Error error) = 0;
    /// Resumes the caller with the outcome, on its executor. Called exactly once, last.
    virtual void complete() = 0;

    /// Must run outside any batch (checkpoints, the readiness probe's BEGIN IMMEDIATE).
    bool alone() const noexcept { return alone_; }
    /// The job ended in an exception, so whatever it wrote must be rolled back.
    bool threw() const noexcept { return threw_; }

protected:
    bool threw_ = false;

private:
    bool alone_;
};

template <class F, class Handler>
class TypedWriteJob final : public WriteJob {
public:
    using R = JobResult<F>;

    TypedWriteJob(std::unique_ptr<F> fn, Handler handler, bool alone)
        : WriteJob(alone),
          fn_(std::move(fn)),
          handler_(std::move(handler)),
          // Keeps the caller's io_context from running out of work while the job is queued.
          work_(boost::asio::prefer(boost::asio::get_associated_executor(handler_),
                                    boost::asio::execution::outstanding_work.tracked)) {}

    void run(Connection& writer) override {
        try {
            result_.emplace((*fn_)(writer.repositories));
        } catch (...) {
            fail_with(std::current_exception());
        }
    }

    void fail_with(std::exception_ptr failure) override {
        threw_ = true;
        result_.reset();
        exception_ = nullptr;
        if (auto error = transient_error(failure))
            result_.emplace(std::move(*error));
        else
            exception_ = failure;
    }

    void fail(domain::Error error) override {
        exception_ = nullptr;
        result_.emplace(std::move(error));
    }

    void complete() override {
        boost::asio::post(work_, [handler = std::move(handler_), exception = exception_,
                                  result = std::move(result_)]() mutable {
            // R{} only accompanies an exception, which the awaiting side rethrows instead.
            std::move(handler)(exception, result ? std::move(*result) : R{});
        });
    }

private:
    std::unique_ptr<F> fn_;
    Handler handler_;
    std::decay_t<decltype(boost::asio::prefer(
        std::declval<boost::asio::associated_executor_t<Handler>>(),
        boost::asio::execution::outstanding_work.tracked))>
        work_;
    std::optional<R> result_;
    std::exception_ptr exception_;
};

}  // namespace peeringd::storage::detail
