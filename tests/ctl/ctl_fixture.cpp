#include "tests/ctl/ctl_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>

namespace peeringd::test {
namespace {

// Writes from tests and the daemon contend for one lock; commits are milliseconds long.
constexpr int kTestBusyMs = 5000;

}  // namespace

boost::json::value CtlRun::json() const {
    boost::system::error_code ec;
    auto value = boost::json::parse(output, ec);
    EXPECT_FALSE(ec) << "not JSON: " << output;
    return ec ? boost::json::value(nullptr) : value;
}

std::vector<std::string> ids_of(const boost::json::value& peerings) {
    std::vector<std::string> ids;
    for (const auto& p : peerings.as_array()) ids.emplace_back(p.at("id").as_string());
    std::sort(ids.begin(), ids.end());
    return ids;
}

void CtlUnderLoad::SetUp() {
    // A quota the load never reaches; no sweeper tick during a test, so only `expire --now`
    // moves a due request (the API does not read the tests' due rows, which would wake it).
    start({"--quota", "1000000", "--sweep-interval", "3600"});
    if (HasFatalFailure()) return;
    load_ = std::thread([this] { load_loop(); });
    wait_for_load();
}

void CtlUnderLoad::TearDown() {
    stop_load_ = true;
    if (load_.joinable()) load_.join();
    EXPECT_EQ(load_failures_.load(), 0) << "first load failure: " << first_failure_;
    DaemonFixture::TearDown();
}

void CtlUnderLoad::load_loop() {
    HttpClient http{port()};
    auto check = [this](const HttpResponse& r, int want, const char* what) {
        if (r.status == want) return true;
        if (load_failures_++ == 0) first_failure_ = std::string(what) + ": " + std::to_string(r.status) + " " + r.body;
        return false;
    };
    while (!stop_load_) {
        try {
            // One request and one answer per round: a pending create, then its acceptance.
            const auto created = http.request("POST", kPeerings, kLoadRequester,
                                              create_body("load", random_vpc(), random_vpc(), kLoadAccepter));
            if (check(created, 201, "create")) {
                const std::string id(created.json().at("peering").at("id").as_string());
                check(http.request("PUT", kPeerings + "/" + id + "/accept", kLoadAccepter), 200, "accept");
            }
        } catch (const std::exception& e) {
            if (load_failures_++ == 0) first_failure_ = e.what();
        }
        ++load_ops_;
    }
}

void CtlUnderLoad::wait_for_load(long long n) const {
    const auto target = load_ops_.load() + n;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (load_ops_.load() < target && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));  // polling, bounded above
    EXPECT_GE(load_ops_.load(), target) << "the load thread made no progress";
}

CtlRun CtlUnderLoad::ctl(std::vector<std::string> args, const std::filesystem::path& db) const {
    args.emplace_back("--json");
    return ctl_text(std::move(args), db);
}

CtlRun CtlUnderLoad::ctl_text(std::vector<std::string> args, const std::filesystem::path& db) const {
    args.insert(args.begin(), {"--db", (db.empty() ? db_path() : db).string()});
    CtlRun run;
    run.exit_code = run_program(peeringctl_binary(), args, run.output, std::chrono::seconds(30));
    return run;
}

std::string CtlUnderLoad::create_pending(const std::string& name) {
    return std::string(create(kProjectA, kProjectB, name).at("id").as_string());
}

void CtlUnderLoad::exec_sql(const std::string& sql) const {
    SQLite::Database db(db_path().string(), SQLite::OPEN_READWRITE, kTestBusyMs);
    db.exec(sql);
}

std::string CtlUnderLoad::sql_text(const std::string& sql) const {
    SQLite::Database db(db_path().string(), SQLite::OPEN_READONLY, kTestBusyMs);
    return db.execAndGet(sql).getString();
}

long long CtlUnderLoad::sql_count(const std::string& sql) const {
    SQLite::Database db(db_path().string(), SQLite::OPEN_READONLY, kTestBusyMs);
    return db.execAndGet(sql).getInt64();
}

}  // namespace peeringd::test
