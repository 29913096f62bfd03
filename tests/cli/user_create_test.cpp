// `openvoiceos user create` as an administrator runs it: the account gets the demo agent too.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>

#include "store/store.h"
#include "support/server_process.h"

namespace ovos::testing {
namespace {

namespace fs = std::filesystem;

std::string quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

class UserCreateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "ovos-user-XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  /// Runs `openvoiceos user create --email EMAIL` with `password` on stdin; returns the exit
  /// code and stdout.
  std::pair<int, std::string> create(const std::string& email, const std::string& password) {
    const std::string command = "cd " + quote(dir_.string()) + " && printf '%s\\n' " +
                                quote(password) + " | OVOS_DATA_DIR=" + quote(dir_.string()) + " " +
                                quote(ServerProcess::binary()) + " user create --email " +
                                quote(email) + " 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return {-1, ""};
    std::string out;
    char buf[256];
    while (const auto n = fread(buf, 1, sizeof buf, pipe))
      out.append(buf, n);
    const int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
  }

  fs::path dir_;
};

TEST_F(UserCreateTest, TheNewAccountHasTheDemoReceptionist) {
  const auto [code, out] = create("Admin@Example.com", "correct horse battery");
  ASSERT_EQ(code, 0) << out;
  std::string user_id = out;
  while (!user_id.empty() && user_id.back() == '\n')
    user_id.pop_back();
  ASSERT_FALSE(user_id.empty());

  auto store = store::Store::open("", dir_.string());
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto agents = (*store)->list_agents(user_id, {});
  ASSERT_TRUE(agents.ok()) << agents.error().message;
  ASSERT_EQ(agents->items.size(), 1u);
  EXPECT_EQ(agents->items[0].name, "Demo receptionist");
  EXPECT_NE(agents->items[0].config_json.find("\"graph_agent\""), std::string::npos);

  // The email is taken now: refused, and no second demo agent appears anywhere.
  EXPECT_EQ(create("admin@example.com", "another password").first, 1);
  EXPECT_EQ(create("short@example.com", "short").first, 2);
}

}  // namespace
}  // namespace ovos::testing
