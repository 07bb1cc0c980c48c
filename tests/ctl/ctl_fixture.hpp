#pragma once
/// A live daemon with a background thread that keeps creating and accepting peerings over HTTP
/// while a test runs peeringctl against the same database file, plus helpers to run the real
/// peeringctl binary and read its --json output.

#include "tests/integration/daemon_fixture.hpp"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace peeringd::test {

/// What one peeringctl run printed and how it exited.
struct CtlRun {
    int exit_code = -1;
    std::string output;  ///< stdout and stderr together
    /// The output parsed as JSON; fails the test (and returns null) when it is not JSON.
    boost::json::value json() const;
};

class CtlUnderLoad : public DaemonFixture {
protected:
    void SetUp() override;
    void TearDown() override;

    /// `peeringctl --db <db> ARGS... --json` (--json follows the subcommand on purpose: the
    /// global flag must fall through).
    CtlRun ctl(std::vector<std::string> args, const std::filesystem::path& db = {}) const;
    /// The same without --json: the human-readable output.
    CtlRun ctl_text(std::vector<std::string> args, const std::filesystem::path& db = {}) const;

    /// A PENDING_ACCEPTANCE peering from project A to project B; returns its id.
    std::string create_pending(const std::string& name = "p");
    /// Writes straight to the database (a short transaction beside the daemon), e.g. to move a
    /// deadline into the past without waiting for it.
    void exec_sql(const std::string& sql) const;
    std::string sql_text(const std::string& sql) const;
    long long sql_count(const std::string& sql) const;

    /// Waits until the load thread has finished `n` more operations, so each command provably
    /// runs while the daemon writes.
    void wait_for_load(long long n = 3) const;

private:
    void load_loop();

    std::atomic<bool> stop_load_{false};
    std::atomic<long long> load_ops_{0};
    std::atomic<long long> load_failures_{0};
    std::string first_failure_;  ///< written by the load thread only before it exits
    std::thread load_;
};

/// Projects only the load thread uses, so that tests can count their own rows by project.
inline const std::string kLoadRequester = "d00dd00dd00dd00dd00dd00dd00dd00d";
inline const std::string kLoadAccepter = "beefbeefbeefbeefbeefbeefbeefbeef";

/// The ids in a JSON array of peering objects.
std::vector<std::string> ids_of(const boost::json::value& peerings);

}  // namespace peeringd::test
