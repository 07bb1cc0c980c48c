#pragma once
/// Framing rules the HTTP parser does not enforce itself (RELIABILITY.md §3): checked on the
/// header, before any body byte is read, so a smuggled second request never runs.

#include "daemon/session_limits.hpp"
#include "domain/error.hpp"

#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>

#include <optional>

namespace peeringd::daemon {

/// nullopt when the header may proceed; otherwise the error to answer before closing.
std::optional<domain::Error> check_request_header(
    const boost::beast::http::request_header<boost::beast::http::fields>& header,
    const SessionLimits& limits);

}  // namespace peeringd::daemon
