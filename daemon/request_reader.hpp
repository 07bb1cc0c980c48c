#pragma once
/// Reads one request off a kept-alive connection under the limits and deadlines of
/// RELIABILITY.md §4. The header block is collected and checked as raw bytes before Beast parses
/// it, because Beast 1.81 silently folds obs-fold lines and counts no fields; then Beast parses
/// it and request_guard.hpp checks what Beast lets through. Nothing here answers the client:
/// the caller writes the refusal and closes.

#include "daemon/session_limits.hpp"
#include "domain/error.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <optional>
#include <string_view>

namespace peeringd::daemon {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

struct RequestRead {
    enum class Status {
        ready,    ///< the parser holds a whole request
        refused,  ///< framing or limits broken: answer `refusal`, then close
        closed,   ///< peer gone, reset or too slow: nobody waits for an answer
    };
    Status status = Status::closed;
    std::optional<domain::Error> refusal;
};

/// Waits up to the idle deadline for the next request's first byte (it may already be
/// buffered, from a pipelining client). False when the connection ended or stayed silent.
boost::asio::awaitable<bool> await_first_byte(boost::beast::tcp_stream& stream,
                                              boost::beast::flat_buffer& buffer,
                                              const SessionLimits& limits);

/// Reads the request whose first byte is buffered: the header block within the header
/// deadline, the body within the whole-request deadline, both counted from now. Answers
/// `100 Continue` when the client asks for it and the header passed every check.
boost::asio::awaitable<RequestRead> read_request(boost::beast::tcp_stream& stream,
                                                 boost::beast::flat_buffer& buffer,
                                                 RequestParser& parser, const SessionLimits& limits);

/// After a refusal: stops sending, then reads and drops what the client still sends (bounded in
/// bytes and time) before the caller closes. Closing with unread bytes makes the kernel send a
/// reset, which can destroy the refusal before the client has read it.
boost::asio::awaitable<void> linger_before_close(boost::beast::tcp_stream& stream);

/// Checks a complete raw header block (request line through the empty line): no control bytes
/// but CR, LF and HTAB; CRLF line endings only; no obs-fold continuation lines; at most
/// `max_fields` fields (431). Exposed for the fuzz target and unit tests.
std::optional<domain::Error> check_raw_head(std::string_view head, std::size_t max_fields);

}  // namespace peeringd::daemon
