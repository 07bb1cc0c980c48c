#pragma once
/// The kill -9 harness's load and its model (docs/RELIABILITY.md, "Crash consistency").
///
/// Workers drive the daemon over their own keep-alive connections with a seeded mix (40 %
/// create with a fresh VPC pair and a unique name tag, 15 % accept, 10 % reject, 20 % update,
/// 15 % delete) across three projects, and record every outcome: 2xx (acknowledged), 4xx or
/// 503 (refused), or unknown (the connection died before an answer). Each peering is operated
/// on by one worker per cycle, so its requests are totally ordered and the model is exact: at
/// most its last request is unknown. After the restart verify() compares the model with the
/// database file and the API, settles each unknown request (applied or not, never half) and
/// re-sends each unknown create.

#include "tests/reliability/db_snapshot.hpp"

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace peeringd::test {

enum class Op { create, accept, reject, update, remove };

/// A peering the harness knows the id of.
struct Tracked {
    std::string id, name, request_project, accept_project;
    std::string status;  ///< PENDING_ACCEPTANCE, ACTIVE, REJECTED or DELETED
    std::string description;
    std::size_t history = 1;  ///< history rows the acknowledged requests imply
    std::optional<Op> unknown;  ///< its last request, whose answer never came
    std::string unknown_description;  ///< what an unknown update would have set
    bool touched = false;  ///< a request this cycle (re-read over the API by verify)
};

/// A create whose answer never came (its id is unknown).
struct SentCreate {
    std::string project, accept_project, name, body, request_vpc, accept_vpc;
};

struct Totals {
    std::uint64_t requests = 0, acknowledged = 0, refused = 0, unavailable = 0, unknown = 0;
    std::uint64_t unknown_applied = 0, unknown_not_applied = 0, creates_resent = 0;
    std::uint64_t resent_created = 0, resent_conflict = 0;
};

class CrashModel {
public:
    explicit CrashModel(std::uint64_t seed);
    ~CrashModel();  ///< joins workers still running
    CrashModel(const CrashModel&) = delete;
    CrashModel& operator=(const CrashModel&) = delete;

    /// Starts `connections` workers against `port`; each stops at its first failed request.
    void start(unsigned short port, int connections);
    /// Waits for the workers (call after killing the daemon) and merges what they learnt.
    void join();
    /// Checks the restarted daemon (`port`) and its file (`snapshot`) against the model;
    /// returns the violations (empty = pass) and settles the unknown requests.
    std::vector<std::string> verify(unsigned short port, const DbSnapshot& snapshot);

    const Totals& totals() const { return totals_; }
    std::size_t tracked() const { return peerings_.size(); }

private:
    struct Worker;
    void run(Worker& w, unsigned short port);

    std::uint64_t seed_;
    int cycle_ = 0;
    std::deque<Tracked> peerings_;  ///< stable addresses; workers own disjoint subsets
    std::set<std::string> sent_names_, refused_names_;
    std::vector<SentCreate> unknown_creates_;
    std::vector<std::string> violations_;
    std::vector<std::unique_ptr<Worker>> workers_;
    std::vector<std::thread> threads_;
    Totals totals_;
};

}  // namespace peeringd::test
