#include "api/auth/sdk_signature.hpp"

#include "crypto/digest.hpp"

#include <algorithm>
#include <cctype>

namespace peeringd::api::auth {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::vector<std::string_view> split(std::string_view s, char separator) {
    std::vector<std::string_view> parts;
    for (;;) {
        const auto at = s.find(separator);
        parts.push_back(s.substr(0, at));
        if (at == std::string_view::npos) return parts;
        s.remove_prefix(at + 1);
    }
}

}  // namespace

std::optional<SignatureHeader> parse_authorization(std::string_view value) {
    value = trim(value);
    if (!value.starts_with(kAlgorithm) || value.size() == kAlgorithm.size() || value[kAlgorithm.size()] != ' ')
        return std::nullopt;
    value.remove_prefix(kAlgorithm.size() + 1);
    SignatureHeader out;
    bool have_access = false, have_headers = false, have_signature = false;
    for (const auto part : split(value, ',')) {
        const auto item = trim(part);
        const auto eq = item.find('=');
        if (eq == std::string_view::npos) return std::nullopt;
        const auto key = item.substr(0, eq);
        const auto val = item.substr(eq + 1);
        if (key == "Access" && !have_access) {
            out.access_key = std::string(val);
            have_access = true;
        } else if (key == "SignedHeaders" && !have_headers) {
            for (const auto name : split(val, ';')) out.signed_headers.push_back(lower(name));
            have_headers = true;
        } else if (key == "Signature" && !have_signature) {
            out.signature = std::string(val);
            have_signature = true;
        } else {
            return std::nullopt;
        }
    }
    if (!have_access || !have_headers || !have_signature || out.access_key.empty()) return std::nullopt;
    return out;
}

std::string sdk_escape(std::string_view bytes) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(bytes.size());
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        if (std::isalnum(b) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[b >> 4]);
            out.push_back(kHex[b & 0x0F]);
        }
    }
    return out;
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            const int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else if (text[i] == '+' && plus_is_space) {
            out.push_back(' ');
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

std::optional<std::string> canonical_uri(std::string_view raw_path) {
    std::string out;
    bool first = true;
    for (const auto segment : split(raw_path, '/')) {
        auto decoded = percent_decode(segment, false);
        if (!decoded) return std::nullopt;
        if (!first) out.push_back('/');
        first = false;
        out += sdk_escape(*decoded);
    }
    if (out.empty() || out.back() != '/') out.push_back('/');
    return out;
}

std::optional<std::string> canonical_query(std::string_view raw_query) {
    std::vector<std::pair<std::string, std::string>> pairs;
    if (!raw_query.empty()) {
        for (const auto item : split(raw_query, '&')) {
            if (item.empty()) continue;
            const auto eq = item.find('=');
            auto key = percent_decode(item.substr(0, eq), true);
            auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1), true);
            if (!key || !value) return std::nullopt;
            pairs.emplace_back(sdk_escape(*key), sdk_escape(*value));
        }
    }
    std::sort(pairs.begin(), pairs.end());
    std::string out;
    for (const auto& [key, value] : pairs) {
        if (!out.empty()) out.push_back('&');
        out += key + "=" + value;
    }
    return out;
}

std::optional<std::string> canonical_request(const CanonicalInput& in) {
    const auto question = in.raw_target.find('?');
    const auto path = in.raw_target.substr(0, question);
    const auto query = question == std::string_view::npos ? std::string_view{} : in.raw_target.substr(question + 1);
    auto uri = canonical_uri(path);
    auto canonical_q = canonical_query(query);
    if (!uri || !canonical_q) return std::nullopt;

    std::vector<std::string> names = *in.signed_headers;
    std::sort(names.begin(), names.end());
    std::string headers, joined;
    for (const auto& name : names) {
        const auto it = std::find_if(in.headers->begin(), in.headers->end(),
                                     [&](const HeaderLine& h) { return lower(h.first) == name; });
        if (it == in.headers->end()) return std::nullopt;
        headers += name + ":" + std::string(trim(it->second)) + "\n";
        joined += (joined.empty() ? "" : ";") + name;
    }
    return std::string(in.method) + "\n" + *uri + "\n" + *canonical_q + "\n" + headers + "\n" + joined + "\n" +
           std::string(in.payload_hash);
}

std::string string_to_sign(std::string_view sdk_date, std::string_view canonical) {
    return std::string(kAlgorithm) + "\n" + std::string(sdk_date) + "\n" + crypto::sha256_hex(canonical);
}

std::string sign(std::string_view secret_key, std::string_view string_to_sign_text) {
    return crypto::hmac_sha256_hex(secret_key, string_to_sign_text);
}

}  // namespace peeringd::api::auth
