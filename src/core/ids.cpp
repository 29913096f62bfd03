#include "core/ids.h"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <mutex>

namespace ovos::core {

void random_bytes(std::span<std::uint8_t> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    const auto n = getrandom(out.data() + done, out.size() - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::abort();  // no entropy source: nothing secure can be done
    }
    done += static_cast<std::size_t>(n);
  }
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const auto b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0x0f];
  }
  return out;
}

std::string new_id(std::int64_t unix_ms) {
  std::array<std::uint8_t, 16> b{};
  random_bytes(b);
  const auto ms = static_cast<std::uint64_t>(unix_ms);
  for (int i = 0; i < 6; ++i)
    b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
  // rand_a (12 bits) counts up within a millisecond, so ids made in the same millisecond sort
  // in the order they were made (RFC 9562, 6.2 method 1). A new millisecond starts at a random
  // value in the lower half, leaving room to count.
  auto sequence = static_cast<std::uint16_t>(((b[6] & 0x0f) << 8) | b[7]);
  {
    static std::mutex mutex;
    static std::int64_t last_ms = -1;
    static std::uint16_t last_sequence = 0;
    const std::lock_guard lock(mutex);
    if (unix_ms == last_ms && last_sequence < 0x0fff) {
      sequence = static_cast<std::uint16_t>(last_sequence + 1);
    } else {
      sequence &= 0x07ff;
    }
    last_ms = unix_ms;
    last_sequence = sequence;
  }
  b[6] = static_cast<std::uint8_t>(0x70 | (sequence >> 8));  // version 7
  b[7] = static_cast<std::uint8_t>(sequence & 0xff);
  b[8] = static_cast<std::uint8_t>(0x80 | (b[8] & 0x3f));  // RFC 9562 variant
  const std::string hex = to_hex(b);
  return hex.substr(0, 8) + '-' + hex.substr(8, 4) + '-' + hex.substr(12, 4) + '-' +
         hex.substr(16, 4) + '-' + hex.substr(20, 12);
}

std::string new_id() {
  return new_id(std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count());
}

bool is_uuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

std::int64_t uuid_v7_unix_ms(std::string_view id) {
  if (!is_uuid(id) || id[14] != '7') return -1;
  std::int64_t ms = 0;
  for (const char c : id.substr(0, 13)) {
    if (c == '-') continue;
    ms = ms * 16 + (c <= '9' ? c - '0' : c - 'a' + 10);
  }
  return ms;
}

}  // namespace ovos::core
