#include "crypto/key_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "crypto/base64.h"

namespace ovos::crypto {
namespace {

namespace fs = std::filesystem;

class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "ovos-key-XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  static void write_file(const fs::path& path, const std::string& text, fs::perms mode) {
    std::ofstream(path) << text;
    fs::permissions(path, mode, fs::perm_options::replace);
  }

  static std::string read_file(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  static unsigned mode_of(const fs::path& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0);
    return st.st_mode & 07777U;
  }

  fs::path dir_;
};

// Base64 of 32 'k' bytes.
std::string key32() {
  return base64_encode(std::string(32, 'k'));
}

TEST_F(KeyFileTest, ConfiguredKeyWinsAndTouchesNoFile) {
  const auto key = load_or_create_key(key32(), dir_ / "master.key", 32);
  ASSERT_TRUE(key.ok()) << key.error().message;
  EXPECT_EQ(*key, std::vector<std::uint8_t>(32, 'k'));
  EXPECT_FALSE(fs::exists(dir_ / "master.key"));
  const auto padded = load_or_create_key(" " + key32() + "\n", dir_ / "master.key", 32);
  EXPECT_TRUE(padded.ok());
}

TEST_F(KeyFileTest, ConfiguredKeyOfWrongSizeIsRejectedWithoutEchoingIt) {
  const std::string short_key = base64_encode(std::string(16, 's'));
  const auto key = load_or_create_key(short_key, dir_ / "master.key", 32);
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(key.error().message.find("32 bytes"), std::string::npos) << key.error().message;
  EXPECT_NE(key.error().message.find("16"), std::string::npos);
  EXPECT_EQ(key.error().message.find(short_key), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "master.key"));
}

TEST_F(KeyFileTest, ConfiguredKeyThatIsNotBase64IsRejectedWithoutEchoingIt) {
  const std::string secret = "not-base64-secret-value!";
  const auto key = load_or_create_key(secret, dir_ / "master.key", 32);
  ASSERT_FALSE(key.ok());
  EXPECT_NE(key.error().message.find("base64"), std::string::npos);
  EXPECT_EQ(key.error().message.find(secret), std::string::npos);
}

TEST_F(KeyFileTest, CreatesKeyFileWithMode0600AndReusesIt) {
  const fs::path file = dir_ / "data" / "nested" / "master.key";
  const auto created = load_or_create_key("", file, 32);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->size(), 32U);
  ASSERT_TRUE(fs::is_regular_file(file));
  EXPECT_EQ(mode_of(file), 0600U);
  EXPECT_EQ(mode_of(file.parent_path()), 0700U);

  const auto text = read_file(file);
  const auto decoded = base64_decode(text.substr(0, text.find('\n')));
  ASSERT_TRUE(decoded.ok()) << text;
  EXPECT_EQ(*decoded, std::string(created->begin(), created->end()));

  const auto again = load_or_create_key("", file, 32);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, *created);

  // Only the key file is left behind: no temporary files.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(file.parent_path()))
    ++entries;
  EXPECT_EQ(entries, 1U);
}

TEST_F(KeyFileTest, FreshKeysDiffer) {
  const auto a = load_or_create_key("", dir_ / "a.key", 32);
  const auto b = load_or_create_key("", dir_ / "b.key", 32);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_NE(*a, *b);
}

TEST_F(KeyFileTest, ReadsExistingFileAndTrimsWhitespace) {
  const fs::path file = dir_ / "jwt.key";
  write_file(file, "\n  " + key32() + " \r\n\n", fs::perms::owner_read | fs::perms::owner_write);
  const auto key = load_or_create_key("", file, 32);
  ASSERT_TRUE(key.ok()) << key.error().message;
  EXPECT_EQ(*key, std::vector<std::uint8_t>(32, 'k'));
  write_file(file, key32(), fs::perms::owner_read);  // 0400 is fine too
  EXPECT_TRUE(load_or_create_key("", file, 32).ok());
}

TEST_F(KeyFileTest, RejectsFileReadableOrWritableByOthers) {
  const fs::path file = dir_ / "master.key";
  for (const auto extra : {fs::perms::group_read, fs::perms::others_read, fs::perms::group_write,
                           fs::perms::others_write}) {
    write_file(file, key32(), fs::perms::owner_read | fs::perms::owner_write | extra);
    const auto key = load_or_create_key("", file, 32);
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_NE(key.error().message.find("chmod 600"), std::string::npos) << key.error().message;
    EXPECT_EQ(read_file(file), key32());  // never overwritten
  }
}

TEST_F(KeyFileTest, RejectsFileWithWrongSizeOrGarbage) {
  const fs::path file = dir_ / "master.key";
  const std::string short_key = base64_encode(std::string(31, 'x'));
  write_file(file, short_key, fs::perms::owner_read | fs::perms::owner_write);
  auto key = load_or_create_key("", file, 32);
  ASSERT_FALSE(key.ok());
  EXPECT_NE(key.error().message.find(file.string()), std::string::npos);
  EXPECT_NE(key.error().message.find("32 bytes"), std::string::npos);
  EXPECT_EQ(key.error().message.find(short_key), std::string::npos);

  write_file(file, "garbage!", fs::perms::owner_read | fs::perms::owner_write);
  key = load_or_create_key("", file, 32);
  ASSERT_FALSE(key.ok());
  EXPECT_NE(key.error().message.find("base64"), std::string::npos);
  EXPECT_EQ(key.error().message.find("garbage!"), std::string::npos);

  write_file(file, "", fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_FALSE(load_or_create_key("", file, 32).ok());
  EXPECT_EQ(read_file(file), "");  // an empty file is an error, not replaced
}

TEST_F(KeyFileTest, RejectsDirectoryAndDanglingSymlink) {
  fs::create_directory(dir_ / "a_dir");
  EXPECT_FALSE(load_or_create_key("", dir_ / "a_dir", 32).ok());
  fs::create_symlink(dir_ / "missing", dir_ / "link.key");
  EXPECT_FALSE(load_or_create_key("", dir_ / "link.key", 32).ok());
  EXPECT_FALSE(fs::exists(dir_ / "missing"));
}

TEST_F(KeyFileTest, ReportsUncreatableFile) {
  write_file(dir_ / "not_a_dir", "x", fs::perms::owner_read | fs::perms::owner_write);
  const auto key = load_or_create_key("", dir_ / "not_a_dir" / "master.key", 32);
  ASSERT_FALSE(key.ok());
  EXPECT_NE(key.error().message.find("not_a_dir"), std::string::npos) << key.error().message;
}

}  // namespace
}  // namespace ovos::crypto
