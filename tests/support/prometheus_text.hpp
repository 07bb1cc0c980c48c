#pragma once
/// A strict reader of the Prometheus text exposition format 0.0.4, for tests: every line is a
/// well-formed `# HELP`/`# TYPE` line, another comment, or `name{labels} value [timestamp]`, and
/// every sample belongs to a family whose TYPE came first. Header-only: two test binaries use it.

#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace peeringd::test {

struct PromSample {
    std::string name;
    std::map<std::string, std::string> labels;
    double value = 0;
};

struct PromParse {
    std::vector<PromSample> samples;
    std::string error;  ///< empty when every line was well-formed
};

namespace prom_detail {

inline bool name_char(char c, bool first, bool colon_ok) {
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon_ok && c == ':');
    return alpha || (!first && c >= '0' && c <= '9');
}

/// Reads a metric (colon_ok) or label name at `pos`; empty on failure.
inline std::string read_name(std::string_view line, std::size_t& pos, bool colon_ok) {
    const std::size_t start = pos;
    while (pos < line.size() && name_char(line[pos], pos == start, colon_ok)) ++pos;
    return std::string(line.substr(start, pos - start));
}

inline std::optional<double> read_value(std::string_view text) {
    if (text == "+Inf") return HUGE_VAL;
    if (text == "-Inf") return -HUGE_VAL;
    if (text == "NaN") return NAN;
    const std::string copy(text);
    char* end = nullptr;
    const double v = std::strtod(copy.c_str(), &end);
    if (copy.empty() || end != copy.c_str() + copy.size()) return std::nullopt;
    return v;
}

/// `{a="x",b="y"}` at `pos` (just past the name); false on any syntax error.
inline bool read_labels(std::string_view line, std::size_t& pos, std::map<std::string, std::string>& out) {
    if (pos >= line.size() || line[pos] != '{') return true;
    ++pos;
    while (pos < line.size() && line[pos] != '}') {
        const auto key = read_name(line, pos, false);
        if (key.empty() || line.substr(pos, 2) != "=\"") return false;
        pos += 2;
        std::string value;
        while (pos < line.size() && line[pos] != '"') {
            if (line[pos] == '\\') {
                if (++pos >= line.size()) return false;
                const char e = line[pos];
                if (e != '\\' && e != '"' && e != 'n') return false;
                value += e == 'n' ? '\n' : e;
            } else {
                value += line[pos];
            }
            ++pos;
        }
        if (pos >= line.size() || !out.emplace(key, value).second) return false;
        ++pos;  // closing quote
        if (pos < line.size() && line[pos] == ',') ++pos;
    }
    if (pos >= line.size()) return false;
    ++pos;
    return true;
}

/// The family a sample name belongs to, given the declared TYPEs (histogram suffixes).
inline std::optional<std::string> family_of(const std::string& name, const std::map<std::string, std::string>& types) {
    if (types.count(name)) return name;
    for (const std::string suffix : {"_bucket", "_sum", "_count"}) {
        if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
            const auto base = name.substr(0, name.size() - suffix.size());
            const auto it = types.find(base);
            if (it != types.end() && (it->second == "histogram" || it->second == "summary")) return base;
        }
    }
    return std::nullopt;
}

}  // namespace prom_detail

inline PromParse parse_prometheus_text(std::string_view text) {
    using namespace prom_detail;
    PromParse result;
    std::map<std::string, std::string> types;
    std::set<std::string> helps;
    std::istringstream in{std::string(text)};
    std::string line;
    int number = 0;
    const auto fail = [&](const std::string& why) { result.error = "line " + std::to_string(number) + ": " + why + ": " + line; };
    while (std::getline(in, line)) {
        ++number;
        if (line.empty()) continue;
        if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) {
            std::size_t pos = 7;
            const auto name = read_name(line, pos, true);
            if (name.empty() || pos >= line.size() || line[pos] != ' ') return fail("bad metadata"), result;
            const auto rest = line.substr(pos + 1);
            if (line[2] == 'H') {
                if (!helps.insert(name).second) return fail("second HELP"), result;
            } else {
                static const std::set<std::string> kinds{"counter", "gauge", "histogram", "summary", "untyped"};
                if (!kinds.count(rest) || !types.emplace(name, rest).second) return fail("bad TYPE"), result;
            }
            continue;
        }
        if (line[0] == '#') continue;
        PromSample sample;
        std::size_t pos = 0;
        sample.name = read_name(line, pos, true);
        if (sample.name.empty() || !read_labels(line, pos, sample.labels)) return fail("bad name or labels"), result;
        if (pos >= line.size() || line[pos] != ' ') return fail("no value"), result;
        std::string_view rest = std::string_view(line).substr(pos + 1);
        const auto space = rest.find(' ');
        const auto value = read_value(rest.substr(0, space));
        if (!value) return fail("bad value"), result;
        if (space != std::string_view::npos && !read_value(rest.substr(space + 1))) return fail("bad timestamp"), result;
        if (!family_of(sample.name, types)) return fail("sample without a TYPE"), result;
        sample.value = *value;
        result.samples.push_back(std::move(sample));
    }
    return result;
}

/// Sum of the samples named `name` whose labels include all of `labels` (0 when none).
inline double prom_value(const PromParse& parsed, const std::string& name,
                         const std::map<std::string, std::string>& labels = {}) {
    double sum = 0;
    for (const auto& s : parsed.samples) {
        if (s.name != name) continue;
        bool match = true;
        for (const auto& [k, v] : labels) {
            const auto it = s.labels.find(k);
            match = match && it != s.labels.end() && it->second == v;
        }
        if (match) sum += s.value;
    }
    return sum;
}

}  // namespace peeringd::test
