// v2.0 list: every filter, ordering, and pagination across pages in both directions (§3.2, §8).
#include "tests/integration/daemon_fixture.hpp"

#include <algorithm>
#include <set>

namespace peeringd::test {
namespace {

using boost::json::object;

class List : public DaemonFixture {
protected:
    void SetUp() override { start({"--quota", "1000"}); }

    std::vector<std::string> ids(const HttpResponse& r) {
        std::vector<std::string> out;
        const auto body = r.json();  // a named value: the loop must not outlive a temporary
        for (const auto& p : body.at("peerings").as_array()) out.emplace_back(p.at("id").as_string());
        return out;
    }
    /// rel -> href of peerings_links
    std::map<std::string, std::string> links(const HttpResponse& r) {
        std::map<std::string, std::string> out;
        const auto body = r.json();
        for (const auto& l : body.at("peerings_links").as_array())
            out[std::string(l.at("rel").as_string())] = std::string(l.at("href").as_string());
        return out;
    }
    std::string path_of(const std::string& href) {
        const std::string base = "http://127.0.0.1:" + std::to_string(port());
        EXPECT_EQ(href.rfind(base, 0), 0u) << href;
        return href.substr(base.size());
    }
};

TEST_F(List, FiltersMatchAndCombine) {
    const auto a1 = create(kProjectA, kProjectB, "alpha");
    const auto a2 = create(kProjectA, {}, "beta");
    const auto c1 = create(kProjectC, kProjectA, "alpha");
    create(kProjectB, kProjectC, "gamma");  // invisible to A
    const std::string id1(a1.at("id").as_string()), id2(a2.at("id").as_string()), id3(c1.at("id").as_string());
    auto sorted = [](std::vector<std::string> v) { std::sort(v.begin(), v.end()); return v; };

    EXPECT_EQ(ids(call("GET", kPeerings, kProjectA)), sorted({id1, id2, id3}));
    EXPECT_EQ(ids(call("GET", kPeerings + "?name=alpha", kProjectA)), sorted({id1, id3}));
    EXPECT_EQ(ids(call("GET", kPeerings + "?name=alpha&name=beta", kProjectA)), sorted({id1, id2, id3}));
    EXPECT_EQ(ids(call("GET", kPeerings + "?id=" + id2, kProjectA)), std::vector{id2});
    EXPECT_EQ(ids(call("GET", kPeerings + "?id=" + id2 + "&id=" + id3, kProjectA)), sorted({id2, id3}));
    EXPECT_EQ(ids(call("GET", kPeerings + "?status=ACTIVE", kProjectA)), std::vector{id2});
    EXPECT_EQ(ids(call("GET", kPeerings + "?status=PENDING_ACCEPTANCE", kProjectA)), sorted({id1, id3}));
    EXPECT_EQ(ids(call("GET", kPeerings + "?status=ACTIVE&status=PENDING_ACCEPTANCE", kProjectA)),
              sorted({id1, id2, id3}));
    EXPECT_TRUE(ids(call("GET", kPeerings + "?status=DELETED", kProjectA)).empty());
    EXPECT_TRUE(ids(call("GET", kPeerings + "?status=bogus", kProjectA)).empty());
    EXPECT_EQ(ids(call("GET", kPeerings + "?tenant_id=" + kProjectB, kProjectA)), std::vector{id1});
    EXPECT_EQ(ids(call("GET", kPeerings + "?tenant_id=" + kProjectC, kProjectA)), std::vector{id3});
    const std::string accept_vpc(a1.at("accept_vpc_info").at("vpc_id").as_string());
    const std::string request_vpc(c1.at("request_vpc_info").at("vpc_id").as_string());
    EXPECT_EQ(ids(call("GET", kPeerings + "?vpc_id=" + accept_vpc, kProjectA)), std::vector{id1});
    EXPECT_EQ(ids(call("GET", kPeerings + "?vpc_id=" + request_vpc, kProjectA)), std::vector{id3});
    EXPECT_EQ(ids(call("GET", kPeerings + "?name=alpha&status=ACTIVE", kProjectA)), std::vector<std::string>{});
    EXPECT_EQ(ids(call("GET", kPeerings + "?name=&fields=id&sort_key=name", kProjectA)), sorted({id1, id2, id3}));
    // Without limit or marker, one page: no links key.
    EXPECT_FALSE(call("GET", kPeerings, kProjectA).json().as_object().contains("peerings_links"));
}

TEST_F(List, PagesForwardAndBackwardWithAbsoluteLinks) {
    std::vector<std::string> all;
    for (int i = 0; i < 7; ++i) all.emplace_back(create(kProjectA, kProjectB, "page").at("id").as_string());
    std::sort(all.begin(), all.end());

    std::vector<std::string> seen;
    std::string target = kPeerings + "?limit=3&name=page";
    std::string last_page_target;
    for (int pages = 0; pages < 10; ++pages) {
        const auto r = call("GET", target, kProjectA);
        ASSERT_EQ(r.status, 200) << r.body;
        const auto page = ids(r);
        seen.insert(seen.end(), page.begin(), page.end());
        const auto l = links(r);
        EXPECT_EQ(l.count("previous"), pages == 0 ? 0u : 1u);
        last_page_target = target;
        if (!l.count("next")) break;
        EXPECT_NE(l.at("next").find("name=page"), std::string::npos);
        EXPECT_NE(l.at("next").find("limit=3"), std::string::npos);
        target = path_of(l.at("next"));
    }
    EXPECT_EQ(seen, all);

    // Walk back from the last page with the previous links.
    std::vector<std::string> back;
    target = last_page_target;
    for (int pages = 0; pages < 10; ++pages) {
        const auto r = call("GET", target, kProjectA);
        const auto page = ids(r);
        back.insert(back.begin(), page.begin(), page.end());
        const auto l = links(r);
        if (!l.count("previous")) break;
        EXPECT_NE(l.at("previous").find("page_reverse=True"), std::string::npos);
        target = path_of(l.at("previous"));
        if (ids(call("GET", target, kProjectA)).empty()) break;
    }
    EXPECT_EQ(back, all);

    const auto reverse = call("GET", kPeerings + "?limit=2&page_reverse=true&marker=" + all[4], kProjectA);
    EXPECT_EQ(ids(reverse), (std::vector{all[2], all[3]}));
    EXPECT_EQ(links(reverse).count("next"), 1u);
    const auto limited = call("GET", kPeerings + "?limit=100", kProjectA);
    EXPECT_EQ(ids(limited).size(), 7u);
    EXPECT_TRUE(limited.json().at("peerings_links").as_array().empty());
    EXPECT_EQ(ids(call("GET", kPeerings + "?limit=100000", kProjectA)).size(), 7u);
    EXPECT_EQ(ids(call("GET", kPeerings + "?limit=0", kProjectA)).size(), 7u);
}

TEST_F(List, MarkerOfDeletedPeeringContinuesPositionally) {
    std::vector<std::string> all;
    for (int i = 0; i < 4; ++i) all.emplace_back(create(kProjectA).at("id").as_string());
    std::sort(all.begin(), all.end());
    ASSERT_EQ(call("DELETE", kPeerings + "/" + all[1], kProjectA).status, 204);
    EXPECT_EQ(ids(call("GET", kPeerings + "?marker=" + all[1], kProjectA)), (std::vector{all[2], all[3]}));
}

TEST_F(List, TrailingSlashIsTheCollection) {
    create(kProjectA);
    EXPECT_EQ(ids(call("GET", kPeerings + "/", kProjectA)).size(), 1u);
}

}  // namespace
}  // namespace peeringd::test
