#pragma once
/// A small HTTP/1.1 client for tests: one keep-alive connection to a loopback port, every
/// operation bounded by a deadline (a hung server fails the test instead of hanging it).

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace peeringd::test {

struct HttpResponse {
    int status = 0;
    boost::beast::http::fields headers;
    std::string body;
    /// The body parsed as JSON (null when empty); throws on invalid JSON.
    boost::json::value json() const;
    std::string header(const std::string& name) const;
};

class HttpClient {
public:
    explicit HttpClient(unsigned short port, std::string host = "127.0.0.1");

    /// Sends one request; `project` (if set) goes in X-Project-Id. Reconnects when the server
    /// closed the previous connection.
    HttpResponse request(const std::string& method, const std::string& target,
                         const std::optional<std::string>& project = std::nullopt,
                         const std::string& body = {},
                         const std::map<std::string, std::string>& headers = {});

    /// Writes raw bytes on a fresh connection and returns everything read until the server
    /// closes or the deadline passes.
    std::string raw(const std::string& bytes, std::chrono::milliseconds deadline = std::chrono::seconds(5));

    void close();

private:
    void connect();
    template <class Op>
    void run(Op op, const char* what);

    unsigned short port_;
    std::string host_;
    boost::asio::io_context io_;
    std::optional<boost::beast::tcp_stream> stream_;
    boost::beast::flat_buffer buffer_;
    std::chrono::milliseconds deadline_{std::chrono::seconds(10)};
};

}  // namespace peeringd::test
