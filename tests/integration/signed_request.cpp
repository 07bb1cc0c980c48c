#include "tests/integration/signed_request.hpp"

#include "api/auth/sdk_signature.hpp"
#include "crypto/digest.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <vector>

namespace peeringd::test {

std::string sdk_date(std::chrono::system_clock::time_point t) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &utc);
    return buf;
}

std::map<std::string, std::string> signed_headers(const Credential& who, unsigned short port,
                                                  const std::string& method, const std::string& target,
                                                  const std::string& body,
                                                  std::chrono::system_clock::duration skew) {
    std::map<std::string, std::string> headers{
        {"Host", "127.0.0.1:" + std::to_string(port)},
        {"X-Sdk-Date", sdk_date(std::chrono::system_clock::now() + skew)},
        {"X-Project-Id", who.project}};
    if (!body.empty()) headers["Content-Type"] = "application/json";
    std::vector<api::auth::HeaderLine> lines(headers.begin(), headers.end());
    std::vector<std::string> names;
    for (const auto& [name, value] : headers) {
        std::string lower = name;
        for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        names.push_back(lower);
    }
    const auto hash = crypto::sha256_hex(body);
    const auto canonical = api::auth::canonical_request({method, target, &lines, &names, hash}).value();
    const auto signature = api::auth::sign(who.sk, api::auth::string_to_sign(headers["X-Sdk-Date"], canonical));
    std::sort(names.begin(), names.end());
    std::string joined;
    for (const auto& n : names) joined += (joined.empty() ? "" : ";") + n;
    headers["Authorization"] =
        "SDK-HMAC-SHA256 Access=" + who.ak + ", SignedHeaders=" + joined + ", Signature=" + signature;
    return headers;
}

}  // namespace peeringd::test
