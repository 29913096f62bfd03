#include "net/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace ovos::net {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/ovos-static-XXXXXX";
    base_ = mkdtemp(tmpl);
    fs::create_directories(base_ / "ui/agents");
    fs::create_directories(base_ / "ui/_next/static");
    write(base_ / "ui/index.html", "<html>home</html>");
    write(base_ / "ui/agents/index.html", "<html>agents</html>");
    write(base_ / "ui/_next/static/app.js", "console.log(1)");
    write(base_ / "ui/style.css", "body{}");
    write(base_ / "secret.txt", "top secret");
    fs::create_symlink(base_ / "secret.txt", base_ / "ui/link.txt");
  }
  void TearDown() override { fs::remove_all(base_); }
  static void write(const fs::path& p, const std::string& s) { std::ofstream(p) << s; }
  static HttpRequest get(std::string path, std::string query = "") {
    HttpRequest r;
    r.method = "GET";
    r.path = std::move(path);
    r.query = std::move(query);
    return r;
  }
  fs::path base_;
};

TEST_F(StaticFilesTest, ServesFilesWithContentTypes) {
  const StaticFiles files(base_ / "ui");
  ASSERT_TRUE(files.available());
  const auto home = files.serve(get("/"));
  ASSERT_TRUE(home.has_value());
  EXPECT_EQ(home->body, "<html>home</html>");
  EXPECT_EQ(home->header("Content-Type").value(), "text/html; charset=utf-8");
  EXPECT_EQ(home->header("Cache-Control").value(), "no-cache");
  const auto js = files.serve(get("/_next/static/app.js"));
  ASSERT_TRUE(js.has_value());
  EXPECT_EQ(js->header("Content-Type").value(), "text/javascript; charset=utf-8");
  EXPECT_NE(js->header("Cache-Control").value().find("immutable"), std::string_view::npos);
  EXPECT_EQ(files.serve(get("/style.css"))->header("Content-Type").value(),
            "text/css; charset=utf-8");
}

TEST_F(StaticFilesTest, DirectoriesRedirectToTrailingSlashThenServeIndex) {
  const StaticFiles files(base_ / "ui");
  const auto redirect = files.serve(get("/agents", "id=1"));
  ASSERT_TRUE(redirect.has_value());
  EXPECT_EQ(redirect->status, 308);
  EXPECT_EQ(redirect->header("Location").value(), "/agents/?id=1");
  EXPECT_EQ(files.serve(get("/agents/"))->body, "<html>agents</html>");
}

TEST_F(StaticFilesTest, NothingOutsideTheRoot) {
  const StaticFiles files(base_ / "ui");
  EXPECT_FALSE(files.serve(get("/../secret.txt")).has_value());
  EXPECT_FALSE(files.serve(get("/agents/../../secret.txt")).has_value());
  EXPECT_FALSE(files.serve(get("/link.txt")).has_value()) << "symlink escaping the root";
  EXPECT_FALSE(files.serve(get("/missing.js")).has_value());
  EXPECT_FALSE(files.serve(get(std::string("/index.html\0x", 13))).has_value());
  auto post = get("/index.html");
  post.method = "POST";
  EXPECT_FALSE(files.serve(post).has_value());
}

TEST_F(StaticFilesTest, BrowsersGetTheSitesNotFoundPage) {
  const StaticFiles without(base_ / "ui");
  auto browser = get("/no/such/page/");
  browser.headers.push_back({"accept", "text/html,application/xhtml+xml,*/*;q=0.8"});
  EXPECT_FALSE(without.not_found_page(browser).has_value()) << "no 404.html in the export";

  write(base_ / "ui/404.html", "<html>not found</html>");
  const StaticFiles files(base_ / "ui");
  const auto page = files.not_found_page(browser);
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->status, 404);
  EXPECT_EQ(page->body, "<html>not found</html>");
  EXPECT_EQ(page->header("Content-Type").value(), "text/html; charset=utf-8");
  EXPECT_FALSE(files.not_found_page(get("/no/such/page/")).has_value())
      << "no Accept: not a browser";
  auto json = get("/healthzz");
  json.headers.push_back({"accept", "application/json"});
  EXPECT_FALSE(files.not_found_page(json).has_value());
  browser.method = "POST";
  EXPECT_FALSE(files.not_found_page(browser).has_value());
}

TEST_F(StaticFilesTest, MissingRootServesNothing) {
  const StaticFiles files(base_ / "nope");
  EXPECT_FALSE(files.available());
  EXPECT_FALSE(files.serve(get("/")).has_value());
  EXPECT_EQ(content_type_for("a.WASM"), "application/wasm");
  EXPECT_EQ(content_type_for("noext"), "application/octet-stream");
}

}  // namespace
}  // namespace ovos::net
