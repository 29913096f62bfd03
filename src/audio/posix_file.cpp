#include "audio/posix_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <utility>

namespace ovos::audio {
namespace {

core::Error io_error(const std::string& what, const std::string& name, int err) {
  std::string message = "cannot " + what + " " + name + ": " + errno_text(err);
  if (err == ENOENT) return core::Error::not_found(std::move(message));
  return core::Error::unavailable(std::move(message));
}

core::Result<std::vector<std::uint8_t>> read_fd(int fd, const std::string& name,
                                                std::uint64_t size) {
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("read", name, errno);
    }
    if (n == 0) break;  // the file shrank while we read it
    done += static_cast<std::size_t>(n);
  }
  bytes.resize(done);
  return bytes;
}

}  // namespace

std::string errno_text(int err) {
  return std::generic_category().message(err);
}

core::Result<PosixFile> PosixFile::create(const std::filesystem::path& path, bool exclusive) {
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC);
  const int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) return io_error("create", path.string(), errno);
  return PosixFile(fd, path.string());
}

core::Result<std::vector<std::uint8_t>> PosixFile::read_all(const std::filesystem::path& path,
                                                            std::uint64_t max_bytes) {
  const std::string name = path.string();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error("open", name, errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return core::Error::invalid(name + " is not a regular file");
  }
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_bytes) {
    ::close(fd);
    return core::Error{core::ErrorCode::kTooLarge,
                       name + " is " + std::to_string(size) + " bytes, more than the limit of " +
                           std::to_string(max_bytes),
                       {}};
  }
  auto bytes = read_fd(fd, name, size);
  ::close(fd);
  return bytes;
}

PosixFile::PosixFile(PosixFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), name_(std::move(other.name_)) {}

PosixFile& PosixFile::operator=(PosixFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    name_ = std::move(other.name_);
  }
  return *this;
}

PosixFile::~PosixFile() {
  if (fd_ >= 0) ::close(fd_);
}

core::Result<void> PosixFile::write_at(std::span<const std::uint8_t> bytes, std::uint64_t offset) {
  while (!bytes.empty()) {
    const ssize_t n = ::pwrite(fd_, bytes.data(), bytes.size(), static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("write", name_, errno);
    }
    bytes = bytes.subspan(static_cast<std::size_t>(n));
    offset += static_cast<std::uint64_t>(n);
  }
  return core::ok();
}

core::Result<void> PosixFile::sync() {
  if (::fsync(fd_) != 0) return io_error("fsync", name_, errno);
  return core::ok();
}

core::Result<void> PosixFile::close() {
  if (fd_ < 0) return core::ok();
  const int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0) return io_error("close", name_, errno);
  return core::ok();
}

}  // namespace ovos::audio
