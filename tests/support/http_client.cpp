#include "tests/support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>

#include <stdexcept>

namespace peeringd::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

boost::json::value HttpResponse::json() const {
    if (body.empty()) return nullptr;
    return boost::json::parse(body);
}

std::string HttpResponse::header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string{} : std::string(it->value());
}

HttpClient::HttpClient(unsigned short port, std::string host) : port_(port), host_(std::move(host)) {}

template <class Op>
void HttpClient::run(Op op, const char* what) {
    beast::error_code result = asio::error::would_block;
    op([&](beast::error_code ec, auto&&...) { result = ec; });
    io_.restart();
    io_.run_for(deadline_);
    if (result == asio::error::would_block) {
        stream_.reset();
        io_.run();  // let the cancelled operation finish before its buffers go away
        throw std::runtime_error(std::string(what) + ": timed out");
    }
    if (result) {
        stream_.reset();
        throw beast::system_error(result, what);
    }
}

void HttpClient::connect() {
    stream_.emplace(io_);
    buffer_.clear();
    const asio::ip::tcp::endpoint endpoint{asio::ip::make_address(host_), port_};
    run([&](auto handler) { stream_->async_connect(endpoint, handler); }, "connect");
}

HttpResponse HttpClient::request(const std::string& method, const std::string& target,
                                 const std::optional<std::string>& project, const std::string& body,
                                 const std::map<std::string, std::string>& headers) {
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    if (req.method() == http::verb::unknown) req.method_string(method);
    req.set(http::field::host, host_ + ":" + std::to_string(port_));
    if (project) req.set("X-Project-Id", *project);
    if (!body.empty()) req.set(http::field::content_type, "application/json");
    for (const auto& [name, value] : headers) req.set(name, value);
    req.body() = body;
    req.prepare_payload();
    for (int attempt = 0;; ++attempt) {
        if (!stream_) connect();
        try {
            run([&](auto handler) { http::async_write(*stream_, req, handler); }, "write");
            http::response<http::string_body> res;
            run([&](auto handler) { http::async_read(*stream_, buffer_, res, handler); }, "read");
            HttpResponse out{static_cast<int>(res.result_int()), res.base(), res.body()};
            if (!res.keep_alive()) close();
            return out;
        } catch (const beast::system_error&) {
            // A kept-alive connection the server closed meanwhile: retry once on a new one.
            if (attempt > 0) throw;
            stream_.reset();
        }
    }
}

std::string HttpClient::raw(const std::string& bytes, std::chrono::milliseconds deadline) {
    close();
    connect();
    run([&](auto handler) { asio::async_write(stream_->socket(), asio::buffer(bytes), handler); }, "write");
    std::string out;
    char chunk[4096];
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (std::chrono::steady_clock::now() < until) {
        beast::error_code result = asio::error::would_block;
        std::size_t n = 0;
        stream_->socket().async_read_some(asio::buffer(chunk), [&](beast::error_code ec, std::size_t got) {
            result = ec;
            n = got;
        });
        io_.restart();
        io_.run_for(until - std::chrono::steady_clock::now());
        if (result == asio::error::would_block) break;
        out.append(chunk, n);
        if (result) break;
    }
    close();
    return out;
}

void HttpClient::close() {
    if (stream_) {
        beast::error_code ignored;
        stream_->socket().close(ignored);
        io_.restart();
        io_.poll();
    }
    stream_.reset();
}

}  // namespace peeringd::test
