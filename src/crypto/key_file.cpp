#include "crypto/key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "core/ids.h"
#include "crypto/base64.h"

namespace ovos::crypto {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxKeyFileBytes = std::size_t{64} * 1024;

std::string errno_text(int err) {
  return std::generic_category().message(err);
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\v\f";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

// Decodes base64 key text from `source` (a description for messages) and checks its size.
core::Result<std::vector<std::uint8_t>> decode_key(std::string_view text, std::string_view source,
                                                   std::size_t size) {
  auto decoded = base64_decode(trim(text));
  if (!decoded.ok()) {
    return core::Error::invalid(std::string(source) + " is not valid base64");
  }
  if (decoded->size() != size) {
    return core::Error::invalid(std::string(source) + " must decode to " + std::to_string(size) +
                                " bytes, got " + std::to_string(decoded->size()));
  }
  return std::vector<std::uint8_t>(decoded->begin(), decoded->end());
}

core::Result<std::string> read_small_file(int fd, const std::string& name) {
  std::string text;
  std::array<char, 4096> buffer{};
  while (true) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return core::Error::unavailable("cannot read key file " + name + ": " + errno_text(errno));
    }
    if (n == 0) return text;
    text.append(buffer.data(), static_cast<std::size_t>(n));
    if (text.size() > kMaxKeyFileBytes) {
      return core::Error::invalid("key file " + name + " is too large to be a key");
    }
  }
}

core::Result<std::vector<std::uint8_t>> load_existing(const fs::path& file, std::size_t size) {
  const std::string name = file.string();
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return core::Error::unavailable("cannot open key file " + name + ": " + errno_text(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return core::Error::invalid("key file " + name + " is not a regular file");
  }
  if ((st.st_mode & (S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)) != 0) {
    ::close(fd);
    return core::Error::invalid("key file " + name +
                                " is accessible by group or others; run: chmod 600 " + name);
  }
  auto text = read_small_file(fd, name);
  ::close(fd);
  if (!text.ok()) return std::move(text).error();
  return decode_key(*text, "key file " + name, size);
}

core::Result<void> write_all(int fd, std::string_view data, const std::string& name) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return core::Error::unavailable("cannot write " + name + ": " + errno_text(errno));
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return core::ok();
}

// Writes `text` to a new 0600 file at `tmp`, fsync'd and closed.
core::Result<void> write_private_file(const fs::path& tmp, std::string_view text) {
  const std::string name = tmp.string();
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return core::Error::unavailable("cannot create " + name + ": " + errno_text(errno));
  auto written = write_all(fd, text, name);
  if (written.ok() && ::fchmod(fd, 0600) != 0) {  // exact mode, whatever the umask
    written = core::Error::unavailable("cannot chmod " + name + ": " + errno_text(errno));
  }
  if (written.ok() && ::fsync(fd) != 0) {
    written = core::Error::unavailable("cannot fsync " + name + ": " + errno_text(errno));
  }
  if (::close(fd) != 0 && written.ok()) {
    written = core::Error::unavailable("cannot close " + name + ": " + errno_text(errno));
  }
  if (!written.ok()) ::unlink(tmp.c_str());
  return written;
}

void fsync_directory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: the key file itself is already durable
  (void)::fsync(fd);
  ::close(fd);
}

core::Result<void> ensure_parent(const fs::path& parent) {
  if (parent.empty()) return core::ok();
  std::error_code ec;
  if (fs::exists(parent, ec)) return core::ok();
  fs::create_directories(parent, ec);
  if (ec) {
    return core::Error::unavailable("cannot create directory " + parent.string() + ": " +
                                    ec.message());
  }
  fs::permissions(parent, fs::perms::owner_all, fs::perm_options::replace, ec);
  return core::ok();
}

core::Result<std::vector<std::uint8_t>> create_key(const fs::path& file, std::size_t size) {
  const fs::path parent = file.parent_path();
  OVOS_TRY(ensure_parent(parent));
  std::vector<std::uint8_t> key(size);
  core::random_bytes(key);
  std::array<std::uint8_t, 8> suffix{};
  core::random_bytes(suffix);
  fs::path tmp = file;
  tmp += ".tmp-" + core::to_hex(suffix);
  OVOS_TRY(write_private_file(tmp, base64_encode(key) + "\n"));
  // link() never replaces an existing file: if another process created the key meanwhile,
  // its key wins and is loaded instead. Filesystems without hard links fall back to rename().
  if (::link(tmp.c_str(), file.c_str()) != 0) {
    const int err = errno;
    if (err == EEXIST) {
      ::unlink(tmp.c_str());
      return load_existing(file, size);
    }
    if (::rename(tmp.c_str(), file.c_str()) != 0) {
      const int rename_err = errno;
      ::unlink(tmp.c_str());
      return core::Error::unavailable("cannot create key file " + file.string() + ": " +
                                      errno_text(rename_err));
    }
  } else {
    ::unlink(tmp.c_str());
  }
  fsync_directory(parent.empty() ? fs::path(".") : parent);
  return key;
}

}  // namespace

core::Result<std::vector<std::uint8_t>> load_or_create_key(std::string_view configured_base64,
                                                           const fs::path& file, std::size_t size) {
  assert(size > 0);
  if (!trim(configured_base64).empty()) {
    return decode_key(configured_base64, "configured key", size);
  }
  std::error_code ec;
  const auto status = fs::symlink_status(file, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return core::Error::unavailable("cannot access key file " + file.string() + ": " +
                                    ec.message());
  }
  if (fs::exists(status)) return load_existing(file, size);
  return create_key(file, size);
}

}  // namespace ovos::crypto
