#include "daemon/request_reader.hpp"

#include "daemon/request_guard.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <array>
#include <chrono>

namespace peeringd::daemon {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::as_tuple;
using asio::use_awaitable;
using domain::Error;
using domain::ErrorCode;

namespace {

/// One socket read appends at most this much, within the buffer's own limit.
constexpr std::size_t kReadChunk = 16 * 1024;
constexpr std::string_view kHeadEnd = "\r\n\r\n";
/// What a refused client may still send before we close anyway (a body we will not parse).
constexpr std::size_t kLingerBytes = 256 * 1024;
constexpr std::chrono::seconds kLingerTime{2};

Error malformed(const char* why) { return Error{ErrorCode::bad_request, why}; }

/// Maps a parser failure to the answer the client gets before the connection closes.
std::optional<Error> parse_failure(const beast::error_code& ec) {
    if (ec == http::error::body_limit) return Error{ErrorCode::payload_too_large, "Request body too large."};
    if (ec == http::error::header_limit)
        return Error{ErrorCode::header_too_large, "Request header fields too large."};
    if (ec.category() == make_error_code(http::error::end_of_stream).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message)
        return malformed("Malformed HTTP request.");
    return std::nullopt;  // closed, reset or timed out: nobody is listening for an answer
}

/// Bytes that can never start to make a valid head: controls other than CR/LF/HTAB, DEL, and
/// a bare LF. Checked as bytes arrive, so binary or TLS junk is refused at once instead of
/// waiting for a CRLFCRLF that never comes.
std::optional<Error> check_incoming(std::string_view bytes, std::size_t from) {
    for (std::size_t i = from; i < bytes.size(); ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == '\n' && (i == 0 || bytes[i - 1] != '\r')) return malformed("Bare LF line ending.");
        if ((c < 0x20 && c != '\r' && c != '\n' && c != '\t') || c == 0x7f)
            return malformed("Control character in the request head.");
    }
    return std::nullopt;
}

std::string_view view_of(const beast::flat_buffer& buffer) {
    return {static_cast<const char*>(buffer.data().data()), buffer.size()};
}

/// Appends what the socket has (at least one byte) within the buffer's limit.
asio::awaitable<beast::error_code> read_more(beast::tcp_stream& stream, beast::flat_buffer& buffer) {
    const auto room = std::min(kReadChunk, buffer.max_size() - buffer.size());
    if (room == 0) co_return http::error::buffer_overflow;
    auto [ec, n] = co_await stream.async_read_some(buffer.prepare(room), as_tuple(use_awaitable));
    buffer.commit(n);
    co_return ec;
}

/// Collects the raw header block; its length (CRLFCRLF included) or the refusal / end.
asio::awaitable<RequestRead> collect_head(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                          const SessionLimits& limits, std::size_t& head_length) {
    std::size_t checked = 0;
    for (;;) {
        const auto bytes = view_of(buffer);
        const auto window = bytes.substr(0, std::min(bytes.size(), limits.header_limit));
        // Only the head is checked: the body (pretty-printed JSON has bare LFs) and any
        // pipelined request behind it may already sit in the buffer.
        const auto end = window.find(kHeadEnd);
        const auto head = end == std::string_view::npos ? window : window.substr(0, end + kHeadEnd.size());
        if (auto bad = check_incoming(head, checked)) co_return RequestRead{RequestRead::Status::refused, bad};
        checked = head.size();
        if (end != std::string_view::npos) {
            head_length = head.size();
            co_return RequestRead{RequestRead::Status::ready, std::nullopt};
        }
        if (window.size() == limits.header_limit)
            co_return RequestRead{RequestRead::Status::refused, parse_failure(http::error::header_limit)};
        if (const auto ec = co_await read_more(stream, buffer))
            co_return RequestRead{RequestRead::Status::closed, std::nullopt};
    }
}

}  // namespace

std::optional<Error> check_raw_head(std::string_view head, std::size_t max_fields) {
    if (auto bad = check_incoming(head, 0)) return bad;
    std::size_t lines = 0;
    for (std::size_t i = 0; i < head.size(); ++i) {
        if (head[i] == '\r' && (i + 1 == head.size() || head[i + 1] != '\n'))
            return malformed("Bare CR in the request head.");
        if (head[i] != '\n') continue;
        ++lines;
        // A line that starts with SP/HTAB continues the previous field (obs-fold, RFC 9112
        // §5.2): Beast would join it silently, so two parsers could read two different values.
        if (i + 1 < head.size() && (head[i + 1] == ' ' || head[i + 1] == '\t'))
            return malformed("Obsolete line folding in a header field.");
    }
    // Lines = request line + fields + the empty line.
    if (lines >= 2 && lines - 2 > max_fields)
        return Error{ErrorCode::header_too_large, "Too many header fields."};
    return std::nullopt;
}

asio::awaitable<void> linger_before_close(beast::tcp_stream& stream) {
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    stream.expires_after(kLingerTime);
    std::array<char, 4096> sink;
    for (std::size_t dropped = 0; dropped < kLingerBytes;) {
        auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), as_tuple(use_awaitable));
        if (ec) break;
        dropped += n;
    }
}

asio::awaitable<bool> await_first_byte(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                       const SessionLimits& limits) {
    if (buffer.size() > 0) co_return true;
    stream.expires_after(limits.idle_timeout);
    const auto ec = co_await read_more(stream, buffer);
    co_return !ec && buffer.size() > 0;
}

asio::awaitable<RequestRead> read_request(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                          RequestParser& parser, const SessionLimits& limits) {
    using Status = RequestRead::Status;
    const auto first_byte = std::chrono::steady_clock::now();
    stream.expires_at(first_byte + limits.header_timeout);
    std::size_t head_length = 0;
    if (auto head = co_await collect_head(stream, buffer, limits, head_length); head.status != Status::ready)
        co_return head;
    if (auto bad = check_raw_head(view_of(buffer).substr(0, head_length), limits.max_header_fields))
        co_return RequestRead{Status::refused, bad};

    beast::error_code ec;
    const auto used = parser.put(asio::buffer(buffer.data().data(), head_length), ec);
    if (!ec && (used != head_length || !parser.is_header_done())) ec = http::error::bad_version;
    if (ec) co_return RequestRead{Status::refused, parse_failure(ec).value_or(malformed("Malformed HTTP request."))};
    buffer.consume(used);
    if (auto bad = check_request_header(parser.get().base(), limits)) co_return RequestRead{Status::refused, bad};
    if (parser.is_done()) co_return RequestRead{Status::ready, std::nullopt};

    stream.expires_at(first_byte + limits.request_timeout);
    if (parser.get()[http::field::expect] == "100-continue") {
        http::response<http::empty_body> go_on{http::status::continue_, parser.get().version()};
        auto [write_ec, n] = co_await http::async_write(stream, go_on, as_tuple(use_awaitable));
        if (write_ec) co_return RequestRead{Status::closed, std::nullopt};
    }
    auto [body_ec, m] = co_await http::async_read(stream, buffer, parser, as_tuple(use_awaitable));
    if (!body_ec) co_return RequestRead{Status::ready, std::nullopt};
    if (auto refusal = parse_failure(body_ec)) co_return RequestRead{Status::refused, refusal};
    co_return RequestRead{Status::closed, std::nullopt};
}

}  // namespace peeringd::daemon
