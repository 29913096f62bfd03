#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"

namespace ovos::audio {

// An owned file descriptor with blocking POSIX I/O and errors as values (EINTR and short
// writes handled). Internal to the audio module's WAV helpers; one owner, not thread-safe.
class PosixFile {
 public:
  /// Opens for writing with mode 0644: creates a new file if `exclusive` (fails if it exists),
  /// else creates or truncates.
  [[nodiscard]] static core::Result<PosixFile> create(const std::filesystem::path& path,
                                                      bool exclusive);

  /// Reads a whole regular file; kTooLarge if it is bigger than `max_bytes`.
  [[nodiscard]] static core::Result<std::vector<std::uint8_t>> read_all(
      const std::filesystem::path& path, std::uint64_t max_bytes);

  PosixFile(PosixFile&& other) noexcept;
  PosixFile& operator=(PosixFile&& other) noexcept;
  PosixFile(const PosixFile&) = delete;
  PosixFile& operator=(const PosixFile&) = delete;
  ~PosixFile();

  /// Writes all of `bytes` at `offset`.
  [[nodiscard]] core::Result<void> write_at(std::span<const std::uint8_t> bytes,
                                            std::uint64_t offset);
  /// fsync(2).
  [[nodiscard]] core::Result<void> sync();
  /// Closes; later calls do nothing.
  [[nodiscard]] core::Result<void> close();

  [[nodiscard]] bool is_open() const { return fd_ >= 0; }
  [[nodiscard]] const std::string& name() const { return name_; }

 private:
  PosixFile(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}

  int fd_ = -1;
  std::string name_;
};

/// "No such file or directory" and the like, for messages.
[[nodiscard]] std::string errno_text(int err);

}  // namespace ovos::audio
