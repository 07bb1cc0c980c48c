// Operation sequences -> the domain's lifecycle rules (domain/peering_rules.hpp), with the
// spec §5 invariants checked after every step. Each input byte is one operation: the low 3 bits
// pick it, the rest is its argument (who acts, how far the clock moves, which name).
#include "domain/peering_rules.hpp"
#include "tests/fuzz/fuzz_check.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

using peeringd::fuzz::check;
namespace domain = peeringd::domain;
using domain::PeeringStatus;

namespace {

const std::string kRequester = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const std::string kAccepter = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const std::string kStranger = "cccccccccccccccccccccccccccccccc";
constexpr std::chrono::seconds kTtl{100};

const std::string& actor(unsigned argument) {
    switch (argument % 3) {
        case 0: return kRequester;
        case 1: return kAccepter;
        default: return kStranger;
    }
}

/// What must hold of any record at any time (spec §5, §6.4).
void check_record(const domain::Peering& p, const domain::Peering& original) {
    check((p.status == PeeringStatus::pending_acceptance) == p.expires_at.has_value(),
          "expires_at is set exactly while pending");
    check(p.id == original.id && p.request == original.request && p.accept == original.accept &&
              p.created_at == original.created_at,
          "identity, parties and creation time never change");
    check(p.updated_at >= p.created_at, "updated_at never precedes created_at");
    check(p.status != PeeringStatus::deleted, "the rules never delete");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const bool same_project = (data[0] & 1) != 0;
    domain::CreateCommand cmd;
    cmd.name = "p";
    cmd.request_vpc_id = "00000000-0000-4000-8000-000000000001";
    cmd.accept_vpc_id = "00000000-0000-4000-8000-000000000002";
    cmd.accept_tenant_id = same_project ? kRequester : kAccepter;
    auto now = domain::Timestamp{std::chrono::seconds{1'700'000'000}};
    auto created = domain::create_peering(cmd, kRequester, "00000000-0000-4000-8000-0000000000ff", now, kTtl);
    check(created.has_value(), "a valid create succeeds");
    check(created->status == (same_project ? PeeringStatus::active : PeeringStatus::pending_acceptance),
          "same project -> ACTIVE, otherwise PENDING_ACCEPTANCE");
    const domain::Peering original = *created;
    domain::Peering p = *created;

    for (std::size_t i = 1; i < size; ++i) {
        const unsigned op = data[i] & 7u, argument = data[i] >> 3u;
        const auto before = domain::as_seen_at(p, now);
        switch (op) {
            case 0:
            case 1: {
                const auto& who = actor(argument);
                auto next = op == 0 ? domain::accept(before, who, now) : domain::reject(before, who, now);
                if (next) {
                    check(before.status == PeeringStatus::pending_acceptance && who == kAccepter,
                          "only the accepter answers, only while pending");
                    check(next->status == (op == 0 ? PeeringStatus::active : PeeringStatus::rejected),
                          "accept -> ACTIVE, reject -> REJECTED");
                    p = *next;
                } else {
                    check(before.status != PeeringStatus::pending_acceptance || who != kAccepter,
                          "a legal answer is never refused");
                }
                break;
            }
            case 2: p = domain::update(before, {std::string(1 + argument % 5, 'n'), std::nullopt}, now); break;
            case 3: now += std::chrono::seconds{argument * 7}; break;
            case 4:
                if (domain::is_due(p, now)) {
                    p = domain::expired(p);
                    check(p.status == PeeringStatus::expired, "a due request expires");
                }
                break;
            default: break;
        }
        check_record(p, original);
        check_record(domain::as_seen_at(p, now), original);
        const bool was_final = before.status == PeeringStatus::rejected || before.status == PeeringStatus::expired;
        if (was_final) check(domain::as_seen_at(p, now).status == before.status, "REJECTED and EXPIRED are final");
    }
    return 0;
}
