#include "tests/reliability/crash_model.hpp"

#include "tests/integration/daemon_fixture.hpp"
#include "tests/support/http_client.hpp"

#include <boost/json.hpp>

#include <random>

namespace peeringd::test {
namespace {

const std::vector<std::string> kProjects = {kProjectA, kProjectB, kProjectC};

std::string op_name(Op op) {
    switch (op) {
        case Op::create: return "create";
        case Op::accept: return "accept";
        case Op::reject: return "reject";
        case Op::update: return "update";
        case Op::remove: return "delete";
    }
    return "?";
}

/// The seeded mix of RELIABILITY.md §1.2.
Op pick_op(std::mt19937_64& rng) {
    const auto r = rng() % 100;
    if (r < 40) return Op::create;
    if (r < 55) return Op::accept;
    if (r < 65) return Op::reject;
    if (r < 85) return Op::update;
    return Op::remove;
}

bool eligible(const Tracked& t, Op op) {
    if (t.unknown) return false;
    if (op == Op::accept || op == Op::reject) return t.status == "PENDING_ACCEPTANCE";
    return t.status != "DELETED";
}

std::string status_of(const boost::json::value& body, bool wrapped) {
    const auto& object = wrapped ? body.at("peering") : body;
    return std::string(object.at("status").as_string());
}

/// The model state after `op` was applied to `t`.
Tracked applied(Tracked t, Op op, const std::string& description) {
    switch (op) {
        case Op::accept: t.status = "ACTIVE"; break;
        case Op::reject: t.status = "REJECTED"; break;
        case Op::update: t.description = description; break;
        case Op::remove: t.status = "DELETED"; break;
        case Op::create: break;
    }
    ++t.history;
    t.unknown.reset();
    return t;
}

bool matches(const Tracked& t, const StoredPeering& row) {
    return row.status == t.status && row.description == t.description && row.history.size() == t.history;
}

std::string describe(const StoredPeering& row) {
    return "status=" + row.status + " description='" + row.description + "' history=" +
           std::to_string(row.history.size());
}

}  // namespace

struct CrashModel::Worker {
    int index = 0;
    std::mt19937_64 rng;
    std::vector<Tracked*> mine;
    std::deque<Tracked> fresh;  ///< created this cycle; merged into peerings_ by join()
    std::vector<SentCreate> unknown_creates;
    std::vector<std::string> sent_names, refused_names, violations;
    Totals totals;
    int serial = 0;
};

CrashModel::CrashModel(std::uint64_t seed) : seed_(seed) {}

CrashModel::~CrashModel() {
    for (auto& t : threads_) t.join();
}

void CrashModel::start(unsigned short port, int connections) {
    ++cycle_;
    workers_.clear();
    for (int i = 0; i < connections; ++i) {
        auto w = std::make_unique<Worker>();
        w->index = i;
        w->rng.seed(seed_ * 1000003 + static_cast<std::uint64_t>(cycle_) * 1009 + static_cast<std::uint64_t>(i));
        workers_.push_back(std::move(w));
    }
    // Disjoint ownership: every live peering belongs to exactly one worker this cycle.
    std::size_t next = 0;
    for (auto& t : peerings_)
        if (t.status != "DELETED") workers_[next++ % workers_.size()]->mine.push_back(&t);
    for (auto& w : workers_) threads_.emplace_back([this, port, &worker = *w] { run(worker, port); });
}

void CrashModel::join() {
    for (auto& t : threads_) t.join();
    threads_.clear();
    for (auto& w : workers_) {
        for (auto& t : w->fresh) peerings_.push_back(std::move(t));
        unknown_creates_.insert(unknown_creates_.end(), w->unknown_creates.begin(), w->unknown_creates.end());
        sent_names_.insert(w->sent_names.begin(), w->sent_names.end());
        refused_names_.insert(w->refused_names.begin(), w->refused_names.end());
        violations_.insert(violations_.end(), w->violations.begin(), w->violations.end());
        auto& s = w->totals;
        totals_.requests += s.requests;
        totals_.acknowledged += s.acknowledged;
        totals_.refused += s.refused;
        totals_.unavailable += s.unavailable;
        totals_.unknown += s.unknown;
    }
    workers_.clear();
}

void CrashModel::run(Worker& w, unsigned short port) {
    HttpClient client(port);
    for (;;) {
        auto op = pick_op(w.rng);
        Tracked* target = nullptr;
        if (op != Op::create && !w.mine.empty()) {
            for (int attempt = 0; attempt < 8 && target == nullptr; ++attempt) {
                auto* candidate = w.mine[w.rng() % w.mine.size()];
                if (eligible(*candidate, op)) target = candidate;
            }
        }
        if (target == nullptr) op = Op::create;
        ++w.totals.requests;
        SentCreate sent;
        std::string description;
        HttpResponse response;
        try {
            if (op == Op::create) {
                const auto p = w.rng() % kProjects.size();
                const bool cross = w.rng() % 4 != 0;  // mostly cross-project, so accept/reject have work
                const auto a = cross ? (p + 1 + w.rng() % 2) % kProjects.size() : p;
                sent = {kProjects[p], kProjects[a],
                        "c" + std::to_string(cycle_) + "w" + std::to_string(w.index) + "n" + std::to_string(++w.serial),
                        {}, random_vpc(), random_vpc()};
                sent.body = create_body(sent.name, sent.request_vpc, sent.accept_vpc, cross ? sent.accept_project : "");
                w.sent_names.push_back(sent.name);
                response = client.request("POST", kPeerings, sent.project, sent.body);
            } else {
                target->touched = true;
                const auto path = kPeerings + "/" + target->id;
                if (op == Op::accept) response = client.request("PUT", path + "/accept", target->accept_project);
                if (op == Op::reject) response = client.request("PUT", path + "/reject", target->accept_project);
                if (op == Op::remove) response = client.request("DELETE", path, target->request_project);
                if (op == Op::update) {
                    description = "d-" + std::to_string(cycle_) + "-" + std::to_string(w.index) + "-" + std::to_string(++w.serial);
                    response = client.request("PUT", path, target->request_project,
                                              R"({"peering":{"description":")" + description + R"("}})");
                }
            }
        } catch (const std::exception&) {
            // The daemon died with the request in flight (or before it could connect).
            ++w.totals.unknown;
            if (op == Op::create) {
                w.unknown_creates.push_back(sent);
            } else {
                target->unknown = op;
                target->unknown_description = description;
            }
            return;
        }
        const auto what = op_name(op) + " " + (target ? target->id : sent.name) + ": " +
                          std::to_string(response.status) + " " + response.body;
        if (response.status / 100 != 2) {
            if (op == Op::create) w.refused_names.push_back(sent.name);
            if (response.status == 503) {
                ++w.totals.unavailable;
            } else {
                ++w.totals.refused;
                w.violations.push_back("unexpected answer to " + what);  // the model is exact
            }
            continue;
        }
        ++w.totals.acknowledged;
        if (op == Op::create) {
            const auto body = response.json();
            const auto& peering = body.at("peering");
            Tracked t{std::string(peering.at("id").as_string()), sent.name, sent.project, sent.accept_project,
                      status_of(body, true), "", 1, std::nullopt, "", true};
            const auto expected = sent.project == sent.accept_project ? "ACTIVE" : "PENDING_ACCEPTANCE";
            if (t.status != expected || peering.at("name").as_string() != sent.name)
                w.violations.push_back("create answered " + what);
            w.mine.push_back(&w.fresh.emplace_back(std::move(t)));
            continue;
        }
        *target = applied(std::move(*target), op, description);
        target->touched = true;
        if (op == Op::accept || op == Op::reject) {
            if (status_of(response.json(), false) != target->status) w.violations.push_back("answered " + what);
        }
    }
}

std::vector<std::string> CrashModel::verify(unsigned short port, const DbSnapshot& snapshot) {
    auto violations = std::move(violations_);
    violations_.clear();
    if (snapshot.integrity != "ok") violations.push_back("integrity_check: " + snapshot.integrity);
    // No phantom rows: every row carries a name tag the harness sent, and only once.
    for (const auto& [name, ids] : snapshot.ids_by_name) {
        if (!sent_names_.contains(name)) violations.push_back("phantom row named '" + name + "'");
        if (ids.size() != 1) violations.push_back(std::to_string(ids.size()) + " rows named '" + name + "'");
    }
    for (const auto& name : refused_names_)
        if (snapshot.ids_by_name.contains(name)) violations.push_back("refused create '" + name + "' has a row");
    refused_names_.clear();

    HttpClient client(port);
    for (auto& t : peerings_) {
        const auto row = snapshot.by_id.find(t.id);
        if (row == snapshot.by_id.end()) {
            violations.push_back("acknowledged peering " + t.id + " (" + t.name + ") is missing");
            continue;
        }
        if (row->second.name != t.name || row->second.request_project != t.request_project ||
            row->second.accept_project != t.accept_project)
            violations.push_back("peering " + t.id + " has other fields than acknowledged");
        if (t.unknown) {
            // All or nothing: the row and its history row together, or neither.
            const auto after = applied(t, *t.unknown, t.unknown_description);
            if (matches(after, row->second)) {
                ++totals_.unknown_applied;
                t = after;
            } else if (matches(t, row->second)) {
                ++totals_.unknown_not_applied;
                t.unknown.reset();
            } else {
                violations.push_back("unknown " + op_name(*t.unknown) + " on " + t.id + " half applied: " +
                                     describe(row->second));
                t.unknown.reset();
            }
            t.touched = true;
        } else if (!matches(t, row->second)) {
            violations.push_back("peering " + t.id + " is " + describe(row->second) + ", acknowledged status=" +
                                 t.status + " description='" + t.description + "' history=" +
                                 std::to_string(t.history));
        }
        if (!t.touched) continue;
        t.touched = false;
        // Readable through the API as acknowledged.
        const auto response = client.request("GET", kPeerings + "/" + t.id, t.request_project);
        if (t.status == "DELETED") {
            if (response.status != 404) violations.push_back("deleted " + t.id + " answers " + std::to_string(response.status));
            continue;
        }
        if (response.status != 200) {
            violations.push_back("GET " + t.id + " answers " + std::to_string(response.status));
            continue;
        }
        const auto body = response.json();
        const auto& p = body.at("peering");
        if (p.at("status").as_string() != t.status || p.at("name").as_string() != t.name ||
            p.at("description").as_string() != t.description)
            violations.push_back("GET " + t.id + " shows " + response.body);
    }
    // Unknown creates: applied with its history row or not at all; a re-send never makes a
    // second row: 409 naming the row that exists, else 201.
    for (const auto& sent : unknown_creates_) {
        const auto named = snapshot.ids_by_name.find(sent.name);
        const bool existed = named != snapshot.ids_by_name.end();
        if (existed) {
            const auto& row = snapshot.by_id.at(named->second.front());
            if (row.request_vpc != sent.request_vpc || row.accept_vpc != sent.accept_vpc ||
                row.request_project != sent.project || row.accept_project != sent.accept_project ||
                row.history != std::vector<std::string>{"create"})
                violations.push_back("unknown create '" + sent.name + "' half applied: " + describe(row));
        }
        ++(existed ? totals_.unknown_applied : totals_.unknown_not_applied);
        ++totals_.creates_resent;
        const auto response = client.request("POST", kPeerings, sent.project, sent.body);
        if (existed) {
            ++totals_.resent_conflict;
            const auto& id = named->second.front();
            if (response.status != 409 || response.body.find(id) == std::string::npos)
                violations.push_back("re-sent create '" + sent.name + "' (row " + id + ") answered " +
                                     std::to_string(response.status) + " " + response.body);
            const auto& row = snapshot.by_id.at(id);
            peerings_.push_back(Tracked{id, sent.name, sent.project, sent.accept_project, row.status, "", 1,
                                        std::nullopt, "", false});
        } else {
            ++totals_.resent_created;
            if (response.status != 201) {
                violations.push_back("re-sent create '" + sent.name + "' answered " + std::to_string(response.status) +
                                     " " + response.body);
                continue;
            }
            const auto body = response.json();
            peerings_.push_back(Tracked{std::string(body.at("peering").at("id").as_string()), sent.name, sent.project,
                                        sent.accept_project, status_of(body, true), "", 1, std::nullopt, "", false});
        }
    }
    unknown_creates_.clear();
    return violations;
}

}  // namespace peeringd::test
