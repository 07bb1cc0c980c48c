#pragma once
/// Requests signed the way the Huawei SDKs sign them (SDK-HMAC-SHA256), for the process-level
/// tests that run the daemon with real authentication.

#include <chrono>
#include <map>
#include <string>

namespace peeringd::test {

/// An AK/SK pair made by `peeringctl credentials create` and the project it acts for.
struct Credential {
    std::string ak, sk, project;
};

/// X-Sdk-Date of `t`: "20260314T080509Z".
std::string sdk_date(std::chrono::system_clock::time_point t);

/// Host, X-Sdk-Date, X-Project-Id (who.project), Content-Type when there is a body, and the
/// Authorization that signs them all for 127.0.0.1:port.
std::map<std::string, std::string> signed_headers(const Credential& who, unsigned short port,
                                                  const std::string& method, const std::string& target,
                                                  const std::string& body = {},
                                                  std::chrono::system_clock::duration skew = {});

}  // namespace peeringd::test
