#include "storage/sql/translate.hpp"

#include <algorithm>
#include <cctype>

namespace peeringd::storage::sql {
namespace {

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

/// Case-insensitive "INDEXED BY <identifier>" at `i` (at a word start), or 0.
std::size_t indexed_by_length(std::string_view s, std::size_t i) {
    auto keyword = [&](std::size_t at, std::string_view word) {
        if (at + word.size() > s.size()) return false;
        for (std::size_t k = 0; k < word.size(); ++k)
            if (std::toupper(static_cast<unsigned char>(s[at + k])) != word[k]) return false;
        return at + word.size() == s.size() || !is_word(s[at + word.size()]);
    };
    if (!keyword(i, "INDEXED")) return 0;
    std::size_t j = i + 7;
    while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    if (!keyword(j, "BY")) return 0;
    j += 2;
    while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    const std::size_t name = j;
    while (j < s.size() && is_word(s[j])) ++j;
    return j > name ? j - i : 0;
}

}  // namespace

TranslatedSql to_postgresql(std::string_view s) {
    TranslatedSql out;
    out.text.reserve(s.size() + 16);
    for (std::size_t i = 0; i < s.size();) {
        const char c = s[i];
        if (c == '\'' || c == '"') {  // a literal or quoted identifier; '' / "" escape themselves
            const std::size_t end = s.find(c, i + 1);
            const std::size_t stop = end == std::string_view::npos ? s.size() : end + 1;
            out.text.append(s.substr(i, stop - i));
            i = stop;
        } else if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
            const std::size_t end = s.find('\n', i);
            const std::size_t stop = end == std::string_view::npos ? s.size() : end;
            out.text.append(s.substr(i, stop - i));
            i = stop;
        } else if (c == '?') {
            std::size_t j = i + 1;
            int number = 0;
            while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j])))
                number = number * 10 + (s[j++] - '0');
            if (j == i + 1) number = out.parameters + 1;
            out.parameters = std::max(out.parameters, number);
            out.text += '$';
            out.text += std::to_string(number);
            i = j;
        } else if ((i == 0 || !is_word(s[i - 1])) && (c == 'I' || c == 'i')) {
            if (const std::size_t n = indexed_by_length(s, i)) {
                i += n;
            } else {
                out.text += c;
                ++i;
            }
        } else {
            out.text += c;
            ++i;
        }
    }
    return out;
}

}  // namespace peeringd::storage::sql
