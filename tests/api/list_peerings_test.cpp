#include "tests/api/api_fixture.hpp"

#include <algorithm>
#include <map>
#include <vector>

namespace peeringd::api::test {
namespace {

constexpr const char* kBase = "http://peeringd.test:9696";
constexpr const char* kList = "/v2.0/vpc/peerings";

/// Five peerings visible to A (ids sorted into `ids_`): pairs (1,2) (3,4) (5,6) same-project and
/// ACTIVE, (7,8) (9,10) towards B and PENDING; plus one between B and C that A never sees.
class ListPeerings : public ApiTest {
protected:
    void SetUp() override {
        for (int i = 1; i <= 9; i += 2) {
            const char* tenant = i >= 7 ? kProjectB : "";
            ids_.emplace_back(create(vpc(i), vpc(i + 1), tenant, kProjectA,
                                     "p" + std::to_string(i)).at("id").as_string());
        }
        std::sort(ids_.begin(), ids_.end());
        create(vpc(20), vpc(21), kProjectC, kProjectB);
    }

    bj::object list(const std::string& query, std::string project = kProjectA) {
        const auto response = call(http::verb::get, std::string(kList) + query, "", project);
        EXPECT_EQ(response.result(), http::status::ok) << response.body();
        return body_of(response).as_object();
    }

    static std::vector<std::string> ids_of(const bj::object& body) {
        std::vector<std::string> out;
        for (const auto& p : body.at("peerings").as_array())
            out.emplace_back(p.at("id").as_string());
        return out;
    }

    /// {rel: href} of peerings_links.
    static std::map<std::string, std::string> links_of(const bj::object& body) {
        std::map<std::string, std::string> out;
        for (const auto& link : body.at("peerings_links").as_array())
            out[std::string(link.at("rel").as_string())] = link.at("href").as_string();
        return out;
    }

    /// The path+query of an absolute href, to request it verbatim like gophercloud does.
    static std::string relative(const std::string& href) {
        EXPECT_EQ(href.rfind(kBase, 0), 0U) << href;
        return href.substr(std::string(kBase).size());
    }

    std::vector<std::string> slice(std::size_t from, std::size_t count) const {
        return {ids_.begin() + static_cast<std::ptrdiff_t>(from),
                ids_.begin() + static_cast<std::ptrdiff_t>(from + count)};
    }

    std::vector<std::string> ids_;
};

TEST_F(ListPeerings, ListsVisiblePeeringsInIdOrderWithoutLinks) {
    const auto body = list("");
    EXPECT_EQ(ids_of(body), ids_);
    EXPECT_FALSE(body.contains("peerings_links"));
    EXPECT_EQ(ids_of(list("", kProjectC)).size(), 1U);
}

TEST_F(ListPeerings, EmptyListIsAnEmptyArray) {
    const auto body = list("?name=nothing");
    EXPECT_TRUE(body.at("peerings").as_array().empty());
    EXPECT_FALSE(body.contains("peerings_links"));
}

TEST_F(ListPeerings, StatusFilterRepeatsOrAndUnknownMatchesNothing) {
    EXPECT_EQ(ids_of(list("?status=ACTIVE")).size(), 3U);
    EXPECT_EQ(ids_of(list("?status=PENDING_ACCEPTANCE")).size(), 2U);
    EXPECT_EQ(ids_of(list("?status=ACTIVE&status=PENDING_ACCEPTANCE")), ids_);
    EXPECT_TRUE(ids_of(list("?status=active")).empty());
    EXPECT_TRUE(ids_of(list("?status=DELETED")).empty());
    EXPECT_EQ(ids_of(list("?status=")), ids_);  // empty values are ignored
}

TEST_F(ListPeerings, FiltersMatchEitherSideAndCombineWithAnd) {
    EXPECT_EQ(ids_of(list("?vpc_id=" + vpc(8))).size(), 1U);
    EXPECT_EQ(ids_of(list("?vpc_id=" + vpc(7) + "&vpc_id=" + vpc(4))).size(), 2U);
    EXPECT_EQ(ids_of(list("?tenant_id=" + std::string(kProjectB))).size(), 2U);
    EXPECT_EQ(ids_of(list("?tenant_id=" + std::string(kProjectB) + "&status=ACTIVE")).size(), 0U);
    EXPECT_EQ(ids_of(list("?name=p3&name=p5&fields=id&sort_key=name")).size(), 2U);
    std::string upper = ids_[2];
    std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) {
        return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    });
    EXPECT_EQ(ids_of(list("?id=" + upper)), std::vector<std::string>{ids_[2]});
    EXPECT_TRUE(ids_of(list("?id=not-a-uuid")).empty());
}

TEST_F(ListPeerings, QueryValuesArePercentDecoded) {
    create(vpc(30), vpc(31), "", kProjectA, "a b+c");
    EXPECT_EQ(ids_of(list("?name=a+b%2Bc")).size(), 1U);
    EXPECT_EQ(ids_of(list("?na%6De=a%20b%2bc")).size(), 1U);
}

TEST_F(ListPeerings, BadLimitIsE17) {
    for (const char* value : {"-1", "x", "1.5", "1e400", "2%20"}) {
        SCOPED_TRACE(value);
        const auto response = call(http::verb::get, std::string(kList) + "?limit=" + value);
        const std::string decoded = value == std::string("2%20") ? "2 " : value;
        expect_error(response, http::status::bad_request, "BadRequest", "VPC.0808",
                     "Bad limit request: Limit must be an integer 0 or greater and not '" +
                         decoded + "'.");
    }
}

TEST_F(ListPeerings, BadMarkerIsE18) {
    expect_error(call(http::verb::get, std::string(kList) + "?marker=abc"),
                 http::status::bad_request, "BadRequest", "VPC.0808",
                 "Bad marker request: 'abc' is not a valid peering id.");
}

TEST_F(ListPeerings, ZeroAndHugeLimitsMeanTheMaximumAndKeepTheLinksKey) {
    for (const char* query : {"?limit=0", "?limit=100000", "?limit=99999999999999999999999"}) {
        const auto body = list(query);
        EXPECT_EQ(ids_of(body), ids_) << query;
        EXPECT_TRUE(body.at("peerings_links").as_array().empty()) << query;
    }
}

TEST_F(ListPeerings, ForwardPagingLinksAreExact) {
    const auto first = list("?limit=2");
    EXPECT_EQ(ids_of(first), slice(0, 2));
    auto links = links_of(first);
    ASSERT_EQ(links.size(), 1U);
    EXPECT_EQ(links["next"], std::string(kBase) + kList + "?limit=2&marker=" + ids_[1]);

    const auto second = list(relative(links["next"]).substr(std::string(kList).size()));
    EXPECT_EQ(ids_of(second), slice(2, 2));
    links = links_of(second);
    EXPECT_EQ(links["next"], std::string(kBase) + kList + "?limit=2&marker=" + ids_[3]);
    EXPECT_EQ(links["previous"],
              std::string(kBase) + kList + "?limit=2&marker=" + ids_[2] + "&page_reverse=True");

    const auto third = list("?limit=2&marker=" + ids_[3]);
    EXPECT_EQ(ids_of(third), slice(4, 1));
    links = links_of(third);
    EXPECT_EQ(links.count("next"), 0U);
    EXPECT_EQ(links["previous"],
              std::string(kBase) + kList + "?limit=2&marker=" + ids_[4] + "&page_reverse=True");
}

TEST_F(ListPeerings, ReversePagingWalksBackToTheStart) {
    const auto back = list("?limit=2&marker=" + ids_[4] + "&page_reverse=True");
    EXPECT_EQ(ids_of(back), slice(2, 2));
    auto links = links_of(back);
    EXPECT_EQ(links["next"], std::string(kBase) + kList + "?limit=2&marker=" + ids_[3]);
    EXPECT_EQ(links["previous"],
              std::string(kBase) + kList + "?limit=2&marker=" + ids_[2] + "&page_reverse=True");

    const auto start = list(relative(links["previous"]).substr(std::string(kList).size()));
    EXPECT_EQ(ids_of(start), slice(0, 2));
    links = links_of(start);
    EXPECT_EQ(links["next"], std::string(kBase) + kList + "?limit=2&marker=" + ids_[1]);
    EXPECT_EQ(links["previous"],
              std::string(kBase) + kList + "?limit=2&marker=" + ids_[0] + "&page_reverse=True");
}

TEST_F(ListPeerings, PageReverseIsCaseInsensitiveAndWithoutMarkerGivesTheLastPage) {
    const auto body = list("?limit=2&page_reverse=tRUE");
    EXPECT_EQ(ids_of(body), slice(3, 2));
    EXPECT_TRUE(body.at("peerings_links").as_array().empty());
    EXPECT_EQ(ids_of(list("?limit=2&page_reverse=False")), slice(0, 2));
}

TEST_F(ListPeerings, EmptyPageAfterTheLastMarkerLinksBackOnly) {
    const auto body = list("?marker=" + ids_[4]);
    EXPECT_TRUE(ids_of(body).empty());
    const auto links = links_of(body);
    ASSERT_EQ(links.size(), 1U);
    EXPECT_EQ(links.at("previous"),
              std::string(kBase) + kList + "?marker=" + ids_[4] + "&page_reverse=True");
}

TEST_F(ListPeerings, LinksPreserveFiltersAndEncoding) {
    const auto body = list("?status=ACTIVE&name=p1&name=p3&limit=1&fields=a%20b");
    const auto links = links_of(body);
    EXPECT_EQ(links.at("next"), std::string(kBase) + kList +
                                    "?status=ACTIVE&name=p1&name=p3&limit=1&fields=a%20b&marker=" +
                                    ids_of(body).front());
}

TEST(ListPeeringsBaseUrl, ConfiguredPublicUrlWins) {
    ApiHarness harness({}, ApiOptions{"https://vpc.example.com/"});
    for (int i = 1; i <= 3; i += 2)
        harness.handle(make_request(http::verb::post, kList, create_body(vpc(i), vpc(i + 1))));
    const auto response =
        harness.handle(make_request(http::verb::get, "/v2.0/vpc/peerings/?limit=1"));
    const std::string href(body_of(response).at("peerings_links").at(0).at("href").as_string());
    EXPECT_EQ(href.rfind("https://vpc.example.com/v2.0/vpc/peerings?limit=1&marker=", 0), 0U)
        << href;
}

}  // namespace
}  // namespace peeringd::api::test
